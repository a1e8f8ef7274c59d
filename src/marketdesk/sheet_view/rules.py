"""The rules that turn a FactSheet's facts into the rows of its sections (see the package)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from ..facts import contexts as cx
from ..facts.model import Fact, Metric
from ..facts.sheet import DAY_RECORD_MIN, DAY_SINCE_MIN_DAYS, FactSheet
from ..instruments import load_instruments
from ..wrap.numbers import MONTH_NAMES, by_unit, number, ordinal, plural
from .model import (SECTIONS, Fmt, Row, Section, SheetView, iso, num, signed_bp, signed_pct,
                    signed_pp)

__all__ = ["RISE_SHOWN_FROM", "TOP_DAY_RANK", "view"]

#: A day's rank among all sessions is shown only within this many of the best (or worst).
TOP_DAY_RANK = 100
#: Below the record close by at least this much (percent), the rise needed to regain it is
#: shown too (near the record the two figures are the same to the reader).
RISE_SHOWN_FROM = 10.0

_PERIOD_NAMES = {"day": "day", "wtd": "week to date", "mtd": "month to date",
                 "qtd": "quarter to date", "ytd": "year to date"}
_RANK_UNITS = {"month": "months", "year": "years", "day": "sessions"}
_MOVE_NOUNS = {"month": "monthly", "year": "annual", "day": "one-day", "mtd": "monthly",
               "qtd": "quarterly", "ytd": "annual", "wtd": "weekly"}
#: The running calendar period whose rank table a to-date period belongs to.
_TABLES = {"mtd": "month", "ytd": "year"}
_SPAN_NOUNS = {"mtd": "month", "qtd": "quarter", "ytd": "year", "wtd": "week"}

C = TypeVar("C", bound=cx.Context)


def _ctx(f: Fact, kind: type[C]) -> C:
    """``f``'s context, of the family ``kind`` its metric has (a TypeError names the fact if
    not: a producer and this rule disagree)."""
    c = f.context
    if not isinstance(c, kind):
        raise TypeError(f"{f.subject} {f.metric.value} ({f.period.kind}): context "
                        f"{type(c).__name__}, expected {kind.__name__}")
    return c


def _since_ctx(f: Fact) -> cx.AnyLargestSince:
    """The context of a LARGEST_SINCE fact (any of its families)."""
    c = f.context
    if not isinstance(c, cx.AnyLargestSince):
        raise TypeError(f"{f.subject} {f.metric.value} ({f.period.kind}): context "
                        f"{type(c).__name__} is not a 'largest since'")
    return c


def _previous_date(f: Fact) -> dt.date | None:
    """The base observation of a day's change (price or yield) or a yield's period change."""
    c = f.context
    return c.previous_date if isinstance(c, (cx.Day, cx.YieldChange)) else None


def _base_date(f: Fact) -> dt.date | None:
    """The base close of a period return, or the base observation of a yield's change."""
    c = f.context
    return c.base_date if isinstance(c, cx.PeriodReturn) else _previous_date(f)


def _month_is(month: int) -> Callable[[Fact], bool]:
    """A test: the fact is a seasonal statistic of calendar ``month``."""
    return lambda f: isinstance(f.context, cx.Seasonal) and f.context.month == month


# ---- building rows --------------------------------------------------------------------------

@dataclass
class _Builder:
    sheet: FactSheet
    fmt: Fmt
    scores: dict[int, float]
    used: set[int] = field(default_factory=set)
    left_out: list[tuple[Fact, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def find(self, metric: Metric, kind: str | None = None,
             test: Callable[[Fact], bool] | None = None) -> Fact | None:
        for f in self.sheet.facts:
            if f.metric == metric and id(f) not in self.used and \
                    (kind is None or f.period.kind == kind) and (test is None or test(f)):
                return f
        return None

    def all(self, metric: Metric) -> list[Fact]:
        return [f for f in self.sheet.facts if f.metric == metric and id(f) not in self.used]

    def drop(self, fact: Fact | None, why: str) -> None:
        if fact is not None and id(fact) not in self.used:
            self.used.add(id(fact))
            self.left_out.append((fact, why))

    def add(self, key: str, section: str, label: str, value: str, detail: Iterable[str],
            period: str, facts: Iterable[Fact | None], *, basis: bool = False) -> None:
        """A row; ``basis``: the first clause of ``detail`` says how the value was reached."""
        fs = tuple(f for f in facts if f is not None)
        clauses = list(detail)
        notes = tuple(d for d in (clauses[1:] if basis else clauses) if d)
        self.used.update(id(f) for f in fs)
        self.rows.append(Row(key, section, label, value, "; ".join(d for d in clauses if d),
                             period, fs, max(self.scores.get(id(f), 0.0) for f in fs), notes))


def _since_worthy(f: Fact) -> bool:
    """A "largest since" worth saying: on record, or the comparable period is not the one just
    before (and, for one day, at least four weeks back)."""
    c = f.context
    if not isinstance(c, cx.AnyLargestSince):
        return True
    since = cx.since_of(c)
    if c.on_record or since is None:
        # a price's one-day "on record" only over a year of daily changes (as the sheet scores)
        of = c.of if isinstance(c, cx.LargestSince) else None
        return f.period.kind != "day" or of is None or of >= DAY_RECORD_MIN
    if isinstance(c, cx.LargestSince) and c.periods_between == 0:
        return False
    if f.period.kind == "day":
        return (f.as_of - dt.date.fromisoformat(iso(since))).days >= DAY_SINCE_MIN_DAYS
    return True


def _since_text(f: Fact, fmt: Fmt) -> str:
    c = _since_ctx(f)
    direction = c.direction
    noun = _MOVE_NOUNS.get(f.period.kind, f.period.kind)
    since_key = cx.since_of(c)
    if c.on_record or since_key is None:
        return f"the largest {noun} {direction} on record"
    label = c.since_label if isinstance(c, cx.LargestSince) else None
    since = label or iso(since_key)
    if f.period.kind in _SPAN_NOUNS:     # a yield's to-date change: the period that ended then
        since = f"the {_SPAN_NOUNS[f.period.kind]} that ended {since}"
    was = c.since_value
    was_text = ""
    if was is not None:
        was_text = f" ({signed_bp(was) if f.unit == 'bp' else signed_pct(was)})"
    return f"the largest {noun} {direction} since {since}{was_text}"


def _rank_text(f: Fact) -> str:
    c = _ctx(f, cx.Rank)
    word = "best" if c.order == "best" else "worst"
    unit = _RANK_UNITS.get(f.period.kind, "periods")
    first = _month_text(c.first_period) if c.first_period else None
    n = int(f.value or 0)
    return (f"{'the ' if n == 1 else ordinal(n) + '-'}{word} of {c.of:,} {unit}"
            + (f" since {first}" if first else ""))


def _month_text(key: str) -> str:
    """``"1987-10"`` -> ``"October 1987"``; other keys as they are."""
    if len(key) == 7 and key[4] == "-":
        return f"{MONTH_NAMES[int(key[5:]) - 1]} {key[:4]}"
    return key


def _day(b: _Builder) -> None:
    fmt, sec = b.fmt, "day"
    if fmt.is_yield:
        lvl = b.find(Metric.YIELD_LEVEL)
        if lvl is not None:
            b.add("day.yield", sec, "Yield", fmt.level(lvl.value), [], iso(lvl.as_of), [lvl])
        ch = b.find(Metric.YIELD_CHANGE_BP, "day")
        since = b.find(Metric.LARGEST_SINCE, "day")
        if ch is not None:
            yc = _ctx(ch, cx.YieldChange)
            detail = [f"from {fmt.level(yc.previous_value)} on {iso(yc.previous_date)}"]
            if since is not None and _since_worthy(since):
                detail.append(_since_text(since, fmt))
            else:
                b.drop(since, "largest since the session just before")
            b.add("day.change", sec, "Change", signed_bp(ch.value), detail, iso(ch.as_of),
                  [ch, since if since is not None and _since_worthy(since) else None], basis=True)
        return
    close = b.find(Metric.CLOSE)
    if close is not None:
        b.add("day.close", sec, "Close", fmt.level(close.value), [], iso(close.as_of), [close])
    ch, pts = b.find(Metric.CHANGE_PCT), b.find(Metric.CHANGE_PTS)
    if ch is not None:
        c = _ctx(ch, cx.Day)
        detail = [f"{fmt.change(c.change_pts)} from {fmt.level(c.previous_close)} on "
                  f"{iso(c.previous_date)}" if c.previous_close is not None else ""]
        since = b.find(Metric.LARGEST_SINCE, "day")
        if since is not None and _since_worthy(since):
            detail.append(_since_text(since, fmt))
        else:
            b.drop(since, "largest since a session under four weeks back, or on record over "
                          "less than a year of data")
            since = None
        rank = b.find(Metric.RANK, "day")
        if since is not None and _since_ctx(since).on_record:
            b.drop(rank, "said by the largest move on record")
            rank = None
        elif rank is not None and int(rank.value or 0) <= TOP_DAY_RANK and \
                _ctx(rank, cx.Rank).of >= DAY_RECORD_MIN:
            detail.append(_rank_text(rank))
        else:
            b.drop(rank, f"the day's rank is outside the top {TOP_DAY_RANK} (or of under a "
                         "year of sessions)")
            rank = None
        b.add("day.change", sec, "Change", signed_pct(ch.value), detail, iso(ch.as_of),
              [ch, pts, since, rank], basis=True)
    hi, lo, op = b.find(Metric.HIGH), b.find(Metric.LOW), b.find(Metric.OPEN)
    hi_ch, lo_ch = b.find(Metric.INTRADAY_HIGH_CHANGE_PCT), b.find(Metric.INTRADAY_LOW_CHANGE_PCT)
    if hi is not None and lo is not None:
        detail = [f"opened at {fmt.level(op.value)}" if op is not None else "",
                  f"high {signed_pct(hi_ch.value)} and low {signed_pct(lo_ch.value)} from the "
                  "previous close" if hi_ch is not None and lo_ch is not None else ""]
        b.add("day.range", sec, "Day's range", f"{fmt.level(lo.value)} to {fmt.level(hi.value)}",
              detail, iso(hi.as_of), [hi, lo, op, hi_ch, lo_ch])


def _periods(b: _Builder) -> None:
    """Week, month, quarter and year to date; periods with one base are one row ("Quarter and
    year to date" in a year's first quarter), and one with the day's base is the day's change."""
    fmt = b.fmt
    day_ch = b.sheet.find(Metric.CHANGE_PCT) or b.sheet.find(Metric.YIELD_CHANGE_BP, period="day")
    day_base = iso(_previous_date(day_ch)) if day_ch is not None else None
    metric = Metric.YIELD_CHANGE_BP if fmt.is_yield else Metric.PERIOD_RETURN
    groups: dict[str, list[tuple[str, Fact]]] = {}      # base date -> (kind, fact), shortest first
    for kind in ("wtd", "mtd", "qtd", "ytd"):
        f = b.find(metric, kind)
        if f is None:
            continue
        base = iso(_base_date(f))
        if base == day_base:     # its first session: the period is the day (ranks included)
            why = "the same span as the day's change"
            table = _TABLES.get(kind, kind)
            for other in (f, b.find(Metric.PERIOD_TOTAL_RETURN, kind),
                          b.find(Metric.LARGEST_SINCE, kind), b.find(Metric.RANK, table),
                          b.find(Metric.LARGEST_SINCE, table),
                          b.find(Metric.LARGEST_OF_YEAR, table)):
                b.drop(other, why)
            continue
        groups.setdefault(base, []).append((kind, f))
    for base, members in groups.items():
        kind, f = members[-1]
        names = [_PERIOD_NAMES[k] for k, _ in members]
        for k, other in members[:-1]:
            b.drop(other, f"the same span as {names[-1]}")
            b.drop(b.find(Metric.PERIOD_TOTAL_RETURN, k), f"the same span as {names[-1]}")
        detail: list[str] = []
        extra: list[Fact | None] = []
        if fmt.is_yield:
            value = signed_bp(f.value)
            detail.append(f"from {fmt.level(_ctx(f, cx.YieldChange).previous_value)} on {base}")
            for k, _ in members:
                since = b.find(Metric.LARGEST_SINCE, k)
                if since is not None and _since_worthy(since):
                    detail.append(_since_text(since, fmt))
                    extra.append(since)
                else:
                    b.drop(since, "largest since the period just before")
        else:
            value = signed_pct(f.value)
            pr = _ctx(f, cx.PeriodReturn)
            detail.append(f"{fmt.change(pr.change_pts)} from {fmt.level(pr.base_value)} on {base}")
            tot = b.find(Metric.PERIOD_TOTAL_RETURN, kind)
            if tot is not None and tot.value is not None and \
                    abs(num(tot.value) - num(f.value)) < 0.005:
                b.drop(tot, "the total return equals the price return (no dividends in the data)")
            elif tot is not None:
                detail.append(f"total return {signed_pct(tot.value)} (adjusted closes)")
                extra.append(tot)
            for k, _ in members:
                if k in _TABLES:
                    extra += _rank_details(b, _TABLES[k], detail)
        label = " and ".join(names)
        b.add(f"periods.{kind}", "periods", label[0].upper() + label[1:], value, detail,
              f"{base} to {iso(f.as_of)}", [f, *extra], basis=True)


def _rank_details(b: _Builder, table: str, detail: list[str]) -> list[Fact | None]:
    """Rank, largest since and largest of the year of the running month or year."""
    out: list[Fact | None] = []
    rank = b.find(Metric.RANK, table)
    if rank is not None:
        detail.append(_rank_text(rank))
        out.append(rank)
    since = b.find(Metric.LARGEST_SINCE, table)
    if since is not None and _since_worthy(since):
        detail.append(_since_text(since, b.fmt))
        out.append(since)
    else:
        b.drop(since, "largest since the period just before")
    of_year = b.find(Metric.LARGEST_OF_YEAR, table)
    oc = _ctx(of_year, cx.LargestOfYear) if of_year is not None else None
    if of_year is not None and oc is not None and oc.is_largest and oc.of >= 2:
        detail.append(f"the largest monthly {oc.direction} of {oc.year} "
                      f"({plural(oc.of, 'month')})")
        out.append(of_year)
    else:
        b.drop(of_year, "not the largest of the year")
    return out


def _in_data(f: Fact) -> str:
    """A record's span: ``"in data since 1987-09-10"`` (the data's first day, not history's)."""
    return f"in data {f.period.label}" if f.period.label.startswith("since") else f.period.label


def _records(b: _Builder) -> None:
    fmt, sec = b.fmt, "records"
    rec, high = b.find(Metric.RECORD_CLOSE), b.find(Metric.RECORD_HIGH)
    count = b.find(Metric.RECORD_CLOSE_COUNT)
    dd = b.find(Metric.DRAWDOWN)
    pct_close, pct_high = b.find(Metric.PCT_FROM_RECORD_CLOSE), b.find(Metric.PCT_FROM_RECORD_HIGH)
    sessions = b.find(Metric.SESSIONS_SINCE_RECORD)
    if rec is not None:
        rc = _ctx(rec, cx.RecordLevel)
        detail = ["a new record close today" if rc.is_new else f"set {iso(rc.date)}"]
        b.add("records.close", sec, "Record close", fmt.level(rec.value), detail,
              _in_data(rec), [rec])
    if count is not None and int(count.value or 0) > 0:
        cc = _ctx(count, cx.RecordCount)
        n = int(count.value or 0)
        what = (f"today's is the {ordinal(cc.ordinal)} of {cc.year}" if cc.ordinal
                else "none today")
        b.add("records.count", sec, f"Record closes in {cc.year}", f"{n:,}", [what],
              str(cc.year), [count])
    else:
        b.drop(count, "no record close this year")
    if high is not None:
        hc = _ctx(high, cx.RecordLevel)
        detail = ["a new record intraday high today" if hc.is_new else f"set {iso(hc.date)}"]
        b.add("records.high", sec, "Record intraday high", fmt.level(high.value), detail,
              _in_data(high), [high])
    ddc = _ctx(dd, cx.Drawdown) if dd is not None else None
    pcc = _ctx(pct_close, cx.FromRecord) if pct_close is not None else None
    if dd is not None and ddc is not None and not ddc.is_record and not ddc.at_peak:
        detail = []
        if pcc is not None:
            detail.append(f"{fmt.distance(pcc.points)} below the record "
                          f"close of {fmt.level(pcc.record)} ({iso(pcc.record_date)})")
        if sessions is not None:
            detail.append(f"{plural(int(sessions.value or 0), 'session')} since it")
        rise = pct_close is not None and num(dd.value) <= -RISE_SHOWN_FROM
        b.add("records.below_close", sec, "Below the record close", signed_pct(dd.value),
              detail, f"from {iso(ddc.peak_date)}",
              [dd, sessions, None if rise else pct_close])
        if rise and pct_close is not None and pcc is not None:
            b.add("records.rise_to_close", sec, "Rise needed to regain the record close",
                  signed_pct(pct_close.value),
                  [(f"a gain of {number(num(pct_close.value))}% would take the close of "
                   f"{fmt.level(pcc.close)} back to {fmt.level(pcc.record)}")],
                  _in_data(pct_close), [pct_close])
    else:
        why = "at the record close today"
        for f in (dd, pct_close, sessions):
            b.drop(f, why)
    if pct_high is not None and num(pct_high.value or 0) > 0:
        phc = _ctx(pct_high, cx.FromRecord)
        b.add("records.rise_to_high", sec, "Rise to the record intraday high",
              signed_pct(pct_high.value),
              [(f"{fmt.level(phc.record)} ({iso(phc.record_date)}), "
               f"{fmt.distance(phc.points)} above the close")],
              _in_data(pct_high), [pct_high])
    else:
        b.drop(pct_high, "the close is at the record intraday high")
    for metric, years_metric, word in ((Metric.HIGHEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, "high"),
                                       (Metric.LOWEST_CLOSE_SINCE, Metric.N_YEAR_LOW, "low")):
        f, years = b.find(metric), b.find(years_metric)
        if f is None:
            b.drop(years, f"no {word}est close since")
            continue
        cs = _ctx(f, cx.CloseSince)
        if cs.on_record or cs.since_date is None or \
                (f.as_of - cs.since_date).days < DAY_SINCE_MIN_DAYS:
            why = ("said by the record close" if cs.on_record
                   else "the date is under four weeks back")
            b.drop(f, why)
            b.drop(years, why)
            continue
        detail = [f"a {int(years.value or 0)}-year {word}" if years is not None else "",
                  f"{fmt.level(cs.since_close)} then, {plural(cs.sessions, 'session')} ago"
                  if cs.since_close is not None else ""]
        b.add(f"records.{word}est_since", sec, f"{word.capitalize()}est close since",
              iso(cs.since_date), detail, iso(f.as_of), [f, years])
    lo52, hi52 = b.find(Metric.WEEK52_LOW), b.find(Metric.WEEK52_HIGH)
    if lo52 is not None and hi52 is not None:
        detail = []
        for f, word in ((hi52, "high"), (lo52, "low")):
            wc = _ctx(f, cx.Week52)
            if wc.is_new:
                detail.append(f"a new 52-week {word} today")
            elif fmt.is_yield:      # a yield's distance is in bp, which no fact here gives
                detail.append(f"{word} {iso(wc.date)}")
            else:
                gap = wc.pct_from
                where = "above" if gap > 0 else "below"
                detail.append(f"{word} {iso(wc.date)}, {number(abs(gap))}% {where} the close")
        b.add("records.week52", sec, "52-week range",
              f"{fmt.level(lo52.value)} to {fmt.level(hi52.value)}", detail,
              f"from {iso(_ctx(hi52, cx.Week52).window_start)}", [lo52, hi52])
    mdd = b.find(Metric.MAX_DRAWDOWN)
    mc = _ctx(mdd, cx.MaxDrawdown) if mdd is not None else None
    if mdd is not None and mc is not None and mc.peak_date is None:
        b.drop(mdd, "no drawdown yet in the data")
    elif mdd is not None and mc is not None:
        rec_text = (f"regained {iso(mc.recovery_date)}" if mc.recovery_date
                    else "not regained yet")
        b.add("records.max_drawdown", sec, "Deepest drawdown", signed_pct(mdd.value),
              [(f"from {fmt.level(mc.peak_level)} ({iso(mc.peak_date)}) to "
               f"{fmt.level(mc.trough_level)} ({iso(mc.trough_date)})"), rec_text],
              "in the data", [mdd])


def _streaks(b: _Builder) -> None:
    for f in b.all(Metric.STREAK):
        c = _ctx(f, cx.Streak)
        n = int(f.value or 0)
        if n < 2:
            b.drop(f, "a streak of one")
            continue
        unit = c.unit
        detail = [f"longest since the {c.since_length}-{unit.rstrip('s')} run that ended "
                  f"{iso(c.since)}" if c.since else "the longest on record",
                  f"{signed_pct(c.cum_return_pct)} over the run" if not b.fmt.is_yield else ""]
        b.add(f"streaks.{unit}", "streaks", f"{c.direction.capitalize()} {unit} in a row",
              f"{n:,}", detail, f"since {iso(c.start)}", [f])


def _seasonality(b: _Builder) -> None:
    sec = "seasonality"
    avg = b.find(Metric.SEASONAL_AVERAGE)
    if avg is not None:
        c = _ctx(avg, cx.Seasonal)
        month = c.month
        med = b.find(Metric.SEASONAL_MEDIAN, test=_month_is(month))
        up = b.find(Metric.SEASONAL_PCT_UP, test=_month_is(month))
        rank, of = c.rank, c.of
        standing = ("the best month on average" if rank == 1 else
                    "the worst month on average" if rank == of else
                    f"{ordinal(rank)} of {of} months on average")
        detail = [standing,
                  f"median {signed_pct(med.value)}" if med is not None else "",
                  f"up in {number(num(up.value), 0)}% of {c.n} years" if up is not None else "",
                  f"best {signed_pct(c.best)} ({c.best_year}), worst "
                  f"{signed_pct(c.worst)} ({c.worst_year})" if c.best is not None else ""]
        same = [b.find(m, test=_month_is(month))
                for m in (Metric.SEASONAL_BEST_MONTH, Metric.SEASONAL_WORST_MONTH)]
        b.add("seasonality.month", sec, f"{c.month_name}, average return",
              signed_pct(avg.value), detail, c.years, [avg, med, up, *same])
    for metric, word in ((Metric.SEASONAL_BEST_MONTH, "Best"), (Metric.SEASONAL_WORST_MONTH, "Worst")):
        f = b.find(metric)
        if f is None:
            continue
        sc = _ctx(f, cx.Seasonal)
        b.add(f"seasonality.{word.lower()}", sec, f"{word} month on average",
              sc.month_name, [f"{signed_pct(f.value)} on average",
                              f"up in {number(100 - sc.pct_down, 0)}% of {sc.n} years"
                              if sc.pct_down is not None else ""],
              sc.years, [f])


def _compare(b: _Builder) -> None:
    for f in b.all(Metric.SPREAD):
        c = _ctx(f, cx.Spread)
        b.add(f"compare.spread.{c.versus}.{f.period.kind}", "compare",
              f"Against {c.versus}, {_PERIOD_NAMES.get(f.period.kind, f.period.kind)}",
              signed_pp(f.value),
              [(f"{f.subject} {signed_pct(c.return_pct)} vs {c.versus} "
               f"{signed_pct(c.versus_return_pct)}"), f"{c.leader} leads"],
              f"from {iso(c.base_date)}", [f])
    for corr in b.all(Metric.ROLLING_CORRELATION):
        sc = _ctx(corr, cx.Sensitivity)
        beta = next((f for f in b.all(Metric.ROLLING_BETA)
                     if _ctx(f, cx.Sensitivity).versus == sc.versus), None)
        detail = [f"{sc.y} against {sc.x}",
                  f"beta {number(num(beta.value), 3)} {_ctx(beta, cx.Sensitivity).beta_unit or ''}"
                  .strip() if beta is not None and beta.value is not None else ""]
        b.add(f"compare.correlation.{sc.versus}", "compare",
              f"Correlation with {sc.versus}", number(num(corr.value or 0), 3), detail,
              corr.period.label, [corr, beta])


def _rest(b: _Builder) -> None:
    """A fact no rule above places (a metric added later) still shows, by its unit."""
    for f in b.sheet.facts:
        if id(f) in b.used:
            continue
        b.add(f"other.{f.metric.value}.{f.period.kind}", "records",
              f.metric.value.replace("_", " ").capitalize(), by_unit(f.value, f.unit), [],
              f.period.label or f.period.kind, [f])


def view(sheet: FactSheet) -> SheetView:
    """The sections of ``sheet`` (see the module docstring for the rules)."""
    is_yield = sheet.find(Metric.YIELD_LEVEL) is not None
    inst = load_instruments().get(sheet.subject)
    scores = {id(f): s for f, s in zip(sheet.facts, sheet.scores)}
    b = _Builder(sheet, Fmt(is_yield, dollars=inst is not None and inst.kind == "etf"), scores)
    for step in (_day, _periods, _records, _streaks, _seasonality, _compare, _rest):
        step(b)
    sections = tuple(Section(k, t, tuple(r for r in b.rows if r.section == k))
                     for k, t in SECTIONS.items())
    return SheetView(sheet.subject, sheet.as_of, tuple(s for s in sections if s.rows),
                     tuple(b.left_out))
