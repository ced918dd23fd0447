from .alpha import A as AA
from ._private import hidden
B = "beta-B " + AA + " " + hidden
