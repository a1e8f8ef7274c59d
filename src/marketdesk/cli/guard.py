"""Turn errors into a message and an exit code, the same way in every command: never a traceback.

A :class:`MarketdeskError` is reported with its message and exit code. Anything else that escapes
a command (a bug, or a library failing in a way not foreseen) is reported the same way, as an
``InternalError`` with exit code 1 and the one JSON shape under ``--json``; set
``MARKETDESK_DEBUG=1`` to get the traceback instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from ..errors import MarketdeskError
from .render import fail


class InternalError(MarketdeskError):
    """An unexpected failure inside marketdesk: reported without a traceback."""

    exit_code = 1


@contextmanager
def guarded(as_json: bool) -> Iterator[None]:
    """Run a command body; a MarketdeskError becomes its message and exit code, any other
    exception an :class:`InternalError` (exit 1)."""
    try:
        yield
    except MarketdeskError as err:
        fail(err, as_json)
    except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 -- the last net under every command
        if os.environ.get("MARKETDESK_DEBUG"):
            raise
        text = str(exc).split("\n")[0][:300]
        fail(InternalError(f"unexpected {type(exc).__name__}: {text}. This is a bug in "
                           "marketdesk; run again with MARKETDESK_DEBUG=1 for the traceback and "
                           "report it."), as_json)
