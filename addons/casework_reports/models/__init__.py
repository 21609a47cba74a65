from . import casework_report_territory
from . import casework_report_beneficiary
from . import casework_report_contract
from . import casework_report
from . import casework_report_xlsx
from . import casework_alert
from . import casework_alert_preference
from . import casework_alert_subscription
