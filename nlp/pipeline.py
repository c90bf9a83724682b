"""The Analyzer: one Stanza pipeline (aznews tokenizer + the shipped NER model), loaded once,
followed by rule spans (`nlp.ner`), dates (`nlp.dates`), canonical forms (`nlp.morph`),
coreference (`nlp.coref`) and roles (`nlp.roles`).

    from aznews.nlp.pipeline import Analyzer
    az = Analyzer()
    result = az.analyze(text, published="2021-12-17T11:15:00+04:00")
    for result in az.analyze_many((text, published) for ...): ...
"""
from __future__ import annotations

import bisect
import gc
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Iterable, Iterator

from aznews.nlp.inference import use_fast_inference
from aznews.nlp.text import detect_language
from aznews.nlp.types import Analysis, DateValue, Mention

log = logging.getLogger(__name__)

_LABEL_MAP = {
    "PER": "PERSON", "PERSON": "PERSON",
    "ORG": "ORGANIZATION", "ORGANIZATION": "ORGANIZATION",
    "LOC": "LOCATION", "LOCATION": "LOCATION", "GPE": "LOCATION",
    "TITLE": "TITLE", "DATE": "DATE",
}
MODEL_SCORE = 0.8
NER_BATCH_SENTENCES = 256


def _model_paths(model_dir=None) -> tuple[Path, Path, Path] | None:
    """(resources dir, NER model, pretrain) of the shipped model, or None when missing."""
    try:
        from aznews.nlp import models as M  # noqa: N812
    except Exception as exc:  # pragma: no cover
        log.warning("aznews.nlp.models unavailable: %s", exc)
        M = None
    if model_dir is not None:
        base = Path(model_dir)
        ner = base / Path(getattr(M, "NER_MODEL", "az_nertagger.pt")).name if M else base / "az_nertagger.pt"
        pre = base / Path(getattr(M, "PRETRAIN", "az.pretrain.pt")).name if M else base / "az.pretrain.pt"
    elif M is not None and getattr(M, "NER_MODEL", None):
        base = Path(getattr(M, "MODEL_DIR", Path(M.NER_MODEL).parent))
        ner, pre = Path(M.NER_MODEL), Path(M.PRETRAIN)
    else:
        return None
    if not (ner.is_file() and pre.is_file()):
        return None
    return base, ner, pre


def _resources_dir(base: Path) -> str:
    """A directory with resources.json (Stanza wants one even offline)."""
    if (base / "resources.json").is_file():
        return str(base)
    tmp = Path(tempfile.gettempdir()) / "aznews-stanza-resources"
    tmp.mkdir(parents=True, exist_ok=True)
    res = tmp / "resources.json"
    if not res.is_file():
        res.write_text(json.dumps({}), encoding="utf-8")
    return str(tmp)


def stanza_pipeline(base: Path, ner_model: Path, pretrain: Path, **tokenize_options):
    """The offline Stanza tokenize+NER pipeline over our own model files (no downloads).

    The extractor tokenizes with `tokenize_with_aznews=True`; training evaluates
    already-tokenized sentences with `tokenize_pretokenized=True`."""
    import stanza

    pipeline = stanza.Pipeline(
        lang="az",
        dir=_resources_dir(Path(base)),
        download_method=None,
        allow_unknown_language=True,
        processors="tokenize,ner",
        ner_model_path=str(ner_model),
        ner_pretrain_path=str(pretrain),
        use_gpu=False,
        # sentences per NER forward pass: Stanza's default is 32; the character model runs once
        # per distinct word of a batch (nlp/inference.py), and larger batches repeat more words
        ner_batch_size=NER_BATCH_SENTENCES,
        # "unsupported language: az" is expected: the Azerbaijani models are our own
        logging_level="ERROR",
        **tokenize_options,
    )
    use_fast_inference(pipeline)
    return pipeline


class Analyzer:
    """Loads the Stanza pipeline once; `analyze` and `analyze_many` run the whole extractor."""

    def __init__(self, model_dir=None, use_model: bool = True):
        import aznews.nlp.tokenize  # noqa: F401  (registers tokenize_with_aznews)
        from aznews.nlp import ner

        ner.lexicon()  # build the lexicon indexes now, not on the first article
        self.pipeline = None
        self.model_paths = None
        self.post_seconds = 0.0  # time spent after the Stanza pass (rules, dates, coref, roles)
        if use_model:
            paths = _model_paths(model_dir)
            if paths is None:
                log.warning("no NER model found; running with rules only")
            else:
                self.model_paths = paths
                self.pipeline = self._build(*paths)
        # The model and the lexicon indexes are millions of long-lived objects. Left in the
        # collected generations, every full garbage collection walks them all, and the many
        # small objects each article makes trigger those collections: about a third of the
        # time after the NER pass went there. Frozen, the collector skips them.
        gc.collect()
        gc.freeze()

    @staticmethod
    def _build(base: Path, ner_model: Path, pretrain: Path):
        return stanza_pipeline(base, ner_model, pretrain, tokenize_with_aznews=True)

    # --- public API ------------------------------------------------------------------

    def analyze(self, text: str, published=None) -> Analysis:
        return next(iter(self.analyze_many([(text, published)], batch_size=1)))

    def analyze_many(self, items: Iterable, batch_size: int = 32) -> Iterator[Analysis]:
        """Analyze (text, published) pairs (or bare texts); yields Analyses in input order."""
        batch: list[tuple[str, object]] = []
        for item in items:
            if isinstance(item, str):
                item = (item, None)
            text, published = item
            batch.append((text or "", published))
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def ner_only(self, texts: list[str]):
        """The bare Stanza pass (tokenize + NER) over texts: the benchmark's baseline."""
        if self.pipeline is None:
            from aznews.nlp.tokenize import tokenize

            return [tokenize(t) for t in texts]
        return self.pipeline.bulk_process(list(texts))

    # --- internals ---------------------------------------------------------------------

    def _run_batch(self, batch):
        t0 = time.perf_counter()
        langs = [detect_language(t) for t, _ in batch]
        self.post_seconds += time.perf_counter() - t0
        todo = [k for k, lang in enumerate(langs) if lang == "az"]
        docs: dict[int, object] = {}
        if self.pipeline is not None and todo:
            processed = self.pipeline.bulk_process([batch[k][0] for k in todo])
            docs = dict(zip(todo, processed))
        for k, (text, published) in enumerate(batch):
            if langs[k] != "az":
                yield Analysis(language=langs[k], skipped=True)
                continue
            t0 = time.perf_counter()
            result = self._post(text, published, docs.get(k))
            self.post_seconds += time.perf_counter() - t0
            yield result

    def _post(self, text: str, published, doc) -> Analysis:
        from aznews.nlp import coref, ner, roles

        if doc is not None:
            sentences = [(s.tokens[0].start_char, s.tokens[-1].end_char) for s in doc.sentences if s.tokens]
            model_spans = []
            for ent in doc.ents:
                label = _LABEL_MAP.get(ent.type)
                if label and label != "DATE":
                    model_spans.append(ner.Span(label, ent.start_char, ent.end_char, "model", MODEL_SCORE))
        else:
            from aznews.nlp.tokenize import tokenize

            sentences = [(s[0][1], s[-1][2]) for s in tokenize(text) if s]
            model_spans = []
        starts = [s for s, _ in sentences]

        def sent_of(pos: int) -> int:
            return max(0, bisect.bisect_right(starts, pos) - 1)

        dates = _find_dates(text, published, sentences)
        for d in dates:
            d.sentence = sent_of(d.start)
        toks = ner.words(text)
        spans = ner.combine(text, toks, model_spans, [(d.start, d.end) for d in dates])
        mentions: list[Mention] = []
        for sp in spans:
            mentions.append(
                Mention(text=text[sp.start : sp.end], label=sp.label, start=sp.start, end=sp.end,
                        canonical="", sentence=sent_of(sp.start), method=sp.method, score=sp.score)
            )
        infos = [sp.info or {} for sp in spans]
        mentions, infos = coref.resolve(text, mentions, infos)
        date_mentions = [
            Mention(text=d.text, label="DATE", start=d.start, end=d.end, canonical=d.value,
                    sentence=d.sentence, method="rule", score=1.0)
            for d in dates
        ]
        role_list = roles.extract(text, toks, mentions, infos)
        all_mentions = sorted(mentions + date_mentions, key=lambda m: (m.start, m.end))
        return Analysis(language="az", skipped=False, mentions=all_mentions, roles=role_list,
                        dates=dates, sentences=sentences)


def _find_dates(text: str, published, sentences=None) -> list[DateValue]:
    try:
        from aznews.nlp.dates import find_dates
    except ImportError as exc:  # pragma: no cover - ships with the package
        log.warning("aznews.nlp.dates unavailable: %s", exc)
        return []
    out = []
    for d in find_dates(text, published, sentences):  # the sentences the caller has: no second tokenization
        if not d.value:
            continue
        out.append(d)
    out.sort(key=lambda d: d.start)
    return out
