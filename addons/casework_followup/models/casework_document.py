import base64
import binascii
import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.mimetypes import guess_mimetype

# accepted formats: mimetype detected from the content -> accepted extensions
ACCEPTED_FORMATS = {
    "application/pdf": ("pdf",),
    "application/msword": ("doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}
# what a file name keeps of a document's name: unaccented letters, digits, "_" and "-"
UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9_-]+")
# characters no name holds (control characters: tabs, line breaks, NUL...)
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


class CaseworkDocument(models.Model):
    """A document filed in a dossier, in a folder of the nomenclature.

    Its name is free text (accents and spaces welcome), by default the
    uploaded file's name without its extension; the file downloads under a
    safe name made of it (``Évaluation mai 2026`` → ``Evaluation_mai_2026.pdf``).
    Its content must be a PDF, Word (.doc, .docx), ODT, JPEG or PNG file, checked
    from the bytes themselves, within the size limit
    (``casework_followup.document_max_size_mb``, 10 MB by default). Read and
    written within the dossier's scope, like the dossier.
    """

    _name = "casework.document"
    _description = "Document"
    _inherit = ["casework.case.mixin", "mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(
        required=True, tracking=True,
        help="By default the uploaded file's name. The downloaded file gets a name without accents nor spaces.",
    )
    program_id = fields.Many2one("casework.program", string="Programme", index="btree_not_null")
    folder_id = fields.Many2one("casework.document.folder", ondelete="restrict", tracking=True)
    type_id = fields.Many2one("casework.document.type", ondelete="restrict", tracking=True)
    is_cv = fields.Boolean(related="type_id.is_cv", store=True, string="CV")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Filed by", default=lambda self: self.env.user, readonly=True)
    file = fields.Binary(required=True, attachment=True)
    file_name = fields.Char(string="File name")
    mimetype = fields.Char(readonly=True)
    file_size = fields.Integer(string="Size (bytes)", readonly=True)
    description = fields.Text()

    @api.constrains("name")
    def _check_name(self):
        """A name is some text: not only spaces, no control characters.

        :raise ValidationError: naming the refused name
        """
        for document in self:
            if not (document.name or "").strip() or CONTROL_CHARS.search(document.name):
                raise ValidationError(self.env._(
                    "“%(name)s” is not a valid document name: give it a name, on one line.", name=document.name,
                ))

    @api.onchange("file_name")
    def _onchange_file_name(self):
        """An uploaded file names the document when it has no name yet."""
        if self.file_name and not (self.name or "").strip():
            self.name = self._name_from_file_name(self.file_name)

    @api.model
    def _name_from_file_name(self, file_name):
        """The name a document takes from an uploaded file's name: its
        name without the extension (``"Attestation CAF.pdf"`` →
        ``"Attestation CAF"``), nor any folder; ``""`` for none."""
        base = re.split(r"[\\/]", file_name or "")[-1].strip()
        stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
        return " ".join(CONTROL_CHARS.sub(" ", stem).split())

    @api.model
    def _safe_file_stem(self, name):
        """The stem of the downloaded file of a document named ``name``:
        unaccented letters, digits, "_" and "-" only (``"Évaluation mai
        2026"`` → ``"Evaluation_mai_2026"``), ``"document"`` when nothing
        is left."""
        ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
        return UNSAFE_FILE_CHARS.sub("_", ascii_name).strip("_-") or "document"

    @api.model
    def _max_size_mb(self):
        # a setting, not a person's data
        value = self.env["ir.config_parameter"].sudo().get_param("casework_followup.document_max_size_mb", "10")
        try:
            return float(value)
        except ValueError:
            return 10.0

    @api.model
    def _prepare_file_vals(self, vals):
        """Check the file in ``vals`` and complete its mimetype, size and name.

        :raise ValidationError: for a file too large, of a format that is not
            accepted, or whose extension does not match its content
        """
        if not vals.get("file"):
            return vals
        try:
            data = base64.b64decode(vals["file"], validate=False)
        except (binascii.Error, ValueError):
            raise ValidationError(self.env._("The file could not be read.")) from None
        max_mb = self._max_size_mb()
        if len(data) > max_mb * 1024 * 1024:
            raise ValidationError(
                self.env._("The file is too large (%(size).1f MB): the limit is %(max)s MB.",
                  size=len(data) / 1024 / 1024, max=f"{max_mb:g}")
            )
        mimetype = guess_mimetype(data, default="application/octet-stream")
        extensions = ACCEPTED_FORMATS.get(mimetype)
        if not extensions:
            raise ValidationError(
                self.env._(
                    "This file is not accepted: only PDF, Word (.doc, .docx), ODT, JPEG and PNG files may be filed "
                    "(the content is checked, not only the extension)."
                )
            )
        uploaded_name = vals.get("file_name") or ""
        extension = uploaded_name.rsplit(".", 1)[-1].lower() if "." in uploaded_name else ""
        if extension and extension not in extensions:
            raise ValidationError(
                self.env._(
                    "The file “%(file)s” is named .%(ext)s but its content is a %(format)s file: rename it or file "
                    "the right document.", file=uploaded_name, ext=extension, format=extensions[0].upper(),
                )
            )
        vals = dict(vals, mimetype=mimetype, file_size=len(data))
        vals["_extension"] = extension or extensions[0]
        return vals

    @api.model
    def _pop_file_facts(self, vals):
        """Take out of ``vals`` the mimetype and size :meth:`_prepare_file_vals`
        read from the file: system fields, written in superuser mode once the
        user's own values passed their checks."""
        return {fname: vals.pop(fname) for fname in ("mimetype", "file_size") if fname in vals}

    @api.model_create_multi
    def create(self, vals_list):
        prepared, facts = [], []
        for vals in vals_list:
            given = set(vals)
            if not (vals.get("name") or "").strip() and vals.get("file_name"):
                # the uploaded file names the document
                vals = dict(vals, name=self._name_from_file_name(vals["file_name"]))
            vals = self._prepare_file_vals(vals)
            facts.append(self._pop_file_facts(vals) if "file" in given else {})
            extension = vals.pop("_extension", None)
            if extension and vals.get("name"):
                vals["file_name"] = f"{self._safe_file_stem(vals['name'])}.{extension}"
            prepared.append(vals)
        documents = super().create(prepared)
        for document, file_facts in zip(documents, facts, strict=True):
            if file_facts:
                # system fields read from the file, once create() checked the user's values
                document.sudo().write(file_facts)
        return documents

    def write(self, vals):
        given = set(vals)
        vals = self._prepare_file_vals(vals)
        file_facts = self._pop_file_facts(vals) if "file" in given else {}
        extension = vals.pop("_extension", None)
        result = super().write(vals)
        if file_facts:
            # system fields read from the file, once write() checked the user's values
            self.sudo().write(file_facts)
        if extension or "name" in vals:
            for document in self:
                extension_now = extension or (document.file_name or "").rsplit(".", 1)[-1]
                stem = self._safe_file_stem(document.name)
                file_name = f"{stem}.{extension_now}" if extension_now else stem
                if document.file_name != file_name:
                    super(CaseworkDocument, document).write({"file_name": file_name})
        return result

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.file_name or self._safe_file_stem(self.name)}"
                   "?download=true",
            "target": "self",
        }
