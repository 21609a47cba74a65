from . import test_install
from . import test_report
from . import test_alert
