"""KWIC (key word in context) concordances that read right to left in Jupyter.

Patterns are matched against the vocabulary once (not against every token), then the hits are
found with one vectorised lookup over ``Tokens.ids``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .queries import as_tokens, has_wildcard, prepare_any, prepare_query, warn_no_match
from .tables import RTLFrame, rtl_frame
from .tokens import Tokens

# In a right-to-left table the columns doc_id, position, left, node, right run from right to
# left, so the left context (what precedes the node) sits to the node's RIGHT and the right
# context (what follows) to its LEFT; both hug the node.
KWIC_STYLES = {
    "left": "text-align:left; white-space:nowrap",
    "node": "text-align:center; white-space:nowrap; font-weight:bold; background-color:#fff3b0",
    "right": "text-align:right; white-space:nowrap",
}
# Contexts are running Persian text: right to left even when they start with a number or a
# Latin word (dir="auto" would then lay the whole context out left to right).
KWIC_DIRS = {"left": "rtl", "node": "rtl", "right": "rtl"}
_SORT_KEY = re.compile(r"([LR])([1-9])")


def _node_hits(tokens: Tokens, pattern: str, valuetype: str) -> tuple[np.ndarray, int]:
    """Global start positions of the matches and the node length in tokens."""
    if valuetype in ("glob", "regex"):
        return np.flatnonzero(np.isin(tokens.ids, tokens.match(pattern, valuetype))), 1
    if valuetype != "phrase":
        raise ValueError(f"valuetype must be 'glob', 'regex' or 'phrase', got {valuetype!r}")
    words = pattern.split()
    if not words:
        raise ValueError("the phrase is empty; give one or more words separated by spaces")
    found = [tokens.match(w, "fixed") for w in words]
    if any(not len(f) for f in found):
        return np.zeros(0, dtype=np.int64), len(words)
    ids = [int(f[0]) for f in found]
    k = len(words)
    sent_end = np.repeat(tokens.sent_offsets[1:], np.diff(tokens.sent_offsets))
    starts = np.flatnonzero((tokens.ids == ids[0])
                            & (np.arange(len(tokens.ids)) + k <= sent_end))
    for j in range(1, k):
        starts = starts[tokens.ids[starts + j] == ids[j]]
    return starts, k


def _sort_keys(sort: str | Sequence[str] | None) -> list[tuple[str, int]]:
    keys = [] if sort is None else [sort] if isinstance(sort, str) else list(sort)
    parsed = []
    for key in keys:
        match = _SORT_KEY.fullmatch(str(key).upper())
        if match is None:
            raise ValueError(f"sort key {key!r} is not L1..L9 or R1..R9 (L1 = word just before "
                             "the node in reading order, R1 = word just after)")
        parsed.append((match[1], int(match[2])))
    return parsed


def kwic(tokens: Tokens, pattern: str, *, window: int = 5,
         valuetype: Literal["glob", "regex", "phrase"] = "glob",
         sort: str | Sequence[str] | None = None) -> RTLFrame:
    """Concordance lines of ``pattern``: one row per match.

    ``valuetype``: ``"glob"`` (the default; ``*`` and ``?`` wildcards, the whole token must
    match, e.g. ``"ایران*"``), ``"regex"`` (Python ``re.search`` inside the token) or
    ``"phrase"`` (words separated by spaces, matched exactly as consecutive tokens of one
    sentence). Columns:

    - ``doc_id`` (from ``tokens.docs``, else the document number) and ``position``: 0-based
      index of the node's first token in its document;
    - ``left``: up to ``window`` tokens before the node (in reading order; on a right-to-left page
      they stand to the node's right), ``node``, ``right``: up to ``window`` tokens after it;
      contexts stop at the document boundary, tokens are joined by single spaces.

    ``sort``: None keeps corpus order; ``"L1"``..``"L9"`` / ``"R1"``..``"R9"`` or a list of them
    sorts by the word that far before / after the node (code-point order, a missing word first),
    then by corpus order. In Jupyter the table reads right to left with the node centred and
    highlighted (:data:`KWIC_STYLES`), contexts right to left (:data:`KWIC_DIRS`).

    The pattern is prepared like the tokens (see :mod:`toolkit.queries`): ``"كتاب"`` (Arabic kaf)
    finds ``کتاب``, ``"آنها"`` finds the type the normaliser makes of it; a word that the
    tokenizer splits into several tokens is matched as a phrase. A pattern that matches nothing
    gives an empty table and a :class:`~toolkit.queries.NoMatchWarning`. Raises ValueError for
    a bad pattern, valuetype or sort key.
    """
    tokens = as_tokens(tokens, "kwic")
    prepared = (prepare_query(tokens, pattern) if valuetype == "phrase"
                else prepare_any(tokens, pattern, valuetype))
    if valuetype == "glob" and not has_wildcard(pattern) and " " in prepared:
        valuetype = "phrase"
    starts, k = _node_hits(tokens, prepared, valuetype)
    if not len(starts):
        warn_no_match("kwic", pattern, prepared)
    keys = _sort_keys(sort)
    doc = np.searchsorted(tokens.doc_offsets, starts, side="right") - 1
    doc_start, doc_end = tokens.doc_offsets[doc], tokens.doc_offsets[doc + 1]
    vocab = tokens.vocab
    ids = tokens.ids

    def text(lo: int, hi: int) -> str:
        return " ".join(vocab[ids[lo:hi]])

    def word(pos: int, lo: int, hi: int) -> str:
        return vocab[ids[pos]] if lo <= pos < hi else ""

    rows = []
    for s, d0, d1 in zip(starts.tolist(), doc_start.tolist(), doc_end.tolist(), strict=True):
        sort_by = tuple(word(s - n if side == "L" else s + k - 1 + n, d0, d1) for side, n in keys)
        rows.append((sort_by, s, text(max(d0, s - window), s), text(s, s + k),
                     text(s + k, min(d1, s + k + window)), s - d0))
    if keys:
        rows.sort(key=lambda r: (r[0], r[1]))
    order = np.array([r[1] for r in rows], dtype=np.int64)
    doc_of_row = np.searchsorted(tokens.doc_offsets, order, side="right") - 1
    doc_ids = tokens.docs["doc_id"].to_numpy() if "doc_id" in tokens.docs.columns else \
        np.arange(len(tokens))
    table = pd.DataFrame({
        "doc_id": doc_ids[doc_of_row],
        "position": np.array([r[5] for r in rows], dtype=np.int64),
        "left": pd.Series([r[2] for r in rows], dtype=str),
        "node": pd.Series([r[3] for r in rows], dtype=str),
        "right": pd.Series([r[4] for r in rows], dtype=str),
    })
    return rtl_frame(table, KWIC_STYLES, KWIC_DIRS)
