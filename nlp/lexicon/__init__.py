"""Azerbaijani lexicons: names, titles, organization heads, government bodies, places, words.

Every loader reads a plain-text file next to this module once and caches it.
Sources and licences are in NOTICE.md. Lower-case keys are made with
`nlp.text.az_lower`, never `str.lower`.

    from aznews.nlp import lexicon
    lexicon.titles()[:3]            # canonical title phrases, longest first
    lexicon.is_known_word("Bakı")   # True
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from aznews.nlp.text import az_lower

HERE = Path(__file__).resolve().parent



def _lines(name: str) -> list[str]:
    out = []
    with open(HERE / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                out.append(line)
    return out


# --- names -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _name_list() -> tuple[str, ...]:
    """The AzerbaijaniNLP list (given names and surname forms), as written."""
    with open(HERE / "az-given-and-surnames.csv", encoding="utf-8") as fh:
        rows = fh.read().split()
    return tuple(rows[1:])  # first line is the header "name"


@lru_cache(maxsize=1)
def _name_list_lower() -> tuple[str, ...]:
    return tuple(az_lower("\n".join(_name_list())).split("\n"))


_SURNAME_SUFFIXES = ("ev", "ov", "eva", "ova", "zadə", "lı", "li", "lu", "lü", "oğlu", "qızı",
                     "ski", "skı", "skaya", "yan", "yants", "ko", "uk")


def _looks_like_surname(low: str) -> bool:
    return low.endswith(_SURNAME_SUFFIXES)


@lru_cache(maxsize=1)
def _gendered() -> dict[str, str]:
    out = {}
    for row in _lines("given-names.tsv"):
        name, gender = row.split("\t")
        out[name] = gender
    return out


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names as written ("Elnur", "Kəmalə"): the gendered list plus every entry of the
    name list that does not end like a surname."""
    names = set(_gendered())
    names.update(n for n, low in zip(_name_list(), _name_list_lower()) if not _looks_like_surname(low))
    return frozenset(names)


@lru_cache(maxsize=1)
def given_names_lower() -> frozenset[str]:
    """given_names() in Azerbaijani lower case."""
    return frozenset(az_lower(n) for n in given_names())


@lru_cache(maxsize=1)
def male_given_names() -> frozenset[str]:
    """Lower-case given names known to be male."""
    return frozenset(az_lower(n) for n, g in _gendered().items() if "m" in g)


@lru_cache(maxsize=1)
def female_given_names() -> frozenset[str]:
    """Lower-case given names known to be female."""
    return frozenset(az_lower(n) for n, g in _gendered().items() if "f" in g)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Surnames as written, male and female forms ("Musayev", "Musayeva", "Hacızadə")."""
    out = {n for n, low in zip(_name_list(), _name_list_lower()) if _looks_like_surname(low)}
    out.update(_lines("surnames-extra.txt"))
    # the female form of every -ov/-ev surname
    for n in list(out):
        if n.endswith(("ov", "ev")):
            out.add(n + "a")
    return frozenset(out)


def foreign_name_lines() -> list[str]:
    """foreign-names.txt as lines: "[section]" headers and space-separated names."""
    return _lines("foreign-names.txt")


@lru_cache(maxsize=1)
def _foreign_names() -> tuple[frozenset[str], frozenset[str]]:
    first, last, section = set(), set(), ""
    for line in foreign_name_lines():
        if line.startswith("["):
            section = line.strip("[]")
            continue
        (last if section.endswith("sur") else first).update(line.split())
    return frozenset(first), frozenset(last)


def news_surnames() -> frozenset[str]:
    """Surnames of foreign leaders the news writes alone ("Tramp", "Putin"): the [news-sur] section."""
    out, section = set(), ""
    for line in foreign_name_lines():
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "news-sur":
            out.update(line.split())
    return frozenset(out)


def foreign_given_names() -> frozenset[str]:
    """Foreign first names in Azerbaijani spelling ("Donald", "Volodimir", "Rəcəb")."""
    return _foreign_names()[0]


def foreign_surnames() -> frozenset[str]:
    """Foreign surnames in Azerbaijani spelling ("Tramp", "Putin", "Ərdoğan")."""
    return _foreign_names()[1]


PATRONYMIC_MARKERS = ("oğlu", "qızı")


def patronymic_markers() -> tuple[str, ...]:
    return PATRONYMIC_MARKERS


# --- titles and organizations ----------------------------------------------------------


@lru_cache(maxsize=1)
def titles() -> list[str]:
    """Canonical title phrases, longest first; lower case except "Prezident köməkçisi" (the head
    of state's aide). `nlp.morph.canonical` capitalizes "Prezident" where the text does."""
    seen: dict[str, None] = {}
    for t in _lines("titles.txt"):
        seen.setdefault(t.strip(), None)
    return sorted(seen, key=lambda t: (-len(t.split()), -len(t), t))


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Lower-case words that occur in titles ("nazir", "müavini", "baş")."""
    return frozenset(w for t in titles() for w in az_lower(t).split())


@lru_cache(maxsize=1)
def _org_head_rows() -> tuple[tuple[str, str, str], ...]:
    """(bare, izafət, flag) rows of org-heads.txt; flag "capital" or ""."""
    rows = []
    for row in _lines("org-heads.txt"):
        bare, izafet, *flag = row.split("\t")
        rows.append((bare.strip(), izafet.strip(), flag[0].strip() if flag else ""))
    return tuple(dict.fromkeys(rows))


@lru_cache(maxsize=1)
def _org_head_pairs() -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys((bare, izafet) for bare, izafet, _ in _org_head_rows()))


@lru_cache(maxsize=1)
def capital_org_heads() -> frozenset[str]:
    """Lower-case heads that end a name only when written with a capital ("Ağdam Sənaye
    Parkı", but "sənaye parkı", "bir otel" are common nouns): the "capital" rows."""
    return frozenset(az_lower(bare) for bare, _, flag in _org_head_rows() if flag == "capital")


@lru_cache(maxsize=1)
def org_heads() -> list[str]:
    """Words and phrases that end an organization name, both the bare form and the izafət
    form ("Nazirlik", "Nazirliyi", "ASC"), longest first."""
    out: dict[str, None] = {}
    for bare, izafet in _org_head_pairs():
        out.setdefault(bare, None)
        out.setdefault(izafet, None)
    return sorted(out, key=lambda t: (-len(t.split()), -len(t), t))


@lru_cache(maxsize=1)
def _bodies(file: str) -> list[dict]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(HERE / file, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)
    return [{"name": item["name"], "aliases": list(item.get("aliases") or []),
             "abbreviations": [str(a) for a in item.get("abbreviations") or []], "kind": item["kind"]}
            for item in data["bodies"]]


def government_bodies() -> list[dict]:
    """Central government bodies of Azerbaijan: dicts with name, aliases, abbreviations, kind."""
    return _bodies("government-bodies.yaml")


def other_organizations() -> list[dict]:
    """Banks, insurers, companies, media and news agencies, international and foreign bodies
    (organizations.yaml), in the same form as government_bodies()."""
    return _bodies("organizations.yaml")


@lru_cache(maxsize=1)
def adjectives() -> frozenset[str]:
    """Lower-case adjectives that take no izafət on their noun ("ali", "milli", "baş")."""
    return frozenset(az_lower(w) for w in _lines("adjectives.txt"))


# --- places ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _location_rows() -> tuple[tuple[str, str], ...]:
    return tuple((name, kind) for name, kind, _ in _location_rows_full())


@lru_cache(maxsize=1)
def _location_rows_full() -> tuple[tuple[str, str, str], ...]:
    """(name, kind, the name news use for it or "") rows of locations.tsv."""
    rows = []
    for row in _lines("locations.tsv"):
        name, kind, *short = row.split("\t")
        rows.append((name, kind, short[0].strip() if short else ""))
    return tuple(rows)


@lru_cache(maxsize=1)
def location_short_names() -> dict[str, str]:
    """A place's long or informal name -> the name it is written as canonically
    ("Amerika Birləşmiş Ştatları" -> "ABŞ"): the third column of locations.tsv."""
    return {name: short for name, _, short in _location_rows_full() if short}


@lru_cache(maxsize=1)
def locations() -> frozenset[str]:
    """Canonical place names: countries, capitals, world cities, regions, Azerbaijani cities,
    districts, settlements and villages."""
    return frozenset(n for n, _ in _location_rows())


@lru_cache(maxsize=1)
def location_kinds() -> dict[str, str]:
    """Place name -> kind (country, capital, world_city, region, az_city, az_district, ...)."""
    return dict(_location_rows())


@lru_cache(maxsize=1)
def _location_keys() -> frozenset[str]:
    return frozenset(az_lower(n) for n in locations())


def is_location(word: str) -> bool:
    return az_lower(word) in _location_keys()


# --- words -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """80k frequent lower-case Azerbaijani word forms (inflected forms included)."""
    return frozenset(_ranks())


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    with open(HERE / "az-words.txt", encoding="utf-8") as fh:
        return {w: i for i, w in enumerate(fh.read().split())}


def word_rank(word: str) -> int:
    """Frequency rank of a word in the corpus (0 = most frequent); words not in it rank last."""
    return _ranks().get(az_lower(word), 10**6)


def fits_label(word: str, label: str | None) -> bool:
    """Is the word a known nominative of the mention's kind (a place for LOCATION, a name for
    PERSON, a title word for TITLE)?"""
    low = az_lower(word)
    if label == "LOCATION":
        return low in _location_keys() or low in _multiword_place_heads()
    if label == "PERSON":
        return low in _name_keys()
    if label == "TITLE":
        return low in _single_word_titles()
    if label == "ORGANIZATION":
        return low in _org_head_keys()
    return False


@lru_cache(maxsize=1)
def _single_word_titles() -> frozenset[str]:
    return frozenset(az_lower(t) for t in titles() if " " not in t)


@lru_cache(maxsize=1)
def _org_head_keys() -> frozenset[str]:
    return frozenset(az_lower(w) for pair in _org_head_pairs() for w in pair)


@lru_cache(maxsize=1)
def stems() -> frozenset[str]:
    """Lower-case words the corpus shows as nominatives: each occurs with several of its own
    case endings (see build.py). "bakı", "gəncə", "nazir" are in; "nazirliyi" is not."""
    with open(HERE / "stems.txt", encoding="utf-8") as fh:
        return frozenset(fh.read().split())


@lru_cache(maxsize=1)
def _inflected_names() -> frozenset[str]:
    path = HERE / "names-inflected.txt"
    return frozenset(_lines(path.name)) if path.exists() else frozenset()


@lru_cache(maxsize=1)
def _name_keys() -> frozenset[str]:
    bad = {az_lower(n) for n in _inflected_names()}
    keys = set(_name_list_lower()) - bad
    keys.update(az_lower(n) for n in _gendered())
    keys.update(az_lower(n) for n in _lines("surnames-extra.txt"))
    return frozenset(keys)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Postpositions, conjunctions and other frequent forms that are no case form of a noun."""
    return frozenset(az_lower(w) for w in _lines("function-words.txt"))


@lru_cache(maxsize=1)
def fixed_nominatives() -> frozenset[str]:
    """Lower-case words that are nominatives in their own right and must not be cut:
    names, single-word places, adjectives, title and organization-head words, corpus stems."""
    keys = set(_name_keys())
    common = common_words()
    for name, kind in _location_rows():
        low = az_lower(name)
        if " " in low:
            continue
        # villages named like an inflected common word would block real endings
        if kind in ("az_village", "az_settlement") and low in common and low not in stems():
            continue
        keys.add(low)
    keys.update(adjectives())
    keys.update(function_words())
    keys.update(_multiword_place_heads())
    keys.update(az_lower(bare) for bare, _ in _org_head_pairs() if " " not in bare)
    keys.update(w for w in title_words() if w in stems() or w not in common)
    keys.update(az_lower(t) for t in titles() if " " not in t)
    keys.update(stems())
    return frozenset(keys)


@lru_cache(maxsize=1)
def _multiword_place_heads() -> frozenset[str]:
    """Last words of multi-word places that are nominatives themselves ("Krallıq", "Timor",
    "Salamabad"), not izafət heads ("Respublikası")."""
    from aznews.nlp.suffixes import _parses

    out = set()
    for name, _ in _location_rows():
        if " " not in name:
            continue
        last = name.rsplit(" ", 1)[1]
        if last[:1].isupper() and not any(p.possessive for p in _parses(last)):
            out.add(az_lower(last))
    return frozenset(out)


@lru_cache(maxsize=1)
def izafet_forms() -> frozenset[str]:
    """Lower-case single-word heads that already carry the 3rd-person possessive ("nazirliyi",
    "komitəsi", "başçısı")."""
    out = set()
    for bare, izafet in _org_head_pairs():
        if " " not in izafet and izafet != bare:
            out.add(az_lower(izafet))
    return frozenset(out - fixed_nominatives() | {"başçısı", "katibi", "müdiri", "müavini",
                                                   "rəisi", "sədri", "köməkçisi", "müşaviri"})


@lru_cache(maxsize=1)
def _common_nominatives() -> frozenset[str]:
    """fixed_nominatives() without the person names: for titles ("sədri" is also a name)."""
    names = _name_keys() - stems() - _location_keys()
    return frozenset(fixed_nominatives() - names)


def is_nominative(word: str, label: str | None = None) -> bool:
    """Is the word a nominative that must not be cut? For TITLE, person names do not count."""
    if label == "TITLE":
        return az_lower(word) in _common_nominatives()
    return az_lower(word) in fixed_nominatives()


def is_known_word(word: str) -> bool:
    """Is the word (any casing) a known word form, name or place?"""
    low = az_lower(word)
    return low in common_words() or low in _name_keys() or low in _location_keys()


