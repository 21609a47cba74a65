import base64
import csv
import io
import json
import mimetypes
import re
import zipfile

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, html2plaintext

from ..tools.archive_names import unique_member_name

# kinds of records never written as CSV: the person's own dossier and
# partner are identity.json, other dossiers and partners are other persons,
# users are staff accounts, messages and attachments have their own files
NOT_EXPORTED_AS_RECORDS = (
    "casework.beneficiary", "res.partner", "res.users", "mail.message", "mail.tracking.value", "mail.mail",
    "ir.attachment",
)


class CaseworkSubjectAccessExport(models.TransientModel):
    """Subject-access export (droit d'accès, RGPD art. 15): what the system
    holds about **one person**, as a zip of readable files:

    * ``identity.json``: the dossier and its partner, field by field;
    * ``records/<model>.csv``: the person's records, found generically
      (every record pointing to the dossier or to the person, as for the
      anonymisation), without those of another person (see below);
    * ``messages.txt``: the messages on the dossier, on the person and on
      those records, with the tracked changes;
    * ``attachments/``: the files attached to them.

    What is about another person is not exported:

    * a record pointing to the person but belonging to another dossier (an
      appointment of another dossier the person attended, a message the
      person wrote or received on another record, a follower of another
      record...) is left out, and so is what hangs on it (its messages,
      attendees, notifications, attachments);
    * a personal notification on one of the person's records sent to
      someone else (another attendee's invitation) is left out; files
      attached to notifications (invitations) are not exported;
    * contacts of the person and other dossiers are other persons: not
      exported as records;
    * in the exported values, another person (a partner, a dossier, a portal
      user other than the person, an attendee, a message recipient, an
      author) is replaced by “Another person”, and a record of another
      person by “Another person's record”: never their name nor their id.
      Kept by name: the person, the organisation's staff (internal users,
      who handled the dossier: the recipients the person may know of) and
      companies. In the texts (message bodies, notes, descriptions), the
      names, e-mail addresses and phone numbers of those other persons are
      replaced by “Another person” too; a third party mentioned otherwise
      in a free text (a nickname, a misspelling) stays: the administrator
      reads the export before sending it.

    Names of the archive's members are made safe and unique
    (``tools/archive_names.py``). For administrators only; each export is
    written to the audit trail.
    """

    _name = "casework.subject.access.export"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Subject-access export"
    _casework_dossier_fields = ("beneficiary_id",)
    _casework_dossier_operation = "read"

    beneficiary_id = fields.Many2one("casework.beneficiary", string="Dossier", required=True, ondelete="cascade")
    export_file = fields.Binary(string="File", readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)

    @api.model
    def _check_allowed(self):
        if not (self.env.su or self.env.user.has_group("casework_base.group_casework_admin")):
            raise AccessError(
                self.env._("Only an administrator can export everything the system holds about a person.")
            )

    @api.onchange("beneficiary_id")
    def _onchange_beneficiary_id_check_scope(self):
        self._casework_check_dossier_scope()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_allowed()
        return super().create(vals_list)

    def action_generate(self):
        self.ensure_one()
        self._check_allowed()
        dossier = self.beneficiary_id
        dossier.check_access("read")
        content = self._build_zip(dossier.sudo().with_context(active_test=False))
        self.write({
            "export_file": base64.b64encode(content),
            "export_filename": f"subject_access_{dossier.number}.zip",
        })
        dossier._casework_audit("export", self.env._("Subject-access export"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Subject-access export"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # What belongs to the person
    # ------------------------------------------------------------------

    def _subject_scope(self, dossier):
        """Everything the export needs to tell the person's records and
        values from other persons'.

        :param dossier: the dossier, as superuser
        :return: dict with ``dossier``, ``partner``, ``records`` (ids of the
            person's records by model name), ``staff_partner_ids``,
            ``personal_models`` (models holding records of persons) and the
            replacement labels
        """
        partner = dossier.partner_id
        linked = dossier._casework_linked_records()
        records = {model_name: set(ids) for model_name, ids in linked.items()}
        records[dossier._name] = {dossier.id}
        records["res.partner"] = {partner.id}
        # superuser: the export of one dossier, allowed and checked in action_generate
        staff = self.env["res.users"].sudo().with_context(active_test=False).search([("share", "=", False)])
        personal_models = {
            model_name for model_name, Model in self.env.registry.items()
            if not Model._abstract and any(
                field.store and (field.type == "many2one_reference"
                                 or field.type == "many2one" and field.comodel_name == dossier._name)
                for field in Model._fields.values()
            )
        }
        scope = {
            "dossier": dossier,
            "partner": partner,
            "linked": linked,
            "records": records,
            "staff_partner_ids": set(staff.partner_id.ids),
            "personal_models": personal_models | {"res.partner", "casework.beneficiary", "res.users"},
            "other_person": self.env._("Another person"),
            "other_record": self.env._("Another person's record"),
        }
        # a record pointing to the person but belonging to someone else is
        # not theirs, nor what hangs on it: repeat until nothing changes
        changed = True
        while changed:
            changed = False
            for model_name, ids in records.items():
                if model_name in (dossier._name, "res.partner") or not ids:
                    continue
                mine = {
                    # superuser: the export of one dossier, allowed and checked in action_generate
                    record.id for record in self.env[model_name].sudo().with_context(active_test=False).browse(ids)
                    if self._belongs_to_subject(record, scope)
                }
                if mine != ids:
                    records[model_name] = mine
                    changed = True
        scope["scrub"] = self._other_persons_pattern(scope)
        return scope

    def _other_persons_pattern(self, scope):
        """A regular expression of the names, e-mail addresses and phone
        numbers of the other persons the person's records point to (or
        ``None``), to replace them in the texts of the export."""
        partner, dossier = scope["partner"], scope["dossier"]
        # superuser: the export of one dossier, allowed and checked in action_generate
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        others = Partner.browse(scope["linked"].get("res.partner", ())) - partner  # the person's contacts
        # superuser: the export of one dossier, allowed and checked in action_generate
        others |= self.env[dossier._name].sudo().with_context(active_test=False).browse(
            scope["linked"].get(dossier._name, ())).partner_id - partner
        for model_name, ids in scope["records"].items():
            # superuser: the export of one dossier, allowed and checked in action_generate
            Model = self.env[model_name].sudo().with_context(active_test=False)
            names = [
                name for name, field in Model._fields.items()
                if field.store and field.type in ("many2one", "many2many")
                and field.comodel_name in ("res.partner", dossier._name)
            ]
            if not names or not ids:
                continue
            for record in Model.browse(ids).exists():
                for name in names:
                    for value in record[name]:
                        other = value if value._name == "res.partner" else value.partner_id
                        if self._record_label(other, scope) == scope["other_person"]:
                            others |= other
        values = set()
        for other in others.exists():
            values.update((other.name, other.display_name, other.email, other.email_normalized, other.phone))
            if other.phone:
                digits = "".join(char for char in other.phone if char.isdigit())
                if digits.startswith("33") and len(digits) == 11:
                    national = "0" + digits[2:]
                    values.update((national, " ".join(national[i:i + 2] for i in range(0, 10, 2))))
            names = (other.name or "").split()
            if len(names) == 2:
                values.update((f"{names[1]} {names[0]}", f"{names[1]} {names[0].capitalize()}"))
        values = sorted({value.strip() for value in values if value and len(value.strip()) >= 3},
                        key=len, reverse=True)
        return re.compile("|".join(re.escape(value) for value in values), re.IGNORECASE) if values else None

    @api.model
    def _scrub(self, text, scope):
        if not text or not isinstance(text, str) or scope["scrub"] is None:
            return text
        return scope["scrub"].sub(scope["other_person"], text)

    @api.model
    def _belongs_to_subject(self, record, scope):
        """Whether ``record`` (linked to the person) is the person's: when it
        points to dossiers, one of them is the person's; the record it is
        attached to (``res_model``/``res_id``) is one of the person's; the
        records of the export it points to are the person's."""
        records, dossier = scope["records"], scope["dossier"]
        dossier_fields = []
        for name, field in record._fields.items():
            if not field.store or field.type not in ("many2one", "many2one_reference"):
                continue
            if field.type == "many2one_reference":
                res_model = record[field.model_field] if field.model_field in record._fields else False
                res_id = record[name]
                if record._name == "mail.message" and not (res_model and res_id):
                    return False  # a message on no record: not on one of the person's records
                if record._name == "mail.message" and record.message_type == "user_notification" \
                        and scope["partner"] not in record.partner_ids:
                    return False  # a notification to someone else (another attendee's invitation)
                if res_model and res_id and res_id not in records.get(res_model, ()):
                    return False
                continue
            value = record[name]
            if not value or field.comodel_name == "res.partner":
                continue
            if field.comodel_name == dossier._name:
                dossier_fields.append(value.id)
            elif field.comodel_name in records and value.id not in records[field.comodel_name]:
                return False
        return not dossier_fields or dossier.id in dossier_fields

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------

    @api.model
    def _export_fields(self, model):
        """Stored fields (a dossier's partner fields are the contact's)."""
        return [
            name for name, field in model._fields.items()
            if field.store and not field.inherited
            and field.type not in ("binary", "one2many", "properties", "properties_definition")
            and name not in ("message_main_attachment_id",)
        ]

    @api.model
    def _record_label(self, record, scope):
        """How one related record is named in the export: by its name when
        it is the person, a member of staff, a company, one of the person's
        records or reference data; else “Another person” or “Another
        person's record”, without its id."""
        if not record:
            return ""
        model_name = record._name
        if model_name == "casework.beneficiary":
            return record.display_name if record.id == scope["dossier"].id else scope["other_person"]
        if model_name == "res.partner":
            if record.id == scope["partner"].id or record.id in scope["staff_partner_ids"] or record.is_company:
                return record.display_name
            return scope["other_person"]
        if model_name == "res.users":
            if not record.share or record.partner_id == scope["partner"]:
                return record.name
            return scope["other_person"]
        if model_name in scope["records"] and record.id in scope["records"][model_name]:
            return record.display_name
        if model_name in scope["personal_models"]:
            return scope["other_record"]
        return record.display_name

    @api.model
    def _export_value(self, record, name, scope):
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return self._record_label(value, scope) if value else ""
        if field.type == "many2many":
            labels = [self._record_label(item, scope) for item in value]
            return ", ".join(dict.fromkeys(labels))
        if field.type == "reference":
            return self._record_label(value, scope) if value else ""
        if field.type in ("date", "datetime"):
            return fields.Date.to_string(value) if field.type == "date" else fields.Datetime.to_string(value)
        if field.type == "html":
            return self._scrub(html2plaintext(value or ""), scope)
        if field.type in ("char", "text"):
            return self._scrub(value or "", scope)
        if value is False and field.type not in ("boolean", "integer", "float", "monetary"):
            return ""
        return value

    # ------------------------------------------------------------------
    # The archive
    # ------------------------------------------------------------------

    def _build_zip(self, dossier):
        """The archive's bytes for ``dossier`` (as superuser)."""
        scope = self._subject_scope(dossier)
        records = scope["records"]
        buffer = io.BytesIO()
        taken = set()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            identity = {
                "dossier": {name: self._export_value(dossier, name, scope) for name in self._export_fields(dossier)},
                "contact": {
                    name: self._export_value(dossier.partner_id, name, scope)
                    for name in self._export_fields(dossier.partner_id)
                },
            }
            archive.writestr(unique_member_name("", "identity.json", taken),
                             json.dumps(identity, indent=2, ensure_ascii=False, default=str))
            for model_name, ids in sorted(records.items()):
                # superuser: the export of one dossier, allowed and checked in action_generate
                Model = self.env[model_name].sudo().with_context(active_test=False)
                if Model._transient or model_name in NOT_EXPORTED_AS_RECORDS:
                    continue
                exported = Model.browse(sorted(ids)).exists()
                if not exported:
                    continue
                names = self._export_fields(Model)
                out = io.StringIO()
                writer = csv.writer(out)
                writer.writerow([Model._fields[name].string for name in names])
                for record in exported:
                    writer.writerow([self._export_value(record, name, scope) for name in names])
                archive.writestr(unique_member_name("records", f"{model_name}.csv", taken), out.getvalue())
            archive.writestr(unique_member_name("", "messages.txt", taken), self._messages_text(scope))
            for attachment, name in self._attachments(scope):
                archive.writestr(unique_member_name("attachments", name, taken), attachment.raw)
        return buffer.getvalue()

    def _attachments(self, scope):
        """[(attachment, file name)] of the files attached to the person's
        dossier, partner and records (files of binary fields included, the
        resized copies of an image left out)."""
        cr = self.env.cr
        ids = set()
        for model_name, record_ids in scope["records"].items():
            if model_name in ("mail.tracking.value", "ir.attachment") or not record_ids:
                continue
            cr.execute(SQL(
                "SELECT id FROM ir_attachment WHERE res_model = %s AND res_id IN %s AND type = 'binary'",
                model_name, tuple(record_ids),
            ))
            ids.update(row[0] for row in cr.fetchall())
        # the files of messages left out and of notifications (invitations) stay out
        # superuser: the export of one dossier, allowed and checked in action_generate
        Message = self.env["mail.message"].sudo()
        kept = Message.browse(scope["records"].get("mail.message", ())).filtered(
            lambda message: message.message_type != "user_notification")
        left_out = Message.browse(scope["linked"].get("mail.message", ())) - kept
        ids -= set(left_out.attachment_ids.ids) - set(kept.attachment_ids.ids)
        result = []
        # superuser: the export of one dossier, allowed and checked in action_generate
        for attachment in self.env["ir.attachment"].sudo().browse(sorted(ids)).exists():
            if not attachment.raw:
                continue
            name = attachment.name
            if attachment.res_field:
                Model = self.env[attachment.res_model]
                field = Model._fields.get(attachment.res_field)
                if field is None or field.related or field.compute:
                    continue  # image_1024, image_128...: copies of image_1920
                # superuser: the export of one dossier, allowed and checked in action_generate
                record = Model.sudo().browse(attachment.res_id)
                name = next(
                    (record[fname] for fname in (f"{attachment.res_field}_name", "file_name")
                     if fname in Model._fields and isinstance(record[fname], str) and record[fname]),
                    f"{attachment.res_model}_{attachment.res_id}_{attachment.res_field}"
                    f"{mimetypes.guess_extension(attachment.mimetype or '') or ''}",
                )
            result.append((attachment, name))
        return result

    def _messages_text(self, scope):
        """The messages on the person's records, oldest first, with their
        tracked changes; authors and people in tracked values named as in
        the records (:meth:`_record_label`)."""
        # superuser: the export of one dossier, allowed and checked in action_generate
        messages = self.env["mail.message"].sudo().browse(sorted(scope["records"].get("mail.message", ()))).exists()
        other = scope["other_person"]
        blocks = []
        for message in messages.sorted("date"):
            if message.author_id:
                author = self._record_label(message.author_id, scope)
            elif message.email_from and scope["partner"].email_normalized \
                    and scope["partner"].email_normalized in message.email_from.lower():
                author = message.email_from
            else:
                author = message.email_from and other
            lines = [f"{fields.Datetime.to_string(message.date)} — {message.model},{message.res_id} — {author}"]
            if message.subject:
                lines.append(self._scrub(message.subject, scope))
            body = html2plaintext(message.body or "").strip()
            if body:
                lines.append(self._scrub(body, scope))
            # superuser: the export of one dossier, allowed and checked in action_generate
            for tracking in message.sudo().tracking_value_ids:
                field = tracking.field_id
                label = field.field_description or field.name
                old = tracking.old_value_char or tracking.old_value_text or tracking.old_value_integer or \
                    tracking.old_value_float or tracking.old_value_datetime or ""
                new = tracking.new_value_char or tracking.new_value_text or tracking.new_value_integer or \
                    tracking.new_value_float or tracking.new_value_datetime or ""
                if field.relation in ("res.partner", "casework.beneficiary", "res.users"):
                    # superuser: the export of one dossier, allowed and checked in action_generate
                    Related = self.env[field.relation].sudo().with_context(active_test=False)
                    if field.ttype == "many2one":
                        old = self._record_label(Related.browse(tracking.old_value_integer).exists(), scope) \
                            if tracking.old_value_integer else ""
                        new = self._record_label(Related.browse(tracking.new_value_integer).exists(), scope) \
                            if tracking.new_value_integer else ""
                    else:
                        old, new = old and other, new and other
                lines.append(f"  {label}: {self._scrub(str(old), scope)} → {self._scrub(str(new), scope)}")
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) + "\n"
