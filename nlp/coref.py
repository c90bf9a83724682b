"""Canonical forms and within-article coreference.

* Every mention gets a canonical (nominative dictionary) form: `nlp.morph.canonical` for
  PERSON/ORGANIZATION/LOCATION, lexicon entries where a lexicon phrase matched, and the title
  grammar here for TITLE ("baş məsləhətçisi" -> "baş məsləhətçi", "təhsil nazirinin müşaviri"
  -> "nazir müşaviri", "Prezidentin köməkçisi" -> "Prezident köməkçisi").
* People: "B.Hacızadə", "Hacızadə", "Hacızadənin" -> "Billurə Hacızadə" (a full name earlier
  or later in the article with that surname and initial); "Teymur Yusif oğlu Musayev" ->
  "Teymur Musayev".
* Organizations: "Azərbaycan Respublikasının X" -> X; a bare head word ("Nazirlik",
  "Nazirliyin", "nazirliyin", "Komitə") -> the nearest preceding organization with that head.
  A bare lower-case head with no such antecedent is not an entity and is dropped.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from aznews.nlp import ner
from aznews.nlp.text import az_capitalize, az_lower
from aznews.nlp.types import Mention

log = logging.getLogger(__name__)

_AZREP = re.compile(r"^Azərbaycan\s+Respublikası(?:nın)?\s+", re.IGNORECASE)
_VOWELS = "aıoueəiöü"
_ABROAD = re.compile(r"\w+(?:dakı|dəki|takı|təki)\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def morph_canonical(text: str, label: str) -> str:
    try:
        from aznews.nlp.morph import canonical
    except ImportError:  # pragma: no cover - ships with the package
        return " ".join(text.split())
    try:
        out = canonical(text, label)
    except Exception as exc:  # a morphology bug must not lose the article
        log.debug("canonical(%r, %s) failed: %s", text, label, exc)
        out = None
    return out or " ".join(text.split())


def poss3(stem: str) -> str:
    """Third-person possessive: "müdir" -> "müdiri", "köməkçi" -> "köməkçisi"."""
    last = next((c for c in reversed(stem) if c in _VOWELS), "a")
    v = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}[last]
    if stem[-1] in _VOWELS:
        return stem + "s" + v
    if sum(c in _VOWELS for c in stem) < 2:
        return stem + v  # one syllable keeps its consonant: "bank" -> "bankı", "park" -> "parkı"
    if stem.endswith("k") and len(stem) > 3:
        stem = stem[:-1] + "y"
    elif stem.endswith("q") and len(stem) > 3:
        stem = stem[:-1] + "ğ"
    return stem + v


def title_canonical(words: list[str]) -> str:
    """Canonical title from its words (field words already removed)."""
    lex = ner.lexicon()
    lows = [az_lower(w) for w in words]
    if "üzrə" in lows[:-1]:  # "Tədris işləri üzrə prorektor" -> "prorektor"
        k = lows.index("üzrə") + 1
        words, lows = words[k:], lows[k:]
    while len(lows) > 1 and lows[0] in ner.TITLE_SPAN_NOUNS:  # "Polis rəisi" -> "rəis"
        words, lows = words[1:], lows[1:]
    lemmas = []
    for low in lows:
        lem = (ner.lemma_in(low, lex.title_words) or ner.lemma_in(low, ner.TITLE_COMPOUND_NOUNS)
               or (low if low in ner.TITLE_MODIFIERS else None) or ner.lemma_in(low, lex.org_heads)
               or low)
        lemmas.append(lem)
    if not lemmas:
        return ""
    out = []
    for k, lem in enumerate(lemmas[:-1]):
        if (k > 0 and lemmas[k - 1] not in ner.TITLE_MODIFIERS and lemmas[k - 1] not in lex.title_words
                and ner.lemma_in(lows[k], lex.org_heads) and (lem in lex.org_heads or lem == "heyət")):
            lem = poss3(lem)  # "İdarə Heyətinin sədr müavini" -> "idarə heyəti sədr müavini"
        out.append("Prezident" if lem == "prezident" else lem)
    last = lemmas[-1]
    if len(lemmas) > 1 and lemmas[-2] not in ner.TITLE_MODIFIERS:
        last = poss3(last)
    out.append(last)
    return " ".join(out)


def _longer_name(canonical: str, earlier: list[str]) -> str:
    """The nearest earlier organization whose name ends in this one's words, written out with
    a place or a qualifier before them ("Polis Şöbəsi" -> "Masallı Rayon Polis Şöbəsi"); never a
    body of another country ("Xarici İşlər Nazirliyi" is not "Almaniya Federal Xarici İşlər
    Nazirliyi") and never across "və" ("Təhsil Nazirliyi" / "Elm və Təhsil Nazirliyi")."""
    ws = [az_lower(w) for w in canonical.split()]
    if len(ws) < 2:
        return ""
    kinds = None
    for c in reversed(earlier):
        cw = c.split()
        if len(cw) <= len(ws) or [az_lower(w) for w in cw[-len(ws):]] != ws:
            continue
        if az_lower(cw[-len(ws) - 1]) == "və":
            continue
        if kinds is None:
            try:
                from aznews.nlp.lexicon import location_kinds
                kinds = location_kinds()
            except Exception:  # pragma: no cover
                kinds = {}
        if kinds.get(cw[0]) == "country" and az_lower(cw[0]) != "azərbaycan":
            continue
        return c
    return ""


@lru_cache(maxsize=1)
def _bare_heads() -> dict[str, str]:
    """izafət form -> bare form of the organization heads ("bankı" -> "Bank")."""
    try:
        from aznews.nlp.lexicon import _org_head_pairs
        return {az_lower(iz): bare for bare, iz in _org_head_pairs() if " " not in bare and iz != bare}
    except Exception:  # pragma: no cover
        return {}


def _adjective_name(canonical: str) -> str:
    """A head after adjectives alone takes no izafət: "Mərkəzi Bankı" (left when "Azərbaycan
    Respublikasının" is cut off) -> "Mərkəzi Bank", "Ali Məhkəməsi" -> "Ali Məhkəmə"."""
    ws = canonical.split()
    if len(ws) < 2:
        return canonical
    bare = _bare_heads().get(az_lower(ws[-1]))
    if bare is None or not ws[-1][:1].isupper():
        return canonical
    adjs = ner.lexicon().adjectives
    if all(az_lower(w) in adjs for w in ws[:-1]):
        return " ".join(ws[:-1] + [bare])
    return canonical


@lru_cache(maxsize=1)
def _izafet_forms() -> frozenset[str]:
    try:
        from aznews.nlp.lexicon import izafet_forms
        return frozenset(izafet_forms())
    except Exception:
        return frozenset()


def _keep_izafet(surface: str, canonical: str) -> str:
    """A name already in the nominative keeps its head's izafət ending ("Təhsil Nazirliyi")."""
    sw, cw = surface.split(), canonical.split()
    if len(sw) >= 2 and len(cw) == len(sw) and az_lower(sw[-1]) in _izafet_forms() and cw[-1] != sw[-1]:
        return " ".join(cw[:-1] + [sw[-1]])
    return canonical


_SENT_BEFORE = re.compile(r"(?:^|[.!?…]\s*[\"“”«»]?|\n)\s*[\"“”«»(–-]*\s*$")


def _sentence_initial(text: str, pos: int) -> bool:
    return _SENT_BEFORE.search(text[max(0, pos - 8):pos] if pos >= 8 else text[:pos]) is not None


def _surname_key(canonical: str) -> str:
    last = canonical.split()[-1] if canonical.split() else canonical
    last = last.split(".")[-1]
    return az_lower(last)


def _same_surname(a: str, b: str) -> bool:
    """Surname forms that are one name: "hacızadə"/"hacızadənin", "nəsibov"/"nəsibova"."""
    if a == b:
        return True
    sa, sb = ner.stems(a), ner.stems(b)
    return bool(sa & sb)


# the ending after the hyphen is a lower-case case suffix ("DİM-in"); "ABC-Telecom" is a name
_ABBREVIATION = re.compile(r"^([A-ZÇƏĞİIÖŞÜ][A-ZÇƏĞİIÖŞÜ0-9&]{1,7})(?:[-'’][a-zçəğıiöşü]{1,6})?$")


def _abbreviation(surface: str) -> str | None:
    """"DİM-in" -> "DİM"; None for anything that is not a bare abbreviation."""
    m = _ABBREVIATION.match(surface.strip())
    return m.group(1) if m else None


def _country_nominative(name: str, lex) -> str:
    """A foreign body keeps its country in the nominative: "Türkiyənin Ticarət Nazirliyi" ->
    "Türkiyə Ticarət Nazirliyi", "Səudiyyə Ərəbistanının ..." -> "Səudiyyə Ərəbistanı ..."."""
    toks = ner.words(name)
    if len(toks) < 2 or not lex.locations:
        return name
    m = ner.match_phrase(toks, 0, lex.locations, need_cap=True)
    if not m or m[0] >= len(toks) or not ner._is_genitive(toks[m[0] - 1].low) or not _is_country(m[1]):
        return name  # (a city's or Naxçıvan's bodies are written as the dev sets have them)
    return m[1] + name[toks[m[0] - 1].end:]


@lru_cache(maxsize=4096)
def _is_country(name: str) -> bool:
    try:
        from aznews.nlp.lexicon import location_kinds
    except ImportError:  # pragma: no cover
        return False
    return location_kinds().get(name) == "country"


def _short_country(name: str, lex) -> str:
    """"Azərbaycan Respublikası" -> "Azərbaycan", "Rusiya Federasiyası" -> "Rusiya" when the short
    form is itself a known place ("Çex Respublikası" stays: "Çex" is none)."""
    head, _, last = name.rpartition(" ")
    if head and ner.lemma_in(az_lower(last), ner.STATE_HEADS) is not None:
        toks = ner.words(head)
        m = ner.match_phrase(toks, 0, lex.locations, need_cap=True)
        if m and m[0] == len(toks):  # the whole rest is a place: not "Naxçıvan Muxtar"
            return head
    return name


def resolve(text: str, mentions: list[Mention], infos: list[dict]) -> tuple[list[Mention], list[dict]]:
    lex = ner.lexicon()
    # 1. canonical forms
    for m, info in zip(mentions, infos):
        if m.label == "TITLE":
            ws = ner.WORD_RE.findall(m.text)
            if "field" in info:
                a, core = info["field"]
                nfield = core - a
                info["field_text"] = " ".join(ws[:nfield])
                ws = ws[nfield:]
            if info.get("lexicon") and "field" not in info:
                m.canonical = info["lexicon"]
            else:
                m.canonical = title_canonical(ws)
            # capitals written mid-sentence stay ("Kapital Bankın İdarə Heyətinin sədri")
            if not _sentence_initial(text, m.start):
                cw = m.canonical.split()
                if len(cw) == len(ws) and len(cw) > 1:
                    cw = [az_capitalize(c) if w[:1].isupper() and not c[:1].isupper() else c
                          for c, w in zip(cw, ws)]
                    m.canonical = " ".join(cw)
            # the head of state is written "Prezident"; a company's president is not
            cw = m.canonical.split()
            if any(w.startswith("Prezident") for w in ws):
                cw = ["Prezident" if w == "prezident" else w for w in cw]
            else:
                cw = ["prezident" if w == "Prezident" else w for w in cw]
            m.canonical = " ".join(cw)
        elif m.label == "PERSON":
            if "patronymic" in info:
                ws = m.text.split()
                m.canonical = morph_canonical(f"{ws[0]} {ws[-1]}", "PERSON")
            elif info.get("ru_patronymic") or info.get("surname_first"):
                # "Bayramova Liya Vladimirovna", "Camal Aqil Rafiq oğlu": the surname comes first
                # ("Əliyev Emin Ağa İbrahim oğlu": two given-name words, shape (1, 2))
                ws = m.text.split()
                shape = info.get("surname_first")
                ns, ng = shape if isinstance(shape, tuple) else (1, 1)
                m.canonical = morph_canonical(" ".join(ws[ns:ns + ng] + ws[:ns]), "PERSON")
            elif info.get("initials"):
                head, _, rest = m.text.rpartition(".")
                m.canonical = head.replace(" ", "") + "." + morph_canonical(rest.strip(), "PERSON")
            else:
                m.canonical = morph_canonical(m.text, "PERSON")
        elif m.label == "ORGANIZATION":
            body = _AZREP.sub("", text[info["tail"][0]:info["tail"][1]] if info.get("tail") else m.text)
            if not info.get("lexicon") and " yanında " in body:
                # "Prezidenti yanında Dövlət İdarəçilik Akademiyası": named by the body at its end
                body = body.rsplit(" yanında ", 1)[1]
            if body != m.text and _ABROAD.match(body):
                body = m.text  # "Azərbaycan Respublikasının Keniyadakı Səfirliyi": whose embassy
            if info.get("lexicon"):
                m.canonical = info["lexicon"]
            elif info.get("shared_head"):  # "Quba" of "Şamaxı və Quba filiallarında" -> "Quba filialı"
                mods, head = info["shared_head"]
                # (the names carry no ending: the head after the last one does)
                m.canonical = " ".join((m.text.split()[0],) + mods + (poss3(head),))
            else:
                m.canonical = _keep_izafet(body, morph_canonical(body, "ORGANIZATION"))
            rest = _AZREP.sub("", m.canonical)
            # "Azərbaycan Respublikasının Yaponiyadakı Səfirliyi" needs its country
            if not _ABROAD.match(rest):
                m.canonical = rest
            m.canonical = _adjective_name(m.canonical)
            m.canonical = _country_nominative(m.canonical, lex)
        elif m.label == "LOCATION":
            m.canonical = info.get("lexicon") or morph_canonical(m.text, "LOCATION")
            m.canonical = _short_country(m.canonical, lex)
        else:
            m.canonical = m.text

    # 1b. an abbreviation stands for its full name only where the article spells the name out;
    # alone it is written as it is ("DİM-in" -> "DİM", but "Dövlət İmtahan Mərkəzi (DİM)" -> the name)
    spelled = {m.canonical for m in mentions if m.label == "ORGANIZATION" and not _abbreviation(m.text)}
    for m in mentions:
        if m.label == "ORGANIZATION" and _abbreviation(m.text) and m.canonical not in spelled:
            m.canonical = _abbreviation(m.text)

    # 2. people: full names by surname
    full: list[tuple[int, str, str]] = []  # (position, canonical, surname key)
    for m in mentions:
        if m.label == "PERSON" and len(m.canonical.split()) >= 2 and "." not in m.canonical:
            full.append((m.start, m.canonical, _surname_key(m.canonical)))
    for m in mentions:
        if m.label != "PERSON":
            continue
        c = m.canonical
        if len(c.split()) >= 2 and "." not in c:
            continue
        key = _surname_key(c)
        initial = c.split(".")[0] if "." in c else ""
        cands = [f for f in full if _same_surname(f[2], key)
                 and (not initial or az_lower(f[1][:1]) == az_lower(initial[:1]))]
        if not cands:
            continue
        before = [f for f in cands if f[0] < m.start]
        pick = before[-1] if before else cands[0]
        m.canonical = pick[1]

    # 3. organizations: bare heads to the nearest preceding named organization
    keep_m: list[Mention] = []
    keep_i: list[dict] = []
    named: list[tuple[str, str]] = []  # (head lemma, canonical)
    for m, info in zip(mentions, infos):
        if m.label == "ORGANIZATION":
            if info.get("bare"):
                head = info.get("head") or ner.lemma_canon(az_lower(m.text))
                ref = next((c for h, c in reversed(named) if h == head), None)
                if ref is None:
                    continue  # "Komanda", "nazirliyin" with nothing to refer to: not a name
                m.canonical = ref
            else:
                longer = _longer_name(m.canonical, [c for _, c in named])
                if longer:
                    m.canonical = longer  # "Polis Şöbəsinin" after "Masallı Rayon Polis Şöbəsi"
                last = az_lower(m.canonical.split()[-1]) if m.canonical.split() else ""
                head = info.get("head") if info.get("quoted") else None
                head = head or ner.lemma_in(last, lex.org_heads) or info.get("head")
                if head:
                    named.append((head, m.canonical))
        keep_m.append(m)
        keep_i.append(info)
    return keep_m, keep_i
