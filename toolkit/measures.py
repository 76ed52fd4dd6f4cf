"""Association measures over 2x2 contingency tables: the one engine for collocation and keyness.

Every measure is computed from four numbers per pair (arrays, vectorised with numpy):

- ``o11``: joint frequency, how often ``w1`` and ``w2`` are observed together;
- ``r1``: the frequency of ``w1`` (f_x);
- ``c1``: the frequency of ``w2`` (f_y);
- ``n``: sample size, the number of items in the sample (N);

and, for window (surface) co-occurrence, the **span** ``S``: how many token slots around one
``w1`` token are searched for ``w2`` (``S = left + right`` for a span ``(left, right)``).

The observed and expected tables follow Evert (2005), *The Statistics of Word Cooccurrences*,
ch. 4 (eq. 4.1-4.3). With a span, the sample is the ``S * N`` span slots of the corpus (every
token taken as a node with its full span; Evert 2008, "Corpora and collocations", sect. 5.2, for
the node's span as ``S * f_x`` slots)::

              w2                 not w2
    w1        O11                O12 = R1 - O11         | R1 = S * f_x
    not w1    O21 = C1 - O11     O22 = N' - R1 - C1 + O11 | R2 = N' - R1
              C1 = S * f_y       C2 = N' - C1           | N' = S * N

    Eij = Ri * Cj / N',   so   E11 = f_x * f_y * S / N

With ``S = 1`` (no span given) this is Evert's plain 2x2 table (adjacent bigrams, keyness, any
table you give). ``E11 = f_x * f_y * S / N`` is the expected frequency of #LancsBox (Brezina,
McEnery & Wattam 2015, "Collocations in context", IJCL 20(2): ``E11 = R1 * C1 * window size /
N``) and of WordSmith Tools' z-score (``E = P * F1 * S``); a window count never exceeds
``S * f_x`` or ``S * f_y`` (a token lies in the spans of at most S others), so every cell is
non-negative (bar the self-pair of a word that is over half of all tokens). logDice, Dice, Jaccard and minimum sensitivity use the word frequencies
themselves, as Sketch Engine does (Rychlý 2008; "Statistics used in Sketch Engine"). Where the
reference tools disagree, the choice and the other tool's definition are named at the measure
(see :func:`association`).

**Which numbers to pass.** :func:`toolkit.cooccurrence` and :func:`toolkit.collocates` pass,
by default (``table="reference"``), the co-occurrence count, the corpus frequencies of both words
in the token stream that was counted (after stopword removal, if any), the number of tokens in
that stream and the span. ``table="events"`` is this toolkit's own earlier table over
co-occurrence events (``r1`` / ``c1`` = window slots around ``w1`` / ``w2``, ``n`` = all events,
``S = 1``): every cell non-negative and the expected count on the scale of the observed one, but
its logDice is lower than Rychlý's by about ``log2(S)``. ``table="sketchengine"`` passes the
word frequencies without the span (``S = 1``), Sketch Engine's and WordSmith's MI and t-score.
``table="nltk"`` reproduces NLTK's
``BigramCollocationFinder.from_words(words, window_size=w).score_ngram``: ``o11 = count / (w -
1)``, word frequencies, ``N`` = tokens, ``S = 1`` (Church & Hanks 1990). For keyness the table
holds with ``o11`` = frequency in the target corpus, ``r1`` = target size in tokens, ``c1`` =
frequency in both corpora together, ``n`` = size of both corpora.

**Tables that do not exist.** Numbers that are not window counts can give a negative cell
(``o11 > S * min(f_x, f_y)``, or ``f_x + f_y - o11 / S > N``, e.g. the self-pair of ``a a``).
Without a span that is an error; when a span is given, the measures that need all four cells
(G2, chi2, odds ratio, ΔP) are NaN for that pair, while the measures of ``O11``, ``E11`` and the
word frequencies (MI, MI2, MI3, t, z, logDice, Dice, Jaccard, minimum sensitivity) are given.

Zero cells follow the usual limit conventions, without numpy warnings: ``0 * log 0 = 0`` in G2;
log-based measures (PMI, logDice, MI2, MI3) are ``-inf`` when ``o11 = 0``; PPMI is then 0 and
NPMI -1; t-score is ``-inf`` at ``o11 = 0`` when something was expected; a value is NaN only
where the formula itself is undefined (e.g. chi-square when a marginal is 0 or N, so the table is
degenerate).

**Names.** Measures are named as the field writes them, case-insensitively: ``MI``/``PMI``,
``MI2``, ``MI3``, ``logDice``, ``Dice``, ``G2``/``LL``/``log-likelihood``, ``t``/``t-score``,
``z``/``z-score``, ``chi2``/``chi-squared``/``χ²``, ``ΔP``/``delta_p`` (ΔP(2|1)), ... (see
:data:`ALIASES`); output columns always use the canonical key of :data:`MEASURES`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .naming import renamed

ArrayLike = np.ndarray | pd.Series | Sequence[float] | float | int


class Table:
    """Observed cells, marginals and expected cells of Evert's (2005) 2x2 table (float64 arrays).

    ``r1`` and ``c1`` are the frequencies f_x and f_y (kept as ``f1``, ``f2``); with a span S the
    table counts span slots: ``R1 = S * f_x``, ``C1 = S * f_y``, ``N = S * n`` (see the module
    docstring). ``strict=True`` raises ValueError for a table with a negative cell;
    ``strict=False`` keeps it and marks it in ``valid`` (the four-cell measures are NaN there).
    """

    def __init__(self, o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike,
                 span: ArrayLike = 1.0, *, strict: bool = True) -> None:
        o11_, r1_, c1_, n_, s_ = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64)
                                                       for x in (o11, r1, c1, n, span)))
        self.o11, self.f1, self.f2, n_, self.span = (
            np.atleast_1d(x) for x in (o11_, r1_, c1_, n_, s_))
        self.r1, self.c1, self.n = self.span * self.f1, self.span * self.f2, self.span * n_
        self.o12 = self.r1 - self.o11
        self.o21 = self.c1 - self.o11
        self.r2 = self.n - self.r1
        self.c2 = self.n - self.c1
        self.o22 = self.r2 - self.o21
        cells = np.stack([self.o11, self.o12, self.o21, self.o22])
        self.valid = np.all(cells >= 0, axis=0)
        if strict and not self.valid.all():
            i = int(np.flatnonzero(~self.valid)[0])
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

    def four_cells(self, values: np.ndarray) -> np.ndarray:
        """``values`` with NaN where the table has a negative cell."""
        return np.where(self.valid, values, np.nan)


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
    return t.four_cells(2.0 * total)


def _t(t: Table) -> np.ndarray:
    return _safe_div(t.o11 - t.e11, np.sqrt(t.o11))


def _z(t: Table) -> np.ndarray:
    return _safe_div(t.o11 - t.e11, np.sqrt(t.e11))


def _chi2(t: Table, yates: bool) -> np.ndarray:
    diff = np.abs(t.o11 * t.o22 - t.o12 * t.o21)
    if yates:
        diff = np.maximum(diff - t.n / 2.0, 0.0)
    return t.four_cells(_safe_div(t.n * diff**2, t.r1 * t.r2 * t.c1 * t.c2))


def _dice(t: Table) -> np.ndarray:
    return _safe_div(2.0 * t.o11, t.f1 + t.f2)


def _logdice(t: Table) -> np.ndarray:
    return 14.0 + _log2_ratio(2.0 * t.o11, t.f1 + t.f2)


def _mi2(t: Table) -> np.ndarray:
    return _log2_ratio(t.o11**2, t.e11)


def _mi3(t: Table) -> np.ndarray:
    return _log2_ratio(t.o11**3, t.e11)


def _jaccard(t: Table) -> np.ndarray:
    return _safe_div(t.o11, t.f1 + t.f2 - t.o11)


def _delta_p_21(t: Table) -> np.ndarray:
    return t.four_cells(_safe_div(t.o11, t.r1) - _safe_div(t.o21, t.r2))


def _delta_p_12(t: Table) -> np.ndarray:
    return t.four_cells(_safe_div(t.o11, t.c1) - _safe_div(t.o12, t.c2))


def _min_sensitivity(t: Table) -> np.ndarray:
    return np.minimum(_safe_div(t.o11, t.f1), _safe_div(t.o11, t.f2))


def _odds_ratio(t: Table, zero_correction: float) -> np.ndarray:
    cells = np.stack([t.o11, t.o12, t.o21, t.o22])
    cells = cells + np.where(np.any(cells == 0, axis=0), zero_correction, 0.0)
    return t.four_cells(_safe_div(cells[0] * cells[3], cells[1] * cells[2]))


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
    "mi2": _mi2,
}

#: Canonical names accepted by :func:`association` (and the names of its output columns).
MEASURES: tuple[str, ...] = tuple(_MEASURES)

#: How each measure is written in the field, with the reference its default follows (menus,
#: axis labels).
LABELS: dict[str, str] = {
    "logdice": "logDice (Rychlý 2008; Sketch Engine)",
    "pmi": "MI (E = f·f·S/N; #LancsBox)",
    "g2": "log-likelihood G2 (Dunning 1993)",
    "t": "t-score (Church et al. 1991)",
    "z": "z-score (#LancsBox)",
    "mi2": "MI2 (Daille 1994)",
    "mi3": "MI3 (Daille 1994)",
    "dice": "Dice (Smadja et al. 1996)",
    "chi2": "chi-squared (Pearson)",
    "npmi": "NPMI (Bouma 2009)",
    "ppmi": "PPMI",
    "jaccard": "Jaccard",
    "delta_p_21": "ΔP node→collocate (Gries 2013)",
    "delta_p_12": "ΔP collocate→node (Gries 2013)",
    "min_sensitivity": "minimum sensitivity (Pedersen 1998)",
    "odds_ratio": "odds ratio",
}

#: Spellings used in the literature and in other tools -> canonical name. Matching ignores case,
#: spaces, hyphens, underscores and dots, reads ``²`` as ``2``, ``χ`` as ``chi`` and ``Δ`` as
#: ``delta``.
ALIASES: dict[str, str] = {
    "mi": "pmi", "mutualinformation": "pmi", "pointwisemutualinformation": "pmi",
    "normalisedpmi": "npmi", "normalizedpmi": "npmi", "positivepmi": "ppmi",
    "ll": "g2", "loglikelihood": "g2", "loglikelihoodratio": "g2", "likelihoodratio": "g2",
    "lr": "g2",
    "tscore": "t", "studentt": "t", "zscore": "z",
    "chisquared": "chi2", "chisquare": "chi2", "chisq": "chi2", "x2": "chi2",
    "dicecoefficient": "dice",
    "deltap": "delta_p_21", "deltap21": "delta_p_21", "deltap12": "delta_p_12",
    "minsensitivity": "min_sensitivity", "ms": "min_sensitivity",
    "oddsratio": "odds_ratio", "or": "odds_ratio",
}


def _key(name: str) -> str:
    """The lookup key of a measure name: case-folded, without spaces, hyphens, underscores, dots,
    brackets or apostrophes, with ``²``/``χ``/``Δ`` spelled out."""
    key = name.strip().replace("²", "2").replace("χ", "chi").replace("Χ", "chi")
    key = key.replace("Δ", "delta").replace("δ", "delta").casefold()
    return "".join(ch for ch in key if ch not in " -_.()|'’")


def canonical_names(names: str | Sequence[str], known: Sequence[str],
                    aliases: dict[str, str], kind: str) -> list[str]:
    """``names`` as canonical keys of ``known`` (a name, or a list of them), matched
    case-insensitively through ``aliases`` (see :data:`ALIASES`); ValueError naming an unknown
    one and listing the choices. ``kind`` names the family in the message ("association
    measure")."""
    given = [names] if isinstance(names, str) else list(names)
    if not given:
        raise ValueError(f"give at least one measure, from {', '.join(known)}")
    lookup = {_key(k): k for k in known}
    lookup.update({_key(a): c for a, c in aliases.items()})
    out = []
    for name in given:
        canonical = lookup.get(_key(str(name)))
        if canonical is None:
            raise ValueError(f"unknown {kind} {name!r}; choose from {', '.join(known)} "
                             "(in any case; the usual spellings, such as MI, LL or TTR, work too)")
        out.append(canonical)
    return out


def measure_names(measures: str | Sequence[str]) -> list[str]:
    """``measures`` as a list of canonical names (``"logDice"`` -> ``"logdice"``, ``"LL"`` ->
    ``"g2"``, ``"MI"`` -> ``"pmi"``); ValueError naming the unknown one otherwise."""
    return canonical_names(measures, MEASURES, ALIASES, "association measure")


@renamed(measures="measure")
def association(
    o11: ArrayLike,
    r1: ArrayLike,
    c1: ArrayLike,
    n: ArrayLike,
    measure: str | Sequence[str] = ("pmi", "g2", "logdice"),
    *,
    span: ArrayLike | None = None,
    yates: bool = False,
    zero_correction: float = 0.5,
) -> pd.DataFrame:
    """Association scores of word pairs from their 2x2 contingency tables (Evert 2005, ch. 4).

    ``o11`` (joint frequency O), ``r1`` (f_x, frequency of w1), ``c1`` (f_y, frequency of w2),
    ``n`` (N) and ``span`` (S, token slots searched around each w1 token; None, the default,
    for a plain table: adjacent pairs, keyness) are scalars or equal-length arrays (counts, or weighted counts:
    floats are accepted); see the module docstring for the table. ``measure``: one name or a
    list, as in every verb (``measures=`` is its old name, deprecated). Returns a DataFrame with
    one float64 column per requested measure, named by its canonical key (names are matched
    case-insensitively, with the usual spellings: ``"logDice"``, ``"MI"``, ``"LL"``,
    ``"t-score"``, ...), one row per pair (the index of ``o11`` when it is a Series, else
    0..k-1). ``E11 = f_x * f_y * S / N``; ``log2`` unless stated.

    Measures (keys) and the reference each follows:

    - ``pmi`` (MI): ``log2(O11 / E11)`` (Church & Hanks 1990); with ``S`` the #LancsBox MI
      (Brezina et al. 2015). Sketch Engine and WordSmith leave the span out of E11
      (``log2(O11 N / (f_x f_y))``): pass ``span=1`` (``table="sketchengine"`` in
      :func:`toolkit.collocates` and :meth:`toolkit.Cooccurrence.scores`) for their value.
    - ``npmi``: normalised PMI ``pmi / -log2(O11 / N')``, in [-1, 1] (Bouma 2009).
    - ``ppmi``: positive PMI ``max(pmi, 0)`` (Niwa & Nitta 1994).
    - ``g2`` (LL): log-likelihood ``2 * sum_ij Oij * ln(Oij / Eij)`` over all four cells
      (Dunning 1993, in Evert's 4-cell form, as Sketch Engine, #LancsBox and WordSmith's
      collocation LL), with ``0 * ln 0 = 0``; always >= 0 (two-sided). Equal to
      ``scipy.stats.chi2_contingency(..., lambda_="log-likelihood")`` of the table. With a span
      the four cells are those of the span-slot table above (its E11 is #LancsBox's); Sketch
      Engine's and WordSmith's LL use ``span=1``. Keyness uses ``span=1`` (Rayson & Garside's
      2-cell form: :func:`toolkit.keyness`, ``"g2_rayson"``).
    - ``t``: t-score ``(O11 - E11) / sqrt(O11)`` (Church et al. 1991; #LancsBox; Sketch Engine
      and WordSmith with ``span=1``).
    - ``z``: z-score ``(O11 - E11) / sqrt(E11)`` (Dennis 1965; #LancsBox). WordSmith divides by
      ``sqrt(E11 (1 - p))`` with ``p = f_y / (N - f_x)``, a factor ``1 / sqrt(1 - p)`` close to 1
      for all but the most frequent collocates.
    - ``chi2``: Pearson's chi-square ``N' (O11 O22 - O12 O21)^2 / (R1 R2 C1 C2)`` (Evert 2005,
      eq. 4.9; equal to ``scipy.stats.chi2_contingency(..., correction=False)``); with
      ``yates=True`` the difference ``|O11 O22 - O12 O21|`` is first reduced by ``N / 2``
      (not below 0), Yates' continuity correction (Evert 2005, eq. 4.11).
    - ``dice``: ``2 O11 / (f_x + f_y)`` (Smadja et al. 1996; WordSmith, #LancsBox).
    - ``logdice``: ``14 + log2(2 O11 / (f_x + f_y))`` (Rychlý 2008, as Sketch Engine,
      #LancsBox and AntConc): exactly 14 when the two words only ever occur together and each
      occurrence is counted once; not affected by ``S`` or ``N``.
    - ``mi2``: ``log2(O11^2 / E11)`` (Daille 1994; #LancsBox).
    - ``mi3``: ``log2(O11^3 / E11)`` (Daille 1994; #LancsBox, Sketch Engine with ``span=1``).
      WordSmith's "MI3" is a different formula; NLTK's ``mi_like`` is ``O11^3 / (f_x f_y)``
      without the logarithm and N.
    - ``jaccard``: ``O11 / (f_x + f_y - O11)``.
    - ``delta_p_21`` (ΔP): ΔP(2|1) = ``O11 / R1 - O21 / R2`` = P(w2 | w1) - P(w2 | not w1), how
      well w1 (the row word) predicts w2 (Gries 2013; #LancsBox's Delta P).
    - ``delta_p_12``: ΔP(1|2) = ``O11 / C1 - O12 / C2`` = P(w1 | w2) - P(w1 | not w2), how well
      w2 (the column word) predicts w1 (Gries 2013).
    - ``min_sensitivity``: ``min(O11 / f_x, O11 / f_y)`` (Pedersen 1998; Sketch Engine).
    - ``odds_ratio``: ``(O11 O22) / (O12 O21)``; when a table has a zero cell,
      ``zero_correction`` (default 0.5, Haldane-Anscombe) is added to all four of its cells so the
      ratio stays finite; tables without zero cells are not changed.

    Raises ValueError for an unknown measure or, when no ``span`` is given, when a table has a
    negative cell (the message names the row and its four numbers); with a ``span`` (even 1, as
    :func:`toolkit.cooccurrence` passes for an adjacent self-pair such as ``a a``) such a table
    gives NaN for G2, chi2, ΔP and the odds ratio (see the module docstring).
    """
    names = measure_names(measure)
    table = Table(o11, r1, c1, n, 1.0 if span is None else span, strict=span is None)
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
