"""Cacheable response bodies: bytes with their ETag and gzip form, computed once.

The store is read-only for the server's life, so an API body or a static asset never changes
while it is cached: each :class:`Body` carries a strong ETag (a hash of its bytes) and, when it is
worth it, its gzip encoding, made once when the body is built. :func:`send` answers
``If-None-Match`` with 304 and ``Accept-Encoding: gzip`` with the compressed bytes.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

__all__ = ["Body", "send", "NO_CACHE", "IMMUTABLE"]

#: API answers: cache, but ask the server (a cheap 304) before each reuse.
NO_CACHE = "no-cache"
#: Versioned assets (their URL changes with their content): keep for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Bodies shorter than this are sent as they are (gzip would not pay for its header).
MIN_GZIP = 1024


@dataclass(frozen=True, slots=True)
class Body:
    """Response bytes, their ETag and their gzip encoding (None for small bodies)."""

    raw: bytes
    etag: str
    gz: bytes | None

    @classmethod
    def of(cls, raw: bytes) -> Body:
        tag = '"' + hashlib.blake2b(raw, digest_size=12).hexdigest() + '"'
        gz = gzip.compress(raw, compresslevel=6, mtime=0) if len(raw) >= MIN_GZIP else None
        return cls(raw, tag, gz)

    @property
    def nbytes(self) -> int:
        """Bytes held (raw plus compressed), what a byte-bounded cache counts."""
        return len(self.raw) + (len(self.gz) if self.gz else 0) + 64


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*") and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False


def _matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    return header.strip() == "*" or etag in (t.strip().removeprefix("W/") for t in header.split(","))


def send(request: Request, body: Body, media_type: str, cache_control: str = NO_CACHE,
         status: int = 200) -> Response:
    """``body`` as a response: 304 when the client holds it, gzip when the client takes it."""
    headers = {"etag": body.etag, "cache-control": cache_control, "vary": "accept-encoding"}
    if status == 200 and _matches(request, body.etag):
        return Response(status_code=304, headers=headers)
    if body.gz is not None and _accepts_gzip(request):
        return Response(body.gz, status_code=status, media_type=media_type,
                        headers={**headers, "content-encoding": "gzip"})
    return Response(body.raw, status_code=status, media_type=media_type, headers=headers)
