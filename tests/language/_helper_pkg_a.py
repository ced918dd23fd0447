# Helper module: imports another helper (import chains).
import _helper_mod
def double_value():
    return _helper_mod.VALUE * 2
