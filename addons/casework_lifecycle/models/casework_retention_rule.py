import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from odoo.addons.casework_base.tools.dates import casework_today

_logger = logging.getLogger(__name__)


class CaseworkRetentionRule(models.Model):
    """A retention rule: dossiers matching an active rule are archived, that
    is anonymised irreversibly, by a daily scheduled job.

    Two kinds (the seed's rules): no physical meeting for more than N months,
    or the person aged N years or more; both only when no programme is
    ongoing (when ``require_no_programme`` is set). A rule applies to the
    dossiers that were enrolled in one of its programmes or programme family,
    or to every dossier when neither is set. Administrators configure them.
    """

    _name = "casework.retention.rule"
    _description = "Retention rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [
            ("no_meeting", "No physical meeting for more than N months"),
            ("age", "Aged N years or more"),
        ],
        required=True,
        default="no_meeting",
    )
    months = fields.Integer(help="Months without a physical meeting (and since the last exit from a programme).")
    age = fields.Integer(string="Age (years)", help="Age from which the dossier is archived.")
    require_no_programme = fields.Boolean(
        string="Only without ongoing programme",
        default=True,
        help="Only dossiers with no ongoing enrolment (every enrolment exited) are archived.",
    )
    program_family = fields.Selection(
        # the programmes' families, with their translated labels
        selection=lambda self: self.env["casework.program"]._fields["family"]._description_selection(self.env),
        string="Programme family",
        help="Only dossiers enrolled at some time in a programme of this family.",
    )
    program_ids = fields.Many2many(
        "casework.program",
        string="Programmes",
        help="Only dossiers enrolled at some time in one of these programmes.",
    )
    description = fields.Text(translate=True)

    _months_positive = models.Constraint("CHECK(months >= 0 AND age >= 0)", "Thresholds cannot be negative.")

    @api.constrains("kind", "months", "age")
    def _check_threshold(self):
        for rule in self:
            if rule.kind == "no_meeting" and rule.months <= 0:
                raise ValidationError(
                    self.env._("The retention rule %(name)s needs a number of months.", name=rule.name)
                )
            if rule.kind == "age" and rule.age <= 0:
                raise ValidationError(self.env._("The retention rule %(name)s needs an age.", name=rule.name))

    def _get_dossier_domain(self, today=None):
        """Domain of the dossiers (not yet anonymised) that this rule archives
        on ``today``."""
        self.ensure_one()
        today = today or casework_today(self.env)
        domain = Domain("is_anonymised", "=", False)
        if self.require_no_programme:
            domain &= Domain("enrollment_ids", "not any", [("state", "!=", "sortie")])
        if self.program_ids:
            domain &= Domain("enrollment_ids", "any", [("program_id", "in", self.program_ids.ids)])
        if self.program_family:
            domain &= Domain("enrollment_ids", "any", [("program_id.family", "=", self.program_family)])
        if self.kind == "no_meeting":
            threshold = today - relativedelta(months=self.months)
            # no meeting since the threshold, not created since, and no exit
            # from a programme since
            domain &= Domain("last_meeting_date", "=", False) | Domain("last_meeting_date", "<", threshold)
            domain &= Domain("create_date", "<", fields.Datetime.to_datetime(threshold))
            domain &= Domain("enrollment_ids", "not any", [("date_exit", ">=", threshold)])
        else:
            domain &= Domain("birth_date", "<=", today - relativedelta(years=self.age))
        return domain

    @api.model
    def _cron_apply_retention_rules(self, batch_size=50):
        """Daily job: anonymise the dossiers matching an active rule, by
        batches, committing the progress between batches."""
        # the daily job: every dossier a rule matches
        Beneficiary = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        rules = self.search([("active", "=", True)])
        todo = {}
        for rule in rules:
            for dossier_id in Beneficiary.search(rule._get_dossier_domain()).ids:
                todo.setdefault(dossier_id, rule.id)
        ids = list(todo)
        self.env["ir.cron"]._commit_progress(remaining=len(ids))
        for start in range(0, len(ids), batch_size):
            batch = Beneficiary.browse(ids[start:start + batch_size])
            for dossier in batch:
                dossier._casework_anonymise(rule=self.browse(todo[dossier.id]))
            _logger.info("Retention rules: %s dossiers anonymised", len(batch))
            if not self.env["ir.cron"]._commit_progress(len(batch)):
                break
        return True
