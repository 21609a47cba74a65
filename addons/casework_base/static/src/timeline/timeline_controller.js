import { patch } from "@web/core/utils/patch";
import { TimelineController } from "@web_timeline/views/timeline/timeline_controller.esm";

// The dossier's frise: an entry opens the record it tells of (the
// appointment, the note...), not the entry; its groups are types of entry,
// which open nothing.
patch(TimelineController.prototype, {
    async openItem(itemId, isEditable) {
        if (this.model.model_name !== "casework.timeline.entry") {
            return super.openItem(itemId, isEditable);
        }
        const action = await this.env.services.orm.call("casework.timeline.entry", "action_open_source", [
            [itemId],
        ]);
        return this.actionService.doAction(action);
    },
    _onGroupClick(item) {
        if (this.model.model_name !== "casework.timeline.entry") {
            return super._onGroupClick(item);
        }
    },
});
