from . import res_users
from . import casework_booking_invitation
from . import casework_booking_attempt
from . import casework_beneficiary
from . import casework_booking_topic
from . import casework_structure
from . import casework_orientation_resource
from . import casework_contact_request
