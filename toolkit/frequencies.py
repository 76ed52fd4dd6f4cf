"""Word and n-gram frequency lists, clusters and tf-idf, counted on the integer ids of `Tokens`.

Everything here works on ``Tokens.ids`` with numpy and scipy.sparse (``np.bincount``, a CSR
document-term matrix built straight from ``doc_offsets``), never on strings, so a frequency list
of a 600 k-token corpus costs less than a ``collections.Counter`` pass over its token lists
(``bench/bench_frequency.py``).

N-grams are contiguous token sequences inside one sentence: they never cross a sentence or a
document boundary (the trap NLTK fell into in its issue 1033), and they are written as their
tokens joined by a single space.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .naming import renamed
from .queries import as_tokens, match_query
from .registry import implementation
from .tables import RTLFrame, rtl_frame
from .tokens import Tokens

MAX_NGRAM = 5


def doc_term_matrix(tokens: Tokens) -> sp.csr_matrix:
    """Token counts per document: CSR int64 matrix of shape (n_docs, len(vocab)).

    Row ``d`` is document ``d`` (row of ``tokens.docs``), column ``i`` the type ``vocab[i]``; built
    directly from ``doc_offsets`` (no sorting of the corpus), duplicates summed. ``tokens`` is
    not modified.
    """
    data = np.ones(len(tokens.ids), dtype=np.int64)
    # copies: sum_duplicates sorts the index arrays in place, which must not touch ``tokens``
    matrix = sp.csr_matrix((data, tokens.ids.copy(), tokens.doc_offsets.copy()),
                           shape=(len(tokens), len(tokens.vocab)))
    matrix.sum_duplicates()
    return matrix


def _ngram_tokens(tokens: Tokens, n: int) -> tuple[Tokens, np.ndarray]:
    """The n-gram ``Tokens`` and, for each n-gram type, its n word ids (int64, shape (types, n))."""
    if not 1 <= n <= MAX_NGRAM:
        raise ValueError(f"n-gram length must be between 1 and {MAX_NGRAM}, got {n}")
    if n == 1:
        return tokens, np.arange(len(tokens.vocab), dtype=np.int64)[:, None]
    sent_end = np.repeat(tokens.sent_offsets[1:], np.diff(tokens.sent_offsets))
    starts = np.flatnonzero(np.arange(len(tokens.ids)) + n <= sent_end)
    n_vocab = len(tokens.vocab)
    code = tokens.ids[starts].astype(np.int64)
    parts = np.arange(n_vocab, dtype=np.int64)[:, None]
    for k in range(1, n):
        # codes < number of tokens and ids < n_vocab, so the key fits int64; factorize hashes
        code, uniq = pd.factorize(code * n_vocab + tokens.ids[starts + k])
        parts = np.column_stack([parts[uniq // n_vocab], uniq % n_vocab])
    names = tokens.vocab[parts[:, 0]]
    for k in range(1, n):
        names = names + " " + tokens.vocab[parts[:, k]]
    sent = np.unique(np.searchsorted(starts, tokens.sent_offsets))
    grams = Tokens(code.astype(np.int32), names, np.searchsorted(starts, tokens.doc_offsets),
                   sent, tokens.docs, {**tokens.options, "ngram": n})
    return grams, parts


def ngrams(tokens: Tokens, n: int) -> Tokens:
    """The corpus as n-grams, n = 1..5: a ``Tokens`` whose types are n-grams.

    Each n-gram token stands for ``n`` consecutive word tokens of one sentence; its type is the
    words joined by one space (``"بانک مرکزی"``). A sentence of ``L`` tokens gives ``max(L - n + 1,
    0)`` n-grams, none crosses a sentence or document boundary. Documents, their metadata and the
    sentence structure are kept, so every counting function (``frequency``, ``dispersion``,
    ``keyness``, ``tfidf``) works on n-grams too. ``n = 1`` returns ``tokens`` itself.
    Raises ValueError for n outside 1..5. Like every verb, takes Tokens or tokenises what
    :func:`toolkit.tokenize` accepts (see :mod:`toolkit.queries`).
    """
    return _ngram_tokens(as_tokens(tokens, "ngrams"), n)[0]


def _group_codes(tokens: Tokens, by: str | None) -> tuple[np.ndarray, pd.Index]:
    """Group number of every document (-1: missing value, left out) and the group values."""
    if by is None:
        return np.zeros(len(tokens), dtype=np.int64), pd.Index([None])
    if by not in tokens.docs.columns:
        raise KeyError(f"no metadata column {by!r}; the documents have "
                       f"{', '.join(map(str, tokens.docs.columns))}")
    codes, values = pd.factorize(tokens.docs[by], sort=True)
    return codes.astype(np.int64), pd.Index(values)


def _run_starts(values: np.ndarray) -> np.ndarray:
    """True where a run of equal consecutive values starts (bool array like ``values``)."""
    flags = np.ones(len(values), dtype=bool)
    flags[1:] = values[1:] != values[:-1]
    return flags


class _Counted(NamedTuple):
    """Unpruned counts of the types of some units, one row per (group, type): group numbers
    (into ``values``), type ids, counts and document frequencies; and per group its word tokens
    and documents."""

    group: np.ndarray
    term: np.ndarray
    count: np.ndarray
    doc_freq: np.ndarray
    values: pd.Index
    group_tokens: np.ndarray
    group_docs: np.ndarray


def _count(units: Tokens, words: Tokens, by: str | None) -> _Counted:
    """Counts of the types of ``units`` per group; word tokens per group from ``words``."""
    codes, values = _group_codes(units, by)
    n_groups = len(values)
    # Rows = documents ordered by group; the CSC transpose is a linear counting sort that lists,
    # for every type, its tokens' documents in that order (duplicates kept), so each run of
    # equal (type, group) is one row of the table.
    docs = np.argsort(codes, kind="stable")
    docs = docs[codes[docs] >= 0]
    tokens_by_doc = sp.csr_matrix((np.ones(len(units.ids), dtype=np.int8), units.ids.copy(),
                                   units.doc_offsets.copy()),
                                  shape=(len(units), len(units.vocab)))
    by_type = tokens_by_doc[docs].tocsc()
    term = np.repeat(np.arange(len(units.vocab)), np.diff(by_type.indptr))
    doc = by_type.indices
    group = codes[docs][doc]
    new_term = _run_starts(term)
    new_doc = new_term | _run_starts(doc)
    starts = np.flatnonzero(new_term | _run_starts(group))
    count = np.diff(np.r_[starts, len(term)])
    in_docs = np.add.reduceat(new_doc, starts) if len(starts) else count
    group_tokens = np.bincount(codes[docs], weights=np.diff(words.doc_offsets)[docs],
                               minlength=n_groups)
    group_docs = np.bincount(codes[docs], minlength=n_groups)
    return _Counted(group[starts], term[starts], count.astype(np.int64),
                    in_docs.astype(np.int64), values, group_tokens.astype(np.int64),
                    group_docs.astype(np.int64))


def _finish(counted: _Counted, terms: np.ndarray, by: str | None, min_count: int,
            top: int | None, keep: np.ndarray | None = None) -> RTLFrame:
    """The frequency table of some counts: the one finisher of the local, streaming and Dask
    paths (:func:`frequency`, :func:`frequency_table`).

    ``terms`` names the type ids of ``counted.term``; ``keep`` (bool per type id) restricts the
    rows to some types. ``per_million`` = count / word tokens of the group x 10^6, ``range`` =
    doc_freq / documents of the group, ``rank`` 1-based competition ('min') ranking by count;
    rows ordered by group, count descending, term (code points); ``min_count`` drops rarer rows,
    ``top`` keeps the first rows of each group.
    """
    group, term, count, in_docs = counted.group, counted.term, counted.count, counted.doc_freq
    rows = count >= min_count
    if keep is not None:
        rows &= keep[term]
    group, term, count, in_docs = group[rows], term[rows], count[rows], in_docs[rows]
    order = np.lexsort((terms[term].astype(str), -count, group))
    group, term, count, in_docs = group[order], term[order], count[order], in_docs[order]
    # competition ("min") rank: 1 + number of rows of the group with a higher count
    first = np.flatnonzero(_run_starts(group) | _run_starts(count))
    group_first = np.flatnonzero(_run_starts(group))
    position = np.arange(len(group))
    rank = (np.repeat(first, np.diff(np.r_[first, len(group)]))
            - np.repeat(group_first, np.diff(np.r_[group_first, len(group)])) + 1)
    table = pd.DataFrame({
        "group": group,
        "term": terms[term],
        "count": count.astype(np.int64),
        "per_million": count / counted.group_tokens[group].astype(np.float64) * 1e6,
        "rank": rank.astype(np.int64),
        "doc_freq": in_docs.astype(np.int64),
        "range": in_docs / counted.group_docs[group].astype(np.float64),
    })
    if top is not None:
        within = position - np.repeat(group_first, np.diff(np.r_[group_first, len(group)]))
        table = table[within < top].reset_index(drop=True)
    if by is None:
        table = table.drop(columns="group")
    else:
        table["group"] = counted.values.take(table["group"].to_numpy())
        table = table.rename(columns={"group": by})
    return rtl_frame(table)


def _frequency_table(units: Tokens, words: Tokens, by: str | None, min_count: int,
                     top: int | None, keep: np.ndarray | None = None) -> RTLFrame:
    """Frequency list of the types of ``units``; per-million relative to the tokens of ``words``.

    ``keep`` (bool per type of ``units``) restricts the rows to some types.
    """
    return _finish(_count(units, words, by), units.vocab, by, min_count, top, keep)


@dataclass(frozen=True)
class FrequencyCounts:
    """Partial frequency counts of some documents, mergeable with :func:`merge_frequency`.

    ``table``: one row per (group, type) with ``group``, ``term``, ``count`` and ``doc_freq``;
    ``group_tokens`` / ``group_docs``: word tokens and documents of each group (Series indexed by
    group value; documents without a group value are left out, as in :func:`frequency`).
    Without ``by`` there is one group, ``0``. ``by`` and ``ngram`` record how it was counted.
    The streaming and Dask engines count chunks or partitions into these and merge them.
    """

    table: pd.DataFrame
    group_tokens: pd.Series
    group_docs: pd.Series
    by: str | None = None
    ngram: int = 1


def count_frequency(tokens: Tokens, *, by: str | None = None, ngram: int = 1) -> FrequencyCounts:
    """Partial counts of ``tokens`` (counted as :func:`frequency` counts, nothing pruned)."""
    units = ngrams(tokens, ngram)
    counted = _count(units, tokens, by)
    values = pd.Index([0]) if by is None else counted.values
    table = pd.DataFrame({"group": values.take(counted.group), "term": units.vocab[counted.term],
                          "count": counted.count, "doc_freq": counted.doc_freq})
    return FrequencyCounts(table, pd.Series(counted.group_tokens, index=values),
                           pd.Series(counted.group_docs, index=values), by, ngram)


def merge_frequency(parts: Iterable[FrequencyCounts]) -> FrequencyCounts:
    """Sum partial counts (of disjoint sets of documents) into one :class:`FrequencyCounts`.

    Raises ValueError when the parts were counted with different ``by`` or ``ngram``, or when
    there is no part.
    """
    parts = list(parts)
    if not parts:
        raise ValueError("nothing to merge: no partial counts were given (is the corpus empty?)")
    settings = {(p.by, p.ngram) for p in parts}
    if len(settings) > 1:
        raise ValueError(f"partial counts made with different (by, ngram) settings: {settings}")
    if len(parts) == 1:
        return parts[0]
    table = (pd.concat([p.table for p in parts], ignore_index=True)
             .groupby(["group", "term"], sort=False, as_index=False)[["count", "doc_freq"]].sum())

    def add(series: list[pd.Series]) -> pd.Series:
        return pd.concat(series).groupby(level=0).sum().astype(np.int64)

    return FrequencyCounts(table, add([p.group_tokens for p in parts]),
                           add([p.group_docs for p in parts]), parts[0].by, parts[0].ngram)


def frequency_table(counts: FrequencyCounts, *, min_count: int = 1,
                    top: int | None = None) -> RTLFrame:
    """The :func:`frequency` table of merged counts: same columns, order and ranks (the same
    finisher as the local path)."""
    codes, values = pd.factorize(counts.table["group"], sort=True)
    terms, term = counts.table["term"].to_numpy(), np.arange(len(counts.table))
    counted = _Counted(codes.astype(np.int64), term,
                       counts.table["count"].to_numpy(np.int64),
                       counts.table["doc_freq"].to_numpy(np.int64), pd.Index(values),
                       counts.group_tokens.reindex(values).to_numpy(np.int64),
                       counts.group_docs.reindex(values).to_numpy(np.int64))
    return _finish(counted, terms, counts.by, min_count, top)


@renamed(ngram="n")
def frequency(tokens: Tokens, *, by: str | None = None, n: int = 1, min_count: int = 1,
              top: int | None = None, engine: str = "local") -> RTLFrame:
    """Frequency list of words (or n-grams), optionally one block per group of documents.

    Returns a tidy :class:`~toolkit.tables.RTLFrame`, one row per type (per group), columns:

    - ``term``: the type; an n-gram is its words joined by one space (see :func:`ngrams`);
    - ``count``: number of occurrences (of the group); the counts of a group sum to its number
      of tokens (n-gram tokens for ``n > 1``) when ``min_count=1`` and ``top=None``;
    - ``per_million``: ``count / tokens * 10**6``, where ``tokens`` is the number of *word*
      tokens of the group (also for n-grams, so a bigram and its words share one scale);
    - ``rank``: 1-based competition ranking by count ("min" ties: counts 9, 7, 7, 5 get ranks
      1, 2, 2, 4); rows are ordered by count descending, then term (code-point order);
    - ``doc_freq``: number of documents (of the group) containing the type;
    - ``range``: ``doc_freq`` divided by the number of documents of the group (0..1).

    ``by`` names a metadata column of ``tokens.docs`` (``"cat"``, a date period, ...): the
    table then starts with that column and has one block per group value, groups sorted;
    documents whose value is missing are left out, and a group without tokens has no rows.
    ``n`` (1..5, the n-gram length as in :func:`ngrams`, :func:`clusters` and
    :func:`~toolkit.cooccurrences.collocations`; ``ngram=`` is its old name, deprecated) counts
    n-grams inside sentences; ``min_count`` drops rarer types (default 1: every type that occurs,
    as in every counting verb); ``top`` keeps the first ``top`` rows of each group (quanteda's
    ``textstat_frequency(n=)``). ``engine="dask"`` counts on the current
    Dask cluster (:mod:`toolkit.dask_engine`, found through :mod:`toolkit.registry`), with the same result. Raises KeyError for an
    unknown column and ValueError for an n-gram length outside 1..5 or an unknown engine.
    """
    elsewhere = implementation("frequency", engine)
    if elsewhere is not None:
        return elsewhere(tokens, by=by, n=n, min_count=min_count, top=top)
    tokens = as_tokens(tokens, "frequency")
    units = ngrams(tokens, n)
    return _frequency_table(units, tokens, by, min_count, top)


@renamed(node="pattern")
def clusters(tokens: Tokens, pattern: str, n: int,
             position: Literal["left", "right", "any"] = "left", *, by: str | None = None,
             min_count: int = 1, top: int | None = None) -> RTLFrame:
    """Clusters (lexical bundles) of ``n`` words that contain the node, as in AntConc: a word
    or glob ``pattern`` (``node=`` is its old name, deprecated).

    ``position`` says where the node sits, in reading (logical) order as in AntConc: ``"left"``
    the cluster starts with the node (it continues with the words that follow it, which a
    right-to-left page shows to the node's left), ``"right"`` the cluster ends with the node,
    ``"any"`` anywhere. Clusters are n-grams, so they never cross a sentence boundary. Returns
    the columns of :func:`frequency` (``per_million`` against the word tokens). ``pattern`` (a
    word or a glob pattern such as ``بانک*``) is prepared like the tokens (``كتاب`` finds ``کتاب``, see
    :mod:`toolkit.queries`) and matched by ``Tokens.match``; a node that
    does not occur gives an empty table and a :class:`~toolkit.queries.NoMatchWarning`. Raises
    ValueError for a bad ``n`` or ``position``.
    """
    tokens = as_tokens(tokens, "clusters")
    if n < 2:
        raise ValueError(f"a cluster has at least 2 words, got n={n}")
    if position not in ("left", "right", "any"):
        raise ValueError(f"position must be 'left', 'right' or 'any', got {position!r}")
    units, parts = _ngram_tokens(tokens, n)
    nodes = match_query(tokens, "clusters", pattern)
    if position == "left":
        keep = np.isin(parts[:, 0], nodes)
    elif position == "right":
        keep = np.isin(parts[:, -1], nodes)
    else:
        keep = np.isin(parts, nodes).any(axis=1)
    return _frequency_table(units, tokens, by, min_count, top, keep)


class TfIdf(NamedTuple):
    """A weighted document-term matrix: ``matrix`` (CSR float64, documents x terms, rows in the
    order of ``tokens.docs``) and ``terms`` (the column labels, str array)."""

    matrix: sp.csr_matrix
    terms: np.ndarray


def tfidf(tokens: Tokens, *, tf: Literal["raw", "log", "prop"] = "raw",
          idf: Literal["smooth", "standard", "none"] = "smooth", norm: Literal["l2"] | None = "l2",
          min_df: int = 1) -> TfIdf:
    """tf-idf weighted document-term matrix (Salton & Buckley 1988), sparse.

    Weight of term ``t`` in document ``d`` is ``tf(t, d) * idf(t)``, then each row is scaled to
    unit Euclidean length when ``norm="l2"``. ``N`` is the number of documents, ``df(t)`` the
    number containing ``t``, ``c(t, d)`` the count.

    - ``tf="raw"``: ``c(t, d)``; ``"log"``: ``1 + ln c(t, d)`` for ``c > 0`` (sublinear tf,
      Manning, Raghavan & Schütze 2008, eq. 6.13); ``"prop"``: ``c(t, d) / len(d)``.
    - ``idf="smooth"``: ``ln((1 + N) / (1 + df)) + 1``, scikit-learn's ``TfidfVectorizer``
      default (``smooth_idf=True``), so the defaults reproduce it; ``"standard"``:
      ``ln(N / df)`` (Spärck Jones 1972), 0 for a term in every document; ``"none"``: 1.

    Only terms with ``df >= min_df`` (and at least one occurrence) become columns, in vocabulary
    order. Works on n-grams too (``tfidf(ngrams(tokens, 2))``).
    """
    tokens = as_tokens(tokens, "tfidf")
    counts = doc_term_matrix(tokens).astype(np.float64)
    doc_freq = np.bincount(counts.indices, minlength=counts.shape[1])
    columns = np.flatnonzero(doc_freq >= max(min_df, 1))
    counts = counts[:, columns]
    doc_freq = doc_freq[columns]
    n_docs = counts.shape[0]
    if tf == "log":
        counts.data = 1.0 + np.log(counts.data)
    elif tf == "prop":
        lengths = np.diff(tokens.doc_offsets).astype(np.float64)
        counts = sp.csr_matrix(sp.diags(np.divide(1.0, lengths, out=np.zeros_like(lengths),
                                                  where=lengths > 0)) @ counts)
    elif tf != "raw":
        raise ValueError(f"tf must be 'raw', 'log' or 'prop', got {tf!r}")
    if idf == "smooth":
        weights = np.log((1.0 + n_docs) / (1.0 + doc_freq)) + 1.0
    elif idf == "standard":
        weights = np.log(n_docs / doc_freq)
    elif idf == "none":
        weights = np.ones(len(columns))
    else:
        raise ValueError(f"idf must be 'smooth', 'standard' or 'none', got {idf!r}")
    matrix = sp.csr_matrix(counts @ sp.diags(weights))
    if norm == "l2":
        lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).reshape(-1))
        matrix = sp.csr_matrix(sp.diags(np.divide(1.0, lengths, out=np.zeros_like(lengths),
                                                  where=lengths > 0)) @ matrix)
    elif norm is not None:
        raise ValueError(f"norm must be 'l2' or None, got {norm!r}")
    return TfIdf(matrix, tokens.vocab[columns].astype(str))
