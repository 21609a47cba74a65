from . import casework_beneficiary_cv
