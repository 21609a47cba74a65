from . import casework_feed_import
