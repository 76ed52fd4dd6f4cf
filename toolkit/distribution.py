"""How words are spread over a corpus: dispersion, Zipf's rank-frequency law and Heaps' law.

Dispersion is computed for all types at once from a sparse part-by-type count matrix (documents,
groups of documents or equal-sized chunks as parts); a type's statistics only visit the parts it
occurs in, the empty parts enter through closed forms.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .frequencies import doc_term_matrix
from .naming import renamed
from .queries import as_tokens, prepare_query, warn_no_match
from .tables import RTLFrame, rtl_frame
from .tokens import Tokens


def _part_matrix(tokens: Tokens, parts: str | int) -> sp.csc_matrix:
    """Counts per part (rows) and type (columns), CSC, canonical; parts without tokens dropped.
    ``parts``: the ``by`` of :func:`dispersion`."""
    if isinstance(parts, int | np.integer) and not isinstance(parts, bool):
        if parts < 1:
            raise ValueError(f"the number of parts must be at least 1, got {parts}")
        part = np.arange(len(tokens.ids), dtype=np.int64) * parts // max(len(tokens.ids), 1)
        matrix = sp.csr_matrix((np.ones(len(tokens.ids), dtype=np.int64), (part, tokens.ids)),
                               shape=(int(parts), len(tokens.vocab)))
    elif parts == "documents":
        matrix = doc_term_matrix(tokens)
    elif isinstance(parts, str) and parts in tokens.docs.columns:
        codes, values = pd.factorize(tokens.docs[parts], sort=True)
        member = codes >= 0
        indicator = sp.csr_matrix((np.ones(member.sum(), dtype=np.int64),
                                   (codes[member], np.flatnonzero(member))),
                                  shape=(len(values), len(tokens)))
        matrix = sp.csr_matrix(indicator @ doc_term_matrix(tokens))
    else:
        raise ValueError(f"by must be 'documents', a metadata column "
                         f"({', '.join(map(str, tokens.docs.columns))}) or a number of "
                         f"equal-sized parts, got {parts!r}")
    sizes = np.asarray(matrix.sum(axis=1)).reshape(-1)
    matrix = sp.csc_matrix(matrix[sizes > 0])
    matrix.sum_duplicates()
    return matrix


@renamed(parts="by")
def dispersion(tokens: Tokens, terms: Sequence[str] | None = None,
               by: str | int = "documents") -> RTLFrame:
    """Dispersion of each type over the parts of the corpus (Gries 2008's corpus parts).

    ``by`` says what a part is, as ``by`` groups documents in every verb: ``"documents"`` (each
    document a part), a metadata column (its values group the documents; documents with a
    missing value are left out) or an int ``k`` (the token stream cut into ``k`` consecutive
    parts of equal size, +-1 token); ``parts=`` is its old name, deprecated. Parts without tokens are dropped; ``n``
    is the number of remaining parts. For a type with frequency ``f``, ``v_i`` its frequency in
    part ``i``, ``s_i`` the share of the corpus tokens in part ``i`` and ``p_i = v_i / size_i`` its
    relative frequency there, columns:

    - ``term``, ``count`` (= f);
    - ``range``: share of the ``n`` parts that contain the type (0..1);
    - ``juilland_d``: Juilland's D ``1 - (sd(p) / mean(p)) / sqrt(n - 1)`` with the population
      standard deviation of the relative frequencies ``p_i`` (Juilland & Chang-Rodríguez 1964, as
      given by Gries 2008, which uses ``p_i`` so unequal parts are handled); 1 = perfectly even,
      0 = all in one part; NaN when ``n = 1``;
    - ``dp``: Gries' deviation of proportions ``0.5 * sum_i |v_i / f - s_i|`` (Gries 2008);
      0 = spread exactly like the corpus, near 1 = concentrated;
    - ``dp_norm``: ``dp / (1 - min_i s_i)`` in 0..1 (Lijffijt & Gries 2012 correction).

    ``terms``: the types to report, in that order, each prepared like the tokens (``كتاب`` is
    reported as ``کتاب``, see :mod:`toolkit.queries`); a term that does not occur gets count 0,
    NaN measures and a :class:`~toolkit.queries.NoMatchWarning`. Default: every occurring type,
    by count descending then term. The number of parts is in ``attrs["n_parts"]``. Raises
    ValueError for a bad ``by``.
    """
    tokens = as_tokens(tokens, "dispersion")
    matrix = _part_matrix(tokens, by)
    n_parts = matrix.shape[0]
    part_sizes = np.asarray(matrix.sum(axis=1)).reshape(-1).astype(np.float64)
    shares = part_sizes / part_sizes.sum() if n_parts else part_sizes
    total = np.asarray(matrix.sum(axis=0)).reshape(-1).astype(np.float64)
    if terms is None:
        ids = np.flatnonzero(total)
        ids = ids[np.lexsort((tokens.vocab[ids].astype(str), -total[ids]))]
        names = tokens.vocab[ids]
    else:
        asked = [terms] if isinstance(terms, str) else list(terms)
        names = np.asarray([prepare_query(tokens, t) for t in asked], dtype=object)
        found = [tokens.match(t, "fixed") for t in names]
        for term, name, tid in zip(asked, names, found, strict=True):
            if not len(tid) or not total[tid[0]]:
                warn_no_match("dispersion", term, name)
        ids = np.array([i[0] if len(i) else -1 for i in found], dtype=np.int64)

    # per non-zero cell: its type (column), part (row) and count
    column = np.repeat(np.arange(matrix.shape[1]), np.diff(matrix.indptr))
    part, count = matrix.indices, matrix.data.astype(np.float64)
    rel = count / part_sizes[part]
    width = matrix.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        in_parts = np.bincount(column, minlength=width)
        mean = np.bincount(column, weights=rel, minlength=width) / n_parts
        # two-pass population variance (the parts with the type, then the empty parts, each
        # mean**2 away): E[p**2] - mean**2 cancels to ~1e-17 for an even spread, whose square
        # root left D = 0.99999999 on one stack and 1 on the other
        var = (np.bincount(column, weights=(rel - mean[column]) ** 2, minlength=width)
               + (n_parts - in_parts) * mean**2) / n_parts
        # clipped to [0, 1]: rounding can leave -2e-16 for a type in a single part
        d = np.clip(1.0 - np.sqrt(np.maximum(var, 0.0)) / mean / np.sqrt(n_parts - 1.0), 0.0, 1.0)
        # sum over all parts of |v_i/f - s_i| = (cells with the type) + shares of the others
        gap = np.bincount(column, weights=np.abs(count / total[column] - shares[part]),
                          minlength=width)
        seen = np.bincount(column, weights=shares[part], minlength=width)
        dp = 0.5 * (gap + 1.0 - seen)
        dp_norm = dp / (1.0 - shares.min()) if n_parts else dp
    if n_parts < 2:
        d = np.full(width, np.nan)

    def pick(values: np.ndarray, fill: float) -> np.ndarray:
        return np.where(ids >= 0, values[np.maximum(ids, 0)], fill) if width else \
            np.full(len(ids), fill)

    counts = pick(total, 0.0)
    absent = counts == 0
    table = pd.DataFrame({
        "term": names,
        "count": counts.astype(np.int64),
        "range": pick(in_parts / max(n_parts, 1), 0.0),
        "juilland_d": np.where(absent, np.nan, pick(d, np.nan)),
        "dp": np.where(absent, np.nan, pick(dp, np.nan)),
        "dp_norm": np.where(absent, np.nan, pick(dp_norm, np.nan)),
    })
    table.attrs["n_parts"] = n_parts
    return rtl_frame(table)


def zipf(tokens: Tokens) -> RTLFrame:
    """Rank-frequency table with the fitted Zipf line (Zipf 1935/1949).

    One row per occurring type: ``rank`` (1-based, ordinal: ties broken by term, so ranks are
    1..V as on a Zipf plot), ``term``, ``count``, ``frequency`` (count / tokens) and ``fitted``,
    the count predicted by the least-squares line ``log10(count) = intercept + slope *
    log10(rank)`` fitted over all types. ``attrs``: ``slope`` (about -1 for natural text;
    Zipf's exponent is ``-slope``), ``intercept`` and ``r2`` (coefficient of determination in
    log-log space). Fewer than two types leave the fit NaN.
    """
    tokens = as_tokens(tokens, "zipf")
    counts = tokens.type_counts()
    ids = np.flatnonzero(counts)
    ids = ids[np.lexsort((tokens.vocab[ids].astype(str), -counts[ids]))]
    count = counts[ids]
    rank = np.arange(1, len(ids) + 1)
    x, y = np.log10(rank), np.log10(np.maximum(count, 1))
    if len(ids) >= 2:
        slope, intercept = np.polyfit(x, y, 1)
        residual = y - (intercept + slope * x)
        spread = ((y - y.mean()) ** 2).sum()
        r2 = 1.0 - (residual**2).sum() / spread if spread > 0 else np.nan
    else:
        slope = intercept = r2 = np.nan
    table = pd.DataFrame({
        "rank": rank,
        "term": tokens.vocab[ids],
        "count": count,
        "frequency": count / max(tokens.n_tokens, 1),
        "fitted": 10.0 ** (intercept + slope * x),
    })
    table.attrs.update(slope=float(slope), intercept=float(intercept), r2=float(r2))
    return rtl_frame(table)


def vocabulary_growth(tokens: Tokens, points: int = 100) -> RTLFrame:
    """Vocabulary growth (type-token) curve with the fitted Heaps law ``types = K * tokens**beta``.

    The corpus is read in order (documents one after the other); at ``points`` token counts evenly
    spaced from 1 to the corpus size (always including the end) the number of types seen so far
    is recorded. Columns ``tokens``, ``types`` and ``fitted`` (``K * tokens**beta``); ``attrs``:
    ``K`` and ``beta`` from the least-squares line ``log types = log K + beta log tokens`` over the
    recorded points (Heaps 1978; Herdan 1960). beta is typically 0.4-0.7. An empty corpus gives
    an empty table with NaN ``K`` and ``beta``.
    """
    tokens = as_tokens(tokens, "vocabulary_growth")
    n = tokens.n_tokens
    marks = np.unique(np.linspace(1, n, num=max(int(points), 2)).astype(np.int64)) if n else \
        np.zeros(0, dtype=np.int64)
    _, first = np.unique(tokens.ids, return_index=True)
    types = np.searchsorted(np.sort(first), marks, side="left")
    if len(marks) >= 2:
        beta, log_k = np.polyfit(np.log(marks), np.log(types), 1)
        k = float(np.exp(log_k))
    else:
        beta, k = np.nan, np.nan
    table = pd.DataFrame({"tokens": marks, "types": types.astype(np.int64),
                          "fitted": k * marks.astype(np.float64) ** beta})
    table.attrs.update(K=k, beta=float(beta))
    return rtl_frame(table)
