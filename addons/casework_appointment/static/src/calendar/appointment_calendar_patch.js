import { onMounted } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";
import { AttendeeCalendarController } from "@calendar/views/attendee_calendar/attendee_calendar_controller";
import { AttendeeCalendarCommonPopover } from "@calendar/views/attendee_calendar/common/attendee_calendar_common_popover";
import { CalendarFormController } from "@calendar/views/calendar_form/calendar_form_controller";

/**
 * An appointment with a dossier opens in the Casework form from every entry
 * point: the server chooses the form (calendar.event.get_formview_id).
 */
patch(AttendeeCalendarController.prototype, {
    async goToFullEvent(resId, additionalContext) {
        if (!resId) {
            return super.goToFullEvent(...arguments);
        }
        const action = await this.orm.call("calendar.event", "get_formview_action", [[resId]]);
        return this.actionService.doAction(action, {
            additionalContext: { ...this.props.context, ...additionalContext },
        });
    },
});

/**
 * Odoo's meeting form, reached by a URL (/odoo/calendar.event/<id>) or a
 * link: an appointment with a dossier is shown in the Casework form instead.
 */
patch(CalendarFormController.prototype, {
    setup() {
        super.setup(...arguments);
        onMounted(() => {
            const record = this.model.root;
            if (record.resId && record.data.casework_is_appointment) {
                this.orm
                    .call("calendar.event", "get_formview_action", [[record.resId]])
                    .then((action) =>
                        this.actionService.doAction(action, { stackPosition: "replaceCurrentAction" })
                    );
            }
        });
    },
});

/**
 * The popover of an appointment with a dossier offers its outcome (held,
 * absences, cancelled) instead of Odoo's RSVP and trash can.
 */
patch(AttendeeCalendarCommonPopover.prototype, {
    get isCaseworkAppointment() {
        return Boolean(this.props.record.rawRecord.casework_is_appointment);
    },
    get displayAttendeeAnswerChoice() {
        return !this.isCaseworkAppointment && super.displayAttendeeAnswerChoice;
    },
    get isEventDeletable() {
        return !this.isCaseworkAppointment && super.isEventDeletable;
    },
    get displayCaseworkOutcome() {
        return this.isCaseworkAppointment && this.isEventEditable;
    },
    async onClickCaseworkOutcome(outcome) {
        await this.orm.call("calendar.event", "action_casework_set_outcome", [
            [this.props.record.id],
            outcome,
        ]);
        await this.props.model.load();
        this.props.close();
    },
});
