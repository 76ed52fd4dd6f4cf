"""``dispersion``: the x-ray (barcode) plot of where terms occur in a corpus."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..tokens import Tokens
from .axes import check_digits, finish, new_axes
from .bars import require_columns

#: Document boundaries are drawn for corpora of up to this many documents (more would grey out
#: the plot).
MAX_BOUNDARIES = 100


def positions(tokens: Tokens, terms: Sequence[str]) -> pd.DataFrame:
    """Corpus offsets of every occurrence of ``terms``: DataFrame ``term``, ``position``
    (0-based token offset in the whole corpus), ``doc`` (0-based document row), in term order
    then reading order. Terms not in the vocabulary have no rows."""
    doc = tokens.doc_of_token()
    frames = []
    for term in terms:
        tid = tokens.term_id(term)
        where = np.flatnonzero(tokens.ids == tid) if tid is not None else np.empty(0, np.int64)
        frames.append(pd.DataFrame({"term": term, "position": where, "doc": doc[where]}))
    return pd.concat(frames, ignore_index=True)


def dispersion(data: Tokens | pd.DataFrame, terms: Sequence[str] | None = None, *,
               title: str | None = None, digits: str = "persian", rtl: bool = False,
               ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Dispersion (x-ray) plot: one row per term, a tick at each of its occurrences.

    ``data`` is the toolkit's ``Tokens`` (offsets are counted over the whole corpus and, up to
    :data:`MAX_BOUNDARIES` documents, the document boundaries drawn as thin grey lines) or a DataFrame with ``term`` and ``position``
    columns. Rows run top to bottom in the order of ``terms`` (default: the order of the
    DataFrame's terms; NLTK's ``dispersion_plot`` long drew them in reverse). ``rtl=True``
    runs the text axis from right to left, as the text is read. Other keyword arguments go to
    ``Axes.plot``.
    """
    check_digits(digits)
    if isinstance(data, Tokens):
        if terms is None:
            raise ValueError("dispersion(tokens, terms): name the terms to plot")
        table = positions(data, terms)
        length, bounds = data.n_tokens, data.doc_offsets[1:-1]
    else:
        require_columns(data, ["term", "position"], "dispersion()")
        table = data
        length = int(data["position"].max()) + 1 if len(data) else 0
        bounds = np.empty(0)
    order = list(dict.fromkeys(table["term"])) if terms is None else list(terms)
    row = {term: i for i, term in enumerate(order)}
    ax = new_axes(ax, (8, 0.45 * len(order) + 1.5))
    if 0 < len(bounds) <= MAX_BOUNDARIES:
        ax.vlines(bounds, -0.5, len(order) - 0.5, colors="0.85", linewidth=0.6, zorder=0)
    kwargs.setdefault("color", "C0")
    kwargs.setdefault("markersize", 14)
    shown = table[table["term"].isin(row)]
    ax.plot(shown["position"].to_numpy(), shown["term"].map(row).to_numpy(), "|", **kwargs)
    ax.set_yticks(np.arange(len(order)), [str(t) for t in order])
    ax.set_ylim(len(order) - 0.5, -0.5)  # first term on top
    ax.set_xlim(0, max(length, 1))
    ax.set_xlabel("جایگاه در پیکره (نشانه)")
    if title:
        ax.set_title(title)
    return finish(ax, digits=digits, rtl=rtl, flip_x=True, numeric=("x",))
