from . import test_install
from . import test_export
from . import test_export_output
from . import test_export_tour
