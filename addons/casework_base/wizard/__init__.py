from . import casework_assignment_exit
from . import casework_beneficiary_merge_line
from . import casework_beneficiary_merge
from . import casework_anonymise_wizard
from . import casework_subject_access_export
from . import casework_collective_appointment
from . import casework_merge_wizard
from . import casework_feed_import
