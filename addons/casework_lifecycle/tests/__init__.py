from . import test_lifecycle
from . import test_wizard_scope
from . import test_privacy_lookup
