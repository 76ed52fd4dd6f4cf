"""``dispersion``: the x-ray (barcode) plot of where terms occur in a corpus."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..tokens import Tokens
from .axes import check_digits, finish, fmt_number, literal, literal_ticks, new_axes
from .bars import require_columns
from .style import themed_plot

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


#: Measures of ``toolkit.dispersion``'s table that :func:`dispersion` can draw, with axis labels.
MEASURES = {
    "juilland_d": "Juilland's D (۱ = یکنواخت، ۰ = در یک بخش)",
    "dp": "DP گریس (۰ = یکنواخت، ۱ = متمرکز)",
    "dp_norm": "DP هنجارشده (۰ = یکنواخت، ۱ = متمرکز)",
    "range": "سهم بخش‌هایی که واژه در آن‌ها هست",
}


def _measure_bars(ax: Axes, table: pd.DataFrame, terms: Sequence[str] | None, measure: str,
                  digits: str) -> None:
    """Bars of a dispersion measure per term, on a 0..1 axis, value written at each bar."""
    require_columns(table, ["term", measure], "dispersion()")
    rows = table if terms is None else table.set_index("term").reindex(list(terms)).reset_index()
    values = rows[measure].astype(float).to_numpy()
    y = np.arange(len(rows))
    bars = ax.barh(y, np.nan_to_num(values), color="C0")
    for text in ax.bar_label(bars, ["–" if np.isnan(v) else fmt_number(round(v, 3), digits)
                                    for v in values], padding=3, fontsize="small"):
        literal(text)
    literal_ticks(ax, "y", y, rows["term"].astype(str).tolist())
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 1.12)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel(MEASURES.get(measure, measure))


@themed_plot
def dispersion(data: Tokens | pd.DataFrame, terms: Sequence[str] | None = None, *,
               measure: str | None = None, title: str | None = None, digits: str = "persian",
               rtl: bool = False, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Dispersion plot of terms in a corpus; returns the Axes.

    - ``data`` the toolkit's ``Tokens`` (with ``terms``), or a DataFrame with ``term`` and
      ``position`` columns: the x-ray (barcode) plot, one row per term and a tick at each of its
      occurrences. With ``Tokens``, offsets are counted over the whole corpus and, up to
      :data:`MAX_BOUNDARIES` documents, the document boundaries drawn as thin grey lines.
      Other keyword arguments go to ``Axes.plot``.
    - ``data`` the table of ``toolkit.dispersion`` (``term``, ``count``, ``range``,
      ``juilland_d``, ``dp``, ``dp_norm``): one bar per term of the dispersion ``measure``
      (default ``juilland_d``, Juilland's D as given by Gries 2008; any of :data:`MEASURES`), on
      a 0..1 axis with its value written at the bar (a term that does not occur has no bar and
      a dash).

    Rows run top to bottom in the order of ``terms`` (default: the table's order; NLTK's
    ``dispersion_plot`` long drew them in reverse). Terms are drawn literally. ``rtl=True``
    runs the x axis from right to left, as the text is read, terms on the right.

    Raises ``ValueError`` for ``Tokens`` without ``terms`` and ``KeyError`` for a DataFrame
    that is neither kind (naming the columns it has).
    """
    check_digits(digits)
    if isinstance(data, pd.DataFrame) and "position" not in data.columns and \
            (measure is not None or any(m in data.columns for m in MEASURES)):
        measure = measure or next(m for m in MEASURES if m in data.columns)
        ax = new_axes(ax, (6.4, 0.35 * len(data if terms is None else terms) + 1.5))
        _measure_bars(ax, data, terms, measure, digits)
        if title:
            ax.set_title(title)
        return finish(ax, digits=digits, rtl=rtl, flip_x=True, numeric=("x",))
    if isinstance(data, Tokens):
        if terms is None:
            raise ValueError("dispersion(tokens, terms): name the terms to plot")
        table = positions(data, terms)
        length, bounds = data.n_tokens, data.doc_offsets[1:-1]
    else:
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"dispersion() needs Tokens or a DataFrame, not "
                            f"{type(data).__name__}")
        require_columns(data, ["term", "position"], "dispersion() (or the table of "
                        "toolkit.dispersion, with juilland_d / dp / dp_norm / range)")
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
    literal_ticks(ax, "y", np.arange(len(order)), [str(t) for t in order])
    ax.set_ylim(len(order) - 0.5, -0.5)  # first term on top
    ax.set_xlim(0, max(length, 1))
    ax.set_xlabel("جایگاه در پیکره (نشانه)")
    if title:
        ax.set_title(title)
    return finish(ax, digits=digits, rtl=rtl, flip_x=True, numeric=("x",))
