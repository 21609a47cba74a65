import functools

from odoo import models
from odoo.fields import Command

from odoo.addons.casework_identity.tools import name_matching

from ..tools import bulk_copy, feed_rules, person_values
from .casework_feed_mapping import FeedLineError

CONTACT_FIELDS = ("phone", "email", "street", "street2", "zip", "city")
# the models of the rows a file run creates (COPY statements)
CREATED_MODELS = ["res.partner", "casework.beneficiary", "casework.enrollment", "casework.referent.assignment",
                  "casework.characteristic.value"]


class CaseworkFeedRun(models.Model):
    """The creation of the dossiers of unknown persons: a file run's bulk
    path (``COPY``, ``tools/bulk_copy.py``) and an API push's ORM path, both
    on the values prepared by ``tools/person_values.py``."""

    _inherit = "casework.feed.run"

    def _prepare_creation(self, person):
        """What the dossier of ``person`` needs from the line alone if it is
        created, by the one preparation both ways of creating share
        (``tools/person_values.py``: phone in E.164, name, normalised name
        for the duplicate search, normalised e-mail), kept in
        ``person["prepared"]`` and returned. The reader thread computes it
        for the persons the run does not know yet, so that the writing thread
        has less to do. Pure Python.

        :raise person_values.InvalidValue: a value no dossier may hold
        """
        person["prepared"] = person_values.creation_values(
            person, self.env["casework.beneficiary"]._compose_name, name_matching.search_name)
        return person["prepared"]

    def _check_creation(self, person, context):
        """Check and prepare the values of ``person`` about to be created
        (:meth:`_prepare_creation`), for a file run and an API push alike.

        :raise FeedLineError: a value no dossier may hold, with its column
        """
        if "prepared" in person:
            return  # by the reader thread
        try:
            self._prepare_creation(person)
        except person_values.InvalidValue as error:
            raise FeedLineError(
                self._column_of(context, error.field, person["rank"]),
                self.env._("“%(number)s” is not a valid phone number (for example 06 12 34 56 78 or "
                           "+33 6 12 34 56 78).", number=error.value),
            ) from None

    def _create_persons(self, context, persons, pipeline=None, orm=False):
        """Create the dossiers of unknown persons, enrolled in the mapping's
        programme (entrée) with their référent de parcours from the
        designation date, and their characteristics.

        File runs write them with batched SQL (one ``COPY`` per table, ``tools/bulk_copy.py``, in the batch of
        ``pipeline``: written when the caller sends it); a single person pushed through the API goes through the ORM
        (``orm``). Both were checked and prepared by ``_check_creation``."""
        if not orm:
            prepared = [person.get("prepared") or self._prepare_creation(person) for person in persons]
            if pipeline is None:
                with bulk_copy.BatchCopy(self.env, CREATED_MODELS, cache=context.setdefault("bulk_copy", {})) as batch:
                    return self._create_persons_sql(context, persons, prepared, batch)
            return self._create_persons_sql(context, persons, prepared, pipeline)
        columns = self._creation_columns(context, persons)

        def vals_list(model_name):
            names, constants = columns[model_name]
            rows = zip(*names.values(), strict=True)
            return [dict(constants, **dict(zip(names, row, strict=True))) for row in rows]

        dossier_vals = vals_list("casework.beneficiary")
        for vals, enrollment, assignment in zip(
            dossier_vals, vals_list("casework.enrollment"), vals_list("casework.referent.assignment"), strict=False
        ):
            vals["enrollment_ids"] = [Command.create(enrollment)]
            vals["assignment_ids"] = [Command.create(assignment)]
        dossiers = self.env["casework.beneficiary"].create(dossier_vals)
        self.env["casework.characteristic.value"].create([
            dict(parsed, beneficiary_id=dossiers[index].id, type_id=type_id, date=context["file_date"])
            for index, type_id, parsed in columns["casework.characteristic.value"]
        ])
        return dossiers

    def _creation_columns(self, context, persons):
        """What creating the dossiers of ``persons`` writes (from ``context``,
        not from the records: their cache may be invalidated while a file
        run's previous batch is in flight, no query then): {model:
        (columns {field: [value of each person]}, constants {field: value})}
        for the dossiers, enrolments and assignments (one each per person),
        and [(index of the person, characteristic type id, write values)]
        for the characteristic values (``casework.characteristic.value``)."""
        file_date = context["file_date"]
        contacts = [person["contact"] for person in persons]
        starts = [person.get("designation_date") or file_date for person in persons]
        default_territory = context["territory_id"]
        update_type_id = context["update_type_id"]
        values = []
        for index, person in enumerate(persons):
            values.extend((index, type_id, parsed) for type_id, parsed in person["characteristics"].items())
            values.append((index, update_type_id, {"value_date": file_date}))
        return {
            "casework.beneficiary": ({
                "civility": [person["civility"] for person in persons],
                "first_name": [person["first_name"] for person in persons],
                "usage_name": [person["usage_name"] for person in persons],
                "birth_name": [person.get("birth_name") or False for person in persons],
                "birth_date": [person["birth_date"] for person in persons],
                "territory_id": [person.get("territory_id") or default_territory for person in persons],
                **{name: [contact.get(name) or False for contact in contacts] for name in CONTACT_FIELDS},
                "external_ref": [person["key"] for person in persons],
                "external_rank": [person["rank"] for person in persons],
            }, {
                "feed_mapping_id": context["mapping_id"], "feed_last_run_id": context["run_id"],
                "feed_last_seen_date": file_date, "feed_missing": False,
            }),
            "casework.enrollment": ({"date_entry": starts}, {"program_id": context["program_id"]}),
            "casework.referent.assignment": (
                {"user_id": [person["referent"] for person in persons], "date_start": starts}, {"role": "parcours"},
            ),
            "casework.characteristic.value": values,
        }

    def _create_persons_sql(self, context, persons, prepared, pipeline):
        """The hot path of a file run (``prepared``: ``_prepare_creation``
        of each person): the dossiers (partner + dossier), enrolments,
        assignments and characteristic values of a batch added column by
        column to the batch of ``pipeline`` (``bulk_copy.CopyPipeline``: one
        COPY per table, foreign keys checked per batch), without query while
        the previous batch is in flight (ids and numbers from the pipeline's
        connection, what the rows need from the database asked once per
        run). The stored computed fields this module knows are given with the
        rows (same values as their computes); any other stored computed field
        (added by another module) is recomputed by the ORM once the rows are
        written. The lines were validated by the parser; database
        constraints still apply."""
        Beneficiary = self.env["casework.beneficiary"]
        columns = self._creation_columns(context, persons)
        value_rows = columns["casework.characteristic.value"]
        constants = self._creation_constants(pipeline, {type_id for _index, type_id, _parsed in value_rows})
        count = len(persons)
        partner_ids = pipeline.next_ids("res_partner", count)
        dossier_ids = pipeline.next_ids("casework_beneficiary", count)
        # the dossier's columns: the partner's (inherited) and its own
        dossier_columns, dossier_constants = columns["casework.beneficiary"]
        partner_columns = {name: v for name, v in dossier_columns.items() if Beneficiary._fields[name].inherited}
        own_columns = {name: v for name, v in dossier_columns.items() if not Beneficiary._fields[name].inherited}
        given = []  # (records, the fields given with their rows)

        def insert(model_name, ids, model_columns, model_constants):
            records = pipeline.insert_columns(model_name, ids, model_columns, model_constants)
            given.append((records, set(model_columns) | set(model_constants)))

        names = [ready["name"] for ready in prepared]
        insert("res.partner", partner_ids, dict(
            partner_columns, name=names, complete_name=names, commercial_partner_id=partner_ids,
            email_normalized=[ready["email_normalized"] for ready in prepared],
            phone_sanitized=partner_columns.get("phone") or [False] * count,
        ), {
            "type": "contact", "partner_share": True, "user_id": False, "company_registry": False,
            "commercial_company_name": False, "lang": constants["lang"], "properties": False,
            **{name: value for name, value in dossier_constants.items() if Beneficiary._fields[name].inherited},
        })
        gender_of = {"mme": "female", "m": "male"}
        insert("casework.beneficiary", dossier_ids, dict(
            own_columns, number=self._next_dossier_numbers(count, pipeline, constants), partner_id=partner_ids,
            gender=[gender_of.get(civility, False) for civility in own_columns["civility"]],
            search_name=[ready["search_name"] for ready in prepared],
        ), {
            "state": "entree", "last_notice_date": False, "last_notice_motive": False,
            # the other stored computed fields of a new dossier, given with the row
            "best_education_id": False, "education_level_id": False, "is_dormant": False,
            **{name: value for name, value in dossier_constants.items() if not Beneficiary._fields[name].inherited},
        })
        territories = own_columns["territory_id"]
        links = {"beneficiary_id": dossier_ids, "territory_id": territories}
        enrollment_columns, enrollment_constants = columns["casework.enrollment"]
        insert(
            "casework.enrollment", pipeline.next_ids("casework_enrollment", count),
            dict(enrollment_columns, **links), dict(enrollment_constants, state="entree", is_positive_exit=False),
        )
        assignment_columns, assignment_constants = columns["casework.referent.assignment"]
        insert(
            "casework.referent.assignment", pipeline.next_ids("casework_referent_assignment", count),
            dict(assignment_columns, **links), assignment_constants,
        )
        # characteristic values: one column per value field met, empty for the others
        types, options, yes_no = constants["types"], constants["options"], constants["yes_no"]
        value_fields = sorted({field for _index, _type_id, parsed in value_rows for field in parsed})
        value_columns = {
            name: [] for name in ("beneficiary_id", "territory_id", "type_id", "family_id", "value_display",
                                  *value_fields)
        }
        for index, type_id, parsed in value_rows:
            value_type, family_id = types[type_id]
            value_columns["beneficiary_id"].append(dossier_ids[index])
            # the dossier's territory, stored on every case record (the case mixin)
            value_columns["territory_id"].append(territories[index])
            value_columns["type_id"].append(type_id)
            value_columns["family_id"].append(family_id)
            if "option_id" in parsed:
                value_columns["value_display"].append(options.get(parsed["option_id"], ""))
            else:
                value_columns["value_display"].append(feed_rules.value_display(value_type, parsed, yes_no))
            for field in value_fields:
                value_columns[field].append(parsed.get(field, False))
        insert(
            "casework.characteristic.value", pipeline.next_ids("casework_characteristic_value", len(value_rows)),
            value_columns, {"date": context["file_date"], "is_current": True},
        )
        pipeline.after(functools.partial(self._compute_created, given))
        return Beneficiary.browse(dossier_ids)

    def _creation_constants(self, pipeline, type_ids):
        """What the rows of new dossiers need from the database, asked once
        per run (in the cache of ``pipeline``; it waits for the batch in
        flight first): partners' language, labels, the dossiers' sequence,
        the characteristic types of ``type_ids`` (value type, family) and
        their options' names."""
        constants = pipeline.cache.setdefault("creation", {"types": {}, "options": {}})
        missing = set(type_ids) - set(constants["types"])
        if missing or "lang" not in constants:
            pipeline.wait()
            constants["lang"] = self.env["res.partner"].default_get(["lang"]).get("lang") or self.env.lang
            constants["yes_no"] = (self.env._("Yes"), self.env._("No"))
            constants["sequence"] = self._dossier_sequence()
            for ctype in self.env["casework.characteristic.type"].browse(missing):
                constants["types"][ctype.id] = (ctype.value_type, ctype.family_id.id)
                constants["options"].update((option.id, option.name) for option in ctype.option_ids)
        return constants

    def _compute_created(self, given):
        """Once the rows of new records are written: the stored computed
        fields not given with them (``given``: [(records, names of the fields
        given)]), added by other modules, computed by the ORM."""
        self.env.invalidate_all()
        for records, names in given:
            for field in records._fields.values():
                # images (stored binaries computed from other images) are empty
                if field.store and field.compute and field.type != "binary" and field.name not in names:
                    self.env.add_to_compute(field, records)
        self.env.flush_all()
        self.env.invalidate_all()

    def _dossier_sequence(self):
        """(PostgreSQL sequence, prefix, suffix, padding) of the dossiers'
        numbers, or None when the sequence is not a plain one (numbers then
        taken one by one through the ORM)."""
        sequence = self.env["ir.sequence"].search([("code", "=", "casework.beneficiary")], limit=1)
        if not sequence or sequence.implementation != "standard" or sequence.use_date_range:
            return None
        prefix, suffix = sequence._get_prefix_suffix()
        return f"ir_sequence_{sequence.id:03d}", prefix, suffix, sequence.padding

    def _next_dossier_numbers(self, count, pipeline, constants):
        """``count`` dossier numbers from the sequence, in one query on the
        connection of ``pipeline``."""
        if constants["sequence"] is None:
            pipeline.wait()
            return [self.env["ir.sequence"].next_by_code("casework.beneficiary") or self.env._("New")
                    for _i in range(count)]
        name, prefix, suffix, padding = constants["sequence"]
        return [f"{prefix}{value:0{padding}d}{suffix}" for value in pipeline.next_values(name, count)]
