from . import operation_indicators_xlsx
