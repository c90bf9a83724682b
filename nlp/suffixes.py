"""Azerbaijani suffix morphology without a lexicon: vowel harmony, the case, possessive and
plural endings, and every reading of a word as stem + endings.

`aznews.nlp.morph` chooses among these readings with the lexicons (`aznews.nlp.lexicon`); the
lexicon itself uses the readings to derive some of its lists, so this part imports neither and
both import it (no import loop).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from aznews.nlp.text import az_lower, az_upper

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
