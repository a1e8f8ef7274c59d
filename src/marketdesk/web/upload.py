"""Reading an article from the check form: pasted text or one uploaded file, bounded and typed.

Accepted: at most 1 MB (``service.MAX_ARTICLE``) of UTF-8, pasted, or uploaded as ``text/plain``
or ``text/html`` (an HTML page is reduced to its text). Nothing is written to disk.
"""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import UploadFile

from .errors import WebError
from .service import MAX_ARTICLE

__all__ = ["article_from_form", "ALLOWED_TYPES", "decode_article"]

ALLOWED_TYPES = frozenset({"text/plain", "text/html"})


def decode_article(data: bytes, content_type: str) -> str:
    """UTF-8 text of an article; HTML pages become their visible text."""
    if len(data) > MAX_ARTICLE:
        raise WebError(413, f"The article is larger than {MAX_ARTICLE // 1_000_000} MB.",
                       "TooLarge")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WebError(400, "The file is not UTF-8 text.", "BadUpload") from None
    if content_type == "text/html":
        from ..check.article import html_to_text

        text = html_to_text(text)
    return text


async def article_from_form(request: Request) -> tuple[str, str | None]:
    """(article text, as-of string or None) from a urlencoded or multipart form."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise WebError(415, "Send the article with the form (multipart/form-data).",
                       "UnsupportedMediaType")
    form = await request.form(max_files=1, max_fields=8, max_part_size=MAX_ARTICLE + 1024)
    as_of = form.get("as_of")
    upload = form.get("file")
    text = ""
    if isinstance(upload, UploadFile) and upload.filename:
        kind = (upload.content_type or "").split(";")[0].strip().lower()
        if kind not in ALLOWED_TYPES:
            raise WebError(415, f"Upload a text/plain or text/html file (got {kind or 'no type'}).",
                           "UnsupportedMediaType")
        data = await upload.read(MAX_ARTICLE + 1)
        text = decode_article(data, kind)
    pasted = form.get("text")
    if not text and isinstance(pasted, str):
        text = decode_article(pasted.encode("utf-8"), "text/plain")
    if not text.strip():
        raise WebError(400, "Paste an article or choose a file to check.", "EmptyArticle")
    return text, as_of if isinstance(as_of, str) else None
