"""Publication dates: ISO values from structured data, dates as pages print them, and the
article's own date on a page among the others it shows.

    from aznews.crawler.dates import parse_iso_date, parse_visible_date, find_published
    parse_visible_date("22 iyul, 2025 / 09:46")          # '2025-07-22T09:46:00+04:00'
    find_published(root, fetched_at=now)                  # the date by the headline, or None

Every value is an ISO 8601 string to the second with the site's offset: the one printed
("(UTC +04:00)"), else the site's (`tz`, Baku's +04:00 by default).
"""
from __future__ import annotations

import html as htmllib
import re
from datetime import datetime, timedelta, timezone

from aznews.nlp.dates import MONTHS as AZ_MONTHS  # noqa: E402  (one month list)

BAKU = timezone(timedelta(hours=4))

# ---------------------------------------------------------------- parsing

_MONTHS = {
    # Azerbaijani: the NLP stage's month list, then abbreviations seen on pages
    **{name: k + 1 for k, name in enumerate(AZ_MONTHS)},
    "yan": 1, "fev": 2, "apr": 4, "iyn": 6, "iyl": 7, "avq": 8, "sen": 9, "okt": 10, "noy": 11, "dek": 12,
    # Russian (genitive and nominative)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    # English and Turkish
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11,
    "dec": 12,
    "ocak": 1, "şubat": 2, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7, "ağustos": 8,
    "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TIME = r"(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?"
_OFFSET = re.compile(r"\(?\s*(?:UTC|GMT)\s*(?P<sign>[+-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?\s*\)?", re.I)
_RE_DAY_MONTH = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)\s*(?:-?(?:ci|cı|cu|cü|си))?\s+(?P<mon>{_MONTH_RE})\b\.?,?\s*(?P<y>(?:19|20)\d\d)?\s*(?:il|г\.?|года)?\b"
)
# English order: "November 14, 2025"
_RE_MONTH_DAY = re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")
_RE_NUMERIC = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)[./-](?P<m>[01]?\d)[./-](?P<y>(?:19|20)\d\d)(?!\d)")
_RE_ISO_DAY = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_RE_TIMEPART = re.compile(rf"(?<![\d:]){_TIME}(?![\d])")
_TODAY = ("bu gün", "bugün", "bu gun", "сегодня", "today")
_YESTERDAY = ("dünən", "dunen", "вчера", "yesterday", "dün")


def _fold(text: str) -> str:
    from aznews.nlp.text import az_lower

    return az_lower(text)


def _as_tz(fetched_at, tz=BAKU) -> datetime:
    """The fetch time on the site's clock (what "today" and a yearless date refer to)."""
    if fetched_at is None:
        fetched_at = datetime.now(timezone.utc)
    elif isinstance(fetched_at, str):
        fetched_at = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=timezone.utc)
    return fetched_at.astimezone(tz)


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def parse_offset(value: str | None):
    """"+04:00" / "-03:30" -> a timezone; None for None. ValueError otherwise."""
    if value is None:
        return None
    m = re.fullmatch(r"\s*(?:UTC)?\s*([+-])(\d{2}):?(\d{2})\s*", value)
    if not m or int(m.group(2)) > 14 or int(m.group(3)) >= 60:
        raise ValueError(f"not a UTC offset like +04:00: {value!r}")
    sign = -1 if m.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))


def parse_iso_date(value, default_tz=BAKU) -> str | None:
    """ISO 8601 (as in JSON-LD, OpenGraph, sitemaps, <time datetime>) -> ISO with offset.
    A value without offset is taken as the site's time (`default_tz`, Baku +04:00)."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip().replace("Z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        v += "T00:00:00"
    v = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", v)  # +0400 -> +04:00
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=default_tz or BAKU)
    return iso(dt)


def parse_visible_date(text, fetched_at=None, formats=None, tz=None, fallback=True) -> str | None:
    """A date as printed on a page -> ISO 8601 with offset (the site's, `tz`, Baku +04:00
    by default, unless the text prints one).

    Handles "17 Dekabr 2021 11:15", "22 iyul, 2025 / 09:46", "14 noyabr 2025 16:23
    (UTC +04:00)", "09.11.2025 | 10:59", "17/12/2021 11:15", "November 14, 2025",
    "Bu gün / 12:18", "Dünən, 22:30" and the yearless "15 Noyabr 10:31 (UTC+04)" (the
    latest such date not after the fetch time). Relative and yearless dates are resolved
    against `fetched_at` (default: now). `formats` are strptime formats tried first
    (month names in English only); `fallback` lets dateparser try what nothing else read."""
    got = _parse_visible(text, fetched_at, formats, tz or BAKU, fallback)
    return iso(got[0]) if got else None


def _parse_visible(text, fetched_at, formats, tz, fallback):
    """(aware datetime, whether the text gave a time of day) or None."""
    if not text:
        return None
    if isinstance(text, (list, tuple)):
        text = " ".join(t for t in text if t)
    raw = re.sub(r"\s+", " ", htmllib.unescape(str(text))).strip()
    if not raw:
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", raw) and len(raw) <= 32:
        value = parse_iso_date(raw, tz)
        if value:
            return datetime.fromisoformat(value), "T" in raw or " " in raw.strip()
    now = _as_tz(fetched_at, tz)
    m = _OFFSET.search(raw)
    if m and int(m.group("oh")) <= 14 and int(m.group("om") or 0) < 60:
        sign = -1 if m.group("sign") in "-−" else 1
        tz = timezone(sign * timedelta(hours=int(m.group("oh")), minutes=int(m.group("om") or 0)))
        raw = (raw[: m.start()] + raw[m.end():]).strip()
    for fmt in formats or ():
        try:
            dt = datetime.strptime(raw, fmt)
            return (dt.replace(tzinfo=tz) if dt.tzinfo is None else dt), ("%H" in fmt or "%I" in fmt)
        except ValueError:
            pass
    low = _fold(raw)
    date = None
    rest = low
    yearless = False
    m = _RE_DAY_MONTH.search(low) or _RE_MONTH_DAY.search(low)
    if m:
        y = m.group("y")
        yearless = y is None
        try:
            date = (int(y) if y else now.year, _MONTHS[m.group("mon")], int(m.group("d")))
            datetime(*date)
        except ValueError:
            date = None
        rest = low[: m.start()] + " " + low[m.end():]
    if date is None:
        for rx in (_RE_NUMERIC, _RE_ISO_DAY):
            m = rx.search(low)
            if m:
                try:
                    date = (int(m.group("y")), int(m.group("m")), int(m.group("d")))
                    datetime(*date)
                    rest = low[: m.start()] + " " + low[m.end():]
                    break
                except ValueError:
                    date = None
    if date is None:
        if any(w in low for w in _TODAY):
            d = now.date()
            date = (d.year, d.month, d.day)
        elif any(w in low for w in _YESTERDAY):
            d = (now - timedelta(days=1)).date()
            date = (d.year, d.month, d.day)
    if date is None:
        return _dateparser_fallback(raw, now, tz) if fallback else None
    t = _RE_TIMEPART.search(rest)
    hh, mm, ss = (int(t.group("h")), int(t.group("mi")), int(t.group("s") or 0)) if t else (0, 0, 0)
    dt = datetime(*date, hh, mm, ss, tzinfo=tz)
    if yearless and dt > now + timedelta(days=1):
        dt = dt.replace(year=dt.year - 1)
    return dt, t is not None


def _dateparser_fallback(raw, now, tz):
    if not re.search(r"\d", raw):
        return None
    import dateparser  # a required dependency: a missing one is an error, not "no date"

    try:
        dt = dateparser.parse(
            raw,
            languages=["az", "ru", "en", "tr"],
            settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                      "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:  # dateparser raises on odd input (overflows, bad settings for a locale)
        return None
    if dt is None:
        return None
    return dt.replace(tzinfo=tz), bool(dt.hour or dt.minute)


# ---------------------------------------------------------------- the article's date on a page
#
# A news page shows many dates: the article's, and those of the items in its sidebars,
# related-news blocks, tickers, comments and the masthead ("today"). The article's is
# the one next to its headline, outside those blocks. Blocks are told by markup (aside,
# nav, footer, class and id words) and by shape: a list of links to other articles.

_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "select", "option", "head", "title",
                        "iframe", "button", "textarea", "object", "map"})
_CHROME_TAGS = frozenset({"aside", "nav", "footer", "marquee", "form", "menu", "dialog"})
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(?:sidebar|side-bar|aside|widgets?|related|similar|oxsar|ticker|marquee|breaking|latest|"
    r"last-news|lastnews|son-xeberler|sonxeberler|lenta|popular|most-read|most-viewed|mostread|trending|"
    r"top-news|recommended|recommend|more-news|other-news|news-list|newslist|news-feed|newsfeed|feed|"
    r"carousel|slider|menu|nav|navbar|navigation|footer|site-header|masthead|topbar|top-bar|comments?|"
    r"comment-list|reply|advert|ads?|banner|promo|archive|calendar|weather|currency|newsline|news-line)"
    r"(?:$|[\s_-])",
    re.I,
)
# a date label that says the text was updated, not published
_UPDATED = re.compile(r"yenil|updated|update|обновл|изменен|düzəliş|modified|edited", re.I)
_HINT = re.compile(
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d\s*(?:-?\w{2})?\s+[^\W\d_]{3}|[^\W\d_]{3}\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}[:.]\d{2}"
)
_BARE_TIME = re.compile(r"^\W{0,3}(?:saat|время|at)?\W{0,3}(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\W{0,3}$", re.I)
_SHORT = 120  # a dateline is short; a date inside a paragraph of text is not the article's
_NEAR_AFTER = 1500  # characters of text after the headline a dateline may be
_NEAR_BEFORE = 600
_UP_AFTER = 3
_UP_BEFORE = 2


def _classes(el) -> str:
    cls, ident = el.get("class"), el.get("id")
    return f"{cls or ''} {ident or ''}" if cls or ident else ""


def _is_chrome(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _CHROME_TAGS:
        return True
    if tag == "header" or el.get("role") in ("navigation", "complementary", "banner", "contentinfo"):
        return True
    c = _classes(el)
    return bool(c) and bool(_CHROME_WORDS.search(c))


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _short_text(el, limit=_SHORT) -> str | None:
    """The element's text when it is short (a dateline), else None."""
    n, parts = 0, []
    for t in el.itertext():
        n += len(t)
        if n > limit * 3:
            return None
        parts.append(t)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    return text if len(text) <= limit else None


_TOKENS = re.compile(r"\w+")


def find_headline(root, title: str | None = None):
    """The article's headline element: the <h1> that matches the known title best, else
    the first <h1> outside the page chrome, else an element named like a title; or None."""
    h1s = [h for h in root.iter("h1") if _text(h)]
    want = set(_TOKENS.findall(_fold(title))) if title else set()

    def in_chrome(el):
        return any(_is_chrome(a) for a in el.iterancestors()) or _is_chrome(el)

    if want and h1s:
        scored = [(len(want & set(_TOKENS.findall(_fold(_text(h))))), -i, h) for i, h in enumerate(h1s)]
        best = max(scored, key=lambda s: (s[0], s[1]))
        if best[0] >= max(1, len(want) // 3):
            return best[2]
    for h in h1s:
        if len(_text(h)) >= 15 and not in_chrome(h):
            return h
    if h1s:
        return max(h1s, key=lambda h: len(_text(h)))
    for el in root.iter("h2", "h3", "div", "span", "p", "strong"):
        c = _classes(el).lower()
        if c and re.search(r"title|headline|heading|basliq|zagolov", c) and not re.search(r"sub|widget|side", c):
            text = _text(el)
            if 15 <= len(text) <= 300 and not in_chrome(el):
                if not want or want & set(_TOKENS.findall(_fold(text))):
                    return el
    return None


class _Candidate:
    __slots__ = ("el", "distance", "text", "when", "has_time", "structured", "updated")

    def __init__(self, el, distance, text):
        self.el, self.distance, self.text = el, distance, text
        self.when = None
        self.has_time = False
        self.structured = el.get("itemprop") in ("datePublished", "dateCreated")
        self.updated = False


def _is_candidate(el) -> bool:
    """An element whose own text (or a child's tail) may hold a date."""
    if el.tag == "time" or el.get("itemprop") in ("datePublished", "dateCreated"):
        return True
    text = el.text
    if text and _HINT.search(text):
        return True
    return any(c.tail and _HINT.search(c.tail) for c in el)


class _Chrome:
    """Whether an element lies in page chrome, memoised up the tree; the headline's own
    ancestors never count as chrome (a theme may wrap the article in "main-feed")."""

    def __init__(self, headline):
        self.keep = set(headline.iterancestors()) | {headline} if headline is not None else set()
        self.memo: dict = {}

    def __call__(self, el) -> bool:
        memo = self.memo
        path = []
        node = el
        verdict = False
        while node is not None:
            if node in memo:
                verdict = memo[node]
                break
            path.append(node)
            node = node.getparent()
        for n in reversed(path):
            tag = n.tag if isinstance(n.tag, str) else ""
            verdict = verdict or tag in _INVISIBLE or (n not in self.keep and _is_chrome(n))
            memo[n] = verdict
        return verdict


def _after(headline):
    """(element, characters of text between the headline's end and it), in document order."""
    pos = len(headline.tail or "")
    node = headline
    while node is not None:
        for sib in node.itersiblings():
            for el in sib.iter():
                if not isinstance(el.tag, str):
                    continue
                yield el, pos
                pos += len(el.text or "") + len(el.tail or "")
                if pos > _NEAR_AFTER:
                    return
        node = node.getparent()
        if node is not None and node.tail:
            pos += len(node.tail)


def _before(headline):
    """(element, characters of text between it and the headline's start), backwards."""
    pos = 0
    node = headline
    while node is not None:
        for sib in node.itersiblings(preceding=True):
            for el in reversed(list(sib.iter())):
                if not isinstance(el.tag, str):
                    continue
                pos += len(el.text or "") + len(el.tail or "")
                yield el, pos
                if pos > _NEAR_BEFORE:
                    return
        node = node.getparent()
        if node is not None:
            pos += len(node.text or "")


def _candidates(root, headline, within=None) -> list[_Candidate]:
    """Date candidates outside chrome: by the headline (the text distance to it, after
    it counting less than before it), or, without a headline, all of the page's in
    document order. `within`: only these elements and their descendants (the site's
    date selector)."""
    chrome = _Chrome(headline)
    allowed = None
    if within is not None:
        allowed = set()
        for n in within:
            allowed.update(n.iter())
    out, seen = [], set()

    def consider(el, distance):
        if el in seen or (allowed is not None and el not in allowed) or not isinstance(el.tag, str):
            return
        seen.add(el)
        if allowed is None and not _is_candidate(el):
            return
        short = _short_text(el)
        if (short or el.tag == "time") and not chrome(el):
            out.append(_Candidate(el, distance, short or ""))

    if headline is not None:
        # a dateline belongs to the headline's block: after the headline it shares an
        # ancestor with it at most _UP_AFTER levels up, before it (a category-and-date
        # line over the title) _UP_BEFORE levels; a masthead's "today" does not
        ups = {a: n for n, a in enumerate(headline.iterancestors(), 1)}

        def depth(el):
            return next((ups[a] for a in el.iterancestors() if a in ups), 99)

        for el, pos in _after(headline):
            if depth(el) <= _UP_AFTER:
                consider(el, pos)
        for el, pos in _before(headline):
            if depth(el) <= _UP_BEFORE:
                consider(el, pos * (_NEAR_AFTER / _NEAR_BEFORE))
        out.sort(key=lambda c: c.distance)
    if headline is None or (within is not None and not out):
        # no headline to measure from, or the site's date elements are elsewhere on the
        # page: document order
        for i, el in enumerate(root.iter() if allowed is None else (e for n in within for e in n.iter())):
            consider(el, i)
    return out


def _in_other_article_link(el, text: str) -> bool:
    for a in el.iterancestors("a"):
        return len(_text(a)) > len(text) + 15
    return False


def _in_link_list(el, stop) -> bool:
    """Whether `el` sits in a block of links to other articles (related news, a ticker)
    below `stop` (the nearest ancestor it shares with the headline)."""
    for anc in el.iterancestors():
        if anc is stop:
            return False
        links = [a for a in anc.iter("a") if len(_text(a)) >= 25]
        if len(links) >= 2:
            total = len(_text(anc))
            if total and sum(len(_text(a)) for a in links) / total > 0.4:
                return True
    return False


def _neighbour_time(el):
    """A bare time ("14:21") printed beside a date: in the element's tail or a sibling
    element, or beside the element's parent when the date is its only content."""
    probes = []
    node = el
    for _ in range(2):
        if node.tail and node.tail.strip():
            probes.append(node.tail)
        nxt, prev = node.getnext(), node.getprevious()
        probes.extend(x for x in (nxt, prev) if x is not None)
        parent = node.getparent()
        if parent is None or len(parent) != 1 or (parent.text or "").strip():
            break
        node = parent
    for p in probes:
        text = p if isinstance(p, str) else (_short_text(p, 24) or "")
        m = _BARE_TIME.match(text.strip())
        if m:
            return int(m.group("h")), int(m.group("mi"))
    return None


def find_published(root, headline=None, fetched_at=None, *, tz=None, formats=None, nodes=None,
                   title: str | None = None) -> str | None:
    """The article's publication time as the page shows it, or None.

    Candidates are the page's <time> elements and its short texts that read as a date
    (`parse_visible_date`); a bare time in a sibling element completes a date without
    one. Candidates in page chrome (sidebars, related news, tickers, comments, the
    masthead) or in a list of links to other articles never count; of the others the
    one nearest the headline wins (after it rather than before; a "published" date
    rather than an "updated" one), within a few lines of it. `nodes`: the site's own
    date elements (its registry selector), searched instead of the whole page; then
    dateparser may read what the built-in formats do not."""
    tz = tz or BAKU
    if headline is None:
        headline = find_headline(root, title)
    keep = set(headline.iterancestors()) if headline is not None else set()
    good = []
    for c in _candidates(root, headline, nodes):
        if _in_other_article_link(c.el, c.text):
            continue
        got = None
        if c.el.tag == "time" or c.structured:
            value = c.el.get("datetime") or c.el.get("content")
            if value:
                got = _parse_visible(value, fetched_at, None, tz, False)
        if got is None:
            got = _parse_visible(c.text, fetched_at, formats, tz, nodes is not None)
        if got is None:
            continue
        if headline is not None:
            stop = next((a for a in c.el.iterancestors() if a in keep), None)
            if _in_link_list(c.el, stop):
                continue
        c.when, c.has_time = got
        if not c.has_time:
            t = _neighbour_time(c.el)
            if t:
                c.when, c.has_time = c.when.replace(hour=t[0], minute=t[1], second=0), True
        parent = c.el.getparent()
        label = (_short_text(parent, 200) if parent is not None else None) or c.text
        c.updated = bool(_UPDATED.search(label)) and not c.structured
        good.append(c)
    if not good:
        return None
    structured = [c for c in good if c.structured]
    if structured:
        return iso(structured[0].when)
    published = [c for c in good if not c.updated] or good
    best = published[0]  # nearest first (document order without a headline)
    if not best.has_time:  # to the minute: the same day with its time, close by
        same = [c for c in published if c.has_time and c.when.date() == best.when.date()]
        if same:
            best = same[0]
    return iso(best.when)
