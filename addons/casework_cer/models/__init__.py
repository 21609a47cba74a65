from . import casework_contract_theme
from . import casework_contract_priority
from . import casework_contract
from . import casework_contract_objective
from . import casework_contract_transition
from . import casework_beneficiary
from . import casework_step
from . import res_config_settings
