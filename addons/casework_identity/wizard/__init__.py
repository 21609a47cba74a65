from . import casework_beneficiary_merge
from . import casework_beneficiary_merge_line
