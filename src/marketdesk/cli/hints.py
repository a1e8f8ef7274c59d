"""What to run next: the command-line hints the CLI adds to an error's message.

The lower layers raise typed errors that say what is wrong (``NoDataError.symbols`` and
``.last_date``, ``SymbolError.in_store``); only the command line knows its own commands, so the
hints live here.
"""

from __future__ import annotations

import re
import shlex

from ..errors import NoDataError, StoreError, SymbolError

__all__ = ["hint_for", "quote"]

_PLAIN = re.compile(r"[A-Za-z0-9_^=.,:/@%+-]+")


def quote(arg: str) -> str:
    """``arg`` as one shell word: as it is when plain (``^RUT``, ``RTY=F``, a simple path), else
    single-quoted (``'Russell 2000'``, ``'a;b'``)."""
    return arg if _PLAIN.fullmatch(arg) else shlex.quote(arg)


def _store_hint(err: StoreError) -> str | None:
    if err.path is None:
        return None
    db = quote(err.path)
    if err.reason == "missing":
        return f"Create it with `marketdesk load FILE --db {db}`, or check the --db path."
    if err.reason == "damaged":
        return (f"Move it aside with `mv {db} {quote(err.path + '.damaged')}`, then "
                f"`marketdesk load FILE... --db {db}` again.")
    return None


def hint_for(err: BaseException) -> str | None:
    """The command that would help with ``err``, as a sentence (arguments shell-quoted); None
    when there is none."""
    if isinstance(err, StoreError):
        return _store_hint(err)
    if isinstance(err, NoDataError) and err.symbols:
        syms = " ".join(quote(s) for s in err.symbols)
        if err.last_date is not None:
            return (f"Load newer bars with `marketdesk fetch {syms} --start {err.last_date}` "
                    "or `marketdesk load FILE`.")
        if len(err.symbols) == 1:
            return f"Load them with `marketdesk load FILE --symbol {syms}` or `marketdesk fetch {syms}`."
        return f"Load them with `marketdesk fetch {syms}` or `marketdesk load FILE`."
    if isinstance(err, SymbolError) and err.in_store is False and err.symbol:
        sym = quote(err.symbol)
        return (f"If it is a ticker you want, load it with `marketdesk load FILE --symbol "
                f"{sym}` or `marketdesk fetch {sym}`.")
    return None
