"""Smoke test of the tokenizer against UD Azerbaijani-TueCL (test set, 148 sentences).

Reads ../shared/data/ud/az_tuecl-ud-test.conllu at test time only (CC BY-SA 4.0, not
shipped with the product). Gold tokens are the surface tokens: a multi-word token line
("2-3 bağdakı") counts as one token and its syntactic words are skipped. UD splits
hyphenated reduplications ("tez - tez", "sil - süpür"); aznews keeps hyphenated words
whole by design, so the "normalized" figures merge gold "X - Y" written without spaces
into one token. Both figures are printed; the floor applies to the normalized ones.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from aznews.nlp.tokenize import tokenize

UD = Path(__file__).resolve().parents[2] / "shared" / "data" / "ud" / "az_tuecl-ud-test.conllu"


def read_conllu(path: Path):
    """[(text, [(form, space_after)])] with multi-word tokens as one surface token."""
    out = []
    text, tokens, skip_to = None, [], 0
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif not line.strip():
            if text is not None and tokens:
                out.append((text, tokens))
            text, tokens, skip_to = None, [], 0
        elif not line.startswith("#"):
            cols = line.split("\t")
            tid = cols[0]
            if "." in tid:
                continue  # empty node
            space_after = "SpaceAfter=No" not in cols[9]
            if "-" in tid:
                first, last = (int(x) for x in tid.split("-"))
                skip_to = last
                tokens.append((cols[1], space_after))
            elif int(tid) > skip_to:
                tokens.append((cols[1], space_after))
    return out


def spans(text: str, forms: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for form in forms:
        start = text.index(form, pos)
        out.append((start, start + len(form)))
        pos = start + len(form)
    return out


def merge_hyphens(tokens):
    """Gold "tez" "-" "tez" (no spaces) -> "tez-tez", the aznews convention."""
    out = []
    for form, space_after in tokens:
        if out and len(out) >= 2 and out[-1][0] == "-" and not out[-1][1] and not out[-2][1] and out[-2][0][-1:].isalnum() and form[:1].isalnum():
            hyphen = out.pop()
            prev = out.pop()
            out.append((prev[0] + hyphen[0] + form, space_after))
        else:
            out.append((form, space_after))
    return out


def score(data, normalize: bool):
    tp = n_gold = n_pred = exact = 0
    for text, tokens in data:
        if normalize:
            tokens = merge_hyphens(tokens)
        gold = set(spans(text, [f for f, _ in tokens]))
        sents = tokenize(text)
        pred = {(s, e) for sent in sents for _, s, e in sent}
        tp += len(gold & pred)
        n_gold += len(gold)
        n_pred += len(pred)
        exact += len(sents) == 1 and gold == pred
    p, r = tp / n_pred, tp / n_gold
    return p, r, 2 * p * r / (p + r), exact / len(data)


@pytest.fixture(scope="module")
def ud():
    if not UD.exists():
        pytest.skip(f"UD Azerbaijani-TueCL not found at {UD} (the ../shared folder is needed for this smoke test)")
    data = read_conllu(UD)
    assert len(data) == 148
    return data


def test_ud_token_and_sentence_figures(ud):
    p0, r0, f0, e0 = score(ud, normalize=False)
    p, r, f, e = score(ud, normalize=True)
    print(f"\nUD az_tuecl test, raw gold:        P={p0:.4f} R={r0:.4f} F1={f0:.4f} sentence exact={e0:.4f}")
    print(f"UD az_tuecl test, hyphens merged:  P={p:.4f} R={r:.4f} F1={f:.4f} sentence exact={e:.4f}")
    assert f >= 0.98 and e >= 0.95
    assert f0 >= 0.97


def test_ud_one_sentence_each(ud):
    # every `# text` line is one sentence, including "Bunun abisi çoxtər yaxçıdı. mənə abini verərsən?"
    counts = [len(tokenize(text)) for text, _ in ud]
    assert sum(c == 1 for c in counts) / len(counts) >= 0.97
