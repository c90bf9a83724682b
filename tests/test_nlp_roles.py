"""Roles from press-release patterns: genitive chains, titles before/after names,
appositions, several titles for one person, field ministries, appointments and dismissals."""
from __future__ import annotations

import pytest

from aznews import nlp


@pytest.fixture(scope="session")
def az():
    if nlp._default is None:
        nlp._default = nlp.Analyzer()
    return nlp._default


def roles(az, text):
    result = az.analyze(text)
    assert result.language == "az", result.language
    return {(r.person, r.title, r.organization, r.event) for r in result.roles}


def test_genitive_chain_takes_the_nearest_organization(az):
    got = roles(az, "Kənd Təsərrüfatı Nazirliyinin Mətbuat xidmətinin baş məsləhətçisi Leyla Məmmədova "
                    "fermerlərlə görüşüb və onların təkliflərini dinləyib.")
    assert got == {("Leyla Məmmədova", "baş məsləhətçi", "Mətbuat xidməti", "holds")}


def test_title_before_name_without_organization(az):
    got = roles(az, "Tədbirdə çıxış edən nazirin müavini Rauf Hüseynov yeni layihələrdən danışıb və "
                    "gələcək planları açıqlayıb.")
    assert got == {("Rauf Hüseynov", "nazir müavini", "", "holds")}


def test_field_minister_names_the_ministry(az):
    got = roles(az, "Görüşdə səhiyyə nazirinin müşaviri Anar Quliyev xəstəxanaların vəziyyəti barədə "
                    "məlumat verib.")
    assert got == {("Anar Quliyev", "nazir müşaviri", "Səhiyyə Nazirliyi", "holds")}


def test_apposition_after_name(az):
    got = roles(az, "Hikmət Hacıyev, Prezidentin köməkçisi, bildirib ki, danışıqlar bu il də davam edəcək "
                    "və tərəflər razılığa gələcək.")
    assert got == {("Hikmət Hacıyev", "Prezident köməkçisi", "", "holds")}


def test_two_titles_for_one_person(az):
    got = roles(az, "Prezidentin köməkçisi – Prezident Administrasiyasının Xarici siyasət məsələləri "
                    "şöbəsinin müdiri Hikmət Hacıyev jurnalistlərin suallarını cavablandırıb və bəyanat verib.")
    assert ("Hikmət Hacıyev", "Prezident köməkçisi", "", "holds") in got
    # the title as written ("müdiri"); "şöbə müdiri" only when the article calls the post that
    assert ("Hikmət Hacıyev", "müdir", "Xarici siyasət məsələləri şöbəsi", "holds") in got
    assert len(got) == 2


def test_appointment(az):
    got = roles(az, "Anar Quliyev Təhsil Nazirliyinin baş məsləhətçisi vəzifəsinə təyin edilib. "
                    "Bu barədə nazirliyin mətbuat xidməti məlumat verib.")
    assert ("Anar Quliyev", "baş məsləhətçi", "Təhsil Nazirliyi", "appointed") in got


def test_dismissal_and_decree(az):
    got = roles(az, "Teymur Yusif oğlu Musayev Dövlət Gömrük Komitəsinin sədri vəzifəsindən azad edilib. "
                    "Bu barədə dövlət başçısı sərəncam imzalayıb.")
    assert ("Teymur Musayev", "sədr", "Dövlət Gömrük Komitəsi", "dismissed") in got
    decree = roles(az, "Rauf Hüseynov Azərbaycan Respublikasının Dövlət Gömrük Komitəsinin sədri "
                       "vəzifəsinə təyin edilsin. Bu Sərəncam imzalandığı gündən qüvvəyə minir.")
    assert ("Rauf Hüseynov", "sədr", "Dövlət Gömrük Komitəsi", "appointed") in decree


def test_bare_title_later_adds_no_role(az):
    text = ("Təhsil nazirinin müşaviri Elnur Nəsibov tədbirdə çıxış edib. Nazirin müşaviri qeyd edib ki, "
            "kommunikasiya işi gücləndiriləcək. Sektor müdiri də fikirlərini bölüşüb.")
    got = roles(az, text)
    assert got == {("Elnur Nəsibov", "nazir müşaviri", "Təhsil Nazirliyi", "holds")}


def test_held_post_dismissal_and_same_post(az):
    got = roles(az, "Görüşün sonunda Hava Nəqliyyatı Gömrük İdarəsinin rəisi Nazim Əkbərov tutduğu vəzifədən "
                    "azad edildiyi elan olunub.")
    assert {(p, t, e) for p, t, _o, e in got} == {("Nazim Əkbərov", "rəis", "dismissed")}
    got = roles(az, "Prezidentin Sərəncamı ilə Fuad Süleymanov Ağstafa Rayon İcra Hakimiyyətinin başçısı "
                    "vəzifəsinə təyin olunub. Digər Sərəncamla Əli Kərimov həmin vəzifədən azad edilib.")
    assert ("Fuad Süleymanov", "başçı", "Ağstafa Rayon İcra Hakimiyyəti", "appointed") in got
    assert ("Əli Kərimov", "başçı", "Ağstafa Rayon İcra Hakimiyyəti", "dismissed") in got


def test_title_without_organization_takes_the_article_organization(az):
    got = roles(az, "Bakı Dövlət Universitetində yeni tədris ili başlayıb. Rektor Elşad Bağırov tələbələri "
                    "təbrik edib və universitetin planlarından danışıb.")
    assert got == {("Elşad Bağırov", "rektor", "Bakı Dövlət Universiteti", "holds")}


def test_person_then_title_then_appointed(az):
    got = roles(az, "Prezidentin Sərəncamı ilə Nurlan Abbasov səhiyyə nazirinin müavini təyin olunub.")
    assert ("Nurlan Abbasov", "nazir müavini", "Səhiyyə Nazirliyi", "appointed") in got, got


def test_title_then_vezifesine_then_person(az):
    got = roles(az, "Tədbir Şəki şəhərindəki 5 nömrəli tam orta məktəbdə keçirilib.\n\n"
                    "Məktəbin yeni direktoru vəzifəsinə Kəmalə Əsgərova təyin olunub.")
    assert ("Kəmalə Əsgərova", "direktor", "5 nömrəli tam orta məktəb", "appointed") in got, got


def test_honorific_between_title_and_name(az):
    got = roles(az, "Qonaqları Nazirliyin Protokol şöbəsinin müdiri xanım Səadət Məlikova qarşılayıb.")
    assert any(p == "Səadət Məlikova" and t == "müdir" for p, t, _o, _e in got), got
