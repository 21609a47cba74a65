from . import casework_assignment_exit
