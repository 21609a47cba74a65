from . import test_install
from . import test_report
from . import test_alert
from . import test_dashboard
from . import test_dashboard_tour
from . import test_export
from . import test_export_output
from . import test_export_tour
