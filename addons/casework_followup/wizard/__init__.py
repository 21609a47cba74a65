from . import casework_merge_wizard
