from . import res_users
from . import casework_booking_invitation
from . import casework_booking_attempt
from . import casework_beneficiary
