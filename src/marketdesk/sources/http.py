"""HTTP GET with retries for the network providers (stdlib ``urllib`` only).

One public function, :func:`get`. It retries what is worth retrying and fails at once on what is
not:

- retried: timeouts, connection errors (refused, reset, DNS), HTTP 408, 429 and 5xx (except 501
  and 505), and truncated bodies (fewer bytes than ``Content-Length``);
- not retried: any other 4xx (a wrong symbol or series does not get better by asking again).

Waits grow exponentially with jitter: ``backoff * 2**i * U(0.5, 1.0)`` before retry ``i``; an HTTP
429 with ``Retry-After`` waits what the server asks, capped at ``max_retry_after`` seconds. After
the last attempt a :class:`~marketdesk.errors.ProviderError` says what was fetched, what went wrong
on each attempt and what to do. Secrets (API keys) named in ``redact`` never reach a message.
"""

from __future__ import annotations

import email.utils
import gzip
import http.client
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Mapping

from ..version import __version__
from ..errors import ProviderError

USER_AGENT = f"Mozilla/5.0 (compatible; marketdesk/{__version__}; +https://pypi.org/project/marketdesk)"
RETRY_STATUSES = frozenset({408, 429}) | (frozenset(range(500, 600)) - {501, 505})


class HTTPStatusError(ProviderError):
    """A non-retryable HTTP status (a 4xx); ``body`` holds the response so a provider can read
    its own error document (Yahoo's ``chart.error``, FRED's ``error_message``)."""

    def __init__(self, message: str, *, provider: str, url: str, status: int,
                 body: bytes = b"") -> None:
        super().__init__(message, provider=provider, url=url, status=status)
        self.body = body


class _Retryable(Exception):
    """One failed attempt worth retrying: a short reason and, for 429, the server's wait."""

    def __init__(self, reason: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


def build_url(url: str, params: Mapping[str, object] | None = None) -> str:
    """``url`` with ``params`` url-encoded into its query (``None`` values left out)."""
    if not params:
        return url
    query = urllib.parse.urlencode({k: str(v) for k, v in params.items() if v is not None})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def redact_url(url: str, secrets: Iterable[str] = ()) -> str:
    """``url`` with every query parameter named in ``secrets`` shown as ``***``."""
    names = set(secrets)
    if not names:
        return url
    parts = urllib.parse.urlsplit(url)
    query = [(k, "***" if k in names else v)
             for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, safe="*")))


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _decode(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


def _attempt(request: urllib.request.Request, timeout: float, provider: str,
             shown_url: str) -> bytes:
    """One GET: the body, or :class:`_Retryable`, or :class:`HTTPStatusError` for other 4xx."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            body = resp.read()
            expected = resp.headers.get("Content-Length")
            if expected is not None and expected.isdigit() and len(body) < int(expected):
                raise _Retryable(f"truncated body ({len(body)} of {expected} bytes)")
            return _decode(body, resp.headers.get("Content-Encoding"))
    except urllib.error.HTTPError as exc:
        status = exc.code
        try:
            body = exc.read()
        except (OSError, http.client.HTTPException):
            body = b""
        finally:
            exc.close()
        if status in RETRY_STATUSES:
            wait = parse_retry_after(exc.headers.get("Retry-After")) if status == 429 else None
            raise _Retryable(f"HTTP {status} {exc.reason}", status, wait) from None
        raise HTTPStatusError(
            f"{provider}: HTTP {status} {exc.reason} for {shown_url}",
            provider=provider, url=shown_url, status=status, body=body) from None
    except http.client.IncompleteRead as exc:
        raise _Retryable(f"truncated body ({len(exc.partial)} bytes, "
                         f"{exc.expected} more expected)") from None
    except (TimeoutError, socket.timeout):
        raise _Retryable(f"timed out after {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise _Retryable(f"timed out after {timeout:g} s") from None
        raise _Retryable(f"connection failed ({reason})") from None
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        raise _Retryable(f"connection failed ({type(exc).__name__}: {exc})") from None


def get(
    url: str,
    *,
    params: Mapping[str, object] | None = None,
    timeout: float = 30.0,
    retries: int = 4,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    provider: str = "http",
    what: str | None = None,
    headers: Mapping[str, str] | None = None,
    max_retry_after: float = 60.0,
    redact: Iterable[str] = (),
) -> bytes:
    """GET ``url`` (with ``params``) and return the body, retrying transient failures.

    ``retries`` is the number of retries after the first attempt (``retries=4`` makes at most 5
    attempts). ``sleep`` is called with each wait (tests pass a recorder). ``what`` names the
    download in messages (``"^RUT daily bars from Yahoo Finance"``); ``redact`` lists query
    parameters (``api_key``) hidden in messages. Raises :class:`HTTPStatusError` at once on a
    non-retryable 4xx and :class:`~marketdesk.errors.ProviderError` after the last failed attempt.
    """
    if retries < 0:
        raise ValueError(f"retries must be >= 0, got {retries}")
    full = build_url(url, params)
    shown = redact_url(full, redact)
    request = urllib.request.Request(full, headers={
        "User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})
    failures: list[str] = []
    last_status: int | None = None
    for i in range(retries + 1):
        try:
            return _attempt(request, timeout, provider, shown)
        except _Retryable as exc:
            failures.append(f"attempt {i + 1}: {exc.reason}")
            last_status = exc.status
            if i == retries:
                break
            wait = backoff * (2 ** i) * (0.5 + random.random() / 2)
            if exc.retry_after is not None:
                wait = min(exc.retry_after, max_retry_after)
            sleep(wait)
    raise ProviderError(
        f"Could not download {what or 'data'} from {shown} after {len(failures)} attempts: "
        f"{'; '.join(failures)}. Check your network or try later.",
        provider=provider, url=shown, status=last_status)


__all__ = [
    "USER_AGENT",
    "RETRY_STATUSES",
    "HTTPStatusError",
    "build_url",
    "redact_url",
    "parse_retry_after",
    "get",
]
