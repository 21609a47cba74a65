from . import casework_step_enroll_wizard
from . import casework_step_end_wizard
from . import casework_step_end_wizard_line
