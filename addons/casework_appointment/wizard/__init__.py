from . import casework_collective_appointment
