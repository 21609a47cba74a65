from . import casework_assignment_exit
from . import casework_merge_wizard
