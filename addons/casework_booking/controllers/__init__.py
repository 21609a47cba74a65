from . import main
from . import sos
