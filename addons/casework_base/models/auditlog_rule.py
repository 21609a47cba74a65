from odoo import models

from odoo.addons.auditlog.models.auditlog_rule import DictDiffer

AUDITED_METHODS = ("create", "read", "write", "unlink", "export_data")


class AuditlogRule(models.Model):
    """OCA auditlog patches the methods of an audited model when its rule is
    created, on the model's class as it is at that moment. Casework's rule on
    the dossiers is created with the kernel, before the other Casework modules
    extend the dossier: their ``create``/``write`` would then be hidden behind
    the patch until the next restart. When the registry is complete, the
    patches are taken off and put back over the complete class."""

    _inherit = "auditlog.rule"

    def _register_hook(self):
        # sudo: the registry's hook, run by the system at start; no user involved
        rules = self or self.sudo().search([("state", "=", "confirmed")])
        for rule in rules:
            model_class = self.env.registry.get(rule.model_id.model or rule.model_model)
            if model_class is None:
                continue
            for method in AUDITED_METHODS:
                patched = model_class.__dict__.get(method)
                if patched is not None and hasattr(patched, "origin"):
                    delattr(model_class, method)
                    if f"auditlog_ruled_{method}" in model_class.__dict__:
                        delattr(model_class, f"auditlog_ruled_{method}")
        return super()._register_hook()

    def create_logs(
        self, uid, res_model, res_ids, method, old_values=None, new_values=None, additional_log_values=None
    ):
        """The same logs as upstream's for a ``create`` or ``write`` of several
        records, made with a fixed number of queries: upstream reads the name
        of each record and creates each log on its own, so that a batch write
        of dossiers (the daily jobs) cost queries per dossier."""
        if method not in ("create", "write") or len(res_ids) < 2:
            return super().create_logs(
                uid, res_model, res_ids, method, old_values, new_values, additional_log_values
            )
        old_values = old_values or {}
        new_values = new_values or {}
        model_id = self.pool._auditlog_model_cache[res_model]
        rule = self.env["auditlog.rule"].search([("model_id", "=", model_id)])
        fields_to_exclude = rule.fields_to_exclude_ids.mapped("name")
        vals = {
            "model_id": model_id,
            "method": method,
            "user_id": uid,
            "http_request_id": self.env["auditlog.http.request"].current_http_request(),
            "http_session_id": self.env["auditlog.http.session"].current_http_session(),
            **(additional_log_values or {}),
        }
        vals_list = []
        for res_id in res_ids:
            log_vals = {**vals, "res_id": res_id}
            diff = DictDiffer(new_values.get(res_id, {}), old_values.get(res_id, {}))
            if method == "create":
                lines = self._create_log_line_on_create(log_vals, diff.added(), new_values, fields_to_exclude)
            else:
                lines = self._create_log_line_on_write(
                    log_vals, diff.changed(), old_values, new_values, fields_to_exclude
                )
            if lines:
                vals_list.append({**log_vals, "line_ids": lines})
        records = self.env[res_model].browse([log_vals["res_id"] for log_vals in vals_list])
        names = {record.id: record.display_name for record in records}
        for log_vals in vals_list:
            log_vals["name"] = names[log_vals["res_id"]]
        return self.env["auditlog.log"].create(vals_list)
