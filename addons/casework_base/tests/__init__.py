from . import test_beneficiary
from . import test_enrollment
from . import test_assignment
from . import test_characteristic
from . import test_access
from . import test_ui
from . import test_formal_notice
from . import test_feed_import
