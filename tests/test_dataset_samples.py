"""Realistic sample rows built through pipelines.records (shared by the dataset,
query and notebook tests), and the tests of pipelines.records itself.

The reference article is the bayraqdar.info press release of 17 Dec 2021 about
the Ministry of Education (Təhsil Nazirliyi) with Billurə Hacızadə, baş
məsləhətçi; the others are short made-up articles in the same style.
"""
from __future__ import annotations

from datetime import datetime, timezone

from aznews.nlp.types import Analysis, DateValue, Mention, Role
from aznews.pipelines.dataset import schema
from aznews.pipelines.dataset.records import analysis_rows, article_row, nlp_status, parse_timestamp, word_count

REFERENCE_BODY = (
    "Bayraqdar.info – Dekabrın 16-da Təhsil Nazirliyi və tabe qurumların, layihələrin kommunikasiyasına "
    "dair görüş keçirilib.\n\n"
    "Təhsil Nazirliyinin İctimaiyyətlə əlaqələr sektorunun baş məsləhətçisi Billurə Hacızadə "
    "iştirakçıları salamlayıb.\n\n"
    "Daha sonra çıxış edən təhsil nazirinin müşaviri Elnur Nəsibov 2021-ci ildə Nazirlik və tabe qurumlar "
    "arasında mövcud kommunikasiya fəaliyyətinə toxunub.\n\n"
    "İctimaiyyətlə əlaqələr sektorunun müdiri Cəsarət Valehov öz növbəsində təqdimat edib."
)

# (url, source, published, title, body, [(surface, label, canonical)], [(person, title, org, event)], [(text, value, precision)])
ARTICLES = [
    (
        "https://bayraqdar.info/qurumlararasi-kommunikasiyanin-muzakiresi/",
        "bayraqdar",
        "2021-12-17T11:15:00+04:00",
        "Qurumlararası kommunikasiyanın müzakirəsi",
        REFERENCE_BODY,
        [
            ("Təhsil Nazirliyi", "ORGANIZATION", "Təhsil Nazirliyi"),
            ("Təhsil Nazirliyinin", "ORGANIZATION", "Təhsil Nazirliyi"),
            ("baş məsləhətçisi", "TITLE", "baş məsləhətçi"),
            ("Billurə Hacızadə", "PERSON", "Billurə Hacızadə"),
            ("nazirinin müşaviri", "TITLE", "nazir müşaviri"),
            ("Elnur Nəsibov", "PERSON", "Elnur Nəsibov"),
            ("müdiri", "TITLE", "sektor müdiri"),
            ("Cəsarət Valehov", "PERSON", "Cəsarət Valehov"),
        ],
        [
            ("Billurə Hacızadə", "baş məsləhətçi", "Təhsil Nazirliyi", "holds"),
            ("Elnur Nəsibov", "nazir müşaviri", "Təhsil Nazirliyi", "holds"),
            ("Cəsarət Valehov", "sektor müdiri", "Təhsil Nazirliyi", "holds"),
        ],
        [("Dekabrın 16-da", "2021-12-16", "day"), ("2021-ci ildə", "2021", "year")],
    ),
    (
        "https://bayraqdar.info/tehsil-nazirliyinde-teyinat/",
        "bayraqdar",
        "2021-10-05T09:30:00+04:00",
        "Təhsil Nazirliyində yeni təyinat",
        "Billurə Hacızadə Təhsil Nazirliyinin baş məsləhətçisi təyin edilib. Təhsil Nazirliyi bu barədə məlumat yayıb.",
        [
            ("Billurə Hacızadə", "PERSON", "Billurə Hacızadə"),
            ("Təhsil Nazirliyinin", "ORGANIZATION", "Təhsil Nazirliyi"),
            ("baş məsləhətçisi", "TITLE", "baş məsləhətçi"),
            ("Təhsil Nazirliyi", "ORGANIZATION", "Təhsil Nazirliyi"),
        ],
        [("Billurə Hacızadə", "baş məsləhətçi", "Təhsil Nazirliyi", "appointed")],
        [],
    ),
    (
        "https://apa.example.az/xeber/elm-ve-tehsil-nazirliyi-mushavir",
        "apa",
        "2022-09-14T15:00:00+04:00",
        "Elm və Təhsil Nazirliyində müşavir dəyişib",
        "Elnur Nəsibov Elm və Təhsil Nazirliyinin nazir müşaviri vəzifəsindən azad edilib. "
        "Səhiyyə Nazirliyi ilə birgə layihələr davam edəcək.",
        [
            ("Elnur Nəsibov", "PERSON", "Elnur Nəsibov"),
            ("Elm və Təhsil Nazirliyinin", "ORGANIZATION", "Elm və Təhsil Nazirliyi"),
            ("nazir müşaviri", "TITLE", "nazir müşaviri"),
            ("Səhiyyə Nazirliyi", "ORGANIZATION", "Səhiyyə Nazirliyi"),
        ],
        [("Elnur Nəsibov", "nazir müşaviri", "Elm və Təhsil Nazirliyi", "dismissed")],
        [],
    ),
    (
        "https://apa.example.az/xeber/sehiyye-nazirliyi-toplanti",
        "apa",
        "2022-01-20T10:00:00+04:00",
        "Səhiyyə Nazirliyində toplantı",
        "Səhiyyə Nazirliyinin mətbuat katibi Aygün Məmmədova Bakı şəhərində keçirilən toplantıda çıxış edib.",
        [
            ("Səhiyyə Nazirliyinin", "ORGANIZATION", "Səhiyyə Nazirliyi"),
            ("mətbuat katibi", "TITLE", "mətbuat katibi"),
            ("Aygün Məmmədova", "PERSON", "Aygün Məmmədova"),
            ("Bakı", "LOCATION", "Bakı"),
        ],
        [("Aygün Məmmədova", "mətbuat katibi", "Səhiyyə Nazirliyi", "holds")],
        [],
    ),
    (
        "https://report.example.az/ru/novosti-1",
        "report",
        None,
        "Новости",
        "Министерство образования Азербайджана провело встречу с представителями подведомственных учреждений.",
        [],
        [],
        [],
    ),
]


def sample_item(i: int, body: str | None = None, modified_at: str | None = None) -> dict:
    url, source, published, title, text, _, _, _ = ARTICLES[i]
    return {
        "url": url + "?utm_source=test",
        "canonical_url": url,
        "source": source,
        "language": "ru" if source == "report" else "az",
        "title": title,
        "author": None,
        "published_at": published,
        "modified_at": modified_at,
        "fetched_at": "2026-11-20T08:00:00+00:00",
        "body": body if body is not None else text,
        "categories": ["Təhsil"],
        "tags": ["nazirlik", "kommunikasiya"],
        "extraction_method": "wp-json",
        "crawl_id": "test-crawl",
    }


def sample_analysis(i: int, body: str | None = None) -> Analysis:
    _, source, _, _, text, mentions, roles, dates = ARTICLES[i]
    body = body if body is not None else text
    if source == "report":
        return Analysis(language="ru", skipped=True)
    out = Analysis(language="az")
    pos = 0
    for surface, label, canonical in mentions:
        start = body.find(surface, pos if body.find(surface, pos) >= 0 else 0)
        if start < 0:
            start = body.find(surface)
        assert start >= 0, surface
        out.mentions.append(Mention(surface, label, start, start + len(surface), canonical, sentence=body[:start].count(". ")))
        pos = start
    for person, title, org, event in roles:
        out.roles.append(Role(person, title, org, event))
    for text_, value, precision in dates:
        start = max(0, body.find(text_))
        out.dates.append(DateValue(text_, value, precision, start, start + len(text_)))
    return out


def sample_batch(indices=None, body_override: dict | None = None, modified: dict | None = None):
    """(articles, mentions, roles, dates) rows for the chosen sample articles."""
    indices = range(len(ARTICLES)) if indices is None else indices
    body_override = body_override or {}
    modified = modified or {}
    arts, ments, rols, dats = [], [], [], []
    for i in indices:
        body = body_override.get(i)
        item = sample_item(i, body, modified.get(i))
        analysis = sample_analysis(i, body)
        row = article_row(item, "test-crawl", nlp_status(analysis, item["body"]))
        m, r, d = analysis_rows(row["article_id"], analysis, item["published_at"])
        arts.append(row)
        ments += m
        rols += r
        dats += d
    return arts, ments, rols, dats


def sample_counts(indices=None) -> dict:
    indices = range(len(ARTICLES)) if indices is None else indices
    return {
        "articles": len(list(indices)),
        "mentions": sum(len(ARTICLES[i][5]) for i in indices),
        "roles": sum(len(ARTICLES[i][6]) for i in indices),
        "dates": sum(len(ARTICLES[i][7]) for i in indices),
    }


# ---- tests of pipelines.records ----------------------------------------------


def test_article_row_ids_hash_and_utc_timestamps():
    row = article_row(sample_item(0), "crawl-7", "analyzed")
    assert row["article_id"] == schema.article_id(ARTICLES[0][0])  # from the canonical URL, not the fetched one
    assert row["url"].endswith("utm_source=test")
    assert row["published_at"] == datetime(2021, 12, 17, 7, 15, tzinfo=timezone.utc)
    assert row["published_at_local"] == "2021-12-17T11:15:00+04:00"
    assert row["fetched_at"] == datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)
    assert row["modified_at"] is None
    assert row["content_hash"] == schema.content_hash(ARTICLES[0][3], REFERENCE_BODY)
    assert row["word_count"] == len(REFERENCE_BODY.split()) - REFERENCE_BODY.count(" – ")  # the dash is no word
    assert word_count("Dekabrın 16-da Bayraqdar.info – 2021-ci ildə, görüş.") == 6
    assert row["crawl_id"] == "crawl-7"
    assert set(row) == set(schema.ARTICLES.names) - set(schema.WRITER_COLUMNS)


def test_parse_timestamp_forms():
    assert parse_timestamp("2021-12-17T11:15:00Z") == datetime(2021, 12, 17, 11, 15, tzinfo=timezone.utc)
    assert parse_timestamp("2021-12-17T11:15:00") == datetime(2021, 12, 17, 11, 15, tzinfo=timezone.utc)
    assert parse_timestamp(None) is None and parse_timestamp("") is None
    try:
        parse_timestamp("17 Dekabr 2021")
    except ValueError as exc:
        assert "ISO 8601" in str(exc)
    else:
        raise AssertionError("no error for a non-ISO timestamp")


def test_analysis_rows_follow_schema():
    arts, ments, rols, dats = sample_batch([0])
    aid = arts[0]["article_id"]
    assert {m["article_id"] for m in ments} == {aid}
    billure = [m for m in ments if m["canonical"] == "Billurə Hacızadə"][0]
    assert REFERENCE_BODY[billure["start"]:billure["end"]] == "Billurə Hacızadə"
    assert billure["entity_id"] == schema.entity_id("PERSON", "Billurə Hacızadə")
    nazirliyinin = [m for m in ments if m["text"] == "Təhsil Nazirliyinin"][0]
    assert nazirliyinin["entity_id"] == schema.entity_id("ORGANIZATION", "Təhsil Nazirliyi")
    assert rols[0] == {
        "article_id": aid, "person": "Billurə Hacızadə", "title": "baş məsləhətçi",
        "organization": "Təhsil Nazirliyi", "parent_organization": "", "event": "holds", "sentence": 0,
        "published_at": datetime(2021, 12, 17, 7, 15, tzinfo=timezone.utc), "years": ""}
    assert dats[0]["value"] == "2021-12-16" and dats[0]["precision"] == "day"
    for table, rows in (("mentions", ments), ("roles", rols), ("dates", dats)):
        assert set(rows[0]) == set(schema.TABLES[table].names) - {"version"}


def test_nlp_status():
    assert nlp_status(Analysis(language="ru", skipped=True), "текст") == "skipped-language"
    assert nlp_status(Analysis(language="az"), "mətn") == "analyzed"
    assert nlp_status(None, "  ") == "empty"
    assert nlp_status(None, "mətn", error=True) == "error"
