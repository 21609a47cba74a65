from . import casework_anonymise_wizard
from . import casework_subject_access_export
from . import privacy_lookup_wizard
from . import privacy_lookup_wizard_line
