"""Line figures: Zipf's rank-frequency curve, vocabulary growth (Heaps) and term trends over
periods or groups."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..naming import renamed
from .axes import check_digits, finish, literal, literal_ticks, localise, new_axes, outside_legend
from .bars import as_frame, require_columns
from .style import themed_plot

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


@themed_plot
def zipf(data: pd.DataFrame | pd.Series | dict, *, value: str | None = None, fit: bool = True, title: str | None = None,
         digits: str = "persian", rtl: bool = False, ax: Axes | None = None,
         **kwargs: Any) -> Axes:
    """Zipf plot: frequency against rank on log-log axes, with the fitted line.

    ``data``: a frequency table (a ``count`` or ``frequency`` column; ``toolkit.zipf``'s or
    ``toolkit.frequency``'s table) or a Series/dict of term -> count. Ranks are ordinal, 1..n
    by descending frequency (tied terms get consecutive ranks, so every term is a point). The
    dashed line is the least-squares fit f = C * r**-s of :func:`loglog_fit` (Zipf 1949),
    labelled with s; the legend stands outside the axes. Other keyword arguments go to
    ``Axes.plot``. Returns the Axes.
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
        outside_legend(ax, rtl=rtl, data=False)
    _finish_labels(ax, "رتبه", "بسامد", title)
    return finish(ax, digits=digits, rtl=rtl)


@renamed(group="by")
@themed_plot
def vocabulary_growth(data: pd.DataFrame, *, tokens: str | None = None,
                      types: str | None = None, by: str | None = None, fit: bool = True,
                      title: str | None = None, digits: str = "persian", rtl: bool = False,
                      ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Vocabulary growth: the number of types seen against the number of tokens read.

    ``data`` has a token-count column (``tokens`` or ``n_tokens``) and a type-count column
    (``types`` or ``n_types``), one row per point of the curve; with ``by`` one line per
    group (``toolkit.vocabulary_growth``'s table as it is; ``group=`` is the old name of
    ``by=``, deprecated). With ``fit`` the dashed line is
    Heaps' law V = K * N**beta (Heaps 1978; Herdan 1960) fitted by :func:`loglog_fit`, labelled
    with beta (one fit over all rows). The legend stands outside the axes; group names are drawn
    literally. Returns the Axes.
    """
    check_digits(digits)
    require_columns(data, [by] if by else [], "vocabulary_growth()")
    tokens = _pick(data, tokens, ("tokens", "n_tokens"), "vocabulary_growth()")
    types = _pick(data, types, ("types", "n_types"), "vocabulary_growth()")
    ax = new_axes(ax)
    parts = data.groupby(by, sort=False) if by else [(None, data)]
    parts = list(parts)
    for name, part in parts:
        ax.plot(part[tokens], part[types], label=None if name is None else str(name), **kwargs)
    if fit and len(data) >= 2:
        _fit(ax, data[tokens].to_numpy(dtype=float), data[types].to_numpy(dtype=float),
             "هیپس: β = ", digits, 1.0, "0.4")
    if by or fit:
        legend = outside_legend(ax, rtl=rtl, data=False)
        for text in legend.get_texts()[: len(parts) if by else 0]:
            literal(text)  # the group names come from the data
    _finish_labels(ax, "شمار نشانه‌ها", "شمار گونه‌ها", title)
    return finish(ax, digits=digits, rtl=rtl)


#: A Jalali (or any calendar) period written with digits: a year, year-month or year-month-day
#: (``1402``, ``۱۴۰۲/۰۵``, ``1402-05-17``) or a year and quarter/half (``1402-Q1``).
PERIOD = re.compile(r"^\s*[0-9۰-۹]{4}(?:\s*[-/.]\s*(?:[0-9۰-۹]{1,2}|[QqHh][0-9۰-۹])){0,2}\s*$")
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


def _period_key(value: object) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", str(value).translate(_ASCII_DIGITS)))


def ordered_x(values: pd.Series) -> bool:
    """Whether the x values have an order a line may follow: numbers, dates and times, pandas
    periods, an ordered categorical, or period labels (:data:`PERIOD`: ``1402``, ``1402/05``,
    ``۱۴۰۲-۰۵-۱۷``, ``1402-Q1``). Anything else (news categories, document ids, names) is a
    set of categories."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return bool(values.dtype.ordered)
    if (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)) or \
            pd.api.types.is_datetime64_any_dtype(values) or \
            isinstance(values.dtype, pd.PeriodDtype):
        return True
    items = values.dropna()
    return len(items) > 0 and all(isinstance(v, str) and PERIOD.match(v) for v in items)


def _as_counted(terms: list[str], counted: pd.Series) -> list[str]:
    """Each term as the table spells it: a term the table lacks is prepared with ``tokenize``'s
    defaults (``كتاب`` -> ``کتاب``, ``آنها`` -> ``آن‌ها``); one still missing is drawn at 0 with
    the toolkit's :class:`~toolkit.queries.NoMatchWarning`."""
    from ..preparation import make_options, prepare_document
    from ..queries import warn_no_match

    present = set(counted)
    options = make_options(punctuation=True)
    out = []
    for typed in terms:
        term = typed
        if term not in present:
            words = [w for sentence in prepare_document(str(typed), options) for w in sentence]
            term = " ".join(words) or typed
        if term not in present:
            warn_no_match("trends", typed, term)
        out.append(term)
    return out


@themed_plot
def trends(data: pd.DataFrame, *, x: str = "period", term: str = "term",
           value: str = "per_million", terms: list[str] | None = None, kind: str = "auto",
           title: str | None = None, digits: str = "persian", rtl: bool = False,
           ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Frequency of terms per period or group: one series per term; returns the Axes.

    ``data`` is long: one row per (``x``, ``term``) with a ``value`` column (by default
    ``per_million``: count / tokens in that period * 1e6, so periods of different size
    compare). ``terms`` picks and orders the series (default: every term, in table order); a
    term typed another way (Arabic letters, no ZWNJ) is found under the table's spelling, and a
    term the table lacks is drawn at 0 with a ``NoMatchWarning``. Missing (x, term) pairs
    count as 0.

    ``kind="auto"`` draws lines only where x is ordered (:func:`ordered_x`: numbers, dates,
    periods such as ``1402/05``), in that order (numbers and dates on a numeric axis); for
    categories (news categories, groups), which have no order a line could follow, grouped
    bars in table order. ``kind`` may also be ``"line"``, ``"bar"`` or ``"points"`` (markers
    without lines). Period and category labels, and the legend's terms, are drawn literally;
    digits in period labels follow ``digits`` (not inside Latin ids or names). The legend
    stands outside the axes. Other keyword arguments go to ``Axes.plot`` / ``Axes.bar``.

    Raises ``KeyError`` for a missing column and ``ValueError`` for an unknown ``kind``.
    """
    check_digits(digits)
    if kind not in ("auto", "line", "bar", "points"):
        raise ValueError(f"kind must be 'auto', 'line', 'bar' or 'points', not {kind!r}")
    require_columns(data, [x, term, value], "trends()")
    ordered = ordered_x(data[x])
    kind = ("line" if ordered else "bar") if kind == "auto" else kind
    order = list(dict.fromkeys(data[x]))
    if ordered and isinstance(data[x].dtype, pd.CategoricalDtype):
        order = [c for c in data[x].cat.categories if c in set(order)]
    elif ordered and data[x].dtype == object:
        order = sorted(order, key=_period_key)
    elif ordered:
        order = sorted(order)
    chosen = list(dict.fromkeys(data[term])) if terms is None else _as_counted(terms, data[term])
    table = (data[data[term].isin(chosen)]
             .pivot_table(index=x, columns=term, values=value, aggfunc="sum", sort=False,
                          observed=True)
             .reindex(index=order, columns=chosen).fillna(0.0))
    ax = new_axes(ax)
    on_axis = ordered and (pd.api.types.is_numeric_dtype(data[x])
                           or pd.api.types.is_datetime64_any_dtype(data[x]))
    positions = np.asarray(order) if on_axis else np.arange(len(order))
    if kind == "bar":
        step = 0.8 / max(len(chosen), 1)
        for i, name in enumerate(chosen):
            ax.bar(np.arange(len(order)) + (i - (len(chosen) - 1) / 2) * step,
                   table[name].to_numpy(), width=step, label=str(name), **kwargs)
        positions = np.arange(len(order))
        on_axis = False
    else:
        kwargs.setdefault("marker", "o")
        if kind == "points":
            kwargs["linestyle"] = "none"
        for name in chosen:
            ax.plot(positions, table[name].to_numpy(), label=str(name), **kwargs)
    if not on_axis:
        labels = [str(p) for p in order]
        # Persian digits for periods such as 1402 or 1402-05, not inside Latin ids or names
        slanted = {"rotation": 45, "ha": "right", "rotation_mode": "anchor"}
        literal_ticks(ax, "x", positions,
                      [s if LATIN.search(s) else localise(s, digits) for s in labels],
                      **(slanted if len(labels) > 5 else {}))
    ax.set_ylabel({"per_million": "بسامد در میلیون واژه", "count": "بسامد"}.get(value, value))
    if chosen:
        outside_legend(ax, rtl=rtl)
    if title:
        ax.set_title(title)
    return finish(ax, digits=digits, rtl=rtl, numeric=("x", "y") if on_axis else ("y",))
