from . import test_case_matrix
from . import test_dossier_completeness
from . import test_ui
from . import test_cv_pdf
