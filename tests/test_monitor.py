"""Watchlists, the DuckDB matcher and `aznews watch` on the real demo dataset."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import datetime, timezone

import duckdb
import pytest

from conftest import run_aznews
from aznews.nlp.text import az_lower
from aznews.pipelines.monitor import match, watchlist
from aznews.pipelines.monitor.watchlist import WatchlistError, alias_key, fold
from aznews.pipelines.dataset.query import connect

ETN = "elm-ve-tehsil-nazirliyi"
ARTICLE_KEYS = ["article_id", "published", "title", "url", "source", "mentions"]
MENTION_KEYS = ["entity_id", "entity", "entity_type", "kind", "matched_as", "name_used", "renamed_on", "sentence", "start",
                "end", "text", "canonical", "snippet", "snippet_hit", "people"]


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


def test_names_fold_one_way_for_the_watchlist_and_the_views(demo_dataset, wl):
    """The identity stage gives every organization mention the watched body's id exactly when
    the folded name is one of the body's names (case, quotes, the country prefix and
    Azerbaijani letters do not count)."""
    tricky = ["AZƏRBAYCAN RESPUBLİKASININ  Təhsil   Nazirliyi", "“ASAN xidmət”", "İQTİSADİYYAT NAZİRLİYİ",
              "Elm ve Tehsil Nazirliyi", "Azərbaycan Respublikası Prezidentinin Administrasiyası", "Ombudsman\u00a0Aparatı"]
    owner = {r["key"]: r["entity_id"] for r in wl.alias_rows() if r["label"] == "ORGANIZATION"}
    assert [owner.get(fold(t)) for t in tricky] == [
        ETN, "asan-xidmet", "iqtisadiyyat-nazirliyi", ETN, "prezident-administrasiyasi", "ombudsman"]
    assert alias_key("İQTİSADİYYAT NAZİRLİYİ") == "iqtisadiyyat nazirliyi" and alias_key("Ixtisas") == "ıxtisas"
    con = connect(demo_dataset, watchlist=wl)
    rows = con.execute("SELECT canonical, entity_id FROM mentions WHERE label = 'ORGANIZATION'").fetchall()
    assert rows
    for canonical, eid in rows:
        if fold(canonical) in owner:
            assert eid == owner[fold(canonical)], canonical
        else:
            assert eid not in wl.entities, canonical


def test_counts_equal_a_direct_query_over_mentions(demo_dataset, wl):
    con = connect(demo_dataset, watchlist=wl)
    n = match.find(con, wl)
    counts = match.counts(con)
    # the same count straight from the Parquet files: group canonical forms, map them by name
    direct = Counter()
    owner = {(r["label"], r["key"]): r["entity_id"] for r in wl.alias_rows()}
    raw = duckdb.sql(f"SELECT label, canonical, count(*) FROM read_parquet('{demo_dataset}/mentions/**/*.parquet') "
                     "WHERE label IN ('ORGANIZATION', 'PERSON') GROUP BY ALL").fetchall()
    for label, canonical, c in raw:
        eid = owner.get((label, fold(canonical or "")))
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
    # the ministry of education, both names, in plain SQL, and by its one id
    both = con.execute("SELECT count(*) FROM mentions WHERE label = 'ORGANIZATION' "
                       "AND canonical IN ('Təhsil Nazirliyi', 'Elm və Təhsil Nazirliyi')").fetchall()[0][0]
    assert counts[ETN] == both >= 3
    assert con.execute(f"SELECT count(*) FROM mentions WHERE entity_id = '{ETN}'").fetchall()[0][0] == both
    for eid in ("xarici-isler-nazirliyi", "sehiyye-nazirliyi", "milli-meclis", "merkezi-bank"):
        assert counts.get(eid, 0) >= 1, eid


def test_a_connection_made_with_another_watchlist_is_refused(demo_dataset, tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("people:\n  - {id: namiq, name: Namiq Rzaquliyev}\n", encoding="utf-8")
    con = connect(demo_dataset)  # the built-in list
    with pytest.raises(ValueError, match="another watchlist"):
        match.find(con, watchlist.load([f]))


def test_rename_is_one_entity_across_the_rename_date(demo_dataset, wl):
    con = connect(demo_dataset, watchlist=wl)
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
    con = connect(demo_dataset, watchlist=wl)
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
    con = connect(demo_dataset, watchlist=wl)
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
    articles = [json.loads(x) for x in first.stdout.splitlines()]
    lines = [m for a in articles for m in a["mentions"]]
    con = connect(dataset_copy)
    n = match.find(con, wl)
    assert len(lines) == n
    assert Counter(x["entity_id"] for x in lines) == Counter(match.counts(con))
    # one line per article (format aznews-watch/1), in publication order, mentions in text order
    assert len(articles) == len({a["article_id"] for a in articles}) == con.execute(
        "SELECT count(DISTINCT article_id) FROM watch_hits").fetchall()[0][0]
    assert all(list(a) == ARTICLE_KEYS for a in articles) and all(list(m) == MENTION_KEYS for m in lines)
    assert [a["published"] for a in articles] == sorted(a["published"] for a in articles)
    assert all([m["start"] for m in a["mentions"]] == sorted(m["start"] for m in a["mentions"]) for a in articles)
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
    assert [(a["title"], [m["entity_id"] for m in a["mentions"]]) for a in new] == [
        ("Yanğın söndürülüb", ["fovqelade-hallar-nazirliyi"])]
    assert run_aznews("watch", "--dataset", dataset_copy).returncode == 0


def test_watch_since_out_file_and_state_dir(demo_dataset, tmp_path):
    out = tmp_path / "hits.txt"
    proc = run_aznews("watch", "--dataset", demo_dataset, "--since", "2025-01-01", "--out", out,
                      "--state-dir", tmp_path / "state")
    assert proc.returncode == 1, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "«Elm və Təhsil Nazirliyinin»" in text and "2021-" not in text and "\x1b[" not in text
    assert "people: " in text and "Tahir Mustafazadə (Sədr birinci müavini" in " ".join(text.split())
    assert not [ln for ln in text.splitlines() if ln != ln.rstrip()]  # no line ends in spaces
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


def test_watch_text_one_block_per_article_and_urls_never_wrapped(demo_dataset, tmp_path, wl):
    con = connect(demo_dataset, watchlist=wl)
    match.find(con, wl)
    arts = con.execute("SELECT DISTINCT h.article_id, a.url, a.title FROM watch_hits h JOIN articles a USING (article_id)").fetchall()
    assert max(len(u) for _a, u, _t in arts) > 100  # longer than the file width and the narrow terminal below
    out = tmp_path / "hits.txt"
    narrow = run_aznews("watch", "--dataset", demo_dataset, "--since", "2000-01-01", env={"COLUMNS": "40"})
    to_file = run_aznews("watch", "--dataset", demo_dataset, "--since", "2000-01-01", "--out", out)
    assert narrow.returncode == 1 and to_file.returncode == 1, narrow.stderr + to_file.stderr
    for text in (narrow.stdout, out.read_text(encoding="utf-8")):
        lines = text.splitlines()
        url_lines = [ln for ln in lines if ln.startswith("http://")]
        # one block per article: its URL once, on a line of its own, whole
        assert sorted(url_lines) == sorted(u for _a, u, _t in arts)
        blocks = text.strip().split("\n\n")
        assert len(blocks) == len(arts)
        for block in blocks:
            assert sum(ln.startswith("http://") for ln in block.splitlines()) == 1
    # the mentions of an article are inside its block: the ministry of education's 2021 press release
    block = next(b for b in out.read_text(encoding="utf-8").split("\n\n") if "Qurumlararası kommunikasiyanın" in b)
    assert "Elm və Təhsil Nazirliyi" in block and "former name 'Təhsil Nazirliyi'" in block
    assert "Billurə Hacızadə (baş məsləhətçi" in block


class _Hook:
    """A webhook on 127.0.0.1 that records what is POSTed; fail(n) answers 500 to batch n."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        hook = self
        self.bodies, self.failing = [], set()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                ok = body["batch"] not in hook.failing
                if ok:
                    hook.bodies.append((self.headers["Content-Type"], body))
                self.send_response(200 if ok else 500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_watch_notify_posts_each_new_batch(dataset_copy, tmp_path):
    hook = _Hook()
    try:
        first = run_aznews("watch", "--dataset", dataset_copy, "--format", "jsonl", "--notify", hook.url, "--notify-batch", "5")
        assert first.returncode == 1, first.stderr
        lines = [json.loads(x) for x in first.stdout.splitlines()]
        n = len(lines)
        assert n >= 10
        batches = [b for _ct, b in hook.bodies]
        assert [b["batch"] for b in batches] == list(range(1, (n + 4) // 5 + 1))
        assert {b["batches"] for b in batches} == {len(batches)} and all(len(b["articles"]) <= 5 for b in batches)
        assert all(ct.startswith("application/json") for ct, _b in hook.bodies)
        assert all(b["format"] == "aznews-watch/1" and b["watchlist"] == ["builtin:government"] for b in batches)
        assert [a for b in batches for a in b["articles"]] == lines  # the same objects as the jsonl lines
        # nothing new: nothing sent
        hook.bodies.clear()
        assert run_aznews("watch", "--dataset", dataset_copy, "--notify", hook.url).returncode == 0
        assert hook.bodies == []

        # a webhook that fails on the second batch: the run fails, the undelivered articles stay new
        state = tmp_path / "state"
        hook.failing = {2}
        failed = run_aznews("watch", "--dataset", dataset_copy, "--state-dir", state, "--format", "jsonl",
                            "--notify", hook.url, "--notify-batch", "5")
        assert failed.returncode == 2, failed.stderr
        err = failed.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("aznews watch: error: webhook ") and "not delivered" in err[0]
        assert len(failed.stdout.splitlines()) == n  # the output itself was written
        delivered = [a["article_id"] for _ct, b in hook.bodies for a in b["articles"]]
        assert len(delivered) == 5
        hook.failing, hook.bodies = set(), []
        again = run_aznews("watch", "--dataset", dataset_copy, "--state-dir", state, "--format", "jsonl",
                           "--notify", hook.url, "--notify-batch", "5")
        assert again.returncode == 1, again.stderr
        resent = [json.loads(x)["article_id"] for x in again.stdout.splitlines()]
        assert sorted(resent) == sorted({a["article_id"] for a in lines} - set(delivered))
        assert [a["article_id"] for _ct, b in hook.bodies for a in b["articles"]] == resent
    finally:
        hook.close()
    for url in ("ftp://127.0.0.1/x", "not a url"):
        proc = run_aznews("watch", "--dataset", dataset_copy, "--notify", url)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "--notify needs" in proc.stderr
