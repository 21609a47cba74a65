from . import test_install
from . import test_convention
from . import test_step_convention
from . import test_fse_operation
from . import test_questionnaire
from . import test_questionnaire_integrity
from . import test_operation_view
from . import test_survey_pages
