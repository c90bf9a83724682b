"""Coreference within an article, the non-Azerbaijani skip, offsets and batching."""
from __future__ import annotations

import pytest

from aznews import nlp


@pytest.fixture(scope="session")
def az():
    if nlp._default is None:
        nlp._default = nlp.Analyzer()
    return nlp._default


TEXT = ("Azərbaycan Respublikasının Elm və Təhsil Nazirliyinin şöbə müdiri Leyla Məmmədova Bakıda "
        "müəllimlərlə görüşüb. L.Məmmədova bildirib ki, yeni dərs ilinə hazırlıq başa çatıb. "
        "Məmmədovanın sözlərinə görə, Nazirlik bu il 20 yeni məktəb tikəcək. Nazirlikdən həmçinin "
        "bildiriblər ki, Teymur Yusif oğlu Musayev də layihədə iştirak edəcək. Musayev bildirib ki, "
        "işlər vaxtında görüləcək.")


@pytest.fixture(scope="module")
def result(az):
    return az.analyze(TEXT, published="2023-05-04T10:00:00+04:00")


def canon(result, surface):
    return next(m.canonical for m in result.mentions if m.text == surface)


def test_person_coreference(result):
    assert canon(result, "Leyla Məmmədova") == "Leyla Məmmədova"
    assert canon(result, "L.Məmmədova") == "Leyla Məmmədova"
    assert canon(result, "Məmmədovanın") == "Leyla Məmmədova"
    assert canon(result, "Teymur Yusif oğlu Musayev") == "Teymur Musayev"
    assert canon(result, "Musayev") == "Teymur Musayev"
    assert set(result.distinct("PERSON")) == {"Leyla Məmmədova", "Teymur Musayev"}


def test_organization_coreference(result):
    assert result.distinct("ORGANIZATION") == ["Elm və Təhsil Nazirliyi"]
    full = next(m for m in result.mentions if m.label == "ORGANIZATION")
    assert full.text == "Azərbaycan Respublikasının Elm və Təhsil Nazirliyinin"
    assert canon(result, "Nazirlik") == "Elm və Təhsil Nazirliyi"
    assert canon(result, "Nazirlikdən") == "Elm və Təhsil Nazirliyi"
    assert "Bakı" in result.distinct("LOCATION")


def test_offsets(result):
    for m in result.mentions:
        assert TEXT[m.start : m.end] == m.text


@pytest.mark.parametrize("text,lang", [
    ("Министерство образования Азербайджана провело встречу с руководителями подведомственных "
     "учреждений, на которой обсуждались вопросы коммуникации.", "ru"),
    ("The Ministry of Education held a meeting with the heads of its agencies on Thursday, and the "
     "adviser to the minister spoke about communication.", "en"),
    ("Milli Eğitim Bakanlığı, bağlı kuruluşların yöneticileriyle bir toplantı düzenledi ve iletişim "
     "konularını değerlendirdi. Bakan yardımcısı da toplantıya katıldı.", "tr"),
])
def test_non_azerbaijani_is_skipped(az, text, lang):
    result = az.analyze(text)
    assert result.language == lang
    assert result.skipped
    assert result.mentions == [] and result.roles == [] and result.dates == []


def test_analyze_many_keeps_order_and_matches_analyze(az):
    texts = [(TEXT, None), ("The meeting was held in Baku on Thursday with many guests present.", None),
             ("Təhsil nazirinin müşaviri Elnur Nəsibov 2021-ci ildə Gəncədə olub və tələbələrlə görüşüb.", None)]
    many = list(az.analyze_many(texts, batch_size=2))
    assert [r.skipped for r in many] == [False, True, False]
    single = az.analyze(texts[2][0])
    assert many[2].to_contract() == single.to_contract()
    assert ("Elnur Nəsibov", "nazir müşaviri", "Təhsil Nazirliyi") in {
        (r.person, r.title, r.organization) for r in many[2].roles}


def test_quoted_company_and_its_acronym(az):
    text = ('Dünən Abşeron rayonunun Masazır və Novxanı qəsəbələrində elektrik enerjisinin verilişində fasilələr '
            'yaranıb. "Azərişıq" ASC-nin sözçüsü Ləman Əzizova bildirib ki, qəzalar aradan qaldırılıb. '
            'ASC-yə daxil olan müraciətlərin sayı azalıb.')
    result = az.analyze(text)
    assert result.distinct("ORGANIZATION") == ["Azərişıq"]
    quoted = next(m for m in result.mentions if m.label == "ORGANIZATION")
    assert quoted.text == "Azərişıq"
    assert {"Masazır", "Novxanı"} <= set(result.distinct("LOCATION"))
    assert {(r.person, r.title, r.organization) for r in result.roles} == {("Ləman Əzizova", "sözçü", "Azərişıq")}
