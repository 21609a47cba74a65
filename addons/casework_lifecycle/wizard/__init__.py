from . import casework_anonymise_wizard
from . import casework_subject_access_export
