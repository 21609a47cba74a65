from . import test_booking_page
from . import test_case_matrix
from . import test_concurrency
from . import test_demo
from . import test_free_slots
from . import test_invitation
