"""``heatmap``: co-occurrence counts (or scores) of chosen terms as a coloured matrix."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .axes import check_digits, finish, fmt_number, literal, literal_ticks, new_axes
from .bars import require_columns
from .style import themed_plot


def square(data: Any, terms: list[str] | None = None, *, w1: str = "w1", w2: str = "w2",
           value: str = "count") -> pd.DataFrame:
    """A square term x term DataFrame from a square DataFrame, a tidy pair table (``w1``,
    ``w2``, ``value``; pairs are unordered, so each is entered both ways) or an object with
    ``.to_frame()`` (the toolkit's ``Cooccurrence``). ``terms`` picks and orders rows and
    columns (default: all, by total descending); absent pairs are 0."""
    if not isinstance(data, pd.DataFrame) and hasattr(data, "to_frame"):
        data = data.to_frame()
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"heatmap() needs a DataFrame or an object with .to_frame(), not "
                        f"{type(data).__name__}")
    if {w1, w2}.issubset(data.columns):
        require_columns(data, [value], "heatmap()")
        pairs = pd.concat([data[[w1, w2, value]],
                           data[data[w1] != data[w2]].rename(columns={w1: w2, w2: w1})])
        matrix = pairs.pivot_table(index=w1, columns=w2, values=value, aggfunc="sum")
    else:
        matrix = data
        if list(matrix.index) != list(matrix.columns) and terms is None:
            raise ValueError("heatmap() needs a square DataFrame (same terms as index and "
                             "columns) or a tidy table with w1, w2 and a value column")
    if terms is None:
        names = list(dict.fromkeys([*matrix.index, *matrix.columns]))
        totals = matrix.reindex(index=names, columns=names).fillna(0).sum(axis=1)
        terms = list(totals.sort_values(ascending=False, kind="stable").index)
    return matrix.reindex(index=terms, columns=terms).fillna(0.0).astype(float)


@themed_plot
def heatmap(data: Any, terms: list[str] | None = None, *, value: str = "count",
            annotate: bool = True, cmap: str = "Blues", title: str | None = None,
            digits: str = "persian", rtl: bool = False, ax: Axes | None = None,
            **kwargs: Any) -> Axes:
    """Heatmap of co-occurrence between ``terms`` (see :func:`square` for the accepted data).

    Cell (i, j) holds the count or score of the pair (term i, term j); with ``annotate`` each
    cell shows its value. Terms and values are drawn literally. With ``rtl`` the columns run
    right to left and the row labels sit on the right, as a Persian reader scans a table. Other
    keyword arguments go to ``Axes.imshow``. Returns the Axes.
    """
    check_digits(digits)
    matrix = square(data, terms, value=value)
    n = len(matrix)
    ax = new_axes(ax, (0.55 * n + 2.5, 0.55 * n + 1.5))
    image = ax.imshow(matrix.to_numpy(), cmap=cmap, **kwargs)
    labels = [str(t) for t in matrix.index]
    literal_ticks(ax, "x", np.arange(n), labels, rotation=90)
    literal_ticks(ax, "y", np.arange(n), labels)
    if annotate:
        top = float(np.nanmax(matrix.to_numpy())) if n else 0.0
        for (i, j), v in np.ndenumerate(matrix.to_numpy()):
            literal(ax.text(j, i, fmt_number(v, digits), ha="center", va="center",
                            fontsize="small", color="white" if top and v > 0.6 * top else "black"))
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    finish(bar.ax, digits=digits, numeric=("y",))
    if title:
        ax.set_title(title)
    return finish(ax, digits=digits, rtl=rtl, flip_x=True, numeric=())
