"""The shipped Azerbaijani Stanza NER model (built by `python -m aznews.nlp.training.train`).

    MODEL_DIR  folder with resources.json (Stanza's `dir=` for offline loading)
    NER_MODEL  az_nertagger.pt (pass as ner_model_path)
    PRETRAIN   az.pretrain.pt  (pass as ner_pretrain_path -- without it Stanza silently
               uses random word vectors)

See MODEL.md in this folder for data, training and validation scores.
"""
from __future__ import annotations

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
NER_MODEL = MODEL_DIR / "az_nertagger.pt"
PRETRAIN = MODEL_DIR / "az.pretrain.pt"
RESOURCES = MODEL_DIR / "resources.json"

__all__ = ["MODEL_DIR", "NER_MODEL", "PRETRAIN", "RESOURCES"]
