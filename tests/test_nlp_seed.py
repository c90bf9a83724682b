"""The reference press release (bayraqdar.info, 17 Dec 2021): the extractor's acceptance test."""
from __future__ import annotations

import glob
from pathlib import Path

import pytest

from aznews import nlp

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed"
PUBLISHED = "2021-12-17T11:15:00+04:00"


def _body() -> str:
    files = sorted(glob.glob(str(SEED / "*.txt")))
    if not files:
        pytest.skip("../shared/seed is not available")
    raw = Path(files[0]).read_text(encoding="utf-8")
    start = raw.index("Bayraqdar.info – Dekabrın 16-da")
    end = raw.find("Mission News Theme")
    return raw[start : end if end > 0 else len(raw)].strip()


@pytest.fixture(scope="session")
def az():
    if nlp._default is None:
        nlp._default = nlp.Analyzer()
    return nlp._default


@pytest.fixture(scope="module")
def seed(az):
    text = _body()
    return text, az.analyze(text, published=PUBLISHED)


def test_seed_persons_exactly(seed):
    _, result = seed
    assert result.language == "az" and not result.skipped
    assert set(result.distinct("PERSON")) == {"Billurə Hacızadə", "Elnur Nəsibov", "Cəsarət Valehov"}


def test_seed_roles(seed):
    _, result = seed
    roles = {(r.person, r.title, r.organization) for r in result.roles}
    sector = "İctimaiyyətlə əlaqələr sektoru"
    assert ("Billurə Hacızadə", "baş məsləhətçi", sector) in roles
    assert ("Elnur Nəsibov", "nazir müşaviri", "Təhsil Nazirliyi") in roles
    assert ("Cəsarət Valehov", "sektor müdiri", sector) in roles
    # the later "Nazirin müşaviri" / "sektor müdiri" refer back: no other roles
    assert len({(p, t) for p, t, _ in roles}) == 3
    assert all(r.event == "holds" for r in result.roles)
    # the sector is the ministry's: from the genitive chain for Hacızadə, carried to Valehov
    parents = {r.person: r.parent for r in result.roles}
    assert parents == {"Billurə Hacızadə": "Təhsil Nazirliyi", "Elnur Nəsibov": "",
                       "Cəsarət Valehov": "Təhsil Nazirliyi"}


def test_seed_dates_exactly(seed):
    _, result = seed
    assert set(result.to_contract()["dates"]) == {"2021-12-16", "2021", "2022"}
    first = result.dates[0]
    assert first.value == "2021-12-16" and first.precision == "day"
    assert first.text.startswith("Dekabrın 16")


def test_seed_organizations_and_canonical_forms(seed):
    text, result = seed
    orgs = result.distinct("ORGANIZATION")
    assert "Təhsil Nazirliyi" in orgs
    assert "İctimaiyyətlə əlaqələr sektoru" in orgs
    # every bare "Nazirlik"/"Nazirliyin"/"Nazirlikdən" resolves to the ministry
    for m in result.mentions:
        if m.label == "ORGANIZATION" and m.text.lower().startswith("nazirl"):
            assert m.canonical == "Təhsil Nazirliyi", m
    by_text = {m.text: m.canonical for m in result.mentions}
    assert by_text["B.Hacızadə"] == "Billurə Hacızadə"
    assert by_text["Təhsil Nazirliyinin"] == "Təhsil Nazirliyi"
    assert by_text["Nazirlikdən"] == "Təhsil Nazirliyi"
    assert "nazir müşaviri" in result.distinct("TITLE")
    assert "baş məsləhətçi" in result.distinct("TITLE")
    # no case endings left in any canonical person/organization
    for c in result.distinct("PERSON") + orgs:
        assert not c.endswith(("nin", "nın", "nun", "dən", "dan")), c


def test_seed_offsets_and_sentences(seed):
    text, result = seed
    assert result.sentences and all(0 <= a < b <= len(text) for a, b in result.sentences)
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
        a, b = result.sentences[m.sentence]
        assert a <= m.start and m.end <= b, (m, a, b)
        assert m.method in ("model", "rule") and 0 < m.score <= 1
    for d in result.dates:
        assert text[d.start : d.end] == d.text
    # "Billurə Hacızadə" is in the third sentence (index 2)
    bh = next(m for m in result.mentions if m.text == "Billurə Hacızadə")
    assert bh.sentence == 2
