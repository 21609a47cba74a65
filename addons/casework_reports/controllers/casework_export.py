from odoo import http
from odoo.http import content_disposition, request


class CaseworkExportController(http.Controller):
    @http.route("/casework_reports/export/<int:export_id>/<any(xlsx,csv):fmt>", type="http", auth="user",
                methods=["GET"])
    def download(self, export_id, fmt):
        """The file of a saved export, counted as the requesting user (their
        record rules) and logged; never stored.

        :raise AccessError: the user may not read the export, or what it counts
        """
        export = request.env["casework.export"].browse(export_id).exists()
        if not export:
            raise request.not_found()
        filename, mimetype, content = export._casework_render(fmt)
        return request.make_response(content, headers=[
            ("Content-Type", mimetype),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename)),
        ])
