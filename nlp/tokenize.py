"""Rule-based Azerbaijani tokenizer and sentence splitter, and its Stanza processor variant.

    from aznews.nlp.tokenize import tokenize
    tokenize("B.Hacızadə 2021-ci ildə çıxış edib. Sonra ...")
    # -> [[("B.Hacızadə", 0, 10), ("2021-ci", 11, 18), ...], [("Sonra", ...), ...]]

Each sentence is a list of (token, start, end) with text[start:end] == token.

Conventions (Azerbaijani news text):
- Suffixes after a hyphen or apostrophe stay on their word or number: "2021-ci", "16-da",
  "ABŞ-ın", "bayraqdar.info-ya", "Xəzər'də". Hyphenated words stay whole
  ("sosial-iqtisadi", "Bakı-Tbilisi-Qars", "COVID-19"); a hyphen between numbers
  ("10-11") and free-standing dashes (– — -) are tokens of their own.
- One token each: URLs, e-mail addresses, domain names ("Report.az"), #hashtags and
  @handles, decimal numbers ("11,5", "3.5", "1.000.000"), dates ("16.12.2021",
  "16/12/2021", "2021-12-16"), times ("11:15"), percentages ("5%", "%5"), an ellipsis
  ("...", "…"), runs of "!" and "?".
- Numbers are never merged across spaces: "157 min 230" is three tokens.
- Initials: "B.Hacızadə" and "H.Ə.Əliyev" are one token; in "B. Hacızadə" the initial
  "B." is a token of its own and does not end the sentence.
- Dotted abbreviations keep their dot ("prof.", "t.e.d.", "və s." -> "və", "s.").
  Title-like ones (prof., akad., dos., dr., t.e.d., initials, ...) never end a sentence;
  list/unit ones ("və s.", "və b.", "mln.", "km.") end one only when a capitalized word
  that is not an acronym follows ("... və s. Bu ..." splits, "5 mln. AZN" does not).

Sentence splitting: after . ! ? … (and closing quotes/brackets glued to them) when
whitespace and then an uppercase letter, a digit, an opening quote or bracket follow;
a blank line always ends a sentence; a single newline ends one when the line before
ends with a stop or looks like a heading (short, no trailing comma/colon/hyphen) and
the next line starts with an uppercase letter, digit, quote, bracket, dash or bullet.

Importing this module registers the Stanza tokenize variant "aznews":
    stanza.Pipeline(lang="az", processors="tokenize,...", tokenize_with_aznews=True, ...)
"""
from __future__ import annotations

import re
from bisect import bisect_left

__all__ = ["tokenize", "split_sentences", "sentence_spans", "AznewsTokenizer"]

_UP = "A-ZÇƏĞIİÖŞÜ"
_LOW = "a-zçəğıöşü"
_W = r"[\w\u0300-\u036f\xad]"  # word character (combining marks and soft hyphens included)
_L = r"[^\W\d_]"  # letter
_APOS = "'’ʼ`"
_SUFFIX = rf"(?:-{_L}{_W}*|[{_APOS}]{_L}{_W}*)?"  # "-ci", "-da", "'də"

_TLDS = "az|com|info|net|org|ru|tr|ge|ua|kz|uz|ir|gov|edu|io|tv|news|media|co|uk|de|fr|us|eu|online|live|press|me|biz|int"

# Dotted abbreviations. Title-like ones precede or follow a name and never end a sentence.
TITLE_ABBREVIATIONS = frozenset(
    "prof akad dos dr cən gen mr mrs ms red müəl bax səh no nömr küç pr prosp qəs tel leyt polk kap mayor mər ser cild bnd ".split()
)
# List and unit abbreviations may end a sentence (see module docstring).
LIST_ABBREVIATIONS = frozenset("mln mlrd trln km kv kq sm mm ha qr man qəp dəq san ilx".split())
_ABBREV_WORDS = sorted(TITLE_ABBREVIATIONS | LIST_ABBREVIATIONS, key=len, reverse=True)

_TOKEN = re.compile(
    "|".join(
        [
            # URL; trailing punctuation is not part of it
            r"(?:https?://|www\.)[^\s<>\"“”«»]*[^\s<>\"“”«».,;:!?)\]'’]",
            # fast path for the common case: a word not followed by ".", "@" or ":" (those go
            # on to the domain, e-mail, abbreviation and initial rules below)
            rf"(?>{_L}{_W}*(?:[{_APOS}]{_L}{_W}*)?(?:-{_W}+(?:[{_APOS}]{_L}{_W}*)?)*)(?![.@:])",
            # e-mail
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}",
            # @handle, #hashtag
            rf"[@#]{_W}+",
            # domain name with optional suffix: "Report.az", "bayraqdar.info-ya"
            rf"(?<![\w.])[\w-]+(?:\.[\w-]+)*\.(?i:{_TLDS})(?!{_W}){_SUFFIX}",
            # ISO date, slashed date, time
            rf"\d{{4}}-\d{{2}}-\d{{2}}(?!\d){_SUFFIX}",
            rf"\d{{1,2}}/\d{{1,2}}/\d{{4}}(?!\d){_SUFFIX}",
            rf"\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d){_SUFFIX}",
            # numbers: "11,5", "16.12.2021", "5%", "%5", "2021-ci", "5G"
            rf"%?\d+(?:[.,]\d+)*(?:%|{_L}{_W}*)?{_SUFFIX}",
            # initials, alone ("B.") or glued to a surname ("B.Hacızadə", "H.Ə.Əliyev")
            rf"(?<!{_W})(?:[{_UP}]\.){{1,3}}(?:[{_UP}]{_W}*(?:-{_W}+)*{_SUFFIX})?",
            # lower-case dotted abbreviations: "t.e.d.", "e.ə.", "f.-r.e.d."
            rf"(?<!{_W})[{_LOW}]{{1,4}}\.(?:-?[{_LOW}]{{1,4}}\.)+",
            # known dotted abbreviations, and single lower-case letters ("s.", "b.", "ş.")
            rf"(?<!{_W})(?i:{'|'.join(_ABBREV_WORDS)})\.",
            rf"(?<!{_W})[a-np-zçəğıöşü]\.(?=\s|[,;:)]|$)",  # not "o." (the pronoun)
            # words: hyphenated compounds and apostrophe suffixes stay whole
            rf"{_L}{_W}*(?:[{_APOS}]{_L}{_W}*)?(?:-{_W}+(?:[{_APOS}]{_L}{_W}*)?)*",
            # ellipsis, runs of ! and ?, anything else one character at a time
            r"\.{2,}|…",
            r"[!?]+",
            r"[^\s\u200b-\u200d\u2060\ufeff]",  # zero-width characters are skipped like spaces
        ]
    )
)

_STOPS = frozenset(".!?…")
_CLOSERS = frozenset("”»)]\"'’›")
_OPENERS = frozenset("“«„\"'‘‹([")
_ACRONYM = re.compile(rf"[{_UP}0-9]{{2,}}(?![{_LOW}])")

# single newlines that may end a sentence (paragraph breaks are handled separately)
_PARA = re.compile(r"\n[^\S\n]*\n")
_LINE = re.compile(r"\n")
_HEADING_MAX = 150


def _abbrev_kind(tok: str) -> str | None:
    """None for ordinary stops; "title" (never breaks) or "list" (may break)."""
    if tok[-1] != "." or len(tok) == 1 or tok.startswith(".."):
        return None
    body = tok[:-1]
    if "." in body or body[:1].isupper() and len(body) == 1:
        return "title"  # t.e.d., e.ə., H.Ə., B.
    low = body.lower()
    if low in TITLE_ABBREVIATIONS:
        return "title"
    if low in LIST_ABBREVIATIONS:
        return "list"
    if len(body) == 1:
        return "single"  # s., b., ş., r. — ends a sentence only after "və"
    return None


def _break_indices(text: str, toks: list) -> list[int]:
    """Indices i of tokens that start a new sentence (i > 0)."""
    n = len(toks)
    breaks: set[int] = set()
    for i, (tok, s, e) in enumerate(toks):
        last = tok[-1]
        if last != "." and last != "!" and last != "?" and last != "…":
            continue
        kind = None
        if last == "." and len(tok) > 1 and not tok.startswith(".."):
            kind = _abbrev_kind(tok)
            if kind == "title":
                continue
        if kind is None and tok == "." and i > 0:
            prev, ps, pe = toks[i - 1]
            # "1. Bakı" at the start of a line: list numbering, not a sentence
            if pe == s and prev.isdigit() and len(prev) <= 2 and (i == 1 or "\n" in text[toks[i - 2][2]:ps]):
                continue
        j = i + 1
        while j < n and toks[j][0] in _CLOSERS and toks[j][1] == toks[j - 1][2]:
            j += 1
        if j >= n:
            continue
        nxt, ns, _ = toks[j]
        gap = text[toks[j - 1][2]:ns]
        if not gap:
            continue
        if "\n" in gap:
            breaks.add(j)
            continue
        c = nxt[0]
        if not (c.isupper() or c.isdigit() or c in _OPENERS):
            continue
        if kind == "list" and (not c.isupper() or _ACRONYM.match(nxt)):
            continue
        if kind == "single":
            if not (i > 0 and toks[i - 1][0].lower() == "və" and c.isupper() and not _ACRONYM.match(nxt)):
                continue
        breaks.add(j)
    # line structure
    if "\n" in text:
        starts = [t[1] for t in toks]
        for m in _PARA.finditer(text):
            j = bisect_left(starts, m.end())
            if 0 < j < n:
                breaks.add(j)
        for m in _LINE.finditer(text):
            j = bisect_left(starts, m.end())
            if j <= 0 or j >= n or j in breaks:
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            line = text[line_start:m.start()].strip()
            if not line or len(line) > _HEADING_MAX:
                continue
            if line[-1] in ",;:-–—(«“„/&+" or line.endswith(" və"):
                continue
            c = toks[j][0][0]
            if c.isupper() or c.isdigit() or c in _OPENERS or c in "–—-•*·▪●":
                breaks.add(j)
    return sorted(breaks)


def tokenize(text: str, ssplit: bool = True) -> list[list[tuple[str, int, int]]]:
    """Sentences of (token, start, end) tuples with exact offsets into `text`."""
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not toks:
        return []
    if not ssplit:
        return [toks]
    out = []
    prev = 0
    for j in _break_indices(text, toks):
        out.append(toks[prev:j])
        prev = j
    out.append(toks[prev:])
    return out


def split_sentences(text: str) -> list[str]:
    """Sentence strings (exact substrings of `text`, from first to last token)."""
    return [text[s[0][1]:s[-1][2]] for s in tokenize(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character span of each sentence."""
    return [(s[0][1], s[-1][2]) for s in tokenize(text)]


# --- Stanza processor variant ---------------------------------------------------

def _register():
    from stanza.models.common import doc
    from stanza.pipeline._constants import TOKENIZE
    from stanza.pipeline.processor import ProcessorVariant, register_processor_variant

    @register_processor_variant(TOKENIZE, "aznews")
    class AznewsTokenizer(ProcessorVariant):
        """`tokenize_with_aznews=True`: the rule-based tokenizer above, offsets exact.
        `tokenize_no_ssplit=True` puts every token in one sentence."""

        def __init__(self, config):
            self.no_ssplit = config.get("no_ssplit", False)

        def process(self, document):
            text = document.text if isinstance(document, doc.Document) else document
            if not isinstance(text, str):
                raise TypeError("The aznews tokenizer needs a string or a stanza Document")
            # offsets as fields, not as a "start_char=..|end_char=.." misc string that Stanza
            # would parse back for every token and word (a third of the tokenize pass)
            sentences = [
                [{doc.ID: (k,), doc.TEXT: t, doc.START_CHAR: s, doc.END_CHAR: e}
                 for k, (t, s, e) in enumerate(sent, 1)]
                for sent in tokenize(text, ssplit=not self.no_ssplit)
            ]
            return doc.Document(sentences, text)

    return AznewsTokenizer


try:
    AznewsTokenizer = _register()
except ImportError:  # stanza not installed: tokenize() still works
    AznewsTokenizer = None
