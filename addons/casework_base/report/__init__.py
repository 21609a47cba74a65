from . import casework_timeline_entry
from . import ir_actions_report
