from .. import value
from ..sub import where as w
level = 2
