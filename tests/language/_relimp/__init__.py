from .sub import value
from . import sub
name = __name__
