from . import casework_export
