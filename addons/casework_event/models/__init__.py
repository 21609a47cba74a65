from . import event_event
from . import event_registration
from . import event_mail
from . import event_mail_slot
from . import casework_beneficiary
