from . import casework_contract_signature_wizard
from . import casework_contract_letter_wizard
