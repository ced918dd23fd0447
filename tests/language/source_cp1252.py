#!/usr/bin/env python3
# vim: set fileencoding=cp1252 :
# The coding declaration on the second line, in vim style; cp1252 bytes.
print("€ “quoted” …", ascii("œŸ"))
