# sys.exit(None) and sys.exit() gave args (None,); a tuple argument became
# one arg instead of the args; a SystemExit instance was wrapped again.
import sys
for a in [(), (None,), ((1, 2),), ((None,),), ([1],), (SystemExit(4),), (ValueError('x'),), ('m',)]:
    try:
        sys.exit(*a)
    except SystemExit as e:
        print(type(e).__name__, repr(e.code), e.args, repr(e))
