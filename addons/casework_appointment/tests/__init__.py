from . import test_appointment
from . import test_appointment_attack
from . import test_appointment_scope
from . import test_sms_reminder
from . import test_subject_access_export
from . import test_ui_appointment
from . import test_wizard_scope
from . import test_attack_review
