from . import test_case_matrix
from . import test_document
from . import test_followup_access
from . import test_formal_notice
from . import test_note
from . import test_task
from . import test_timeline
from . import test_wizard_scope
