from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError

from .casework_beneficiary import _LISTING

# records that name a person besides the dossiers and case records
PERSON_MODELS = ("res.partner", "calendar.event")
# records attached to a dossier, a case record or a person, which name them
# (a reply shows the message it answers)
ATTACHED_MODELS = ("mail.message", "mail.followers", "mail.activity")


class Base(models.AbstractModel):
    """No record may be made to point to a person the user may not read.

    Odoo shows the name of the record a many-to-one points to whatever the
    reader's access to it (``display_name`` read as superuser: the value of a
    field belongs to the record holding it), and Odoo's mail client serves a
    reply with the message it answers (author, body). A user who could point one of
    their records to any partner, dossier or case record (a contact's parent
    company, an SMS's partner, a letter's dossier...) would read back the name
    of a person out of their scope, from the saved record or already from the
    form's onchange. So, for every model, the values a user gives (in
    ``create``, ``write`` and ``onchange``, ``default_*`` context keys
    included, lines of a one-to-many included) may only point to dossiers,
    case records, partners and events the user may read. The system, in
    superuser mode, is not concerned.
    """

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._casework_check_links(vals_list, defaults=True, saved=True)
        return super().create(vals_list)

    @api.readonly
    def web_read(self, specification):
        # a dossier read within another record's form or list (its many-to-one
        # shown) is not a consultation of the dossier: only the dossier's own
        # form records one (casework.beneficiary.web_read)
        if self._name == "casework.beneficiary":
            return super().web_read(specification)
        token = _LISTING.set(True)
        try:
            return super().web_read(specification)
        finally:
            _LISTING.reset(token)

    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        token = _LISTING.set(True)
        try:
            return super().web_search_read(
                domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
            )
        finally:
            _LISTING.reset(token)

    def write(self, vals):
        if not self.env.su:
            self._casework_check_links([vals], saved=True)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        if not self.env.su:
            self._casework_check_links([values], defaults=True)
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def _casework_check_links(self, vals_list, defaults=False, saved=False):
        """Refuse values pointing to a person-carrying record the current
        user may not read.

        :param vals_list: values as given to ``create``/``write``/``onchange``
        :param defaults: also check the ``default_*`` keys of the context
        :param saved: the values are saved (``create``, ``write``): the dossier
            of a case record is then left to the record rules, which check the
            saved record is in the user's scope (a référent creating a dossier
            reaches it only once their assignment to it exists)
        :raise AccessError: naming the kind of record only
        """
        targets = defaultdict(set)
        given = list(vals_list)
        if defaults:
            given.append({key[8:]: value for key, value in self.env.context.items() if key.startswith("default_")})
        skip = ("beneficiary_id",) if saved and "casework_scope" in self._fields else ()
        for vals in given:
            self._casework_collect_links({k: v for k, v in vals.items() if k not in skip}, targets)
        for model_name, ids in targets.items():
            records = self.env[model_name].browse(ids).exists()
            if model_name == "res.partner":
                hidden = records.filtered(lambda partner: not partner.casework_visible)
            else:
                hidden = records - records.with_context(active_test=False)._filtered_access("read")
            if hidden:
                raise AccessError(self.env._(
                    "You cannot refer to a record you may not read (%(kind)s).", kind=hidden._description,
                ))

    @api.model
    def _casework_collect_links(self, vals, targets, depth=0):
        """Add to ``targets`` ({model name: ids}) the person-carrying records
        that ``vals`` (values of this model) point to, through many-to-one and
        many-to-many values and the lines of one-to-many commands."""
        if not isinstance(vals, dict) or depth > 3:
            return
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None or not field.relational or not value:
                continue
            comodel = self.env[field.comodel_name]
            watched = (
                comodel._name in PERSON_MODELS
                or comodel._name in ATTACHED_MODELS
                or "casework_scope" in comodel._fields
            )
            if field.type == "many2one":
                if watched:
                    target = value.get("id") if isinstance(value, dict) else value
                    if isinstance(target, int):
                        targets[comodel._name].add(target)
                continue
            for command in value if isinstance(value, (list, tuple)) else ():
                if isinstance(command, int):
                    if watched:
                        targets[comodel._name].add(command)
                elif isinstance(command, (list, tuple)) and command:
                    code = command[0]
                    if code in (0, 1) and len(command) > 2:
                        comodel._casework_collect_links(command[2], targets, depth + 1)
                    if watched and code == 4 and len(command) > 1 and isinstance(command[1], int):
                        targets[comodel._name].add(command[1])
                    if watched and code == 6 and len(command) > 2:
                        targets[comodel._name].update(i for i in command[2] or () if isinstance(i, int))
