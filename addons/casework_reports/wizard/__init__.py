from . import casework_report_run
