"""Slot fillers for the training-data generator: names, organizations, posts, places.

Every list is split deterministically into a training part and a validation part
(by a hash of the entry), so the generated validation split uses people,
organizations and places the model never saw in training.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from aznews.nlp.training.inflect import possessive3

DATA = Path(__file__).resolve().parent / "data"

# Surname forms in the name list: -ov/-ev/-ova/-eva, -zadə, -li/-lı/-lu/-lü, -oğlu/-qızı, -bəyli.
_SURNAME = re.compile(r"(?:ov|ev|ova|eva|zadə|li|lı|lu|lü|oğlu|qızı|yev|yeva|bəyli|ski|skaya)$")


def _bucket(text: str, salt: str) -> int:
    return int(hashlib.md5((salt + "|" + text).encode("utf-8")).hexdigest()[:8], 16) % 100


def split_pool(items, salt: str, val_percent: int = 20) -> tuple[list, list]:
    """Deterministic (train, validation) split of a list by a hash of each entry."""
    train, val = [], []
    for it in items:
        key = it if isinstance(it, str) else it[0]
        (val if _bucket(key, salt) < val_percent else train).append(it)
    return train, val


def _read_lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@dataclass(frozen=True)
class Org:
    words: tuple[str, ...]  # stem form: the last word without its possessive ending
    possessive: bool  # the last word takes the 3rd-person possessive ("Nazirlik" -> "Nazirliyi")
    category: str = ""

    @property
    def name(self) -> str:
        if self.possessive:
            return " ".join(self.words[:-1] + (possessive3(self.words[-1]),))
        return " ".join(self.words)


def _parse_org(line: str) -> Org:
    name, _, cat = line.partition("\t")
    name = name.strip()
    poss = name.endswith("+")
    return Org(tuple(name.rstrip("+").split()), poss, cat.strip())


@dataclass(frozen=True)
class Title:
    words: tuple[str, ...]
    takes_possessive: bool  # "müdir+" -> "müdiri" after an organization's genitive

    @property
    def name(self) -> str:
        return " ".join(self.words)


@dataclass
class Pools:
    male: list[str] = field(default_factory=list)
    female: list[str] = field(default_factory=list)
    given_any: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)  # masculine / neutral form
    common_surnames: list[str] = field(default_factory=list)  # frequent real surnames (faker)
    foreign: dict[str, list[str]] = field(default_factory=dict)
    orgs: list[Org] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)


@lru_cache(maxsize=None)
def name_list() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(given names, surnames) from the MIT name list."""
    given, sur = [], []
    for line in (DATA / "az-given-and-surnames.csv").read_text(encoding="utf-8").splitlines()[1:]:
        w = line.strip()
        if not w or not w[0].isupper():
            continue
        (sur if _SURNAME.search(w) else given).append(w)
    return tuple(given), tuple(sur)


def foreign_name_lines() -> list[str]:
    from aznews.nlp.lexicon import foreign_name_lines as lines  # one list for the rules and the templates

    return lines()


def _foreign() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    section = None
    for line in foreign_name_lines():
        if line.startswith("["):
            section = line.strip("[]")
            out.setdefault(section, [])
        elif section:
            out[section].extend(line.split())
    # "Fon der Lyayen" is written as three words on the line; keep it as one surname
    if "en-sur" in out:
        s = out["en-sur"]
        if "Fon" in s:
            i = s.index("Fon")
            s[i : i + 3] = ["Fon der Lyayen"]
    return out


LEXICON = DATA.parent.parent / "lexicon"


def _org_from_nominative(name: str, category: str, izafet: dict[str, str]) -> Org | None:
    """Org from a nominative name, recognizing a possessive head ("... Nazirliyi")."""
    words = name.split()
    if not words or any(not w[0].isalnum() for w in words):
        return None
    last = words[-1]
    if last in izafet and izafet[last] != last:
        return Org(tuple(words[:-1] + [izafet[last]]), True, category)
    return Org(tuple(words), False, category)


_LEX_KIND = {
    "ministry": "ministry", "state_committee": "agency", "service": "agency", "agency": "agency", "fund": "agency",
    "central_bank": "agency", "commission": "state", "audit": "state", "ombudsman": "state", "council": "state",
    "cabinet": "state", "parliament": "state", "presidential_office": "state", "court": "court",
    "prosecution": "court", "state_company": "company", "university": "univ", "academy": "science",
    "local_executive": "local", "media": "media",
}


@lru_cache(maxsize=None)
def lexicon_extras() -> dict[str, list]:
    """Organizations, posts and places from nlp/lexicon/ (the lexicon helper's lists), when present.

    Used in addition to this package's own lists; any problem reading them leaves them out.
    """
    out: dict[str, list] = {"orgs": [], "titles": [], "places": []}
    try:
        izafet = {}
        for line in (LEXICON / "org-heads.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                nom, iz = line.split("\t")[:2]
                if " " not in nom:
                    izafet[iz.strip()] = nom.strip()
        import yaml

        bodies = yaml.safe_load((LEXICON / "government-bodies.yaml").read_text(encoding="utf-8"))["bodies"]
        for b in bodies:
            cat = _LEX_KIND.get(b.get("kind", ""), "agency")
            for name in [b["name"]] + [a for a in b.get("aliases") or [] if len(a.split()) > 1]:
                o = _org_from_nominative(name, cat, izafet)
                if o:
                    out["orgs"].append(o)
    except Exception:
        out["orgs"] = []
    try:
        for line in (LEXICON / "titles.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                out["titles"].append(line.split("\t")[0].strip())
    except Exception:
        out["titles"] = []
    try:
        for line in (LEXICON / "locations.tsv").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, _, kind = line.partition("\t")
                if kind.strip() != "az_village" or _bucket(name, "lv") < 30:
                    out["places"].append(name.strip())
    except Exception:
        out["places"] = []
    return out


@lru_cache(maxsize=None)
def pools() -> dict[str, Pools]:
    """{"train": Pools, "val": Pools}: disjoint samples of every open class."""
    fk = json.loads((DATA / "faker_az.json").read_text(encoding="utf-8"))
    given, sur = name_list()
    female_set = {x.strip() for x in fk["first_names_female"]}
    male = sorted({x.strip() for x in fk["first_names_male"]} - female_set)
    female = sorted(female_set)
    # surnames: faker's masculine forms, the name list's surname forms (feminine -ova/-eva dropped,
    # they are derived)
    surnames = sorted({s for s in sur if not s.endswith(("ova", "eva", "qızı"))})
    common_surnames = sorted({s.strip() for s in fk["last_names_male"]})
    given_any = sorted(set(given) - set(male) - set(female))
    extra = lexicon_extras()
    orgs = [_parse_org(l) for l in _read_lines("organizations.txt")]
    known = {o.name for o in orgs}
    for o in extra["orgs"]:
        if o.name not in known:
            known.add(o.name)
            orgs.append(o)
    places = sorted(set(_read_lines("places.txt")) | set(fk["cities"]) | {p for p in extra["places"] if not p[0].isdigit() and (len(p.split()) == 1 or (len(p.split()) == 2 and p.split()[1][0].isupper()))})
    countries = [c for c in fk["countries"] if len(c.split()) <= 2 and c != "Azərbaycan"]
    districts = fk["districts"]
    villages = [v for v in fk["villages"] if " " not in v]
    foreign = _foreign()

    out = {"train": Pools(), "val": Pools()}
    for attr, items, salt in [
        ("male", male, "m"),
        ("female", female, "f"),
        ("given_any", given_any, "g"),
        ("surnames", surnames, "s"),
        ("common_surnames", common_surnames, "s"),
        ("orgs", [(o.name, o) for o in orgs], "o"),
        ("places", places, "p"),
        ("countries", countries, "c"),
        ("districts", districts, "d"),
        ("villages", villages, "v"),
    ]:
        tr, va = split_pool(items, salt)
        if attr == "orgs":
            tr, va = [o for _, o in tr], [o for _, o in va]
        setattr(out["train"], attr, tr)
        setattr(out["val"], attr, va)
    for key, items in foreign.items():
        tr, va = split_pool(items, "x" + key, 25)
        out["train"].foreign[key] = tr or items
        out["val"].foreign[key] = va or items
    return out


@lru_cache(maxsize=None)
def titles() -> tuple[list[Title], list[str]]:
    """(lower-case posts, capitalized posts). Closed classes: shared by both splits."""
    low = []
    for line in _read_lines("titles.txt"):
        poss = line.endswith("+")
        low.append(Title(tuple(line.rstrip("+").split()), poss))
    # posts from the lexicon: a last word that is the possessive of a post word ("müavini",
    # "başçısı") marks an izafət compound that stays as it is after a genitive
    post_words = {w for t in low for w in t.words} | {"üzv", "rəhbər", "başçı", "müdir", "müavin", "sədr", "rəis", "əvəz"}
    poss_forms = {possessive3(w) for w in post_words}
    have = {t.name for t in low}
    for name in lexicon_extras()["titles"]:
        words = tuple(name.split())
        if name in have or not words or words[0][0].isupper() or "nazir" in name:
            continue
        compound = len(words) > 1 and words[-1] in poss_forms
        low.append(Title(words, not compound))
        have.add(name)
    return low, _read_lines("titles_upper.txt")


@lru_cache(maxsize=None)
def suborgs() -> list[Org]:
    return [_parse_org(l) for l in _read_lines("suborgs.txt")]
