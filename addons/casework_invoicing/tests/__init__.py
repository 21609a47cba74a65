from . import test_access
from . import test_demo
from . import test_facturx
from . import test_invoicing
from . import test_rounding
from . import test_tour
from . import test_words
