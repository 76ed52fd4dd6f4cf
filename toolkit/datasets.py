"""Corpora that ship with the package, so the lessons run out of the box.

``classical-poetry``: 240 poems by Hafez, Saadi (ghazals) and Khayyam (rubais), one document per
poem with the metadata ``poet`` and ``form``; public domain (see its ``SOURCE.md``). Small on
purpose (about 200 KB); for larger corpora see that file and the README.
"""

from __future__ import annotations

from pathlib import Path

from .corpus import Corpus, load_corpus

__all__ = ["NAMES", "load", "path"]

_DATA = Path(__file__).resolve().parent / "data"
#: shipped corpus name -> its file inside ``toolkit/data``
NAMES = {"classical-poetry": "classical-poetry/poems.jsonl"}


def path(name: str = "classical-poetry") -> Path:
    """The file of a shipped corpus (pass it to :func:`toolkit.load_corpus`); its folder holds
    ``SOURCE.md``. Raises ValueError for an unknown name."""
    if name not in NAMES:
        raise ValueError(f"no shipped corpus {name!r}; choose one of {', '.join(NAMES)}")
    return _DATA / NAMES[name]


def load(name: str = "classical-poetry") -> Corpus:
    """A shipped corpus as a :class:`toolkit.Corpus` (see :func:`path`)."""
    return load_corpus(path(name))
