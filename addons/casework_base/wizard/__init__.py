from . import casework_assignment_exit
from . import casework_beneficiary_merge_line
from . import casework_beneficiary_merge
