"""What to run next: the command-line hints the CLI adds to an error's message.

The lower layers raise typed errors that say what is wrong (``NoDataError.symbols`` and
``.last_date``, ``SymbolError.in_store``); only the command line knows its own commands, so the
hints live here.
"""

from __future__ import annotations

from ..errors import NoDataError, SymbolError

__all__ = ["hint_for"]


def hint_for(err: BaseException) -> str | None:
    """The command that would help with ``err``, as a sentence; None when there is none."""
    if isinstance(err, NoDataError) and err.symbols:
        syms = " ".join(err.symbols)
        if err.last_date is not None:
            return (f"Load newer bars with `marketdesk fetch {syms} --start {err.last_date}` "
                    "or `marketdesk load FILE`.")
        if len(err.symbols) == 1:
            return f"Load them with `marketdesk load FILE --symbol {syms}` or `marketdesk fetch {syms}`."
        return f"Load them with `marketdesk fetch {syms}` or `marketdesk load FILE`."
    if isinstance(err, SymbolError) and err.in_store is False and err.symbol:
        return (f"If it is a ticker you want, load it with `marketdesk load FILE --symbol "
                f"{err.symbol}` or `marketdesk fetch {err.symbol}`.")
    return None
