"""Association measures over 2x2 contingency tables: the one engine for collocation and keyness.

Every measure is computed from four numbers per pair (arrays, vectorised with numpy):

- ``o11``: joint frequency, how often ``w1`` and ``w2`` are observed together;
- ``r1``: row marginal, the frequency of ``w1`` (in whatever sample is being counted);
- ``c1``: column marginal, the frequency of ``w2``;
- ``n``: sample size, the number of items in the sample.

The observed and expected tables follow Evert (2005), *The Statistics of Word Cooccurrences*,
ch. 4 (eq. 4.1-4.3)::

              w2          not w2
    w1        O11         O12 = R1 - O11       | R1
    not w1    O21 = C1-O11 O22 = N-R1-C1+O11   | R2 = N - R1
              C1          C2 = N - C1          | N

    Eij = Ri * Cj / N

**Window-based co-occurrence.** Evert's table counts a sample of *pair tokens*. For window counts
(:func:`toolkit.cooccurrence`) the sample is the set of co-occurrence events: every pair of token
positions (i, j) that share a window, seen from the node token i. So ``n`` is the number of
events (the sum of the co-occurrence matrix), ``r1`` the number of events whose first slot is
``w1`` (its row sum: how many window slots surround ``w1`` tokens) and ``c1`` the number of events
whose second slot is ``w2`` (its column sum). Using the token count for ``n`` and word frequencies
for the marginals instead would give a table whose cells can be negative (a word in a 10-token
window can have more co-occurrences than occurrences) and expected counts too small by the number
of slots in a window (``2 * (window - 1)`` for unordered counts); the event table keeps all four
cells non-negative and the expected count on the same scale as the observed one. NLTK's ``BigramCollocationFinder`` instead divides the window count by
``window_size - 1`` and uses word frequencies and the token count (Church & Hanks 1990): call
:func:`association` with those numbers to reproduce its scores. For keyness the same table holds
with ``o11`` = frequency in the target corpus, ``r1`` = target size in tokens, ``c1`` = frequency in
both corpora together, ``n`` = size of both corpora.

Zero cells follow the usual limit conventions, without numpy warnings: ``0 * log 0 = 0`` in G2;
log-based measures (PMI, logDice, MI3) are ``-inf`` when ``o11 = 0``; PPMI is then 0 and NPMI -1;
t-score is ``-inf`` at ``o11 = 0`` when something was expected; a value is NaN only where the
formula itself is undefined (e.g. chi-square when a marginal is 0 or N, so the table is degenerate).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

ArrayLike = np.ndarray | pd.Series | Sequence[float] | float | int


class Table:
    """Observed cells, marginals and expected cells of Evert's (2005) 2x2 table (float64 arrays)."""

    def __init__(self, o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> None:
        o11_, r1_, c1_, n_ = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64)
                                                   for x in (o11, r1, c1, n)))
        self.o11, self.r1, self.c1, self.n = (np.atleast_1d(x) for x in (o11_, r1_, c1_, n_))
        self.o12 = self.r1 - self.o11
        self.o21 = self.c1 - self.o11
        self.r2 = self.n - self.r1
        self.c2 = self.n - self.c1
        self.o22 = self.r2 - self.o21
        cells = np.stack([self.o11, self.o12, self.o21, self.o22])
        bad = ~np.all(cells >= 0, axis=0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"row {i}: o11={self.o11[i]:g}, r1={self.r1[i]:g}, c1={self.c1[i]:g}, "
                f"n={self.n[i]:g} gives a negative (or NaN) cell; every table needs "
                "0 <= o11 <= min(r1, c1) and r1 + c1 - o11 <= n"
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            self.e11 = self.r1 * self.c1 / self.n
            self.e12 = self.r1 * self.c2 / self.n
            self.e21 = self.r2 * self.c1 / self.n
            self.e22 = self.r2 * self.c2 / self.n


def _safe_div(num: np.ndarray, den: np.ndarray, zero_over_zero: float = np.nan) -> np.ndarray:
    """num / den without warnings; x/0 is +-inf for x != 0 and ``zero_over_zero`` for 0/0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    return np.where((num == 0) & (den == 0), zero_over_zero, out)


def _log2_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2(num) - np.log2(den)


def _pmi(t: Table) -> np.ndarray:
    return _log2_ratio(t.o11, t.e11)


def _npmi(t: Table) -> np.ndarray:
    # Bouma (2009): pmi / -log2 p(w1, w2); -1 for never together, 1 for always together.
    h = -_log2_ratio(t.o11, t.n)
    out = _safe_div(_pmi(t), h, zero_over_zero=1.0)
    return np.where(t.o11 == 0, -1.0, out)


def _ppmi(t: Table) -> np.ndarray:
    return np.maximum(_pmi(t), 0.0)


def _g2(t: Table) -> np.ndarray:
    total = np.zeros_like(t.o11)
    for o, e in ((t.o11, t.e11), (t.o12, t.e12), (t.o21, t.e21), (t.o22, t.e22)):
        with np.errstate(divide="ignore", invalid="ignore"):
            term = o * np.log(o / e)
        total += np.where(o > 0, term, 0.0)
    return 2.0 * total


def _t(t: Table) -> np.ndarray:
    return _safe_div(t.o11 - t.e11, np.sqrt(t.o11))


def _z(t: Table) -> np.ndarray:
    return _safe_div(t.o11 - t.e11, np.sqrt(t.e11))


def _chi2(t: Table, yates: bool) -> np.ndarray:
    diff = np.abs(t.o11 * t.o22 - t.o12 * t.o21)
    if yates:
        diff = np.maximum(diff - t.n / 2.0, 0.0)
    return _safe_div(t.n * diff**2, t.r1 * t.r2 * t.c1 * t.c2)


def _dice(t: Table) -> np.ndarray:
    return _safe_div(2.0 * t.o11, t.r1 + t.c1)


def _logdice(t: Table) -> np.ndarray:
    return 14.0 + _log2_ratio(2.0 * t.o11, t.r1 + t.c1)


def _mi3(t: Table) -> np.ndarray:
    return _log2_ratio(t.o11**3, t.e11)


def _jaccard(t: Table) -> np.ndarray:
    return _safe_div(t.o11, t.r1 + t.c1 - t.o11)


def _delta_p_21(t: Table) -> np.ndarray:
    return _safe_div(t.o11, t.r1) - _safe_div(t.o21, t.r2)


def _delta_p_12(t: Table) -> np.ndarray:
    return _safe_div(t.o11, t.c1) - _safe_div(t.o12, t.c2)


def _min_sensitivity(t: Table) -> np.ndarray:
    return np.minimum(_safe_div(t.o11, t.r1), _safe_div(t.o11, t.c1))


def _odds_ratio(t: Table, zero_correction: float) -> np.ndarray:
    cells = np.stack([t.o11, t.o12, t.o21, t.o22])
    cells = cells + np.where(np.any(cells == 0, axis=0), zero_correction, 0.0)
    return _safe_div(cells[0] * cells[3], cells[1] * cells[2])


_MEASURES: dict[str, Callable[..., np.ndarray]] = {
    "pmi": _pmi,
    "npmi": _npmi,
    "ppmi": _ppmi,
    "g2": _g2,
    "t": _t,
    "z": _z,
    "chi2": _chi2,
    "dice": _dice,
    "logdice": _logdice,
    "mi3": _mi3,
    "jaccard": _jaccard,
    "delta_p_21": _delta_p_21,
    "delta_p_12": _delta_p_12,
    "min_sensitivity": _min_sensitivity,
    "odds_ratio": _odds_ratio,
}

#: Names accepted by :func:`association`, in the order of its docstring.
MEASURES: tuple[str, ...] = tuple(_MEASURES)


def measure_names(measures: str | Sequence[str]) -> list[str]:
    """``measures`` as a list of known names; ValueError naming the unknown one otherwise."""
    names = [measures] if isinstance(measures, str) else list(measures)
    if not names:
        raise ValueError(f"give at least one measure, from {', '.join(MEASURES)}")
    for name in names:
        if name not in _MEASURES:
            raise ValueError(f"unknown association measure {name!r}; choose from "
                             f"{', '.join(MEASURES)}")
    return names


def association(
    o11: ArrayLike,
    r1: ArrayLike,
    c1: ArrayLike,
    n: ArrayLike,
    measures: str | Sequence[str] = ("pmi", "g2", "logdice"),
    *,
    yates: bool = False,
    zero_correction: float = 0.5,
) -> pd.DataFrame:
    """Association scores of word pairs from their 2x2 contingency tables (Evert 2005, ch. 4).

    ``o11``, ``r1``, ``c1`` and ``n`` are scalars or equal-length arrays (counts, or weighted
    counts: floats are accepted); see the module docstring for the table and for what they are
    in window-based co-occurrence. Returns a DataFrame with one float64 column per requested
    measure, named exactly by its key, one row per pair (the index of ``o11`` when it is a
    Series, else 0..k-1). ``Eij = Ri * Cj / N``; ``log2`` unless stated.

    Measures (keys):

    - ``pmi``: pointwise mutual information ``log2(O11 / E11)`` (Church & Hanks 1990).
    - ``npmi``: normalised PMI ``pmi / -log2(O11 / N)``, in [-1, 1] (Bouma 2009).
    - ``ppmi``: positive PMI ``max(pmi, 0)`` (Niwa & Nitta 1994).
    - ``g2``: log-likelihood ratio ``2 * sum_ij Oij * ln(Oij / Eij)`` over all four cells
      (Dunning 1993, in Evert's 4-cell form), with ``0 * ln 0 = 0``; always >= 0 (two-sided).
    - ``t``: t-score ``(O11 - E11) / sqrt(O11)`` (Church et al. 1991).
    - ``z``: z-score ``(O11 - E11) / sqrt(E11)`` (Dennis 1965).
    - ``chi2``: Pearson's chi-square ``N (O11 O22 - O12 O21)^2 / (R1 R2 C1 C2)``; with
      ``yates=True`` the difference ``|O11 O22 - O12 O21|`` is first reduced by ``N / 2``
      (not below 0), Yates' continuity correction (Evert 2005, eq. 4.11).
    - ``dice``: ``2 O11 / (R1 + C1)`` (Smadja et al. 1996).
    - ``logdice``: ``14 + log2(2 O11 / (R1 + C1))``, at most 14 (Rychly 2008).
    - ``mi3``: ``log2(O11^3 / E11)`` (Daille 1994).
    - ``jaccard``: ``O11 / (O11 + O12 + O21)``.
    - ``delta_p_21``: ΔP(2|1) = ``O11 / R1 - O21 / R2`` = P(w2 | w1) - P(w2 | not w1), how well
      w1 (the row word) predicts w2 (Gries 2013).
    - ``delta_p_12``: ΔP(1|2) = ``O11 / C1 - O12 / C2`` = P(w1 | w2) - P(w1 | not w2), how well
      w2 (the column word) predicts w1 (Gries 2013).
    - ``min_sensitivity``: ``min(O11 / R1, O11 / C1)`` (Pedersen 1998).
    - ``odds_ratio``: ``(O11 O22) / (O12 O21)``; when a table has a zero cell,
      ``zero_correction`` (default 0.5, Haldane-Anscombe) is added to all four of its cells so the
      ratio stays finite; tables without zero cells are not changed.

    Raises ValueError for an unknown measure or when a table has a negative cell (the message
    names the row and its four numbers).
    """
    names = measure_names(measures)
    table = Table(o11, r1, c1, n)
    columns = {}
    for name in names:
        fn = _MEASURES[name]
        if name == "chi2":
            columns[name] = fn(table, yates)
        elif name == "odds_ratio":
            columns[name] = fn(table, zero_correction)
        else:
            columns[name] = fn(table)
    index = o11.index if isinstance(o11, pd.Series) else None
    return pd.DataFrame(columns, index=index)
