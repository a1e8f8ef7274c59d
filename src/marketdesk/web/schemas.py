"""The API's response models: what the OpenAPI document says each endpoint returns.

The routes send cached JSON bytes (no per-request validation, which is what keeps a cached fact
sheet cheap); these models only describe them, and ``tests/test_web_schema.py`` checks every
response against them. Field names and units follow the facts layer: percent values are in
percent (1.47 means 1.47 %), yields in percent, dates ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ErrorDetail", "ErrorBody", "FactOut", "FactSheetOut", "SheetRowOut", "SheetSectionOut",
           "LeftOutOut", "BarsOut", "MonthlyOut",
           "SeasonalityOut", "DrawdownOut", "CompareOut", "CheckOut", "WrapOut"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(_Out):
    type: str = Field(description="The error's class, e.g. SymbolError, DateError, TooLarge")
    message: str = Field(description="What went wrong and what to do, for a person")
    exit_code: int = Field(description="The CLI's exit code for the same error (2: bad request)")


class ErrorBody(_Out):
    """The one error shape of the API (and of the CLI's ``--json``)."""

    error: ErrorDetail


class PeriodOut(_Out):
    kind: str = Field(description="day, week, mtd, qtd, ytd, month, quarter, year, range, ...")
    start: str | None
    end: str
    label: str | None
    month: int | None


class EvidenceOut(_Out):
    symbol: str
    date: str
    field: str = Field(description="The bar column: open, high, low, close, adj_close")
    value: float
    source: str


class FactOut(_Out):
    """One statistic with the observations it came from (``marketdesk.facts.model.Fact``)."""

    subject: str
    metric: str
    period: PeriodOut
    value: float | None
    unit: str = Field(description="pct, pts, bp, level, count, days, ...")
    as_of: str
    context: dict[str, Any] = Field(description="Qualifiers of the metric's family")
    evidence: list[EvidenceOut]


class ScoredFactOut(FactOut):
    score: float = Field(description="Newsworthiness; the facts are sorted by it, highest first")


class SheetRowOut(_Out):
    """One row of the fact sheet as the page and the CLI's table show it
    (``marketdesk.sheet_view.Row``): related facts merged, values signed and with units."""

    key: str = Field(description="Stable id, section-prefixed: day.change, periods.ytd, ...")
    section: str = Field(description="The key of the section the row is in")
    label: str = Field(description="What the row shows, e.g. 'Change', 'Record close'")
    value: str = Field(description="As shown: '+1.47%', '2,442.74', '4.27%', '-14 bp'")
    detail: str = Field(description="In plain words: ranks say what they rank, "
                                    "e.g. '9th-best of 446 months since October 1987'")
    period: str = Field(description="The span the row covers, e.g. '2024-10-31 to 2024-11-25'")
    notes: list[str] = Field(description="The clauses of detail that say what is notable")
    metrics: list[str] = Field(description="The metrics of the facts the row shows (the first "
                                           "is the main one), as in facts[].metric")
    score: float = Field(description="The highest newsworthiness among the row's facts")
    evidence: list[str] = Field(description="The observations behind the row, one sentence "
                                            "each, oldest first")


class SheetSectionOut(_Out):
    key: Literal["day", "periods", "records", "streaks", "seasonality", "compare"]
    title: str = Field(description="The day; Periods; Records and drawdowns; Streaks; "
                                   "Seasonality; Comparisons")
    rows: list[SheetRowOut]


class LeftOutOut(_Out):
    """A fact the curated sheet does not show, and why (a streak of one, ...)."""

    metric: str
    period: str
    reason: str


class FactSheetOut(_Out):
    subject: str
    as_of: str = Field(description="The session the facts are computed at")
    requested: str
    note: str | None = Field(description="Why as_of differs from requested (a holiday, ...)")
    facts: list[ScoredFactOut] = Field(description="Every fact, most notable first")
    sections: list[SheetSectionOut] = Field(
        description="The curated sheet, as the instrument page and the CLI's fact table show it: "
                    "the day; periods; records and drawdowns; streaks; seasonality; "
                    "comparisons (with vs); an empty section is absent")
    left_out: list[LeftOutOut] = Field(description="Facts not shown in sections, each with why")


class BarsOut(_Out):
    symbol: str
    kind: str | None = Field(description="index, etf, yield, future, ...")
    count: int
    dates: list[str]
    open: list[float | None]
    high: list[float | None]
    low: list[float | None]
    close: list[float | None] = Field(description="Index points, US$, or percent for a yield")


class MonthRow(_Out):
    year: int
    month: int
    return_pct: float
    start_date: str
    end_date: str
    complete: bool


class MonthlyOut(_Out):
    symbol: str
    unit: Literal["pct"]
    months: list[str]
    years: list[int]
    grid: list[list[float | None]] = Field(description="years x 12 months; null: no return")
    rows: list[MonthRow]


class SeasonMonth(_Out):
    month: int
    name: str
    n: int
    first_year: int
    last_year: int
    average: float
    median: float
    pct_up: float
    best: float
    best_year: int
    worst: float
    worst_year: int
    rank: int


class SeasonalityOut(_Out):
    symbol: str
    unit: Literal["pct"]
    months: list[SeasonMonth]


class DrawdownOut(_Out):
    symbol: str
    unit: Literal["pct"]
    dates: list[str]
    drawdown_pct: list[float | None] = Field(description="Percent below the running record close")


class YieldOut(_Out):
    symbol: str
    window: int = Field(description="Sessions in the rolling window")
    dates: list[str]
    yield_pct: list[float | None]
    correlation: list[float | None]
    beta: list[float | None]


class CompareOut(_Out):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    a: str
    b: str
    from_: str = Field(alias="from")
    to: str
    dates: list[str]
    a_rebased: list[float | None]
    b_rebased: list[float | None]
    spread_pp: list[float | None] = Field(description="a minus b, percentage points")
    spread: FactOut | None
    yield_: YieldOut | None = Field(alias="yield")


class CheckOut(_Out):
    article_date: dict[str, Any]
    counts: dict[str, int] = Field(description="Verdicts per status")
    truncated: bool = Field(description="The time budget ran out: later claims not checked")
    verdicts: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    skipped: list[dict[str, Any]] = Field(
        default_factory=list, description="Figures not about an instrument in the store: no verdict")
    text: str


class WrapOut(_Out):
    requested: str
    session: str | None
    closed: bool
    reason: str | None
    previous_session: str | None
    early_close: str | None
    focus: str | None
    versus: list[str]
    subjects: list[str]
    headline: dict[str, Any]
    paragraphs: list[dict[str, Any]]
    notes: list[str]
    charts: list[dict[str, Any]]
