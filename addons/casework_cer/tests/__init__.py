from . import test_install
from . import test_contract
from . import test_workflow
from . import test_case_matrix
from . import test_concurrency
from . import test_personal_data
from . import test_demo
from . import test_renewal
