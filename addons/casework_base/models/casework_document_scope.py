from odoo import api, models, tools
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.dates import casework_today
from .casework_case_mixin import users_with_access

# models whose records name a person without being case records
PERSON_MODELS = ("calendar.event", "res.partner")
# the field a model needs to carry records of each kind
KIND_FIELDS = {"thread": "message_ids", "activity": "activity_ids"}


class CaseworkDocumentScope(models.AbstractModel):
    """Which records attached to a document the current user may read.

    Odoo attaches messages, followers, activities and calendar events to any
    record by a pair (model name, record id). When that record is a dossier,
    a case record (``casework_scope``), an appointment or the partner of a
    person, whatever is attached to it carries the person's identity (the
    record's name, the person's name in a title or a body): it is readable
    only by the users who may read the record itself, whoever its author or
    recipients are. The global record rules of
    ``security/casework_mail_rules.xml`` are built on the domain below.
    """

    _name = "casework.document.scope"
    _description = "Casework: scope of the records attached to a document"

    @api.model
    @tools.ormcache("kind")
    def _casework_document_models(self, kind=None):
        """Names of the models whose records carry a person: dossiers and case
        records, calendar events, partners.

        :param kind: "thread" (models with messages and followers),
            "activity" (models with activities) or None (every such model)
        :return: tuple of model names
        """
        needed = KIND_FIELDS.get(kind)
        names = []
        for name in self.env.registry:
            Model = self.env[name]
            if Model._abstract or Model._transient or not Model._auto:
                continue
            if "casework_scope" not in Model._fields and name not in PERSON_MODELS:
                continue
            if needed and needed not in Model._fields:
                continue
            names.append(name)
        return tuple(sorted(names))

    @api.model
    def _casework_readable_domain(self, model_name):
        """Domain of the records of ``model_name`` the current user may read:
        the model's read rules, or for partners only Casework's rule (their
        other rules are none of the messages' business).

        :return: a :class:`Domain` to be searched without record rules
        """
        if model_name == "res.partner":
            return Domain("casework_visible", "=", True)
        # the rules of the user, also when called while evaluating a rule
        # (in superuser mode, same user)
        return self.env(su=False)["ir.rule"]._compute_domain(model_name, "read")

    @api.model
    def _casework_document_domain(self, model_field, res_id_field, kind=None, exclude=()):
        """Domain, on a model attaching records by ``(model_field,
        res_id_field)``, of the records whose document the current user may
        read (or which are attached to no Casework document).

        It uses sub-queries run without record rules, so that it may be the
        domain of a global record rule.

        :param model_field: name of the field holding the document's model name
        :param res_id_field: name of the field holding the document's id
        :param kind: see :meth:`_casework_document_models`
        :param exclude: model names left out (the model itself)
        :return: a :class:`Domain`
        """
        names = [name for name in self._casework_document_models(kind) if name not in exclude]
        parts = [Domain(model_field, "not in", names)]
        for name in names:
            if name == "res.partner":
                # correlated to the row's own document id (a probe per row,
                # not the evaluation of every partner of the database)
                parts.append(Domain(model_field, "=", name) & self._casework_partner_document_domain(res_id_field))
                continue
            readable = self._casework_readable_ids(name)
            if readable is False:
                continue
            attached = Domain(model_field, "=", name)
            if readable is not True:
                attached &= Domain(res_id_field, "in", readable)
            parts.append(attached)
        return Domain.OR(parts)

    @api.model
    def _casework_partner_document_domain(self, res_id_field):
        """Domain of the rows whose ``res_id_field`` is the id of a partner
        the current user may read (Casework's rule only, as
        :meth:`_casework_readable_domain`)."""
        Partner = self.env["res.partner"]
        return Domain.custom(to_sql=lambda model, alias, query: SQL(
            "NOT %s", Partner._casework_hidden_partner_sql("read", model._field_to_sql(alias, res_id_field, query)),
        ))

    @api.model
    def _casework_readable_ids(self, model_name):
        """The ids of the records of ``model_name`` the current user may read.

        Building that sub-query resolves the model's rules and Casework's
        scope in Python, the costly part of a search (tens of milliseconds
        over every model, where the SQL takes one): it is cached, keyed by
        everything it depends on besides the data it queries (the user, their
        groups, territories and companies, the day, the rules). The rules'
        search methods must answer with sub-queries, not with ids read from
        the data (which the cache would keep): Casework's do.

        :return: True (every record), False (none) or an SQL sub-query of ids
        """
        readable = self._casework_readable_domain(model_name)
        if readable.is_true() or readable.is_false():
            return readable.is_true()
        user = self.env.user
        key = (
            # sudo: the current user's own territories (ids), part of the cache key
            str(readable), tuple(user.all_group_ids.ids), tuple(user.sudo().casework_territory_ids.ids),
            tuple(self.env.context.get("allowed_company_ids") or ()), casework_today(self.env),
        )
        return self._casework_readable_ids_query(model_name, key)

    @api.model
    @tools.ormcache("self.env.uid", "model_name", "key")
    def _casework_readable_ids_query(self, model_name, key):
        # sudo: a sub-query of ids for a rule, built on the current user's rule domain (sudo keeps the uid)
        Model = self.env[model_name].sudo().with_context(active_test=False)
        return Model._search(self._casework_readable_domain(model_name)).subselect()

    @api.model
    def _casework_compute_visible(self, records, field_name="casework_visible"):
        """Set the boolean ``field_name`` of ``records`` from its search
        method: whether the current user may read what they carry."""
        ids = records._origin.ids
        visible = set()
        if ids:
            # sudo: ids only, filtered by the current user's domain (sudo keeps the uid)
            Model = records.sudo().with_context(active_test=False)
            domain = Domain("id", "in", ids) & Domain(field_name, "=", True)
            visible = set(Model._search(domain).get_result_ids())
        for record in records:
            record[field_name] = record._origin.id in visible if record._origin.id else True

    @api.model
    def _casework_readers(self, record, users):
        """Those of ``users`` who may read ``record`` (one record): every
        access right and rule for a Casework record or an event, Casework's
        rule only for a partner.

        :return: ``res.users`` recordset
        """
        if record._name == "res.partner":
            return users.filtered(lambda user: record.with_user(user).casework_visible)
        return users_with_access(record, users, "read")[record.id]


class CaseworkBeneficiary(models.Model):
    _inherit = "casework.beneficiary"

    @api.model
    def _casework_invalidate_scopes(self):
        """Also forget whether the records attached to a document (messages,
        followers, activities, events) were visible: a user's scope changed."""
        res = super()._casework_invalidate_scopes()
        for model_name in ("mail.message", "mail.followers", "mail.activity", "calendar.event"):
            self.env[model_name].invalidate_model(["casework_visible"])
        self.env["calendar.event"].invalidate_model(["casework_document_visible"])
        return res
