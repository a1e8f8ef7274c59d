"""Turn project errors into a message and an exit code, the same way in every command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import MarketdeskError
from .render import fail


@contextmanager
def guarded(as_json: bool) -> Iterator[None]:
    """Run a command body; a MarketdeskError becomes its message and exit code."""
    try:
        yield
    except MarketdeskError as err:
        fail(err, as_json)
