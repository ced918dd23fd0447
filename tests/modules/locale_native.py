# _locale: setlocale queries and errors, localeconv, nl_langinfo, getencoding, strcoll/strxfrm, gettext.
import _locale
print(sorted(n for n in dir(_locale) if not n.startswith('__')) == sorted(n for n in dir(_locale) if not n.startswith('__')))
print(_locale.getencoding(), _locale.setlocale(_locale.LC_ALL), _locale.setlocale(_locale.LC_CTYPE))
print(_locale.localeconv())
print(_locale.Error.__mro__, _locale.Error.__module__, _locale.Error.__name__)
for f in (lambda: _locale.setlocale(_locale.LC_ALL, 'xx_YY'), lambda: _locale.setlocale(99),
          lambda: _locale.nl_langinfo(99999), lambda: _locale.setlocale('x'), lambda: _locale.strcoll('a', 1),
          lambda: _locale.strxfrm(3)):
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
print(_locale.nl_langinfo(_locale.CODESET), _locale.nl_langinfo(_locale.D_T_FMT), _locale.nl_langinfo(_locale.DAY_1), _locale.nl_langinfo(_locale.RADIXCHAR))
print(_locale.strxfrm('abc'), _locale.strcoll('a', 'b') < 0, _locale.strcoll('b', 'a') > 0, _locale.strcoll('x', 'x'), _locale.strcoll('é', 'e') > 0)
print(_locale.setlocale(_locale.LC_NUMERIC, 'C.UTF-8'), _locale.localeconv()['decimal_point'], _locale.setlocale(_locale.LC_NUMERIC, 'C'))
print(_locale.gettext('hello'), _locale.dgettext(None, 'x'), _locale.textdomain(None), _locale.CHAR_MAX, _locale.LC_ALL, _locale.LC_MESSAGES)
print(sorted(n for n in dir(_locale) if n.isupper()))
