"""Azerbaijani date expressions -> ISO values, with exact character offsets.

    from aznews.nlp.dates import find_dates
    find_dates("Dekabrın 16-da görüş keçirilib.", published="2021-12-17T11:15:00+04:00")
    # -> [DateValue(text="Dekabrın 16-da", value="2021-12-16", precision="day", start=0, end=14)]

A grammar of compiled regular expressions runs over the text folded with
`nlp.text.az_lower` (same length, so offsets carry over). Every candidate is collected;
overlaps are resolved in favour of the longest span ("16 dekabr 2021-ci ildə" beats
"2021-ci ildə"), then the earliest.

Handled:
- day + month (+ year): "16 dekabr 2021-ci ildə", "17 Dekabr 2021", "Dekabrın 16-da",
  "aprelin 23-də", "dekabr ayının 16-da", "2021-ci il dekabrın 16-da", "23 aprel",
  "16 dekabrda"; ranges "10-11 iyul", "dekabrın 16-dan 20-dək", "10 iyul - 15 avqust 2024",
  "10 iyuldan 15 avqustadək";
- numeric: "16.12.2021", "16/12/2021", "2021-12-16" (validated; "11,5" or a phone number
  never matches);
- month: "dekabr ayında", "2024-cü ilin mart ayında", "2024-cü ilin martında",
  "Dekabr 2021", "dekabrda", "dekabradək", "dekabrdan", "martın əvvəlində/sonunda/ortalarında"; month ranges
  "2021-ci ilin yanvar-sentyabr aylarında" (value 2021-01, end_value 2021-09);
- year: "(1961)", "2022-ci ildə", "2021-ci təqvim ilində", "2022-ci il üçün", "2021-də",
  "2021-ci və 2022-ci illərdə" (two values), ranges "2025/2026-cı tədris ili",
  "2021-2025-ci illər", "1993–2005" (value, end_value; not "1500-2000 manat");
- relative to the publication date: "bu gün", "bugün", "dünən", "srağagün", "sabah",
  "birigün", "bu il", "cari il", "ötən il", "keçən il", "gələn il", "növbəti il",
  "builki", "bu ay", "ötən ay", "keçən ay", "gələn ay", "bu ayın 20-də",
  "ötən ilin dekabr ayında".

Not dates: bare numbers ("157 min 230", "109 mindir", "11,5 milyon", "5 nəfər"), bare
four-digit numbers ("2000 il əvvəl", "2000-dən çox", a lone "2015" outside parentheses),
centuries ("XXI əsr"), times ("11:15"). Decades are year ranges: "1990-cı illərdə" -> 1990..1999.

Year-less expressions ("Dekabrın 16-da", "martın əvvəlində") take the publication year,
or the year before when that would put them more than ~2 months after publication (or
the year after when that puts them less than ~2 months ahead: "yanvarın 10-da" published
on 20 December means next January). With `published=None` (or an unparseable value)
year-less and relative expressions are dropped: no value is better than a guessed one.
"""
from __future__ import annotations

import datetime as _dt
import re

from aznews.nlp.text import az_lower
from aznews.nlp.types import DateValue

__all__ = ["find_dates", "parse_published", "MONTHS"]

# The Azerbaijani month names, in one place for the whole project (the crawler's visible-date
# parser and the training templates take them from here).
MONTHS = ("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr")
_MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_NUM["avgust"] = 8  # Russian-style spelling seen in news

_L = "a-zçəğıöşüə"
_NB = rf"(?![{_L}])"  # no letter follows
_NBL = rf"(?<![{_L}])"  # no letter precedes
_M = "(?:" + "|".join(sorted(_MONTH_NUM, key=len, reverse=True)) + ")"  # the one month list, MONTHS
# case endings a month name takes (vowel harmony not enforced)
_MSUF = (
    r"(?:ınadək|inədək|unadək|ünədək|ından|indən|undan|ündən|ında|ində|unda|ündə|ına|inə|una|ünə"
    r"|adək|ədək|dan|dən|dək|dır|dir|dur|dür|ın|in|un|ün|da|də|a|ə|ı|i|u|ü)?"
)
_GEN = r"(?:ın|in|un|ün)"
_CI = r"-?(?:ci|cı|cu|cü)"
_Y = r"(?:1\d|20|21)\d\d"  # 1000-2199
_IL = r"il(?:inədək|indəki|indən|inin|ində|inə|ini|ədək|dəki|dən|dək|in|də|ə|i|lə|dir|ki)?" + _NB
_KIND = r"(?:(?:təqvim|tədris|maliyyə|büdcə|hesabat|dərs|cari|təsərrüfat)\s+)?"
_REL = r"(?:bu|cari|ötən|keçən|gələn|növbəti)"
_YPRE = rf"(?:(?P<y0>{_Y}){_CI}\s+il(?:in)?,?\s+|{_NBL}(?P<ry>{_REL})\s+il(?:in)?\s+)"
_DSUF = rf"(?:-[{_L}]+)?"
_DAY = r"(?<![\d.,:/])(?P<d>[0-3]?\d)(?!\d)"
_DASH = r"\s*[-–—]\s*"

_FLAGS = 0


def _c(pattern: str) -> re.Pattern:
    return re.compile(pattern, _FLAGS)


# Each pattern has a kind that tells _build how to read its groups.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    # 16 dekabr [2021[-ci il[də]]], 10-11 iyul, 2021-ci il 16 dekabr
    ("dmy", _c(
        rf"(?:{_YPRE})?{_DAY}(?:(?:{_DASH}|\s+və\s+)(?P<d2>[0-3]?\d))?\s+(?P<m>{_M}){_MSUF}{_NB}"
        rf"(?:,?\s+(?P<y>{_Y})(?!\d)(?:{_CI})?(?:\s+{_IL})?)?"
    )),
    # 10 iyul - 15 avqust [2024], 10 iyuldan 15 avqustadək
    ("dmdm", _c(
        rf"{_DAY}\s+(?P<m>{_M}){_MSUF}(?:{_DASH}|(?<=dan|dən)\s+)(?P<d2>[0-3]?\d)\s+(?P<m2>{_M}){_MSUF}{_NB}"
        rf"(?:,?\s+(?P<y>{_Y})(?!\d)(?:{_CI})?(?:\s+{_IL})?)?"
    )),
    # [2021-ci il] dekabrın 16-da, dekabr ayının 16-da, dekabrın 16-dan 20-dək
    ("md", _c(
        rf"(?:{_YPRE})?{_NBL}(?P<m>{_M})(?:{_GEN}|\s+ayının)\s+(?P<d>[0-3]?\d)(?!\d)"
        rf"(?:(?:-(?:dan|dən)\s+|{_DASH})(?P<d2>[0-3]?\d)(?!\d))?{_DSUF}(?![\d.,:/]\d)"
    )),
    # 2024-cü ilin mart ayında, 2024-cü ilin martında, ötən ilin dekabr ayında
    ("my", _c(rf"{_YPRE}{_NBL}(?P<m>{_M})(?:\s+ay(?:ının|ından|ınadək|ında|ına|ı|da|dan|dək)?{_NB}|{_MSUF}{_NB})")),
    # month ranges: yanvar-sentyabr aylarında, 2021-ci ilin yanvar-mart ayları
    ("mm", _c(rf"(?:{_YPRE})?{_NBL}(?P<m>{_M}){_DASH}(?P<m2>{_M})\s+ay(?:lar|ları)[{_L}]*")),
    # dekabr ayında, dekabrda, dekabradək, dekabrdan
    ("m", _c(rf"{_NBL}(?P<m>{_M})(?:\s+ay(?:ının|ından|ınadək|ında|ına|ı|da|dan|dək)?|da|də|dan|dən|dək|adək|ədək){_NB}")),
    # martın əvvəlində, dekabrın sonunda, iyulun ikinci yarısında
    ("m", _c(
        rf"{_NBL}(?P<m>{_M}){_GEN}\s+(?:əvvəl|son|orta|yarı|birinci\s+yarı|ikinci\s+yarı|ilk\s+gün|ilk\s+həftə"
        rf"|ilk\s+ongünlü|son\s+gün|son\s+həftə|sonuncu\s+həftə|axır)[{_L}]*"
    )),
    # Dekabr 2021, dekabr 2021-ci il
    ("my", _c(rf"{_NBL}(?P<m>{_M}){_MSUF},?\s+(?P<y0>{_Y})(?!\d)(?:{_CI}(?:\s+{_IL})?)?(?![\d.,:]\d)")),
    # numeric dates
    ("num", _c(rf"(?<![\d.,/])(?P<d>\d{{1,2}})(?P<sep>[./])(?P<mn>\d{{1,2}})(?P=sep)(?P<y>{_Y})(?!\d|[.,/]\d){_DSUF}")),
    ("num", _c(rf"(?<![\d.,/-])(?P<y>{_Y})-(?P<mn>\d{{2}})-(?P<d>\d{{2}})(?!\d|-\d){_DSUF}")),
    # year ranges: 2025/2026-cı tədris ili, 2021-2025-ci illər
    ("yy", _c(rf"(?<![\d.,/])(?P<y>{_Y})\s*[/–—-]\s*(?P<y2>{_Y})(?!\d)(?:{_CI})?\s+{_KIND}(?:il|mövsüm)[{_L}]*")),
    # bare year ranges "1993–2005", "(1925-1928)"; not "1500-2000 manat"
    ("yy", _c(
        rf"(?<![\d.,/:+-])(?P<y>(?:18|19|20)\d\d)\s*[–—-]\s*(?P<y2>(?:18|19|20|21)\d\d)(?!\d|[.,:]\d)"
        rf"(?!\s*(?:%|faiz|manat|dollar|avro|rubl|lir|nəfər|ədəd|metr|km|kq|kv|sm|m²|m\b|ton|azn|usd|eur|qram|litr|bal|xal))"
    )),
    # a year in parentheses: "(1961)"
    ("y", _c(rf"(?<=\()\s*(?P<y>(?:18|19|20)\d\d)(?=\s*\))")),
    # year lists: 2021-ci və 2022-ci illərdə
    ("ylist", _c(rf"(?<![\d.,/])(?:{_Y}{_CI}(?:\s*,\s*|\s+(?:və|ya|və\s+ya)\s+))+{_Y}{_CI}\s+{_KIND}ill[{_L}]*")),
    # decades: 1990-cı illərdə -> 1990..1999
    ("decade", _c(rf"(?<![\d.,/])(?P<y>(?:1\d|20|21)\d0){_CI}\s+ill(?:ər|əri)[{_L}]*")),
    # 2022-ci ildə, 2021-ci təqvim ilində, 2022-ci il üçün
    ("y", _c(rf"(?<![\d.,/])(?P<y>{_Y}){_CI}\s+{_KIND}{_IL}")),
    # 2021-də, 2021-dən (not "2000-dən çox"), 2021-in
    ("y", _c(
        rf"(?<![\d.,/])(?P<y>{_Y})-(?:də|da|dək|ədək|dən|dan|in|ın|un|ün|nin|nın|nun|nün){_NB}"
        rf"(?!\s+(?:çox|artıq|yuxarı|az|aşağı|ibarət|ziyadə|nəfər|manat))"
    )),
    # bu il, ötən il, gələn ildə, builki
    ("ry", _c(rf"{_NBL}(?P<ry>{_REL})\s+{_IL}")),
    ("ry", _c(rf"{_NBL}(?P<ry>bu|ötən|keçən)ilki{_NB}")),
    # bu tədris ili, cari tədris ilində, növbəti tədris ilinə: an academic year (September-June)
    ("rty", _c(rf"{_NBL}(?P<rt>{_REL})\s+tədris\s+{_IL}")),
    # ilin əvvəlindən, ilin sonunadək (the publication year, unless a year is written before)
    ("ry0", _c(rf"{_NBL}ilin\s+(?:əvvəl|son)(?:indən|inədək|ində|una\s+qədər|unadək|unda|u){_NB}")),
    # bu ay, ötən ayın, gələn aydan
    ("rm", _c(rf"{_NBL}(?P<rm>{_REL})\s+ay(?:ın|da|dan|a|ki|dır)?{_NB}")),
    # bu ayın 20-də
    ("rmd", _c(rf"{_NBL}(?P<rm>{_REL})\s+ayın\s+(?P<d>[0-3]?\d)(?!\d){_DSUF}(?![\d.,:/]\d)")),
    # bu gün, dünən, sabah, srağagün, birigün
    ("rd", _c(
        rf"{_NBL}(?P<rd>bu\s*gün(?:kü|ün|də|dən|ədək|ə)?|ötən\s+gün(?:ü|də)?|dünən(?:ki|dən|ədək)?|srağagün(?:kü)?|birigün(?:kü)?"
        rf"|sabah(?:kı|dan|adək|a)?){_NB}"
    )),
]

# Speed: the grammar only runs in windows around anchors (a digit, a month name, a
# relative word), and patterns that need a month name or a digit only where one is.
_DIGITS = re.compile(r"\d+")
_REL_ANCHOR = re.compile(r"(?=[dsbcökgni])(?:dünən|sabah|srağagün|birigün|ilin\s+(?:əvvəl|son)|"
                         r"(?:bu|cari|ötən|keçən|gələn|növbəti)\s*(?:gün|il|ay|tədris))")
_MONTH_STEMS = MONTHS + ("avgust",)
_BEFORE, _AFTER = 60, 80  # window reach around an anchor; longer than any expression
_SPACE = re.compile(r"\s")
_MONTH_KINDS = frozenset({"dmy", "dmdm", "md", "my", "m", "mm"})
_DIGIT_KINDS = frozenset({"num", "yy", "ylist", "y", "rmd", "decade"})

_REL_YEAR = {"bu": 0, "cari": 0, "ötən": -1, "keçən": -1, "gələn": 1, "növbəti": 1}
_REL_DAY = {"bu": 0, "dünən": -1, "ötən": -1, "srağagün": -2, "sabah": 1, "birigün": 2}
_YEAR_BEFORE = re.compile(rf"(?:{_Y}{_CI}|{_REL}|builki|ötənilki)\s*$")
# "bu sabah", "hər sabah": "sabah" is "morning" there, not "tomorrow"
_NOT_TOMORROW = re.compile(rf"(?:bu|hər|o|həmin|erkən|səhər|gecə|ertəsi)\s+$")

_UNTIL = re.compile(r"\s+(?:qədər|kimi)\b")
_FROM_BEFORE = re.compile(r"(?:dan|dən)\s+$")
_CLUB = re.compile(r"\s*(?:fk|klub|komanda|futbol|\(|-\s*[a-zçəğıöşü])")
_FUTURE_DAYS = 62  # a year-less date may lie at most this far after publication
_YEAR_CI_RE = re.compile(rf"({_Y}){_CI}")


def parse_published(published) -> _dt.date | None:
    """A datetime/date or ISO 8601 string -> its calendar date (in its own offset); None if absent or unparseable."""
    if published is None or published == "":
        return None
    if isinstance(published, _dt.datetime):
        return published.date()
    if isinstance(published, _dt.date):
        return published
    if isinstance(published, str):
        s = published.strip()
        try:
            return _dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return _dt.date.fromisoformat(s[:10])
            except ValueError:
                return None
    return None


def _fold(text: str) -> str:
    folded = az_lower(text)
    if len(folded) == len(text):
        return folded
    # some character changed length when lower-cased: fold one character at a time
    return "".join(c if len(lc := az_lower(c)) != 1 else lc for c in text)


def _day(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _guess_year(m: int, d: int | None, pub: _dt.date) -> int:
    """The year that puts month/day at most ~2 months after publication and less than ~10 before."""
    for y in (pub.year, pub.year - 1, pub.year + 1):
        probe = _day(y, m, d or 1) or _day(y, m, 28)
        delta = (probe - pub).days
        if d is None:  # month precision: compare month starts
            delta = (y - pub.year) * 12 + m - pub.month
            if -10 <= delta <= 1:
                return y
        elif -(365 - _FUTURE_DAYS) < delta <= _FUTURE_DAYS:
            return y
    return pub.year


def _year_of(g: dict, pub: _dt.date | None) -> int | None:
    """Explicit year from groups y / y0 or relative ry; None when unknown."""
    for key in ("y", "y0"):
        if g.get(key):
            return int(g[key])
    if g.get("ry"):
        if pub is None:
            return None
        return pub.year + _REL_YEAR[g["ry"]]
    return None


def _iso_day(d: _dt.date) -> str:
    return d.isoformat()


def _inside_quote(text: str, pos: int) -> bool:
    """Is `pos` inside a direct quotation opened earlier in its paragraph (“…”, «…», "…")?"""
    para = text[text.rfind("\n", 0, pos) + 1 : pos]
    return (para.count("“") > para.count("”") or para.count("«") > para.count("»")
            or para.count('"') % 2 == 1)


def _build(kind: str, m: re.Match, text: str, folded: str, pub: _dt.date | None):
    """[(start, end, value, precision, end_value)] for one match; [] when it is not a valid date."""
    g = m.groupdict()
    s, e = m.span()
    if kind in ("dmy", "md", "dmdm"):
        mon = _MONTH_NUM[g["m"]]
        mon2 = _MONTH_NUM[g["m2"]] if g.get("m2") else mon
        d1 = int(g["d"])
        d2 = int(g["d2"]) if g.get("d2") else None
        y = _year_of(g, pub)
        if y is None:
            if pub is None:
                return []
            y = _guess_year(mon, d1, pub)
        y1 = y - 1 if (mon2 < mon and g.get("y")) else y  # "25 dekabr - 5 yanvar 2022"
        a = _day(y1, mon, d1)
        if a is None:
            return []
        end = None
        if d2 is not None:
            y2 = y + 1 if (mon2 < mon and not g.get("y")) else y
            b = _day(y2, mon2, d2)
            if b is None or b <= a:
                return []
            end = _iso_day(b)
        return [(s, e, _iso_day(a), "day", end)]
    if kind == "num":
        a = _day(int(g["y"]), int(g["mn"]), int(g["d"]))
        return [(s, e, _iso_day(a), "day", None)] if a else []
    if kind in ("my", "m"):
        mon = _MONTH_NUM[g["m"]]
        y = _year_of(g, pub)
        if y is None:
            if pub is None:
                return []
            y = _guess_year(mon, None, pub)
        return [(s, e, f"{y:04d}-{mon:02d}", "month", None)]
    if kind == "mm":
        m1, m2 = _MONTH_NUM[g["m"]], _MONTH_NUM[g["m2"]]
        y = _year_of(g, pub)
        if y is None:
            if pub is None:
                return []
            y = _guess_year(m1, None, pub)
        y2 = y + 1 if m2 < m1 else y
        return [(s, e, f"{y:04d}-{m1:02d}", "month", f"{y2:04d}-{m2:02d}")]
    if kind == "y":
        return [(s, e, g["y"], "year", None)]
    if kind == "decade":
        return [(s, e, g["y"], "year", str(int(g["y"]) + 9))]
    if kind == "yy":
        y1, y2 = int(g["y"]), int(g["y2"])
        if not 0 < y2 - y1 <= 50:
            return []
        return [(s, e, g["y"], "year", g["y2"])]
    if kind == "ylist":
        items = list(_YEAR_CI_RE.finditer(m.group()))
        return [(s + ym.start(), e if i == len(items) - 1 else s + ym.end(), ym.group(1), "year", None)
                for i, ym in enumerate(items)]
    if pub is None:
        return []
    if kind == "ry":
        return [(s, e, str(pub.year + _REL_YEAR[g["ry"]]), "year", None)]
    if kind == "rty":
        # the academic year starts in September; from August on, "bu tədris ili" is the coming one
        first = (pub.year if pub.month >= 8 else pub.year - 1) + _REL_YEAR[g["rt"]]
        return [(s, e, str(first), "year", str(first + 1))]
    if kind == "ry0":
        if _YEAR_BEFORE.search(folded[max(0, s - 16):s]):
            return []  # "2024-cü ilin əvvəlində", "ötən ilin sonunda": the year is written
        return [(s, e, str(pub.year), "year", None)]
    if kind in ("rm", "rmd"):
        k = _REL_YEAR[g["rm"]]
        total = pub.year * 12 + pub.month - 1 + k
        y, mon = divmod(total, 12)
        mon += 1
        if kind == "rm":
            return [(s, e, f"{y:04d}-{mon:02d}", "month", None)]
        a = _day(y, mon, int(g["d"]))
        return [(s, e, _iso_day(a), "day", None)] if a else []
    if kind == "rd":
        word = g["rd"]
        if word.startswith("bu"):
            key = "bu"
        else:
            key = next(k for k in _REL_DAY if word.startswith(k))
        if key == "bu" and _inside_quote(text, s):
            return []  # "Bu gün biz bilməliyik ki ...": a speaker's "nowadays", not the day
        if key == "bu" and (word.endswith("ədək") or word.endswith("ə") and _UNTIL.match(folded, e)) \
                and not _FROM_BEFORE.search(folded[max(0, s - 30):s]):
            # "bu günə qədər", "bu günədək": "so far", a span of time, not the day; but a range
            # that ends today names it ("tətbiq edildiyi vaxtdan bu günədək")
            return []
        if key == "sabah":
            if _NOT_TOMORROW.search(folded[max(0, s - 12):s]) or _CLUB.match(folded, e):
                return []
            # "Sabah" capitalized inside a sentence is the Baku football club
            before = text[:s].rstrip()
            if text[s] == "S" and before and before[-1] not in ".!?…:\n\"“«„'–—-":
                return []
        return [(s, e, _iso_day(pub + _dt.timedelta(days=_REL_DAY[key])), "day", None)]
    return []


def _anchors(folded: str) -> list[tuple[int, int, int]]:
    """(start, end, kind) of digits (1), month names (2) and relative words (0), sorted."""
    out = [(m.start(), m.end(), 1) for m in _DIGITS.finditer(folded)]
    for stem in _MONTH_STEMS:
        i = folded.find(stem)
        while i >= 0:
            out.append((i, i + len(stem), 2))
            i = folded.find(stem, i + 1)
    out.extend((m.start(), m.end(), 0) for m in _REL_ANCHOR.finditer(folded))
    out.sort()
    return out


def _windows(folded: str):
    """Merged [start, end, has_month, has_digit] windows around anchors, cut at whitespace."""
    out: list[list] = []
    n = len(folded)
    for s, e, kind in _anchors(folded):
        a = max(0, s - _BEFORE)
        if out and a <= out[-1][1]:
            a = out[-1][0]
        elif a:
            ws = folded.rfind(" ", 0, a)
            a = ws + 1 if ws >= 0 else 0
        b = e + _AFTER
        if b >= n:
            b = n
        else:
            ws = _SPACE.search(folded, b)
            b = ws.start() if ws else n
        if out and a <= out[-1][1]:
            w = out[-1]
            w[1] = max(w[1], b)
            w[2] = w[2] or kind == 2
            w[3] = w[3] or kind == 1
        else:
            out.append([a, b, kind == 2, kind == 1])
    return out


def _sentence_index(spans, pos: int) -> int:
    from bisect import bisect_right

    starts = [a for a, _ in spans]
    return max(0, bisect_right(starts, pos) - 1)


def find_dates(text: str, published=None, sentences: list[tuple[int, int]] | None = None) -> list[DateValue]:
    """Every date expression in `text`, normalized, in text order, non-overlapping.

    `published`: datetime, date or ISO string (the article's publication time) used for
    year-less and relative expressions; None drops those. `sentences`: optional
    (start, end) sentence spans to fill `DateValue.sentence`; computed with
    `nlp.tokenize.sentence_spans` when not given.
    """
    if not text:
        return []
    pub = parse_published(published)
    folded = _fold(text)
    cands = []
    for a, b, has_month, has_digit in _windows(folded):
        for kind, pat in _PATTERNS:
            if (kind in _MONTH_KINDS and not has_month) or (kind in _DIGIT_KINDS and not has_digit):
                continue
            for m in pat.finditer(folded, a, b):
                cands.extend(_build(kind, m, text, folded, pub))
    if not cands:
        return []
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort()
    if sentences is None:
        from aznews.nlp.tokenize import sentence_spans

        sentences = sentence_spans(text)
    out = []
    for s, e, value, precision, end_value in taken:
        out.append(DateValue(text=text[s:e], value=value, precision=precision, start=s, end=e,
                             sentence=_sentence_index(sentences, s) if sentences else 0, end_value=end_value))
    return out
