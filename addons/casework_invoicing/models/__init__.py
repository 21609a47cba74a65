from . import account_move
from . import casework_attendance
from . import casework_convention
from . import casework_invoice_line
from . import casework_step
