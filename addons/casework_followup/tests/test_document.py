import base64
import io
import zipfile

from freezegun import freeze_time
from PIL import Image

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
       b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(zipfile.ZipInfo(name) if name == "mimetype" else name, content)
    return buffer.getvalue()


DOCX = zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
ODT = zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document/>")])
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestDocument(CaseworkCommon):
    """Documents: names, content-checked formats, size limit, scope, CV in
    one click, and the mail merge filing a letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["casework.document"]
        cls.folder_letters = cls.env.ref("casework_followup.casework_document_folder_letters")
        cls.type_cv = cls.env.ref("casework_followup.casework_document_type_cv")

    def _document(self, name="Attestation_2026", content=PDF, file_name=None, user=None, dossier=None, **vals):
        return self.Document.with_user(user or self.referent).create({
            "name": name,
            "beneficiary_id": (dossier or self.dossier_north).id,
            "file": base64.b64encode(content),
            "file_name": file_name,
            **vals,
        })

    def test_names(self):
        """Names are free text; the downloaded file keeps a safe name."""
        for name, file_name in (("CV", "CV.pdf"), ("CV_2026-11", "CV_2026-11.pdf"),
                                ("Évaluation mai 2026", "Evaluation_mai_2026.pdf"),
                                ("Attestation CAF (novembre)", "Attestation_CAF_novembre.pdf"),
                                ("lettre/mai", "lettre_mai.pdf"), ("réponse", "reponse.pdf"),
                                ("Ça ?", "Ca.pdf"), ("««»»", "document.pdf")):
            with self.subTest(name=name):
                document = self._document(name)
                self.assertEqual((document.name, document.file_name), (name, file_name))
        for bad in ("   ", "deux\nlignes", "tab\tulation"):
            with self.subTest(name=bad), self.assertRaisesMessage(ValidationError, "give it a name, on one line"):
                self._document(bad)
        document = self._document("Attestation")
        document.write({"name": "Attestation de suivi été 2026"})
        self.assertEqual(document.file_name, "Attestation_de_suivi_ete_2026.pdf")
        action = document.action_download()
        self.assertTrue(action["url"].endswith("/file/Attestation_de_suivi_ete_2026.pdf?download=true"))

    def test_name_from_the_uploaded_file(self):
        """The uploaded file names the document: on the form (onchange) and
        on the server when no name is given."""
        document = self._document(False, file_name="Attestation CAF novembre 2026.pdf")
        self.assertEqual(document.name, "Attestation CAF novembre 2026")
        self.assertEqual(document.file_name, "Attestation_CAF_novembre_2026.pdf")
        document = self._document("", image_bytes("JPEG"), file_name="C:\\Scans\\Pièce d'identité.JPG")
        self.assertEqual(document.name, "Pièce d'identité")
        self.assertEqual(document.file_name, "Piece_d_identite.jpg")
        # a name given is kept
        self.assertEqual(self._document("Justificatif", file_name="scan0001.pdf").name, "Justificatif")
        # the form: the file widget sets the file and its name, the onchange names the document
        Document = self.Document.with_user(self.referent)
        spec = {"name": {}, "file_name": {}, "file": {}, "beneficiary_id": {}}
        values = {"beneficiary_id": self.dossier_north.id, "name": False, "file": base64.b64encode(PDF).decode(),
                  "file_name": "Relevé de situation.pdf"}
        result = Document.onchange(values, ["file_name"], spec)
        self.assertEqual(result["value"]["name"], "Relevé de situation")
        result = Document.onchange(dict(values, name="Justificatif"), ["file_name"], spec)
        self.assertNotIn("name", result["value"], "a name given is not replaced")
        document = Document.create(dict(values, name="Relevé de situation"))
        self.assertEqual((document.name, document.file_name), ("Relevé de situation", "Releve_de_situation.pdf"))

    def test_accepted_formats(self):
        cases = [
            (PDF, "lettre.pdf", "application/pdf"),
            (image_bytes("PNG"), "scan.png", "image/png"),
            (image_bytes("JPEG"), "photo.jpg", "image/jpeg"),
            (DOCX, "cv.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (ODT, "cv.odt", "application/vnd.oasis.opendocument.text"),
        ]
        for content, file_name, mimetype in cases:
            with self.subTest(file=file_name):
                document = self._document("Piece", content, file_name)
                self.assertEqual(document.mimetype, mimetype)
                self.assertEqual(document.file_size, len(content))
                self.assertEqual(document.file_name, f"Piece.{file_name.rsplit('.', 1)[1]}")

    def test_refused_formats(self):
        with self.assertRaisesMessage(ValidationError, "named .pdf but its content is a PNG file"):
            self._document("Faux_pdf", image_bytes("PNG"), "faux.pdf")
        with self.assertRaisesMessage(ValidationError, "only PDF, Word (.doc, .docx), ODT, JPEG and PNG"):
            self._document("Programme", EXE, "setup.exe")
        # an executable renamed .pdf is refused from its content
        with self.assertRaisesMessage(ValidationError, "only PDF, Word (.doc, .docx), ODT, JPEG and PNG"):
            self._document("Programme", EXE, "setup.pdf")
        with self.assertRaisesMessage(ValidationError, "only PDF, Word"):
            self._document("Page", b"<html><body>hello</body></html>", "page.html")
        document = self._document()
        with self.assertRaisesMessage(ValidationError, "only PDF, Word"):
            document.write({"file": base64.b64encode(EXE)})

    def test_size_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("casework_followup.document_max_size_mb", "0.001")
        with self.assertRaisesMessage(ValidationError, "the limit is 0.001 MB"):
            self._document("Gros", PDF + b"%" + b"0" * 2000)
        self._document("Petit", PDF)

    def test_scope(self):
        document = self._document()
        self.assertTrue(document.with_user(self.secretariat).has_access("read"))
        self.assertTrue(document.with_user(self.fse).has_access("read"))
        for user in (self.referent_other, self.referent_south, self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login):
                self.assertFalse(document.with_user(user).has_access("read"))
        with self.assertRaisesMessage(AccessError, ""):
            self._document(user=self.referent_south)
        with self.assertRaisesMessage(AccessError, ""):
            document.with_user(self.fse).write({"name": "Renamed"})
        # the file itself (its attachment) follows the document
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "casework.document"), ("res_id", "=", document.id), ("res_field", "=", "file"),
        ])
        self.assertTrue(attachment)
        self.assertFalse(attachment.with_user(self.referent_south).has_access("read"))
        with self.assertRaisesMessage(AccessError, ""):
            document.with_user(self.referent_south).read(["file"])

    def test_file_only_through_the_document(self):
        """A document's file changes through the document, whose checks
        (format, size, scope) apply: not by an attachment created on its
        field, nor by another attachment moved onto it (Odoo's binary fields
        write their attachments in superuser mode)."""
        document = self._document()
        Attachment = self.env["ir.attachment"].with_user(self.referent)
        field_link = {"res_model": "casework.document", "res_id": document.id, "res_field": "file"}
        message = "changed through that record"
        with self.assertRaisesMessage(AccessError, message):
            Attachment.create({"name": "file", "datas": base64.b64encode(EXE), **field_link})
        with self.assertRaisesMessage(AccessError, message):
            Attachment.with_context(default_res_field="file").create({
                "name": "file", "datas": base64.b64encode(EXE), "res_model": "casework.document",
                "res_id": document.id,
            })
        loose = Attachment.create({"name": "setup.exe", "datas": base64.b64encode(EXE)})
        with self.assertRaisesMessage(AccessError, message):
            loose.write(field_link)
        # nor is the document's own attachment moved to another document, or away from its field
        other = self._document("Autre")
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "casework.document"), ("res_id", "=", document.id), ("res_field", "=", "file"),
        ])
        for vals in ({"res_id": other.id}, {"res_field": False}, {"res_model": "res.partner"}):
            with self.subTest(vals=vals), self.assertRaisesMessage(AccessError, message):
                attachment.with_user(self.referent).write(vals)
        self.assertEqual(base64.b64decode(document.file), PDF)
        self.assertEqual(base64.b64decode(other.file), PDF)
        # the document's own form still files and replaces its file, as the user
        document.with_user(self.referent).write({"file": base64.b64encode(image_bytes("PNG")), "file_name": "a.png"})
        self.assertEqual(document.mimetype, "image/png")
        # a loose attachment of the dossier's documents is still the user's to add and to move
        note = Attachment.create({"name": "note.pdf", "datas": base64.b64encode(PDF),
                                  "res_model": "casework.document", "res_id": document.id})
        note.write({"res_id": other.id})
        self.assertEqual(note.res_id, other.id)

    def test_cv_one_click(self):
        dossier = self.dossier_north.with_user(self.referent)
        self.assertFalse(dossier.cv_document_id)
        with self.assertRaisesMessage(UserError, "No CV is filed"):
            dossier.action_open_cv()
        self._document("CV_2025", type_id=self.type_cv.id, date="2025-03-01")
        latest = self._document("CV_2026", type_id=self.type_cv.id)
        self._document("Attestation")
        dossier.invalidate_recordset()
        self.assertEqual(dossier.cv_document_id, latest)
        action = dossier.action_open_cv()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/casework.document/{latest.id}/file/CV_2026.pdf", action["url"])
        self.assertEqual(dossier.document_count, 3)

    def test_form_upload(self):
        form = Form(self.Document.with_user(self.referent).with_context(default_beneficiary_id=self.dossier_north.id))
        form.name = "CER_2026"
        form.folder_id = self.env.ref("casework_followup.casework_document_folder_cer")
        form.file = base64.b64encode(PDF)
        document = form.save()
        self.assertEqual(document.mimetype, "application/pdf")


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestMailMerge(CaseworkCommon):
    """Mail merge: a QWeb template rendered on the dossier, filed as a PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("casework_followup.casework_merge_template_convocation")

    def _wizard(self, user=None):
        action = self.dossier_north.with_user(user or self.referent).action_open_merge_wizard()
        form = Form(self.env[action["res_model"]].with_user(user or self.referent).with_context(**action["context"]))
        form.template_id = self.template
        return form.save()

    def test_render_with_dossier_data(self):
        wizard = self._wizard()
        self.assertEqual(wizard.name, "Convocation_entretien_2026-11-15")
        html = wizard._render_html()
        self.assertIn("DUPONT Marie", html)
        self.assertIn(self.dossier_north.number, html)
        self.assertIn(self.referent.name, html)
        self.assertIn("Privas", html)

    def test_file_letter(self):
        wizard = self._wizard()
        document = wizard._file_document(PDF)
        self.assertEqual(document.beneficiary_id, self.dossier_north)
        self.assertEqual(document.folder_id, self.env.ref("casework_followup.casework_document_folder_letters"))
        self.assertEqual(document.file_name, "Convocation_entretien_2026-11-15.pdf")
        self.assertEqual(document.mimetype, "application/pdf")

    def test_generate(self):
        wizard = self._wizard()
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() == "install":
            with self.assertRaisesMessage(UserError, "wkhtmltopdf is not installed"):
                wizard.action_generate()
            # the report itself renders (as HTML in tests) with the merged body
            report = self.env.ref("casework_followup.casework_merge_report")
            content, _fmt = report._render_qweb_pdf(report, self.dossier_north.ids, data={
                "merged_html": {self.dossier_north.id: wizard._render_html()}, "with_logo": True,
            })
            self.assertIn(b"DUPONT Marie", content)
            return
        action = wizard.with_context(force_report_rendering=True).action_generate()
        document = self.env["casework.document"].browse(action["res_id"])
        self.assertEqual(document.mimetype, "application/pdf")

    def test_out_of_scope_cannot_render(self):
        wizard = self._wizard()
        with self.assertRaisesMessage(AccessError, ""):
            wizard.with_user(self.referent_south)._render_html()

    def test_templates_admin_only(self):
        with self.assertRaisesMessage(AccessError, "not allowed to modify"):
            self.template.with_user(self.manager).write({"name": "Autre"})
        self.template.with_user(self.admin).write({"body": '<p>Bonjour <t t-out="object.first_name"/></p>'})
        self.assertIn("Bonjour Marie", self._wizard()._render_html())
