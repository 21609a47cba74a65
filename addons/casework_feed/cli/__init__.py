from . import casework_feed
