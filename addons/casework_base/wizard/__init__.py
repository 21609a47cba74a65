from . import casework_assignment_exit
from . import casework_collective_appointment
