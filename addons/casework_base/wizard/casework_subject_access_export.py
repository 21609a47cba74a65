import base64
import csv
import io
import json
import zipfile

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext


class CaseworkSubjectAccessExport(models.TransientModel):
    """Subject-access export (droit d'accès, RGPD art. 15): everything the
    system holds about one person, as a zip of readable files:

    * ``identity.json``: the dossier and its partner, field by field;
    * ``records/<model>.csv``: every record that references the dossier or
      the person (found generically, as for the anonymisation);
    * ``messages.txt``: the chatter of the dossier, of the person and of
      those records, with the tracked changes;
    * ``attachments/``: the documents themselves.

    For administrators only; each export is written to the audit trail.
    """

    _name = "casework.subject.access.export"
    _description = "Subject-access export"

    beneficiary_id = fields.Many2one("casework.beneficiary", string="Dossier", required=True, ondelete="cascade")
    export_file = fields.Binary(string="File", readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)

    @api.model
    def _check_allowed(self):
        if not (self.env.su or self.env.user.has_group("casework_base.group_casework_admin")):
            raise AccessError(_("Only an administrator can export everything the system holds about a person."))

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
        dossier._casework_audit("export", _("Subject-access export"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Subject-access export"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------

    @api.model
    def _export_fields(self, model):
        return [
            name for name, field in model._fields.items()
            if (field.store or field.inherited) and field.type not in ("binary", "one2many")
            and name not in ("message_main_attachment_id",)
        ]

    @api.model
    def _export_value(self, record, name):
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "many2many":
            return ", ".join(value.mapped("display_name"))
        if field.type in ("date", "datetime"):
            return fields.Date.to_string(value) if field.type == "date" else fields.Datetime.to_string(value)
        if field.type == "html":
            return html2plaintext(value or "")
        if value is False and field.type not in ("boolean", "integer", "float", "monetary"):
            return ""
        return value

    def _build_zip(self, dossier):
        buffer = io.BytesIO()
        linked = dossier._casework_linked_records()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            identity = {
                "dossier": {name: self._export_value(dossier, name) for name in self._export_fields(dossier)},
                "contact": {
                    name: self._export_value(dossier.partner_id, name)
                    for name in self._export_fields(dossier.partner_id)
                },
            }
            archive.writestr("identity.json", json.dumps(identity, indent=2, ensure_ascii=False, default=str))
            for model_name, ids in sorted(linked.items()):
                Model = self.env[model_name].sudo().with_context(active_test=False)
                if Model._transient or model_name in ("mail.message", "mail.tracking.value", "ir.attachment"):
                    continue
                records = Model.browse(sorted(ids)).exists()
                if not records:
                    continue
                names = self._export_fields(Model)
                out = io.StringIO()
                writer = csv.writer(out)
                writer.writerow([Model._fields[name].string for name in names])
                for record in records:
                    writer.writerow([self._export_value(record, name) for name in names])
                archive.writestr(f"records/{model_name}.csv", out.getvalue())
            archive.writestr("messages.txt", self._messages_text(linked))
            attachments = self.env["ir.attachment"].sudo().browse(sorted(linked.get("ir.attachment", ()))).exists()
            for attachment in attachments:
                if attachment.type == "binary" and attachment.raw:
                    archive.writestr(f"attachments/{attachment.id}_{attachment.name}", attachment.raw)
        return buffer.getvalue()

    def _messages_text(self, linked):
        messages = self.env["mail.message"].sudo().browse(sorted(linked.get("mail.message", ()))).exists()
        blocks = []
        for message in messages.sorted("date"):
            lines = [
                f"{fields.Datetime.to_string(message.date)} — {message.model},{message.res_id}"
                f" — {message.author_id.display_name or message.email_from or ''}",
            ]
            if message.subject:
                lines.append(message.subject)
            body = html2plaintext(message.body or "").strip()
            if body:
                lines.append(body)
            for tracking in message.sudo().tracking_value_ids:
                field = tracking.field_id.field_description or tracking.field_id.name
                old = tracking.old_value_char or tracking.old_value_text or tracking.old_value_integer or \
                    tracking.old_value_float or tracking.old_value_datetime or ""
                new = tracking.new_value_char or tracking.new_value_text or tracking.new_value_integer or \
                    tracking.new_value_float or tracking.new_value_datetime or ""
                lines.append(f"  {field}: {old} → {new}")
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) + "\n"
