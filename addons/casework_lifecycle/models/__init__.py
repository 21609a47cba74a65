from . import casework_beneficiary
from . import casework_retention_rule
from . import res_config_settings
