"""The development set of issue 12: what real market-close stories reported on twelve days.

Read from wire and newspaper close stories (AP, Reuters, CNBC, Dow Jones/MarketWatch, UPI, AFP
and papers that ran them) found with the project's search tool, and written down here as facts
-- subject, metric, value as the story printed it, and what the story led with -- never their
sentences. Only statistics that daily bars can compute are listed; what the stories also said
but bars cannot compute is named in each day's comment (volume, sectors, single stocks, "worst
Christmas Eve", "best day since 1933" for a Dow whose data start in 1992).

Values are strings with the stories' own precision ("-12.9", "2,997.10"); the test checks each
against the CSV rows (``tests/test_wrap_wires.py``), so a misread story fails there, not in the
wrap. Metrics (the test's vocabulary):

- ``change_pct``, ``change_pts``, ``close``: the day's move and close;
- ``record_close``: a new record close at ``value``;
- ``pts_record`` / ``pct_record``: the largest one-day point / percent move in the data;
- ``largest_since``: the day's percent move is the largest since ``value`` (a year or year-month:
  the most recent earlier day with a move at least as large falls in it);
- ``bear_market``: the close is ``value`` % below the record close, past -20 % for the first
  time (the previous close was not);
- ``drawdown``: ``value`` % below the record close;
- ``year_gains_erased``: the year-to-date return turned negative on the day;
- ``lowest_close_since``: the most recent earlier close at or below the day's is on ``value``;
- ``streak``: ``value`` straight daily declines (negative) or gains;
- ``move_sessions``: ``"N:pct"``, the N-session percent move;
- ``intraday_low_pts``: the session low against the previous close, in points;
- ``yield_change_bp``, ``yield_level``, ``yield_largest_since``: a Treasury yield's day;
- ``group_move``: every one of ``subjects`` moved beyond ``value`` % (``"-3"``: all fell more
  than 3 %).

``LEADS`` holds, per day, the (subject, angle) pairs the stories led with (several when the
wires split: AP led with the S&P 500 where CNBC led with the Dow). Angles: ``move``,
``record_close``, ``pts_record``, ``largest_since``, ``bear_market``, ``yield``.
"""

from __future__ import annotations

#: (date, subject, metric, value); subject "ALL" with metric group_move names its subjects in
#: GROUPS.
FACTS: tuple[tuple[str, str, str, str], ...] = (
    # 2016-06-24, Brexit vote (AP, AFP, NY Post, StreetInsider). Not computable: sector and
    # currency moves, "most chaotic trading day since 2008".
    ("2016-06-24", "^DJI", "change_pts", "-610.32"),
    ("2016-06-24", "^DJI", "change_pct", "-3.4"),
    ("2016-06-24", "^DJI", "close", "17,400.75"),
    ("2016-06-24", "^DJI", "largest_since", "2015-08"),
    ("2016-06-24", "^DJI", "year_gains_erased", ""),
    ("2016-06-24", "^GSPC", "change_pct", "-3.6"),
    ("2016-06-24", "^GSPC", "change_pts", "-76"),
    ("2016-06-24", "^GSPC", "close", "2,037"),
    ("2016-06-24", "^GSPC", "largest_since", "2015-08"),
    ("2016-06-24", "^GSPC", "year_gains_erased", ""),
    ("2016-06-24", "^IXIC", "change_pct", "-4.1"),
    ("2016-06-24", "^IXIC", "close", "4,707.98"),
    ("2016-06-24", "^IXIC", "largest_since", "2011"),
    ("2016-06-24", "^VIX", "change_pct", "49"),
    ("2016-06-24", "^VIX", "close", "25.76"),
    ("2016-06-24", "DGS10", "yield_level", "1.57"),
    ("2016-06-24", "ALL", "group_move", "-3"),
    # 2018-02-05 (AP list of largest point drops, CNN Money, MarketWatch). Not computable: the
    # percent drop's rank "100th worst" (data start in 1992), the VIX's record jump (a record of
    # percent moves of the VIX is not a fact the engine has for it).
    ("2018-02-05", "^DJI", "change_pts", "-1,175.21"),
    ("2018-02-05", "^DJI", "change_pct", "-4.6"),
    ("2018-02-05", "^DJI", "close", "24,345.75"),
    ("2018-02-05", "^DJI", "pts_record", "-1,175.21"),
    ("2018-02-05", "^DJI", "largest_since", "2011-08"),
    ("2018-02-05", "^DJI", "year_gains_erased", ""),
    ("2018-02-05", "^DJI", "intraday_low_pts", "-1,597"),
    ("2018-02-05", "^GSPC", "change_pct", "-4.1"),
    ("2018-02-05", "^GSPC", "close", "2,649"),
    ("2018-02-05", "^IXIC", "change_pct", "-3.8"),
    # 2018-12-24, Christmas Eve, early close (MarketWatch, CNBC, Bloomberg). Not computable:
    # "worst Christmas Eve on record", volume.
    ("2018-12-24", "^DJI", "change_pts", "-653.17"),
    ("2018-12-24", "^DJI", "change_pct", "-2.9"),
    ("2018-12-24", "^DJI", "close", "21,792.20"),
    ("2018-12-24", "^DJI", "lowest_close_since", "2017-09-07"),
    ("2018-12-24", "^DJI", "drawdown", "-18.8"),
    ("2018-12-24", "^DJI", "streak", "-4"),
    ("2018-12-24", "^DJI", "move_sessions", "4:-8"),
    ("2018-12-24", "^GSPC", "change_pts", "-65.52"),
    ("2018-12-24", "^GSPC", "change_pct", "-2.7"),
    ("2018-12-24", "^GSPC", "close", "2,351.10"),
    ("2018-12-24", "^GSPC", "lowest_close_since", "2017-04-21"),
    ("2018-12-24", "^GSPC", "drawdown", "-19.8"),
    ("2018-12-24", "^GSPC", "streak", "-4"),
    ("2018-12-24", "^GSPC", "move_sessions", "4:-7.7"),
    ("2018-12-24", "^IXIC", "change_pts", "-140.08"),
    ("2018-12-24", "^IXIC", "change_pct", "-2.2"),
    ("2018-12-24", "^IXIC", "close", "6,192.92"),
    ("2018-12-24", "^IXIC", "lowest_close_since", "2017-07-10"),
    ("2018-12-24", "^IXIC", "drawdown", "-23.6"),
    ("2018-12-24", "^IXIC", "streak", "-4"),
    ("2018-12-24", "^IXIC", "move_sessions", "4:-8.7"),
    # 2018-12-26 (AP, Washington Post, CNBC). Not computable: "best Dec. 26 on record",
    # retail sales.
    ("2018-12-26", "^DJI", "change_pts", "1,086"),
    ("2018-12-26", "^DJI", "change_pct", "4.98"),
    ("2018-12-26", "^DJI", "close", "22,878"),
    ("2018-12-26", "^DJI", "pts_record", "1,086"),
    ("2018-12-26", "^DJI", "largest_since", "2009-03"),
    ("2018-12-26", "^GSPC", "change_pct", "4.96"),
    ("2018-12-26", "^GSPC", "change_pts", "116"),
    ("2018-12-26", "^GSPC", "close", "2,467"),
    ("2018-12-26", "^GSPC", "largest_since", "2009-03"),
    ("2018-12-26", "^IXIC", "change_pct", "5.8"),
    ("2018-12-26", "^IXIC", "change_pts", "361"),
    ("2018-12-26", "^IXIC", "close", "6,554"),
    # 2020-03-16 (FXStreet/Reuters figures, The Hill, Mediaite/CNBC). Not computable: the Dow's
    # percent rank "second-worst day in its history" and "since 1987" (data start in 1992), the
    # circuit breaker.
    ("2020-03-16", "^DJI", "change_pts", "-2,997.10"),
    ("2020-03-16", "^DJI", "change_pct", "-12.9"),
    ("2020-03-16", "^DJI", "close", "20,188.52"),
    ("2020-03-16", "^DJI", "pts_record", "-2,997.10"),
    ("2020-03-16", "^DJI", "drawdown", "-31.7"),
    ("2020-03-16", "^GSPC", "change_pts", "-324.89"),
    ("2020-03-16", "^GSPC", "change_pct", "-12.0"),
    ("2020-03-16", "^GSPC", "close", "2,386.13"),
    ("2020-03-16", "^GSPC", "largest_since", "1987"),
    ("2020-03-16", "^IXIC", "change_pts", "-970.28"),
    ("2020-03-16", "^IXIC", "change_pct", "-12.3"),
    ("2020-03-16", "^IXIC", "close", "6,904.59"),
    ("2020-03-16", "^IXIC", "pct_record", "-12.3"),
    # 2020-03-24 (UPI, NY Daily News, Mediaite/CNBC, AP). Not computable: "best day since 1933"
    # for the Dow (data start in 1992), the stimulus bill.
    ("2020-03-24", "^DJI", "change_pts", "2,112.98"),
    ("2020-03-24", "^DJI", "change_pct", "11.37"),
    ("2020-03-24", "^DJI", "pts_record", "2,112.98"),
    ("2020-03-24", "^GSPC", "change_pct", "9.38"),
    ("2020-03-24", "^GSPC", "close", "2,447"),
    ("2020-03-24", "^GSPC", "largest_since", "2008-10"),
    ("2020-03-24", "^IXIC", "change_pct", "8.12"),
    ("2020-03-24", "^IXIC", "close", "7,417.86"),
    # 2022-06-13, bear market (Reuters, CNBC, Investopedia). Not computable: the average bear
    # market since 1946, sector returns.
    ("2022-06-13", "^GSPC", "change_pts", "-151.23"),
    ("2022-06-13", "^GSPC", "change_pct", "-3.9"),
    ("2022-06-13", "^GSPC", "close", "3,749.63"),
    ("2022-06-13", "^GSPC", "bear_market", "-21.8"),
    ("2022-06-13", "^DJI", "change_pts", "-876.05"),
    ("2022-06-13", "^DJI", "change_pct", "-2.8"),
    ("2022-06-13", "^DJI", "close", "30,516.74"),
    ("2022-06-13", "^IXIC", "change_pts", "-530.80"),
    ("2022-06-13", "^IXIC", "change_pct", "-4.7"),
    ("2022-06-13", "^IXIC", "close", "10,809.23"),
    ("2022-06-13", "^IXIC", "drawdown", "-32.7"),
    # 2022-09-13, CPI (CNBC, UPI, MarketWatch, NPR). Not computable: stocks up and down in the
    # index, the CPI itself.
    ("2022-09-13", "^DJI", "change_pts", "-1,276.37"),
    ("2022-09-13", "^DJI", "change_pct", "-3.94"),
    ("2022-09-13", "^DJI", "close", "31,104.97"),
    ("2022-09-13", "^DJI", "largest_since", "2020-06"),
    ("2022-09-13", "^GSPC", "change_pts", "-177.72"),
    ("2022-09-13", "^GSPC", "change_pct", "-4.32"),
    ("2022-09-13", "^GSPC", "close", "3,932.69"),
    ("2022-09-13", "^GSPC", "largest_since", "2020-06"),
    ("2022-09-13", "^IXIC", "change_pts", "-632.84"),
    ("2022-09-13", "^IXIC", "change_pct", "-5.16"),
    ("2022-09-13", "^IXIC", "close", "11,633.57"),
    ("2022-09-13", "^IXIC", "largest_since", "2020-06"),
    # 2023-03-13, SVB: the 2-year yield is the story (Dow Jones Data Talk, CNBC, Zacks). Not
    # computable: regional bank shares. The 3 p.m. yield quote differs from FRED's close by a
    # basis point (the test allows the source difference).
    ("2023-03-13", "DGS2", "yield_change_bp", "-56"),
    ("2023-03-13", "DGS2", "yield_level", "4.03"),
    ("2023-03-13", "DGS2", "yield_largest_since", "1987"),
    ("2023-03-13", "^DJI", "change_pts", "-90.50"),
    ("2023-03-13", "^DJI", "change_pct", "-0.28"),
    ("2023-03-13", "^DJI", "close", "31,819.14"),
    ("2023-03-13", "^DJI", "streak", "-5"),
    ("2023-03-13", "^GSPC", "change_pct", "-0.15"),
    ("2023-03-13", "^GSPC", "close", "3,855.76"),
    ("2023-03-13", "^IXIC", "change_pct", "0.45"),
    ("2023-03-13", "^IXIC", "close", "11,188.84"),
    ("2023-03-13", "^VIX", "close", "26.52"),
    # 2024-08-05, the yen carry unwind (Yahoo Finance/USA Today, CNBC via others). Not
    # computable: market value lost.
    ("2024-08-05", "^GSPC", "change_pct", "-3.0"),
    ("2024-08-05", "^GSPC", "largest_since", "2022-09"),
    ("2024-08-05", "^DJI", "change_pts", "-1,034"),
    ("2024-08-05", "^DJI", "change_pct", "-2.6"),
    ("2024-08-05", "^DJI", "largest_since", "2022-09"),
    ("2024-08-05", "^IXIC", "change_pct", "-3.43"),
    # 2024-11-06, election (CNBC, MarketWatch, Korea Times/Yonhap). Not computable: "largest
    # post-election gain since 1896", bitcoin.
    ("2024-11-06", "^DJI", "change_pts", "1,508.05"),
    ("2024-11-06", "^DJI", "change_pct", "3.57"),
    ("2024-11-06", "^DJI", "record_close", "43,729.93"),
    ("2024-11-06", "^DJI", "largest_since", "2022-11"),
    ("2024-11-06", "^GSPC", "change_pts", "146.28"),
    ("2024-11-06", "^GSPC", "change_pct", "2.53"),
    ("2024-11-06", "^GSPC", "record_close", "5,929.04"),
    ("2024-11-06", "^GSPC", "largest_since", "2022-11"),
    ("2024-11-06", "^IXIC", "change_pts", "544.29"),
    ("2024-11-06", "^IXIC", "change_pct", "2.95"),
    ("2024-11-06", "^IXIC", "record_close", "18,983.47"),
    ("2024-11-06", "^RUT", "change_pts", "132.08"),
    ("2024-11-06", "^RUT", "change_pct", "5.84"),
    ("2024-11-06", "^RUT", "close", "2,392.92"),
    ("2024-11-06", "DGS10", "yield_level", "4.43"),
    # 2025-04-09, the tariff pause (AP, CNBC, Yahoo Finance). Not computable: "third-largest
    # gain since World War II", volume.
    ("2025-04-09", "^GSPC", "change_pts", "474.13"),
    ("2025-04-09", "^GSPC", "change_pct", "9.52"),
    ("2025-04-09", "^GSPC", "close", "5,456.90"),
    ("2025-04-09", "^GSPC", "largest_since", "2008"),
    ("2025-04-09", "^DJI", "change_pts", "2,962.86"),
    ("2025-04-09", "^DJI", "change_pct", "7.87"),
    ("2025-04-09", "^DJI", "close", "40,608.45"),
    ("2025-04-09", "^DJI", "pts_record", "2,962.86"),
    ("2025-04-09", "^DJI", "largest_since", "2020-03"),
    ("2025-04-09", "^IXIC", "change_pts", "1,857.06"),
    ("2025-04-09", "^IXIC", "change_pct", "12.16"),
    ("2025-04-09", "^IXIC", "close", "17,124.97"),
    ("2025-04-09", "^IXIC", "largest_since", "2001-01"),
)

#: The subjects of each day's ``group_move`` fact.
GROUPS: dict[str, tuple[str, ...]] = {"2016-06-24": ("^DJI", "^GSPC", "^IXIC")}

#: What the stories led with: acceptable (subject, angle) pairs per day.
LEADS: dict[str, tuple[tuple[str, str], ...]] = {
    "2016-06-24": (("^DJI", "move"), ("^GSPC", "move"), ("^GSPC", "largest_since"),
                   ("^DJI", "largest_since")),
    "2018-02-05": (("^DJI", "pts_record"),),
    "2018-12-24": (("^DJI", "move"), ("^GSPC", "move"), ("^GSPC", "lowest_close_since"),
                   ("^DJI", "lowest_close_since")),
    "2018-12-26": (("^DJI", "pts_record"),),
    "2020-03-16": (("^GSPC", "largest_since"), ("^DJI", "pts_record")),
    "2020-03-24": (("^DJI", "pts_record"), ("^DJI", "pct_record")),
    "2022-06-13": (("^GSPC", "bear_market"),),
    "2022-09-13": (("^DJI", "largest_since"), ("^GSPC", "largest_since")),
    "2023-03-13": (("DGS2", "yield"),),
    "2024-08-05": (("^GSPC", "largest_since"), ("^DJI", "move")),
    "2024-11-06": (("^DJI", "record_close"), ("^GSPC", "record_close")),
    "2025-04-09": (("^GSPC", "largest_since"),),
}

DAYS: tuple[str, ...] = tuple(sorted(LEADS))
