"""Charts for the wrap: the focus over the last year with its record-close line, the month's path
of the focus against its comparison index (rebased to 100), the yield over the month.

Data come from ``desk.bars`` (raw closes); the record line from the record-close Fact.
:func:`png` draws with matplotlib's Agg backend, imported on first use, at a fixed size and dpi
with no software/date metadata, so the same data always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from ..facts.model import Metric
from .model import ChartSpec

if TYPE_CHECKING:
    from ..desk import Desk
    from .phrases import Subject

__all__ = ["DPI", "HEIGHT_IN", "WIDTH_IN", "chart_specs", "png"]

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.0, 100


def _closes(desk: Desk, symbol: str, start: dt.date, end: dt.date
            ) -> tuple[tuple[dt.date, ...], tuple[float, ...]]:
    bars = desk.bars(symbol, start, end).drop_nulls("close")
    return tuple(bars.get_column("date").to_list()), tuple(bars.get_column("close").to_list())


def chart_specs(desk: Desk, focus: Subject, versus: Subject | None,
                subjects: list[Subject]) -> list[ChartSpec]:
    """The charts for a wrap whose lead is ``focus`` (those the data allow)."""
    day = focus.sheet.as_of
    name = focus.names.short
    specs: list[ChartSpec] = []
    dates, closes = _closes(desk, focus.symbol, day - dt.timedelta(days=365), day)
    record = focus.get(Metric.RECORD_CLOSE)
    specs.append(ChartSpec(
        name="year", title=f"{name}: the last year", ylabel="yield, %" if focus.is_yield
        else "close", series=((name, dates, closes),),
        hline=("record close", float(record.value)) if record is not None and record.value
        else None))
    mtd = focus.get(Metric.PERIOD_RETURN, "mtd")
    if mtd is not None and mtd.period.start is not None and not focus.is_yield:
        series = []
        for s in (focus, versus):
            if s is None:
                continue
            d, c = _closes(desk, s.symbol, mtd.period.start, day)
            if c:
                series.append((s.names.short, d, tuple(v / c[0] * 100.0 for v in c)))
        specs.append(ChartSpec(name="month", title="The month so far (rebased to 100)",
                               ylabel="rebased close", series=tuple(series)))
    y = next((s for s in subjects if s.is_yield), None)
    if y is not None and not focus.is_yield:
        start = mtd.period.start if mtd is not None and mtd.period.start else day.replace(day=1)
        d, c = _closes(desk, y.symbol, start, day)
        specs.append(ChartSpec(name="yield", title=f"{y.names.short}: the month so far",
                               ylabel="yield, %", series=((y.names.short, d, c),)))
    return specs


def png(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes (deterministic for the same spec and matplotlib version)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.hashsalt": "marketdesk", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        try:
            for label, dates, values in spec.series:
                # matplotlib plots dt.date through its date converter; its stubs take numbers only
                ax.plot(list(dates), list(values), label=label,  # type: ignore[arg-type]
                        linewidth=1.4)
            if spec.hline is not None:
                ax.axhline(spec.hline[1], color="0.4", linestyle="--", linewidth=1,
                           label=spec.hline[0])
            ax.set_title(spec.title)
            ax.set_ylabel(spec.ylabel)
            ax.grid(True, linewidth=0.4, alpha=0.5)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
            ax.legend(loc="best", frameon=False)
            fig.tight_layout()
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
            return buf.getvalue()
        finally:
            plt.close(fig)
