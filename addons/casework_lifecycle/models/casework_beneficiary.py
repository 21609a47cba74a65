import contextlib
import logging
import re
import unicodedata
from collections import defaultdict

import phonenumbers
from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from odoo.addons.casework_base.tools.dates import casework_today

_logger = logging.getLogger(__name__)


class CaseworkBeneficiary(models.Model):
    """The lifecycle of a dossier: dormancy, archival and anonymisation,
    subject-access export."""

    _inherit = "casework.beneficiary"

    # ------------------------------------------------------------------
    # Lifecycle (issue 3, part 3b): dormancy (en veille, i-milo sense),
    # archival by retention rules, anonymisation, subject-access export,
    # audit trail
    # ------------------------------------------------------------------

    is_dormant = fields.Boolean(
        string="Dormant",
        compute="_compute_is_dormant",
        store=True,
        help="No physical meeting (individual interview, workshop, information session) for more than the "
        "configured number of months (5 by default). A new meeting makes the dossier active again.",
    )
    anonymised_date = fields.Date(string="Anonymised on", readonly=True, copy=False)
    anonymisation_rule_id = fields.Many2one(
        "casework.retention.rule", string="Retention rule applied", readonly=True, copy=False, ondelete="set null"
    )
    age_band = fields.Selection(
        [
            ("lt16", "Under 16"),
            ("16_17", "16-17"),
            ("18_25", "18-25"),
            ("26_29", "26-29"),
            ("30_44", "30-44"),
            ("45_54", "45-54"),
            ("55_plus", "55 and over"),
        ],
        readonly=True,
        copy=False,
        help="Age band of the person on the day the dossier was anonymised, kept for statistics "
        "(the birth date itself is erased).",
    )

    # flags true for few dossiers: partial indexes (nothing to write for the others)
    _dormant_idx = models.Index("(territory_id) WHERE is_dormant")

    # fields of the dossier and of its partner that an anonymisation keeps
    # (aggregate data for statistics); every other free-text field is erased
    _casework_keep_fields = ("number",)

    @api.depends("last_meeting_date", "is_anonymised")
    def _compute_is_dormant(self):
        threshold = self._casework_dormancy_threshold()
        for dossier in self:
            # a dossier without any meeting yet counts from its creation
            reference = dossier.last_meeting_date or (dossier.create_date and dossier.create_date.date())
            dossier.is_dormant = bool(not dossier.is_anonymised and reference and reference < threshold)

    @api.constrains("active", "is_anonymised")
    def _check_anonymised_stays_archived(self):
        if self.filtered(lambda dossier: dossier.is_anonymised and dossier.active):
            raise ValidationError(
                self.env._("An anonymised dossier cannot be restored: the anonymisation is irreversible.")
            )

    def action_archive(self):
        if self.env.su and self.env.context.get("casework_anonymising"):
            return super().action_archive()
        raise UserError(
            self.env._("A dossier is archived by anonymising it, which is irreversible: use “Archive and anonymise”.")
        )

    def action_unarchive(self):
        if self.filtered("is_anonymised"):
            raise UserError(self.env._("An anonymised dossier cannot be restored: the anonymisation is irreversible."))
        return super().action_unarchive()

    def action_open_anonymise_wizard(self):
        self._casework_check_can_anonymise()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Archive and anonymise"),
            "res_model": "casework.anonymise.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_ids": self.ids},
        }

    def action_archive_anonymise(self):
        """Archive and anonymise the dossiers, irreversibly (manual archival).

        Allowed to the secretariat and managers on the dossiers of their
        territories and to administrators on every dossier; never to a
        référent, FSE manager, finance or operator.
        """
        self._casework_check_can_anonymise()
        self.sudo()._casework_anonymise()
        return True

    def action_open_subject_access_export(self):
        self.ensure_one()
        self.env["casework.subject.access.export"]._check_allowed()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Subject-access export"),
            "res_model": "casework.subject.access.export",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_id": self.id},
        }

    def _casework_check_can_anonymise(self):
        if not (self.env.su or self.env.user.has_group("casework_base.group_casework_secretariat")):
            raise AccessError(
                self.env._(
                    "Only the secretariat, a head of service or an administrator can archive and anonymise a dossier."
                )
            )
        # record rules: the dossiers of the user's territories (all for an administrator)
        self.check_access("write")
        done = self.filtered("is_anonymised")
        if done:
            raise UserError(
                self.env._(
                    "These dossiers are already anonymised: %(numbers)s.", numbers=", ".join(done.mapped("number"))
                )
            )

    @api.model
    def _casework_dormant_months(self):
        # a setting, not a person's data: read for any user
        value = self.env["ir.config_parameter"].sudo().get_param("casework_lifecycle.dormant_months", "5")
        try:
            return max(int(value), 1)
        except ValueError:
            return 5

    @api.model
    def _casework_dormancy_threshold(self):
        """Dossiers whose last physical meeting is before this date are dormant."""
        return casework_today(self.env) - relativedelta(months=self._casework_dormant_months())

    @api.model
    def _cron_update_dormancy(self):
        """Daily job: dates move, so dossiers fall dormant (or wake up when the
        setting changed) without any write; a new meeting wakes a dossier up
        at once through the compute."""
        threshold = self._casework_dormancy_threshold()
        since = fields.Datetime.to_datetime(threshold)
        # the daily job: the dormancy of every dossier, whoever runs it
        Dossier = self.sudo().with_context(active_test=False)
        old = Domain("last_meeting_date", "<", threshold) | (
            Domain("last_meeting_date", "=", False) & Domain("create_date", "<", since)
        )
        recent = Domain("last_meeting_date", ">=", threshold) | (
            Domain("last_meeting_date", "=", False) & Domain("create_date", ">=", since)
        )
        changed = Dossier.search(Domain("is_dormant", "=", False) & Domain("is_anonymised", "=", False) & old)
        changed |= Dossier.search(Domain("is_dormant", "=", True) & recent)
        self.env.add_to_compute(self._fields["is_dormant"], changed)
        changed.flush_recordset(["is_dormant"])
        self.env["ir.cron"]._commit_progress(len(changed))
        return True

    @api.model
    def _casework_age_band_of(self, age):
        for limit, band in ((16, "lt16"), (18, "16_17"), (26, "18_25"), (30, "26_29"), (45, "30_44"), (55, "45_54")):
            if age < limit:
                return band
        return "55_plus"

    # -- anonymisation ---------------------------------------------------

    def _casework_anonymise(self, rule=None):
        """Anonymise each dossier of ``self`` irreversibly (no access check:
        callers check it). Extension hook: a module holding personal data
        elsewhere overrides it (and calls ``super()``), or, more simply,
        declares ``_casework_anonymise_fields`` (names of free-text fields
        to erase) on its models that reference the dossier by a many2one.

        Kept: dates, programmes, enrolments and exit motives, territory,
        gender (with the civility: needed for the gender statistics of the
        funders, not identifying on its own), the dossier number and an age
        band. Erased: identity, contact details and address, birth date,
        nationality, personal characteristics (``is_personal`` types), and
        every copy of them (chatter, tracking values, followers, activities,
        calendar events and attendees, SMS, e-mails, attachments, audit
        trail), the copies found generically through every stored many2one,
        many2many, reference and (model, res_id) pair pointing to the
        dossier or its partner.
        """
        today = casework_today(self.env)
        ctx = dict(
            active_test=False,
            tracking_disable=True,
            mail_notrack=True,
            mail_create_nolog=True,
            casework_anonymising=True,
            auditlog_disabled_read=True,
        )
        # callers check the right: action_archive_anonymise, or the daily retention job
        for dossier in self.sudo().with_context(**ctx):
            if dossier.is_anonymised:
                continue
            linked = dossier._casework_linked_records()
            values = dossier._casework_personal_values(linked)
            dossier._casework_anonymise_linked(linked, values)
            dossier._casework_anonymise_identity(rule, today)
            linked[dossier._name].add(dossier.id)
            linked["res.partner"].add(dossier.partner_id.id)
            dossier._casework_scrub_text(linked, values)
            dossier._casework_audit(
                "anonymise",
                self.env._("Archived and anonymised by retention rule “%(rule)s”", rule=rule.name)
                if rule
                else self.env._("Archived and anonymised manually"),
            )
        return True

    def _casework_personal_values(self, linked):
        """The personal values of the person (set of strings) to hunt down in
        every copy: each value of :meth:`_casework_personal_raw_values` of at
        least two characters, as written, in upper and lower case, escaped
        for HTML and without accents."""
        values = set()
        for value in self._casework_personal_raw_values(linked):
            value = (value or "").strip() if isinstance(value, str) else ""
            if len(value) < 2:
                continue
            plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
            values.update({value, value.upper(), value.lower(), str(escape(value))})
            values.update({plain, plain.upper(), plain.lower()})
        return values

    def _casework_personal_raw_values(self, linked):
        """The person's values as stored (list of strings): names, contact
        details, address, birth date, personal characteristics, and the
        fields declared in ``_casework_anonymise_fields`` of the ``linked``
        records. An addon storing more (identifiers...) overrides it and
        calls ``super()``."""
        self.ensure_one()
        partner = self.partner_id
        raw = [
            self.name, self.display_name, self.first_name, self.usage_name, self.birth_name,
            partner.email, partner.email_normalized, partner.street, partner.street2,
        ]
        if partner.phone:
            raw.append(partner.phone)
            with contextlib.suppress(phonenumbers.NumberParseException):
                parsed = phonenumbers.parse(partner.phone, "FR")
                for fmt in (phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.NATIONAL,
                            phonenumbers.PhoneNumberFormat.INTERNATIONAL):
                    formatted = phonenumbers.format_number(parsed, fmt)
                    raw += [formatted, formatted.replace(" ", ""), formatted.replace(" ", ".")]
        if self.birth_date:
            raw += [self.birth_date.isoformat(), self.birth_date.strftime("%d/%m/%Y")]
        personal = self.characteristic_value_ids.filtered(lambda v: v.type_id.is_personal)
        raw += personal.mapped("value_char") + personal.mapped("value_display")
        for model_name, ids in linked.items():
            names = getattr(self.env.registry[model_name], "_casework_anonymise_fields", ())
            if names:
                for record in self.env[model_name].browse(ids):
                    raw += [record[name] for name in names if isinstance(record[name], str)]
        return raw

    def _casework_linked_records(self):
        """Every record pointing to the dossier or to its partner, by model
        name: stored many2one, many2many and reference fields, and
        (model, res_id) pairs (messages, activities, attachments, followers,
        events...), plus the messages and tracking values of those records.

        :return: ``defaultdict(set)`` of ids by model name
        """
        self.ensure_one()
        cr = self.env.cr
        self.env.flush_all()
        targets = {self._name: self.id, "res.partner": self.partner_id.id}
        linked = defaultdict(set)

        def add(model_name, query):
            cr.execute(query)
            linked[model_name].update(row[0] for row in cr.fetchall())

        # the dossier and partner tables are scanned too: contacts of the
        # person (children partners) and dossiers pointing to this one
        for model_name, Model in self.env.registry.items():
            if Model._abstract or not Model._auto:
                continue
            table = SQL.identifier(Model._table)
            for field in Model._fields.values():
                if not field.store or field.inherited:
                    continue
                if field.type == "many2one" and field.comodel_name in targets:
                    add(model_name, SQL("SELECT id FROM %s WHERE %s = %s", table, SQL.identifier(field.name),
                                        targets[field.comodel_name]))
                elif field.type == "many2one_reference" and field.model_field in Model._fields:
                    for target_model, target_id in targets.items():
                        add(model_name, SQL("SELECT id FROM %s WHERE %s = %s AND %s = %s", table,
                                            SQL.identifier(field.model_field), target_model,
                                            SQL.identifier(field.name), target_id))
                elif field.type == "reference":
                    refs = [f"{target_model},{target_id}" for target_model, target_id in targets.items()]
                    add(model_name, SQL("SELECT id FROM %s WHERE %s IN %s", table, SQL.identifier(field.name),
                                        tuple(refs)))
                elif (field.type == "many2many" and field.comodel_name in targets and field.relation
                      and not field.compute and not field.related):
                    add(model_name, SQL("SELECT %s FROM %s WHERE %s = %s", SQL.identifier(field.column1),
                                        SQL.identifier(field.relation), SQL.identifier(field.column2),
                                        targets[field.comodel_name]))
        # the chatter and tracking values of every linked record
        for model_name in list(linked):
            if linked[model_name] and "message_ids" in self.env[model_name]._fields:
                add("mail.message", SQL("SELECT id FROM mail_message WHERE model = %s AND res_id IN %s",
                                        model_name, tuple(linked[model_name])))
        if linked["mail.message"]:
            add("mail.tracking.value", SQL("SELECT id FROM mail_tracking_value WHERE mail_message_id IN %s",
                                           tuple(linked["mail.message"])))
            add("mail.mail", SQL("SELECT id FROM mail_mail WHERE mail_message_id IN %s",
                                 tuple(linked["mail.message"])))
        return defaultdict(set, {model: ids for model, ids in linked.items() if ids})

    def _casework_personal_field_names(self):
        """Names of the fields of the dossier and of its partner holding
        personal data: tracking values of these fields are deleted."""
        names = {"birth_date", "nationality_id", "image_1920", "country_id", "state_id"}
        for model in (self, self.partner_id):
            for name, field in model._fields.items():
                if field.type in ("char", "text", "html") and name not in self._casework_keep_fields:
                    names.add(name)
        return names

    def _casework_anonymise_linked(self, linked, values):
        """Erase or detach the copies of the person's data in the records
        linked to the dossier (see ``_casework_anonymise``)."""
        self.ensure_one()
        env = self.env
        partner = self.partner_id
        label = self._casework_anonymised_label()
        direct = [(self._name, self.id), ("res.partner", partner.id)]

        def browse(model_name, domain=None):
            if model_name not in env:
                return None
            records = env[model_name].browse(linked.get(model_name, ())).exists()
            return records.filtered_domain(domain) if domain else records

        # chatter of the dossier and of its partner: contents erased, dates kept
        messages = browse("mail.message")
        own_messages = messages.filtered(lambda m: (m.model, m.res_id) in direct)
        own_messages.write({
            "body": Markup("<p>%s</p>") % self.env._("Content erased by the anonymisation of the dossier."),
            "subject": False,
            "email_from": False,
            "reply_to": False,
            "incoming_email_to": False,
            "incoming_email_cc": False,
            "outgoing_email_to": False,
        })
        messages.filtered(lambda m: m.author_id == partner).write({"email_from": False, "reply_to": False})
        personal_fields = self._casework_personal_field_names()
        own_messages.tracking_value_ids.filtered(lambda t: t.field_id.name in personal_fields).unlink()
        # deliveries to the person: notifications, e-mails, SMS
        env["mail.notification"].search([("res_partner_id", "=", partner.id)]).unlink()
        mails = browse("mail.mail") or env["mail.mail"]
        mails |= env["mail.mail"].search([("recipient_ids", "in", partner.ids)])
        if partner.email:
            mails |= env["mail.mail"].search([("email_to", "ilike", partner.email)])
        mails.unlink()
        if "sms.sms" in env:
            numbers = [v for v in values if v.startswith("+") or v[:1].isdigit()]
            env["sms.sms"].search(["|", ("partner_id", "=", partner.id), ("number", "in", numbers)]).unlink()
        # followers (the person anywhere, anyone on the dossier) and activities
        followers = browse("mail.followers") or env["mail.followers"]
        (followers | env["mail.followers"].search([("partner_id", "=", partner.id)])).unlink()
        (browse("mail.activity") or env["mail.activity"]).unlink()
        # the person leaves every many2many (event attendees, recipients...)
        for model_name, ids in linked.items():
            Model = env[model_name]
            for field in Model._fields.values():
                if (field.type == "many2many" and field.comodel_name == "res.partner" and field.store
                        and not field.compute and not field.related and field.relation != "mail_notification"):
                    records = Model.browse(ids).exists().filtered(lambda r, f=field: partner in r[f.name])
                    records.write({field.name: [Command.unlink(partner.id)]})
        if "calendar.attendee" in env:
            env["calendar.attendee"].search([("partner_id", "=", partner.id)]).unlink()
        # appointments of the dossier: no subject, description nor place
        if "calendar.event" in env:
            events = browse("calendar.event").filtered(
                lambda e: (e.res_model, e.res_id) in direct
                or any(e[f] == self for f, fd in e._fields.items()
                       if fd.type == "many2one" and fd.comodel_name == self._name)
            )
            events.write({"name": label, "description": False, "location": False})
        # documents: name replaced, content erased
        attachment_ids = set(linked.get("ir.attachment", ()))
        for model_name, ids in linked.items():
            env.cr.execute(
                SQL("SELECT id FROM ir_attachment WHERE res_model = %s AND res_id IN %s", model_name, tuple(ids))
            )
            attachment_ids.update(row[0] for row in env.cr.fetchall())
        attachments = env["ir.attachment"].browse(attachment_ids).exists()
        linked["ir.attachment"].update(attachments.ids)
        for attachment in attachments:
            attachment.write({"raw": b"", "name": self.env._("Erased document"), "description": False, "url": False})
        self._casework_erase_personal_records()
        # the dossier leaves every active file
        today = casework_today(self.env)
        for assignment in self.assignment_ids.filtered(lambda a: not a.date_end or a.date_end > today):
            assignment.date_end = max(today, assignment.date_start)
        # free-text fields declared personal by other models
        for model_name, ids in linked.items():
            names = getattr(env.registry[model_name], "_casework_anonymise_fields", ())
            if names:
                Model = env[model_name]
                env[model_name].browse(ids).exists().write(
                    {name: ("***" if Model._fields[name].required else False) for name in names}
                )

    def _casework_erase_personal_records(self):
        """Delete the records of the dossier that are personal by nature
        (one dossier, superuser, during its anonymisation): here its personal
        characteristics (numbers with other bodies, n° CAF...). An addon that
        stores such records (identifiers, filed documents, rejected feed
        lines) overrides it and calls ``super()``; it runs after the copies
        of the person were scrubbed and before the identity is erased.
        """
        self.ensure_one()
        self.characteristic_value_ids.filtered(lambda v: v.type_id.is_personal).unlink()

    def _casework_anonymised_label(self):
        self.ensure_one()
        return self.env._("Anonymised dossier %(number)s", number=self.number)

    def _casework_anonymise_identity(self, rule, today):
        """Erase the identity of the dossier and of its partner, keep the
        aggregates, archive."""
        self.ensure_one()
        partner = self.partner_id
        age = relativedelta(today, self.birth_date).years
        band = self._casework_age_band_of(age)
        label = self._casework_anonymised_label()
        partner_vals = {"image_1920": False}
        for name, field in partner._fields.items():
            if (field.type in ("char", "text", "html") and field.store and not field.compute and not field.related
                    and name not in ("name", "lang", "tz", "type")):
                partner_vals[name] = False
            elif field.type == "many2one" and name in ("state_id", "title"):
                partner_vals[name] = False
        partner_vals["name"] = label
        dossier_vals = {}
        for name, field in self._fields.items():
            if (field.type in ("char", "text", "html") and field.store and not field.compute and not field.related
                    and not field.inherited and name not in self._casework_keep_fields):
                dossier_vals[name] = "***" if field.required else False
            elif field.type == "binary" and field.store and not field.inherited and not field.compute:
                dossier_vals[name] = False
        dossier_vals.update({
            "first_name": self.number,
            "usage_name": self.env._("Anonymised"),
            # the birth date is required: a placeholder in the age band,
            # which alone is meaningful from now on
            "birth_date": today.replace(month=1, day=1) - relativedelta(years=age),
            "nationality_id": False,
            "age_band": band,
            "anonymised_date": today,
            "anonymisation_rule_id": rule.id if rule else False,
            "is_anonymised": True,
            "active": False,
        })
        self.write(dossier_vals)
        partner.write(partner_vals)

    def _casework_scrub_text(self, linked, values):
        """Replace, in every text column of the linked records (and in the
        audit trail and the bus), each personal value by ``***``: the last
        copies (display names in tracking values, names in event subjects,
        notes...) disappear. Plain SQL: no tracking, no new copy."""
        self.ensure_one()
        cr = self.env.cr
        self.env.flush_all()
        # PostgreSQL regular expression: a backslash before any other
        # character than a letter or digit makes it literal
        escaped = {re.sub(r"([^\w\s])", r"\\\1", value).replace(" ", "[[:space:]]") for value in values}
        escaped = sorted(escaped, key=len, reverse=True)
        if not escaped:
            return
        pattern = "(?<![[:alnum:]_])(" + "|".join(escaped) + ")(?![[:alnum:]_])"
        linked = {model_name: ids for model_name, ids in linked.items() if ids}
        for model_name, ids in linked.items():
            Model = self.env[model_name]
            for field in Model._fields.values():
                if not field.store or field.inherited or field.type not in ("char", "text", "html"):
                    continue
                column = SQL.identifier(field.name)
                table = SQL.identifier(Model._table)
                if field.column_type[0] == "jsonb":
                    cr.execute(SQL(
                        "UPDATE %s SET %s = regexp_replace(%s::text, %s, '***', 'gi')::jsonb"
                        " WHERE id IN %s AND %s::text ~* %s",
                        table, column, column, pattern, tuple(ids), column, pattern,
                    ))
                else:
                    cr.execute(SQL(
                        "UPDATE %s SET %s = regexp_replace(%s, %s, '***', 'gi') WHERE id IN %s AND %s ~* %s",
                        table, column, column, pattern, tuple(ids), column, pattern,
                    ))
        # the audit trail keeps who did what and when on which record, not
        # the values; the logs of the dossier and of its partner are named by
        # the dossier's number (their name was the display name of the time,
        # an earlier identity included, cut at 64 characters)
        for model_name, ids in linked.items():
            cr.execute(SQL(
                "UPDATE auditlog_log_line SET old_value = NULL, new_value = NULL, old_value_text = NULL,"
                " new_value_text = NULL WHERE log_id IN (SELECT id FROM auditlog_log WHERE model_model = %s"
                " AND res_id IN %s)",
                model_name, tuple(ids),
            ))
            cr.execute(SQL(
                "UPDATE auditlog_log SET name = regexp_replace(name, %s, '***', 'gi')"
                " WHERE model_model = %s AND res_id IN %s AND name ~* %s",
                pattern, model_name, tuple(ids), pattern,
            ))
        for model_name, own_id in ((self._name, self.id), ("res.partner", self.partner_id.id)):
            cr.execute(SQL("UPDATE auditlog_log SET name = %s WHERE model_model = %s AND res_id = %s",
                           self.number, model_name, own_id))
        cr.execute(SQL("DELETE FROM bus_bus WHERE message ~* %s", pattern))
        self.env.invalidate_all()
