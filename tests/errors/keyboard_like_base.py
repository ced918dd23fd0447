# Exception not derived from Exception still ends the program with exit 1.
class Fatal(BaseException):
    pass
try:
    raise Fatal('base-level')
except Exception:
    print('not caught by except Exception')
