"""Faster inference for the shipped Stanza NER model, with Stanza's results.

Three changes, bound to one pipeline's NER trainers and models (instance attributes: Stanza
itself, training, and any other pipeline in the process keep their own code):

* `fast_viterbi`: the CRF decode with one numpy reduction per step instead of two;
* no CRF loss at prediction time: Stanza's model forward computes the training loss (the
  CRF log-normaliser over every sentence) and its predict throws it away;
* word character representations computed once per distinct word of a batch: the character
  BiLSTM reads each word alone, so its output depends on the word's characters only, and a
  batch of news sentences repeats most of its words. This was the largest part of the pass.

`tests/test_nlp_speed.py` checks each against Stanza's own code; `benchmarks/bench_nlp.py
--stanza-inference` times Stanza's own code as a second baseline.
"""
from __future__ import annotations

import types

import numpy as np


def fast_viterbi(scores, transition_params):
    """Stanza's CRF Viterbi decode (`stanza.models.common.crf.viterbi_decode`) with the same
    result, argmax ties included, and one numpy reduction per step instead of two: the decode
    ran once per sentence and took about an eighth of the NER pass."""
    n, k = scores.shape
    back = np.zeros((n, k), dtype=np.int32)
    cols = np.arange(k)
    prev = scores[0]
    for t in range(1, n):
        v = prev[:, None] + transition_params
        idx = v.argmax(0)
        back[t] = idx
        prev = scores[t] + v[idx, cols]
    best = int(prev.argmax())
    path = [best]
    for t in range(n - 1, 0, -1):
        best = int(back[t, best])
        path.append(best)
    path.reverse()
    return path, prev.max()


def _fast_predict(trainer, batch, unsort=True):
    """Our NER trainer's predict: Stanza's model forward pass, then `fast_viterbi` for each
    sentence (Stanza's own predict decodes with `crf.viterbi_decode`)."""
    from stanza.models.common import utils
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.ner.trainer import fix_singleton_tags, unpack_batch

    device = next(trainer.model.parameters()).device
    inputs, orig_idx, word_orig_idx, char_orig_idx, sentlens, wordlens, charlens, charoffsets = unpack_batch(batch, device)
    word, wordchars, wordchars_mask, chars, tags = inputs
    trainer.model.eval()
    _, logits, trans = trainer.model(word, wordchars, wordchars_mask, tags, word_orig_idx, sentlens, wordlens,
                                     chars, charoffsets, charlens, char_orig_idx)
    trans = [t.data.cpu().numpy() for t in trans]
    logits = [x.data.cpu().numpy() for x in logits]
    column = trainer.args["predict_tagset"]
    out = []
    for i in range(logits[0].shape[0]):
        per_column = [[max(t, VOCAB_PREFIX_SIZE) for t in fast_viterbi(x[i, :sentlens[i]], y)[0]]
                      for x, y in zip(logits, trans)]
        words = trainer.vocab["tag"].unmap(list(zip(*per_column)))
        out.append(fix_singleton_tags([w[column] if isinstance(w, list) else w for w in words]))
    return utils.unsort(out, orig_idx) if unsort else out


def _transitions_only(crf, inputs, masks, tag_indices):
    """The CRF layer at prediction time: its transition matrix, no loss (nothing reads it)."""
    return 0.0, crf._transitions


def _distinct_words_forward(charmodel, chars, chars_mask, word_orig_idx, sentlens, wordlens):
    """`CharacterModel.forward` run on the distinct words of the batch only, then spread back.

    `chars` holds one row of character ids per word (padded with 0, which no character has),
    sorted by length as Stanza's loader leaves them; Stanza's own forward runs on the distinct
    rows as one sequence, and its tail (unsort, pack per sentence) is repeated here."""
    import torch
    from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence
    from stanza.models.common.utils import tensor_unsort

    forward = type(charmodel).forward
    if charmodel.training:
        return forward(charmodel, chars, chars_mask, word_orig_idx, sentlens, wordlens)
    distinct, inverse = torch.unique(chars, dim=0, return_inverse=True)
    if distinct.size(0) == chars.size(0):
        return forward(charmodel, chars, chars_mask, word_orig_idx, sentlens, wordlens)
    lengths = (distinct != 0).sum(1)
    order = torch.argsort(lengths, descending=True, stable=True)
    distinct, lengths = distinct[order], lengths[order]
    rank = torch.empty_like(order)
    rank[order] = torch.arange(order.numel())
    n = distinct.size(0)
    reps = forward(charmodel, distinct, distinct == 0, list(range(n)), [n], lengths.tolist()).data
    res = tensor_unsort(reps[rank[inverse]], word_orig_idx)
    res = pack_sequence(res.split(sentlens))
    if charmodel.pad:
        res = pad_packed_sequence(res, batch_first=True)[0]
    return res


def _ner_trainers(pipeline):
    processor = getattr(pipeline, "processors", {}).get("ner")
    return getattr(processor, "trainers", None) or []


def use_fast_inference(pipeline) -> None:
    """Give this pipeline's NER trainers the three changes above."""
    for trainer in _ner_trainers(pipeline):
        trainer.predict = types.MethodType(_fast_predict, trainer)
        for crf in getattr(trainer.model, "crits", []):
            crf.forward = types.MethodType(_transitions_only, crf)
        charmodel = getattr(trainer.model, "charmodel", None)
        if charmodel is not None:
            charmodel.forward = types.MethodType(_distinct_words_forward, charmodel)


def use_stanza_inference(pipeline) -> None:
    """Back to Stanza's own code on this pipeline (tests and the benchmark's second baseline)."""
    for trainer in _ner_trainers(pipeline):
        for obj in [trainer, getattr(trainer, "model", None), getattr(trainer.model, "charmodel", None),
                    *getattr(trainer.model, "crits", [])]:
            for name in ("predict", "forward"):
                if obj is not None and name in vars(obj):
                    delattr(obj, name)
