"""Instrument mentions in article text, from the packaged instrument aliases.

Names are matched case-insensitively on word boundaries, longest alias first ("iShares Russell
2000 Growth ETF" before "Russell 2000"). Data vendors whose names contain an index name ("Dow
Jones Market Data", "S&P Dow Jones Indices") are masked first. Anaphora -- "it", "its", "the
index", "the benchmark", "the yield", "the fund" -- resolve to the last named instrument (of the
matching kind for "the yield" / "the fund"), carried across sentences by :class:`MentionTracker`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..instruments import Instrument, load_instruments
from .firstchar import guarded

__all__ = ["subject_before", "Mention", "MentionTracker", "find_named", "instrument_kind", "listed"]

_VENDORS = re.compile(r"dow jones market data|s&p dow jones indices|dow jones newswires|"
                      r"factset|morningstar indexes|ftse russell", re.I)
_EXTRA_ALIASES: dict[str, str] = {
    # names writers use that the instrument table leaves out (checker-specific spellings)
    "10-year treasury": "DGS10", "10-year treasury note": "DGS10", "10-year note": "DGS10",
    "2-year treasury": "DGS2", "2-year treasury note": "DGS2", "2-year note": "DGS2",
    "russell 2000 small-cap index": "^RUT", "s&p 500 index": "^GSPC",
    "dow": "^DJI",   # headline style ("Dow closes at record"); vendor names are masked first
}
_ANAPHORA = re.compile(r"\b(?:it|its|the (?:index|benchmark|gauge|small-cap gauge|average|"
                       r"yield|fund|etf|futures|contract|stock(?! market)))\b", re.I)


@dataclass(frozen=True, slots=True)
class Mention:
    """An instrument named (or referred to) at ``start:end`` of the text."""

    start: int
    end: int
    symbol: str
    text: str
    named: bool = True
    #: yields in general ("Treasury yields"), read as the benchmark 10-year
    generic: bool = False


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for inst in load_instruments().values():
        for alias in (inst.name, *inst.aliases):
            if len(alias) >= 3 and not alias.startswith("^"):
                table.setdefault(alias.casefold(), inst.symbol)
    for alias, sym in _EXTRA_ALIASES.items():
        table.setdefault(alias, sym)
    for alias in [a for a in table if " & " in a]:     # "Standard &Poor's 500": the spaces
        for variant in (alias.replace(" & ", " &"), alias.replace(" & ", "& "),   # around &
                        alias.replace(" & ", "&")):                                # vary
            table.setdefault(variant, table[alias])
    body = alternation(sorted(table, key=len, reverse=True))
    return guarded(re.compile(rf"(?<![\w&-])(?:{body})(?![\w&]|-\w)", re.I)), table


#: A trie of words: each character to the trie of what may follow ("" where a word ends).
_Trie = dict[str, "_Trie"]


def flat_alternation(words: list[str]) -> str:
    """``words`` as a regex alternation, in their order, a space matching any white space."""
    return "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in words)


def alternation(words: list[str]) -> str:
    """:func:`flat_alternation` of ``words`` (longest first) written as a trie: words that share
    a beginning share it in the pattern, read once, instead of the engine trying every word in
    turn at every position. The matches are the flat alternation's: at a position the text goes
    down one branch of each node, and a longer word is tried before a shorter one it begins
    with. (The flat one where a node's branches could both match a character: two letters
    that match case-insensitively, white space other than a space.)"""
    root: _Trie = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}                   # a word ends here

    def longest(node: _Trie) -> int:
        return max((1 + longest(n) for c, n in node.items() if c), default=0)

    def written(node: _Trie) -> str | None:
        kids = [c for c in node if c]
        if any(c.isspace() and c != " " for c in kids) or any(
                a != b and re.fullmatch(re.escape(a), b, re.I) for a in kids for b in kids):
            return None
        parts = []
        for c in sorted(kids, key=lambda c: -longest(node[c])):
            rest = written(node[c])
            if rest is None:
                return None
            parts.append((r"\s+" if c == " " else re.escape(c)) + rest)
        if "" in node:
            parts.append("")            # the word that ends here: after the longer ones
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    tree = written(root)
    return tree if tree is not None and len(words) == len(set(words)) else \
        flat_alternation(words)


def instrument_kind(symbol: str) -> str | None:
    """The instrument kind (index, etf, yield, ...) of ``symbol``, or None if unknown."""
    inst: Instrument | None = load_instruments().get(symbol)
    return inst.kind if inst else None


#: Descriptors: how stories refer to an instrument without its name ("the 30-stock average",
#: "the tech-heavy index", "$SPY", "the 10-year"). Tried where no alias matched.
_DESCRIPTORS: tuple[tuple[str, str], ...] = (
    ("^DJI", r"(?:the\s+)?(?:30-stock|blue[- ]chip)\s+(?:index|average|measure|gauge|benchmark)|"
             r"\$(?:DJIA|DJI|INDU)\b|(?<![\w&])industrial average"),
    ("^GSPC", r"(?:the\s+)?(?:broad(?:er)?|benchmark)\s+(?:market\s+)?(?:index|gauge|measure)|"
              r"500-stock\s+(?:index|gauge)|\$(?:SPX|GSPC)\b"),
    ("^IXIC", r"(?:the\s+)?tech(?:nology)?[- ]heavy\s+(?:index|gauge|composite|measure|benchmark)|"
              r"\$(?:COMP|IXIC)\b"),
    ("^RUT", r"(?:the\s+)?small[- ](?:cap|company|fry)\s+(?:stock\s+)?(?:index|benchmark|gauge|"
             r"measure)|"
             r"\bsmall[- ]caps\b|\$RUT\b"),
    ("DGS10", r"(?:the\s+)?benchmark\s+(?:U\.?S\.?\s+)?Treasury\s+yield|"
              r"(?:the\s+)?(?:benchmark\s+)?(?:10|ten)-year(?:\s+U\.S\.)?(?:\s+Treasur(?:y|ies))?"
              r"(?:\s+(?:note|T-note))?(?:\s+yield)?(?!\s*-)"),
    ("DGS2", r"(?:the\s+)?(?:2|two)-year(?:\s+U\.S\.)?(?:\s+Treasur(?:y|ies))?(?:\s+note)?"
             r"(?:\s+yield)?(?!\s*-)"),
    # the funds' tickers, in capitals only ("SPY"; not "a spy"): "IWM surged 2.6%"
    ("SPY", r"\$SPY\b|(?-i:(?<![\w$])SPY\b)"), ("QQQ", r"\$QQQ\b|(?-i:(?<![\w$])QQQ\b)"),
    ("IWM", r"\$IWM\b|(?-i:(?<![\w$])IWM\b)"),
)
_DESCRIPTOR = re.compile("|".join(f"(?P<d{i}>{p})" for i, (_, p) in enumerate(_DESCRIPTORS)),
                         re.I)
#: Yields in general ("Treasury yields fell to their lowest level since August", "Yields on
#: long-term U.S. government bonds"): read as the benchmark 10-year, but not named -- a reading
#: that may support a figure, never one that contradicts it.
_GENERIC_YIELDS = re.compile(
    r"\b(?:U\.?S\.?\s+)?(?:Treasury|bond|government[- ]bond)\s+yields\b(?!\s+(?:index|sector))|"
    r"\byields\s+on\s+(?:long-term\s+|longer-dated\s+|benchmark\s+)?(?:U\.?S\.?\s+)?"
    r"(?:government\s+bonds?|Treasur(?:y|ies)(?:\s+(?:bonds|notes))?)(?:\s+and\s+(?:notes|bonds))?",
    re.I)

#: "Other major indexes also had their worst days": indexes the text leaves open.
_OTHER_INDEXES = r"other\s+(?:two\s+|three\s+|major\s+|main\s+)*(?:indexes|indices|averages)\b"
OTHER_INDEXES = re.compile(r"\b" + _OTHER_INDEXES, re.I)

#: Things that are not stored instruments: a figure about them is not a claim about an index,
#: and they stop a figure binding to an index named earlier ("The S&P 500 energy sector gained
#: 5.14%", "the 30-year Treasury bond jumped 9 basis points", "Oil prices tumbled").
BLOCKERS = re.compile(
    r"\b(?:"
    # members of an index, not the index: "Alcoa, a Dow component", "the biggest gain in the
    # Dow", "among the 11 main sectors of the S&P 500"
    r"(?:dow|s&p(?: 500)?|nasdaq)\s+(?:components?|members?|constituents?)|"
    r"(?:(?:biggest|largest|best|worst|top|steepest|sharpest)\s+(?:percentage\s+|point\s+)?"
    r"(?:gain|gainer|decline|decliner|loser|drop|advance|performer|increase|fall|rise)s?|sectors|"
    r"components|members|constituents|companies|gainers|losers|decliners|(?:industry\s+)?groups|"
    r"industries|[a-z-]+\s+stocks)\s+(?:in|among|on|of)\s+"
    r"the\s+(?:\d+\s+)?(?:s&p 500|s&p|dow(?: jones industrial average| industrials)?|nasdaq"
    r"(?: composite)?|russell 2000|index|benchmark)|"
    r"shares|sectors?|oil|crude|brent|wti|gold|silver|copper|bitcoin|ether(?:eum)?|"
    r"crypto\w*|dollar|euro|yen|yuan|sterling|30-year|thirty-year|5-year|five-year|3-month|"
    r"three-month|20-year|7-year|1-year|nasdaq[- ]100|russell 1000|russell 3000|"
    r"s&p (?:400|600|midcap|smallcap)|(?:nyse|new york stock exchange|american stock exchange|"
    r"amex)(?:'s)? composite|wilshire(?: 5000)?|dow(?: jones)? (?:transportation|utility|"
    r"utilities)|dow jones (?:u\.?s\.?|global|total|select|world)[^.;]{0,40}?\bindex|"
    r"american stock exchange|amex|decliners|advancers|(?:advancing|declining) (?:issues|stocks)|"
    r"(?:bond|treasury|note) prices|prices of (?:treasuries|bonds|notes)|"
    r"(?:the )?" + _OTHER_INDEXES + r"|"
    r"(?:s&p\s*/\s*)?case[- ]shiller|home[- ]prices?(?: index)?|stoxx|ftse|nikkei|dax|cac 40|hang seng|kospi|sensex|"
    r"nifty|topix|tsx|asx|cases|unemployment|inflation|consumer prices|gdp|payrolls|jobless|"
    r"mortgage rates?|fed funds|the stock(?! market)|its stock|earnings|revenue|profit|sales|"
    r"moving average|-day average|ratio|(?:bond |treasury )?yields|(?:retail(?:ing)?|energy|"
    r"financials?|technology|tech|health[- ]care|utilit(?:y|ies)|industrials?|materials|banks?|"
    r"banking|transport(?:ation)?s?|real estate|semiconductors?|chips?|homebuilders?)\s+"
    r"(?:index|sub-?index|sector|group))\b",
    re.I)

# scanned over every sentence: behind a first-character lookahead (the same matches, faster)
_VENDORS, _ANAPHORA, _DESCRIPTOR, BLOCKERS, _GENERIC_YIELDS = map(guarded, (
    _VENDORS, _ANAPHORA, _DESCRIPTOR, BLOCKERS, _GENERIC_YIELDS))


def find_named(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Instruments named by an alias or a descriptor in ``text[start:end]`` (vendor names
    masked), in order."""
    end = len(text) if end is None else end
    w0 = max(0, start - 40)           # only the stretch (and a little before): linear reading
    masked = _VENDORS.sub(lambda m: "#" * len(m.group()), text[w0:end].replace("\u2019", "'"))
    pattern, table = _pattern()
    out = []
    for m in pattern.finditer(masked, start - w0, end - w0):
        key = " ".join(m.group().split()).casefold()
        if masked.startswith(":", m.end()) and re.match(r":\s?[A-Z]{1,5}\b", masked[m.end():]):
            continue    # "(NASDAQ:QQQ)": an exchange prefix of a ticker, not the index
        if key in table:
            out.append(Mention(m.start() + w0, m.end() + w0, table[key], m.group()))
    for m in _DESCRIPTOR.finditer(masked, start - w0, end - w0):
        if any(o.start < m.end() + w0 and m.start() + w0 < o.end for o in out):
            continue
        i = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        out.append(Mention(m.start() + w0, m.end() + w0, _DESCRIPTORS[i][0], m.group()))
    for m in _GENERIC_YIELDS.finditer(masked, start - w0, end - w0):
        if re.search(r"\b(?:falling|rising|higher|lower|surging|sliding|of|in|and|or)\s+$",
                     masked[max(0, m.start() - 12):m.start()], re.I):
            continue    # "as falling bond yields eased": a cause, not the sentence's subject
        if not any(o.start < m.end() + w0 and m.start() + w0 < o.end for o in out):
            out.append(Mention(m.start() + w0, m.end() + w0, "DGS10", m.group(), named=False,
                               generic=True))
    # "the S&P Midcap 400", "the Dow Jones transportation average": a name inside the name of
    # something not stored is not a mention of the stored index
    inside = [(b.start() + w0, b.end() + w0) for b in BLOCKERS.finditer(masked, start - w0, end - w0)]
    out = [o for o in out if o.generic or not any(
        a < o.end and o.start < b and (a < o.start or o.end < b) for a, b in inside)]
    return sorted(out, key=lambda x: x.start)


#: A comma-delimited aside about the subject: its words are not the figure's subject.
_ASIDE = re.compile(r"\s*(?:which|that|who|a|an|the|used|known|considered|often|widely)\b", re.I)


def subject_before(ms: list[Mention], pos: int, fallback: str | None
                   ) -> tuple[str | None, Mention | None, str]:
    """The instrument a worded claim at ``pos`` is about: the last mention before it, else the
    article's (``fallback``); with that mention (None for the fallback) and the claim's anchor
    ("named" for a name or descriptor, else "pronoun")."""
    before = [x for x in ms if x.end <= pos]
    subj = before[-1] if before else None
    symbol = subj.symbol if subj is not None else fallback
    return symbol, subj, "named" if subj is not None and subj.named else "pronoun"


_MOVE_VERBS = (r"rose|rises|rising|gained|gains|jumped|jumps|surged|surges|soared|soars|climbed|"
               r"climbs|rallied|rallies|advanced|added|fell|falls|dropped|drops|slid|slides|"
               r"slipped|sank|sinks|tumbled|tumbles|plunged|plunges|lost|loses|declined|declines|"
               r"closed|ended|finished|was\s+(?:up|down)|were\s+(?:up|down)")
#: "Goldman Sachs shares dropped nearly 7%", "Citigroup and Bank of America both fell more than
#: 6%", "Goldman's operating expenses surged 23%": a name (capitalized words) doing the move
_NAME_MOVES = re.compile(
    r"(?:^|(?<=[\s,;(\"“]))(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:&\s+|of\s+|and\s+)?[A-Z][\w&.'’-]*)*)"
    r"(?P<poss>['’]s\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?\s+(?:shares\s+|stock\s+)?(?:both\s+|"
    rf"also\s+|each\s+)?(?:{_MOVE_VERBS})\b[^.;]{{0,30}}$")
#: capitalized words that name no company: calendar words, places, the market's own words
_NOT_NAMES = frozenset(
    "the a an it its they this that these those stocks shares markets market investors traders "
    "prices yields bonds equities indexes indices averages benchmarks wall street u.s. us u.s "
    "fed federal reserve treasury treasuries today tonight monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec and of new york "
    "meanwhile overall still also but and so then".split())


def name_moving(text: str, start: int, pos: int) -> str | None:
    """The company (or other named thing) that moves by the figure at ``pos``, named in
    ``text[start:pos]`` as the subject of a move verb just before it ("United Airlines closed
    4.3% higher"), or None. Only for a figure no instrument is named for: its words are then
    about that name, not about the article's index."""
    m = _NAME_MOVES.search(text, start, pos)
    if m is None:
        return None
    words = [w.strip(".,'’").lower() for w in re.split(r"\s+|&", m["name"]) if w.strip("&")]
    if all(w.rstrip("s") in _NOT_NAMES or w in _NOT_NAMES for w in words):
        return None
    if len(words) == 1 and m.start("name") == start and not m["poss"] and \
            m["name"][1:].islower():
        return None     # "Stocks rose": a sentence's first word is capitalized anyway
    return m["name"]


def blocker_before(text: str, start: int, pos: int) -> re.Match[str] | None:
    """The last non-instrument word (:data:`BLOCKERS`) in ``text[start:pos]``, or None."""
    last = None
    for m in BLOCKERS.finditer(text, start, pos):
        a = text.rfind(",", start, m.start())
        b = text.find(",", m.end(), pos)
        if a >= 0 and b >= 0 and _ASIDE.match(text, a + 1):
            continue    # "The yield on the 10-Year Treasury, which influences mortgage rates, rose"
        last = m
    return last


_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|as well as\s+)(?:the\s+)?", re.I)


def listed(named: list[Mention], text: str) -> list[str]:
    """The instruments of the last coordinated list among ``named`` ("the S&P 500, the Dow and
    the Nasdaq"): the last mention and those joined to it by commas or "and"."""
    if not named:
        return []
    run = [named[-1]]
    for x in reversed(named[:-1]):
        if not _LIST_GLUE.fullmatch(text, x.end, run[-1].start):
            break
        run.append(x)
    return list(dict.fromkeys(x.symbol for x in reversed(run)))


#: A list of examples before a mention ("including Apple, Microsoft and Amazon").
_EXAMPLES = re.compile(r"\b(?:including|such as|among them|like)\b[^.;:]*$", re.I)


class MentionTracker:
    """Finds mentions sentence by sentence, resolving anaphora to the last named instrument."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.last_by_kind: dict[str, str] = {}
        self.recent: list[str] = []     # distinct instruments named, most recent last
        self.found_last = False         # the last sentence read named or referred to one

    def mentions(self, text: str, start: int, end: int) -> list[Mention]:
        """Named and resolved mentions in ``text[start:end]``, in order; updates the state."""
        named = find_named(text, start, end)
        out: list[Mention] = []
        k = 0
        for m in _ANAPHORA.finditer(text, start, end):
            while k < len(named) and named[k].start < m.start():
                self._see(named[k], text, start)
                out.append(named[k])
                k += 1
            if any(n.start <= m.start() < n.end for n in named):
                continue
            word = m.group().lower()
            kind = ("yield" if word.endswith("yield") else "etf" if word.endswith(("fund", "etf"))
                    else "future" if word.endswith(("futures", "contract")) else None)
            sym = self.last_by_kind.get(kind) if kind else self.last
            if word == "the stock" and (sym is None or instrument_kind(sym) != "etf"):
                continue    # "the stock" is a company's, unless a fund was named last ("Shares
                #             of Invesco QQQ ... The stock traded as high as $449.52")
            if sym is not None:
                out.append(Mention(m.start(), m.end(), sym, m.group(), named=False))
        for n in named[k:]:
            self._see(n, text, start)
            out.append(n)
        self.found_last = bool(out)
        return out

    def _see(self, m: Mention, text: str = "", start: int = 0) -> None:
        if text and instrument_kind(m.symbol) == "stock" and _EXAMPLES.search(
                text, max(start, m.start - 90), m.start):
            return      # "tracks 500 companies, including Apple, Microsoft, Amazon": examples
            #             of its members; "its" after them is still the index's
        self.last = m.symbol
        if m.symbol in self.recent:
            self.recent.remove(m.symbol)
        self.recent = (self.recent + [m.symbol])[-4:]
        kind = instrument_kind(m.symbol)
        if kind:
            self.last_by_kind[kind] = m.symbol
