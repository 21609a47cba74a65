"""The rules of the daily feed (seed: Genesis → Viesion) for one known
person, as pure functions on the rows the run read: testable without a
database, applied in batches by ``casework.feed.run._update_persons``.

- the identity follows the administrative system, except the locked fields
  of a justified identity (i-milo), kept as they are;
- the référent de parcours follows the file: another referent is a
  réorientation from the designation date, an exit entered by hand for a
  person still in the file is undone (a "return");
- the person is enrolled in the mapping's programme, an exit entered by
  hand is undone;
- a characteristic gets a new dated value only when it changes;
- "date actualisation dossier" is the file's date.
"""

from datetime import timedelta

__all__ = ["IDENTITY_FIELDS", "LOCKED_IDENTITY_FIELDS", "batch_size", "merge_plans", "plan_update", "value_display"]

IDENTITY_FIELDS = ("civility", "first_name", "usage_name", "birth_name", "birth_date")
# the fields of a justified identity the feed does not change (i-milo)
LOCKED_IDENTITY_FIELDS = ("civility", "first_name", "birth_name", "birth_date")
MIN_BATCHES, MIN_BATCH_SIZE = 5, 500  # a file of 10000 lines: 5 batches of 2000


def batch_size(todo, configured):
    """Lines per batch for ``todo`` lines to import: ``configured`` at most;
    a smaller file in a few batches at least, so that writing one batch
    overlaps preparing the next."""
    return max(1, min(configured, max(MIN_BATCH_SIZE, -(-todo // MIN_BATCHES))))


def plan_update(person, row, assignment, enrollment, current_values, file_date, program_id, update_type_id):
    """What the feed changes for a known person.

    :param person: the person interpreted from the line (``referent``,
        ``designation_date``, identity fields, ``characteristics``
        {type id: {value field: value}})
    :param row: (id, external_ref, external_rank, *IDENTITY_FIELDS,
        identity_justified) of the dossier
    :param assignment: (dossier id, id, user_id, date_start, date_end) of
        its latest référent de parcours, or None
    :param enrollment: (dossier id, id, date_entry, date_exit) of its latest
        enrolment in the programme, or None
    :param current_values: {type id: {"id", value fields...}} of its current
        characteristic values
    :return: dict: ``identity`` {field: value} to write, ``locked`` {field:
        value of the file} kept as justified, ``new_assignment`` (values or
        None), ``reopen_assignment`` (id or None), ``reorientation``,
        ``new_enrollment`` (values or None), ``reopen_enrollment`` (id or
        None), ``new_values`` [values], ``refresh_update_id`` (id of the
        "date actualisation" value to move to the file's date, or None),
        ``returned``, ``changed``
    """
    dossier_id = row[0]
    plan = {"identity": {}, "locked": {}, "new_assignment": None, "reopen_assignment": None, "reorientation": False,
            "new_enrollment": None, "reopen_enrollment": None, "new_values": [], "refresh_update_id": None,
            "returned": False, "changed": False}
    # identity follows the administrative system (contact data do not)
    identity = {name: person[name] for index, name in enumerate(IDENTITY_FIELDS, 3)
                if person.get(name) and person[name] != row[index]}
    if identity and row[8]:
        # a justified identity: its locked fields stay as checked
        plan["locked"] = {name: identity.pop(name) for name in LOCKED_IDENTITY_FIELDS if name in identity}
    plan["identity"] = identity
    changed = bool(identity)
    returned = False
    # référent de parcours
    referent = person["referent"]
    designation = person.get("designation_date") or file_date
    if not assignment:
        plan["new_assignment"] = {"beneficiary_id": dossier_id, "user_id": referent, "role": "parcours",
                                  "date_start": designation}
        changed = True
    else:
        _dossier_id, assignment_id, user_id, date_start, date_end = assignment
        if user_id == referent:
            if date_end:
                # an exit entered by hand while the person is still fed
                plan["reopen_assignment"] = assignment_id
                returned = True
        else:
            start = designation if designation > date_start else file_date
            if date_end and date_end < start:
                # exited by hand, then designated to someone else
                returned = True
            else:
                start = max(start, date_start + timedelta(days=1))
                plan["reorientation"] = True
            plan["new_assignment"] = {"beneficiary_id": dossier_id, "user_id": referent, "role": "parcours",
                                      "date_start": start}
            changed = True
    # enrolment in the programme
    if not enrollment:
        plan["new_enrollment"] = {"beneficiary_id": dossier_id, "program_id": program_id, "date_entry": designation}
        changed = True
    elif enrollment[3]:
        plan["reopen_enrollment"] = enrollment[1]
        returned = True
    # characteristics, with history, only when they change
    for type_id, parsed in person["characteristics"].items():
        current = current_values.get(type_id)
        field, value = next(iter(parsed.items()))
        if current and current[field] == value:
            continue
        plan["new_values"].append({"beneficiary_id": dossier_id, "type_id": type_id, "date": file_date, **parsed})
        changed = True
    update_value = current_values.get(update_type_id)
    if not update_value:
        plan["new_values"].append({"beneficiary_id": dossier_id, "type_id": update_type_id, "date": file_date,
                                   "value_date": file_date})
    elif update_value["value_date"] != file_date:
        plan["refresh_update_id"] = update_value["id"]
    plan["returned"] = returned
    plan["changed"] = changed or returned
    return plan


def merge_plans(plans, counts):
    """The writes of a batch: ``plans`` [(person, dossier id, plan of
    :func:`plan_update`)] gathered by kind; ``counts`` (a Counter) gets the
    updated, unchanged, réorientation and return counts.

    :return: dict of lists: ``identity_writes`` [(dossier id, values)],
        ``identity_warnings`` [(person, dossier id, locked values)],
        ``new_assignments``, ``reopen_assignments``, ``new_enrollments``,
        ``reopen_enrollments``, ``new_values``, ``refresh_update_ids``
    """
    batch = {name: [] for name in ("identity_writes", "identity_warnings", "new_assignments", "reopen_assignments",
                                   "new_enrollments", "reopen_enrollments", "new_values", "refresh_update_ids")}
    for person, dossier_id, plan in plans:
        if plan["locked"]:
            batch["identity_warnings"].append((person, dossier_id, plan["locked"]))
        if plan["identity"]:
            batch["identity_writes"].append((dossier_id, plan["identity"]))
        for name, key in (("new_assignments", "new_assignment"), ("reopen_assignments", "reopen_assignment"),
                          ("new_enrollments", "new_enrollment"), ("reopen_enrollments", "reopen_enrollment"),
                          ("refresh_update_ids", "refresh_update_id")):
            if plan[key]:
                batch[name].append(plan[key])
        batch["new_values"] += plan["new_values"]
        counts["reorientation"] += plan["reorientation"]
        counts["return"] += plan["returned"]
        counts["updated" if plan["changed"] else "unchanged"] += 1
    return batch


def value_display(value_type, value, yes_no):
    """``value_display`` of a new characteristic value that is not a
    selection (as its compute); ``yes_no``: the translated labels."""
    if value_type == "date":
        return value["value_date"].strftime("%d/%m/%Y") if value.get("value_date") else ""
    if value_type == "float":
        return f"{value.get('value_float') or 0.0:g}"
    if value_type == "boolean":
        return yes_no[0] if value.get("value_boolean") else yes_no[1]
    return value.get("value_char") or ""
