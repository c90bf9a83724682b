"""The NER training pipeline: generated data, word vectors, a tiny real training run, the shipped model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from aznews.nlp.text import az_lower
from aznews.nlp.training import generate as gen
from aznews.nlp.training import lists
from aznews.nlp.training.inflect import local_inflect

SENTENCE = "Təhsil Nazirliyinin baş məsləhətçisi Billurə Hacızadə iştirakçıları salamlayıb ."


def _spans(ex, label):
    return {ex["text"][s:e] for s, e, lab in ex["spans"] if lab == label}


def test_generator_is_deterministic():
    a = gen.generate("train", 80, seed=5)
    b = gen.generate("train", 80, seed=5)
    c = gen.generate("train", 80, seed=6)
    assert [x["text"] for x in a] == [x["text"] for x in b]
    assert [x["tokens"] for x in a] == [x["tokens"] for x in b]
    assert [x["text"] for x in a] != [x["text"] for x in c]


def test_spans_align_with_tokens_and_labels_are_valid():
    examples = gen.generate("train", 400, seed=11)
    seen = set()
    for ex in examples:
        text, toks = ex["text"], ex["tokens"]
        # the tokens are the text's tokens, in order
        pos = 0
        for t in toks:
            pos = text.index(t["text"], pos) + len(t["text"])
        prev = "O"
        for t in toks:
            tag = t["ner"]
            assert tag == "O" or (tag[:2] in ("B-", "I-") and tag[2:] in gen.LABELS), tag
            if tag.startswith("I-"):
                assert prev[2:] == tag[2:], (text, toks)
            prev = tag
        # every span is exactly a B- token followed by its I- tokens
        tagged = []
        cur = None
        for t in toks:
            if t["ner"].startswith("B-"):
                cur = [t["ner"][2:], [t["text"]]]
                tagged.append(cur)
            elif t["ner"].startswith("I-"):
                cur[1].append(t["text"])
        assert len(tagged) == len(ex["spans"])
        for (lab, words), (s, e, glab) in zip(tagged, sorted(ex["spans"])):
            assert lab == glab
            assert "".join(words) == text[s:e].replace(" ", "")
            seen.add(lab)
    assert seen == set(gen.LABELS)
    # sentences without entities are there too (hard negatives)
    assert sum(1 for ex in examples if not ex["spans"]) > 20


def test_annotation_conventions_in_generated_data():
    ex = gen.Generator("train", 1).sentence("{OM.gen} {OSUB.gen} {T.p} {P} iştirakçıları salamlayıb .")
    labels = [lab for _, _, lab in ex["spans"]]
    assert labels == ["ORGANIZATION", "ORGANIZATION", "TITLE", "PERSON"]
    org = ex["text"][ex["spans"][0][0]:ex["spans"][0][1]]
    assert org.endswith("nin") or org.endswith("nın") or org.endswith("nun") or org.endswith("nün")
    assert gen.num_suffix(2021, "ord") == "2021-ci" and gen.num_suffix(16, "loc") == "16-da"
    assert gen.num_suffix(2023, "ord") == "2023-cü" and gen.num_suffix(1990, "ord") == "1990-cı"
    assert local_inflect("Nazirlik", "gen", True) == "Nazirliyinin"
    assert local_inflect("Nəsibov", "dat") == "Nəsibova"
    assert local_inflect("ASC", "gen") == "ASC-nin"


def test_train_and_validation_splits_are_disjoint():
    p = lists.pools()
    tr, va = p["train"], p["val"]
    for attr in ("male", "female", "given_any", "surnames", "common_surnames", "places", "districts"):
        assert getattr(va, attr), attr
        assert not set(getattr(tr, attr)) & set(getattr(va, attr)), attr
    assert not {o.name for o in tr.orgs} & {o.name for o in va.orgs}
    train_people = set().union(*(_spans(ex, "PERSON") for ex in gen.generate("train", 600, seed=2)))
    val_people = set().union(*(_spans(ex, "PERSON") for ex in gen.generate("val", 600, seed=2)))
    assert len(train_people) > 300 and len(val_people) > 300
    assert not train_people & val_people


def test_vectors_answer_stanza_lowercased_keys(tmp_path):
    from aznews.nlp.training import vectors

    vocab = ["ictimaiyyətlə", "ılıq", "nazirliyinin", "nazirliyi", "hacızadə"]
    vecs = vectors.embed(vocab)
    txt = tmp_path / "v.txt"
    vectors.write_vectors(vocab, vecs, txt)
    rows = {line.split(" ")[0]: line.split(" ")[1:] for line in txt.read_text(encoding="utf-8").splitlines()[1:]}
    # Stanza looks up str.lower() of the token: "İ" -> "i̇"
    assert rows["İctimaiyyətlə".lower()] == rows["ictimaiyyətlə"]
    assert az_lower("İctimaiyyətlə") == "ictimaiyyətlə"
    import numpy as np

    a, b, c = (np.array(rows[w], dtype=float) for w in ("nazirliyinin", "nazirliyi", "hacızadə"))
    cos = lambda x, y: float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))  # noqa: E731
    assert cos(a, b) > cos(a, c) + 0.2  # shared character n-grams give similar vectors
    assert vecs.shape[1] == vectors.DIM


def test_tiny_training_run_produces_a_loadable_model(tmp_path):
    from aznews.nlp.training import train

    info = train.build(steps=30, train_size=300, val_size=60, out=tmp_path / "out", work=tmp_path / "work",
                       eval_interval=30, vocab_size=3000, write_md=False)
    out = tmp_path / "out"
    assert (out / "az_nertagger.pt").stat().st_size > 100_000
    assert (out / "resources.json").exists()
    assert set(info["scores"]) == set(gen.LABELS) | {"ALL"}
    nlp = train.load_pipeline(out)
    doc = nlp([SENTENCE.split()])
    assert len(doc.sentences[0].tokens) == len(SENTENCE.split())
    assert all(t.ner == "O" or t.ner[2:] in gen.LABELS for t in doc.sentences[0].tokens)


def test_score_counts_exact_spans():
    from aznews.nlp.training.train import score

    gold = [["B-PERSON", "I-PERSON", "O", "B-DATE"]]
    pred = [["B-PERSON", "E-PERSON", "O", "S-LOCATION"]]
    s = score(gold, pred)
    assert s["PERSON"]["f1"] == 1.0
    assert s["DATE"]["recall"] == 0.0 and s["LOCATION"]["precision"] == 0.0


def test_shipped_model_loads_and_tags_the_reference_sentence():
    import stanza

    from aznews.nlp.models import MODEL_DIR, NER_MODEL, PRETRAIN

    assert (MODEL_DIR / "resources.json").exists()
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert total <= 30_000_000, total
    nlp = stanza.Pipeline(lang="az", dir=str(MODEL_DIR), download_method=None, allow_unknown_language=True,
                          processors="tokenize,ner", tokenize_pretokenized=True,
                          ner_model_path=str(NER_MODEL), ner_pretrain_path=str(PRETRAIN), logging_level="WARN")
    doc = nlp([SENTENCE.split()])
    ents = {(e.text, e.type) for e in doc.ents}
    assert ("Billurə Hacızadə", "PERSON") in ents
    assert ("Təhsil Nazirliyinin", "ORGANIZATION") in ents
    assert ("baş məsləhətçisi", "TITLE") in ents
    assert not any(e.type == "PERSON" and "Nazirliy" in e.text for e in doc.ents)
