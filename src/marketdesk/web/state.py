"""Per-app state: the store path, a read-only Desk per request, and in-process LRU caches.

DuckDB lets no other process open a file while one holds it, so the app never keeps the store open:
each request opens a read-only :class:`~marketdesk.desk.Desk` and closes it when done, and
``marketdesk load`` is blocked for at most one request. The store is read-only for the server's
life, so results (fact sheets, serialized API bodies) are cached per key in bounded LRUs.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from ..desk import Desk, resolve
from .bodies import Body

__all__ = ["LRU", "WebState", "clean_symbol", "SYMBOL_RE", "BODY_CACHE_BYTES"]

#: Bytes of response bodies (raw + gzip) the server keeps: full-history bars of one index are
#: about 1 MB, so this holds dozens of charts' data and stays far below the process's own size.
BODY_CACHE_BYTES = 48 * 2**20

K = TypeVar("K")
V = TypeVar("V")

#: What a symbol or instrument name may look like in a URL (after percent-decoding).
SYMBOL_RE = re.compile(r"^[A-Za-z0-9^=._&\- ]{1,40}$")


class LRU(Generic[K, V]):
    """A small thread-safe least-recently-used map, bounded in entries and, given ``weigh``
    (value -> bytes), in bytes: the least recently used entries go first when either is over."""

    def __init__(self, maxsize: int = 512, max_bytes: int | None = None,
                 weigh: Callable[[V], int] | None = None) -> None:
        self.maxsize = maxsize
        self.max_bytes = max_bytes
        self._weigh = weigh
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self.nbytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            self.misses += 1
            return None

    def _size(self, value: V) -> int:
        return self._weigh(value) if self._weigh is not None else 0

    def put(self, key: K, value: V) -> V:
        size = self._size(value)
        if self.max_bytes is not None and size > self.max_bytes:
            return value          # larger than the whole cache: served, never kept
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.nbytes -= self._size(old)
            self._data[key] = value
            self.nbytes += size
            while len(self._data) > self.maxsize or (
                    self.max_bytes is not None and self.nbytes > self.max_bytes):
                _, gone = self._data.popitem(last=False)
                self.nbytes -= self._size(gone)
        return value

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """The cached value of ``key``, else ``compute()`` stored (exceptions are not cached)."""
        hit = self.get(key)
        return hit if hit is not None else self.put(key, compute())

    def __len__(self) -> int:
        return len(self._data)


def clean_symbol(raw: str) -> str:
    """A canonical symbol for a URL's symbol ("%5ERUT", "^RUT", "RUT" -> "^RUT").

    Raises WebError 400 ("BadSymbol") for text that cannot be a symbol (it never reaches the
    store); an unknown but well-formed symbol is the store's SymbolError (404) later.
    """
    from .errors import WebError

    text = raw.strip()
    if not SYMBOL_RE.match(text):
        raise WebError(400, f"{raw[:60]!r} is not a symbol: use a ticker such as ^RUT, ^GSPC "
                       "or DGS10 (letters, digits and ^ = . _ & - only).", "BadSymbol")
    return resolve(text)


@dataclass
class WebState:
    """What a running app holds: the store path and its caches (never an open connection)."""

    db: Path | None
    sheets: LRU[tuple[str, ...], object] = field(default_factory=lambda: LRU(256))
    bodies: LRU[tuple[str, ...], Body] = field(
        default_factory=lambda: LRU(4096, max_bytes=BODY_CACHE_BYTES, weigh=lambda b: b.nbytes))
    #: request URL (raw path, query string) -> key in ``bodies`` (see ``web.replay``)
    urls: LRU[tuple[bytes, bytes], tuple[str, ...]] = field(default_factory=lambda: LRU(8192))

    @contextmanager
    def desk(self) -> Iterator[Desk]:
        """A read-only Desk for one request, closed afterwards (the file is then free)."""
        desk = Desk(self.db, read_only=True)
        try:
            yield desk
        finally:
            desk.close()
