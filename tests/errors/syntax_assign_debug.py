# compare: stderr
__debug__ = 1
