"""Bar charts: the top terms of a frequency table (``bar``) and diverging keyness bars
(``keyness``)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .axes import check_digits, finish, fmt_number, new_axes
from .style import setup

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
    ax.set_yticks(y, rows[term].astype(str).tolist())
    ax.invert_yaxis()  # largest on top
    if annotate:
        ax.bar_label(container, [fmt_number(v, digits) for v in rows[value]], padding=3,
                     fontsize="small")
        ax.margins(x=0.15)


def bar(data: pd.DataFrame | pd.Series | dict, top: int = 20, *, term: str = "term",
        value: str = "count", group: str | None = None, title: str | None = None,
        xlabel: str | None = None, ylabel: str | None = None, digits: str = "persian",
        rtl: bool = False, annotate: bool = True, ax: Axes | None = None,
        **kwargs: Any) -> Axes | np.ndarray:
    """Horizontal bars of the ``top`` terms of a frequency table, the largest on top.

    ``data`` has one row per term with the columns ``term`` and ``value`` (the toolkit's
    frequency table: ``term``, ``count``, ``per_million``, ``rank``, ...); a Series or dict of
    term -> value also works. Rows are ranked by ``value`` (descending, ties in table order).
    With ``group`` (a column of ``data``) one facet per group is drawn in a new figure and the
    array of their Axes is returned. ``digits`` picks the digits of ticks and bar labels,
    ``rtl=True`` makes bars grow leftward with the terms on the right. Other keyword arguments
    go to ``Axes.barh``.

    Raises ``KeyError`` when a column is missing and ``ValueError`` for a facet request with
    ``ax`` given or a bad option.
    """
    check_digits(digits)
    frame = as_frame(data, term, value)
    require_columns(frame, [term, value] + ([group] if group else []), "bar()")
    xlabel = VALUE_LABELS.get(value, value) if xlabel is None else xlabel

    def draw(axes: Axes, rows: pd.DataFrame, heading: str | None) -> Axes:
        rows = rows.sort_values(value, ascending=False, kind="stable").head(top)
        _bars(axes, rows, term, value, digits, annotate, **kwargs)
        axes.set_xlabel(xlabel)
        if ylabel:
            axes.set_ylabel(ylabel)
        if heading:
            axes.set_title(heading, loc="right" if rtl else "center")
        return finish(axes, digits=digits, rtl=rtl, flip_x=True, numeric=("x",))

    if group is None:
        return draw(new_axes(ax, (6.4, 0.3 * min(top, len(frame)) + 1.5)), frame, title)
    if ax is not None:
        raise ValueError("bar(group=...) draws one facet per group in a new figure; pass ax=None")
    setup()
    groups = list(dict.fromkeys(frame[group]))
    ncols = min(3, len(groups))
    nrows = -(-len(groups) // ncols)
    fig, grid = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                             figsize=(4.2 * ncols, (0.3 * top + 1.2) * nrows))
    axes = grid.ravel()
    for axes_i, name in zip(axes, groups, strict=False):
        draw(axes_i, frame[frame[group] == name], str(name))
    for extra in axes[len(groups):]:
        extra.set_visible(False)
    if title:
        fig.suptitle(title)
    return axes[: len(groups)]


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
    in the legend.
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
    ax.barh(y[: len(pos)], pos.value, color=colors[0], label=labels[0], **kwargs)
    ax.barh(y[len(pos):], rows.value[len(pos):], color=colors[1], label=labels[1], **kwargs)
    ax.set_yticks(y, rows.term.tolist())
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(VALUE_LABELS.get(measure, measure))
    ax.legend(loc="lower left" if rtl else "lower right")
    if title:
        ax.set_title(title, loc="right" if rtl else "center")
    return finish(ax, digits=digits, rtl=rtl, flip_x=True, numeric=("x",))
