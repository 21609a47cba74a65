from . import casework_timeline_entry
from . import casework_contract_letter_report
from . import casework_contract_signature_page
from . import casework_contract_decision_letter
from . import casework_contract_refusal_letter
