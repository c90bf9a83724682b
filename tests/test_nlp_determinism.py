"""The extractor gives one answer whatever the process's hash seed (set iteration order)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
import json
from aznews import nlp
a = nlp.Analyzer().analyze(
    "Milli Xalça Muzeyində yeni sərgi açılıb. Sərgi ay sonunadək davam edəcək.\\n\\n"
    "Muzeyin direktoru Aynur Quliyeva bildirib ki, sərgidə 40 xalça var.", "2025-05-01")
print(json.dumps({"roles": [[r.person, r.title, r.organization] for r in a.roles],
                  "mentions": [[m.text, m.label, m.canonical] for m in a.mentions]}, ensure_ascii=False))
"""


def _run(seed: int) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    p = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_same_answer_under_different_hash_seeds():
    # seed 44 once resolved "Muzeyin" to the k/q reading "muzek" and lost the museum
    first, second = _run(44), _run(46)
    assert first == second
    assert ["Aynur Quliyeva", "direktor", "Milli Xalça Muzeyi"] in first["roles"], first["roles"]
