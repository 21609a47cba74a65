from . import rounding, words
