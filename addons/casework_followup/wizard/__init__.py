from . import casework_merge_wizard
from . import mail_activity_schedule
