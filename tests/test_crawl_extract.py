"""Extraction cascade (crawler.extract): every step, every visible date format,
page-type rejection, charsets. Pure functions; the demo site's real markup is
fetched over loopback HTTP."""
import json
import urllib.request

import pytest

from aznews.crawler.extract import (
    canonicalize_url,
    classify_page,
    decode_html,
    extract_article,
    extract_wp_post,
    html_to_text,
    parse_visible_date,
)

FETCHED = "2025-11-26T08:00:00+00:00"  # 12:00 in Baku

SEED_TITLE = "Qurumlararası kommunikasiyanın müzakirəsi"
SEED_START = "Bayraqdar.info – Dekabrın 16-da"
CHROME = ("skip to content", "Mission News Theme", "Paylaş", "WhatsApp", "Son yeniləmə", "Kateqoriya",
          "Axtar")


@pytest.mark.parametrize("text, expected", [
    ("17 Dekabr 2021 11:15", "2021-12-17T11:15:00+04:00"),
    ("Son yeniləmə: 17 Dekabr 2021 11:15", "2021-12-17T11:15:00+04:00"),
    (["16 noyabr, 2025", "14:00"], "2025-11-16T14:00:00+04:00"),
    ("16 noyabr, 2025 14:00", "2025-11-16T14:00:00+04:00"),
    ("14 noyabr 2025 16:23 (UTC +04:00)", "2025-11-14T16:23:00+04:00"),
    ("14 noyabr 2025 16:23 (UTC +03:00)", "2025-11-14T16:23:00+03:00"),
    ("09.11.2025 | 10:59", "2025-11-09T10:59:00+04:00"),
    ("Bu gün / 12:18", "2025-11-26T12:18:00+04:00"),
    ("Dünən / 22:30", "2025-11-25T22:30:00+04:00"),
    ("15 Noyabr 10:31", "2025-11-15T10:31:00+04:00"),
    # yearless, later in the year than the fetch: last year's
    ("15 Dekabr 10:31", "2024-12-15T10:31:00+04:00"),
    ("17 декабря 2021, 11:15", "2021-12-17T11:15:00+04:00"),
    ("2021-12-17T11:15:00+04:00", "2021-12-17T11:15:00+04:00"),
    ("2021-12-17T07:15:00Z", "2021-12-17T07:15:00+00:00"),
])
def test_visible_dates(text, expected):
    assert parse_visible_date(text, FETCHED) == expected


def test_visible_date_garbage_and_midnight_fetch():
    assert parse_visible_date("Paylaş", FETCHED) is None
    assert parse_visible_date("", FETCHED) is None
    # "today" is the Baku day, not the UTC day: 22:30 UTC on the 25th is the 26th in Baku
    assert parse_visible_date("Bu gün / 09:05", "2025-11-25T22:30:00+00:00") == "2025-11-26T09:05:00+04:00"


def wp_post(**kw):
    post = {
        "id": 2714, "type": "post", "link": "https://bayraqdar.info/2021/12/17/x/",
        "date": "2021-12-17T11:15:00", "date_gmt": "2021-12-17T07:15:00",
        "modified": "2021-12-18T09:00:00", "modified_gmt": "2021-12-18T05:00:00",
        "title": {"rendered": "Qurumlararas&#305; kommunikasiyan&#305;n m&uuml;zakir&#601;si"},
        "content": {"rendered": "<p>Birinci abzas <strong>qalın</strong>.</p>\n<p>İkinci abzas.</p>"
                                "<div class='sharedaddy'><a>Facebook</a></div><script>x()</script>"},
        "_embedded": {"author": [{"name": "Bayraqdar"}],
                      "wp:term": [[{"taxonomy": "category", "name": "Təhsil"}],
                                  [{"taxonomy": "post_tag", "name": "kommunikasiya"}]]},
    }
    post.update(kw)
    return post


def test_wp_json_step():
    art = extract_wp_post(wp_post())
    assert art["extraction_method"] == "wp-json"
    assert art["title"] == SEED_TITLE
    assert art["body"] == "Birinci abzas qalın.\n\nİkinci abzas."
    assert art["published_at"] == "2021-12-17T11:15:00+04:00"  # offset from date - date_gmt
    assert art["modified_at"] == "2021-12-18T09:00:00+04:00"
    assert art["author"] == "Bayraqdar"
    assert art["categories"] == ["Təhsil"] and art["tags"] == ["kommunikasiya"]
    assert art["language"] == "az"
    assert extract_wp_post(wp_post(type="page"))["rejected"]


PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T | Site</title>
<link rel="canonical" href="https://site.az/2021/12/17/slug/?utm_source=fb">{head}</head>
<body class="single single-post"><a class="skip-link" href="#c">Skip to content</a>
<header><nav>Əsas səhifə Xəbərlər</nav></header>
<h1 class="t">Selektor başlığı</h1><span class="d">17 Dekabr 2021 11:15</span> <span class="a">Müəllif: Aysel Quliyeva</span>
<div class="body"><p>Nazirlikdə görüş keçirilib və iştirakçılar müzakirə aparıblar.</p>
<p>Tədbirdə nazirin müavini çıxış edib və bu barədə məlumat verilib.</p>
<div class="share-buttons">Paylaş: Facebook Twitter</div></div>
<aside class="sidebar">Son xəbərlər: başqa bir xəbər</aside><footer>Bütün hüquqlar qorunur</footer></body></html>"""
HINTS = {"title": "h1.t", "body": "div.body", "date": ".d", "author": ".a"}
BODY = ("Nazirlikdə görüş keçirilib və iştirakçılar müzakirə aparıblar.\n\n"
        "Tədbirdə nazirin müavini çıxış edib və bu barədə məlumat verilib.")


def test_json_ld_step():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": "NewsArticle", "headline": "JSON-LD başlığı", "datePublished": "2021-12-17T11:15:00+04:00",
         "dateModified": "2021-12-17T12:00:00+04:00", "author": {"@type": "Person", "name": "Elnur Nəsibov"},
         "articleSection": ["Təhsil"], "keywords": "nazirlik, görüş"}]}
    html = PAGE.format(lang="az", head=f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    art = extract_article(html, "https://site.az/2021/12/17/slug/", hints=HINTS, fetched_at=FETCHED)
    assert art["extraction_method"] == "json-ld"
    assert art["title"] == "JSON-LD başlığı"
    assert art["published_at"] == "2021-12-17T11:15:00+04:00"
    assert art["modified_at"] == "2021-12-17T12:00:00+04:00"
    assert art["author"] == "Elnur Nəsibov"
    assert art["categories"] == ["Təhsil"] and art["tags"] == ["nazirlik", "görüş"]
    assert art["body"] == BODY  # body from the site's selector, chrome removed
    assert art["canonical_url"] == "https://site.az/2021/12/17/slug/"  # tracking parameter dropped


def test_opengraph_step():
    head = ('<meta property="og:type" content="article"><meta property="og:title" content="OG başlığı">'
            '<meta property="article:published_time" content="2021-12-17T07:15:00+00:00">'
            '<meta property="article:section" content="Siyasət">')
    art = extract_article(PAGE.format(lang="az", head=head), "https://site.az/2021/12/17/slug/",
                          hints=HINTS, fetched_at=FETCHED)
    assert art["extraction_method"] == "opengraph+selectors"
    assert art["title"] == "OG başlığı"
    assert art["published_at"] == "2021-12-17T07:15:00+00:00"
    assert art["categories"] == ["Siyasət"]
    assert art["body"] == BODY
    assert art["author"] == "Aysel Quliyeva"  # from the selector, "Müəllif:" stripped


def test_selectors_step():
    art = extract_article(PAGE.format(lang="az", head=""), "https://site.az/2021/12/17/slug/",
                          hints=HINTS, fetched_at=FETCHED)
    assert art["extraction_method"] == "selectors"
    assert art["title"] == "Selektor başlığı"
    assert art["published_at"] == "2021-12-17T11:15:00+04:00"  # visible Azerbaijani date, Baku offset
    assert art["body"] == BODY


def test_xpath_selectors_from_registry_style():
    hints = {"title": '//h1[@class="t"]//text()', "body": '//div[@class="body"]//p//text()'}
    art = extract_article(PAGE.format(lang="az", head=""), "https://site.az/2021/12/17/slug/", hints=hints)
    assert art["title"] == "Selektor başlığı"
    assert art["body"] == BODY


def test_trafilatura_step():
    paras = ["Azərbaycan Respublikasının Təhsil Nazirliyində kommunikasiya məsələlərinə dair geniş görüş "
             f"keçirilib və iştirakçılar növbəti ilin planlarını müzakirə ediblər, bənd {i}." for i in range(6)]
    html = ("<html lang='az'><head><title>Görüş keçirilib</title></head><body><div id='menu'><a href='/'>Əsas</a></div>"
            "<div id='wrap'><div class='txt'>" + "".join(f"<p>{p}</p>" for p in paras) + "</div></div></body></html>")
    art = extract_article(html, "https://unknown.az/xeber/gorus-kecirilib-123", hints={})
    assert art["extraction_method"] == "trafilatura"
    assert art["body"].split("\n\n") == paras
    assert art["language"] == "az"


@pytest.mark.parametrize("url, body_class, reason", [
    ("https://site.az/tag/tehsil/", "", "tag page"),
    ("https://site.az/category/siyaset/", "", "category page"),
    ("https://site.az/author/admin/", "", "author page"),
    ("https://site.az/?s=nazir", "", "search page"),
    ("https://site.az/", "", "index page"),
    ("https://site.az/some-archive/", "archive tag tag-x", "tag page"),
    ("https://site.az/2021/12/17/slug/", "single single-post", None),
])
def test_page_types(url, body_class, reason):
    assert classify_page(url, body_class) == reason


def test_non_article_pages_rejected_and_empty_body():
    html = ("<html><body class='archive tag'><h1>Teq: təhsil</h1><article><h2><a href='/a/'>A</a></h2>"
            "<p>Çox uzun bir xülasə mətni burada yazılıb və oxucuya təqdim olunub.</p></article></body></html>")
    assert extract_article(html, "https://site.az/tag/tehsil/")["rejected"] == "tag page"
    empty = PAGE.format(lang="az", head="").replace(
        '<p>Nazirlikdə görüş keçirilib və iştirakçılar müzakirə aparıblar.</p>', "").replace(
        '<p>Tədbirdə nazirin müavini çıxış edib və bu barədə məlumat verilib.</p>', "")
    art = extract_article(empty, "https://site.az/2021/12/17/slug/", hints=HINTS)
    assert art["rejected"] == "empty body" and art["body"] == ""


def test_charsets():
    ru = "<html><body><h1>Встреча министра</h1><p>Министр провёл встречу с учителями школ.</p></body></html>"
    az = "<html><body><p>Təhsil Nazirliyində görüş keçirilib, İctimaiyyətlə əlaqələr.</p></body></html>"
    assert decode_html(ru.encode("cp1251")) == ru  # none declared: guessed
    assert decode_html(b"\xef\xbb\xbf" + az.encode(), "iso-8859-1") == az  # BOM beats a wrong header
    assert decode_html(az.encode(), "windows-1251") == az  # valid UTF-8 beats a wrong header
    assert decode_html("Bakı şəhəri".encode("cp1254", "replace"), None).startswith("Bak")
    art = extract_article(ru.encode("cp1251"), "https://site.az/news/vstrecha-ministra-1/")
    assert art["title"] == "Встреча министра" and art["language"] == "ru"


def test_html_to_text_and_canonical():
    assert html_to_text("<p>a<br>b</p><ul><li>c</li></ul><div class='share'>x</div>") == "a\n\nb\n\nc"
    assert canonicalize_url("HTTPS://Site.AZ:443/a/?utm_source=x&id=5#top") == "https://site.az/a/?id=5"


@pytest.fixture(scope="module")
def demo():
    from aznews.pipelines.demo.site import load_posts, serve

    with serve(load_posts()) as site:
        yield site


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read()


def test_demo_seed_article_html(demo):
    from aznews.crawler.sources import get_source

    seed = next(p for p in demo.posts if p.title == SEED_TITLE)
    url = demo.link(seed)
    art = extract_article(_get(url), url, hints=get_source("bayraqdar")["extract"], fetched_at=FETCHED)
    assert art["rejected"] is None
    assert art["title"] == SEED_TITLE
    assert art["published_at"] == "2021-12-17T11:15:00+04:00"
    assert art["body"].startswith(SEED_START)
    assert art["body"] == seed.text  # exactly the paragraphs, nothing else
    for chrome in CHROME:
        assert chrome not in art["body"]
    assert art["language"] == "az"
    assert art["canonical_url"] == url


def test_demo_non_articles(demo):
    html = _get(demo.url + "/").decode()
    tag = __import__("re").search(r'href="([^"]+/tag/[^"]+)"', html)
    if tag is None:  # the home page may not link tags; take one from an article
        seed = demo.posts[0]
        tag = __import__("re").search(r'href="([^"]+/tag/[^"]+)"', _get(demo.link(seed)).decode())
    tag_url = tag.group(1)
    assert extract_article(_get(tag_url), tag_url)["rejected"] == "tag page"
    assert extract_article(_get(demo.url + "/?s=nazir"), demo.url + "/?s=nazir")["rejected"] == "search page"
    assert extract_article(_get(demo.url + "/"), demo.url + "/")["rejected"] == "index page"


def test_demo_russian_post_language(demo):
    ru = [p for p in demo.posts if p.language == "ru"]
    if not ru:
        pytest.skip("the demo site has no Russian post")
    url = demo.link(ru[0])
    assert extract_article(_get(url), url)["language"] == "ru"


def test_decode_html_reads_http_equiv_and_xml_declarations():
    # Turkish-Latin bytes that would also decode (wrongly) as windows-1251: the declaration decides
    az = "Təhsil Nazirliyi"
    tr = "Milli Eğitim Bakanlığı ve öğrenciler"
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1254"></head><body>{tr}</body></html>'
    assert tr in decode_html(page.encode("cp1254"))
    xml = f'<?xml version="1.0" encoding="iso-8859-9"?><html><body>{tr}</body></html>'
    assert tr in decode_html(xml.encode("iso-8859-9"))
    assert az in decode_html(f"<p>{az}</p>".encode())  # valid UTF-8 needs no declaration
