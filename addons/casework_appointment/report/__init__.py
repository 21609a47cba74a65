from . import calendar_event_convocation
