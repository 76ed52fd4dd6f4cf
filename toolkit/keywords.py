"""Keyness: which words are typical of a target corpus compared with a reference corpus.

For every type the 2x2 table is built from its frequency in the target (``a``) and in the
reference (``b``) and the sizes of both in tokens (``n_t``, ``n_r``), in the layout of
:mod:`toolkit.measures` (Evert 2005): ``o11 = a``, ``r1 = n_t``, ``c1 = a + b``,
``n = n_t + n_r``. G2 and chi-square come from :func:`toolkit.measures.association`; the effect
sizes and Fisher's exact test are computed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import special

from .measures import Table, association, canonical_names
from .normalization import normalize
from .queries import as_tokens
from .tables import RTLFrame, rtl_frame
from .tokens import Tokens

Measure = Literal["g2", "g2_rayson", "chi2", "chi2_yates", "log_ratio", "pct_diff", "fisher"]
_MEASURES = ("g2", "g2_rayson", "chi2", "chi2_yates", "log_ratio", "pct_diff", "fisher")
#: Usual spellings -> keyness measure (matched ignoring case, spaces, hyphens and underscores).
ALIASES: dict[str, str] = {
    "ll": "g2", "loglikelihood": "g2", "lr": "g2", "likelihoodratio": "g2",
    "rayson": "g2_rayson", "llrayson": "g2_rayson", "loglikelihoodrayson": "g2_rayson",
    "g2rayson": "g2_rayson", "chisquared": "chi2", "chisquare": "chi2", "chisq": "chi2",
    "chisquaredyates": "chi2_yates", "yates": "chi2_yates", "logratio": "log_ratio",
    "%diff": "pct_diff", "percentdiff": "pct_diff", "fisherexact": "fisher",
    "fishersexacttest": "fisher",
}
#: Old names of the keyness columns (one vocabulary: ``count``, ``expected``, ``per_million`` as
#: in every table), readable for one release with a DeprecationWarning.
RENAMED_COLUMNS = {"o_target": "count_target", "e_target": "expected_target",
                   "o_reference": "count_reference", "e_reference": "expected_reference",
                   "pm_target": "per_million_target", "pm_reference": "per_million_reference"}
# Relative tolerance when comparing hypergeometric probabilities in Fisher's two-sided test.
_FISHER_RTOL = 1e-7
_FISHER_CHUNK = 1 << 22


def _same_value(values: pd.Series, value: Any) -> np.ndarray:
    """Documents whose value equals ``value``; for text that matches nothing as typed, compared
    after normalisation of both sides (``علي`` selects ``علی``)."""
    mask = (values == value).to_numpy()
    if not mask.any() and isinstance(value, str):
        wanted = normalize(value, preset="light").strip()
        mask = np.array([isinstance(v, str) and normalize(v, preset="light").strip() == wanted
                         for v in values], dtype=bool)
    return mask


def _group_values(tokens: Tokens, selection: Any) -> str:
    """The values of the column a ``"column=value"`` or pair selection names, for a message."""
    column = (selection.split("=", 1)[0].strip() if isinstance(selection, str)
              else selection[0] if isinstance(selection, tuple) and len(selection) == 2 else None)
    if column is None or column not in tokens.docs.columns:
        return ""
    values = pd.unique(tokens.docs[column].dropna().astype(str))
    shown = ", ".join(values[:20]) + (", ..." if len(values) > 20 else "")
    return f"; the values of {column!r} are: {shown}"


def _documents(tokens: Tokens, selection: Any) -> np.ndarray:
    """Boolean document mask for a mask / Series, a ``"column=value"`` string or a pair."""
    if isinstance(selection, str):
        if "=" not in selection:
            raise ValueError(f"a group selection is written 'column=value', got {selection!r}")
        column, value = selection.split("=", 1)
        column, value = column.strip(), value.strip()
        if column not in tokens.docs.columns:
            raise KeyError(f"no metadata column {column!r} in {selection!r}; the documents have "
                           f"{', '.join(map(str, tokens.docs.columns))}")
        return _same_value(tokens.docs[column].astype(str), value)
    if isinstance(selection, tuple) and len(selection) == 2:
        column, value = selection
        if column not in tokens.docs.columns:
            raise KeyError(f"no metadata column {column!r}; the documents have "
                           f"{', '.join(map(str, tokens.docs.columns))}")
        return _same_value(tokens.docs[column], value)
    mask = np.asarray(selection)
    if mask.dtype != bool or mask.shape != (len(tokens),):
        raise ValueError(f"a document mask must be boolean with one entry per document "
                         f"({len(tokens)}), got dtype {mask.dtype} and shape {mask.shape}")
    return mask


def _counts(tokens: Tokens) -> pd.Series:
    """Frequency of every occurring type, indexed by the term."""
    counts = tokens.type_counts()
    present = np.flatnonzero(counts)
    return pd.Series(counts[present], index=pd.Index(tokens.vocab[present].astype(str)))


def _reference_list(reference: Mapping[str, int] | pd.Series | tuple) -> tuple[pd.Series, int]:
    """An external frequency list and its total (the sum of the counts unless given)."""
    if isinstance(reference, tuple):
        counts, total = reference
    else:
        counts, total = reference, None
    series = pd.Series(counts, dtype=np.float64) if not isinstance(counts, pd.Series) \
        else counts.astype(np.float64)
    series.index = series.index.astype(str)
    if (series < 0).any() or series.isna().any():
        bad = series[(series < 0) | series.isna()].index[0]
        raise ValueError(f"reference frequency of {bad!r} is {series[bad]}; counts must be >= 0")
    total = float(series.sum()) if total is None else float(total)
    if total < series.sum():
        raise ValueError(f"reference total {total:g} is smaller than the sum of its counts "
                         f"({series.sum():g}); give the corpus size in tokens")
    return series, int(total)


def _chi2_sf(x: np.ndarray) -> np.ndarray:
    """Upper tail of the chi-square distribution with 1 degree of freedom: ``erfc(sqrt(x / 2))``
    (equal to ``scipy.stats.chi2.sf(x, 1)``, about ten times faster)."""
    return special.erfc(np.sqrt(x / 2.0))


def _log_hypergeom(x: np.ndarray, n: int, c1: np.ndarray, n_t: int) -> np.ndarray:
    """log P(X = x) for X ~ hypergeometric(population n, c1 successes, n_t draws)."""
    def log_choose(m: np.ndarray | int, k: np.ndarray) -> np.ndarray:
        return special.gammaln(m + 1.0) - special.gammaln(k + 1.0) - special.gammaln(m - k + 1.0)

    return log_choose(c1, x) + log_choose(n - c1, n_t - x) - log_choose(n, np.asarray(n_t))


def _log_fisher_two_sided(a: np.ndarray, n_t: int, c1: np.ndarray, n: int) -> np.ndarray:
    """Natural log of the two-sided Fisher exact p of each table, vectorised over all rows.

    ``a`` follows the hypergeometric distribution ``H(n, c1, n_t)`` (population ``n`` with
    ``c1`` successes, ``n_t`` draws); p sums the probabilities of every outcome no more likely
    than the observed one (relative tolerance 1e-7), the definition used by
    ``scipy.stats.fisher_exact``. The support of all rows together has at most
    ``sum(c1) + rows`` points, so the work is linear in the corpus size; rows are processed in
    chunks to bound the memory. Summed in log space, so p-values far below 1e-308 keep their
    order.
    """
    lo = np.maximum(0, c1 - (n - n_t)).astype(np.int64)
    sizes = np.minimum(c1, n_t).astype(np.int64) - lo + 1
    observed = _log_hypergeom(a, n, c1, n_t)
    log_p = np.empty(len(a))
    # rows in chunks of about _FISHER_CHUNK support points
    ends = np.cumsum(sizes)
    cuts = np.unique(np.searchsorted(ends, np.arange(1, ends[-1] // _FISHER_CHUNK + 1)
                                     * _FISHER_CHUNK)) if len(a) else np.zeros(0, np.int64)
    for first, last in zip(np.r_[0, cuts], np.r_[cuts, len(a)], strict=True):
        if first == last:
            continue
        size = sizes[first:last]
        row = np.repeat(np.arange(last - first), size)
        x = lo[first:last][row] + np.arange(len(row)) - (np.cumsum(size) - size)[row]
        logp = _log_hypergeom(x, n, c1[first:last][row], n_t)
        # the observed outcome is always among the extreme ones, so every row has a maximum
        logp = np.where(logp <= observed[first:last][row] + _FISHER_RTOL, logp, -np.inf)
        top = np.maximum.reduceat(logp, np.cumsum(size) - size)
        total = np.bincount(row, weights=np.exp(logp - top[row]), minlength=last - first)
        log_p[first:last] = top + np.log(total)
    return np.minimum(log_p, 0.0)


def keyness(tokens: Tokens, target: Any, reference: Any = None, *, measure: Measure = "g2",
            min_count: int = 1, alpha: float = 0.05) -> RTLFrame:
    """Keywords of a target against a reference: one row per type, sorted by ``measure``.

    ``target`` is a boolean document mask (array or Series, one entry per row of
    ``tokens.docs``), a group written ``"column=value"`` (the column's values compared as text,
    e.g. ``"cat=sports"``), a ``(column, value)`` pair (compared as they are), or a ``Tokens``
    (then ``tokens`` is not used for the target). ``reference`` is None (the rest of ``tokens``,
    not possible when the target is a ``Tokens``), another selection of ``tokens`` as above, a
    ``Tokens`` (e.g. another corpus; types are matched by their text), or an external frequency
    list: a mapping / Series term -> count, or a pair ``(counts, total)`` when the list does not
    cover the whole reference corpus.

    With ``a``, ``b`` the frequencies in target and reference, ``n_t``, ``n_r`` their sizes and
    ``n = n_t + n_r``, columns:

    - ``term``; ``count_target`` = a, ``count_reference`` = b; ``expected_target = n_t (a + b) /
      n`` and ``expected_reference = n_r (a + b) / n`` (expected counts under equal relative
      frequency); ``per_million_target``, ``per_million_reference``: per-million frequencies
      (``count``, ``expected`` and ``per_million`` as in every table; the old names
      ``o_target``, ``e_target``, ``pm_target`` and their ``_reference`` twins still read the
      columns for one release, with a DeprecationWarning);
    - ``g2``: log-likelihood G2 (Dunning 1993) in the 4-term form over all four cells of the
      2x2 table (Evert 2005, via :func:`toolkit.measures.association`; equal to
      ``scipy.stats.chi2_contingency(..., lambda_="log-likelihood")``); ``p_g2`` its chi-square
      (1 df) p-value;
    - ``g2_rayson``: log-likelihood in the 2-term form of Rayson & Garside (2000), the one of
      Rayson's log-likelihood calculator (UCREL), WordSmith's "Log Likelihood (different
      corpora)" and AntConc: ``2 (a ln(a / expected_target) + b ln(b / expected_reference))``, ``0 ln 0 = 0``
      (slightly below ``g2``, which adds the two cells of the other words); ``p_g2_rayson``;
    - ``chi2`` / ``chi2_yates``: Pearson's chi-square without / with Yates' continuity
      correction, equal to ``scipy.stats.chi2_contingency(..., correction=False/True)``, and
      ``p_chi2``, ``p_chi2_yates``;
    - ``fisher_p``: two-sided Fisher exact p, equal to ``scipy.stats.fisher_exact``, computed
      for all rows at once (see ``_log_fisher_two_sided``);
    - ``log_ratio``: ``log2((a / n_t) / (b / n_r))`` with a zero frequency replaced by 0.5
      (Hardie 2014); 1 means twice as frequent in the target;
    - ``pct_diff``: %DIFF ``100 (nf_t - nf_r) / nf_r`` of the per-million frequencies
      (Gabrielatos & Marchi 2012); a term absent from the reference (``nf_r = 0``) gets ``inf``
      (Gabrielatos & Marchi divide by 1e-18 instead, which prints an arbitrary 1e+24-sized
      number; ``inf`` says what it means: infinitely more frequent in the target);
    - ``p_value``: the p-value of the chosen measure (``p_g2`` for the effect sizes log_ratio and
      pct_diff); ``bonferroni``: ``p_value < alpha / number of rows``;
    - ``direction``: ``"key"`` when ``a / n_t > b / n_r``, ``"negative"`` when lower, ``"equal"``.

    G2 and both chi-squares are signed like quanteda's ``textstat_keyness``: negative for
    negative keywords, so they agree in sign with ``log_ratio``, except for a type absent from one
    side when the corpora differ in size by a factor 2 or more (then the 0.5 that replaces its
    zero count can outweigh a count of 1 on the other side). Rows are
    sorted by the measure, largest (most key) first, negative keys last; for ``"fisher"`` by
    ``-log(p)`` signed by direction (computed in log space, so p-values that underflow to 0
    still sort by strength). ``measure`` is one of ``g2``, ``g2_rayson``, ``chi2``,
    ``chi2_yates``, ``log_ratio``, ``pct_diff``, ``fisher``, in any case or usual spelling
    (``"G2"``, ``"LL"``, ``"log-likelihood"``, ``"Log Ratio"``, ``"%DIFF"``; see
    :data:`ALIASES`). Only types with ``a + b >= min_count`` are rows.

    A group value is compared as typed and, when that selects nothing, after normalisation
    (``"poet=حافظ"`` typed with Arabic yeh selects the documents). ``tokens`` (and a ``target`` or
    ``reference`` corpus) may be anything :func:`toolkit.tokenize` accepts, tokenised under the
    rule of :mod:`toolkit.queries` (a reference with the options of the target's tokens).

    Raises ValueError for an unknown measure, when the target or reference has no tokens
    (naming the column's values), or an argument is malformed, and KeyError for an unknown
    metadata column.
    """
    (measure,) = canonical_names([measure], _MEASURES, ALIASES, "keyness measure")
    from .corpus import Corpus

    def corpus_like(value: Any) -> bool:
        return isinstance(value, Corpus) or (isinstance(value, pd.DataFrame)
                                             and "text" in value.columns)

    if corpus_like(target):
        target = as_tokens(target, "keyness")
    if not isinstance(target, Tokens):
        tokens = as_tokens(tokens, "keyness")
    if corpus_like(reference):
        reference = as_tokens(reference, "keyness", like=target if isinstance(target, Tokens)
                              else tokens)
    if isinstance(target, Tokens):
        target_counts = _counts(target)
        n_t = target.n_tokens
        if reference is None:
            raise ValueError("a Tokens target needs a reference (another Tokens, a selection of "
                             "`tokens` or a frequency list)")
    else:
        mask = _documents(tokens, target)
        target_tokens = tokens.select(mask)
        target_counts, n_t = _counts(target_tokens), target_tokens.n_tokens
        if reference is None:
            reference = ~mask
    if isinstance(reference, Tokens):
        reference_counts, n_r = _counts(reference), reference.n_tokens
    elif isinstance(reference, Mapping | pd.Series) or (
            isinstance(reference, tuple) and len(reference) == 2
            and isinstance(reference[0], Mapping | pd.Series)):
        reference_counts, n_r = _reference_list(reference)
    else:
        reference_tokens = tokens.select(_documents(tokens, reference))
        reference_counts, n_r = _counts(reference_tokens), reference_tokens.n_tokens
    if n_t == 0 or n_r == 0:
        empty, selection = ("target", target) if n_t == 0 else ("reference", reference)
        raise ValueError(f"the {empty} has no tokens; check the selection (e.g. the spelling of "
                         f"the group value){_group_values(tokens, selection)}")

    both = pd.concat([target_counts.rename("a"), reference_counts.rename("b")], axis=1)
    both = both.fillna(0.0)
    both = both[(both["a"] + both["b"]) >= max(min_count, 1)]
    a = both["a"].to_numpy(np.float64)
    b = both["b"].to_numpy(np.float64)
    n = n_t + n_r
    table = Table(a, n_t, a + b, n)
    sign = np.sign(a * n_r - b * n_t)
    scores = association(a, n_t, a + b, n, ["g2", "chi2"])
    yates = association(a, n_t, a + b, n, "chi2", yates=True)["chi2"].to_numpy()
    g2, chi2 = scores["g2"].to_numpy(), scores["chi2"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):  # Rayson & Garside (2000), 0 ln 0 = 0
        rayson = 2.0 * (np.where(a > 0, a * np.log(a / table.e11), 0.0)
                        + np.where(b > 0, b * np.log(b / table.e21), 0.0))
    log_fisher = _log_fisher_two_sided(a.astype(np.int64), n_t, (a + b).astype(np.int64), n)
    fisher_p = np.exp(log_fisher)
    log_ratio = np.log2((np.where(a > 0, a, 0.5) / n_t) / (np.where(b > 0, b, 0.5) / n_r))
    pm_t, pm_r = a / n_t * 1e6, b / n_r * 1e6
    with np.errstate(divide="ignore"):
        pct_diff = 100.0 * (pm_t - pm_r) / pm_r  # inf where the reference has none
    out = pd.DataFrame({
        "term": both.index.to_numpy(),
        "count_target": a.astype(np.int64) if np.all(a == np.round(a)) else a,
        "expected_target": table.e11,
        "count_reference": b.astype(np.int64) if np.all(b == np.round(b)) else b,
        "expected_reference": table.e21,
        "per_million_target": pm_t,
        "per_million_reference": pm_r,
        "g2": sign * g2 + 0.0,  # + 0.0 turns -0.0 into 0.0
        "p_g2": _chi2_sf(g2),
        "g2_rayson": sign * rayson + 0.0,
        "p_g2_rayson": _chi2_sf(rayson),
        "chi2": sign * chi2 + 0.0,
        "p_chi2": _chi2_sf(chi2),
        "chi2_yates": sign * yates + 0.0,
        "p_chi2_yates": _chi2_sf(yates),
        "fisher_p": fisher_p,
        "log_ratio": log_ratio,
        "pct_diff": pct_diff,
    })
    p_column = {"g2_rayson": "p_g2_rayson", "chi2": "p_chi2", "chi2_yates": "p_chi2_yates",
                "fisher": "fisher_p"}
    out["p_value"] = out[p_column.get(measure, "p_g2")]
    out["bonferroni"] = out["p_value"] < alpha / max(len(out), 1)
    out["direction"] = np.select([sign > 0, sign < 0], ["key", "negative"], "equal")
    key = sign * -log_fisher if measure == "fisher" else out[measure].to_numpy()
    order = np.lexsort((out["term"].to_numpy(dtype=str), -key))
    return rtl_frame(out.iloc[order].reset_index(drop=True), renamed=RENAMED_COLUMNS)
