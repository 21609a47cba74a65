from . import res_users
from . import casework_beneficiary
from . import casework_appointment_type
from . import casework_appointment_theme
from . import casework_appointment_location
from . import calendar_event
from . import calendar_event_synthesis
from . import sms_tracker
