from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.casework_base.tools.dates import casework_today
from odoo.addons.casework_base.tools.referent_sql import current_referent_sql

# a dossier's date actualisation older than this many days, with a current
# référent de parcours: the person left the feed, the exit is to record
EXIT_TO_RECORD_DAYS = 5


class CaseworkBeneficiary(models.Model):
    """What the standard reports and the alerts show and filter of a dossier:
    the structure of its current référent de parcours ("structure référent
    actuel" of the seed), its last exit, its date actualisation, and whether
    it moved out of its territory's département. Nothing stored: each value
    is read, or searched, with the user's own rights."""

    _inherit = "casework.beneficiary"

    referent_structure_id = fields.Many2one(
        "casework.structure",
        string="Structure of the current referent",
        compute="_compute_referent_structure_id",
        search="_search_referent_structure_id",
        help="The structure of the current référent de parcours (not necessarily the one who drafted the CER, "
        "because of réorientations).",
    )
    last_exit_date = fields.Date(
        string="Programme exit", compute="_compute_last_exit",
        help="The latest exit date of the dossier's enrolments.",
    )
    last_exit_motive_id = fields.Many2one(
        "casework.exit.motive", string="Exit motive", compute="_compute_last_exit",
    )
    update_date = fields.Date(
        string="Date actualisation", compute="_compute_update_date",
        help="Current value of the characteristic “Date actualisation dossier” (kept up to date by the daily feed).",
    )
    is_moved_out = fields.Boolean(
        string="Moved out of the département",
        compute="_compute_is_moved_out",
        search="_search_is_moved_out",
        help="The address (its postcode) is in another département than the one of the dossier's territory.",
    )

    @api.depends("referent_id")
    def _compute_referent_structure_id(self):
        for dossier in self:
            dossier.referent_structure_id = dossier.referent_id.casework_structure_id

    def _search_referent_structure_id(self, operator, value):
        return self._casework_current_referent_domain(Domain("user_id.casework_structure_id", operator, value))

    @api.depends("enrollment_ids.date_exit", "enrollment_ids.exit_motive_id")
    def _compute_last_exit(self):
        for dossier in self:
            exited = dossier.enrollment_ids.filtered("date_exit").sorted("date_exit", reverse=True)[:1]
            dossier.last_exit_date = exited.date_exit
            dossier.last_exit_motive_id = exited.exit_motive_id

    @api.depends("characteristic_value_ids.is_current", "characteristic_value_ids.value_date")
    def _compute_update_date(self):
        for dossier in self:
            current = dossier.current_characteristic_ids.filtered(lambda v: v.type_id.code == "date_actualisation")
            dossier.update_date = current[:1].value_date

    @api.depends("country_department_id", "territory_id.department_id")
    def _compute_is_moved_out(self):
        for dossier in self:
            department = dossier.territory_id.department_id
            dossier.is_moved_out = bool(
                department and dossier.country_department_id and dossier.country_department_id != department
            )

    def _search_is_moved_out(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain.FALSE
        # one condition per territory with a département (a few dozen at most)
        # sudo: the territories' départements, configuration
        for territory in self.env["casework.territory"].sudo().with_context(active_test=False).search(
            [("department_id", "!=", False)]
        ):
            domain |= (
                Domain("territory_id", "=", territory.id)
                & Domain("country_department_id", "!=", False)
                & Domain("country_department_id", "!=", territory.department_id.id)
            )
        return domain if (operator == "in") == (True in value) else ~domain

    def _field_to_sql(self, alias, field_expr, query=None):
        # the current référent de parcours and their structure as SQL: the
        # report lists group and sort by them (as _compute_referent_id)
        if field_expr in ("referent_id", "referent_structure_id"):
            dossier = SQL.identifier(alias, "id")
            return current_referent_sql(self.env, dossier, "user" if field_expr == "referent_id" else "structure")
        return super()._field_to_sql(alias, field_expr, query)

    @api.model
    def _casework_current_referent_domain(self, condition=None):
        """Dossiers with a current référent de parcours (their active file),
        whose assignment also meets ``condition`` (a :class:`Domain` on
        ``casework.referent.assignment``, e.g. on its user's structure).

        :return: a :class:`Domain` on dossiers
        """
        assignment = Domain("role", "=", "parcours") & Domain("is_current", "=", True)
        if condition is not None:
            assignment &= condition
        return Domain("assignment_ids", "any", assignment)

    @api.model
    def _casework_current_value_domain(self, type_code, condition):
        """Dossiers whose current value of the characteristic ``type_code``
        meets ``condition`` (a :class:`Domain` on
        ``casework.characteristic.value``).

        :return: a :class:`Domain` on dossiers
        """
        return Domain("characteristic_value_ids", "any", (
            Domain("is_current", "=", True) & Domain("type_id.code", "=", type_code) & condition
        ))

    # ------------------------------------------------------------------
    # The lists of dossiers the dashboard "Mine", the alerts and the
    # standard reports share: one rule each, here
    # ------------------------------------------------------------------

    @api.model
    def _casework_exits_to_record_domain(self):
        """Sorties à saisir (seed "Sorties de file active"): dossiers with a
        current référent de parcours whose date actualisation is more than
        :data:`EXIT_TO_RECORD_DAYS` days old (the person is no longer in the
        daily feed: the référent is to record the exit of their active file).

        :return: a :class:`Domain` on dossiers
        """
        limit = casework_today(self.env) - relativedelta(days=EXIT_TO_RECORD_DAYS)
        return self._casework_current_referent_domain() & self._casework_current_value_domain(
            "date_actualisation", Domain("value_date", "<", limit))

    @api.model
    def _casework_closed_right_domain(self):
        """Fins d'accompagnement à solliciter: dossiers of an active file
        whose current "État du droit" is "Droit clos", whoever the référent.

        :return: a :class:`Domain` on dossiers
        """
        return self._casework_current_referent_domain() & self._casework_current_value_domain(
            "etat_droit", Domain("option_id.code", "=", "clos"))

    @api.model
    def _casework_without_contract_domain(self):
        """Dossiers sans CER: dossiers of an active file without any
        contract, whatever its state (a dossier with a refused one is not
        listed).

        :return: a :class:`Domain` on dossiers
        """
        return self._casework_current_referent_domain() & Domain("contract_ids", "=", False)

    @api.model
    def _casework_missing_characteristic_domain(self):
        """Dossiers lacking a current value of a required characteristic
        type that applies to one of their current programmes (every
        programme when the type names none): the search behind
        ``missing_characteristic_type_ids``.

        :return: a :class:`Domain` on dossiers (``Domain.FALSE`` when no type is required)
        """
        domain = Domain.FALSE
        for ctype in self.env["casework.characteristic.type"].search([("required", "=", True)]):
            enrolled = Domain("state", "!=", "sortie")
            if ctype.program_ids:
                enrolled &= Domain("program_id", "in", ctype.program_ids.ids)
            domain |= Domain("enrollment_ids", "any", enrolled) & Domain(
                "characteristic_value_ids", "not any", [("is_current", "=", True), ("type_id", "=", ctype.id)])
        return domain
