"""Noun inflection for the training-data generator.

`inflect(word, case, possessive)` attaches Azerbaijani case endings with vowel
harmony and the usual buffer consonants. It prefers the project's morphology
module (`nlp.morph.inflect`) when that exists and agrees with a few checked
forms; otherwise it uses the small inflector below, which covers what the
templates need: nominative, genitive, dative, accusative, locative, ablative,
each optionally after the 3rd-person possessive ("Nazirlik" -> "Nazirliyi" ->
"Nazirliyinin").

Abbreviations ("ASC", "BMT") take a hyphen: "ASC-nin", "BMT-yə".
"""
from __future__ import annotations

from aznews.nlp.text import az_lower

CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")

_BACK = set("aıou")
_FRONT = set("eəiöü")
_VOWELS = _BACK | _FRONT

# How an abbreviation's last letter is pronounced decides its suffix vowel.
_LETTER_NAMES = {
    "a": "a", "b": "be", "c": "ce", "ç": "çe", "d": "de", "e": "e", "ə": "ə", "f": "ef", "g": "ge",
    "ğ": "ğe", "h": "he", "x": "xe", "ı": "ı", "i": "i", "j": "je", "k": "ka", "q": "qe", "l": "el",
    "m": "em", "n": "en", "o": "o", "ö": "ö", "p": "pe", "r": "er", "s": "es", "ş": "şe", "t": "te",
    "u": "u", "ü": "ü", "v": "ve", "y": "ye", "z": "ze",
}


def _last_vowel(word: str) -> str:
    for ch in reversed(az_lower(word)):
        if ch in _VOWELS:
            return ch
    return "ə"


def _two(word: str) -> str:
    return "a" if _last_vowel(word) in _BACK else "ə"


def _four(word: str) -> str:
    v = _last_vowel(word)
    return {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}[v]


def _ends_vowel(word: str) -> bool:
    return az_lower(word[-1:]) in _VOWELS


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _mutate(word: str) -> str:
    """Final k -> y (polysyllabic: "Nazirlik" -> "Nazirliy-") and -lıq -> -lığ ("Prokurorluq" ->
    "Prokurorluğ-") before a vowel-initial suffix. Loans like "İttifaq", "Bank" keep theirs."""
    low = az_lower(word)
    syllables = sum(1 for c in low if c in _VOWELS)
    if syllables >= 2 and low.endswith("k") and low[-2:] not in ("rk", "nk", "sk", "nk"):
        return word[:-1] + "y"
    if syllables >= 2 and low[-3:] in ("lıq", "liq", "luq", "lüq"):
        return word[:-1] + "ğ"
    return word


def possessive3(word: str) -> str:
    """3rd-person possessive: "müdir" -> "müdiri", "məsləhətçi" -> "məsləhətçisi", "Nazirlik" -> "Nazirliyi"."""
    if _is_abbreviation(word):
        spoken = _LETTER_NAMES.get(az_lower(word[-1]), "ə")
        return word + "-" + ("s" + _four(spoken) if _ends_vowel(spoken) else _four(spoken))
    if _ends_vowel(word):
        return word + "s" + _four(word)
    return _mutate(word) + _four(word)


def local_inflect(word: str, case: str = "nom", possessive: bool = False) -> str:
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}")
    if possessive:
        word = possessive3(word)
    if case == "nom":
        return word
    if _is_abbreviation(word):
        spoken = _LETTER_NAMES.get(az_lower(word[-1]), "ə")
        v_end = _ends_vowel(spoken)
        base, hv = word + "-", spoken
    else:
        v_end = _ends_vowel(word)
        base, hv = word, word
    two, four = _two(hv), _four(hv)
    if case == "gen":
        suffix = ("n" + four + "n") if (v_end or possessive) else (four + "n")
    elif case == "acc":
        suffix = ("n" + four) if (v_end or possessive) else four
    elif case == "dat":
        suffix = ("n" + two) if possessive else (("y" + two) if v_end else two)
    elif case == "loc":
        suffix = ("nd" + two) if possessive else ("d" + two)
    elif case == "ins":
        suffix = ("yl" + two) if v_end else ("l" + two)
    else:  # abl
        suffix = ("nd" + two + "n") if possessive else ("d" + two + "n")
    if not v_end and not possessive and suffix[0] in _VOWELS and base is word:
        base = _mutate(word)
    return base + suffix


_CHECKS = [
    (("Nazirlik", "gen", True), "Nazirliyinin"),
    (("Hacızadə", "gen", False), "Hacızadənin"),
    (("Nəsibov", "dat", False), "Nəsibova"),
    (("Bakı", "loc", False), "Bakıda"),
    (("müdir", "nom", True), "müdiri"),
    (("məsləhətçi", "nom", True), "məsləhətçisi"),
    (("sektor", "gen", True), "sektorunun"),
    (("Nazirlik", "abl", False), "Nazirlikdən"),
]

_impl = None


def _choose():
    global _impl
    if _impl is not None:
        return _impl
    _impl = local_inflect
    try:  # the morphology helper's inflector, when it is there and agrees
        from aznews.nlp.morph import inflect as morph_inflect  # type: ignore

        if all(morph_inflect(*args) == want for args, want in _CHECKS):
            _impl = morph_inflect
    except Exception:
        pass
    return _impl


def inflect(word: str, case: str = "nom", possessive: bool = False) -> str:
    if _is_abbreviation(word) or "." in word:
        return local_inflect(word, case, possessive)
    return _choose()(word, case, possessive)


def case_after_possessive(word: str, case: str) -> str:
    """Case ending on a word that already carries the possessive ("müdiri" -> "müdirinin")."""
    if case == "nom":
        return word
    two, four = _two(word), _four(word)
    return word + {"gen": "n" + four + "n", "acc": "n" + four, "dat": "n" + two,
                   "loc": "nd" + two, "abl": "nd" + two + "n", "ins": "yl" + two}[case]


def backend() -> str:
    return "aznews.nlp.morph" if _choose() is not local_inflect else "local"
