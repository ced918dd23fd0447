# compare: stderr
from __future__ import braces
