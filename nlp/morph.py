"""Azerbaijani noun morphology: inflection and canonical (nominative) forms.

Pure Python and cached: `canonical` runs on every mention the pipeline finds.

    inflect("Nazirlik", "gen", possessive=True)   -> "Nazirliyinin"
    inflect("Bakı", "ins")                          -> "Bakıyla"
    lemma("Hacızadənin")                            -> "Hacızadə"
    canonical("Təhsil Nazirliyinin", "ORGANIZATION") -> "Təhsil Nazirliyi"
    canonical("nazirinin müşaviri", "TITLE")        -> "nazir müşaviri"

What the rules cover
--------------------
* Vowel harmony from the last vowel of the stem: 2-way a/ə, 4-way ı/i/u/ü.
* Buffer consonants: n (genitive/accusative after a vowel, every case after the
  3rd-person possessive), y (dative and "-la/-lə" after a vowel), s (possessive
  after a vowel: "məsləhətçisi").
* Final k -> y and q -> ğ before a vowel-initial suffix in words of two or more
  syllables whose k/q follows a vowel ("Nazirlik" -> "Nazirliyi", "bulaq" ->
  "bulağı"); capitalized names keep theirs ("İraqın") unless they end in the
  -lıq/-lik/-luq/-lük suffix ("Prokurorluğu", "Agentliyi").
* Abbreviations take a hyphen and harmonize with how they are read:
  "BMT-nin", "DİN-in", "NATO-nun", "ABŞ-ın".

Canonical forms (conventions of docs/ANNOTATION.md) strip the case ending from the
last word only. The 3rd-person possessive (izafət) is kept on the head of a
noun-noun compound ("Təhsil Nazirliyi", "Rusiya Federasiyası", "icra başçısı") and
dropped when every word before the head is an adjective ("Ali Məhkəmə", "Milli
Məclis", "baş məsləhətçi") or when the head stands alone ("Nazirlikdən" ->
"Nazirlik", "rektoru" -> "rektor"). Organizations lose a leading "Azərbaycan
Respublikasının". Titles keep rank words ("baş", "birinci", "icraçı"), turn a
title word in the genitive into a bare modifier ("nazirin müavini" -> "nazir
müavini"), drop field words ("Mədəniyyət naziri" -> "nazir", "təhsil nazirinin
müşaviri" -> "nazir müşaviri") and take fixed compounds from the lexicon
("idarə heyətinin sədri" -> "idarə heyəti sədri"). People lose patronymics
("Teymur Yusif oğlu Musayev" -> "Teymur Musayev"); initials stay ("B.Hacızadə").

Stripping is guarded by the lexicons in `nlp.lexicon`: a word that is itself a
known nominative (a name, a place, a word with its own inflected forms in the
corpus: "Bakı", "Gəncə", "Quba", "Nəsibov") is never cut; a stem of the mention's
kind (a place for LOCATION, a post for TITLE) wins, then the most frequent known
stem, then the longest suffix; an unknown word loses only endings that cannot be
mistaken for part of a stem ("Paşinyanın" -> "Paşinyan").

Female surnames: "-ova" is both the female surname and the dative of "-ov"
("Nəsibova"). Without context we read it as the female nominative unless the
given name in the same span is a known male name ("Elnur Nəsibova" ->
"Elnur Nəsibov"). "-eva/-yeva" is never a dative (that would be "-evə"), so
"Abiyeva" is always kept.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from aznews.nlp.text import az_capitalize, az_lower, az_upper

from aznews.nlp.suffixes import (  # noqa: E402,F401  (the lexicon-free part)
    CASES, Parse, _ABBREVIATION_READING, _ALL_CASES, _APOSTROPHES, _BACK, _CAPITAL_ALTERNATING,
    _FOUR, _FRONT, _LETTER_NAMES, _SEPARATORS, _VOWELS, _alternate, _alternates,
    _is_abbreviation, _last_vowel, _parses, _pronounceable, _reading, _restore_case, _suffix,
    _suffix_table, _syllables, _two, parses,
)

def _shouted_name(word: str) -> bool:
    """A place or name in capitals ("BAKI", "ŞUŞA"), not an abbreviation."""
    if len(word) < 4:
        return False
    lex = _lex()
    cap = az_capitalize(word)
    return lex.fits_label(cap, "LOCATION") or az_lower(cap) in lex.male_given_names() or (
        az_lower(cap) in lex.female_given_names())


def _shouting(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _inflect_word(word: str, case: str, possessive: bool, plural: bool, after_possessive: bool) -> str:
    if not word:
        return word
    if _is_abbreviation(word) and not _shouted_name(word):
        suf = _suffix(_reading(word), case, possessive, plural, after_possessive)
        return word + "-" + suf if suf else word
    low = az_lower(word)
    suf = _suffix(low, case, possessive, plural, after_possessive)
    if not suf:
        return word
    stem = word
    if suf[0] in _VOWELS and not after_possessive and _alternates(word):
        stem = _alternate(word)
    if _shouting(word):
        suf = az_upper(suf)
    return stem + suf


# --- public: inflect ---------------------------------------------------------


@lru_cache(maxsize=65536)
def inflect(word: str, case: str = "nom", possessive: bool = False, plural: bool = False,
            separate: bool = False) -> str:
    """Inflect a noun or a name phrase; only its last word changes.

    case: nom, gen, dat, acc, loc, abl, ins. possessive=True adds the 3rd-person
    possessive first ("Nazirlik" -> "Nazirliyi" -> "Nazirliyinin"). A phrase whose
    head already carries it ("Təhsil Nazirliyi", "icra başçısı") is recognized and
    gets the pronominal n: inflect("Təhsil Nazirliyi", "loc") -> "Təhsil
    Nazirliyində". plural adds -lar/-lər. separate=True writes the instrumental as
    the postposition: "Bakı ilə" instead of "Bakıyla".
    """
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")
    text = word.strip()
    if not text:
        return word
    head_start = text.rfind(" ") + 1
    prefix, head = text[:head_start], text[head_start:]
    after_poss = False
    if not possessive and not plural and case != "nom":
        after_poss = _carries_possessive(text)
    if case == "ins" and separate:
        return prefix + _inflect_word(head, "nom", possessive, plural, after_poss) + " ilə"
    return prefix + _inflect_word(head, case, possessive, plural, after_poss)


def _carries_possessive(phrase: str) -> bool:
    """Does the phrase end in a 3rd-person possessive head ("Təhsil Nazirliyi")?"""
    head = phrase[phrase.rfind(" ") + 1:]
    if not head or _is_abbreviation(head):
        return False
    lex = _lex()
    low = az_lower(head)
    if low in lex.izafet_forms():
        return True
    multi = " " in phrase
    if not multi:
        return False
    if low in lex.fixed_nominatives():  # names, places, adjectives: "Milli", "Bakı"
        return False
    for p in _parses(head):
        if p.possessive and p.case == "nom" and not p.plural and lex.is_known_word(p.stem):
            return True
    return False


# --- lexicon access ------------------------------------------------------------


@lru_cache(maxsize=1)
def _lex():
    from aznews.nlp import lexicon  # data files next to it; imported on first use

    return lexicon


# --- lemma ---------------------------------------------------------------------

# Endings an unknown word may lose without a known stem: they hardly end a nominative.
_STRONG = re.compile(
    r"(n[ıiuü]n|[ıiuü]n|y[aə]|d[aə]n|d[aə]|d[aə]k[ıi]|n[aə]|nd[aə]|nd[aə]n|y?l[aə])$"
)


def _choose(word: str, label: str | None = None, prefer_possessive: bool = False) -> Parse | None:
    """The reading lemma() and canonical() use; None means the word is already nominative.

    prefer_possessive: where "-ı" reads both as accusative and as 3rd-person possessive, take
    the possessive (the head of a noun-noun compound: "Daxili İşlər Nazirliyi").
    """
    p = _choose_reading(word, label)
    if p is not None and prefer_possessive and not p.possessive and p.suffix[:1] not in _SEPARATORS:
        for q in _parses(word):
            if q.suffix == p.suffix and q.possessive and az_lower(q.stem) == az_lower(p.stem):
                return q
    return p


def _choose_reading(word: str, label: str | None) -> Parse | None:
    lex = _lex()
    low = az_lower(word)
    if not low or not any(c.isalpha() for c in low):
        return None
    readings = _parses(word)
    if not readings:
        return None
    # Hyphen/apostrophe endings are unambiguous.
    if readings[0].suffix[:1] in _SEPARATORS:
        return readings[0]
    # A stem of the mention's kind beats a whole word that is not of that kind:
    # TITLE "müşavirə" -> "müşavir", LOCATION "Qarqara" -> "Qarqar".
    if label in ("TITLE", "LOCATION") and not lex.fits_label(word, label):
        fitting = [p for p in readings if lex.fits_label(p.stem, label)]
        if fitting:
            return min(fitting, key=lambda p: (lex.word_rank(p.stem), -len(p.suffix)))
    if lex.is_nominative(word, label):
        return None
    # Known nominative stems: those of the mention's kind first (a place for LOCATION, a name
    # for PERSON), then the most frequent stem in the corpus, then the longest suffix.
    # "Qubada" -> "Quba" (not the name "Qubad"), "Amerikanın" -> "Amerika", "Nazirliyinin" -> "Nazirlik".
    known = [p for p in readings if lex.is_nominative(p.stem, label)]
    if known:
        preferred = [p for p in known if lex.fits_label(p.stem, label)]
        return min(preferred or known, key=lambda p: (lex.word_rank(p.stem), -len(p.suffix)))
    whole_known = lex.is_known_word(word)
    for p in readings:
        if lex.is_known_word(p.stem) and len(az_lower(p.stem)) >= 2:
            if not whole_known or len(p.suffix) >= 2:
                return p
    if whole_known:
        return None
    if label == "PERSON":
        for p in readings:
            if _SURNAME.search(az_lower(p.stem)) and not p.plural and not p.possessive:
                return p
    for p in readings:
        if p.plural or p.possessive:
            continue
        if len(az_lower(p.stem)) >= 3 and _STRONG.search(p.suffix) and len(p.suffix) >= 2:
            return p
    return None


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Nominative of one word: case, possessive and plural endings cut, casing kept.

    "Hacızadənin" -> "Hacızadə", "Nazirliyinin" -> "Nazirlik", "Bakı'da" -> "Bakı",
    "BMT-nin" -> "BMT"; "Bakı", "Gəncə", "Nəsibov" stay as they are.
    """
    p = _choose(word)
    return word if p is None else p.stem


# --- canonical -----------------------------------------------------------------

_WORD_SPLIT = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n\r,;:.!?()[]{}"
_SURNAME = re.compile(r"(y?ev|ov|zadə|l[ıiuü]|oğlu|bəyli|xanlı|y?eva|ova|sk[iı]|yan)$")
_PATRONYMIC = {"oğlu", "qızı"}
_COUNTRY_GENITIVES = {"azərbaycan respublikasının"}


def _strip_edges(text: str) -> str:
    text = _WORD_SPLIT.sub(" ", text.strip())
    return text.strip(_EDGE_PUNCT)


def _head_reading(word: str, label: str) -> tuple[str, bool]:
    """(stem, possessive) of a head word with the case cut."""
    p = _choose(word, label)
    if p is None:
        return word, False
    return p.stem, p.possessive


def _is_adjective(word: str) -> bool:
    lex = _lex()
    low = az_lower(word)
    if low in lex.adjectives():
        return True
    # ordinals ("birinci"), -lı/-li adjectives ("Muxtar" is listed), -sız, -vi nisbe
    return bool(re.search(r"(ıncı|inci|uncu|üncü|[ıiuü]nc[ıiuü]|s[ıiuü]z|əvi|avi|dakı|dəki)$", low))


def _with_possessive(stem: str) -> str:
    return inflect(stem, "nom", possessive=True)


def _drop_case_keep_izafet(words: list[str], label: str) -> list[str]:
    """Cut the case from the last word; keep the possessive only after a noun modifier."""
    *mods, head = words
    if head.endswith(tuple(_SEPARATORS)):
        head = head.rstrip(_SEPARATORS)
    lex = _lex()
    noun_modifier = any(not _is_adjective(m) for m in mods)
    p = _choose(head, label, prefer_possessive=noun_modifier)
    if p is None:
        return words
    stem = p.stem
    keep = p.possessive and noun_modifier
    if keep:
        new_head = _possessive_surface(head, p) if not p.plural else inflect(stem, "nom", True, True)
    else:
        new_head = inflect(stem, "nom", plural=True) if p.plural and lex.is_known_word(
            inflect(stem, "nom", plural=True)) and label != "TITLE" else stem
    return mods + [new_head]


@lru_cache(maxsize=65536)
def canonical(text: str, label: str) -> str:
    """Nominative dictionary form of a mention span (PERSON, ORGANIZATION, LOCATION, TITLE)."""
    span = _strip_edges(text)
    if not span:
        return span
    words = span.split(" ")
    if len(words) > 1 and az_lower(words[-1]) == "ilə":
        words = words[:-1]
    if label == "PERSON":
        return _canonical_person(words)
    if label == "TITLE":
        if len(words) >= 3 and az_lower(" ".join(words[-2:])) == "icra edən":
            return " ".join(az_lower(w) for w in words)  # "rektor səlahiyyətlərini icra edən"
        return _canonical_title(words)
    if label == "ORGANIZATION":
        # docs/ANNOTATION.md: a leading "Azərbaycan Respublikasının" is part of the span but
        # not of the name: "Azərbaycan Respublikasının Elm və Təhsil Nazirliyi" -> "Elm və Təhsil Nazirliyi".
        # Kept where the rest needs it: "Azərbaycan Respublikasının Yaponiyadakı Səfirliyi".
        if (len(words) > 2 and az_lower(" ".join(words[:2])) in _COUNTRY_GENITIVES
                and not re.search(r"d[aə]k[ıi]$", az_lower(words[2]))):
            words = words[2:]
        return " ".join(_drop_case_keep_izafet(words, label))
    if label == "LOCATION":
        words = [_uncapped(w, label) for w in words]
        return " ".join(_drop_case_keep_izafet(words, label))
    return span


def _canonical_person(words: list[str]) -> str:
    lex = _lex()
    # Patronymic: "Teymur Yusif oğlu Musayev", "Musayev Teymur Yusif oğlu(na)".
    lows = [az_lower(w) for w in words]
    pat = None
    for k, w in enumerate(lows):
        base = w
        if k == len(lows) - 1:
            base = az_lower(_head_reading(words[k], "PERSON")[0])
        if base in _PATRONYMIC or w in _PATRONYMIC or (k > 0 and w.startswith(("oğlu", "qızı")) and len(w) <= 9):
            pat = k
            break
    if pat is not None and pat >= 1:
        before = words[: pat - 1]
        after = words[pat + 1:]
        if after:
            words = before + after
        elif len(before) >= 2 and (_SURNAME.search(az_lower(before[0])) or (
                az_lower(before[1]) in lex.given_names_lower() and az_lower(before[0]) not in lex.given_names_lower())):
            # "Musayev Teymur Yusif oğlu" -> "Teymur Musayev"; "Əlisoy Xalidə Kəramət qızı" -> "Xalidə Əlisoy"
            words = before[1:] + before[:1]
        elif before:
            words = before
        # "Yusif oğlu" alone: nothing but the patronymic; keep it as written
    # surname first, as in lists of graduates and decrees: "Əliyeva Ləman" -> "Ləman Əliyeva"
    if len(words) == 2 and pat is None:
        w0, w1 = az_lower(words[0]), az_lower(_head_reading(words[1], "PERSON")[0])
        given = lex.given_names_lower()
        if (_SURNAME.search(w0) and w0 not in given and w1 in given and not _SURNAME.search(w1)):
            words = [_head_reading(words[1], "PERSON")[0], words[0]]
    *rest, last = words
    rest = [_uncapped(w, "PERSON") for w in rest]
    # initials glued to the surname: "B.Hacızadənin", "S.Rüstəmova"
    m = _INITIALS.match(last)
    prefix = ""
    if m:
        prefix, last = m.group(1), m.group(2)
    last = _uncapped(last, "PERSON")
    stem, _ = _head_reading(last, "PERSON")
    low_last, low_stem = az_lower(last), az_lower(stem)
    # "-ova": female surname or the dative of "-ov"? Dative only after a known male given name.
    if low_last.endswith("ova") and (low_stem == low_last or low_stem + "a" == low_last):
        first = az_lower(rest[0]) if rest else ""
        male = first in lex.male_given_names() and first not in lex.female_given_names()
        stem = last[:-1] if male else last
    return " ".join(rest + [prefix + stem])


_INITIALS = re.compile(r"^((?:[A-ZÇƏĞIİÖŞÜ][a-zçəğıiöşü]?\.\s?)+)(\w.*)$")


def _uncapped(word: str, label: str) -> str:
    """An all-capitals word of a name or place ("BAKIDA", "ƏLİYEV") in ordinary casing when the
    lexicon knows it that way; abbreviations ("BMT", "ABŞ") stay."""
    if len(word) <= 3 or not _shouting(word) or any(c in word for c in _SEPARATORS):
        return word
    cap = az_capitalize(word)
    lex = _lex()
    if lex.is_known_word(cap) or lex.fits_label(cap, label):
        return cap
    p = _choose(cap, label)
    if p is not None and (lex.fits_label(p.stem, label) or lex.is_nominative(p.stem, label)):
        return cap
    return word


# Rank words kept before a post: "baş məsləhətçi", "birinci müavin", "baş icraçı direktor".
_RANK_WORDS = frozenset(
    "baş birinci ikinci üçüncü icraçı aparıcı böyük kiçik fəxri".split()
)


def _title_casing(words: list[str]) -> list[bool]:
    """Which words keep their capital: "Prezident", and runs of two or more capitalized words
    (a named body: "İdarə Heyətinin sədri"). A lone capital is the sentence start."""
    caps = [w[:1].isupper() and not _is_abbreviation(w) for w in words]
    keep = [False] * len(words)
    k = 0
    while k < len(words):
        if caps[k]:
            j = k
            while j < len(words) and caps[j]:
                j += 1
            if j - k >= 2:
                for i in range(k, j):
                    keep[i] = True
            k = j
        else:
            k += 1
    for i, w in enumerate(words):
        if az_lower(w).startswith("prezident") and w[:1].isupper():
            keep[i] = True
        if _is_abbreviation(w):
            keep[i] = True
    return keep


def _cased(word: str, keep: bool) -> str:
    if _is_abbreviation(word):
        return word
    return az_capitalize(word) if keep else az_lower(word)


def _canonical_title(words: list[str]) -> str:
    """The post: head noun without its possessive, the rank words before it, and a title word
    in the genitive before it ("nazirin müavini" -> "nazir müavini"); field and organization
    words are dropped ("Mədəniyyət naziri" -> "nazir", "Komitə sədri" -> "sədr"); fixed
    compounds come from the lexicon ("icra başçısı", "İdarə Heyəti sədri", "dövlət katibi")."""
    lex = _lex()
    n = len(words)
    keep = _title_casing(words)
    readings = [_choose(w, "TITLE") for w in words]
    stems = [az_lower(p.stem) if p else az_lower(w) for w, p in zip(words, readings)]
    index = title_index()
    # a title word before the head, past rank words: "nazirin birinci müavini"
    j = n - 2
    while j >= 0 and stems[j] in _RANK_WORDS:
        j -= 1
    if j >= 0 and not lex.fits_label(stems[j], "TITLE"):
        j = -1
    # 1. a lexicon compound of two or more words ending at the head, longest first; it may not
    #    leave out that title word
    for k in range(min(n - 1, j + 1) if j >= 0 else n - 1):
        hit = index.get(tuple(stems[k:]))
        if hit:
            return " ".join(_cased(part, keep[k + i]) for i, part in enumerate(hit.split(" ")))
    head = words[-1]
    # 2. "<title word>-gen [rank words] <head>-poss": "sədrin müavini" -> "sədr müavini",
    #    "nazirin birinci müavini" -> "nazir birinci müavini"
    if j >= 0:
        p = _choose(head, "TITLE", prefer_possessive=True)
        stem = p.stem if p else head
        left = j
        while left > 0 and stems[left - 1] in _RANK_WORDS:
            left -= 1
        mods = [_cased(readings[i].stem if readings[i] else words[i], keep[i]) for i in range(left, n - 1)]
        head_form = _possessive_surface(head, p) if p and p.possessive else _with_possessive(stem)
        return " ".join(mods + [_cased(head_form, keep[-1])])
    # 3. the head alone, with the rank words right before it
    p = readings[-1]
    stem = p.stem if p else head
    left = n - 1
    while left > 0 and stems[left - 1] in _RANK_WORDS:
        left -= 1
    mods = [_cased(words[i], keep[i]) for i in range(left, n - 1)]
    out = mods + [_cased(stem, keep[-1])]
    hit = index.get(tuple(stems[left:]))
    if hit:
        return " ".join(_cased(part, keep[left + i]) for i, part in enumerate(hit.split(" ")))
    return " ".join(out)


def _possessive_surface(word: str, p: Parse) -> str:
    """The possessive form as the text spells it: the word less its case ending
    ("Qoruğunun" -> "Qoruğu")."""
    if p.case == "nom" or not p.possessive:
        return word if p.case == "nom" else _with_possessive(p.stem)
    form = _with_possessive(p.stem)
    reading = az_lower(form)
    case_suffix = _suffix(reading, p.case, False, False, after_possessive=True)
    if az_lower(word).endswith(case_suffix):
        surface = word[: len(word) - len(case_suffix)]
        if len(surface) == len(form):
            return surface
    return form


@lru_cache(maxsize=1)
def title_index() -> dict[tuple[str, ...], str]:
    """Title key (lower-case stems of its words) -> canonical title, for fixed compounds."""
    index: dict[tuple[str, ...], str] = {}
    for t in _lex().titles():
        words = az_lower(t).split()
        key = []
        for w in words:
            p = _choose(w, "TITLE")
            key.append(az_lower(p.stem) if p else w)
        index.setdefault(tuple(key), az_lower(t))
    return index
