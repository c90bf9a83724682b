"""Azerbaijani text basics with no heavy dependencies: casing and language identification.

Python's str.lower() maps "İ" to "i̇" (i + U+0307) and "I" to "i"; Azerbaijani maps
"İ" to "i" and "I" to "ı" (and back for upper). Every stage that folds case uses
these functions. This module imports nothing beyond the standard library, so
the crawler may use it to label an article's language.
"""
from __future__ import annotations

import re

_LOWER = str.maketrans({"İ": "i", "I": "ı"})
_UPPER = str.maketrans({"i": "İ", "ı": "I"})


# str.replace runs in C; str.translate with a dict table is ~25x slower on article-length text.
def az_lower(text: str) -> str:
    return text.replace("İ", "i").replace("I", "ı").lower()


def az_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def az_capitalize(word: str) -> str:
    """First letter upper, the rest lower, by Azerbaijani rules: "İSMAYILLI" -> "İsmayıllı"."""
    if not word:
        return word
    return az_upper(word[0]) + az_lower(word[1:])


def az_title(text: str) -> str:
    return " ".join(az_capitalize(w) for w in text.split(" "))


# --- language identification -------------------------------------------------
# Four languages matter for Azerbaijani news sites: az, ru, en, tr. Script and a
# handful of letters and function words separate them reliably on article-length
# text; a general-purpose detector would add a large model for no gain here.

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏƏə]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_FUNCTION_WORDS = {
    "az": set("və bu ki ilə bir üçün da də olan olub edib edilib isə həm daha onun sonra qədər kimi ildə barədə görə".split()),
    "tr": set("ve bu bir için ile da de olan olarak değil çok gibi daha sonra kadar ancak yapılan ise ise".split()),
    "en": set("the and of to in is for on that with as by was are at from this be it an".split()),
}


def detect_language(text: str) -> str:
    """Return "az", "ru", "en", "tr" or "und" (too little text to tell)."""
    sample = text[:4000]
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    if cyr + lat < 20:
        return "und"
    if cyr > lat:
        return "ru"
    lowered = az_lower(sample)
    words = _WORD.findall(lowered)
    if not words:
        return "und"
    schwa = lowered.count("ə")
    scores = {lang: sum(1 for w in words if w in fw) for lang, fw in _FUNCTION_WORDS.items()}
    # "ə" does not occur in Turkish or English; "x" and "q" are rare in Turkish.
    scores["az"] += 3 * schwa / max(1, len(words)) * len(words) ** 0.5 * 4
    if "ğ" in lowered and schwa == 0:
        scores["tr"] += 2
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "und"
