"""`aznews extract`: one text on stdin, and --jsonl with a bad line in the middle."""
from __future__ import annotations

import json
import subprocess
import sys

TEXT = ("Təhsil nazirinin müşaviri Elnur Nəsibov Dekabrın 16-da Bakıda jurnalistlərlə görüşüb. "
        "O, 2022-ci ildə yeni layihələrin başlanacağını bildirib.")


def aznews(args, stdin):
    return subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *args], input=stdin.encode("utf-8"),
                          capture_output=True, timeout=300)


def test_extract_one_text():
    proc = aznews(["extract", "--published", "2021-12-17T11:15:00+04:00"], TEXT)
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert out["language"] == "az" and out["skipped"] is False and out["id"] is None
    assert out["persons"] == ["Elnur Nəsibov"]
    assert {"person": "Elnur Nəsibov", "title": "nazir müşaviri", "organization": "Təhsil Nazirliyi",
            "event": "holds"} in out["roles"]
    assert "2021-12-16" in out["dates"] and "2022" in out["dates"]
    detail = {d["value"]: d for d in out["dates_detail"]}
    assert detail["2021-12-16"]["precision"] == "day"
    for d in out["dates_detail"]:
        assert TEXT[d["start"] : d["end"]] == d["text"]
    for m in out["mentions"]:
        assert TEXT[m["start"] : m["end"]] == m["text"]


def test_extract_rejects_bad_published():
    proc = aznews(["extract", "--published", "yesterday"], TEXT)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().startswith("aznews extract: error:")


def test_extract_jsonl_with_bad_lines():
    lines = [
        json.dumps({"id": "a", "text": TEXT, "published": "2021-12-17T11:15:00+04:00"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "published": "2021-12-17"}),
        json.dumps({"id": "d", "text": "Salam", "published": "not a date"}),
        json.dumps({"id": "e", "text": "The minister met journalists in Baku on Thursday afternoon.",
                    "published": None}),
        json.dumps({"id": 6, "text": "Səhiyyə nazirinin müavini Anar Quliyev Gəncədə xəstəxananın açılışında "
                    "iştirak edib.", "published": "2023-03-01"}, ensure_ascii=False),
    ]
    proc = aznews(["extract", "--jsonl", "--batch-size", "2"], "\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d", "e", 6]
    assert "error" not in out[0] and out[0]["persons"] == ["Elnur Nəsibov"]
    assert "invalid JSON" in out[1]["error"]
    assert "text" in out[2]["error"]
    assert "published" in out[3]["error"]
    assert out[4]["skipped"] is True and out[4]["language"] == "en" and out[4]["persons"] == []
    assert out[5]["persons"] == ["Anar Quliyev"]
    assert {"person": "Anar Quliyev", "title": "nazir müavini", "organization": "Səhiyyə Nazirliyi",
            "event": "holds"} in out[5]["roles"]
    text = json.loads(lines[0])["text"]
    for m in out[0]["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_extract_jsonl_takes_published_at_as_well():
    """`published_at` (the name `aznews parse` prints and the table uses) works like the
    documented `published`; both given and different is an error for that line."""
    base = {"text": "Nazir Dekabrın 16-da Bakıda jurnalistlərlə görüşüb."}
    lines = [
        json.dumps({"id": "old", **base, "published": "2021-12-17T11:15:00+04:00"}, ensure_ascii=False),
        json.dumps({"id": "new", **base, "published_at": "2021-12-17T11:15:00+04:00"}, ensure_ascii=False),
        json.dumps({"id": "other-year", **base, "published_at": "2019-12-17T11:15:00+04:00"}, ensure_ascii=False),
        json.dumps({"id": "both", **base, "published": "2021-12-17", "published_at": "2019-12-17"},
                   ensure_ascii=False),
    ]
    proc = aznews(["extract", "--jsonl", "--no-model"], "\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr.decode()
    out = {o["id"]: o for o in map(json.loads, proc.stdout.decode().splitlines())}
    assert "2021-12-16" in out["old"]["dates"]
    assert out["new"]["dates"] == out["old"]["dates"]
    assert "2019-12-16" in out["other-year"]["dates"]
    assert "differ" in out["both"]["error"]
