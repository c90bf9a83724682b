"""nlp/inference.py: the faster NER inference gives Stanza's results (the decode exactly, ties
included; the character representations to float rounding; the tags exactly) and the pipeline
uses it."""
from __future__ import annotations

import numpy as np
import pytest

from aznews.nlp.inference import fast_viterbi


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


_TEXT = ("Təhsil Nazirliyinin baş məsləhətçisi Billurə Hacızadə Bakıda çıxış edib. Elnur Nəsibov da "
         "iştirak edib. Nazirin müşaviri Elnur Nəsibov tədbirdə Təhsil Nazirliyinin planlarından danışıb. "
         "Sektor müdiri Cəsarət Valehov Bakıda keçirilən tədbirdə iştirak edib. ") * 3


def _pipeline():
    from aznews import nlp

    if nlp._default is None:
        nlp._default = nlp.Analyzer()
    if nlp._default.pipeline is None:
        pytest.skip("no NER model shipped")
    return nlp._default.pipeline


def test_pipeline_uses_fast_inference_and_stanza_keeps_its_own():
    import stanza.models.common.char_model as char_model
    import stanza.models.common.crf as crf
    import stanza.models.ner.trainer as trainer
    from aznews.nlp.inference import use_fast_inference, use_stanza_inference

    pipeline = _pipeline()
    # Stanza's module-level code is untouched: the changes live in our pipeline's objects
    assert trainer.viterbi_decode is crf.viterbi_decode
    assert char_model.CharacterModel.forward.__module__ == char_model.__name__
    ner = pipeline.processors["ner"]
    from aznews.nlp.pipeline import NER_BATCH_SENTENCES

    assert all(c["batch_size"] == NER_BATCH_SENTENCES for c in ner.configs)
    for t in ner.trainers:
        assert t.predict.__func__.__name__ == "_fast_predict"
        assert t.model.charmodel.forward.__func__.__name__ == "_distinct_words_forward"
        assert all(c.forward.__func__.__name__ == "_transitions_only" for c in t.model.crits)
    fast = [t.ner for t in pipeline(_TEXT).iter_tokens()]
    use_stanza_inference(pipeline)
    try:
        assert all("predict" not in vars(t) for t in ner.trainers)
        slow = [t.ner for t in pipeline(_TEXT).iter_tokens()]
    finally:
        use_fast_inference(pipeline)
    assert fast == slow and any(tag != "O" for tag in fast)


def test_distinct_words_forward_equals_stanza_character_model():
    import torch
    from stanza.models.ner.data import DataLoader

    pipeline = _pipeline()
    trainer = pipeline.processors["ner"].trainers[0]
    config = pipeline.processors["ner"].configs[0]
    doc = pipeline.processors["tokenize"].process(_TEXT)
    batch = next(iter(DataLoader(doc, 64, config, vocab=trainer.vocab, evaluation=True,
                                 preprocess_tags=False, bert_tokenizer=None)))
    _, wordchars, wordchars_mask, _, _, _, word_orig_idx, _, sentlens, wordlens, _, _ = batch
    assert torch.unique(wordchars, dim=0).size(0) < wordchars.size(0)  # the batch repeats words
    charmodel = trainer.model.charmodel
    charmodel.eval()
    with torch.no_grad():
        got = charmodel(wordchars, wordchars_mask, word_orig_idx, sentlens, wordlens)
        want = type(charmodel).forward(charmodel, wordchars, wordchars_mask, word_orig_idx, sentlens, wordlens)
    assert got.batch_sizes.tolist() == want.batch_sizes.tolist()
    assert torch.allclose(got.data, want.data, atol=1e-5)
