"""The faster CRF decode gives exactly Stanza's tags (ties included) and the pipeline uses it."""
from __future__ import annotations

import numpy as np
import pytest

from aznews.nlp.pipeline import fast_viterbi


def test_fast_viterbi_equals_stanza():
    from stanza.models.common.crf import viterbi_decode

    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(1, 50))
        scores = rng.standard_normal((n, 21)).astype(np.float32)
        trans = rng.standard_normal((21, 21)).astype(np.float32)
        if rng.random() < 0.3:  # ties: integer scores
            scores = np.round(scores).astype(np.float32)
            trans = np.round(trans).astype(np.float32)
        want_path, want_score = viterbi_decode(scores, trans)
        got_path, got_score = fast_viterbi(scores, trans)
        assert [int(x) for x in want_path] == got_path
        assert float(want_score) == float(got_score)


def test_pipeline_uses_fast_decode_and_stanza_keeps_its_own():
    from aznews import nlp
    import stanza.models.common.crf as crf
    import stanza.models.ner.trainer as trainer

    if nlp._default is None:
        nlp._default = nlp.Analyzer()
    if nlp._default.pipeline is None:
        pytest.skip("no NER model shipped")
    # the module-level decode is Stanza's, untouched: the change lives in our pipeline's trainers
    assert trainer.viterbi_decode is crf.viterbi_decode
    ner = nlp._default.pipeline.processors["ner"]
    assert all(t.predict.__func__.__name__ == "_fast_predict" for t in ner.trainers)
    text = "Təhsil Nazirliyinin baş məsləhətçisi Billurə Hacızadə Bakıda çıxış edib. Elnur Nəsibov da iştirak edib."
    doc = nlp._default.pipeline(text)
    fast = [t.ner for t in doc.iter_tokens()]
    for t in ner.trainers:  # Stanza's own predict on the same text gives the same tags
        del t.predict
    try:
        slow = [t.ner for t in nlp._default.pipeline(text).iter_tokens()]
    finally:
        from aznews.nlp.pipeline import use_fast_decode
        use_fast_decode(nlp._default.pipeline)
    assert fast == slow and any(tag != "O" for tag in fast)
