"""Sentences that know where their numbers came from.

A :class:`Line` is built piece by piece: plain words with :meth:`Line.t`, and every figure with
:meth:`Line.num` (a Fact and the field of it the figure renders), :meth:`Line.name` (an instrument's
name, e.g. "Russell 2000") or :meth:`Line.cal` (the exchange calendar: a date or a closing time).
Built, it is a :class:`Sentence`: its text and a :class:`Span` for each figure, so a renderer can
attach footnotes and a test can check that no digit in the text is unaccounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..facts.model import Fact

SpanKind = Literal["fact", "name", "calendar"]


@dataclass(frozen=True, slots=True)
class Span:
    """A figure in a text: ``text[start:end]``, its kind, and what backs it.

    ``kind == "fact"``: ``fact`` is the Fact and ``field`` names what was rendered: ``"value"``,
    ``"context.KEY"`` (a context value), ``"date:context.KEY"`` / ``"date:as_of"`` /
    ``"date:period.end"`` (a date), ``"count:value"`` (a count written as a word or ordinal),
    ``"term"`` (digits naming the statistic, "52-week": :data:`.phrases.TERMS`),
    ``"bound:value"`` (a lower bound of the value's magnitude: "more than 11%" for -11.98).
    ``kind == "calendar"``: ``field`` says what the XNYS calendar gave (``"date"``, ``"close_time"``).
    ``kind == "name"``: an instrument's name holding digits ("S&P 500").
    """

    start: int
    end: int
    text: str
    kind: SpanKind
    fact: Fact | None = None
    field: str = ""

    def shifted(self, by: int) -> Span:
        return Span(self.start + by, self.end + by, self.text, self.kind, self.fact, self.field)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                "field": self.field, "fact": self.fact.to_dict() if self.fact else None}


@dataclass(frozen=True, slots=True)
class Sentence:
    """Text with the spans of its figures (offsets relative to ``text``)."""

    text: str
    spans: tuple[Span, ...] = ()

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The distinct Facts behind this sentence, in order of first use."""
        seen: dict[int, Fact] = {}
        for s in self.spans:
            if s.fact is not None:
                seen.setdefault(id(s.fact), s.fact)
        return tuple(seen.values())


@dataclass(slots=True)
class Line:
    """A sentence under construction (see the module docstring)."""

    parts: list[tuple[str, SpanKind | None, Fact | None, str]] = field(default_factory=list)

    def t(self, text: str) -> Line:
        """Plain words (must hold no digit)."""
        if any(ch.isdigit() for ch in text):
            raise ValueError(f"plain text may not hold figures: {text!r}")
        self.parts.append((text, None, None, ""))
        return self

    def num(self, text: str, fact: Fact, field_: str) -> Line:
        """A figure rendered from ``fact`` (``field_`` as in :class:`Span`)."""
        self.parts.append((text, "fact", fact, field_))
        return self

    def name(self, text: str) -> Line:
        """An instrument name; digits in it are part of the name, not figures."""
        self.parts.append((text, "name" if any(c.isdigit() for c in text) else None, None, ""))
        return self

    def cal(self, text: str, what: str) -> Line:
        """A figure from the exchange calendar (a session date, a closing time)."""
        self.parts.append((text, "calendar", None, what))
        return self

    def __bool__(self) -> bool:
        return bool(self.parts)

    def build(self) -> Sentence:
        pos, chunks, spans = 0, [], []
        for text, kind, fact, fld in self.parts:
            if kind is not None:
                spans.append(Span(pos, pos + len(text), text, kind, fact, fld))
            chunks.append(text)
            pos += len(text)
        return Sentence("".join(chunks), tuple(spans))


def join(sentences: list[Sentence], sep: str = " ") -> Sentence:
    """Sentences joined into one text (a paragraph), spans shifted."""
    pos, chunks, spans = 0, [], []  # type: int, list[str], list[Span]
    for i, s in enumerate(sentences):
        if i:
            chunks.append(sep)
            pos += len(sep)
        spans.extend(sp.shifted(pos) for sp in s.spans)
        chunks.append(s.text)
        pos += len(s.text)
    return Sentence("".join(chunks), tuple(spans))


__all__ = ["Line", "Sentence", "Span", "SpanKind", "join"]
