from . import test_case_matrix
from . import test_duplicate
from . import test_duplicate_audit
from . import test_identifier
from . import test_merge
from . import test_wizard_scope
from . import test_search
from . import test_search_tour
