from . import casework_assignment_exit
from . import casework_feed_import
