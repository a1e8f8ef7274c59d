"""The fact sheet as a reader sees it: sections, labels, signed values, plain-language evidence.

One place decides how a :class:`~marketdesk.facts.sheet.FactSheet` is shown, for the web's
instrument page and the CLI's ``marketdesk facts`` table alike. Nothing is computed here: every
value printed is a Fact's value or a value of its context, turned into characters by
``marketdesk.wrap.numbers``; this module only chooses, merges, orders, labels and formats.

Sections, in this order: the day; periods; records and drawdowns; streaks; seasonality; and,
with ``--vs``, comparisons. Rules:

- Related facts are one row: the day's change carries its points and the previous close; a
  period's return carries its rank ("9th-best of 446 months since October 1987"), its "largest since"
  and "largest of the year"; the day's open, high and low are one range row; seasonal average,
  median and share of years up are one row per month.
- Trivial facts are left out, each with its reason (:attr:`SheetView.left_out`): streaks of one,
  a period whose base is another period's (a Monday's week to date is the day's change), a total
  return equal to the price return, "largest since" the period just before, "highest close since"
  a date under four weeks back, a day's rank outside the top 100, no record close this year, a
  period's first session (the period is the day), and a one-day "on record" or rank over less than
  a year of sessions.
- JSON (``marketdesk facts --json`` and the web API's ``/api/facts``): :func:`sheet_payload`,
  every fact and then the sections and the facts left out.
- Signs and units: changes, returns and spreads are signed ("+1.47%", "-14 bp", "+5.05 pp");
  levels are not; a yield's levels are in percent ("4.27%") and its changes in basis points.
"""

from .model import SECTIONS, Row, Section, SheetView, evidence_text
from .payload import sheet_payload
from .rules import RISE_SHOWN_FROM, TOP_DAY_RANK, view

__all__ = ["RISE_SHOWN_FROM", "SECTIONS", "TOP_DAY_RANK", "Row", "Section", "SheetView",
           "evidence_text", "sheet_payload", "view"]
