from . import casework_contract_letter_wizard
