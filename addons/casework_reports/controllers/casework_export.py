from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request

from ..models.casework_export import RUN_WINDOW


class CaseworkExportController(http.Controller):
    @http.route("/casework_reports/export/<int:export_id>/<any(xlsx,csv):fmt>", type="http", auth="user",
                methods=["GET"])
    def download(self, export_id, fmt):
        """The file of a saved export, counted as the requesting user (their
        record rules) and logged; never stored.

        :return: the file; "not found" when the user may not read the
            export or what it counts; 429 (too many requests) with a message
            when the user has run too many exports lately
        """
        export = request.env["casework.export"].browse(export_id).exists()
        try:
            export._casework_check_run_rate()
        except UserError as error:
            return request.make_response(error.args[0], status=429, headers=[
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Retry-After", str(int(RUN_WINDOW.total_seconds()))),
            ])
        try:
            filename, mimetype, content = export._casework_render(fmt)
        except (AccessError, ValueError):
            # an export the user may not read (or count) is one that does not exist for them;
            # the form's buttons tell them why before sending them here
            raise request.not_found() from None
        return request.make_response(content, headers=[
            ("Content-Type", mimetype),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename)),
        ])
