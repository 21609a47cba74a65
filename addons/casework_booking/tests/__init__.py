from . import test_booking_page
from . import test_free_slots
from . import test_invitation
