# from __future__ import annotations keeps annotations as text, normalised
# as CPython writes them; the statement also imports Lib/__future__.py.
import sys
sys.path.append('/usr/lib/python3.11')
import _future_annotations_helper
import __future__
print(__future__.annotations.getMandatoryRelease(), __future__.annotations.compiler_flag)
