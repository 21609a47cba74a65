from . import casework_step_enroll_wizard
