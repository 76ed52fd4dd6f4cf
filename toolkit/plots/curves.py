"""Line figures: Zipf's rank-frequency curve, vocabulary growth (Heaps) and term trends over
periods or groups."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .axes import check_digits, finish, localise, new_axes
from .bars import as_frame, require_columns

#: Latin letters: a period or group label holding them (an id, a name) keeps its digits.
LATIN = re.compile("[A-Za-z]")


def _pick(data: pd.DataFrame, wanted: str | None, options: tuple[str, ...], what: str) -> str:
    """``wanted`` or the first of ``options`` that ``data`` has."""
    if wanted is not None:
        require_columns(data, [wanted], what)
        return wanted
    for name in options:
        if name in data.columns:
            return name
    raise KeyError(f"{what} needs one of the columns {list(options)}; the DataFrame has "
                   f"{list(data.columns)}")


def loglog_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the least-squares line through (log10 x, log10 y), over x, y > 0.

    Fitting a line on the log-log plot is the classic estimate of a power law's exponent (Zipf
    1949; Heaps 1978); it is biased for the tail of a distribution (Clauset, Shalizi & Newman
    2009), so read it as a description of the curve, not as a test of the law.
    """
    keep = (x > 0) & (y > 0)
    if keep.sum() < 2:
        raise ValueError("a log-log fit needs at least two points with positive values")
    slope, intercept = np.polyfit(np.log10(x[keep]), np.log10(y[keep]), 1)
    return float(slope), float(intercept)


def _fit(ax: Axes, x: np.ndarray, y: np.ndarray, label: str, digits: str, sign: float,
         color: str) -> None:
    """Draw the :func:`loglog_fit` line of (x, y), labelled ``label`` + sign * slope."""
    slope, intercept = loglog_fit(x, y)
    xs = np.sort(x)
    ax.plot(xs, 10 ** intercept * xs ** slope, "--", color=color,
            label=label + localise(f"{sign * slope:.2f}", digits))


def _finish_labels(ax: Axes, xlabel: str, ylabel: str, title: str | None) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def zipf(data: pd.DataFrame | pd.Series | dict, *, value: str | None = None, fit: bool = True, title: str | None = None,
         digits: str = "persian", rtl: bool = False, ax: Axes | None = None,
         **kwargs: Any) -> Axes:
    """Zipf plot: frequency against rank on log-log axes, with the fitted line.

    ``data``: a frequency table (a ``count`` or ``frequency`` column) or a Series/dict of
    term -> count. Ranks are ordinal, 1..n by descending frequency (tied terms get consecutive
    ranks, so every term is a point). The dashed line is the
    least-squares fit f = C * r**-s of :func:`loglog_fit` (Zipf 1949), labelled with s. Other
    keyword arguments go to ``Axes.plot``.
    """
    check_digits(digits)
    frame = as_frame(data, "term", "count")
    value = _pick(frame, value, ("count", "frequency", "freq"), "zipf()")
    freq = np.sort(frame[value].to_numpy(dtype=float))[::-1]
    ranks = np.arange(1, len(freq) + 1, dtype=float)
    ax = new_axes(ax)
    kwargs.setdefault("marker", ".")
    kwargs.setdefault("linestyle", "none")
    ax.plot(ranks, freq, label="واژه‌ها", **kwargs)
    ax.set_xscale("log")
    ax.set_yscale("log")
    if fit and len(freq) >= 2:
        _fit(ax, ranks, freq, "زیپف: s = ", digits, -1.0, "C3")
        ax.legend()
    _finish_labels(ax, "رتبه", "بسامد", title)
    return finish(ax, digits=digits, rtl=rtl)


def vocabulary_growth(data: pd.DataFrame, *, tokens: str | None = None,
                      types: str | None = None, group: str | None = None, fit: bool = True,
                      title: str | None = None, digits: str = "persian", rtl: bool = False,
                      ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Vocabulary growth: the number of types seen against the number of tokens read.

    ``data`` has a token-count column (``tokens`` or ``n_tokens``) and a type-count column
    (``types`` or ``n_types``), one row per point of the curve; with ``group`` one line per
    group. With ``fit`` the dashed line is Heaps' law V = K * N**beta (Heaps 1978; Herdan 1960)
    fitted by :func:`loglog_fit`, labelled with beta (one fit over all rows).
    """
    check_digits(digits)
    require_columns(data, [group] if group else [], "vocabulary_growth()")
    tokens = _pick(data, tokens, ("tokens", "n_tokens"), "vocabulary_growth()")
    types = _pick(data, types, ("types", "n_types"), "vocabulary_growth()")
    ax = new_axes(ax)
    parts = data.groupby(group, sort=False) if group else [(None, data)]
    for name, part in parts:
        ax.plot(part[tokens], part[types], label=None if name is None else str(name), **kwargs)
    if fit and len(data) >= 2:
        _fit(ax, data[tokens].to_numpy(dtype=float), data[types].to_numpy(dtype=float),
             "هیپس: β = ", digits, 1.0, "0.4")
    if group or fit:
        ax.legend()
    _finish_labels(ax, "شمار نشانه‌ها", "شمار گونه‌ها", title)
    return finish(ax, digits=digits, rtl=rtl)


def trends(data: pd.DataFrame, *, x: str = "period", term: str = "term",
           value: str = "per_million", terms: list[str] | None = None,
           title: str | None = None, digits: str = "persian", rtl: bool = False,
           ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Frequency of terms per period or group: one line per term.

    ``data`` is long: one row per (``x``, ``term``) with a ``value`` column (by default
    ``per_million``: count / tokens in that period * 1e6, so periods of different size
    compare). ``terms`` picks and orders the lines (default: every term, in table order).
    Periods are drawn in table order; numeric periods on a numeric axis. Missing
    (period, term) pairs count as 0.
    """
    check_digits(digits)
    require_columns(data, [x, term, value], "trends()")
    order = list(dict.fromkeys(data[x]))
    chosen = list(dict.fromkeys(data[term])) if terms is None else list(terms)
    table = (data[data[term].isin(chosen)]
             .pivot_table(index=x, columns=term, values=value, aggfunc="sum", sort=False)
             .reindex(index=order, columns=chosen).fillna(0.0))
    ax = new_axes(ax)
    numeric = pd.api.types.is_numeric_dtype(data[x])
    positions = np.asarray(order, dtype=float) if numeric else np.arange(len(order))
    kwargs.setdefault("marker", "o")
    for name in chosen:
        ax.plot(positions, table[name].to_numpy(), label=str(name), **kwargs)
    if not numeric:
        labels = [str(p) for p in order]
        # Persian digits for periods such as 1402 or 1402-05, not inside Latin ids or names
        ax.set_xticks(positions, [s if LATIN.search(s) else localise(s, digits) for s in labels],
                      rotation=45 if len(labels) > 5 else 0)
    ax.set_ylabel({"per_million": "بسامد در میلیون واژه", "count": "بسامد"}.get(value, value))
    ax.legend()
    if title:
        ax.set_title(title)
    return finish(ax, digits=digits, rtl=rtl, numeric=("x", "y") if numeric else ("y",))
