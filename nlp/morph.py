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

CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")
_ALL_CASES = CASES + ("lock",)  # "lock": locative + -kı/-ki ("Bakıdakı"), only read, never made

_BACK = frozenset("aıou")
_FRONT = frozenset("eəiöü")
_VOWELS = _BACK | _FRONT
_FOUR = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}
_APOSTROPHES = "'’ʼ`´‘"
_SEPARATORS = _APOSTROPHES + "-‐–"

# How a letter is read aloud decides the harmony of an abbreviation read letter by letter.
_LETTER_NAMES = {
    "a": "a", "b": "be", "c": "ce", "ç": "çe", "d": "de", "e": "e", "ə": "ə", "f": "ef", "g": "ge",
    "ğ": "ğe", "h": "he", "x": "xe", "ı": "ı", "i": "i", "j": "je", "k": "ka", "q": "qe", "l": "el",
    "m": "em", "n": "en", "o": "o", "ö": "ö", "p": "pe", "r": "er", "s": "es", "ş": "eş", "t": "te",
    "u": "u", "ü": "ü", "v": "ve", "w": "ve", "y": "ye", "z": "ze",
}
# Abbreviations whose usual written endings do not follow from the letters.
_ABBREVIATION_READING = {"abş": "abış", "aşpa": "aşpa"}

_CAPITAL_ALTERNATING = re.compile(r"(l[ıiuü][kq]|bulaq|qışlaq|yataq|oymaq|ocaq)$")


class Parse(NamedTuple):
    """One reading of a word: stem (original casing) + plural? + possessive? + case."""

    stem: str
    plural: bool
    possessive: bool
    case: str
    suffix: str  # the surface suffix that was cut (lower case)


# --- phonology ---------------------------------------------------------------


def _last_vowel(low: str) -> str:
    for ch in reversed(low):
        if ch in _VOWELS:
            return ch
    return "e"


def _two(v: str) -> str:
    return "a" if v in _BACK else "ə"


def _syllables(low: str) -> int:
    return sum(1 for c in low if c in _VOWELS)


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or len(letters) > 7:
        return False
    return all(c.isupper() for c in letters) and any(c.isupper() for c in word[-2:])


def _pronounceable(low: str) -> bool:
    """Is an abbreviation read as a word ("nato", "asan", "din") rather than letter by letter?"""
    if _syllables(low) == 0 or len(low) < 3:
        return False
    if low[0] not in _VOWELS and low[1] not in _VOWELS:
        return False
    if len(low) >= 2 and low[-1] not in _VOWELS and low[-2] not in _VOWELS:
        return False
    run = 0
    for c in low:
        run = run + 1 if c not in _VOWELS else 0
        if run >= 3:
            return False
    return True


def _reading(word: str) -> str:
    """Lower-case phonological stand-in for a word: abbreviations by how they are read."""
    low = az_lower(word)
    if not _is_abbreviation(word):
        return low
    letters = "".join(c for c in low if c.isalpha())
    if letters in _ABBREVIATION_READING:
        return _ABBREVIATION_READING[letters]
    if _pronounceable(letters):
        return letters
    return _LETTER_NAMES.get(letters[-1], "e")


def _alternates(word: str) -> bool:
    """Does final k/q turn into y/ğ before a vowel ("Nazirlik" -> "Nazirliy-")?"""
    low = az_lower(word)
    if len(low) < 3 or low[-1] not in "kq" or low[-2] not in _VOWELS or _syllables(low) < 2:
        return False
    if word[:1].isupper() and not _CAPITAL_ALTERNATING.search(low):
        return False
    return True


def _alternate(word: str) -> str:
    last = word[-1]
    repl = {"k": "y", "q": "ğ", "K": "Y", "Q": "Ğ"}[last]
    return word[:-1] + repl


def _suffix(reading: str, case: str, possessive: bool, plural: bool, after_possessive: bool = False) -> str:
    """The suffix (lower case) for a stem whose reading is `reading`.

    `after_possessive`: the stem already ends in a 3rd-person possessive
    ("Nazirliyi"), so the case takes the pronominal n.
    """
    v = _last_vowel(reading)
    vowel_end = bool(reading) and reading[-1] in _VOWELS
    out = ""
    poss = after_possessive
    if plural:
        out += "l" + _two(v) + "r"
        v, vowel_end = _two(v), False
    if possessive:
        out += ("s" if vowel_end else "") + _FOUR[v]
        v, vowel_end, poss = _FOUR[v], True, True
    a, i = _two(v), _FOUR[v]
    if case == "nom":
        return out
    if case == "gen":
        return out + ("n" if vowel_end else "") + i + "n"
    if case == "acc":
        return out + ("n" if vowel_end else "") + i
    if case == "dat":
        return out + ("n" if poss else "y" if vowel_end else "") + a
    if case == "loc":
        return out + ("n" if poss else "") + "d" + a
    if case == "lock":
        return out + ("n" if poss else "") + "d" + a + ("kı" if a == "a" else "ki")
    if case == "abl":
        return out + ("n" if poss else "") + "d" + a + "n"
    if case == "ins":
        return out + ("y" if vowel_end else "") + "l" + a
    raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")


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


# --- analysis ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _suffix_table() -> dict[str, tuple[tuple[bool, bool, str], ...]]:
    """Every surface suffix -> the (plural, possessive, case) combinations that can make it."""
    table: dict[str, set] = {}
    readings = [v for v in _VOWELS] + [v + "t" for v in _VOWELS]  # vowel-final, consonant-final
    for plural in (False, True):
        for poss in (False, True):
            for case in _ALL_CASES:
                if not plural and not poss and case == "nom":
                    continue
                for r in readings:
                    table.setdefault(_suffix(r, case, poss, plural), set()).add((plural, poss, case))
    return {k: tuple(sorted(v)) for k, v in table.items()}


def _restore_case(surface: str, low_stem: str) -> str:
    """Give `low_stem` (possibly k/q restored) the casing of the surface text."""
    if len(surface) != len(low_stem):
        return surface
    if surface[-1:] == az_lower(surface[-1:]):
        return surface[:-1] + low_stem[-1]
    return surface[:-1] + az_upper(low_stem[-1])


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[Parse, ...]:
    """All readings stem + suffix that the harmony and buffer rules allow, longest suffix first.

    The nominative reading (the word itself) is not included.
    """
    out: list[Parse] = []
    table = _suffix_table()
    # Hyphen or apostrophe before the ending: "BMT-nin", "Bakı'da". Harmony is not checked:
    # how an abbreviation is read varies.
    for sep in _SEPARATORS:
        k = word.rfind(sep)
        if 0 < k < len(word) - 1:
            suf = az_lower(word[k + 1:])
            if suf in table:
                for plural, poss, case in table[suf]:
                    out.append(Parse(word[:k], plural, poss, case, word[k:]))
                return tuple(out)
            break
    low = az_lower(word)
    n = len(low)
    for cut in range(1, min(n - 1, 9) + 1):
        suf = low[n - cut:]
        combos = table.get(suf)
        if not combos:
            continue
        surface = word[: n - cut]
        stem_low = low[: n - cut]
        if _syllables(stem_low) == 0 and not _is_abbreviation(surface):
            continue
        candidates = [(surface, stem_low)]
        if suf[0] in _VOWELS and stem_low[-1:] in ("y", "ğ"):  # "Nazirliy-" <- "Nazirlik"
            restored = stem_low[:-1] + ("k" if stem_low[-1] == "y" else "q")
            candidates.append((_restore_case(surface, restored), restored))
        for surf, s_low in candidates:
            for plural, poss, case in combos:
                if _suffix(s_low, case, poss, plural) != suf:
                    continue
                out.append(Parse(surf, plural, poss, case, suf))
    # Longest suffix first, then readings without plural, then without possessive.
    out.sort(key=lambda p: (-len(p.suffix), p.plural, p.possessive))
    return tuple(out)


def parses(word: str) -> list[Parse]:
    """Readings of `word` as stem + plural? + possessive? + case, longest suffix first."""
    return list(_parses(word))


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
        if base in _PATRONYMIC or (k > 0 and base.startswith(("oğlu", "qızı")) and len(base) <= 9):
            pat = k
            break
    if pat is not None and pat >= 1:
        before = words[: pat - 1]
        after = words[pat + 1:]
        if after:
            words = before + after
        elif len(before) >= 2 and _SURNAME.search(az_lower(before[0])):
            words = before[1:] + before[:1]  # "Musayev Teymur Yusif oğlu" -> "Teymur Musayev"
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
    index = lex.title_index()
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
