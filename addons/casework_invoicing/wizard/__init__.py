from . import casework_invoicing_wizard
