from . import test_registration
from . import test_presence
from . import test_access
from . import test_rpc
from . import test_data_protection
from . import test_timeline
from . import test_attack_review
