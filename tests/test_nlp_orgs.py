"""Organization boundaries: a person's name is not glued onto a head word without izafət,
adjectives that look like surnames ("Milli") stay in the name, quoted names mid-sentence,
and a field minister's ministry is never a foreign ministry of the same name."""
from __future__ import annotations

import pytest

from aznews import nlp
from aznews.nlp import ner


@pytest.fixture(scope="session")
def az():
    if nlp._default is None:
        nlp._default = nlp.Analyzer()
    return nlp._default


def orgs(result):
    return {m.canonical for m in result.mentions if m.label == "ORGANIZATION"}


def persons(result):
    return {m.canonical for m in result.mentions if m.label == "PERSON"}


def test_possessive_head_reading():
    assert ner._possessive_head("Fondunun")
    assert ner._possessive_head("Agentliyi")
    assert not ner._possessive_head("Agentliyin")
    assert not ner._possessive_head("Universitetin")


def test_person_before_a_bare_head_is_a_person(az):
    r = az.analyze("Fərmanla Səhiyyə Nazirliyinin şöbə müdiri Kəmalə Rüstəmli Komitənin sədri vəzifəsinə "
                   "təyin edilib. Bundan əvvəl Orxan Nəsibzadə Universitetin prorektoru olub.")
    assert "Kəmalə Rüstəmli" in persons(r) and "Orxan Nəsibzadə" in persons(r)
    assert not any("Rüstəmli" in o or "Nəsibzadə" in o for o in orgs(r)), orgs(r)


def test_name_with_izafet_head_stays_an_organization(az):
    r = az.analyze("Tədbir Heydər Əliyev Fondunun dəstəyi ilə keçirilib.")
    assert "Heydər Əliyev Fondu" in orgs(r)


@pytest.mark.parametrize("text, org", [
    ("Dünən Milli Kitabxana Şurasının iclası keçirilib.", "Milli Kitabxana Şurası"),
    ("Milli Arxiv İdarəsinin əməkdaşları sənədləri təhvil verib.", "Milli Arxiv İdarəsi"),
    # a frequent word before "Rayon" starts a place name all the same
    ("Xətai Rayon Polis İdarəsinin əməkdaşları yoxlama aparıb.", "Xətai Rayon Polis İdarəsi"),
])
def test_adjective_ending_like_a_surname_stays_in_the_name(az, text, org):
    assert org in orgs(az.analyze(text))


def test_frequent_sentence_initial_word_is_not_glued_on():
    assert ner._frequent_non_name_word("dünən")
    assert not ner._frequent_non_name_word("milli")
    assert not ner._frequent_non_name_word("dövlət")


def test_quoted_name_mid_sentence_keeps_its_first_word(az):
    r = az.analyze('Layihəni Energetika Nazirliyi və "Qaradağ Su Təchizatı Mərkəzi" QSC birgə həyata keçirir.')
    assert "Qaradağ Su Təchizatı Mərkəzi" in orgs(r), orgs(r)
    assert "Su Təchizatı Mərkəzi" not in orgs(r)


def test_field_minister_is_not_a_foreign_ministry(az):
    r = az.analyze("Aprelin 3-də xarici işlər nazirinin müavini Rauf Qasımov Parisdə Fransa Xarici İşlər "
                   "Nazirliyinin baş katibi ilə görüşüb.")
    got = {(x.person, x.title, x.organization) for x in r.roles}
    assert ("Rauf Qasımov", "nazir müavini", "Xarici İşlər Nazirliyi") in got, got


def test_platform_accounts_are_not_organizations(az):
    r = az.analyze("Bu barədə Energetika Nazirliyinin Youtube kanalında və Telegram kanalında məlumat yayılıb.")
    assert orgs(r) == {"Energetika Nazirliyi"}, orgs(r)


def test_numbered_school_is_an_organization_and_a_role_takes_it(az):
    r = az.analyze("Dərs ili Qusar rayonundakı 12 nömrəli tam orta məktəbdə başlayıb. "
                   "Məktəbin direktoru Aygün Rəsulova şagirdləri təbrik edib.")
    assert "12 nömrəli tam orta məktəb" in orgs(r), orgs(r)
    roles = {(x.person, x.title, x.organization) for x in r.roles}
    assert ("Aygün Rəsulova", "direktor", "12 nömrəli tam orta məktəb") in roles, roles


def test_embassy_keeps_the_country_that_owns_it(az):
    r = az.analyze("Sərgini Azərbaycan Respublikasının Meksikadakı Səfirliyi təşkil edib.")
    assert "Azərbaycan Respublikasının Meksikadakı Səfirliyi" in orgs(r), orgs(r)


def test_known_body_name_goes_on_into_a_longer_name():
    text = "Nazirin əmri ilə Hava Nəqliyyatı Gömrük İdarəsinin rəisi vəzifədən azad edilib."
    toks = ner.words(text)
    spans, _ = ner.rule_spans(text, toks, [])
    got = [text[s.start:s.end] for s in spans if s.label == "ORGANIZATION"]
    assert got == ["Hava Nəqliyyatı Gömrük İdarəsinin"], got


def test_quoted_company_then_legal_form_then_title(az):
    r = az.analyze('Məhkəmədə "Gəncə Meyvə" MMC-nin keçmiş direktoru Elvin Səfərli ifadə verib.')
    roles = {(x.person, x.title, x.organization) for x in r.roles}
    assert ("Elvin Səfərli", "direktor", "Gəncə Meyvə") in roles, roles


def test_general_institution_head_metropoliten(az):
    r = az.analyze("Bu barədə Gəncə Metropoliteninin direktoru Samir Kərimli məlumat verib.")
    roles = {(x.person, x.title, x.organization) for x in r.roles}
    assert ("Samir Kərimli", "direktor", "Gəncə Metropoliteni") in roles, roles


@pytest.mark.parametrize("text", [
    "Azərbaycan və Fransa xarici işlər nazirlikləri arasında məsləhətləşmələr aparılıb.",
    "Yaralılar Şamaxıdakı xəstəxanaya çatdırılıb.",
    "Xəstələr Quba şəhərindəki xəstəxanada müalicə olunur.",
])
def test_plural_heads_and_located_common_nouns_are_not_names(az, text):
    assert orgs(az.analyze(text)) == set()


def test_head_after_adjectives_alone_has_no_izafet(az):
    r = az.analyze("Azərbaycan Respublikası Mərkəzi Bankının qərarı dərc olunub.")
    assert orgs(r) == {"Mərkəzi Bank"}, orgs(r)


def test_board_title_keeps_its_izafet():
    from aznews.nlp import coref
    assert coref.title_canonical("İdarə Heyətinin sədr müavini".split()) == "idarə heyəti sədr müavini"
    assert coref.title_canonical("İdarə Heyətinin sədri".split()) == "idarə heyəti sədri"


def test_short_name_takes_the_longer_one_written_before(az):
    r = az.analyze("Qəbələ Rayon Polis Şöbəsinin əməkdaşları yoxlama aparıb.\n\n"
                   "Polis Şöbəsinin rəisi Vüsal Kazımov məlumat verib.")
    assert orgs(r) == {"Qəbələ Rayon Polis Şöbəsi"}, orgs(r)
    roles = {(x.person, x.title, x.organization) for x in r.roles}
    assert ("Vüsal Kazımov", "rəis", "Qəbələ Rayon Polis Şöbəsi") in roles, roles


def test_longer_name_of_another_country_is_not_taken():
    from aznews.nlp.coref import _longer_name
    assert _longer_name("Xarici İşlər Nazirliyi", ["Fransa Xarici İşlər Nazirliyi"]) == ""
    assert _longer_name("Təhsil Nazirliyi", ["Elm və Təhsil Nazirliyi"]) == ""  # not across "və"
    assert _longer_name("Polis Şöbəsi", ["Masallı Rayon Polis Şöbəsi"]) == "Masallı Rayon Polis Şöbəsi"


def test_bare_head_starting_a_sentence_is_not_glued_to_the_name_after_it(az):
    r = az.analyze("Bakıda qadınlar üçün təlim mərkəzi açılıb. Mərkəz Rəqəmsal İnkişaf Agentliyi ilə birgə "
                   "yaradılıb.")
    assert "Rəqəmsal İnkişaf Agentliyi" in orgs(r), orgs(r)
    assert not any(o.startswith("Mərkəz ") for o in orgs(r)), orgs(r)
