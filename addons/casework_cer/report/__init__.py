from . import casework_timeline_entry
from . import casework_contract_letter_report
from . import ir_actions_report
