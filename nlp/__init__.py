"""The Azerbaijani NLP stage: people, titles, organizations, locations, dates and roles.

    from aznews import nlp
    result = nlp.analyze(text, published="2021-12-17T11:15:00+04:00")
    result.mentions, result.roles, result.dates

`nlp.Analyzer` loads the Stanza pipeline once and analyzes many texts
(`analyze_many`). The output types are in `nlp.types`.
"""
from __future__ import annotations

import os

# MKL (torch's CPU BLAS) may pick kernels by memory alignment, so the same text could get
# last-bit different NER scores in two runs and, rarely, a different tag. Its conditional
# numerical reproducibility mode makes runs repeatable; it must be set before torch loads.
os.environ.setdefault("MKL_CBWR", "AUTO,STRICT")

from aznews.nlp.types import LABELS, Analysis, DateValue, Mention, Role

__all__ = ["analyze", "Analyzer", "Analysis", "Mention", "Role", "DateValue", "LABELS"]

_default = None


def Analyzer(*args, **kwargs):  # noqa: N802 - a factory that reads like the class
    from aznews.nlp.pipeline import Analyzer as _Analyzer

    return _Analyzer(*args, **kwargs)


def analyze(text: str, published=None) -> Analysis:
    """Analyze one text with a process-wide Analyzer (loaded on first use)."""
    global _default
    if _default is None:
        _default = Analyzer()
    return _default.analyze(text, published=published)
