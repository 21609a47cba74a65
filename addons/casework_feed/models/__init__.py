from . import res_users
from . import casework_beneficiary
from . import res_config_settings
from . import casework_feed_mapping
from . import casework_feed_mapping_line
from . import casework_feed_run
from . import casework_feed_run_protection
from . import casework_feed_reject
