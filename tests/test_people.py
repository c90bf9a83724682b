"""People and posts across articles: the identity stage, the posts view, `aznews who` and `aznews person`.

The appointment sequence is a fixture site (tests/fixtures/appointments/posts) served on
127.0.0.1 and crawled by the real spider with the real NLP stage:

    2021-03-15  Anar Vaqif oğlu Məmmədli appointed rector of Gəncə Dövlət Universiteti   (A)
    2021-06-10  Cavid Rzayev appointed pro-rector there; "rektoru Anar Məmmədli"         (C)
    2021-11-02  "rektoru A.Məmmədli", "prorektoru Cavid Rzayev"
    2022-05-20  Cavid Rzayev dismissed as pro-rector
    2022-09-01  "rektoru Məmmədli Anar Vaqif oğlu" (surname first)
    2023-02-07  Bəhram Səfərov appointed rector                                          (B)
    2023-09-12  "rektoru Bəhram Səfərov"
    2024-05-20  "sabiq rektoru Anar Məmmədli 2021-2023-cü illərdə ..." (a former post, with years)
    2022        two namesakes "Elvin Quliyev": chief doctor in Şəki and pro-rector at the
                Technical University, two articles each, and one article without a post
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, run_aznews
from aznews.pipelines.dataset.query import connect
from aznews.pipelines.identity import lookup, posts
from aznews.pipelines.identity.names import fold, parse_person, single_holder, slug, title_key

FIXTURE = ROOT / "tests" / "fixtures" / "appointments"
GDU = "gence-dovlet-universiteti"
A, B, C = "anar-memmedli", "behram-seferov", "cavid-rzayev"
ETN = "elm-ve-tehsil-nazirliyi"


@pytest.fixture(scope="module")
def sequence(tmp_path_factory) -> Path:
    """The fixture site crawled by `aznews crawl` (Scrapy, extraction, NLP, the dataset writer)."""
    from aznews.pipelines.demo.site import load_posts, serve

    out = tmp_path_factory.mktemp("sequence") / "ds"
    with serve(load_posts(FIXTURE)) as site:
        proc = subprocess.run(
            [sys.executable, "-m", "aznews.pipelines.cli", "crawl", "bayraqdar", "--base-url", site.url, "--out", str(out),
             "--no-progress", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0"],
            capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def who(ds, org, *args):
    proc = run_aznews("who", org, "--dataset", ds, "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def person(ds, name):
    proc = run_aznews("person", name, "--dataset", ds, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# --- the appointment sequence ---------------------------------------------------------------

def test_who_follows_the_appointment_sequence(sequence):
    at_2022 = who(sequence, "Gəncə Dövlət Universiteti", "--at", "2022-01-01")
    assert {(r["person"], r["title"]) for r in at_2022} == {("Anar Məmmədli", "rektor"), ("Cavid Rzayev", "prorektor")}
    assert [r["person"] for r in who(sequence, "Gəncə Dövlət Universiteti", "--at", "2022-01-01", "--title", "rektor")] == [
        "Anar Məmmədli"]
    # C's tenure ends with the dismissal (2022-05-20); A's with B's appointment (2023-02-07)
    assert [(r["person"], r["title"]) for r in who(sequence, GDU, "--at", "2022-06-01")] == [("Anar Məmmədli", "rektor")]
    assert [(r["person"], r["title"]) for r in who(sequence, GDU, "--at", "2023-02-06")] == [("Anar Məmmədli", "rektor")]
    assert [(r["person"], r["title"]) for r in who(sequence, GDU, "--at", "2023-02-07")] == [("Bəhram Səfərov", "rektor")]
    at_2024 = who(sequence, "Gəncə Dövlət Universitetinin", "--at", "2024-01-01")  # inflected, as in a text
    assert [(r["person"], r["title"]) for r in at_2024] == [("Bəhram Səfərov", "rektor")]
    assert who(sequence, GDU) == who(sequence, "Gəncə Dövlət Universiteti") == at_2024  # now: the open tenures
    assert who(sequence, GDU, "--at", "2021-01-01") == []
    row = at_2022[[r["person"] for r in at_2022].index("Anar Məmmədli")]
    assert list(row)[:7] == ["person", "title", "organization", "first_seen", "last_seen", "event", "articles"]
    assert row == {**row, "organization": "Gəncə Dövlət Universiteti", "first_seen": "2021-03-15", "last_seen": "2022-09-01",
                   "event": "appointed", "articles": 5, "since": "2021-03-15", "until": "2023-02-07", "ended_by": "appointed",
                   "ended_by_person": "Bəhram Səfərov", "person_id": A, "organization_id": GDU}
    # evidence: the sentences that show the post, first and last among them (the last: the former post, 2024)
    assert row["evidence"][0]["date"] == "2021-03-15" and row["evidence"][0]["event"] == "appointed"
    assert "rektoru vəzifəsinə təyin edilib" in row["evidence"][0]["sentence"]
    assert [(e["date"], e["event"], e["years"]) for e in row["evidence"][-1:]] == [("2024-05-20", "former", "2021-2023")]
    assert "sabiq rektoru Anar Məmmədli" in row["evidence"][-1]["sentence"]
    assert all(e["url"].startswith("http://127.0.0.1:") for e in row["evidence"])
    everyone = who(sequence, GDU, "--all")
    assert [(r["person"], r["since"], r["until"]) for r in everyone] == [
        ("Anar Məmmədli", "2021-03-15", "2023-02-07"), ("Bəhram Səfərov", "2023-02-07", None),
        ("Cavid Rzayev", "2021-06-10", "2022-05-20")]


def test_person_gives_the_post_with_first_and_last_seen(sequence):
    a = person(sequence, "Anar Məmmədli")
    assert a["person"] == "Anar Məmmədli" and a["person_id"] == A
    assert {"Anar Məmmədli", "A.Məmmədli"} <= set(a["names"])  # full and initialled (surname first: below)
    con = connect(sequence)
    forms = con.execute("SELECT DISTINCT text, entity_id FROM mentions WHERE label = 'PERSON' AND text LIKE '%Məmmədli%'").fetchall()
    assert "A.Məmmədli" in {t for t, _e in forms} and any(t.startswith("Məmmədli Anar") for t, _e in forms)
    assert {e for _t, e in forms} == {A}
    con.close()
    assert a["articles"] == 5 and (a["first_seen"], a["last_seen"]) == ("2021-03-15", "2024-05-20")
    # the rector's tenure, and the post the first article's biography sentence gives ("bu təyinatadək
    # Bakı Dövlət Universitetində dekan vəzifəsində çalışıb"): a former post, never current
    posts = {p["title"]: p for p in a["posts"]}
    assert set(posts) == {"rektor", "dekan"}
    assert (posts["dekan"]["organization"], posts["dekan"]["event"], posts["dekan"]["current"]) == (
        "Bakı Dövlət Universiteti", "former", False)
    post = posts["rektor"]
    assert {k: post[k] for k in ("title", "organization", "first_seen", "last_seen", "since", "until", "ended_by",
                                 "ended_by_person", "articles", "current")} == {
        "title": "rektor", "organization": "Gəncə Dövlət Universiteti", "first_seen": "2021-03-15",
        "last_seen": "2022-09-01", "since": "2021-03-15", "until": "2023-02-07", "ended_by": "appointed",
        "ended_by_person": "Bəhram Səfərov", "articles": 5, "current": False}
    # the former post of 2024 is evidence of the tenure (it neither ends it nor counts as a sighting)
    assert [(e["event"], e["date"]) for e in post["events"]] == [
        ("appointed", "2021-03-15"), ("holds", "2021-06-10"), ("holds", "2021-11-02"), ("holds", "2022-09-01"),
        ("former", "2024-05-20")]
    # every way of writing the name finds the same person
    for name in ("A.Məmmədli", "A. Məmmədli", "Məmmədli Anar Vaqif oğlu", "Anar Məmmədlinin", "ANAR MƏMMƏDLİ", A):
        assert person(sequence, name)["person_id"] == A, name
    c = person(sequence, "Cavid Rzayevin")
    [post] = c["posts"]
    assert (post["title"], post["since"], post["until"], post["ended_by"]) == ("prorektor", "2021-06-10", "2022-05-20", "dismissed")
    assert [e["event"] for e in post["events"]] == ["appointed", "holds", "dismissed"]
    b = person(sequence, "B.Səfərov")
    assert b["person_id"] == B and [(p["title"], p["since"], p["until"], p["current"]) for p in b["posts"]] == [
        ("rektor", "2023-02-07", None, True)]


def test_the_numbers_equal_a_duckdb_query_over_the_tables(sequence):
    """first_seen, last_seen and the article counts of `person` and `who` come straight from the
    roles and articles Parquet files (local publication dates)."""
    raw = duckdb.connect()
    roles = f"read_parquet('{sequence}/roles/**/*.parquet', hive_partitioning = true)"
    arts = f"read_parquet('{sequence}/articles/**/*.parquet', hive_partitioning = true)"
    day = "CAST(substr(a.published_at_local, 1, 10) AS DATE)"

    def numbers(names, title):
        """first and last article showing the person in the post (a former post is no sighting), articles of all its roles"""
        q = ", ".join("'" + n + "'" for n in names)
        return raw.execute(
            f"SELECT CAST(min({day}) FILTER (WHERE r.event <> 'former') AS VARCHAR), "
            f"CAST(max({day}) FILTER (WHERE r.event <> 'former') AS VARCHAR), count(DISTINCT r.article_id) "
            f"FROM {roles} r JOIN {arts} a ON a.article_id = r.article_id AND a.version = r.version "
            f"WHERE r.person IN ({q}) AND r.title = '{title}' AND r.organization = 'Gəncə Dövlət Universiteti'").fetchone()

    a = person(sequence, "Anar Məmmədli")
    rector = next(p for p in a["posts"] if p["title"] == "rektor")
    assert numbers(a["names"], "rektor") == (rector["first_seen"], rector["last_seen"], rector["articles"])
    assert numbers(a["names"], "rektor") == ("2021-03-15", "2022-09-01", 5)
    for r in who(sequence, GDU, "--all"):
        names = person(sequence, r["person_id"])["names"]
        assert numbers(names, r["title"]) == (r["first_seen"], r["last_seen"], r["articles"]), r["person"]
    # the end of A's tenure is the date of B's appointment in the roles table
    end = raw.execute(f"SELECT CAST(min({day}) AS VARCHAR) FROM {roles} r JOIN {arts} a USING (article_id) "
                      "WHERE r.person = 'Bəhram Səfərov' AND r.event = 'appointed'").fetchone()[0]
    assert end == rector["until"] == "2023-02-07"
    # the posts view says the same through `aznews query`
    proc = run_aznews("query", f"SELECT person, title, CAST(first_seen AS VARCHAR) f, CAST(last_seen AS VARCHAR) l, articles "
                               f"FROM posts WHERE organization_id = '{GDU}' ORDER BY person", "--dataset", sequence,
                      "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [(r["person"], r["title"], r["f"], r["l"], r["articles"]) for r in json.loads(proc.stdout)] == [
        (r["person"], r["title"], r["first_seen"], r["last_seen"], r["articles"]) for r in who(sequence, GDU, "--all")]


def test_namesakes_with_clearly_different_posts_are_kept_apart(sequence):
    con = connect(sequence)
    ids = con.execute("SELECT entity_id, articles FROM entities WHERE canonical = 'Elvin Quliyev' ORDER BY entity_id").fetchall()
    assert ids == [("elvin-quliyev", 3), ("elvin-quliyev-2", 2)]  # numbered by first appearance
    bodies = dict(con.execute("SELECT person_id, organization FROM posts WHERE person = 'Elvin Quliyev'").fetchall())
    assert bodies == {"elvin-quliyev": "Şəki Rayon Mərkəzi Xəstəxanası", "elvin-quliyev-2": "Azərbaycan Texniki Universiteti"}
    # the article without a post names the hospital: it is the chief doctor's
    assert con.execute("SELECT m.entity_id FROM mentions m JOIN articles a USING (article_id) "
                       "WHERE m.canonical = 'Elvin Quliyev' AND a.title LIKE '%yeni avadanlıq%'").fetchall() == [("elvin-quliyev",)]
    proc = run_aznews("person", "Elvin Quliyev", "--dataset", sequence)
    err = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(err) == 1 and "elvin-quliyev" in err[0] and "elvin-quliyev-2" in err[0]
    assert person(sequence, "elvin-quliyev-2")["posts"][0]["title"] == "prorektor"


def test_who_and_person_formats_and_errors(sequence):
    proc = run_aznews("who", GDU, "--dataset", sequence, "--all", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["person"], r["since"], r["until"]) for r in rows] == [
        ("Anar Məmmədli", "2021-03-15", "2023-02-07"), ("Bəhram Səfərov", "2023-02-07", ""), ("Cavid Rzayev", "2021-06-10", "2022-05-20")]
    assert json.loads(rows[0]["evidence"])[0]["event"] == "appointed"
    table = run_aznews("who", GDU, "--dataset", sequence, "--at", "2022-01-01")
    assert table.returncode == 0 and "Anar Məmmədli" in table.stdout and "2023-02-07 (appointed: Bəhram Səfərov)" in table.stdout
    assert "2 row(s)" in table.stdout
    p = run_aznews("person", "A.Məmmədli", "--dataset", sequence, "--format", "csv")
    assert p.returncode == 0 and "rektor" in {r["title"] for r in csv.DictReader(io.StringIO(p.stdout))}
    for args, message in [
        (["who", "Heç bir Nazirlik"], "no organization called"),
        (["who", GDU, "--at", "2022-13-01"], "not a date"),
        (["person", "Zaur Zaurov"], "no person called"),
        (["who", GDU, "--format", "xml"], "invalid choice"),
    ]:
        proc = run_aznews(*args, "--dataset", sequence)
        err = proc.stderr.strip().splitlines()
        assert proc.returncode == 2 and len(err) == 1 and message in err[0] and "Traceback" not in proc.stderr, (args, err)
    proc = run_aznews("who", GDU, "--dataset", sequence.parent / "missing")
    assert proc.returncode == 2 and "dataset not found" in proc.stderr


def test_identity_tables_are_cached_per_snapshot_and_watchlist(sequence, tmp_path):
    from aznews.pipelines.identity.store import CACHE_PREFIX
    from aznews.pipelines.monitor import watchlist

    caches = lambda: sorted(p.name for p in sequence.iterdir() if p.name.startswith(CACHE_PREFIX))  # noqa: E731
    connect(sequence).close()
    before = caches()
    assert len(before) == 1
    connect(sequence).close()
    assert caches() == before  # read back, not computed again
    # a watchlist that knows the university by its abbreviation: another cache, and the alias works
    f = tmp_path / "uni.yaml"
    f.write_text("organizations:\n  - {id: gdu, name: Gəncə Dövlət Universiteti, kind: university, abbreviations: [GDU]}\n",
                 encoding="utf-8")
    wl = watchlist.load([f])
    con = connect(sequence, watchlist=wl)
    assert len(caches()) == 2
    assert [r["person"] for r in lookup.who(con, "GDU", at="2022-01-01", title="rektoru", wl=wl)] == ["Anar Məmmədli"]
    con.close()
    proc = run_aznews("who", "GDU", "--dataset", sequence, "--watchlist", f, "--at", "2024-01-01", "--format", "json")
    assert proc.returncode == 0 and [r["person"] for r in json.loads(proc.stdout)] == ["Bəhram Səfərov"]
    assert [r["organization_id"] for r in json.loads(proc.stdout)] == ["gdu"]  # the watchlist's id
    connect(sequence).close()
    assert len(caches()) == 2 and before[0] in caches()  # the built-in list's cache is still there


# --- the rules on hand-made rows --------------------------------------------------------------

def _write(root, articles):
    """A dataset of hand-made articles: [(id, date, [(person text, canonical)], [(person, title, org, event)], [orgs])]."""
    from aznews.pipelines.dataset import records, schema
    from aznews.pipelines.dataset.writer import Dataset

    arts, ments, rols = [], [], []
    for key, date, people, roles, orgs in articles:
        item = {"url": f"http://127.0.0.1:9/{key}", "source": "bayraqdar", "language": "az", "title": key,
                "published_at": f"{date}T10:00:00+04:00", "fetched_at": f"{date}T07:00:00+00:00",
                "body": "Mətn. " * 5, "extraction_method": "wp-json"}
        art = records.article_row(item, crawl_id="t")
        arts.append(art)
        aid = art["article_id"]
        for text, canonical in people:
            ments.append({"article_id": aid, "sentence": 0, "start": 0, "end": 4, "text": text, "label": "PERSON",
                          "canonical": canonical, "entity_id": schema.entity_id("PERSON", canonical), "method": "rule",
                          "score": 1.0, "published_at": art["published_at"]})
        for org in orgs:
            ments.append({"article_id": aid, "sentence": 1, "start": 5, "end": 9, "text": org, "label": "ORGANIZATION",
                          "canonical": org, "entity_id": schema.entity_id("ORGANIZATION", org), "method": "rule",
                          "score": 1.0, "published_at": art["published_at"]})
        for p, title, org, event in roles:
            rols.append({"article_id": aid, "person": p, "title": title, "organization": org, "parent_organization": "",
                         "event": event, "sentence": 0, "published_at": art["published_at"]})
    Dataset(str(root)).write(arts, mentions=ments, roles=rols)


def test_patronymics_and_initials_decide_who_is_who(tmp_path):
    X, Y = "Şəki Rayon Mərkəzi Xəstəxanası", "Qəbələ Rayon Mərkəzi Xəstəxanası"
    _write(tmp_path / "ds", [
        ("p1", "2022-01-10", [("Elvin Rauf oğlu Quliyev", "Elvin Quliyev")], [("Elvin Quliyev", "baş həkim", X, "appointed")], [X]),
        ("p2", "2022-02-10", [("Elvin Tofiq oğlu Quliyev", "Elvin Quliyev")], [("Elvin Quliyev", "baş həkim", Y, "appointed")], [Y]),
        ("p3", "2022-03-10", [("Elvin Quliyev", "Elvin Quliyev")], [], [Y]),  # no post, names Qəbələ's hospital
        ("p4", "2022-04-10", [("Anar Məmmədli", "Anar Məmmədli")], [("Anar Məmmədli", "baş həkim", X, "appointed")], [X]),
        ("p5", "2022-05-10", [("Aynur Məmmədli", "Aynur Məmmədli")], [("Aynur Məmmədli", "direktor", Y, "holds")], [Y]),
        ("p6", "2022-06-10", [("A.Məmmədli", "A.Məmmədli")], [], [Y]),  # two fit the initial: the one at Y
        ("p7", "2022-07-10", [("A.Məmmədli", "A.Məmmədli")], [], []),  # two fit and nothing says which
        ("p8", "2022-08-10", [("Hacızadə Billurə Əli qızı", "Hacızadə Billurə Əli qız")], [], []),
        ("p9", "2022-09-10", [("B.Hacızadə", "B.Hacızadə")], [], []),  # one fits
    ])
    con = connect(tmp_path / "ds")
    ids = dict(con.execute("SELECT a.title, list(m.entity_id ORDER BY m.entity_id) FROM mentions m JOIN articles a "
                           "USING (article_id) GROUP BY a.title").fetchall())
    assert ids["p1"][0] != ids["p2"][0] and {ids["p1"][0], ids["p2"][0]} == {"elvin-quliyev", "elvin-quliyev-2"}
    assert ids["p3"][0] == ids["p2"][0]  # the article names the second namesake's hospital
    assert ids["p6"][0] == "aynur-memmedli" and ids["p7"][0] == "a-memmedli"
    assert ids["p8"][0] == ids["p9"][0] == "billure-hacizade"
    assert con.execute("SELECT canonical FROM entities WHERE entity_id = 'billure-hacizade'").fetchall() == [("Billurə Hacızadə",)]
    # the hospital's chief doctor at X: Anar Məmmədli's appointment ends Elvin (Rauf oğlu)'s tenure there
    rows = con.execute(f"SELECT person_id, CAST(since AS VARCHAR), CAST(until AS VARCHAR), ended_by_person_id FROM posts "
                       f"WHERE organization = '{X}' ORDER BY since").fetchall()
    assert rows == [(ids["p1"][0], "2022-01-10", "2022-04-10", "anar-memmedli"), ("anar-memmedli", "2022-04-10", None, None)]


def _role(person, title, org, event, date, article="a", sentence=0, years=None):
    return {"person_id": person, "person": person, "title": title, "organization": org, "organization_id": slug(org) if org else None,
            "parent_organization": "", "parent_organization_id": None, "event": event, "date": date,
            "article_id": article + date, "sentence": sentence, "years": years}


def test_tenure_rules():
    cat = {}
    rows = posts.tenures([
        _role("a", "nazir", "Nazirlik", "appointed", "2020-01-01"),
        _role("a", "nazir", "Nazirlik", "holds", "2020-06-01"),
        _role("b", "nazir", "Nazirlik", "appointed", "2021-01-01"),  # ends a's tenure
        _role("a", "nazir", "Nazirlik", "holds", "2021-02-01"),  # late news: evidence, not a new tenure
        _role("d", "nazir müavini", "Nazirlik", "appointed", "2020-03-01"),
        _role("e", "nazir müavini", "Nazirlik", "appointed", "2020-04-01"),  # deputies: several at once
        _role("d", "nazir müavini", "Nazirlik", "dismissed", "2022-01-01"),
        _role("d", "nazir müavini", "Nazirlik", "appointed", "2023-01-01"),  # back again: a second tenure
        _role("f", "rektor", "Universitet", "former", "2021-05-01"),  # a past post only
        _role("b", "nazir", "Nazirlik", "former", "2024-01-01"),  # former never ends a tenure
        _role("g", "rəis", "", "appointed", "2020-01-01"), _role("h", "rəis", "", "appointed", "2021-01-01"),  # no organization
        _role("i", "rektor", "Akademiya", "former", "2022-03-01", years="2015-2019"),  # a past post with its years
        _role("j", "rektor", "İnstitut", "former", "2022-03-01", years="2016"),
        _role("k", "direktor", "Mərkəz", "holds", "2022-05-01", years="2018"),  # kept, but does not move the tenure
        _role("k", "direktor", "Mərkəz", "holds", "2022-06-01"),
    ], cat)
    got = {(r["person_id"], r["title"], r["since"]): (r["until"], r["ended_by"], r["ended_by_person_id"], r["event"], r["current"],
                                                      r["last_seen"]) for r in rows}
    assert got == {
        ("a", "nazir", "2020-01-01"): ("2021-01-01", "appointed", "b", "appointed", False, "2021-02-01"),
        ("b", "nazir", "2021-01-01"): (None, None, None, "appointed", True, "2021-01-01"),  # a former mention: no sighting
        ("d", "nazir müavini", "2020-03-01"): ("2022-01-01", "dismissed", None, "appointed", False, "2022-01-01"),
        ("d", "nazir müavini", "2023-01-01"): (None, None, None, "appointed", True, "2023-01-01"),
        ("e", "nazir müavini", "2020-04-01"): (None, None, None, "appointed", True, "2020-04-01"),
        ("f", "rektor", None): (None, None, None, "former", False, "2021-05-01"),
        ("g", "rəis", "2020-01-01"): (None, None, None, "appointed", True, "2020-01-01"),
        ("h", "rəis", "2021-01-01"): (None, None, None, "appointed", True, "2021-01-01"),
        ("i", "rektor", "2015-01-01"): ("2019-12-31", None, None, "former", False, "2022-03-01"),
        ("j", "rektor", "2016-01-01"): ("2022-03-01", None, None, "former", False, "2022-03-01"),
        ("k", "direktor", "2022-05-01"): (None, None, None, "holds", True, "2022-06-01"),
    }
    k = next(r for r in rows if r["person_id"] == "k")
    assert k["first_seen"] == "2022-05-01" and [e["years"] for e in k["events"]] == ["2018", None]
    b = next(r for r in rows if r["person_id"] == "b")
    assert [e["event"] for e in b["events"]] == ["appointed", "former"] and b["articles"] == 2



def test_names_and_titles():
    for text in ("Billurə Hacızadə", "B.Hacızadə", "Hacızadə Billurə Əli qızı", "Billurə Əli qızı Hacızadə", "HACIZADƏ BİLLURƏ",
                 "Hacızadə Billurə", "Hacızadə Billurə Əli qız"):
        p = parse_person(text)
        assert p.surname == "Hacızadə" and p.initial_key == ("b", "hacizade"), text
        assert p.given in ("Billurə", ""), text
    assert parse_person("Hacızadə Billurə Əli qızı").patronymic == "Əli qızı"
    assert parse_person("Teymur Yusif oğlu Musayev").display == "Teymur Musayev"
    assert parse_person("B.Ə.Hacızadə").initials == "bə"
    assert parse_person("…") is None
    assert slug("Elm və Təhsil Nazirliyi") == "elm-ve-tehsil-nazirliyi" and slug("Мамедов") == "mamedov"
    assert fold("AZƏRBAYCAN RESPUBLİKASININ Elm ve Tehsil Nazirliyi") == "elm-ve-tehsil-nazirliyi"
    assert [single_holder(t) for t in ("nazir", "rektor", "icra başçısı", "baş həkim", "sektor müdiri", "idarə heyəti sədri")] == [True] * 6
    assert [single_holder(t) for t in ("nazir müavini", "prorektor", "baş məsləhətçi", "Sədr birinci müavini", "deputat",
                                       "polkovnik")] == [False] * 6
    assert title_key("icra başçısı") == title_key("başçı")


# --- the demo dataset ---------------------------------------------------------------------

def test_demo_person_and_who(demo_dataset):
    b = person(demo_dataset, "B.Hacızadə")
    assert b["person"] == "Billurə Hacızadə" and b["person_id"] == "billure-hacizade"
    assert [(p["title"], p["organization"], p["parent_organization"], p["first_seen"]) for p in b["posts"]] == [
        ("baş məsləhətçi", "İctimaiyyətlə əlaqələr sektoru", "Elm və Təhsil Nazirliyi", "2021-12-17")]
    assert "Billurə Hacızadə" in b["posts"][0]["evidence"][0]["sentence"]
    rows = who(demo_dataset, "Təhsil Nazirliyi")
    elnur = [r for r in rows if r["person"] == "Elnur Nəsibov"]
    assert [(r["title"], r["organization_id"], r["first_seen"]) for r in elnur] == [("nazir müşaviri", ETN, "2021-12-17")]
    assert who(demo_dataset, "Elm və Təhsil Nazirliyinin") == who(demo_dataset, "ETN") == rows  # one body, any name
    assert {"Billurə Hacızadə", "Namiq Rzaquliyev", "Səbinə Həmzəyeva"} <= {r["person"] for r in rows}


def test_demo_renamed_ministry_is_one_body_everywhere(demo_dataset, tmp_path):
    names = ("Təhsil Nazirliyi", "Elm və Təhsil Nazirliyi")
    raw = duckdb.sql(f"SELECT count(*), count(DISTINCT article_id) FROM read_parquet('{demo_dataset}/mentions/**/*.parquet') "
                     f"WHERE label = 'ORGANIZATION' AND canonical IN {names}").fetchall()[0]
    assert raw[1] >= 3
    # the entities view: one row, both names
    con = connect(demo_dataset)
    ent = con.execute("SELECT entity_id, canonical, mentions, articles, names FROM entities "
                      f"WHERE list_has_any(names, {list(names)})").fetchall()
    assert ent == [(ETN, "Elm və Təhsil Nazirliyi", raw[0], raw[1], sorted(names))]
    # stats: one row of top organizations, with both names used
    stats = run_aznews("stats", "--dataset", demo_dataset, env={"COLUMNS": "250"})
    assert stats.returncode == 0, stats.stderr
    top = stats.stdout.split("Top organizations", 1)[1].split("Roles per event", 1)[0]
    lines = [ln for ln in top.splitlines() if "Nazirliyi" in ln and ("Təhsil" in ln)]
    assert len(lines) == 1 and ETN in lines[0] and f"│ {raw[0]} " in lines[0] and "Təhsil Nazirliyi" in lines[0]
    # watch: every mention under either name is the one body
    proc = run_aznews("watch", "--dataset", demo_dataset, "--since", "2000-01-01", "--format", "jsonl")
    assert proc.returncode == 1, proc.stderr
    ms = [m for line in proc.stdout.splitlines() for m in json.loads(line)["mentions"] if m["canonical"] in names]
    assert len(ms) == raw[0] and {m["entity_id"] for m in ms} == {ETN}
    assert {m["matched_as"] for m in ms} == {"name", "former"}
    # report: one row in the entities table, and one who's who block
    out = tmp_path / "r.html"
    assert run_aznews("report", "--dataset", demo_dataset, "--out", out).returncode == 0
    text = out.read_text(encoding="utf-8")
    entities = text.split('<section id="entities">', 1)[1].split("</section>", 1)[0]
    assert entities.count("<tr><td>Elm və Təhsil Nazirliyi</td>") == 1 and "<tr><td>Təhsil Nazirliyi</td>" not in entities
    assert f"<td class=num>{raw[0]}</td><td class=num>{raw[1]}</td>" in entities
    assert text.count(f'data-entity="{ETN}"') == 1
