"""The demo news site: a small WordPress emulator in the markup of the "Mission News"
theme (Compete Themes), the theme bayraqdar.info uses.

`aznews demo`, the crawler tests and the crawl benchmarks serve it on 127.0.0.1 and
crawl it with the same spider that crawls bayraqdar.info. It has no dependencies
beyond the standard library: a `ThreadingHTTPServer` in a daemon thread.

    from aznews.pipelines.demo.site import load_posts, generate_posts, serve
    with serve(load_posts()) as site:          # bundled posts (data/demo_site/posts)
        print(site.url)                        # http://127.0.0.1:54321
        site.modify(2714, body=["New text."])  # change a post between two crawls
        site.count("/wp-json/")                # requests seen so far

    python -m aznews.pipelines.demo.site --port 8000 --posts 1000   # by hand

Routes (all dates in Baku time, +04:00, as WordPress shows them):

    /  /page/N/                      home page: latest posts, 10 a page
    /YYYY/MM/DD/slug/                article (permalink); without the slash: 301
    /?p=ID                           301 to the permalink (the RSS guid)
    /?s=WORDS                        search results page
    /tag/SLUG/  /category/SLUG/  /author/SLUG/   archive pages (+ page/N/)
    /feed/  (?paged=N)               RSS 2.0, 10 items a page
    /wp-json/                        REST index
    /wp-json/wp/v2/posts             page, per_page (1..100), after, before,
                                     modified_after, modified_before, orderby, order,
                                     categories, tags, include, slug, search,
                                     _embed, _fields; X-WP-Total, X-WP-TotalPages, Link
    /wp-json/wp/v2/posts/ID
    /wp-json/wp/v2/categories, /tags, /users  (+ /ID)
    /?rest_route=/wp/v2/...          the same without pretty permalinks
    /robots.txt  /sitemap_index.xml (/sitemap.xml: 301)  /post-sitemap.xml
    /post-sitemapN.xml  /category-sitemap.xml  /post_tag-sitemap.xml  /news-sitemap.xml
    anything else                    404
"""
from __future__ import annotations

import argparse
import email.utils
import html
import json
import math
import random
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from aznews.nlp.text import az_lower, az_upper

BAKU = timezone(timedelta(hours=4))
UTC = timezone.utc
from aznews.data import DEMO_SITE_DIR  # noqa: E402  (bundled posts and the seed page)

SITE_NAME = "Bayraqdar"
SITE_DESCRIPTION = "Dövlət qurumlarından xəbərlər və press-relizlər"
WP_VERSION = "6.4.2"
PER_PAGE = 10  # posts per HTML listing page and per RSS page (WordPress defaults)
SITEMAP_SIZE = 1000  # Yoast splits post sitemaps at 1,000 URLs
NEWS_SITEMAP_SIZE = 1000  # Google News sitemaps hold at most 1,000 URLs

AZ_MONTHS = ["Yanvar", "Fevral", "Mart", "Aprel", "May", "İyun", "İyul", "Avqust",
             "Sentyabr", "Oktyabr", "Noyabr", "Dekabr"]

_TRANSLIT = str.maketrans({
    "ə": "e", "ı": "i", "ö": "o", "ü": "u", "ğ": "g", "ş": "s", "ç": "c",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
})


class _Server(ThreadingHTTPServer):
    # The standard backlog of 5 drops connections when a crawler opens more at once.
    request_queue_size = 128


def slugify(text: str) -> str:
    """ASCII slug the way the site makes them: "Təhsil Nazirliyi" -> "tehsil-nazirliyi"."""
    s = az_lower(text).translate(_TRANSLIT)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "post"


def az_date(dt: datetime) -> str:
    """"17 Dekabr 2021", the site's date format."""
    dt = dt.astimezone(BAKU)
    return f"{dt.day} {AZ_MONTHS[dt.month - 1]} {dt.year}"


def az_datetime(dt: datetime) -> str:
    """"17 Dekabr 2021 11:15"."""
    dt = dt.astimezone(BAKU)
    return f"{az_date(dt)} {dt:%H:%M}"


def iso(dt: datetime) -> str:
    """"2021-12-17T11:15:00+04:00"."""
    return dt.astimezone(BAKU).isoformat(timespec="seconds")


def _wp_local(dt: datetime) -> str:
    return dt.astimezone(BAKU).strftime("%Y-%m-%dT%H:%M:%S")


def _wp_gmt(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _rfc822(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(BAKU))


def _http_date(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(UTC), usegmt=True)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


# --- posts ---------------------------------------------------------------------


@dataclass
class Post:
    """One article. `date` and `modified` are timezone-aware; `body` is a list of
    plain-text paragraphs (rendered as <p> elements)."""

    id: int
    slug: str
    title: str
    date: datetime
    modified: datetime
    author: str
    body: list[str]
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str = "az"
    subtitle: str = ""

    @property
    def path(self) -> str:
        d = self.date.astimezone(BAKU)
        return f"/{d:%Y/%m/%d}/{self.slug}/"

    @property
    def text(self) -> str:
        """The body as the crawler should extract it: paragraphs joined by a blank line."""
        return "\n\n".join(self.body)

    def excerpt(self, words: int = 55) -> str:
        """The first `words` words, HTML-escaped, WordPress style ("… [&hellip;]")."""
        ws = " ".join(self.body).split()
        return _esc(" ".join(ws[:words])) + (" [&hellip;]" if len(ws) > words else "")

    def content_html(self) -> str:
        return "".join(f"<p>{_esc(p)}</p>\n" for p in self.body)

    @classmethod
    def from_dict(cls, d: dict, origin: str = "post") -> "Post":
        missing = [k for k in ("id", "slug", "title", "date", "author", "body") if k not in d]
        if missing:
            raise ValueError(f"{origin}: missing field(s) {', '.join(missing)}")
        try:
            date = datetime.fromisoformat(d["date"])
            modified = datetime.fromisoformat(d.get("modified") or d["date"])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{origin}: bad date: {exc}") from None
        if date.tzinfo is None or modified.tzinfo is None:
            raise ValueError(f"{origin}: dates need an offset (+04:00)")
        body = d["body"]
        if isinstance(body, str):
            body = [p.strip() for p in body.split("\n\n") if p.strip()]
        if not body or not all(isinstance(p, str) and p.strip() for p in body):
            raise ValueError(f"{origin}: body must be a non-empty list of paragraphs")
        if modified < date:
            raise ValueError(f"{origin}: modified is before date")
        return cls(
            id=int(d["id"]), slug=str(d["slug"]), title=str(d["title"]), date=date,
            modified=modified, author=str(d["author"]), body=list(body),
            categories=list(d.get("categories") or []), tags=list(d.get("tags") or []),
            language=str(d.get("language") or "az"), subtitle=str(d.get("subtitle") or ""),
        )

    def to_dict(self) -> dict:
        return {
            "id": self.id, "slug": self.slug, "title": self.title, "subtitle": self.subtitle,
            "date": iso(self.date), "modified": iso(self.modified), "author": self.author,
            "categories": self.categories, "tags": self.tags, "language": self.language,
            "body": self.body,
        }


def load_posts(directory: str | Path = DEMO_SITE_DIR) -> list[Post]:
    """The bundled posts (`<directory>/posts/*.json`, or `*.json` in `directory`)."""
    directory = Path(directory)
    folder = directory / "posts" if (directory / "posts").is_dir() else directory
    files = sorted(folder.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no posts (*.json) in {folder}")
    posts, ids, paths = [], set(), set()
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{f.name}: invalid JSON: {exc}") from None
        post = Post.from_dict(data, origin=f.name)
        if post.id in ids:
            raise ValueError(f"{f.name}: duplicate post id {post.id}")
        if post.path in paths:
            raise ValueError(f"{f.name}: duplicate permalink {post.path}")
        ids.add(post.id)
        paths.add(post.path)
        posts.append(post)
    return posts


# --- synthetic posts for benchmarks -------------------------------------------
# (nominative, genitive, category, minister's title in the genitive chain)
_ORGS = [
    ("Elm və Təhsil Nazirliyi", "Elm və Təhsil Nazirliyinin", "Təhsil", "elm və təhsil nazirinin"),
    ("Səhiyyə Nazirliyi", "Səhiyyə Nazirliyinin", "Səhiyyə", "səhiyyə nazirinin"),
    ("Xarici İşlər Nazirliyi", "Xarici İşlər Nazirliyinin", "Xarici siyasət", "xarici işlər nazirinin"),
    ("Daxili İşlər Nazirliyi", "Daxili İşlər Nazirliyinin", "Hüquq", "daxili işlər nazirinin"),
    ("Ədliyyə Nazirliyi", "Ədliyyə Nazirliyinin", "Hüquq", "ədliyyə nazirinin"),
    ("İqtisadiyyat Nazirliyi", "İqtisadiyyat Nazirliyinin", "İqtisadiyyat", "iqtisadiyyat nazirinin"),
    ("Kənd Təsərrüfatı Nazirliyi", "Kənd Təsərrüfatı Nazirliyinin", "İqtisadiyyat", "kənd təsərrüfatı nazirinin"),
    ("Mədəniyyət Nazirliyi", "Mədəniyyət Nazirliyinin", "Mədəniyyət", "mədəniyyət nazirinin"),
    ("Dövlət Gömrük Komitəsi", "Dövlət Gömrük Komitəsinin", "İqtisadiyyat", "Komitə sədrinin"),
    ("Vətəndaşlara Xidmət üzrə Dövlət Agentliyi", "Vətəndaşlara Xidmət üzrə Dövlət Agentliyinin", "Cəmiyyət", "Agentlik sədrinin"),
    ("Dövlət Statistika Komitəsi", "Dövlət Statistika Komitəsinin", "İqtisadiyyat", "Komitə sədrinin"),
    ("Gənclər və İdman Nazirliyi", "Gənclər və İdman Nazirliyinin", "İdman", "gənclər və idman nazirinin"),
]
# (nominative, genitive) of a department
_DEPTS = [
    ("İctimaiyyətlə əlaqələr şöbəsi", "İctimaiyyətlə əlaqələr şöbəsinin"),
    ("Beynəlxalq əməkdaşlıq şöbəsi", "Beynəlxalq əməkdaşlıq şöbəsinin"),
    ("Hüquq şöbəsi", "Hüquq şöbəsinin"),
    ("Maliyyə və mühasibat uçotu şöbəsi", "Maliyyə və mühasibat uçotu şöbəsinin"),
    ("Kadr siyasəti sektoru", "Kadr siyasəti sektorunun"),
    ("Rəqəmsal inkişaf sektoru", "Rəqəmsal inkişaf sektorunun"),
    ("Strateji planlaşdırma şöbəsi", "Strateji planlaşdırma şöbəsinin"),
]
_DEPT_TITLES = ["müdiri", "müdirinin müavini", "baş məsləhətçisi", "aparıcı məsləhətçisi", "böyük məsləhətçisi"]
_MALE = ["Elvin", "Rəşad", "Kamran", "Nicat", "Tural", "Fuad", "Vüsal", "Orxan", "Samir", "Ramil",
         "Emin", "Zaur", "Nurlan", "Ülvi", "Şahin", "Cavid", "Elşən", "Rüfət", "Anar", "Fərid"]
_FEMALE = ["Aysel", "Günay", "Leyla", "Nərmin", "Səbinə", "Könül", "Aytən", "Lalə", "Sevinc",
           "Ülviyyə", "Gülnar", "Nigar", "Fidan", "Şəbnəm", "Zəhra", "Aynur"]
_SURNAMES = ["Quliyev", "Hüseynov", "Məmmədov", "Əliyev", "Həsənov", "Kərimov", "Abbasov",
             "Rəhimov", "Səfərov", "Nəsirov", "Babayev", "Cəfərov", "İsmayılov", "Orucov",
             "Vəliyev", "Zeynalov", "Qasımzadə", "Hacılı", "Bağırlı", "Mirzəzadə", "Şükürlü",
             "Əsədli", "Tağızadə", "Novruzlu"]
# (nominative, locative)
_PLACES = [("Bakı", "Bakıda"), ("Gəncə", "Gəncədə"), ("Sumqayıt", "Sumqayıtda"), ("Şəki", "Şəkidə"),
           ("Lənkəran", "Lənkəranda"), ("Quba", "Qubada"), ("Mingəçevir", "Mingəçevirdə"),
           ("Şamaxı", "Şamaxıda"), ("Qəbələ", "Qəbələdə"), ("Şuşa", "Şuşada"), ("Ağdam", "Ağdamda"),
           ("Zaqatala", "Zaqatalada"), ("Ankara", "Ankarada"), ("Tbilisi", "Tbilisidə"),
           ("Berlin", "Berlində"), ("Vyana", "Vyanada"), ("Daşkənd", "Daşkənddə"), ("Roma", "Romada")]
# (topic as a genitive noun phrase, short title form)
_TOPICS = [
    ("rəqəmsal xidmətlərin genişləndirilməsi", "Rəqəmsal xidmətlər genişləndirilir"),
    ("regionlarda infrastrukturun yenilənməsi", "Regionlarda infrastruktur yenilənir"),
    ("gənc mütəxəssislərin peşəkar inkişafı", "Gənc mütəxəssislərin inkişafı müzakirə olunub"),
    ("vətəndaş müraciətlərinə baxılması qaydaları", "Vətəndaş müraciətləri ilə bağlı yeni qaydalar"),
    ("beynəlxalq əməkdaşlığın gücləndirilməsi", "Beynəlxalq əməkdaşlıq gücləndirilir"),
    ("qanunvericiliyin təkmilləşdirilməsi", "Qanunvericiliyin təkmilləşdirilməsinə dair görüş"),
    ("ictimaiyyətin məlumatlandırılması", "İctimaiyyətin məlumatlandırılması müzakirə edilib"),
    ("ixrac imkanlarının artırılması", "İxrac imkanları artırılır"),
    ("ekoloji təhlükəsizliyin təmin edilməsi", "Ekoloji təhlükəsizlik gündəmdədir"),
    ("sosial layihələrin icrası", "Sosial layihələrin icrasına baxılıb"),
]
_AUTHORS = ["Bayraqdar", "Leyla Qasımova", "Rəşad Əliyev"]
_MONTHS_GEN = ["yanvarın", "fevralın", "martın", "aprelin", "mayın", "iyunun", "iyulun",
               "avqustun", "sentyabrın", "oktyabrın", "noyabrın", "dekabrın"]
_MONTHS_LOWER = [az_lower(m) for m in AZ_MONTHS]

_LOC_UNITS = {1: "də", 2: "də", 3: "də", 4: "də", 5: "də", 6: "da", 7: "də", 8: "də", 9: "da"}
_LOC_TENS = {10: "da", 20: "də", 30: "da"}
_ORD_UNITS = {1: "ci", 2: "ci", 3: "cü", 4: "cü", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cu"}
_ORD_TENS = {10: "cu", 20: "ci", 30: "cu", 40: "cı", 50: "ci", 60: "cı", 70: "ci", 80: "ci", 90: "cı"}


def day_locative(day: int) -> str:
    """"16-da", "23-də", "30-da": the day number with its locative suffix."""
    return f"{day}-{_LOC_UNITS[day % 10] if day % 10 else _LOC_TENS[day]}"


def year_ordinal(year: int) -> str:
    """"2021-ci", "2023-cü", "2026-cı"."""
    if year % 10:
        suffix = _ORD_UNITS[year % 10]
    elif year % 100:
        suffix = _ORD_TENS[year % 100]
    else:
        suffix = "cü" if year % 1000 else "ci"
    return f"{year}-{suffix}"


def _female(surname: str) -> str:
    return surname + "a" if surname.endswith(("ov", "yev", "in")) else surname


_TEMPLATES_OPEN = [
    "{src} – {date_low} {org_gen} təşkilatçılığı ilə {place_loc} {topic} mövzusunda görüş keçirilib.",
    "{date_cap} {place_loc} {org_gen} nümayəndələrinin iştirakı ilə {topic} məsələlərinə həsr olunmuş tədbir təşkil edilib.",
    "{org} {date_low} {topic} ilə bağlı növbəti iclasını keçirib.",
]
_TEMPLATES_BODY = [
    "Bu barədə {org_from} məlumat verilib.",
    "Tədbiri {org_gen} {dept_gen} {title} {person} açaraq iştirakçıları salamlayıb.",
    "{person} bildirib ki, {topic} qurumun qarşıdakı dövr üçün əsas prioritetlərindəndir.",
    "Daha sonra çıxış edən {minister} müşaviri {person} son illərdə görülən işlərdən danışıb.",
    "O qeyd edib ki, {year_ord} ildə bu istiqamətdə bir sıra mühüm addımlar atılıb.",
    "{dept_gen} {title} {person} öz növbəsində görülən işlərə dair təqdimat edib.",
    "Təqdimatda {topic} üzrə hazırlanan yeni layihələr barədə ətraflı məlumat verilib.",
    "Tədbirdə {place} ilə yanaşı, digər regionlardan gələn mütəxəssislər də iştirak ediblər.",
    "Qeyd olunub ki, layihənin ikinci mərhələsi {next_year_ord} ildə başa çatdırılacaq.",
    "{person}, {org_gen} {dept_gen} {title_short}, görüşün nəticələrini yüksək qiymətləndirib.",
    "Xatırladaq ki, oxşar görüş {numeric_date} tarixində də keçirilmişdi.",
    "Müzakirələr zamanı vətəndaşlardan daxil olan təkliflər də nəzərdən keçirilib.",
    "Bildirilib ki, {year_ord} il ərzində {org} tərəfindən {count} müraciət cavablandırılıb.",
    "İştirakçılar {topic} sahəsində qurumlararası əməkdaşlığın əhəmiyyətini vurğulayıblar.",
    "Görüşdə, həmçinin, növbəti rüb üçün fəaliyyət planı təsdiq edilib.",
    "Tədbirin sonunda iştirakçıların sualları cavablandırılıb.",
    "{person} {full_date} {org_gen} {dept_gen} {title} vəzifəsinə təyin edilib.",
    "Qeyd edək ki, {person} bu vəzifədən əvvəl {place_loc} regional idarədə çalışıb.",
    "Məlumata görə, {day_range} tarixlərində {place_loc} ikinci beynəlxalq forum təşkil olunacaq.",
    "Qurumun mətbuat xidmətindən bildirilib ki, bütün təkliflər ümumiləşdiriləcək.",
    "{org_gen} rəhbərliyi görüşün müntəzəm xarakter alacağını bildirib.",
    "Qurumun rəsmi saytında bu barədə ətraflı məlumat yerləşdirilib.",
    "{org_gen} {dept_gen} {title} {person} bildirib ki, {year_ord} ilin ilk yarısında {count} vətəndaş qəbul edilib.",
    "Görüşdə {minister} müavini {person} də iştirak edib.",
    "Tədbirdə yerli icra hakimiyyəti orqanlarının və ictimai birliklərin nümayəndələri də iştirak ediblər.",
    "Qeyd olunub ki, {topic} üzrə dövlət proqramının icrası {next_year_ord} ilin sonunadək davam etdiriləcək.",
    "{person} vurğulayıb ki, bu sahədə beynəlxalq təcrübənin öyrənilməsi xüsusi əhəmiyyət kəsb edir.",
    "Bildirilib ki, {future_date} tarixindən etibarən yeni elektron xidmət istifadəyə veriləcək.",
    "Çıxışlardan sonra {place_loc} fəaliyyət göstərən regional mərkəzin işinə dair videoçarx nümayiş etdirilib.",
    "Həmin əmrlə {person} {org_gen} {dept_gen} {title} vəzifəsindən azad edilib.",
]
_TEMPLATES_CLOSE = [
    "Görüş müzakirələrlə davam etdirilib.",
    "Sonda iştirakçılar xatirə şəkli çəkdiriblər.",
    "Tədbir qarşılıqlı fikir mübadiləsi ilə başa çatıb.",
]


_PEOPLE_M = [f"{g} {s}" for g in _MALE for s in _SURNAMES]
_PEOPLE_F = [f"{g} {_female(s)}" for g in _FEMALE for s in _SURNAMES]
_TOPIC_SLUGS = {t: slugify(t) for _, t in _TOPICS}
# body template orders: a start and a step coprime with the pool size give a permutation
_ORDERS = [
    [_TEMPLATES_BODY[(start + k * step) % len(_TEMPLATES_BODY)] for k in range(len(_TEMPLATES_BODY))]
    for start in range(len(_TEMPLATES_BODY))
    for step in range(1, len(_TEMPLATES_BODY))
    if math.gcd(step, len(_TEMPLATES_BODY)) == 1
]


def _dmy(d: datetime) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def generate_posts(n: int, seed: int = 0, *, start_id: int = 100001,
                   start: datetime = datetime(2021, 1, 4, 9, 0, tzinfo=BAKU),
                   end: datetime = datetime(2025, 12, 26, 18, 0, tzinfo=BAKU)) -> list[Post]:
    """`n` deterministic synthetic press releases (~300 words each), dates spread evenly
    over 2021-2025 in increasing id order. Same `n` and `seed`: same posts."""
    rnd = random.Random(seed).random

    def pick(seq):
        return seq[int(rnd() * len(seq))]

    span = (end - start).total_seconds()
    posts = []
    for i in range(n):
        pid = start_id + i
        date = start + timedelta(seconds=int(span * i / max(1, n)) + int(rnd() * 3600))
        date = date.replace(second=0)
        modified = date + timedelta(hours=1 + int(rnd() * 47)) if rnd() < 0.1 else date
        org, org_gen, category, minister = pick(_ORGS)
        dept, dept_gen = pick(_DEPTS)
        place, place_loc = pick(_PLACES)
        topic, topic_title = pick(_TOPICS)
        d = date.astimezone(BAKU)
        year_ord = year_ordinal(d.year)
        date_low = pick([f"{_MONTHS_GEN[d.month - 1]} {day_locative(d.day)}", "bu gün", "dünən"])
        slots = {
            "src": SITE_NAME + ".info", "org": org, "org_gen": org_gen,
            "org_from": org_gen[:-2] + ("dan" if org_gen.endswith(("nın", "nun")) else "dən"),
            "dept_gen": dept_gen, "topic": topic, "place": place,
            "place_loc": place_loc, "minister": minister,
            "date_low": date_low, "date_cap": az_upper(date_low[0]) + date_low[1:],
            "year_ord": year_ord, "next_year_ord": year_ordinal(d.year + 1),
            "numeric_date": _dmy(d - timedelta(days=30 + int(rnd() * 270))),
            "future_date": _dmy(d + timedelta(days=10 + int(rnd() * 110))),
            "full_date": f"{d.day} {_MONTHS_LOWER[d.month - 1]} {year_ord} il tarixdən",
            "day_range": f"{1 + int(rnd() * 19)}-{21 + int(rnd() * 7)} {pick(_MONTHS_LOWER)}",
            "count": f"{2 + int(rnd() * 88)} min {100 + int(rnd() * 899)}",
            "title_short": pick(_DEPT_TITLES),
        }
        first = pick(_TEMPLATES_OPEN).format_map(slots)
        paragraphs = [first]
        words = first.count(" ") + 1
        para: list[str] = []
        para_len = 2 + int(rnd() * 3)
        for tpl in pick(_ORDERS):
            slots["person"] = pick(_PEOPLE_M) if rnd() < 0.6 else pick(_PEOPLE_F)
            slots["title"] = pick(_DEPT_TITLES)
            s = tpl.format_map(slots)
            if s[0].islower():
                s = az_upper(s[0]) + s[1:]
            para.append(s)
            words += s.count(" ") + 1
            if len(para) >= para_len:
                paragraphs.append(" ".join(para))
                para = []
                para_len = 2 + int(rnd() * 3)
            if words >= 285:
                break
        if para:
            paragraphs.append(" ".join(para))
        paragraphs.append(pick(_TEMPLATES_CLOSE))
        title = f"{topic_title}: {org} {place_loc}" if rnd() < 0.5 else f"{org}: {topic_title}"
        posts.append(Post(
            id=pid, slug=f"{_TOPIC_SLUGS[topic_title]}-{pid}", title=title, date=date, modified=modified,
            author=_AUTHORS[pid % len(_AUTHORS)], body=paragraphs, categories=[category],
            tags=[org, place], language="az",
        ))
    return posts


# --- the site --------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    id: int
    name: str
    slug: str
    taxonomy: str  # "category" or "post_tag"
    count: int


class _State:
    """An immutable snapshot of the posts and their indexes; rebuilt on every change so
    request handlers never see a half-updated site."""

    def __init__(self, posts: list[Post]):
        self.posts = sorted(posts, key=lambda p: (p.date, p.id), reverse=True)  # newest first
        self.by_id = {p.id: p for p in self.posts}
        self.by_path = {p.path: p for p in self.posts}
        if len(self.by_id) != len(self.posts):
            raise ValueError("duplicate post ids")
        if len(self.by_path) != len(self.posts):
            raise ValueError("duplicate permalinks")
        self.categories: dict[str, Term] = {}
        self.tags: dict[str, Term] = {}
        self.authors: dict[str, tuple[int, str]] = {}  # name -> (id, slug)
        counts: dict[tuple[str, str], int] = {}
        order = sorted(self.posts, key=lambda p: p.id)
        names_c, names_t = [], []
        for p in order:
            for c in p.categories:
                if ("category", c) not in counts:
                    names_c.append(c)
                counts[("category", c)] = counts.get(("category", c), 0) + 1
            for t in p.tags:
                if ("post_tag", t) not in counts:
                    names_t.append(t)
                counts[("post_tag", t)] = counts.get(("post_tag", t), 0) + 1
            if p.author not in self.authors:
                self.authors[p.author] = (len(self.authors) + 1, slugify(p.author))
        next_id = 2  # 1 is WordPress's "Uncategorized"
        for name in names_c:
            self.categories[name] = Term(next_id, name, slugify(name), "category", counts[("category", name)])
            next_id += 1
        for name in names_t:
            self.tags[name] = Term(next_id, name, slugify(name), "post_tag", counts[("post_tag", name)])
            next_id += 1
        self.terms_by_id = {t.id: t for t in [*self.categories.values(), *self.tags.values()]}
        self.cat_by_slug = {t.slug: t for t in self.categories.values()}
        self.tag_by_slug = {t.slug: t for t in self.tags.values()}
        self.author_by_slug = {slug: name for name, (_, slug) in self.authors.items()}
        self.author_by_id = {aid: name for name, (aid, _) in self.authors.items()}
        self.by_date_asc = list(reversed(self.posts))
        self.html_cache: dict[int, bytes] = {}
        self.rest_cache: dict[int, dict] = {}
        self.rest_text_cache: dict[tuple[int, bool], str] = {}


class DemoSite:
    """The running site. `url` is its base URL; use as a context manager or call
    `close()`. Posts can be changed while it runs (`modify`, `add`, `remove`);
    every request path is recorded in `requests` (see `count`)."""

    def __init__(self, posts: list[Post] | None = None, host: str = "127.0.0.1", port: int = 0):
        if posts is None:
            posts = load_posts()
        self._lock = threading.Lock()
        self._state = _State([replace(p) for p in posts])
        self.requests: list[str] = []
        self._conns: set[socket.socket] = set()
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        self._server = _Server((host, port), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.host, self.port = self._server.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="demosite", daemon=True)
        self._thread.start()

    # -- lifecycle
    def close(self) -> None:
        """Stop listening and drop open keep-alive connections."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            with self._lock:
                conns = list(self._conns)
            for sock in conns:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def __enter__(self) -> "DemoSite":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<DemoSite {self.url} posts={len(self._state.posts)}>"

    # -- content
    @property
    def posts(self) -> list[Post]:
        """The current posts, newest first (copies; change them with `modify`)."""
        return [replace(p) for p in self._state.posts]

    def post(self, post_id: int) -> Post:
        return replace(self._state.by_id[post_id])

    def link(self, post: Post | int) -> str:
        """The permalink of a post: "http://127.0.0.1:PORT/2021/12/17/slug/"."""
        if isinstance(post, int):
            post = self._state.by_id[post]
        return self.url + post.path

    def modify(self, post_id: int, body: list[str] | str | None = None, *, title: str | None = None,
               modified: datetime | None = None) -> Post:
        """Change a post as an editor would: new body and/or title, `modified` set to
        `modified` or now (always later than before). Returns the new post."""
        with self._lock:
            old = self._state.by_id[post_id]
            if isinstance(body, str):
                body = [p.strip() for p in body.split("\n\n") if p.strip()]
            when = modified or datetime.now(BAKU).replace(microsecond=0)
            if when <= old.modified:
                when = old.modified + timedelta(seconds=1)
            new = replace(old, body=list(body) if body is not None else old.body,
                          title=title if title is not None else old.title, modified=when)
            self._state = _State([new if p.id == post_id else p for p in self._state.posts])
            return replace(new)

    def add(self, post: Post) -> None:
        """Publish a new post."""
        with self._lock:
            self._state = _State([*self._state.posts, replace(post)])

    def remove(self, post_id: int) -> None:
        with self._lock:
            self._state = _State([p for p in self._state.posts if p.id != post_id])

    # -- request log
    def count(self, prefix: str = "") -> int:
        """How many requests had a path (with query) starting with `prefix`."""
        with self._lock:
            return sum(1 for r in self.requests if r.startswith(prefix))

    def reset_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def _log(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)


def serve(posts: list[Post] | None = None, host: str = "127.0.0.1", port: int = 0) -> DemoSite:
    """Start the site in a daemon thread (port 0: a free port) and return it."""
    return DemoSite(posts, host=host, port=port)


# --- rendering -----------------------------------------------------------------------


def _head(base: str, title: str, *, lang: str = "az", extra: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="UTF-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n{extra}"
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Lent" href="{base}/feed/">\n'
        f'<link rel="https://api.w.org/" href="{base}/wp-json/">\n'
        f'<link rel="stylesheet" id="ct-mission-news-style-css" href="{base}/wp-content/themes/mission-news/style.css?ver=1.64" media="all">\n'
        f'<meta name="generator" content="WordPress {WP_VERSION}">\n</head>\n'
    )


def _header(base: str, state: _State) -> str:
    items = "".join(
        f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category"><a href="{base}/category/{t.slug}/">{_esc(t.name)}</a></li>'
        for t in list(state.categories.values())[:8]
    )
    return (
        '<a class="skip-content" href="#main-content">Press "Enter" to skip to content</a>\n'
        '<div id="overflow-container" class="overflow-container">\n<div id="max-width" class="max-width">\n'
        '<header class="site-header" id="site-header" role="banner">\n'
        '<div id="title-container" class="title-container">'
        f"<div id='site-title' class='site-title'><a href='{base}'>{SITE_NAME}</a></div>"
        f'<p class="tagline">{_esc(SITE_DESCRIPTION)}</p></div>\n'
        '<div id="menu-primary-container" class="menu-primary-container">'
        '<nav id="menu-primary" class="menu-container menu-primary" role="navigation">'
        f'<ul id="menu-primary-items" class="menu-primary-items"><li class="menu-item"><a href="{base}/">Əsas səhifə</a></li>{items}</ul>'
        "</nav></div>\n"
        f'<div class="search-form-container"><form role="search" method="get" class="search-form" action="{base}/">'
        '<input type="search" class="search-field" placeholder="Axtar..." value="" name="s"></form></div>\n'
        "</header>\n"
    )


def _sidebar(base: str, state: _State, exclude: int | None = None) -> str:
    recent = [p for p in state.posts[:6] if p.id != exclude][:5]
    lis = "".join(
        f'<li><a href="{base}{p.path}">{_esc(p.title)}</a><span class="post-date">{az_date(p.date)}</span></li>\n'
        for p in recent
    )
    cats = "".join(
        f'<li class="cat-item cat-item-{t.id}"><a href="{base}/category/{t.slug}/">{_esc(t.name)}</a> ({t.count})</li>\n'
        for t in state.categories.values()
    )
    return (
        '<aside class="sidebar sidebar-main" id="main-sidebar" role="complementary">\n'
        '<section id="recent-posts-2" class="widget widget_recent_entries">'
        f'<h2 class="widget-title">Son xəbərlər</h2>\n<ul>\n{lis}</ul></section>\n'
        '<section id="categories-2" class="widget widget_categories">'
        f'<h2 class="widget-title">Kateqoriyalar</h2>\n<ul>\n{cats}</ul></section>\n'
        "</aside>\n"
    )


_FOOTER = (
    '<footer id="site-footer" class="site-footer" role="contentinfo">\n'
    '<div class="design-credit"><span><a href="https://www.competethemes.com/mission-news/" rel="nofollow">'
    "Mission News Theme</a> by Compete Themes.</span></div>\n</footer>\n"
    "</div>\n</div>\n"
)


def render_article(base: str, state: _State, post: Post) -> str:
    url = base + post.path
    lang_attr = "ru-RU" if post.language == "ru" else post.language
    locale = {"az": "az_AZ", "ru": "ru_RU", "en": "en_US", "tr": "tr_TR"}.get(post.language, "az_AZ")
    description = " ".join(" ".join(post.body).split()[:30])
    author_id, author_slug = state.authors[post.author]
    person_id = f"{base}/#/schema/person/{author_slug}"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle", "@id": f"{url}#article",
                "isPartOf": {"@id": url}, "mainEntityOfPage": {"@id": url},
                "headline": post.title,
                "datePublished": iso(post.date), "dateModified": iso(post.modified),
                "author": {"name": post.author, "@id": person_id},
                "publisher": {"@id": f"{base}/#organization"},
                "articleSection": post.categories, "keywords": post.tags,
                "inLanguage": lang_attr, "wordCount": len(post.text.split()),
            },
            {"@type": "WebPage", "@id": url, "url": url, "name": f"{post.title} - {SITE_NAME}",
             "isPartOf": {"@id": f"{base}/#website"}, "datePublished": iso(post.date),
             "dateModified": iso(post.modified), "inLanguage": lang_attr},
            {"@type": "WebSite", "@id": f"{base}/#website", "url": f"{base}/", "name": SITE_NAME,
             "publisher": {"@id": f"{base}/#organization"}},
            {"@type": "Organization", "@id": f"{base}/#organization", "name": SITE_NAME, "url": f"{base}/"},
            {"@type": "Person", "@id": person_id, "name": post.author, "url": f"{base}/author/{author_slug}/"},
        ],
    }
    ld_json = json.dumps(graph, ensure_ascii=False).replace("</", "<\\/")
    meta = (
        f'<link rel="canonical" href="{url}">\n'
        f'<meta name="description" content="{_attr(description)}">\n'
        f'<meta property="og:locale" content="{locale}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{_attr(post.title)}">\n'
        f'<meta property="og:description" content="{_attr(description)}">\n'
        f'<meta property="og:url" content="{url}">\n'
        f'<meta property="og:site_name" content="{SITE_NAME}">\n'
        f'<meta property="article:published_time" content="{iso(post.date)}">\n'
        f'<meta property="article:modified_time" content="{iso(post.modified)}">\n'
        f'<meta name="author" content="{_attr(post.author)}">\n'
        '<meta name="twitter:card" content="summary_large_image">\n'
        f'<script type="application/ld+json" class="yoast-schema-graph">{ld_json}</script>\n'
        f'<link rel="alternate" type="application/json" href="{base}/wp-json/wp/v2/posts/{post.id}">\n'
        f'<link rel="shortlink" href="{base}/?p={post.id}">\n'
    )
    cat_classes = " ".join(f"category-{state.categories[c].slug}" for c in post.categories)
    tag_classes = " ".join(f"tag-{state.tags[t].slug}" for t in post.tags)
    cats = ", ".join(f'<a href="{base}/category/{state.categories[c].slug}/" rel="category tag">{_esc(c)}</a>'
                     for c in post.categories)
    tags = "".join(f'<li><a href="{base}/tag/{state.tags[t].slug}/" rel="tag">{_esc(t)}</a></li>' for t in post.tags)
    subtitle = f'<p class="post-subtitle">{_esc(post.subtitle)}</p>\n' if post.subtitle else ""
    share = "".join(
        f'<a class="share-{n}" href="https://www.{n}.com/share?u={quote(url, safe="")}" rel="nofollow noopener" target="_blank">{label}</a>'
        for n, label in (("facebook", "Facebook"), ("twitter", "Twitter"), ("whatsapp", "WhatsApp"))
    )
    return (
        _head(base, f"{post.title} - {SITE_NAME}", lang=lang_attr, extra=meta)
        + f'<body id="mission-news" class="post-template-default single single-post postid-{post.id} single-format-standard">\n'
        + _header(base, state)
        + '<div class="content-container">\n<div class="layout-container">\n'
        + '<section id="main-content" class="main-content" role="main">\n'
        + '<div id="loop-container" class="loop-container">\n'
        + f'<div class="post-{post.id} post type-post status-publish format-standard hentry {cat_classes} {tag_classes} entry">\n'
        + "<article>\n<div class='post-header'>\n"
        + f"<h1 class='post-title'>{_esc(post.title)}</h1>\n"
        + subtitle
        + f'<div class="post-byline">By <span class="author">{_esc(post.author)}</span> on {az_date(post.date)}</div>\n'
        + f'<p class="post-updated">Son yeniləmə: <time datetime="{iso(post.modified)}">{az_datetime(post.modified)}</time></p>\n'
        + "</div>\n"
        + f'<div class="post-content">\n{post.content_html()}</div>\n'
        + f'<div class="post-share"><span>Paylaş:</span> {share}</div>\n'
        + f'<div class="post-meta"><p class="post-categories"><span>Kateqoriya:</span> {cats}</p>\n'
        + f'<div class="post-tags"><ul>{tags}</ul></div></div>\n'
        + "</article>\n</div>\n</div>\n</section>\n"
        + _sidebar(base, state, exclude=post.id)
        + "</div>\n</div>\n"
        + _FOOTER
        + "</body>\n</html>\n"
    )


def render_listing(base: str, state: _State, posts: list[Post], page: int, *, path: str,
                   heading: str | None, body_class: str, title: str) -> str:
    pages = max(1, math.ceil(len(posts) / PER_PAGE))
    chunk = posts[(page - 1) * PER_PAGE: page * PER_PAGE]
    items = []
    for p in chunk:
        items.append(
            f'<div class="post-{p.id} post type-post status-publish hentry excerpt">\n<article class="excerpt">\n'
            f"<div class='post-header'><h2 class='post-title'><a href=\"{base}{p.path}\">{_esc(p.title)}</a></h2>\n"
            f'<div class="post-byline">By <span class="author">{_esc(p.author)}</span> on {az_date(p.date)}</div></div>\n'
            f'<div class="post-content"><p>{p.excerpt(40)} <a class="more-link" href="{base}{p.path}">Davamını oxu<span class="screen-reader-text">{_esc(p.title)}</span></a></p></div>\n'
            "</article>\n</div>\n"
        )
    nav = []
    if page > 1:
        prev = path if page == 2 else f"{path}page/{page - 1}/"
        nav.append(f'<a class="prev page-numbers" href="{base}{prev}">&laquo; Əvvəlki</a>')
    for n in range(1, pages + 1):
        if n == page:
            nav.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        elif n <= 2 or n > pages - 2 or abs(n - page) <= 1:
            href = path if n == 1 else f"{path}page/{n}/"
            nav.append(f'<a class="page-numbers" href="{base}{href}">{n}</a>')
        elif nav and not nav[-1].endswith("&hellip;</span>"):
            nav.append('<span class="page-numbers dots">&hellip;</span>')
    if page < pages:
        nav.append(f'<a class="next page-numbers" href="{base}{path}page/{page + 1}/">Növbəti &raquo;</a>')
    canonical = base + (path if page == 1 else f"{path}page/{page}/")
    extra = (
        f'<link rel="canonical" href="{canonical}">\n'
        f'<meta property="og:locale" content="az_AZ">\n<meta property="og:type" content="website">\n'
        f'<meta property="og:title" content="{_attr(title)}">\n<meta property="og:url" content="{canonical}">\n'
        f'<meta property="og:site_name" content="{SITE_NAME}">\n'
        + (f'<link rel="next" href="{base}{path}page/{page + 1}/">\n' if page < pages else "")
    )
    header = f'<div class="archive-header"><h1>{_esc(heading)}</h1></div>\n' if heading else ""
    return (
        _head(base, title, extra=extra)
        + f'<body id="mission-news" class="{body_class}{" paged paged-" + str(page) if page > 1 else ""}">\n'
        + _header(base, state)
        + '<div class="content-container">\n<div class="layout-container">\n'
        + '<section id="main-content" class="main-content" role="main">\n'
        + header
        + '<div id="loop-container" class="loop-container">\n' + "".join(items) + "</div>\n"
        + f'<nav class="navigation pagination" aria-label="Yazılar"><div class="nav-links">{"".join(nav)}</div></nav>\n'
        + "</section>\n"
        + _sidebar(base, state)
        + "</div>\n</div>\n"
        + _FOOTER
        + "</body>\n</html>\n"
    )


def render_404(base: str, state: _State) -> str:
    return (
        _head(base, f"Səhifə tapılmadı - {SITE_NAME}")
        + '<body id="mission-news" class="error404">\n'
        + _header(base, state)
        + '<div class="content-container"><section id="main-content" class="main-content" role="main">'
        + '<div class="post-header"><h1 class="post-title">Səhifə tapılmadı</h1></div>'
        + "<p>Axtardığınız səhifə mövcud deyil.</p></section></div>\n"
        + _FOOTER + "</body>\n</html>\n"
    )


def render_feed(base: str, state: _State, page: int) -> str | None:
    chunk = state.posts[(page - 1) * PER_PAGE: page * PER_PAGE]
    if not chunk and page > 1:
        return None
    last = max((p.modified for p in state.posts), default=datetime(2021, 1, 1, tzinfo=BAKU))
    items = []
    for p in chunk:
        cats = "".join(f"\t\t<category>{_cdata(c)}</category>\n" for c in [*p.categories, *p.tags])
        items.append(
            "\t<item>\n"
            f"\t\t<title>{_esc(p.title)}</title>\n"
            f"\t\t<link>{base}{p.path}</link>\n"
            f"\t\t<dc:creator>{_cdata(p.author)}</dc:creator>\n"
            f"\t\t<pubDate>{_rfc822(p.date)}</pubDate>\n"
            + cats
            + f'\t\t<guid isPermaLink="false">{base}/?p={p.id}</guid>\n'
            f"\t\t<description>{_cdata(p.excerpt().replace('[&hellip;]', '[&#8230;]'))}</description>\n"
            f"\t\t<content:encoded>{_cdata(p.content_html())}</content:encoded>\n"
            "\t</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        f"\t<title>{SITE_NAME}</title>\n"
        f'\t<atom:link href="{base}/feed/" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{base}</link>\n"
        f"\t<description>{_esc(SITE_DESCRIPTION)}</description>\n"
        f"\t<lastBuildDate>{_rfc822(last)}</lastBuildDate>\n"
        "\t<language>az</language>\n\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        f"\t<generator>https://wordpress.org/?v={WP_VERSION}</generator>\n"
        + "".join(items)
        + "</channel>\n</rss>\n"
    )


_SITEMAP_PI = '<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="{base}/main-sitemap.xsl"?>\n'


def render_sitemap_index(base: str, state: _State) -> str:
    posts = state.by_date_asc
    parts = []
    n_maps = max(1, math.ceil(len(posts) / SITEMAP_SIZE))
    for i in range(n_maps):
        chunk = posts[i * SITEMAP_SIZE:(i + 1) * SITEMAP_SIZE]
        name = "post-sitemap.xml" if i == 0 else f"post-sitemap{i + 1}.xml"
        lastmod = iso(max(p.modified for p in chunk)) if chunk else None
        parts.append(f"\t<sitemap>\n\t\t<loc>{base}/{name}</loc>\n"
                     + (f"\t\t<lastmod>{lastmod}</lastmod>\n" if lastmod else "") + "\t</sitemap>\n")
    for name in ("category-sitemap.xml", "post_tag-sitemap.xml", "news-sitemap.xml"):
        lastmod = iso(max(p.modified for p in posts)) if posts else None
        parts.append(f"\t<sitemap>\n\t\t<loc>{base}/{name}</loc>\n"
                     + (f"\t\t<lastmod>{lastmod}</lastmod>\n" if lastmod else "") + "\t</sitemap>\n")
    return (_SITEMAP_PI.format(base=base)
            + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(parts) + "</sitemapindex>\n<!-- XML Sitemap generated by Yoast SEO -->")


def _urlset(base: str, entries: list[tuple[str, str | None]]) -> str:
    urls = "".join(
        f"\t<url>\n\t\t<loc>{_esc(loc)}</loc>\n" + (f"\t\t<lastmod>{lm}</lastmod>\n" if lm else "") + "\t</url>\n"
        for loc, lm in entries
    )
    return (_SITEMAP_PI.format(base=base)
            + '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
            'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
            'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + urls + "</urlset>\n<!-- XML Sitemap generated by Yoast SEO -->")


def render_post_sitemap(base: str, state: _State, n: int) -> str | None:
    chunk = state.by_date_asc[(n - 1) * SITEMAP_SIZE: n * SITEMAP_SIZE]
    if not chunk and n > 1:
        return None
    return _urlset(base, [(base + p.path, iso(p.modified)) for p in chunk])


def render_term_sitemap(base: str, state: _State, taxonomy: str) -> str:
    terms = state.categories if taxonomy == "category" else state.tags
    prefix = "category" if taxonomy == "category" else "tag"
    entries = []
    for t in terms.values():
        lm = max(p.modified for p in state.posts if t.name in (p.categories if taxonomy == "category" else p.tags))
        entries.append((f"{base}/{prefix}/{t.slug}/", iso(lm)))
    return _urlset(base, entries)


def render_news_sitemap(base: str, state: _State) -> str:
    urls = []
    for p in state.posts[:NEWS_SITEMAP_SIZE]:
        urls.append(
            f"\t<url>\n\t\t<loc>{base}{p.path}</loc>\n\t\t<news:news>\n"
            f"\t\t\t<news:publication>\n\t\t\t\t<news:name>{SITE_NAME}</news:name>\n"
            f"\t\t\t\t<news:language>{p.language}</news:language>\n\t\t\t</news:publication>\n"
            f"\t\t\t<news:publication_date>{iso(p.date)}</news:publication_date>\n"
            f"\t\t\t<news:title>{_esc(p.title)}</news:title>\n"
            f"\t\t</news:news>\n\t</url>\n"
        )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            + "".join(urls) + "</urlset>\n")


# --- REST API --------------------------------------------------------------------------


class _RestError(Exception):
    def __init__(self, status: int, code: str, message: str, params: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.params = status, code, message, params

    def body(self) -> dict:
        data: dict = {"status": self.status}
        if self.params:
            data["params"] = self.params
        return {"code": self.code, "message": self.message, "data": data}


def _term_json(base: str, t: Term) -> dict:
    prefix = "category" if t.taxonomy == "category" else "tag"
    rest = "categories" if t.taxonomy == "category" else "tags"
    return {
        "id": t.id, "count": t.count, "description": "", "link": f"{base}/{prefix}/{t.slug}/",
        "name": t.name, "slug": t.slug, "taxonomy": t.taxonomy,
        **({"parent": 0} if t.taxonomy == "category" else {}), "meta": [],
        "_links": {"self": [{"href": f"{base}/wp-json/wp/v2/{rest}/{t.id}"}],
                   "collection": [{"href": f"{base}/wp-json/wp/v2/{rest}"}]},
    }


def _user_json(base: str, state: _State, name: str) -> dict:
    aid, slug = state.authors[name]
    return {"id": aid, "name": name, "url": "", "description": "", "link": f"{base}/author/{slug}/",
            "slug": slug, "avatar_urls": {},
            "_links": {"self": [{"href": f"{base}/wp-json/wp/v2/users/{aid}"}],
                       "collection": [{"href": f"{base}/wp-json/wp/v2/users"}]}}


def _post_json(base: str, state: _State, p: Post) -> dict:
    cached = state.rest_cache.get(p.id)
    if cached is not None:
        return cached
    aid, _ = state.authors[p.author]
    d = {
        "id": p.id, "date": _wp_local(p.date), "date_gmt": _wp_gmt(p.date),
        "guid": {"rendered": f"{base}/?p={p.id}"},
        "modified": _wp_local(p.modified), "modified_gmt": _wp_gmt(p.modified),
        "slug": p.slug, "status": "publish", "type": "post", "link": base + p.path,
        "title": {"rendered": _esc(p.title)},
        "content": {"rendered": p.content_html(), "protected": False},
        "excerpt": {"rendered": f"<p>{p.excerpt()}</p>\n", "protected": False},
        "author": aid, "featured_media": 0, "comment_status": "open", "ping_status": "open",
        "sticky": False, "template": "", "format": "standard", "meta": [],
        "categories": [state.categories[c].id for c in p.categories],
        "tags": [state.tags[t].id for t in p.tags],
        "_links": {
            "self": [{"href": f"{base}/wp-json/wp/v2/posts/{p.id}"}],
            "collection": [{"href": f"{base}/wp-json/wp/v2/posts"}],
            "author": [{"embeddable": True, "href": f"{base}/wp-json/wp/v2/users/{aid}"}],
            "wp:term": [
                {"taxonomy": "category", "embeddable": True, "href": f"{base}/wp-json/wp/v2/categories?post={p.id}"},
                {"taxonomy": "post_tag", "embeddable": True, "href": f"{base}/wp-json/wp/v2/tags?post={p.id}"},
            ],
        },
    }
    state.rest_cache[p.id] = d
    return d


class _Raw(str):
    """JSON text already serialized."""


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":"))


def _post_json_text(base: str, state: _State, p: Post, embed: bool) -> str:
    key = (p.id, embed)
    text = state.rest_text_cache.get(key)
    if text is None:
        obj = _post_json(base, state, p)
        if embed:
            obj = {**obj, "_embedded": _embedded(base, state, p)}
        text = state.rest_text_cache[key] = _dumps(obj)
    return text


def _embedded(base: str, state: _State, p: Post) -> dict:
    return {
        "author": [_user_json(base, state, p.author)],
        "wp:term": [[_term_json(base, state.categories[c]) for c in p.categories],
                    [_term_json(base, state.tags[t]) for t in p.tags]],
    }


def _parse_when(value: str, name: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value.strip().replace(" ", "+").replace("Z", "+00:00"))
    except ValueError:
        raise _RestError(400, "rest_invalid_param", f"Invalid parameter(s): {name}",
                         {name: f"{name} is not a valid date."}) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=BAKU)  # no offset: the site's time zone


def _int_param(q: dict, name: str, default: int, lo: int, hi: int) -> int:
    raw = q.get(name, [None])[0]
    if raw is None or raw == "":
        return default
    try:
        v = int(raw)
    except ValueError:
        raise _RestError(400, "rest_invalid_param", f"Invalid parameter(s): {name}",
                         {name: f"{name} is not of type integer."}) from None
    if not lo <= v <= hi:
        raise _RestError(400, "rest_invalid_param", f"Invalid parameter(s): {name}",
                         {name: f"{name} must be between {lo} ({lo} included) and {hi} ({hi} included)"})
    return v


def _id_list(q: dict, name: str) -> set[int] | None:
    raw = ",".join(q.get(name, []) + q.get(name + "[]", []))
    if not raw:
        return None
    try:
        return {int(x) for x in raw.split(",") if x.strip()}
    except ValueError:
        raise _RestError(400, "rest_invalid_param", f"Invalid parameter(s): {name}") from None


def _fields(q: dict, obj: dict) -> dict:
    raw = ",".join(q.get("_fields", []))
    if not raw:
        return obj
    keep = {f.strip().split(".")[0] for f in raw.split(",") if f.strip()}
    if "_embed" in q:
        keep.add("_embedded")
    return {k: v for k, v in obj.items() if k in keep}


def rest(base: str, state: _State, route: str, q: dict) -> tuple[int, object, dict]:
    """(status, JSON body, extra headers) for a /wp-json route."""
    route = "/" + route.strip("/")
    if route == "/":
        return 200, {
            "name": SITE_NAME, "description": SITE_DESCRIPTION, "url": base, "home": base,
            "gmt_offset": "4", "timezone_string": "Asia/Baku", "namespaces": ["oembed/1.0", "wp/v2"],
            "routes": {r: {"namespace": "wp/v2", "methods": ["GET"]} for r in (
                "/wp/v2/posts", "/wp/v2/posts/(?P<id>[\\d]+)", "/wp/v2/categories", "/wp/v2/tags", "/wp/v2/users")},
        }, {}
    m = re.fullmatch(r"/wp/v2/(posts|categories|tags|users)(?:/(\d+))?", route)
    if not m:
        return 404, {"code": "rest_no_route", "message": "No route was found matching the URL and request method.",
                     "data": {"status": 404}}, {}
    kind, ident = m.group(1), m.group(2)
    embed = "_embed" in q
    if kind == "posts":
        if ident:
            p = state.by_id.get(int(ident))
            if p is None:
                raise _RestError(404, "rest_post_invalid_id", "Invalid post ID.")
            obj = dict(_post_json(base, state, p))
            if embed:
                obj["_embedded"] = _embedded(base, state, p)
            return 200, _fields(q, obj), {"Link": f'<{base}{p.path}>; rel="alternate"; type=text/html'}
        page = _int_param(q, "page", 1, 1, 10**9)
        per_page = _int_param(q, "per_page", 10, 1, 100)
        orderby = q.get("orderby", ["date"])[0] or "date"
        order = q.get("order", ["desc"])[0] or "desc"
        if orderby not in ("date", "modified", "id", "title", "slug"):
            raise _RestError(400, "rest_invalid_param", "Invalid parameter(s): orderby",
                             {"orderby": "orderby is not one of date, modified, id, title, slug."})
        if order not in ("asc", "desc"):
            raise _RestError(400, "rest_invalid_param", "Invalid parameter(s): order",
                             {"order": "order is not one of asc and desc."})
        posts = state.posts
        for name, attr, later in (("after", "date", True), ("before", "date", False),
                                  ("modified_after", "modified", True), ("modified_before", "modified", False)):
            if q.get(name, [""])[0]:
                when = _parse_when(q[name][0], name)
                posts = [p for p in posts if (getattr(p, attr) > when if later else getattr(p, attr) < when)]
        for name, attr in (("categories", "categories"), ("tags", "tags")):
            ids = _id_list(q, name)
            if ids is not None:
                names = {t.name for t in state.terms_by_id.values() if t.id in ids}
                posts = [p for p in posts if names.intersection(getattr(p, attr))]
        include = _id_list(q, "include")
        if include is not None:
            posts = [p for p in posts if p.id in include]
        if q.get("slug", [""])[0]:
            slugs = set(",".join(q["slug"]).split(","))
            posts = [p for p in posts if p.slug in slugs]
        if q.get("search", [""])[0]:
            needle = az_lower(q["search"][0])
            posts = [p for p in posts if needle in az_lower(p.title + " " + p.text)]
        if orderby == "date":  # state.posts is newest first already
            posts = posts if order == "desc" else posts[::-1]
        else:
            key = {"modified": lambda p: (p.modified, p.id), "id": lambda p: p.id,
                   "title": lambda p: az_lower(p.title), "slug": lambda p: p.slug}[orderby]
            posts = sorted(posts, key=key, reverse=(order == "desc"))
        total = len(posts)
        total_pages = math.ceil(total / per_page)
        if page > total_pages and total > 0:
            raise _RestError(400, "rest_post_invalid_page_number",
                             "The page number requested is larger than the number of pages available.")
        chunk = posts[(page - 1) * per_page: page * per_page]
        if "_fields" in q:
            out: object = []
            for p in chunk:
                obj = dict(_post_json(base, state, p))
                if embed:
                    obj["_embedded"] = _embedded(base, state, p)
                out.append(_fields(q, obj))
        else:  # the common case: serialized posts from the cache
            out = _Raw("[" + ",".join(_post_json_text(base, state, p, embed) for p in chunk) + "]")
        headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(total_pages)}
        params = {k: v[0] for k, v in q.items() if k != "page"}
        links = []
        if page > 1:
            links.append(f'<{base}/wp-json/wp/v2/posts?{urlencode({**params, "page": page - 1})}>; rel="prev"')
        if page < total_pages:
            links.append(f'<{base}/wp-json/wp/v2/posts?{urlencode({**params, "page": page + 1})}>; rel="next"')
        if links:
            headers["Link"] = ", ".join(links)
        return 200, out, headers
    if kind == "users":
        if ident:
            name = state.author_by_id.get(int(ident))
            if name is None:
                raise _RestError(404, "rest_user_invalid_id", "Invalid user ID.")
            return 200, _user_json(base, state, name), {}
        users = [_user_json(base, state, n) for n in state.authors]
        return 200, users, {"X-WP-Total": str(len(users)), "X-WP-TotalPages": "1"}
    terms = list((state.categories if kind == "categories" else state.tags).values())
    if ident:
        t = next((t for t in terms if t.id == int(ident)), None)
        if t is None:
            raise _RestError(404, "rest_term_invalid", "Term does not exist.")
        return 200, _term_json(base, t), {}
    page = _int_param(q, "page", 1, 1, 10**9)
    per_page = _int_param(q, "per_page", 10, 1, 100)
    include = _id_list(q, "include")
    if include is not None:
        terms = [t for t in terms if t.id in include]
    if q.get("post", [""])[0]:
        p = state.by_id.get(int(q["post"][0])) if q["post"][0].isdigit() else None
        names = set(p.categories if kind == "categories" else p.tags) if p else set()
        terms = [t for t in terms if t.name in names]
    if q.get("slug", [""])[0]:
        slugs = set(",".join(q["slug"]).split(","))
        terms = [t for t in terms if t.slug in slugs]
    terms.sort(key=lambda t: az_lower(t.name))
    total = len(terms)
    total_pages = math.ceil(total / per_page)
    if page > total_pages and total > 0:
        raise _RestError(400, "rest_invalid_page_number",
                         "The page number requested is larger than the number of pages available.")
    out = [_term_json(base, t) for t in terms[(page - 1) * per_page: page * per_page]]
    return 200, out, {"X-WP-Total": str(total), "X-WP-TotalPages": str(total_pages)}


# --- HTTP --------------------------------------------------------------------------


_ARTICLE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/([^/]+)(/?)")
_ARCHIVE = re.compile(r"/(tag|category|author)/([^/]+)/(?:page/(\d+)/)?")
_HOME_PAGE = re.compile(r"/page/(\d+)/")


class _Handler(BaseHTTPRequestHandler):
    site: DemoSite  # set on the per-site subclass
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stalls
    server_version = "nginx"
    sys_version = ""
    timeout = 60

    def setup(self):
        super().setup()
        with self.site._lock:
            self.site._conns.add(self.connection)

    def finish(self):
        with self.site._lock:
            self.site._conns.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format, *args):  # noqa: A002 - quiet; the site keeps its own log
        pass

    def do_HEAD(self):
        self._dispatch(head=True)

    def do_GET(self):
        self._dispatch(head=False)

    def _send(self, status: int, body: str | bytes, ctype: str, headers: dict | None = None, head=False):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if head:
            self.end_headers()
        else:  # one write for headers and body
            self._headers_buffer.append(b"\r\n")
            self._headers_buffer.append(data)
            self.flush_headers()

    def _redirect(self, location: str, status: int = 301, head=False):
        self._send(status, "", "text/html; charset=UTF-8", {"Location": location}, head)

    def _json(self, status: int, obj, headers: dict | None = None, head=False):
        self._send(status, obj if isinstance(obj, _Raw) else _dumps(obj),
                   "application/json; charset=UTF-8",
                   {"Link": f'<{self.site.url}/wp-json/>; rel="https://api.w.org/"', **(headers or {})}, head)

    def _dispatch(self, head: bool):
        site = self.site
        site._log(self.path)
        state = site._state  # one snapshot per request
        base = site.url
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        q = parse_qs(parts.query, keep_blank_values=True)
        html_type = "text/html; charset=UTF-8"
        xml_type = "application/xml; charset=UTF-8"
        try:
            if path.startswith("/wp-json") or (path == "/" and "rest_route" in q):
                route = q.pop("rest_route")[0] if path == "/" else path[len("/wp-json"):]
                try:
                    status, obj, headers = rest(base, state, route, q)
                except _RestError as exc:
                    status, obj, headers = exc.status, exc.body(), {}
                return self._json(status, obj, headers, head)
            if path == "/":
                if q.get("p", [""])[0].isdigit():
                    p = state.by_id.get(int(q["p"][0]))
                    if p is None:
                        return self._send(404, render_404(base, state), html_type, head=head)
                    return self._redirect(base + p.path, head=head)
                if "s" in q:
                    needle = az_lower(q["s"][0])
                    found = [p for p in state.posts if needle and needle in az_lower(p.title + " " + p.text)]
                    return self._send(200, render_listing(
                        base, state, found, 1, path="/", heading=f"Axtarış nəticələri: {q['s'][0]}",
                        body_class="search search-results", title=f"Axtarış: {q['s'][0]} - {SITE_NAME}"),
                        html_type, head=head)
                if q.get("feed"):
                    return self._redirect(base + "/feed/", head=head)
                return self._send(200, render_listing(base, state, state.posts, 1, path="/", heading=None,
                                                      body_class="home blog", title=SITE_NAME),
                                  html_type, head=head)
            m = _HOME_PAGE.fullmatch(path)
            if m:
                page = int(m.group(1))
                if page < 1 or (page - 1) * PER_PAGE >= len(state.posts):
                    return self._send(404, render_404(base, state), html_type, head=head)
                return self._send(200, render_listing(base, state, state.posts, page, path="/", heading=None,
                                                      body_class="home blog", title=f"{SITE_NAME} - Səhifə {page}"),
                                  html_type, head=head)
            m = _ARTICLE.fullmatch(path)
            if m:
                canonical = f"/{m.group(1)}/{m.group(2)}/{m.group(3)}/{m.group(4)}/"
                p = state.by_path.get(canonical)
                if p is None:
                    return self._send(404, render_404(base, state), html_type, head=head)
                if not m.group(5):
                    return self._redirect(base + canonical, head=head)
                last_mod = _http_date(p.modified)
                ims = self.headers.get("If-Modified-Since")
                if ims:
                    try:
                        if email.utils.parsedate_to_datetime(ims) >= p.modified.replace(microsecond=0):
                            return self._send(304, b"", html_type, {"Last-Modified": last_mod}, head=True)
                    except (TypeError, ValueError):
                        pass
                data = state.html_cache.get(p.id)
                if data is None:
                    data = render_article(base, state, p).encode("utf-8")
                    state.html_cache[p.id] = data
                return self._send(200, data, html_type, {
                    "Last-Modified": last_mod,
                    "Link": f'<{base}/wp-json/wp/v2/posts/{p.id}>; rel="alternate"; type="application/json", '
                            f'<{base}/?p={p.id}>; rel=shortlink'}, head)
            m = _ARCHIVE.fullmatch(path)
            if m:
                kind, slug, page = m.group(1), m.group(2), int(m.group(3) or 1)
                if kind == "author":
                    name = state.author_by_slug.get(slug)
                    posts = [p for p in state.posts if p.author == name] if name else []
                    heading, cls, term_id = f"Müəllif: {name}", f"archive author author-{slug}", 0
                else:
                    t = (state.tag_by_slug if kind == "tag" else state.cat_by_slug).get(slug)
                    name = t.name if t else None
                    attr = "tags" if kind == "tag" else "categories"
                    posts = [p for p in state.posts if name in getattr(p, attr)] if t else []
                    label = "Etiket" if kind == "tag" else "Kateqoriya"
                    heading = f"{label}: {name}"
                    cls = f"archive {kind} {kind}-{slug} {kind}-{t.id if t else 0}"
                if not posts or page < 1 or (page - 1) * PER_PAGE >= len(posts):
                    return self._send(404, render_404(base, state), html_type, head=head)
                return self._send(200, render_listing(base, state, posts, page, path=f"/{kind}/{slug}/",
                                                      heading=heading, body_class=cls,
                                                      title=f"{name} - {SITE_NAME}"), html_type, head=head)
            if path in ("/feed/", "/feed"):
                if path == "/feed":
                    return self._redirect(base + "/feed/", head=head)
                raw = q.get("paged", ["1"])[0]
                page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
                body = render_feed(base, state, page)
                if body is None:
                    return self._send(404, render_404(base, state), html_type, head=head)
                return self._send(200, body, "application/rss+xml; charset=UTF-8", head=head)
            if path == "/robots.txt":
                return self._send(200, "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
                                       f"Sitemap: {base}/sitemap_index.xml\n", "text/plain; charset=utf-8", head=head)
            if path == "/sitemap.xml":
                return self._redirect(base + "/sitemap_index.xml", head=head)
            if path == "/sitemap_index.xml":
                return self._send(200, render_sitemap_index(base, state), xml_type, head=head)
            m = re.fullmatch(r"/post-sitemap(\d*)\.xml", path)
            if m:
                n = int(m.group(1) or 1)
                body = render_post_sitemap(base, state, n) if n >= 1 and m.group(1) != "1" else None
                if body is None:
                    return self._send(404, render_404(base, state), html_type, head=head)
                return self._send(200, body, xml_type, head=head)
            if path == "/category-sitemap.xml":
                return self._send(200, render_term_sitemap(base, state, "category"), xml_type, head=head)
            if path == "/post_tag-sitemap.xml":
                return self._send(200, render_term_sitemap(base, state, "post_tag"), xml_type, head=head)
            if path == "/news-sitemap.xml":
                return self._send(200, render_news_sitemap(base, state), xml_type, head=head)
            return self._send(404, render_404(base, state), html_type, head=head)
        except (BrokenPipeError, ConnectionResetError):
            pass


# --- a site in another process (for benchmarks: no GIL shared with the crawler) ------


class SiteProcess:
    """`python -m aznews.pipelines.demo.site` in a child process; `url`, `close()`, context manager."""

    def __init__(self, *, posts: int = 0, seed: int = 0, demo: bool = True, port: int = 0,
                 host: str = "127.0.0.1", timeout: float = 30.0):
        cmd = [sys.executable, "-m", "aznews.pipelines.demo.site", "--host", host, "--port", str(port),
               "--posts", str(posts), "--seed", str(seed)]
        if not demo:
            cmd.append("--no-demo")
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            line = self._proc.stdout.readline()
            if line.startswith("aznews demo site:") or not line:
                break
        m = re.search(r"(http://\S+)", line)
        if not m:
            self.close()
            raise RuntimeError(f"demo site process did not start: {line!r}")
        self.url = m.group(1)

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout:
            self._proc.stdout.close()

    def __enter__(self) -> "SiteProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aznews.pipelines.demo.site",
                                 description="Serve the aznews demo news site (WordPress emulator).")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000, help="0: a free port (default 8000)")
    ap.add_argument("--posts", type=int, default=0, metavar="N", help="add N synthetic posts (generate_posts)")
    ap.add_argument("--seed", type=int, default=0, help="seed for the synthetic posts")
    ap.add_argument("--no-demo", action="store_true", help="leave out the bundled posts")
    ap.add_argument("--dir", default=str(DEMO_SITE_DIR), help="folder of the bundled posts")
    args = ap.parse_args(argv)
    posts = [] if args.no_demo else load_posts(args.dir)
    posts += generate_posts(args.posts, seed=args.seed)
    if not posts:
        ap.error("no posts: drop --no-demo or give --posts N")
    site = serve(posts, host=args.host, port=args.port)
    print(f"aznews demo site: {site.url} ({len(posts)} posts); Ctrl-C stops it", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
