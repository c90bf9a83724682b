"""Azerbaijani date expressions: normalization, offsets, resolution against the publication date."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aznews.nlp.dates import find_dates, parse_published

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "bayraqdar-2021-12-17-qurumlararasi-kommunikasiya.txt"
PUB = "2024-05-10T09:30:00+04:00"


def dates(text, published=PUB):
    found = find_dates(text, published)
    for d in found:
        assert text[d.start:d.end] == d.text
    return [(d.text, d.value, d.precision, d.end_value) for d in found]


# (text, published, expected [(surface, value, precision, end_value)])
CASES = [
    # day + month, year-less: the publication year
    ("Dekabrın 16-da görüş keçirilib.", "2021-12-17", [("Dekabrın 16-da", "2021-12-16", "day", None)]),
    ("aprelin 23-də", PUB, [("aprelin 23-də", "2024-04-23", "day", None)]),
    ("İyulun 5-də", PUB, [("İyulun 5-də", "2024-07-05", "day", None)]),
    ("İYULUN 5-DƏ", PUB, [("İYULUN 5-DƏ", "2024-07-05", "day", None)]),
    ("23 aprel tarixində", PUB, [("23 aprel", "2024-04-23", "day", None)]),
    ("mayın 9-u Qələbə günüdür", PUB, [("mayın 9-u", "2024-05-09", "day", None)]),
    ("8 Mart bayramı", PUB, [("8 Mart", "2024-03-08", "day", None)]),
    ("16 dekabrda", "2021-12-20", [("16 dekabrda", "2021-12-16", "day", None)]),
    ("dekabr ayının 16-da", "2021-12-20", [("dekabr ayının 16-da", "2021-12-16", "day", None)]),
    # year-less resolution: too far in the future -> previous year; just after New Year -> previous year
    ("Dekabrın 16-da", PUB, [("Dekabrın 16-da", "2023-12-16", "day", None)]),
    ("dekabrın 28-də", "2022-01-05", [("dekabrın 28-də", "2021-12-28", "day", None)]),
    # ...and a January date in late December is next January
    ("yanvarın 10-da", "2021-12-20", [("yanvarın 10-da", "2022-01-10", "day", None)]),
    # day + month + year
    ("16 dekabr 2021-ci il", None, [("16 dekabr 2021-ci il", "2021-12-16", "day", None)]),
    ("16 dekabr 2021-ci ildə keçirilib", None, [("16 dekabr 2021-ci ildə", "2021-12-16", "day", None)]),
    ("Son yeniləmə: 17 Dekabr 2021 11:15", None, [("17 Dekabr 2021", "2021-12-17", "day", None)]),
    ("2021-ci il dekabrın 16-da", None, [("2021-ci il dekabrın 16-da", "2021-12-16", "day", None)]),
    ("2021-ci ilin dekabr ayının 16-da", None, [("2021-ci ilin dekabr ayının 16-da", "2021-12-16", "day", None)]),
    ("2021-ci il 16 dekabr", None, [("2021-ci il 16 dekabr", "2021-12-16", "day", None)]),
    ("16 SENTYABR 2020", None, [("16 SENTYABR 2020", "2020-09-16", "day", None)]),
    # numeric
    ("16.12.2021 tarixində", None, [("16.12.2021", "2021-12-16", "day", None)]),
    ("16/12/2021", None, [("16/12/2021", "2021-12-16", "day", None)]),
    ("2021-12-16T10:00", None, [("2021-12-16", "2021-12-16", "day", None)]),
    ("01.02.2023-də", None, [("01.02.2023-də", "2023-02-01", "day", None)]),
    ("32.13.2021 və 192.168.1.1", None, []),
    # ranges
    ("10-11 iyul", PUB, [("10-11 iyul", "2024-07-10", "day", "2024-07-11")]),
    ("10 iyul - 15 avqust 2024", None, [("10 iyul - 15 avqust 2024", "2024-07-10", "day", "2024-08-15")]),
    ("10 iyuldan 15 avqustadək", PUB, [("10 iyuldan 15 avqustadək", "2024-07-10", "day", "2024-08-15")]),
    ("dekabrın 16-dan 20-dək", "2021-12-21", [("dekabrın 16-dan 20-dək", "2021-12-16", "day", "2021-12-20")]),
    ("28 dekabr - 5 yanvar 2022", None, [("28 dekabr - 5 yanvar 2022", "2021-12-28", "day", "2022-01-05")]),
    ("2025/2026-cı tədris ili", None, [("2025/2026-cı tədris ili", "2025", "year", "2026")]),
    ("2021-2025-ci illər üçün proqram", None, [("2021-2025-ci illər", "2021", "year", "2025")]),
    ("Kral (1928 – 1939) olmuşdur, roman (1961)", None,
     [("1928 – 1939", "1928", "year", "1939"), ("1961", "1961", "year", None)]),
    ("1500-2000 manat, 2000-2500 nəfər, 1900-2000 %", None, []),
    # months
    ("2024-cü ilin mart ayında", None, [("2024-cü ilin mart ayında", "2024-03", "month", None)]),
    ("2024-cü ilin martında", None, [("2024-cü ilin martında", "2024-03", "month", None)]),
    ("martın əvvəlində", PUB, [("martın əvvəlində", "2024-03", "month", None)]),
    ("iyunun ikinci yarısında", PUB, [("iyunun ikinci yarısında", "2024-06", "month", None)]),
    ("dekabr ayında", "2021-12-17", [("dekabr ayında", "2021-12", "month", None)]),
    ("Dekabrda", "2022-01-10", [("Dekabrda", "2021-12", "month", None)]),
    ("dekabradək", "2021-11-01", [("dekabradək", "2021-12", "month", None)]),
    ("fevraldan", PUB, [("fevraldan", "2024-02", "month", None)]),
    ("Dekabr 2021", None, [("Dekabr 2021", "2021-12", "month", None)]),
    ("ötən ilin dekabr ayında", PUB, [("ötən ilin dekabr ayında", "2023-12", "month", None)]),
    ("2021-ci ilin yanvar-sentyabr aylarında", None,
     [("2021-ci ilin yanvar-sentyabr aylarında", "2021-01", "month", "2021-09")]),
    ("noyabr-dekabr aylarında", "2021-12-17", [("noyabr-dekabr aylarında", "2021-11", "month", "2021-12")]),
    # years
    ("2021/2022 mövsümündə", None, [("2021/2022 mövsümündə", "2021", "year", "2022")]),
    ("2022-ci ildə", None, [("2022-ci ildə", "2022", "year", None)]),
    ("2021-ci təqvim ilində", None, [("2021-ci təqvim ilində", "2021", "year", None)]),
    ("2022-ci il üçün", None, [("2022-ci il", "2022", "year", None)]),
    ("2023-cü ilin sonunda", None, [("2023-cü ilin", "2023", "year", None)]),
    ("2021-də başlayıb", None, [("2021-də", "2021", "year", None)]),
    ("2021-ci və 2022-ci illərdə", None, [("2021-ci", "2021", "year", None), ("2022-ci illərdə", "2022", "year", None)]),
    # relative
    ("Bu gün açılış olub", PUB, [("Bu gün", "2024-05-10", "day", None)]),
    ("dünən", PUB, [("dünən", "2024-05-09", "day", None)]),
    ("srağagün", PUB, [("srağagün", "2024-05-08", "day", None)]),
    ("sabah saat 10-da", PUB, [("sabah", "2024-05-11", "day", None)]),
    ("bu sabah yağış yağıb", PUB, []),
    ("Sabah oyun keçiriləcək.", PUB, [("Sabah", "2024-05-11", "day", None)]),
    ("Bu gün “Qarabağ” Sabah ilə qarşılaşacaq, Sabah FK qalib gəlib", PUB, [("Bu gün", "2024-05-10", "day", None)]),
    ("bu il", PUB, [("bu il", "2024", "year", None)]),
    ("cari ilin", PUB, [("cari ilin", "2024", "year", None)]),
    ("ötən il", PUB, [("ötən il", "2023", "year", None)]),
    ("keçən ildə", PUB, [("keçən ildə", "2023", "year", None)]),
    ("gələn il", PUB, [("gələn il", "2025", "year", None)]),
    ("bu ay", PUB, [("bu ay", "2024-05", "month", None)]),
    ("ötən ay", "2024-01-15", [("ötən ay", "2023-12", "month", None)]),
    ("gələn aydan", "2024-12-15", [("gələn aydan", "2025-01", "month", None)]),
    ("bu ayın 20-də", PUB, [("bu ayın 20-də", "2024-05-20", "day", None)]),
    ("bu günlərdə", PUB, []),
    ("şirkət bu günə qədər 100 layihə icra edib, bu günədək də davam edir", PUB, []),  # "so far"
    ("açıldığı vaxtdan bu günədək", PUB, [("bu günədək", "2024-05-10", "day", None)]),  # a range ending today
    ("görüş bu günə təyin olunub", PUB, [("bu günə", "2024-05-10", "day", None)]),
    ("ötən illərdə", PUB, []),
    # not dates
    ("bəyənilmə sayı 157 min 230, izləyici sayı isə 187 min 309-dur", PUB, []),
    ("abunəçi sayı 109 mindir", PUB, []),
    ("11,5 milyon manat, 5 nəfər, 3.5 faiz", PUB, []),
    ("Əlaqə: +994 12 510 16 12, (050) 123-45-67", PUB, []),
    ("saat 11:15-də", PUB, []),
    ("2000-dən çox insan, 2000 il əvvəl", PUB, []),
    ("1990-cı illərdə", PUB, [("1990-cı illərdə", "1990", "year", "1999")]),
    ("1377-ci ildə", None, [("1377-ci ildə", "1377", "year", None)]),
    ("2 yanvar 1776-cı il", None, [("2 yanvar 1776-cı il", "1776-01-02", "day", None)]),
    ("5-ci ildir ki, 100-cü ildönümü", PUB, []),
    ("XXI əsrdə", PUB, []),
    ("maya dəyəri, 5 mayor, smart", PUB, []),
    ("31 fevral", PUB, []),
    ("Dekabrın", PUB, []),
]


@pytest.mark.parametrize("text,published,expected", CASES, ids=[c[0][:30] for c in CASES])
def test_cases(text, published, expected):
    assert dates(text, published) == expected


@pytest.mark.parametrize("text", ["Dekabrın 16-da", "dünən", "bu il", "martın əvvəlində", "bu ay", "10-11 iyul"])
def test_without_published_yearless_and_relative_are_dropped(text):
    assert find_dates(text, None) == []
    assert find_dates(text, "not a date") == []


def test_published_forms():
    assert parse_published("2021-12-17T11:15:00+04:00") == dt.date(2021, 12, 17)
    assert parse_published("2021-12-17T23:30:00Z") == dt.date(2021, 12, 17)
    assert parse_published(dt.datetime(2021, 12, 17, 11, 15)) == dt.date(2021, 12, 17)
    assert parse_published(dt.date(2021, 12, 17)) == dt.date(2021, 12, 17)
    assert parse_published("") is None and parse_published("yesterday") is None
    want = [("dünən", "2021-12-16")]
    for pub in ("2021-12-17", dt.datetime(2021, 12, 17, 11, 15), dt.date(2021, 12, 17)):
        assert [(d.text, d.value) for d in find_dates("dünən", pub)] == want


def test_offsets_and_sentences_in_running_text():
    text = ("Görüş Dekabrın 16-da keçirilib. Layihə 2022-ci ildə başlayacaq.\n\n"
            "İctimaiyyətlə əlaqələr sektoru 10-11 iyul tarixlərində təlim keçəcək.")
    found = find_dates(text, "2021-12-17")
    assert [(d.text, d.sentence) for d in found] == [("Dekabrın 16-da", 0), ("2022-ci ildə", 1), ("10-11 iyul", 2)]
    for d in found:
        assert text[d.start:d.end] == d.text
    # caller-supplied sentence spans are used as given
    spans = [(0, len(text))]
    assert {d.sentence for d in find_dates(text, "2021-12-17", sentences=spans)} == {0}


@pytest.mark.skipif(not SEED.exists(), reason=f"seed text not found at {SEED} (../shared missing)")
def test_seed_press_release():
    text = SEED.read_text(encoding="utf-8")
    body = text[text.index("Bayraqdar.info –"):]
    found = find_dates(body, "2021-12-17T11:15:00+04:00")
    assert {d.value for d in found} == {"2021-12-16", "2021", "2022"}
    surfaces = [d.text for d in found]
    for s in ("Dekabrın 16-da", "2021-ci təqvim ilində", "2021-ci ildə", "2022-ci ildə", "2022-ci il"):
        assert s in surfaces
    assert not any("157" in s or "109" in s or "min" in s for s in surfaces)
    # with the dateline, "17 Dekabr 2021 11:15" adds the publication day
    full = find_dates(text, "2021-12-17T11:15:00+04:00")
    assert {d.value for d in full} == {"2021-12-17", "2021-12-16", "2021", "2022"}
    assert full[0].text == "17 Dekabr 2021" and full[0].precision == "day"
