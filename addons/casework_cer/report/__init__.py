from . import casework_timeline_entry
