"""aznews.nlp.lexicon: sizes, no duplicates, Azerbaijani casing, sources, load time."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from aznews.nlp import lexicon
from aznews.nlp.morph import canonical
from aznews.nlp.text import az_capitalize, az_lower

HERE = Path(lexicon.__file__).resolve().parent
DATA_FILES = sorted(p.name for p in HERE.iterdir() if p.suffix in (".txt", ".tsv", ".csv", ".yaml"))


def test_sizes():
    assert len(lexicon.given_names()) > 10_000
    assert len(lexicon.male_given_names()) > 300
    assert len(lexicon.female_given_names()) > 250
    assert len(lexicon.surnames()) > 20_000
    assert len(lexicon.titles()) > 150
    assert len(lexicon.org_heads()) > 150
    assert len(lexicon.government_bodies()) >= 80
    assert len(lexicon.locations()) > 1_800
    assert len(lexicon.common_words()) == 80_000
    assert 3_000 < len(lexicon.stems()) < 10_000
    kinds = Counter(lexicon.location_kinds().values())
    assert kinds["country"] >= 180
    assert kinds["az_city"] + kinds["az_district"] >= 75


def test_required_entries():
    for name in ("Elnur", "Kəmalə", "Billurə", "Teymur"):
        assert name in lexicon.given_names()
    assert "elnur" in lexicon.male_given_names() and "elnur" not in lexicon.female_given_names()
    assert "kəmalə" in lexicon.female_given_names()
    for name in ("Musayev", "Musayeva", "Hacızadə", "Nəsibov", "Abiyeva", "Əliyev"):
        assert name in lexicon.surnames()
    for t in ("nazir", "nazir müavini", "birinci müavin", "baş məsləhətçi", "məsləhətçi", "müşavir",
              "köməkçi", "sektor müdiri", "şöbə müdiri", "idarə rəisi", "rəis", "müdir", "direktor",
              "baş direktor", "icraçı direktor", "rektor", "prorektor", "dekan", "sədr", "sədr müavini",
              "idarə heyəti sədri", "icra başçısı", "başçı", "səfir", "konsul", "deputat", "spiker",
              "prezident", "baş nazir", "baş nazir müavini", "prokuror", "baş prokuror", "hakim",
              "komissar", "mətbuat katibi", "sözçü", "katib", "baş katib", "müvəkkil", "ombudsman",
              "auditor", "həkim", "baş həkim", "general", "polkovnik"):
        assert t in lexicon.titles(), t
    for head in ("Nazirliyi", "Nazirlik", "Komitəsi", "Agentliyi", "Xidməti", "Administrasiyası",
                 "Aparatı", "Məclis", "Məclisi", "Bank", "Bankı", "Universiteti", "Akademiyası",
                 "İnstitutu", "Məhkəməsi", "Prokurorluğu", "Palatası", "Şurası", "Komissiyası", "Fondu",
                 "ASC", "QSC", "MMC", "İcra Hakimiyyəti", "Departamenti", "Mərkəzi", "İdarəsi",
                 "Birliyi", "Təşkilatı", "Xəstəxanası", "Məktəbi", "Liseyi", "Kolleci", "Partiyası"):
        assert head in lexicon.org_heads(), head
    for place in ("Azərbaycan", "Türkiyə", "Rusiya", "Gürcüstan", "İran", "ABŞ", "Almaniya", "Fransa",
                  "Bakı", "Gəncə", "Sumqayıt", "Şəki", "Quba", "Lənkəran", "Şuşa", "Xankəndi", "Qarabağ",
                  "Naxçıvan Muxtar Respublikası", "Abşeron", "İstanbul", "Moskva", "London"):
        assert place in lexicon.locations(), place


def test_government_bodies():
    bodies = lexicon.government_bodies()
    names = [b["name"] for b in bodies]
    assert len(names) == len(set(names))
    abbreviations = [a for b in bodies for a in b["abbreviations"]]
    assert len(abbreviations) == len(set(abbreviations))
    for b in bodies:
        assert set(b) == {"name", "aliases", "abbreviations", "kind"}
        assert b["kind"] in {"presidential_office", "cabinet", "parliament", "court", "prosecution",
                             "ministry", "state_committee", "service", "agency", "fund", "central_bank",
                             "commission", "audit", "ombudsman", "council", "state_company", "academy",
                             "university", "local_executive", "media"}
        # the name is its own canonical form, so mentions resolve to it
        assert canonical(b["name"], "ORGANIZATION") == b["name"]
    by_abbr = {a: b["name"] for b in bodies for a in b["abbreviations"]}
    for abbr in ("XİN", "DİN", "ETN", "FHN", "MTN", "DTX", "DSX", "ADNSU", "BDU", "AMEA", "ARDNŞ", "SOCAR",
                 "ASAN"):
        assert abbr in by_abbr, abbr
    assert by_abbr["XİN"] == "Xarici İşlər Nazirliyi"
    for name in ("Prezident Administrasiyası", "Nazirlər Kabineti", "Milli Məclis", "Mərkəzi Bank",
                 "Ali Məhkəmə", "Konstitusiya Məhkəməsi", "Baş Prokurorluq"):
        assert name in names
    assert sum(b["kind"] == "ministry" for b in bodies) >= 17


def _data_lines(name):
    return [line for line in (HERE / name).read_text(encoding="utf-8").split("\n")
            if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", ["titles.txt", "adjectives.txt", "given-names.tsv", "locations.tsv",
                                  "surnames-extra.txt", "org-heads.txt", "stems.txt", "az-words.txt",
                                  "function-words.txt"])
def test_no_duplicates(name):
    keys = [line.split("\t")[0] for line in _data_lines(name)]
    dup = [k for k, n in Counter(keys).items() if n > 1]
    assert dup == []


def test_azerbaijani_casing():
    # no Python-lowercased dotted capital I (i + U+0307) anywhere, no stray whitespace
    for name in DATA_FILES:
        text = (HERE / name).read_text(encoding="utf-8")
        assert "\u0307" not in text, name
    for t in lexicon.titles():
        assert t == az_lower(t) or t.startswith("Prezident "), t
    for w in lexicon.adjectives() | lexicon.stems():
        assert w == az_lower(w)
    assert all(w == az_lower(w) for w in list(lexicon.common_words())[:5000])
    for n in lexicon._gendered():
        assert n == az_capitalize(n), n
    for place, kind in lexicon.location_kinds().items():
        first = place.split(" ")[0]
        assert first[:1] == az_capitalize(first[:1]) or first[:1].isdigit(), place
        assert place == place.strip() and "  " not in place
    # case-insensitive lookups fold with Azerbaijani rules
    assert lexicon.is_location("İSMAYILLI") and lexicon.is_location("ismayıllı")
    assert lexicon.is_known_word("BAKI") and lexicon.is_known_word("Bakı")
    assert not lexicon.is_known_word("Xqzwv")


def test_titles_longest_first():
    titles = lexicon.titles()
    lengths = [len(t.split()) for t in titles]
    assert lengths == sorted(lengths, reverse=True)
    assert "nazir" in lexicon.title_words() and "müavini" in lexicon.title_words()


def test_sources_and_size():
    notice = (HERE / "NOTICE.md").read_text(encoding="utf-8")
    for name in DATA_FILES:
        assert f"`{name}`" in notice, name
    for lic in ("LICENSE-names.md", "LICENSE-word-frequency", "LICENSE-az-data-generator"):
        assert (HERE / lic).stat().st_size > 500
    total = sum(p.stat().st_size for p in HERE.iterdir() if p.is_file())
    assert total < 5 * 1024 * 1024


def test_no_abbreviation_is_also_an_alias():
    # an alias is its own canonical form, an abbreviation stands for the name where the article
    # spells it out ("Azərbaycan Dövlət İqtisad Universitetinin (UNEC)"): one entry cannot be both
    import yaml

    for file in ("government-bodies.yaml", "organizations.yaml"):
        data = yaml.safe_load((Path(lexicon.__file__).parent / file).read_text(encoding="utf-8"))
        for body in data["bodies"]:
            both = set(body.get("aliases") or []) & set(body.get("abbreviations") or [])
            assert not both, (file, body["name"], both)
