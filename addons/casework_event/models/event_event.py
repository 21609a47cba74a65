from odoo import fields, models


class EventEvent(models.Model):
    """A Casework event (forum emploi, job dating, information collective,
    salon: the event types) with its animator, the professional who runs
    it.

    Referents, the secretariat and heads of service create and manage events
    (Odoo's event user group); administrators configure the event types. An
    event itself names no person: its registrations do, and they follow the
    scope of their dossier (``event.registration``). The seat counts of an
    event are computed over every registration, in or out of the reader's
    scope: numbers, no names.
    """

    _inherit = "event.event"

    casework_animator_id = fields.Many2one(
        "res.users",
        string="Animator",
        domain="[('share', '=', False)]",
        index="btree_not_null",
        tracking=True,
        help="The professional who runs the event (optional).",
    )
