from .. import alpha
from ..beta import B
from .deep import D
SUB = (alpha.A, B, D)
