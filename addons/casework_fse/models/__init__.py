from . import casework_convention
from . import casework_convention_cofunder
from . import casework_offer_classification
from . import casework_offer
from . import casework_step
from . import survey_survey
from . import survey_user_input
from . import survey_user_input_line
