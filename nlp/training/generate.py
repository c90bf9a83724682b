"""Generate Azerbaijani NER training data from templates (see templates.py, docs/ANNOTATION.md).

    python -m aznews.nlp.training.generate --out nlp/training/work/data --train 30000 --val 3000 --seed 13

Each generated sentence is first text plus character spans; it is then tokenized with
`nlp.tokenize.tokenize` and written in Stanza's NER JSON format (a list of sentences,
each a list of {"text": token, "ner": "B-PERSON" | "I-PERSON" | ... | "O"}).

The validation split draws its people, organizations and places from pools disjoint
from the training split's (lists.pools()) and uses a different random stream.
"""
from __future__ import annotations

from aznews.nlp.dates import MONTHS as _AZ_MONTHS

import argparse
import json
import random
import re
from functools import lru_cache
from pathlib import Path

from aznews.nlp.text import az_capitalize, az_lower, az_upper
from aznews.nlp.training import lists
from aznews.nlp.training.inflect import case_after_possessive, inflect
from aznews.nlp.training.templates import TEMPLATES

LABELS = ("PERSON", "ORGANIZATION", "TITLE", "LOCATION", "DATE")
_SHORT = {"PER": "PERSON", "ORG": "ORGANIZATION", "TIT": "TITLE", "LOC": "LOCATION", "DAT": "DATE"}
_PIECE = re.compile(r"\{[^}]+\}|\[[^\]]+\]|\S+")
_NO_SPACE_BEFORE = {",", ".", ":", ";", ")", "”", "!", "?", "»"}
_NO_SPACE_AFTER = {"(", "“", "«"}

MONTHS = list(_AZ_MONTHS)
_DIGIT_WORDS = ["", "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz"]
_TEN_WORDS = ["", "on", "iyirmi", "otuz", "qırx", "əlli", "altmış", "yetmiş", "səksən", "doxsan"]

FIELDS = [
    "təhsil", "elm və təhsil", "səhiyyə", "xarici işlər", "daxili işlər", "ədliyyə", "maliyyə", "iqtisadiyyat",
    "energetika", "kənd təsərrüfatı", "mədəniyyət", "gənclər və idman", "ekologiya və təbii sərvətlər",
    "fövqəladə hallar", "rəqəmsal inkişaf və nəqliyyat", "müdafiə", "vergilər", "əmək və əhalinin sosial müdafiəsi",
]
_FIELD_POSTS = ["naziri", "nazirinin müavini", "nazirinin birinci müavini", "nazirinin müşaviri",
                "nazirinin köməkçisi", "nazirinin mətbuat katibi"]
_CHAIN_POSTS = [
    "nazirin müavini", "nazirin birinci müavini", "nazirin müşaviri", "nazirin köməkçisi", "sədrin müavini",
    "sədrin birinci müavini", "rektorun müşaviri", "rektorun köməkçisi", "icra başçısının müavini",
    "Prezidentin köməkçisi", "Prezidentin müşaviri", "Prezidentin köməkçisi", "Baş nazirin müavini",
    "Baş nazirin birinci müavini", "nazir müavini", "sektor müdiri", "şöbə müdirinin müavini",
    "baş direktorun müavini", "idarə heyəti sədrinin müavini", "Prezidentin xüsusi nümayəndəsi",
    "Prezidentin mətbuat katibi", "baş katibin müavini",
]
CONTENT_PHRASES = [
    "kommunikasiya işinin effektiv təşkili", "layihələrarası əməkdaşlığın təşviqi", "birgə işin genişləndirilməsi",
    "əlaqələrin gücləndirilməsinə", "sosial mediadan istifadənin artırılması", "vətəndaş məmnunluğunun yüksəldilməsi",
    "informasiyaya əlçatanlığın təmin edilməsi", "qərarların ictimaiyyətə çatdırılması", "kadr hazırlığı",
    "rəqəmsal transformasiya", "ərzaq təhlükəsizliyi", "iqlim dəyişikliyi", "enerji səmərəliliyi",
    "kommunikasiya sənədinin hazırlanması", "təhsilin keyfiyyətinin artırılması", "müəllimlərin peşəkar inkişafı",
    "media resurslarından istifadə imkanları", "ictimai nəzarətin gücləndirilməsi", "şəffaflığın artırılması",
    "elektron xidmətlərin genişləndirilməsi", "sahibkarlığın inkişafı", "investisiya mühitinin yaxşılaşdırılması",
    "ixracın təşviqi", "kənd təsərrüfatının modernləşdirilməsi", "su ehtiyatlarının səmərəli idarə olunması",
    "yol infrastrukturunun yenilənməsi", "sosial müdafiə tədbirləri", "gənclərin məşğulluğu",
    "inklüziv təhsil", "səhiyyə xidmətlərinin keyfiyyəti", "tibbi sığorta", "korrupsiyaya qarşı mübarizə",
    "insan hüquqlarının müdafiəsi", "mədəni irsin qorunması", "turizmin inkişafı", "ekoloji vəziyyət",
    "tullantıların idarə edilməsi", "bərpa olunan enerji", "kibertəhlükəsizlik", "süni intellekt",
    "məlumatların qorunması", "beynəlxalq əməkdaşlıq", "regional inkişaf", "strateji tərəfdaşlıq",
    "fəaliyyətin qənaətbəxş qiymətləndirilməsi", "yeniliklərin məqsəd və əhəmiyyəti", "operativ məlumatlandırma",
    "əməkdaşların motivasiyası", "daxili nəzarət sistemi", "büdcə vəsaitlərinin xərclənməsi",
    "vergi inzibatçılığı", "gömrük prosedurlarının sadələşdirilməsi", "nəqliyyat dəhlizi", "logistika xidmətləri",
    "tikinti işlərinin keyfiyyəti", "mənzil təminatı", "əhalinin sağlamlığı", "uşaqların hüquqları",
    "qadınların iqtisadi fəallığı", "idman infrastrukturu", "kitabxana fondunun zənginləşdirilməsi",
]
STARTERS = ["Mən", "Sən", "O", "Biz", "Siz", "Onlar", "Bu", "Həmin", "Nə", "Həmçinin", "Eyni zamanda", "Daha sonra",
            "Sonra", "Bundan əlavə ,", "Bildirilir ki ,", "Məlumata görə ,", "Qeyd edək ki ,", "Xatırladaq ki ,",
            "Onun sözlərinə görə ,", "Deyəsən", "Artıq", "Hazırda", "Bununla yanaşı ,", "Ötən həftə", "Bu gün",
            "Dünən", "Sabah", "Əslində", "Yəni", "Amma", "Lakin", "Çünki", "Əgər", "Məsələn ,"]
PLATFORMS = ["Facebook", "Instagram", "Twitter", "Telegram", "YouTube", "Youtube", "LinkedIn", "Linkedin", "TikTok",
             "WhatsApp", "X"]
SITES = ["bayraqdar.info", "Report.az", "Oxu.az", "Qafqazinfo.az", "Modern.az", "Musavat.com", "Sia.az",
         "Axar.az", "Apa.az", "Trend.az", "Azertag.az", "Publika.az", "Milli.az", "Qaynarinfo.az", "Xeberler.az",
         "bayraqdar.info-ya", "Report.az-a", "Oxu.az-a"]
_COMPANY_WORDS = ["Tikinti", "İnşaat", "Texnologiyalar", "Logistika", "Aqro", "Servis", "Holdinq", "Energy",
                  "Trans", "Media", "Pharma", "Group", "Ticarət", "Konsaltinq", "Enerji", "Sığorta", "Kapital"]
_UNIT_HEADS = [("Təhsil", "İdarə"), ("Təhsil", "Şöbə"), ("Mərkəzi", "Xəstəxana"), ("Mədəniyyət", "Şöbə"),
               ("Gənclər və İdman", "İdarə"), ("Mədəniyyət və Turizm", "İdarə"), ("Polis", "Şöbə"),
               ("Vergi", "İdarə"), ("Məşğulluq", "Mərkəz")]


# --- numbers and dates --------------------------------------------------------

def _number_word_last(n: int) -> str:
    """The last word of a number read aloud: 16 -> "altı", 2020 -> "iyirmi", 2000 -> "min"."""
    if n % 10:
        return _DIGIT_WORDS[n % 10]
    if n % 100:
        return _TEN_WORDS[(n % 100) // 10]
    if n % 1000:
        return "yüz"
    return "min"


def num_suffix(n: int, kind: str) -> str:
    """"16-da", "2021-ci", "20-dən", "3-cü"."""
    w = _number_word_last(n)
    v = [c for c in w if c in "aıoueəiöü"][-1]
    back = v in "aıou"
    four = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}[v]
    if kind == "ord":
        return f"{n}-c{four}"
    if kind == "loc":
        return f"{n}-d{'a' if back else 'ə'}"
    if kind == "abl":
        return f"{n}-d{'a' if back else 'ə'}n"
    if kind == "until":
        return f"{n}-dək"
    raise ValueError(kind)


class Builder:
    """Concatenates pieces with natural spacing and records entity spans."""

    def __init__(self):
        self.text = ""
        self.spans: list[tuple[int, int, str]] = []

    def add(self, piece: str, label: str | None = None):
        if self.text and piece[0] not in _NO_SPACE_BEFORE and self.text[-1] not in _NO_SPACE_AFTER:
            self.text += " "
        start = len(self.text)
        self.text += piece
        if label:
            self.spans.append((start, len(self.text), label))


@lru_cache(maxsize=None)
def name_like_words() -> tuple[str, ...]:
    """Common lower-case words that are also given names ("ümid", "azad", "vətən")."""
    given, _ = lists.name_list()
    names = {az_lower(g) for g in given}
    out = []
    path = lists.DATA / "az-word-frequency-80k.txt"
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if i >= 15000:
            break
        w = line.split(" ")[0]
        if w in names and len(w) > 3:
            out.append(w)
    return tuple(out)


class Generator:
    def __init__(self, split: str, seed: int):
        self.split = split
        self.rng = random.Random(f"{split}:{seed}")
        self.pool = lists.pools()[split]
        self.titles, self.titles_upper = lists.titles()
        self.titles_after_gen = [t for t in self.titles if "nazir" not in t.name and t.name not in ("prezident",)]
        self.suborgs = lists.suborgs()
        self.nw = name_like_words()
        by_cat: dict[str, list] = {}
        for o in self.pool.orgs:
            by_cat.setdefault(o.category, []).append(o)
        self.by_cat = by_cat

    # --- people
    def _given(self, female: bool) -> str:
        r = self.rng
        if r.random() < 0.65:
            return r.choice(self.pool.female if female else self.pool.male)
        return r.choice(self.pool.given_any)

    def _surname(self, female: bool) -> str:
        s = self.rng.choice(self.pool.common_surnames if self.rng.random() < 0.35 else self.pool.surnames)
        if female and s.endswith(("ov", "ev")):
            s += "a"
        if female and s.endswith("oğlu"):
            s = s[:-4] + "qızı"
        return s

    def _foreign(self) -> tuple[str, str]:
        r = self.rng
        fam = r.choice(["ru", "ru", "en", "en", "tr", "tr", "ge", "other"])
        f = self.pool.foreign
        if fam in ("ge", "other"):
            return r.choice(f[fam + "-first"]), r.choice(f[fam + "-sur"])
        female = r.random() < 0.3
        given = r.choice(f[f"{fam}-{'f' if female else 'm'}"])
        sur = r.choice(f[f"{fam}-sur"])
        if fam == "ru" and female and sur.endswith(("ov", "ev", "in")):
            sur += "a"
        return given, sur

    def person(self, kind: str, case: str) -> str:
        r = self.rng
        if kind == "PX":
            kind = r.choices(["P", "PI", "PF"], [70, 15, 15])[0]
        if kind == "PF":
            given, sur = self._foreign()
            words = [given, sur] if r.random() < 0.85 else [sur]
        else:
            female = r.random() < 0.4
            given, sur = self._given(female), self._surname(female)
            if kind == "GN":
                words = [given]
            elif kind == "PS":
                words = [sur]
            elif kind == "PI":
                ini = az_upper(given[0]) + "."
                if r.random() < 0.1:
                    ini += az_upper(self._given(False)[0]) + "."
                words = [ini + sur] if r.random() < 0.8 else [ini, sur]
            else:
                x = r.random()
                if x < 0.08:
                    father = r.choice(self.pool.male)
                    words = [given, father, "qızı" if female else "oğlu", sur]
                elif x < 0.11:
                    words = [sur, given]  # official lists: "Hacızadə Billurə"
                else:
                    words = [given, sur]
        words[-1] = inflect(words[-1], case)
        return " ".join(words)

    # --- organizations
    def _synth_org(self) -> lists.Org:
        r = self.rng
        x = r.random()
        if x < 0.35:
            base = r.choice([az_capitalize(w) for w in self.nw] or ["Şəfa"]) if r.random() < 0.5 else r.choice(self.pool.places)
            words = [base] + ([r.choice(_COMPANY_WORDS)] if r.random() < 0.7 else []) + [r.choice(["MMC", "ASC", "QSC"])]
            return lists.Org(tuple(" ".join(words).split()), False, "company")
        if x < 0.6:
            place = r.choice(self.pool.districts + self.pool.places)
            field, head = r.choice(_UNIT_HEADS)
            mid = r.choice(["Rayon", "Şəhər"])
            if head == "Xəstəxana":
                return lists.Org(tuple(f"{place} {mid} Mərkəzi Xəstəxana".split()), True, "local")
            return lists.Org(tuple(f"{place} {mid} {field} {head}".split()), True, "local")
        if x < 0.75:
            return lists.Org(tuple(f"{r.choice(self.pool.districts)} Rayon İcra Hakimiyyət".split()), True, "local")
        if x < 0.88:
            given, sur = self._given(False), self._surname(False)
            head = r.choice(["Ədəbiyyat İnstitut", "Dövlət Musiqi Akademiya", "Mədəniyyət Mərkəz", "Ev-Muzey",
                             "Dövlət Dram Teatr", "Tam Orta Məktəb", "Fond"])
            return lists.Org(tuple(f"{given} {sur} adına {head}".split()), True, "culture")
        place = r.choice(self.pool.places)
        head = r.choice(["Dövlət Universitet", "Regional Təhsil Mərkəz", "Dövlət Dram Teatr", "Olimpiya İdman Kompleks"])
        return lists.Org(tuple(f"{place} {head}".split()), True, "univ")

    def org(self, kind: str, case: str) -> str:
        r = self.rng
        cats = {
            "OM": ["ministry"], "OC": ["company"], "OU": ["univ", "science"], "OI": ["intl"], "OL": ["local"],
            "OA": ["agency", "state", "court", "media"],
        }.get(kind)
        if kind == "ON":
            return inflect("Nazirlik", case)
        if kind == "OSUB":
            o = r.choice(self.suborgs)
        elif cats is None or (kind in ("OC", "OL", "OU") and r.random() < 0.5) or (kind == "O" and r.random() < 0.3):
            if cats is None:
                o = r.choice(self.pool.orgs) if r.random() < 0.7 else self._synth_org()
            else:
                o = self._synth_org()
                for _ in range(20):
                    if o.category in cats:
                        break
                    o = self._synth_org()
        else:
            cand = [o for c in cats for o in self.by_cat.get(c, [])]
            o = r.choice(cand) if cand else r.choice(self.pool.orgs)
        words = list(o.words)
        words[-1] = inflect(words[-1], case, o.possessive)
        name = " ".join(words)
        if o.category in ("ministry", "agency", "state") and kind != "OSUB" and r.random() < 0.12:
            name = "Azərbaycan Respublikasının " + name
        return name

    # --- posts
    def title(self, kind: str, case: str, poss: bool) -> str:
        r = self.rng
        if kind == "TF":
            text = f"{r.choice(FIELDS)} {r.choice(_FIELD_POSTS)}"
            return text if case == "nom" else _case_on_last(text, case, True)
        if kind == "TC":
            text = r.choice(_CHAIN_POSTS)
            return text if case == "nom" else _case_on_last(text, case, True)
        if kind == "TU":
            t = r.choice(self.titles_upper)
            words = t.split()
            words[-1] = inflect(words[-1], case)
            return " ".join(words)
        t = r.choice(self.titles_after_gen if poss else self.titles)
        words = list(t.words)
        if poss and t.takes_possessive:
            words[-1] = inflect(words[-1], case, True)
        elif not t.takes_possessive:  # compound post already ending in a possessive
            words[-1] = case_after_possessive(words[-1], case)
        else:
            words[-1] = inflect(words[-1], case)
        if r.random() < 0.04:
            words = [az_upper(w) if i == 0 else w for i, w in enumerate(words)][:0] + [az_capitalize(words[0])] + words[1:]
        return " ".join(words)

    # --- places
    def place(self, kind: str, case: str) -> str:
        r = self.rng
        p = self.pool
        if kind == "LC":
            name = "Azərbaycan" if r.random() < 0.25 else r.choice(p.countries)
        elif kind == "LD":
            name = r.choice(p.districts)
        elif kind == "LV":
            name = r.choice(p.villages)
        else:
            name = r.choices([r.choice(p.places), r.choice(p.districts), r.choice(p.villages), r.choice(p.countries)],
                             [60, 20, 5, 15])[0]
        words = name.split()
        words[-1] = inflect(words[-1], case)
        return " ".join(words)

    # --- dates
    def date(self, b: Builder, kind: str):
        r = self.rng
        year = r.randint(1995, 2026)
        month = r.randrange(12)
        day = r.randint(1, 28)
        m = MONTHS[month]
        cap = r.random() < 0.35
        M = az_capitalize(m) if cap else m
        if kind == "Y":
            form = r.randrange(5)
            if form == 0:
                b.add(f"{num_suffix(year, 'ord')} ildə", "DATE")
            elif form == 1:
                b.add(f"{num_suffix(year, 'ord')} təqvim ilində", "DATE")
            elif form == 2:
                b.add(f"{num_suffix(year, 'ord')} ilin {m} ayında", "DATE")
            elif form == 3:
                y2 = year + r.randint(1, 5)
                b.add(f"{year}-{num_suffix(y2, 'ord')} illərdə", "DATE")
            else:
                b.add(f"{num_suffix(year, 'ord')} ilin {r.choice(['birinci', 'ikinci'])} yarısında", "DATE")
            return
        if kind == "DS":
            b.add(f"{day} {az_capitalize(m)} {year}", "DATE")
            b.add(f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}")
            return
        form = r.randrange(11)
        if form == 0:
            b.add(f"{M}{_month_gen(m)} {num_suffix(day, 'loc')}", "DATE")
        elif form == 1:
            b.add(f"{day} {m} {num_suffix(year, 'ord')} il", "DATE")
            b.add("tarixində")
        elif form == 2:
            b.add(f"{day} {inflect(m, 'loc')}", "DATE")
        elif form == 3:
            b.add(f"{day:02d}.{month + 1:02d}.{year}", "DATE")
            if r.random() < 0.5:
                b.add("tarixində")
        elif form == 4:
            b.add(f"{day} {M} {year}", "DATE")
            b.add(r.choice(["tarixində", "-cü il tarixində"])[0:0] + "tarixində")
        elif form == 5:
            b.add(f"{day}-{day + 1} {m}", "DATE")
            b.add("tarixlərində")
        elif form == 6:
            b.add(f"{m} ayının {num_suffix(day, 'loc')}", "DATE")
        elif form == 7:
            b.add(f"{num_suffix(year, 'ord')} ilin {day} {inflect(m, 'loc')}", "DATE")
        elif form == 8:
            b.add(f"{M}{_month_gen(m)} {num_suffix(day, 'abl')}", "DATE")
            b.add("etibarən")
        elif form == 9:
            b.add(f"{day} {m} {num_suffix(year, 'ord')} ildə", "DATE")
        else:
            b.add(f"{inflect(m, 'loc')}", "DATE") if r.random() < 0.5 else b.add(f"{m} ayında", "DATE")

    def number(self) -> str:
        r = self.rng
        x = r.randrange(6)
        if x == 0:
            return f"{r.randint(1, 999)} min {r.randint(1, 999)}"
        if x == 1:
            return str(r.randint(2, 99))
        if x == 2:
            return f"{r.randint(1, 99)},{r.randint(1, 9)} milyon"
        if x == 3:
            return f"{r.randint(1, 999)} min"
        if x == 4:
            return f"{r.randint(1, 9)}.{r.randint(100, 999)}"
        return str(r.randint(100, 9999))

    # --- one sentence
    def noise_words(self) -> str:
        """1-3 frequent lower-case words that are not names or places (no entity)."""
        r = self.rng
        return " ".join(r.choice(_plain_words()) for _ in range(r.randint(1, 3)))

    def sentence(self, template: str) -> dict:
        b = Builder()
        pieces = _PIECE.findall(template)
        noise_at = -1
        if len(pieces) > 4 and self.rng.random() < 0.25:
            # plain words before a literal word in the second half: the model must not
            # take unknown lower-case words for entities
            cands = [i for i in range(len(pieces) // 2, len(pieces)) if not pieces[i].startswith(("{", "[")) and pieces[i][0].isalpha()]
            if cands:
                noise_at = self.rng.choice(cands)
        if pieces and pieces[0].startswith("{") and self.rng.random() < 0.2:
            # a capitalized non-entity before the first slot: sentence-initial capitals are not entities
            r = self.rng
            for w in (r.choice(STARTERS) if r.random() < 0.5 else az_capitalize(r.choice(_plain_words()))).split():
                b.add(w)
        for i, piece in enumerate(pieces):
            if i == noise_at:
                b.add(self.noise_words())
            if piece.startswith("{"):
                self.fill(b, piece[1:-1])
            elif piece.startswith("[") and "|" in piece:
                text, _, lab = piece[1:-1].rpartition("|")
                b.add(text, _SHORT[lab])
            else:
                b.add(piece)
        text = b.text
        if text and text[0].islower():
            text = az_upper(text[0]) + text[1:]
        return {"text": text, "spans": b.spans}

    def fill(self, b: Builder, slot: str):
        kind, _, case = slot.partition(".")
        poss = case.startswith("p")
        if poss:
            case = case[1:]
        case = case or "nom"
        if kind in ("P", "PI", "PS", "PF", "PX", "GN"):
            b.add(self.person(kind, case), "PERSON")
        elif kind in ("O", "OM", "OC", "OU", "OA", "OI", "OL", "OSUB", "ON"):
            b.add(self.org(kind, case), "ORGANIZATION")
        elif kind in ("T", "TF", "TC", "TU"):
            b.add(self.title(kind, case, poss), "TITLE")
        elif kind in ("L", "LC", "LD", "LV"):
            b.add(self.place(kind, case), "LOCATION")
        elif kind in ("D", "Y", "DS"):
            self.date(b, kind)
        elif kind == "N":
            b.add(self.number())
        elif kind == "CP":
            b.add(self.rng.choice(CONTENT_PHRASES))
        elif kind == "PW":
            w = self.rng.choice(_plain_words())
            b.add(az_capitalize(w) if case == "cap" else w)
        elif kind == "PLAT":
            w = self.rng.choice(PLATFORMS)
            b.add(w if case == "nom" or w == "X" else inflect(w, case))
        elif kind == "SITE":
            b.add(self.rng.choice(SITES))
        elif kind == "NW":
            w = self.rng.choice(self.nw)
            b.add(az_capitalize(w) if case == "cap" else w)
        else:
            raise ValueError(f"unknown slot {slot!r}")


@lru_cache(maxsize=None)
def _plain_words() -> tuple[str, ...]:
    """Frequent lower-case words that are not given names, surnames or places."""
    from aznews.nlp.training.vectors import _lexicon_sets, frequency_list

    given, sur, post, _heads, places = _lexicon_sets()
    skip = given | sur | places | post | {az_lower(m) for m in MONTHS} | {"robert", "con", "mark"}
    def inflected_entity(w: str) -> bool:  # "iraqda", "əliyevin": a known name or place plus an ending
        return any(w[:k] in skip for k in range(max(3, len(w) - 5), len(w) + 1))

    return tuple(w for w, _ in frequency_list(6000) if w.isalpha() and len(w) > 2 and not inflected_entity(w))


def _month_gen(m: str) -> str:
    return inflect(m, "gen")[len(m):]


def _case_on_last(text: str, case: str, after_possessive: bool) -> str:
    words = text.split(" ")
    words[-1] = case_after_possessive(words[-1], case) if after_possessive else inflect(words[-1], case)
    return " ".join(words)


# --- tokens and tags ------------------------------------------------------------

def _tokenize(text: str) -> list[tuple[str, int, int]]:
    from aznews.nlp.tokenize import tokenize

    return [t for sent in tokenize(text, ssplit=False) for t in sent]


def to_tokens(example: dict) -> list[dict] | None:
    """Stanza NER tokens with BIO tags, or None when a span does not fall on token boundaries."""
    toks = _tokenize(example["text"])
    tags = ["O"] * len(toks)
    for s, e, lab in example["spans"]:
        inside = [i for i, (_, ts, te) in enumerate(toks) if ts >= s and te <= e]
        cover = "".join(example["text"][toks[i][1]:toks[i][2]] for i in inside)
        if not inside or toks[inside[0]][1] != s or toks[inside[-1]][2] != e:
            return None
        if any(tags[i] != "O" for i in inside):
            return None
        del cover
        tags[inside[0]] = "B-" + lab
        for i in inside[1:]:
            tags[i] = "I-" + lab
    return [{"text": t, "ner": tag} for (t, _, _), tag in zip(toks, tags)]


def generate(split: str, n: int, seed: int = 13) -> list[dict]:
    """n examples ({"text", "spans", "tokens"}) of one split ("train" or "val")."""
    g = Generator(split, seed)
    out = []
    misaligned = 0
    while len(out) < n:
        ex = g.sentence(g.rng.choice(TEMPLATES))
        if g.rng.random() < 0.08:  # two sentences as one example: sentence splits are not perfect
            ex2 = g.sentence(g.rng.choice(TEMPLATES))
            off = len(ex["text"]) + 1
            ex = {"text": ex["text"] + " " + ex2["text"],
                  "spans": ex["spans"] + [(s + off, e + off, lab) for s, e, lab in ex2["spans"]]}
        toks = to_tokens(ex)
        if toks is None:
            misaligned += 1
            if misaligned > max(50, n // 20):
                raise RuntimeError(f"too many spans off token boundaries, last: {ex}")
            continue
        ex["tokens"] = toks
        out.append(ex)
    return out


def write_split(examples: list[dict], path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([ex["tokens"] for ex in examples], ensure_ascii=False), encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="nlp/training/work/data")
    ap.add_argument("--train", type=int, default=30000)
    ap.add_argument("--val", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=0, help="print this many training examples")
    a = ap.parse_args(argv)
    tr = generate("train", a.train, a.seed)
    va = generate("val", a.val, a.seed)
    out = Path(a.out)
    write_split(tr, out / "train.json")
    write_split(va, out / "val.json")
    for ex in tr[: a.show]:
        print(ex["text"])
        print("   ", [(ex["text"][s:e], lab) for s, e, lab in ex["spans"]])
    print(f"wrote {len(tr)} train and {len(va)} validation sentences to {out}")


if __name__ == "__main__":
    main()
