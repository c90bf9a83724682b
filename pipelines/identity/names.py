"""Names as keys: slugs, person names taken apart, and what kind of post a title is.

    slug("Elm və Təhsil Nazirliyi")          -> "elm-ve-tehsil-nazirliyi"
    parse_person("Hacızadə Billurə Əli qızı") -> PersonName(given="Billurə", surname="Hacızadə", patronymic="Əli qızı")
    parse_person("B.Hacızadə")                -> PersonName(given="", initials="b", surname="Hacızadə")
    single_holder("rektor"), single_holder("nazir müavini")   -> True, False

Everything that decides whether two spellings are "the same name" is here, so the identity
stage, the watchlist matcher and the `who`/`person` lookups agree:

* `fold(text)` is the key of an organization, place, title or date: the watchlist's
  `alias_key` (Azerbaijani lower case, no quotes, single spaces, no leading
  "Azərbaycan Respublikası(nın)") turned into a slug, so "ELM VƏ TƏHSİL NAZİRLİYİ" and a
  name typed without Azerbaijani letters ("Elm ve Tehsil Nazirliyi") fold to the same key.
* A person's key is the folded given name and surname, in that order whatever order the
  text used; the patronymic is kept apart (it tells namesakes apart, it does not merge).
* Ids are slugs of this kind everywhere (watchlist ids are written the same way).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from aznews.nlp.text import az_capitalize, az_lower

# Azerbaijani letters without an ASCII form of their own, and Cyrillic for names from Russian text.
_ASCII = str.maketrans({
    "ə": "e", "ı": "i", "ö": "o", "ü": "u", "ş": "s", "ç": "c", "ğ": "g",
    "а": "a", "б": "b", "в": "v", "г": "q", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "c", "ш": "s", "щ": "sc", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "e", "ү": "u", "ө": "o", "ғ": "g", "ҹ": "c", "һ": "h", "ј": "y",
})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_QUOTES = re.compile("[\"“”«»„‘’'`]")
_COUNTRY_PREFIX = re.compile(r"^(azərbaycan respublikasının|azərbaycan respublikası) ")


@lru_cache(maxsize=262144)
def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by '-': the form of every entity id."""
    low = az_lower(text or "").translate(_ASCII)
    low = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    out = _NON_SLUG.sub("-", low).strip("-")
    if out:
        return out
    # nothing ASCII left (a script we do not transliterate): still a stable id of the same kind
    return "x-" + hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:10]


def alias_key(text: str) -> str:
    """Azerbaijani lower case, no quotes, single spaces, no leading "Azərbaycan Respublikası(nın)"."""
    s = _QUOTES.sub("", az_lower(text or ""))
    s = " ".join(s.split())
    return _COUNTRY_PREFIX.sub("", s)


def fold(text: str) -> str:
    """The key two spellings of one organization, place, title or date share."""
    return slug(alias_key(text))


# --- people ------------------------------------------------------------------------------

_INITIAL = re.compile(r"^[A-ZÇƏĞIİÖŞÜ]\.?$")
_GLUED_INITIALS = re.compile(r"^((?:[A-ZÇƏĞIİÖŞÜ][a-zçəğıiöşü]?\.)+)(.+)$")  # "B.Hacızadə", "B.Ə.Hacızadə"
# the patronymic marker as written, or as a canonical form left it ("Əli qız" after "qızı" lost its ending)
_MARKERS = {"oğlu": "oğlu", "oğl": "oğlu", "qızı": "qızı", "qız": "qızı"}
_SURNAME_ENDINGS = ("yev", "yeva", "ev", "eva", "ov", "ova", "zadə", "zade", "lı", "li", "lu", "lü", "bəyli",
                    "xanlı", "sky", "ski", "skaya", "yan", "ko")


@dataclass(frozen=True)
class PersonName:
    given: str  # "Billurə"; "" when only initials are known
    surname: str  # "Hacızadə"; for a single word, that word
    initials: str = ""  # lower-case first letters of the given names ("b")
    patronymic: str = ""  # "Əli qızı", normalized marker; "" when not written

    @property
    def full(self) -> bool:
        return bool(self.given and self.surname)

    @property
    def display(self) -> str:
        if self.given:
            return f"{self.given} {self.surname}"
        if self.initials:
            return ".".join(az_capitalize(c) for c in self.initials) + "." + self.surname
        return self.surname

    @property
    def key(self) -> tuple[str, str]:
        """(folded given name, folded surname); given is "" for initialled and one-word names."""
        return (slug(self.given) if self.given else "", slug(self.surname))

    @property
    def initial_key(self) -> tuple[str, str] | None:
        """(first letter, folded surname): what an initialled form shares with the full name."""
        first = self.initials[:1] or (slug(self.given)[:1] if self.given else "")
        return (slug(first), slug(self.surname)) if first and self.surname else None

    @property
    def patronymic_key(self) -> str:
        return slug(self.patronymic)


@lru_cache(maxsize=1)
def _lexicon():
    from aznews.nlp import lexicon

    return frozenset(az_lower(n) for n in lexicon.given_names()), frozenset(az_lower(n) for n in lexicon.surnames())


def _surname_like(low: str) -> bool:
    return low in _lexicon()[1] or low.endswith(_SURNAME_ENDINGS)


def _given_like(low: str) -> bool:
    return low in _lexicon()[0] and not low.endswith(("yev", "ov", "ova", "yeva", "zadə"))


def _cased(word: str) -> str:
    """A name word as names are written ("HACIZADƏ" -> "Hacızadə"); mixed case stays."""
    return az_capitalize(word) if (word.isupper() or word.islower()) and len(word) > 1 else word


@lru_cache(maxsize=262144)
def parse_person(text: str) -> PersonName | None:
    """Take a person's name apart; None when there is no name in it.

    Orders read: "Ad Soyad", "Ad Ata oğlu Soyad", "Soyad Ad Ata oğlu" (decrees), "Soyad Ad"
    when the first word is a surname and the second a known given name, initials glued or
    spaced ("B.Hacızadə", "B. Ə. Hacızadə"). A third word without a patronymic marker is a
    second given name or a double surname; the first word and the last are kept.
    """
    words = []
    for w in _QUOTES.sub("", text or "").replace("\u00a0", " ").split():
        m = _GLUED_INITIALS.match(w)
        if m and not _INITIAL.match(w):
            words += [c + "." for c in m.group(1).replace(".", "")] + [m.group(2)]
        else:
            words.append(w)
    words = [w.strip(",;:()") for w in words if any(c.isalpha() for c in w)]
    if not words:
        return None
    patronymic, marker_at, tail = "", None, False
    for k, w in enumerate(words):
        low = az_lower(w)
        marker = _MARKERS.get(low) or (low[:4] if low.startswith(("oğlu", "qızı")) and len(low) <= 9 else None)
        if k >= 1 and marker:
            father = words[k - 1]
            patronymic = f"{_cased(father)} {_MARKERS[marker]}"
            marker_at, tail = k, k < len(words) - 1
            break
    if marker_at is not None:
        words = words[: marker_at - 1] + words[marker_at + 1:]
    initials = "".join(az_lower(w[0]) for w in words if _INITIAL.match(w))
    names = [_cased(w) for w in words if not _INITIAL.match(w)]
    if not names:
        return None
    if initials:
        return PersonName(given="", surname=names[-1], initials=initials, patronymic=patronymic)
    if len(names) == 1:
        return PersonName(given="", surname=names[0], patronymic=patronymic)
    first, second = az_lower(names[0]), az_lower(names[1])
    surname_first = False
    if len(names) == 2:
        if marker_at is not None and not tail:
            # "Hacızadə Billurə Əli qızı" (the official order) unless the words say otherwise
            surname_first = not (_given_like(first) and _surname_like(second) and not _given_like(second))
        else:
            surname_first = _surname_like(first) and not _given_like(first) and _given_like(second)
    if surname_first:
        given, surname = names[1], names[0]
    else:
        given, surname = names[0], names[-1]
    return PersonName(given=given, surname=surname, initials=az_lower(given[0]), patronymic=patronymic)


# --- posts ---------------------------------------------------------------------------------

# Titles that name the same post ("icra başçısı" of an executive authority is its "başçı").
TITLE_SYNONYMS = {"icra başçısı": "başçı", "icra hakimiyyətinin başçısı": "başçı", "baş həkimi": "baş həkim"}
# One holder per organization: the head of it. A title ending in one of these words is a head's
# post unless a word of it says deputy, aide or adviser ("nazir müavini", "sədr birinci müavini").
_HEAD_WORDS = ("nazir", "rektor", "başçı", "başçısı", "sədr", "sədri", "rəis", "rəisi", "müdir", "müdiri",
               "direktor", "direktoru", "prezident", "prezidenti", "səfir", "səfiri", "dekan", "dekanı",
               "komandan", "komandanı", "ombudsman", "baş həkim", "baş prokuror", "baş nazir", "baş redaktor",
               "rəhbər", "rəhbəri", "sədri", "müvəkkil")
_NOT_HEAD = ("müavin", "köməkçi", "müşavir", "məsləhətçi", "üzv", "katib", "nümayəndə", "mütəxəssis", "işçi",
             "əməkdaş", "inspektor", "deputat", "professor", "müəllim")


def title_key(title: str) -> str:
    """The key of a post's title: lower case, single spaces, synonyms mapped to one title."""
    t = " ".join(az_lower(title or "").split())
    return TITLE_SYNONYMS.get(t, t)


def single_holder(title: str) -> bool:
    """Whether the post has one holder per organization (minister, rector, head, chair, director)."""
    t = title_key(title)
    if not t or any(w in t for w in _NOT_HEAD):
        return False
    return t in _HEAD_WORDS or t.split()[-1] in _HEAD_WORDS or any(t.endswith(" " + h) for h in _HEAD_WORDS if " " in h)
