from . import casework_dossier_wizard_mixin
from . import calendar_popover_delete_wizard
from . import casework_assignment_exit
