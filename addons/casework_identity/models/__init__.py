from . import casework_beneficiary
from . import casework_beneficiary_duplicate
from . import casework_beneficiary_search
from . import casework_identifier_type
from . import casework_beneficiary_identifier
from . import res_config_settings
