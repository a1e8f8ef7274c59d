"""Charts for the wrap, as a newsroom would publish them (issue 12).

- ``lead``: the lead index over a window of :data:`MIN_SESSIONS` to :data:`MAX_SESSIONS` sessions
  (the sessions since its record close and :data:`LEAD_IN` before, within those bounds), against
  its record close, with the correction (-10 %) and bear-market (-20 %) lines when the close is
  within five points of them or past them;
- ``versus``: the lead against its comparison index over the same window, rebased to 100;
- ``yield``: the 10-year yield over the same number of observations, with the 2-year yield
  when the story writes it;
- ``vix``: the Cboe Volatility Index over the same window when the story writes it.

Every chart is plotted by session (one step a session or a yield observation: no weekend
slopes), with an axis title that names its unit and a label at the last value (a yield's with
"%"), thousands separators, AP-style date labels ("Nov. 25";
the year only where it is not the last date's) and a source line naming the stored sources.
The levels of the lines come from Facts (the record close; the threshold levels of CORRECTION /
BEAR_MARKET); the plotted values are the stored closes. :func:`png` draws with matplotlib's Agg backend, imported on first use, at a fixed
size and dpi with no software/date metadata, so the same data always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..facts import contexts as cx
from ..facts.model import Metric
from . import numbers as nb
from .model import ChartSpec

if TYPE_CHECKING:
    from ..desk import Desk
    from .phrases import Subject

__all__ = ["DPI", "HEIGHT_IN", "LEAD_IN", "MAX_SESSIONS", "MIN_SESSIONS", "WIDTH_IN",
           "chart_specs", "png", "window"]

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.0, 100
#: The window of every chart, in sessions (observations for a yield).
MIN_SESSIONS, MAX_SESSIONS = 20, 60
#: Sessions shown before the record close when the window starts there.
LEAD_IN = 5
#: A threshold line is drawn when the close is this many percentage points from it or past it.
GUIDE_NEAR_PP = 5.0


def window(s: Subject) -> int:
    """Sessions the charts show for the lead ``s``: its sessions since the record close plus
    :data:`LEAD_IN`, between :data:`MIN_SESSIONS` and :data:`MAX_SESSIONS` (MAX for a yield or
    without a record-close Fact)."""
    since = s.get(Metric.SESSIONS_SINCE_RECORD)
    if s.is_yield or since is None or since.value is None:
        return MAX_SESSIONS
    return max(MIN_SESSIONS, min(MAX_SESSIONS, int(since.value) + LEAD_IN))


def _last(s: Subject, n: int) -> tuple[tuple[dt.date, ...], tuple[float, ...], tuple[str, ...]]:
    """The last ``n`` stored closes of ``s`` up to its session, and their sources."""
    bars = s.bars
    if bars is None:
        return (), (), ()
    tail = bars.filter(bars.get_column("date") <= s.sheet.as_of).drop_nulls("close").tail(n)
    return (tuple(tail.get_column("date").to_list()), tuple(tail.get_column("close").to_list()),
            tuple(dict.fromkeys(tail.get_column("source").to_list())))


def _source(*sources: tuple[str, ...]) -> str:
    names = list(dict.fromkeys(x for group in sources for x in group))
    return "Source: daily closes in the marketdesk store (" + ", ".join(names) + ")"


def _guides(s: Subject) -> tuple[tuple[str, float], ...]:
    """The correction / bear-market lines that matter for the lead's close."""
    out = []
    for metric, label in ((Metric.CORRECTION, "correction (-10%)"),
                          (Metric.BEAR_MARKET, "bear market (-20%)")):
        f = s.ask(metric)
        c = cx.of_kind(f.context, cx.MarketState) if f is not None else None
        if f is None or f.value is None or c is None:
            continue
        if float(f.value) <= c.threshold + GUIDE_NEAR_PP:
            out.append((label, c.threshold_level))
    return tuple(out)


def chart_specs(desk: Desk, focus: Subject, versus: Subject | None,
                subjects: list[Subject], told: Sequence[Subject] = ()) -> list[ChartSpec]:
    """The charts for a wrap whose lead is ``focus`` (those the data allow); ``told``: the extra
    subjects the story writes (the 2-year yield, the VIX), each drawn beside the others. ``desk``
    is kept for callers, the closes come from the subjects' bars."""
    n = window(focus)
    name = focus.names.short
    specs: list[ChartSpec] = []
    dates, closes, src = _last(focus, n)
    if not closes:
        return specs
    if focus.is_yield:
        specs.append(ChartSpec(
            name="lead", title=f"{name}, last {len(closes)} observations", ylabel="yield (%)",
            series=((name, dates, closes),), digits=2, source=_source(src), suffix="%"))
        return specs
    record = focus.get(Metric.RECORD_CLOSE)
    specs.append(ChartSpec(
        name="lead", title=f"{name}, last {len(closes)} sessions, and its record close",
        ylabel="close (US$)" if focus.names.kind == "etf" else "close (index points)",
        series=((name, dates, closes),),
        hline=("record close", float(record.value)) if record is not None and record.value
        else None, guides=_guides(focus), source=_source(src)))
    if versus is not None:
        d2, c2, src2 = _last(versus, n)
        if c2:
            series = tuple((s_name, d, tuple(v / c[0] * 100.0 for v in c))
                           for s_name, d, c in ((name, dates, closes),
                                                (versus.names.short, d2, c2)))
            specs.append(ChartSpec(
                name="versus", title=f"{name} and {versus.names.short}, last {len(closes)} "
                "sessions (rebased to 100)", ylabel="rebased (start = 100)",
                series=series, digits=1,
                source=_source(src, src2)))
    yields = [s for s in (*subjects, *told) if s.is_yield][:2]
    drawn = [(s.names.short, *_last(s, n)) for s in yields]
    drawn = [x for x in drawn if x[2]]
    if drawn:
        specs.append(ChartSpec(
            name="yield", title=" and ".join(x[0] for x in drawn)
            + f", last {len(drawn[0][2])} observations", ylabel="yield (%)",
            series=tuple((x[0], x[1], x[2]) for x in drawn), digits=2, suffix="%",
            source=_source(*(x[3] for x in drawn))))
    vix = next((s for s in told if not s.is_yield), None)
    if vix is not None:
        d4, c4, src4 = _last(vix, n)
        if c4:
            specs.append(ChartSpec(
                name="vix", title=f"{vix.names.short}, last {len(c4)} sessions", ylabel="level (index points)",
                series=((vix.names.short, d4, c4),), digits=2, source=_source(src4)))
    return specs


def _ticks(dates: list[dt.date], count: int = 6) -> list[int]:
    if len(dates) <= count:
        return list(range(len(dates)))
    step = (len(dates) - 1) / (count - 1)
    return sorted({round(i * step) for i in range(count)})


def png(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes (deterministic for the same spec and matplotlib version)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    axis = sorted({d for _, dates, _ in spec.series for d in dates})
    at = {d: i for i, d in enumerate(axis)}
    digits = spec.digits

    def fmt(v: float, _pos: object = None) -> str:
        return nb.number(v, digits)

    with matplotlib.rc_context({"svg.hashsalt": "marketdesk", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        try:
            for label, dates, values in spec.series:
                xs = [at[d] for d in dates]
                line = ax.plot(xs, list(values), label=label, linewidth=1.4)[0]
                if xs:
                    ax.annotate(fmt(values[-1]) + spec.suffix, (xs[-1], values[-1]), xytext=(4, 0),
                                textcoords="offset points", va="center", fontsize=8,
                                color=line.get_color())
            lines = ((spec.hline,) if spec.hline is not None else ()) + spec.guides
            for i, (label, level) in enumerate(lines):
                ax.axhline(level, color="0.35" if i == 0 else "0.6",
                           linestyle="--" if i == 0 else ":", linewidth=1,
                           label=f"{label} {fmt(level)}")
            ax.set_xlim(-0.5, len(axis) - 0.5 + max(3.0, 0.12 * len(axis)))
            ticks = _ticks(axis)
            ax.set_xticks(ticks, [nb.ap_date(axis[i], axis[-1]) for i in ticks])
            ax.yaxis.set_major_formatter(FuncFormatter(fmt))
            ax.set_title(spec.title)
            ax.set_ylabel(spec.ylabel)
            ax.grid(True, linewidth=0.4, alpha=0.5)
            ax.legend(loc="best", frameon=False, fontsize=8)
            if spec.source:
                fig.text(0.01, 0.01, spec.source, fontsize=7, color="0.4", ha="left",
                         va="bottom")
            fig.tight_layout(rect=(0, 0.04, 1, 1))
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
            return buf.getvalue()
        finally:
            plt.close(fig)
