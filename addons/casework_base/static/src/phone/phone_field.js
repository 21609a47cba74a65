import { PhoneField } from "@web/views/fields/phone/phone_field";
import { useInputField } from "@web/views/fields/input_field_hook";
import { patch } from "@web/core/utils/patch";

// French numbers, stored in E.164, written as people write them: "+33621817648"
// shows "06 21 81 76 48"; overseas departments too (the national number is
// "0" + their nine digits: "+262692123456" shows "06 92 12 34 56"), and
// Saint-Pierre-et-Miquelon's six digits after "05 08". Other numbers stay as stored.
const FRENCH = /^\+(33|262|590|594|596)([1-9]\d{8})$/;
const SAINT_PIERRE = /^\+508(\d{6})$/;

export function formatFrenchPhone(value) {
    if (!value) {
        return value || "";
    }
    let national;
    const french = FRENCH.exec(value);
    if (french) {
        national = "0" + french[2];
    } else {
        const spm = SAINT_PIERRE.exec(value);
        if (!spm) {
            return value;
        }
        national = "0508" + spm[1];
    }
    return national.match(/\d{2}/g).join(" ");
}

patch(PhoneField.prototype, {
    setup() {
        // the field's only hook (PhoneField.setup), with the number as written in France
        useInputField({ getValue: () => formatFrenchPhone(this.props.record.data[this.props.name]) });
    },
    get displayPhone() {
        return formatFrenchPhone(this.props.record.data[this.props.name]);
    },
});
