"""Watchlists, the DuckDB matcher and `aznews watch` on the real demo dataset."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import datetime, timezone

import pytest

from conftest import run_aznews
from aznews.nlp.text import az_lower
from aznews.pipelines.monitor import match, watchlist
from aznews.pipelines.monitor.watchlist import WatchlistError, alias_key
from aznews.pipelines.dataset.query import connect

ETN = "elm-ve-tehsil-nazirliyi"


@pytest.fixture(scope="module")
def wl():
    return watchlist.load()


@pytest.fixture()
def dataset_copy(demo_dataset, tmp_path):
    """A private copy of the demo dataset (watch writes its state under the dataset)."""
    dst = tmp_path / "ds"
    shutil.copytree(demo_dataset, dst)
    return dst


# --- the built-in watchlist --------------------------------------------------------------

def test_builtin_watchlist_has_the_central_bodies(wl):
    ministries = [e for e in wl.entities.values() if e.kind == "ministry"]
    assert len(ministries) == 17  # the ministries of the current cabinet
    by_name = {alias_key(n): e.id for e in wl.entities.values() for n, _h, _u in e.names()}
    for name in ("Prezident Administrasiyası", "Nazirlər Kabineti", "Milli Məclis", "Mərkəzi Bank", "Ali Məhkəmə",
                 "Konstitusiya Məhkəməsi", "Baş Prokurorluq", "Hesablama Palatası", "Ombudsman",
                 "Dövlət Gömrük Komitəsi", "Dövlət Təhlükəsizliyi Xidməti", "Dövlət Vergi Xidməti"):
        assert alias_key(name) in by_name, name
    abbr = {a: e.id for e in wl.entities.values() for a in e.abbreviations}
    assert abbr["ETN"] == ETN and abbr["XİN"] == "xarici-isler-nazirliyi" and abbr["DİN"] == "daxili-isler-nazirliyi"
    assert abbr["FHN"] == "fovqelade-hallar-nazirliyi" and abbr["MN"] == "mudafie-nazirliyi"
    assert abbr["ƏƏSMN"] == "emek-ve-ehalinin-sosial-mudafiesi-nazirliyi" and abbr["DTX"] == "dovlet-tehlukesizliyi-xidmeti"
    etn = wl.entities[ETN]
    assert [(r.former, r.date) for r in etn.renames] == [("Təhsil Nazirliyi", "2022-07-28")]
    rinn = wl.entities["reqemsal-inkisaf-ve-neqliyyat-nazirliyi"]
    assert "Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi" in [r.former for r in rinn.renames]
    for e in wl.entities.values():  # every entry says where its facts come from
        assert e.sources and all(s in wl.sources for s in e.sources), e.id


def test_builtin_watchlist_covers_the_lexicon_bodies(wl):
    """The NER lexicon (nlp/lexicon/government-bodies.yaml) and the watchlist describe the
    same central bodies: every central body the lexicon knows is a watched name."""
    from aznews.nlp import lexicon

    central = {"presidential_office", "cabinet", "parliament", "court", "prosecution", "ministry", "state_committee",
               "service", "agency", "fund", "central_bank", "commission", "audit", "ombudsman", "council"}
    known = {alias_key(n) for e in wl.entities.values() for n, _h, _u in e.names()}
    missing = [b["name"] for b in lexicon.government_bodies()
               if b["kind"] in central and "Naxçıvan" not in b["name"] and alias_key(b["name"]) not in known]
    assert missing == []


def test_sql_key_equals_python_key(demo_dataset, wl):
    con = connect(demo_dataset)
    match.prepare(con, wl)
    tricky = ["AZƏRBAYCAN RESPUBLİKASININ  Təhsil   Nazirliyi", "“ASAN xidmət”", "İQTİSADİYYAT NAZİRLİYİ",
              "Ixtisas", "Azərbaycan Respublikası Prezidentinin Administrasiyası", "Ombudsman\u00a0Aparatı"]
    values = [r[0] for r in con.execute("SELECT DISTINCT canonical FROM mentions WHERE canonical IS NOT NULL").fetchall()]
    values += tricky + [r["alias"] for r in wl.alias_rows()]
    con.execute("CREATE TEMP TABLE t (s VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    got = dict(con.execute("SELECT s, az_key(s) FROM t").fetchall())
    assert {v: alias_key(v) for v in values} == got
    assert alias_key("İQTİSADİYYAT NAZİRLİYİ") == "iqtisadiyyat nazirliyi" and alias_key("Ixtisas") == "ıxtisas"


# --- the matcher --------------------------------------------------------------------------

def test_counts_equal_a_direct_query_over_mentions(demo_dataset, wl):
    con = connect(demo_dataset)
    n = match.find(con, wl)
    counts = match.counts(con)
    # the same count straight from the mentions view: group canonical forms, map them by name
    direct = Counter()
    owner = {(r["label"], r["key"]): r["entity_id"] for r in wl.alias_rows()}
    for label, canonical, c in con.execute(
            "SELECT label, canonical, count(*) FROM mentions WHERE label IN ('ORGANIZATION', 'PERSON') GROUP BY ALL").fetchall():
        eid = owner.get((label, alias_key(canonical or "")))
        if eid:
            direct[eid] += c
    assert counts == dict(direct)
    assert n == sum(counts.values()) and n >= 30
    assert len([e for e in counts if wl.entities[e].kind == "ministry"]) >= 8
    # per ministry, in plain SQL with the names as written in the watchlist
    for e in wl.entities.values():
        if e.kind == "ministry":
            names = ", ".join("'" + n.replace("'", "''") + "'" for n, _h, _u in e.names())
            sql = f"SELECT count(*) FROM mentions WHERE label = 'ORGANIZATION' AND canonical IN ({names})"
            assert con.execute(sql).fetchall()[0][0] == counts.get(e.id, 0), e.id
    # the ministry of education, both names, in plain SQL
    both = con.execute("SELECT count(*) FROM mentions WHERE label = 'ORGANIZATION' "
                       "AND canonical IN ('Təhsil Nazirliyi', 'Elm və Təhsil Nazirliyi')").fetchall()[0][0]
    assert counts[ETN] == both >= 3
    for eid in ("xarici-isler-nazirliyi", "sehiyye-nazirliyi", "milli-meclis", "merkezi-bank"):
        assert counts.get(eid, 0) >= 1, eid


def test_rename_is_one_entity_across_the_rename_date(demo_dataset, wl):
    con = connect(demo_dataset)
    match.find(con, wl)
    rows = con.execute(f"SELECT how, canonical, published FROM watch_hits WHERE entity_id = '{ETN}'").fetchall()
    rename = datetime(2022, 7, 28, tzinfo=timezone.utc)
    before = {(how, c) for how, c, p in rows if p < rename}
    after = {(how, c) for how, c, p in rows if p >= rename}
    assert ("former", "Təhsil Nazirliyi") in before
    assert ("name", "Elm və Təhsil Nazirliyi") in after
    years = {p.year for _h, _c, p in rows}
    assert min(years) <= 2021 and max(years) >= 2025
    # nothing else claims either name
    assert con.execute("SELECT count(DISTINCT entity_id) FROM watch_hits WHERE canonical IN "
                       "('Təhsil Nazirliyi', 'Elm və Təhsil Nazirliyi')").fetchall()[0][0] == 1


def test_hits_carry_snippet_and_people_with_titles(demo_dataset, wl):
    con = connect(demo_dataset)
    match.find(con, wl)
    hits = match.hits(con)
    bodies = dict(con.execute("SELECT article_id, body FROM articles").fetchall())
    for h in hits:
        assert bodies[h["article_id"]][h["start"]:h["end"]] == h["text"] == h["snippet_hit"]
    # "Səhiyyə Nazirliyinin İctimai səhiyyə şöbəsinin müdiri Aytən Kərimbəyli ..."
    # people and titles agree with the roles view (whatever the NLP of the day extracts)
    roles = {}
    for aid, person, title, sent in con.execute("SELECT article_id, person, title, sentence FROM roles").fetchall():
        roles.setdefault((aid, person, sent), set()).add(title)
    checked = 0
    for h in hits:
        for p in h["people"]:
            titles = roles.get((h["article_id"], p["person"], h["sentence"]))
            if titles:
                assert set(p["title"].split(", ")) == titles, (h["text"], p)
                checked += 1
    assert checked >= 8
    ppl = [p["person"] for h in hits if h["entity_id"] == "sehiyye-nazirliyi" for p in h["people"]]
    assert "Aytən Kərimbəyli" in ppl
    mm = [p for h in hits if h["entity_id"] == "milli-meclis" for p in h["people"]]
    assert any(p["person"] == "Tahir Mustafazadə" and p["title"] for p in mm)


def test_user_watchlist_people_and_patterns(demo_dataset, tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "format: aznews-watchlist/1\ninclude_builtin: false\n"
        "people:\n  - {id: namiq, name: Namiq Rzaquliyev}\n  - {id: ramiz, name: Ramiz Qurbanlı}\n"
        "patterns:\n  - {id: tedris, name: tədris ili, phrase: TƏDRİS İLİ}\n"
        "  - {id: peyvend, regex: 'peyvənd\\w*'}\n", encoding="utf-8")
    wl = watchlist.load([f])
    assert wl.files == [str(f.resolve())]
    con = connect(demo_dataset)
    match.find(con, wl)
    counts = match.counts(con)
    direct = dict(con.execute("SELECT canonical, count(*) FROM mentions WHERE label = 'PERSON' AND canonical IN "
                              "('Namiq Rzaquliyev', 'Ramiz Qurbanlı') GROUP BY canonical").fetchall())
    assert counts["namiq"] == direct["Namiq Rzaquliyev"] and counts["ramiz"] == direct["Ramiz Qurbanlı"] >= 2
    bodies = dict(con.execute("SELECT article_id, body FROM articles").fetchall())
    # phrases match whole words only: "tədris ili" but not "tədris ilinə"
    expect_phrase = sum(len(re.findall(r"(?<!\w)tədris ili(?!\w)", az_lower(b))) for b in bodies.values() if b)
    assert expect_phrase < sum(az_lower(b).count("tədris ili") for b in bodies.values() if b)
    assert counts["tedris"] == expect_phrase >= 1
    hits = match.hits(con, where="entity_type = 'pattern'")
    assert hits and all(bodies[h["article_id"]][h["start"]:h["end"]] == h["text"] for h in hits)
    assert all(az_lower(h["text"]).startswith(("tədris", "peyvənd")) for h in hits)
    # the regex is case-sensitive unless ignore_case: "Peyvənd" at a sentence start is not matched
    assert all(h["text"].startswith("peyvənd") for h in hits if h["entity_id"] == "peyvend")


@pytest.mark.parametrize("text, message", [
    ("organizations:\n  - {id: x, name: X, alias: [Y]}\n", "organizations[0] (id 'x'): unknown key 'alias'"),
    ("organizations:\n  - {id: x, name: X}\n  - {id: x, name: Y}\n", "duplicate id 'x'"),
    ("organizations:\n  - {id: X!, name: X}\n", "id 'X!' must be lower-case"),
    ("organizations:\n  - {id: x, name: X, renames: [{from: Y, date: 2022-13-01}]}\n", "renames[0]: 'date'"),
    ("organizations:\n  - {id: x, name: Təhsil Nazirliyi}\n", "already belongs to 'elm-ve-tehsil-nazirliyi'"),
    ("organizations:\n  - {id: x, name: X, kind: ministryy}\n", "kind 'ministryy' is not one of"),
    ("patterns:\n  - {id: p, regex: '(unclosed'}\n", "bad regex"),
    ("patterns:\n  - {id: p, regex: 'a*'}\n", "matches the empty string"),
    ("patterns:\n  - {id: p}\n", "exactly one of 'regex' or 'phrase'"),
    ("format: aznews-watchlist/9\n", "format 'aznews-watchlist/9' is not supported"),
    ("people: {id: x}\n", "people: must be a list"),
    ("organizations: [\n", "not valid YAML at line"),
])
def test_watchlist_errors_are_one_line(tmp_path, text, message):
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(WatchlistError) as exc:
        watchlist.load([f])
    msg = str(exc.value)
    assert message in msg and "\n" not in msg and str(f) in msg


def test_user_entry_extends_a_builtin_entity(tmp_path):
    f = tmp_path / "ext.yaml"
    f.write_text("organizations:\n  - {id: elm-ve-tehsil-nazirliyi, name: Elm və Təhsil Nazirliyi, "
                 "aliases: [Maarif Nazirliyi]}\n", encoding="utf-8")
    wl = watchlist.load([f])
    e = wl.entities[ETN]
    assert "Maarif Nazirliyi" in e.aliases and e.renames and e.kind == "ministry"
    assert watchlist.load([f]).identity() != watchlist.load().identity()


def test_example_watchlist_loads_and_extends_the_builtin_list():
    from aznews.pipelines.monitor.watchlist import BUILTIN_DIR

    wl = watchlist.load([BUILTIN_DIR / "example.yaml"])
    etn = wl.entities[ETN]
    assert "Maarif Nazirliyi" in etn.aliases and etn.renames[0].former == "Təhsil Nazirliyi"
    assert wl.entities["ramiz-qurbanli"].type == "person" and set(wl.patterns) == {"tedris-ili", "kadr-deyisikliyi"}


# --- aznews watch ---------------------------------------------------------------------------

def test_watch_first_run_reports_then_nothing_new(dataset_copy, wl):
    first = run_aznews("watch", "--dataset", dataset_copy, "--format", "jsonl")
    assert first.returncode == 1, first.stderr
    lines = [json.loads(x) for x in first.stdout.splitlines()]
    con = connect(dataset_copy)
    n = match.find(con, wl)
    assert len(lines) == n
    assert Counter(x["entity_id"] for x in lines) == Counter(match.counts(con))
    etn = [x for x in lines if x["entity_id"] == ETN]
    assert {x["matched_as"] for x in etn} == {"name", "former"}
    x = etn[0]
    assert x["snippet"][x["snippet_hit"][0] - 1] == "«" and x["snippet"][x["snippet_hit"][1]] == "»"
    assert x["snippet"][x["snippet_hit"][0]:x["snippet_hit"][1]] == x["text"]
    state = list((dataset_copy / "_watch").glob("*.json"))
    assert len(state) == 1 and state[0].stem == wl.identity()
    assert not list((dataset_copy / "_watch").glob(".*"))  # no temp file left

    second = run_aznews("watch", "--dataset", dataset_copy, "--format", "jsonl")
    assert second.returncode == 0, second.stderr
    assert second.stdout == "" and "0 new mention" in second.stderr
    third = run_aznews("watch", "--dataset", dataset_copy)  # text format, same state
    assert third.returncode == 0 and third.stdout.strip() == ""

    # a new article mentioning the Ministry of Emergency Situations: only it is new
    from aznews.pipelines.dataset import records, schema
    from aznews.pipelines.dataset.writer import Dataset

    body = "Fövqəladə Hallar Nazirliyinin məlumatına görə, yanğın söndürülüb. Nazir Kəmaləddin Heydərov yerə gəlib."
    item = {"url": "http://127.0.0.1:9/new", "canonical_url": "http://127.0.0.1:9/new", "source": "bayraqdar",
            "language": "az", "title": "Yanğın söndürülüb", "published_at": "2025-09-01T10:00:00+04:00",
            "fetched_at": "2025-09-01T07:00:00+00:00", "body": body, "extraction_method": "wp-json"}
    art = records.article_row(item, crawl_id="test")
    aid = art["article_id"]
    ment = [{"article_id": aid, "sentence": 0, "start": 0, "end": 27, "text": "Fövqəladə Hallar Nazirliyinin",
             "label": "ORGANIZATION", "canonical": "Fövqəladə Hallar Nazirliyi",
             "entity_id": schema.entity_id("ORGANIZATION", "Fövqəladə Hallar Nazirliyi"), "method": "rule", "score": 1.0},
            {"article_id": aid, "sentence": 1, "start": 72, "end": 91, "text": "Kəmaləddin Heydərov", "label": "PERSON",
             "canonical": "Kəmaləddin Heydərov", "entity_id": schema.entity_id("PERSON", "Kəmaləddin Heydərov"),
             "method": "rule", "score": 1.0}]
    assert body[72:91] == "Kəmaləddin Heydərov"
    ment[0]["end"] = len("Fövqəladə Hallar Nazirliyinin")
    Dataset(str(dataset_copy)).write([art], mentions=ment)
    fourth = run_aznews("watch", "--dataset", dataset_copy, "--format", "jsonl")
    assert fourth.returncode == 1, fourth.stderr
    new = [json.loads(x) for x in fourth.stdout.splitlines()]
    assert [(x["entity_id"], x["title"]) for x in new] == [("fovqelade-hallar-nazirliyi", "Yanğın söndürülüb")]
    assert run_aznews("watch", "--dataset", dataset_copy).returncode == 0


def test_watch_since_out_file_and_state_dir(demo_dataset, tmp_path):
    out = tmp_path / "hits.txt"
    proc = run_aznews("watch", "--dataset", demo_dataset, "--since", "2025-01-01", "--out", out,
                      "--state-dir", tmp_path / "state")
    assert proc.returncode == 1, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "«Elm və Təhsil Nazirliyinin»" in text and "2021-" not in text and "\x1b[" not in text
    assert "people: Tahir Mustafazadə (" in text
    assert not (tmp_path / "state").exists() and not (demo_dataset / "_watch").exists()  # --since keeps no state
    # the state can live outside the dataset
    for expected in (1, 0):
        proc = run_aznews("watch", "--dataset", demo_dataset, "--state-dir", tmp_path / "state", "--format", "jsonl")
        assert proc.returncode == expected, proc.stderr
    assert len(list((tmp_path / "state").glob("*.json"))) == 1 and not (demo_dataset / "_watch").exists()
    # --dry-run does not remember
    dry = tmp_path / "dry"
    for _ in range(2):
        assert run_aznews("watch", "--dataset", demo_dataset, "--state-dir", dry, "--dry-run").returncode == 1


def test_watch_errors_exit_2_with_one_line(demo_dataset, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("organizations:\n  - {id: x, nam: X}\n", encoding="utf-8")
    cases = [
        (["--dataset", tmp_path / "missing"], "dataset not found"),
        (["--dataset", demo_dataset, "--since", "2025-02-30"], "bad date '2025-02-30'"),
        (["--dataset", demo_dataset, "--watchlist", bad], "unknown key 'nam'"),
        (["--dataset", demo_dataset, "--watchlist", tmp_path / "nope.yaml"], "watchlist not found"),
    ]
    for args, message in cases:
        proc = run_aznews("watch", *args)
        assert proc.returncode == 2, (args, proc.stderr)
        err = proc.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("aznews watch: error: ") and message in err[0], err
    assert not (demo_dataset / "_watch").exists()
    state = tmp_path / "state"
    state.mkdir()
    wl_id = watchlist.load().identity()
    (state / f"{wl_id}.json").write_text("{not json", encoding="utf-8")
    proc = run_aznews("watch", "--dataset", demo_dataset, "--state-dir", state)
    assert proc.returncode == 2 and "unreadable" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
