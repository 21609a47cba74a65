from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import name_matching

# audit entries of the duplicate check (``auditlog.log.method``)
AUDIT_TOLD = "duplicate_check"
AUDIT_WITHHELD = "duplicate_check_withheld"
DEFAULT_HOURLY_LIMIT = 30


class CaseworkBeneficiary(models.Model):
    """What the duplicate check tells the user.

    The check (``_casework_find_duplicates``) looks at every dossier, so that
    nobody creates a second dossier for a person followed elsewhere. A likely
    duplicate the user may read is named; one outside their scope is only
    counted ("a possible duplicate exists in another territory or another
    counsellor's active file: ask your secretariat"), never named. That count
    still tells that the person is followed somewhere: it is the accepted
    residual risk, bounded in two ways:

    * each check that counts dossiers outside the user's scope is written to
      the audit trail (``auditlog.log``, method ``duplicate_check``): the
      user, the ids of those dossiers (``res_ids``), the dossier being
      checked when it exists; the administrators read it, the user does not;
    * per user, at most ``casework_identity.duplicate_hidden_hourly_limit``
      (default 30) different sets of such dossiers are counted in an hour.
      Beyond it, the count is withheld (audited as
      ``duplicate_check_withheld``) and every check of that user, with or
      without a hidden duplicate (so that the message itself tells nothing),
      asks them to contact their secretariat until the hour has passed. The
      same set told again within the hour (the same dossier reopened) is not
      counted twice.
    """

    _inherit = "casework.beneficiary"

    duplicate_count = fields.Integer(string="Likely duplicates", compute="_compute_duplicate_info")
    duplicate_html = fields.Html(
        string="Likely duplicates (details)", compute="_compute_duplicate_info", sanitize=False
    )
    has_duplicates = fields.Boolean(string="Possible duplicate", compute="_compute_has_duplicates")

    @api.depends(
        "first_name", "usage_name", "birth_name", "birth_date", "identifier_ids.type_id", "identifier_ids.value"
    )
    @api.depends_context("uid")
    def _compute_duplicate_info(self):
        for beneficiary in self:
            # from the names on: the birth date, when typed, narrows the check and raises the scores
            if not (beneficiary.first_name and beneficiary.usage_name):
                beneficiary.duplicate_count, beneficiary.duplicate_html = 0, False
                continue
            found = self._casework_find_duplicates(beneficiary)
            beneficiary.duplicate_count = len(found)
            beneficiary.duplicate_html = self._casework_duplicates_html(found) if found else False

    @api.depends("search_name", "birth_date")
    @api.depends_context("uid")
    def _compute_has_duplicates(self):
        """One query for the whole page: another active dossier **the user
        may read**, born the same day (or day and month swapped) with a close
        name. A twin outside the user's scope is told by the dossier's form
        only (counted, audited, limited): a list must not tell it for every
        dossier one creates."""
        stored = self.filtered(lambda b: isinstance(b.id, int) and b.search_name and b.birth_date)
        found = set()
        if stored and self._casework_has_trgm():
            self.flush_model(["search_name", "birth_date", "partner_id"])
            self.env["res.partner"].flush_model(["active"])
            self.env.cr.execute(SQL("""
                SELECT b.id, o.id FROM casework_beneficiary b
                  JOIN casework_beneficiary o
                    ON o.birth_date IN (b.birth_date, CASE WHEN extract(day FROM b.birth_date) <= 12
                           THEN make_date(extract(year FROM b.birth_date)::int, extract(day FROM b.birth_date)::int,
                                          extract(month FROM b.birth_date)::int) END)
                   AND o.id <> b.id AND similarity(o.search_name, b.search_name) >= 0.5
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE b.id IN %(ids)s AND p.active
            """, ids=tuple(stored.ids)))
            pairs = self.env.cr.fetchall()
            readable = set(self.search([("id", "in", list({other for _b, other in pairs}))]).ids) if pairs else set()
            found = {record_id for record_id, other in pairs if other in readable}
        for beneficiary in self:
            beneficiary.has_duplicates = beneficiary.id in found

    @api.model
    def _casework_find_duplicates(self, vals_or_records, limit=10, threshold=None):
        """Likely duplicates of a dossier (record, possibly new) or of
        create values, best first, as the current user may be told them.

        Without a birth date (a new dossier whose birth date is not typed
        yet), the names alone are compared, with lower scores (from
        ``name_matching.NAME_ONLY_LIKELY`` instead of ``LIKELY``), and only
        the dossiers the user may read are told: a name alone is not enough
        to tell that a person is followed outside their scope (that waits for
        the birth date, and is audited then).

        :return: list of dicts ``{"record": dossier readable by the user or
            an empty recordset, "readable": bool, "withheld": bool,
            "score": 0..100, "reasons": [translated labels], "codes": [reason
            codes]}``; for a dossier the user cannot read, nothing about its
            identity. When the user is over the hourly limit of checks
            revealing dossiers outside their scope, those are left out and one
            item ``{"withheld": True, "readable": False, "record": empty}``
            is added, whether there were any or not.
        """
        identity = self._casework_identity(vals_or_records)
        name_only = not identity["birth_date"]
        if threshold is None:
            threshold = name_matching.NAME_ONLY_LIKELY if name_only else name_matching.LIKELY
        candidates = self._casework_candidates(identity)
        scored = []
        for record_id, civility, first_name, usage_name, birth_name, birth_date, certain in candidates:
            other = {
                "civility": civility, "first_name": first_name, "usage_name": usage_name,
                "birth_name": birth_name, "birth_date": birth_date,
            }
            if certain:  # the same number with a body whose numbers are unique
                score, codes = 100, [name_matching.SAME_IDENTIFIER]
            else:
                score, codes = name_matching.score_pair(dict(identity, identifiers=None), other)
            if score >= threshold:
                scored.append((score, record_id, codes))
        # the dossiers' own record rules decide what the user may see
        readable = set(self.search([("id", "in", [item[1] for item in scored])]).ids) if scored else set()
        if name_only:
            # a name alone tells nothing of the dossiers outside the scope; a certain identifier does
            scored = [item for item in scored
                      if item[1] in readable or name_matching.SAME_IDENTIFIER in item[2]]
        scored.sort(key=lambda item: (-item[0], -item[1]))
        scored = scored[:limit]
        hidden = sorted(record_id for _score, record_id, _codes in scored if record_id not in readable)
        checked = vals_or_records._origin.id if isinstance(vals_or_records, models.BaseModel) else False
        told = self._casework_tell_hidden_duplicates(hidden, checked)
        labels = self._casework_duplicate_reason_labels()
        found = [{
            "record": self.browse(record_id) if record_id in readable else self.browse(),
            "readable": record_id in readable,
            "withheld": False,
            "score": score,
            "codes": codes,
            "reasons": [labels[code] for code in codes],
        } for score, record_id, codes in scored if told or record_id in readable]
        if not told:
            found.append({
                "record": self.browse(), "readable": False, "withheld": True, "score": 0, "codes": [], "reasons": [],
            })
        return found

    @api.model
    def _casework_duplicate_hourly_limit(self):
        """Setting ``casework_identity.duplicate_hidden_hourly_limit``: different
        sets of dossiers outside the scope a user may be told of per hour."""
        # sudo: a setting (a number), not personal data
        value = self.env["ir.config_parameter"].sudo().get_param(
            "casework_identity.duplicate_hidden_hourly_limit", str(DEFAULT_HOURLY_LIMIT))
        try:
            return max(int(value), 0)
        except ValueError:
            return DEFAULT_HOURLY_LIMIT

    @api.model
    def _casework_tell_hidden_duplicates(self, hidden_ids, checked_id=False):
        """Whether the current user may be told of the likely duplicates
        ``hidden_ids`` outside their scope (and, when there are none, whether
        they are under the hourly limit); writes the audit entry of a check
        with hidden duplicates.

        :param list hidden_ids: sorted ids of the dossiers the user may not read
        :param int checked_id: the dossier being checked, when it exists
        :return: ``True`` to count them, ``False`` to withhold them
        """
        if self.env.su:
            return True
        key = str(hidden_ids)
        # sudo: the audit trail is written by the system for every user (only
        # administrators read it); the entry names no identity
        Log = self.env["auditlog.log"].sudo()
        model = self.env["ir.model"].sudo()._get(self._name)
        # create_date is the transaction's time: compare with the same clock
        since = self.env.cr.now() - timedelta(hours=1)
        Log.flush_model(["method", "user_id", "res_ids"])
        self.env.cr.execute(SQL(
            "SELECT DISTINCT res_ids FROM auditlog_log WHERE method = %s AND user_id = %s AND create_date >= %s",
            AUDIT_TOLD, self.env.uid, since,
        ))
        told = {row[0] for row in self.env.cr.fetchall()}
        allowed = (hidden_ids and key in told) or len(told) < self._casework_duplicate_hourly_limit()
        if hidden_ids:
            Log.create({
                "name": self.env._("Duplicate check"),
                "model_id": model.id,
                "res_id": checked_id or False,
                "res_ids": key,
                "user_id": self.env.uid,
                "method": AUDIT_TOLD if allowed else AUDIT_WITHHELD,
                "log_type": "fast",
                # sudo: the audit's record of the current request (as OCA auditlog does)
                "http_request_id": self.env["auditlog.http.request"].sudo().current_http_request(),
                "casework_details": self.env._(
                    "%(count)s likely duplicate(s) outside the user's scope, counted for the user",
                    count=len(hidden_ids),
                ) if allowed else self.env._(
                    "%(count)s likely duplicate(s) outside the user's scope, withheld (hourly limit reached)",
                    count=len(hidden_ids),
                ),
            })
        return bool(allowed)

    @api.model
    def _casework_duplicate_reason_labels(self):
        return {
            name_matching.SAME_IDENTIFIER: self.env._("Same identifier (France Travail, CAF...): certain match"),
            name_matching.SAME_BIRTH_DATE: self.env._("Same birth date"),
            name_matching.SWAPPED_BIRTH_DATE: self.env._("Day and month swapped"),
            name_matching.SAME_NAME: self.env._("Same first and last name"),
            name_matching.BIRTH_USAGE: self.env._("Birth name = usage name"),
            name_matching.SWAPPED_NAMES: self.env._("First and last name swapped"),
            name_matching.COMPOUND: self.env._("Compound name (part of it)"),
            name_matching.TYPO: self.env._("Similar name (typo)"),
            name_matching.CLOSE_BIRTH_DATE: self.env._("Close birth date (typo)"),
            name_matching.OTHER_BIRTH_DATE: self.env._("Different birth date"),
            name_matching.NO_BIRTH_DATE: self.env._("Birth date not entered yet"),
        }

    @api.model
    def _casework_withheld_duplicates_message(self):
        return self.env._(
            "You have checked many persons followed outside your scope within the hour: possible duplicates in "
            "another territory or another counsellor's active file are no longer counted for you. Ask your "
            "secretariat whether this person already has a dossier before creating a new one."
        )

    @api.model
    def _casework_duplicates_html(self, found):
        rows = []
        hidden = 0
        for item in found:
            if item["withheld"]:
                rows.append(Markup("<li>%s</li>") % self._casework_withheld_duplicates_message())
                continue
            if not item["readable"]:
                hidden += 1
                continue
            record = item["record"]
            rows.append(Markup("<li><a href='/odoo/action-casework_base.casework_beneficiary_action/%s'>%s</a>"
                               " — %s %s — <b>%s/100</b>: %s</li>") % (
                record.id, record.display_name, self.env._("born on"),
                record.birth_date and record.birth_date.strftime("%d/%m/%Y") or "", item["score"],
                ", ".join(item["reasons"]),
            ))
        if hidden:
            rows.append(Markup("<li>%s</li>") % self.env._(
                "%(count)s possible duplicate(s) exist(s) in another territory or another counsellor's active file: "
                "ask your secretariat before creating a new dossier.", count=hidden))
        return Markup("<ul class='mb-0'>%s</ul>") % Markup("").join(rows)

    def _casework_check_duplicates_before_create(self, vals):
        """Refuse, from the form, a new dossier with likely duplicates that
        the user has not confirmed (imports and batch code are not checked)."""
        found = self._casework_find_duplicates(vals)
        if not found:
            return
        lines = []
        hidden = 0
        for item in found:
            if item["withheld"]:
                lines.append(self._casework_withheld_duplicates_message())
            elif item["readable"]:
                lines.append(self.env._("%(dossier)s (%(score)s/100: %(reasons)s)", dossier=item["record"].display_name,
                               score=item["score"], reasons=", ".join(item["reasons"])))
            else:
                hidden += 1
        if hidden:
            lines.append(self.env._(
                "%(count)s possible duplicate(s) in another territory or another counsellor's active file", count=hidden
            ))
        raise UserError(self.env._(
            "This person may already have a dossier:\n%(lines)s\n\nOpen the existing dossier instead, or, if this is "
            "really another person, tick “Not a duplicate: create anyway” and save again.",
            lines="\n".join(f"- {line}" for line in lines),
        ))
