"""Bar charts: the top terms of a frequency table (``bar``) and diverging keyness bars
(``keyness``)."""

from __future__ import annotations

import warnings
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..naming import outside_stacklevel, renamed
from .axes import (
    check_digits,
    finish,
    fmt_number,
    literal,
    literal_ticks,
    new_axes,
    outside_legend,
)
from .style import setup, themed_plot

#: Default axis labels for the usual value columns of the toolkit's tables.
VALUE_LABELS = {
    "count": "بسامد",
    "per_million": "بسامد در میلیون واژه",
    "doc_freq": "شمار سندها",
    "g2": "درست‌نمایی لگاریتمی (G2)",
    "log_ratio": "نسبت لگاریتمی",
}


def require_columns(data: pd.DataFrame, columns: list[str], what: str) -> None:
    """Raise ``KeyError`` naming the missing columns and the ones ``data`` has."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise KeyError(f"{what} needs the column(s) {missing}; the DataFrame has "
                       f"{list(data.columns)} (choose others with the term=/value= arguments)")


def as_frame(data: Any, term: str, value: str) -> pd.DataFrame:
    """A DataFrame from a DataFrame, a Series or a dict (index/keys are the terms)."""
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, dict | pd.Series):
        series = pd.Series(data, dtype=float)
        return pd.DataFrame({term: series.index.astype(str), value: series.to_numpy()})
    raise TypeError(f"expected a DataFrame, Series or dict of term -> value, not "
                    f"{type(data).__name__}")


def _bars(ax: Axes, rows: pd.DataFrame, term: str, value: str, digits: str, annotate: bool,
          **kwargs: Any) -> None:
    y = np.arange(len(rows))
    container = ax.barh(y, rows[value].to_numpy(dtype=float), **kwargs)
    literal_ticks(ax, "y", y, rows[term].astype(str).tolist())
    ax.invert_yaxis()  # largest on top
    if annotate:
        for text in ax.bar_label(container, [fmt_number(v, digits) for v in rows[value]],
                                 padding=3, fontsize="small"):
            literal(text)
        ax.margins(x=0.15)


def _draw_bars(ax: Axes, frame: pd.DataFrame, top: int, term: str, value: str,
               heading: str | None, heading_is_data: bool, xlabel: str, ylabel: str | None,
               digits: str, rtl: bool, annotate: bool, **kwargs: Any) -> Axes:
    rows = frame.sort_values(value, ascending=False, kind="stable").head(top)
    _bars(ax, rows, term, value, digits, annotate, **kwargs)
    ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if heading:
        title = ax.set_title(heading, loc="right" if rtl else "center")
        if heading_is_data:
            literal(title)
    return finish(ax, digits=digits, rtl=rtl, flip_x=True, numeric=("x",))


@themed_plot
def bar(data: pd.DataFrame | pd.Series | dict, top: int = 20, *, term: str = "term",
        value: str = "count", group: str | None = None, title: str | None = None,
        xlabel: str | None = None, ylabel: str | None = None, digits: str = "persian",
        rtl: bool = False, annotate: bool = True, ax: Axes | None = None,
        **kwargs: Any) -> Axes:
    """Horizontal bars of the ``top`` terms of a frequency table, the largest on top.

    ``data`` has one row per term with the columns ``term`` and ``value`` (the toolkit's
    frequency table, ``toolkit.frequency``: ``term``, ``count``, ``per_million``, ``rank``,
    ...); a Series or dict of term -> value also works. Rows are ranked by ``value``
    (descending, ties in table order). ``digits`` picks the digits of ticks and bar labels
    (large numbers grouped), ``rtl=True`` makes bars grow leftward with the terms on the right.
    Terms and bar labels are drawn literally (a ``$`` in a term is not mathtext). Other keyword
    arguments go to ``Axes.barh``. Returns the Axes.

    ``group=`` is deprecated: use :func:`bar_facets`, which returns the Figure (``bar`` with
    ``group`` still draws the facets and returns the array of their Axes, with a
    ``DeprecationWarning``).

    Raises ``KeyError`` when a column is missing and ``ValueError`` for a facet request with
    ``ax`` given or a bad option.
    """
    if group is not None:
        warnings.warn("bar(group=...) is deprecated: use toolkit.plots.bar_facets(data, "
                      "by=...), which returns the Figure (fig.axes holds the facets)",
                      DeprecationWarning, stacklevel=outside_stacklevel())
        if ax is not None:
            raise ValueError("bar(group=...) draws one facet per group in a new figure; pass "
                             "ax=None")
        fig = bar_facets(data, group, top, term=term, value=value, title=title, xlabel=xlabel,
                         ylabel=ylabel, digits=digits, rtl=rtl, annotate=annotate, **kwargs)
        return np.array([a for a in fig.axes if a.get_visible()])  # type: ignore[return-value]
    check_digits(digits)
    frame = as_frame(data, term, value)
    require_columns(frame, [term, value], "bar()")
    xlabel = VALUE_LABELS.get(value, value) if xlabel is None else xlabel
    return _draw_bars(new_axes(ax, (6.4, 0.3 * min(top, len(frame)) + 1.5)), frame, top, term,
                      value, title, False, xlabel, ylabel, digits, rtl, annotate, **kwargs)


@renamed(group="by")
@themed_plot
def bar_facets(data: pd.DataFrame, by: str, top: int = 20, *, term: str = "term",
               value: str = "count", title: str | None = None, xlabel: str | None = None,
               ylabel: str | None = None, ncols: int = 3, digits: str = "persian",
               rtl: bool = False, annotate: bool = True, **kwargs: Any) -> Figure:
    """One :func:`bar` chart per value of the ``by`` column (a facet per group, in table
    order, titled with the group's name, drawn literally; ``group=`` is the old name of ``by=``,
    deprecated), ``ncols`` facets per row, in a new
    figure; ``title`` is the figure's title. With ``rtl`` the facets run right to left.

    Returns the Figure; ``fig.axes`` holds the facets (unused grid cells are hidden). Raises
    ``KeyError`` when a column is missing.
    """
    check_digits(digits)
    frame = as_frame(data, term, value)
    require_columns(frame, [term, value, by], "bar_facets()")
    xlabel = VALUE_LABELS.get(value, value) if xlabel is None else xlabel
    setup()
    groups = list(dict.fromkeys(frame[by]))
    ncols = max(1, min(ncols, len(groups)))
    nrows = -(-len(groups) // ncols)
    fig, grid = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                             figsize=(4.2 * ncols, (0.3 * top + 1.2) * nrows))
    cells = [row[::-1] if rtl else row for row in grid]
    axes = [a for row in cells for a in row]
    for axes_i, name in zip(axes, groups, strict=False):
        _draw_bars(axes_i, frame[frame[by] == name], top, term, value, str(name), True,
                   xlabel, ylabel, digits, rtl, annotate, **kwargs)
    for extra in axes[len(groups):]:
        extra.set_visible(False)
    if title:
        fig.suptitle(title)
    return fig


@themed_plot
def keyness(data: pd.DataFrame, top: int = 15, *, term: str = "term",
            measure: str | None = None, sign: str | None = "auto", title: str | None = None,
            labels: tuple[str, str] = ("هدف", "مرجع"), digits: str = "persian",
            rtl: bool = False, colors: tuple[str, str] = ("C3", "C0"), ax: Axes | None = None,
            **kwargs: Any) -> Axes:
    """Diverging bars of a keyness table: key terms of the target (positive, ``colors[0]``)
    against those of the reference (negative, ``colors[1]``).

    ``data`` has one row per term with ``term`` and a ``measure`` column (default: the first of
    ``g2``, ``log_ratio``, ``chi2``, ``pct_diff`` that exists; the toolkit's ``keyness`` table
    has them all, G2 signed). Measures given unsigned (every value >= 0) get their sign from
    ``sign``: a column of the table, or ``"auto"`` for the first of ``sign``, ``log_ratio``,
    ``pct_diff`` present (the direction of the
    difference: Dunning 1993 G2 is signed by whether the target's relative frequency is above
    the reference's, Hardie 2014). The ``top`` terms with the largest positive and the ``top``
    with the largest negative values are drawn, largest on top. ``labels`` name the two sides
    in the legend, which lists only the sides that have bars and stands outside the axes
    (right of them, left with ``rtl``) so that it never covers a bar. Terms are drawn
    literally. Takes ``toolkit.keyness``'s table as it is. Returns the Axes.
    """
    check_digits(digits)
    if measure is None:
        measure = next((m for m in ("g2", "log_ratio", "chi2", "pct_diff") if m in data.columns),
                       "g2")
    require_columns(data, [term, measure], "keyness()")
    values = data[measure].astype(float)
    if sign == "auto":
        sign = next((c for c in ("sign", "log_ratio", "pct_diff") if c in data.columns
                     and c != measure), None)
    if sign is not None and (values >= 0).all():
        require_columns(data, [sign], "keyness()")
        direction = data[sign]
        if direction.dtype == object:
            direction = direction.map({"key": 1, "positive": 1, "+": 1, "negative": -1,
                                       "-": -1}).fillna(0)
        values = values * np.sign(direction.astype(float))
    frame = pd.DataFrame({"term": data[term].astype(str), "value": values.to_numpy()})
    pos = frame[frame.value > 0].nlargest(top, "value")
    neg = frame[frame.value < 0].nsmallest(top, "value")
    rows = pd.concat([pos, neg.iloc[::-1]])
    ax = new_axes(ax, (6.4, 0.3 * len(rows) + 1.5))
    y = np.arange(len(rows))
    if len(pos):
        ax.barh(y[: len(pos)], pos.value, color=colors[0], label=labels[0], **kwargs)
    if len(neg):
        ax.barh(y[len(pos):], rows.value[len(pos):], color=colors[1], label=labels[1],
                **kwargs)
    literal_ticks(ax, "y", y, rows.term.tolist())
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(VALUE_LABELS.get(measure, measure))
    if len(rows):
        outside_legend(ax, rtl=rtl, data=False)
    if title:
        ax.set_title(title, loc="right" if rtl else "center")
    return finish(ax, digits=digits, rtl=rtl, flip_x=True, numeric=("x",))
