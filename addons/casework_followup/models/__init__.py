from . import casework_beneficiary
from . import casework_formal_notice
from . import casework_note
from . import mail_activity
from . import casework_document_folder
from . import casework_document_type
from . import casework_document
from . import casework_merge_template
