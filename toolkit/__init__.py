"""Explore Persian (Farsi) text: load, normalise, count, compare and plot.

The data flows one way: files -> :class:`Corpus` (a DataFrame of documents) -> :class:`Tokens`
(integer ids into one vocabulary) -> counts -> tidy DataFrames -> plots (:mod:`toolkit.plots`).

Public names are imported lazily, so ``import toolkit`` stays fast and a notebook only pays for
matplotlib when it draws.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> submodule that defines it
_EXPORTS: dict[str, str] = {
    "Corpus": "corpus",
    "load_corpus": "corpus",
    "normalize": "normalization",
    "diagnose": "diagnostics",
    "Tokens": "tokens",
    "tokenize": "preparation",
    "frequency": "frequencies",
    "ngrams": "frequencies",
    "clusters": "frequencies",
    "tfidf": "frequencies",
    "keyness": "keywords",
    "dispersion": "distribution",
    "zipf": "distribution",
    "vocabulary_growth": "distribution",
    "lexical_diversity": "diversity",
    "kwic": "concordance",
    "association": "measures",
    "Cooccurrence": "cooccurrences",
    "cooccurrence": "cooccurrences",
    "collocates": "cooccurrences",
    "collocations": "cooccurrences",
    "explore": "explorer",
    "report": "report",
}

__all__ = [*sorted(_EXPORTS), "datasets", "plots"]


def __getattr__(name: str) -> Any:
    if name in ("plots", "datasets"):
        return importlib.import_module(f".{name}", __name__)
    if name not in _EXPORTS:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
