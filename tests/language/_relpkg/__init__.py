print("relpkg init", __name__, __package__)
from .alpha import A
from . import beta
__all__ = ["A", "beta", "gamma_value"]
gamma_value = 3
