from odoo import models

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
