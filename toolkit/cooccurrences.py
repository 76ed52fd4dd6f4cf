"""Co-occurrence and collocation: sparse window counts, collocates (AntConc style) and n-grams.

Everything is vectorised over :class:`toolkit.tokens.Tokens` ids: for each distance ``k`` the
tokens at positions ``i`` and ``i + k`` are paired in one numpy pass, and the pairs are counted by
a sort into a ``scipy.sparse`` CSR matrix (in batches), so memory grows with the number of
distinct pairs, not with the number of co-occurrence events.

**Span.** ``span=4`` pairs a token with the 4 tokens on each side of it (distances 1..4),
AntConc's and #LancsBox's span L4-R4 and quanteda's ``fcm(x, context="window", window=4)``;
:func:`collocates` takes the same ``span=(left, right)`` for one node, and
``collocates(node, span=(4, 4))`` counts what ``cooccurrence(span=4)`` counts for that node.
``window`` means tokens on each side of the node in every verb (:func:`toolkit.kwic`,
:func:`toolkit.explore`); the old ``cooccurrence(window=5)``, a *span of 5 tokens* as NLTK's
``BigramCollocationFinder.from_words(words, window_size=5)``, is ``span=4`` and still accepted
for one release with a DeprecationWarning. Below, ``window`` is that NLTK window size, ``span +
1``, which the :class:`Cooccurrence` attribute ``window`` keeps. A span never crosses a
document; with ``unit="sentence"`` or ``"document"`` every pair of tokens in the same sentence
or document co-occurs (the whole unit is the context), and ``span`` is not used.

**What one count is.** A count is a number of *position pairs*, never of units:

- ``ordered=True``, ``unit="window"``: ``matrix[w1, w2]`` = number of position pairs (i, j)
  with ``w1`` at i, ``w2`` at j and ``0 < j - i < window`` (NLTK's ``ngram_fd`` with
  ``window_size=window``; quanteda's ``fcm(..., window=window - 1, ordered=TRUE)``).
- ``ordered=False``, ``unit="window"``: ``matrix[w1, w2]`` = position pairs with ``w1`` and
  ``w2`` at most ``window - 1`` apart, in either order: ``ordered + ordered.T``, symmetric
  (AntConc's collocate "Freq"; quanteda's ``fcm(..., window=window - 1, ordered=FALSE)``).
  **Self-pairs:** a pair of two positions of the same word is seen from both of its tokens, so
  it counts 2 on the diagonal (quanteda's convention: ``گل باغ گل باغ گل`` with ``window=3``
  has two ``گل``/``گل`` position pairs and reads 4).
- ``weights``: each position pair adds the weight of its distance instead of 1 (quanteda's
  ``count="weighted", weights=...``).
- ``unit="sentence"`` / ``"document"``: as the window counts, with every pair of positions in
  the same sentence / document (ordered: ``w1`` earlier; unordered: both orders, a self-pair
  counting 2). A word twice in a unit with another word once gives that pair 2 (unordered), not 1.

**Scores.** :meth:`Cooccurrence.scores` and :func:`collocates` score each pair on the 2x2
table of :mod:`toolkit.measures`. By default (``table="reference"``) the table is the one of the
reference tools: O11 = the count, f_x and f_y = corpus frequencies of the two words in the token
stream counted, N = its number of tokens, and the span S = token slots searched around a w1
token (``window - 1`` ordered, ``2 (window - 1)`` unordered, the sum of the weights (twice,
unordered) when weighted, ``left + right`` for :func:`collocates`), so ``E11 = f_x f_y S / N``
(#LancsBox, Brezina et al. 2015) and logDice is Rychlý's (2008) ``14 + log2(2 O11 / (f_x +
f_y))``, as in Sketch Engine. For sentence and document units, where no tool defines a span, S is
the mean number of context tokens per token (events / N). ``table="nltk"`` gives NLTK's
``BigramCollocationFinder(window_size=window).score_ngram`` values (ordered window counts only),
``table="sketchengine"`` leaves the span out of E11 as Sketch Engine and WordSmith do, and
``table="events"`` is this toolkit's own table over co-occurrence events (see
:mod:`toolkit.measures`). Marginals and ``N`` are computed from all tokens before ``min_count``
or ``vocabulary`` prune pairs, so pruning never changes a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from tqdm.auto import tqdm

from .measures import association, measure_names
from .naming import renamed, warn_old_meaning
from .parallel import id_map, vocab_array
from .queries import as_tokens, match_query
from .registry import implementation
from .tables import RTLFrame, rtl_frame
from .tokens import Tokens

_UNITS = ("window", "sentence", "document")
#: Old names of the :func:`collocates` columns (one vocabulary: ``count`` as in every table),
#: readable for one release with a DeprecationWarning.
RENAMED_COLUMNS = {"freq_left": "count_left", "freq_right": "count_right", "total": "count",
                   "collocate_freq": "collocate_count"}
#: The 2x2 tables :meth:`Cooccurrence.scores` and :func:`collocates` can score on.
TABLES = ("reference", "sketchengine", "nltk", "events")
#: pairs buffered (after remapping) before :class:`CooccurrenceSum` sums them into its matrix
_PAIR_BUFFER = 2_000_000
_FLUSH = 20_000_000  # pair events buffered before they are summed into the sparse matrix
_PROGRESS_MIN_DISTANCES = 200  # a progress bar for sentence/document units with long units
_FAST_SORT = np.lib.NumpyVersion(np.__version__) >= "2.0.0"


def _reach(tokens: Tokens, unit: str, window: int | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
    """How many tokens each token may pair with to its left and to its right (int64 arrays):
    up to the edge of its sentence (``unit="sentence"``) or document (any other unit), and at
    most ``window - 1`` when a window is given."""
    offsets = tokens.sent_offsets if unit == "sentence" else tokens.doc_offsets
    lengths = np.diff(offsets)
    start, end = np.repeat(offsets[:-1], lengths), np.repeat(offsets[1:], lengths)
    pos = np.arange(tokens.n_tokens, dtype=np.int64)
    left, right = pos - start, end - 1 - pos
    if window is not None:
        left, right = np.minimum(left, window - 1), np.minimum(right, window - 1)
    return left, right


def _distance_weights(weights: Sequence[float] | None, window: int, unit: str) -> np.ndarray | None:
    if weights is None:
        return None
    if unit != "window":
        raise ValueError(f"weights apply to unit='window' only, not unit={unit!r}")
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (window - 1,) or np.any(w < 0):
        raise ValueError(f"weights needs {window - 1} non-negative numbers, one per distance "
                         f"1..{window - 1} (span={window - 1}); got {w.tolist()}")
    return w


def _pairs(right: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """For k = 1, 2, ...: the distance k and the positions i that pair with i + k."""
    cand = np.flatnonzero(right >= 1)
    k = 1
    while len(cand):
        yield k, cand
        k += 1
        cand = cand[right[cand] >= k]


def _key_type(size: int) -> type:
    return np.uint32 if size * size <= 2**32 else np.int64


def _count_keys(keys: np.ndarray, size: int, weight: float | None) -> sparse.csr_matrix:
    """``size`` x ``size`` CSR matrix counting the pair keys ``row * size + col`` (sorted here,
    in place), times ``weight``: equal keys are adjacent after one sort, and their runs give the
    counts and the CSR arrays directly."""
    keys.sort()
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    counts = np.diff(np.append(starts, len(keys)))
    r, c = np.divmod(keys[starts], keys.dtype.type(size))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(r, minlength=size))])
    matrix = sparse.csr_matrix((counts.astype(np.int64), c.astype(np.int64), indptr),
                               shape=(size, size))
    return matrix if weight is None else matrix * float(weight)


#: vocabularies up to this size have 16-bit ids, which numpy sorts by radix (:func:`_count_small`)
_SMALL = 2**16


def _count_small(rows: np.ndarray, cols: np.ndarray, size: int) -> sparse.csr_matrix:
    """``size`` x ``size`` CSR matrix counting the pairs (rows[i], cols[i]) of 16-bit ids
    (``size`` <= :data:`_SMALL`): a stable argsort by column (numpy sorts 16-bit integers by
    radix, in linear time) lists them in column order for :func:`_count_in_column_order`."""
    cols = cols.astype(np.uint16, copy=False)
    by_col = np.argsort(cols, kind="stable")
    return _count_in_column_order(rows.astype(np.uint16, copy=False)[by_col],
                                  np.bincount(cols, minlength=size), size)


def _count_in_column_order(rows: np.ndarray, col_counts: np.ndarray,
                           size: int) -> sparse.csr_matrix:
    """``size`` x ``size`` CSR matrix (int64 counts, canonical) of pairs listed in column
    order: ``rows`` holds the rows of the pairs of column 0, then those of column 1, ...,
    ``col_counts[c]`` of them for column c (fewer than 2**31 pairs).

    That list is a CSC matrix of ones as it stands; scipy's CSC -> CSR conversion (a counting
    sort by row, in C++) visits the columns in order, so each row's columns come out sorted and
    equal pairs adjacent, and ``sum_duplicates`` adds them in one linear pass (no comparison
    sort; the 2.27 M window-5 pairs of fars-news: 55 -> 21 ms on numpy 1.24, 44 -> 21 ms on
    numpy 2, best of 7 against the radix-argsort version it replaced).
    The counts are summed in 32 bits (fewer than 2**31 pairs) and returned as int64."""
    indptr = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.asarray(col_counts).astype(np.int32), out=indptr[1:])
    by_col = sparse.csc_matrix((np.ones(len(rows), dtype=np.int32), rows.astype(np.int32),
                                indptr), shape=(size, size))
    matrix = by_col.tocsr()
    matrix.sum_duplicates()
    matrix.data = matrix.data.astype(np.int64)
    return matrix


def _count_ordered_small(ids: np.ndarray, left: np.ndarray, size: int) -> sparse.csr_matrix:
    """The pairs (ids[j - k], ids[j]) for k = 1..left[j], counted by
    :func:`_count_in_column_order`: the positions j grouped by their id (one radix argsort of
    the tokens) list every pair in column order without sorting the pairs."""
    ids = ids.astype(np.uint16)
    order = np.argsort(ids, kind="stable")
    reach = left[order]
    # position j - k of the k-th pair of j: one repeat of (j + pairs before j), less 1, 2, ...
    before = np.repeat(order + (np.cumsum(reach) - reach), reach)
    before -= np.arange(1, len(before) + 1)
    col_counts = np.bincount(ids, weights=left, minlength=size).astype(np.int64)
    return _count_in_column_order(ids[before], col_counts, size)


def _count_pairs(rows: np.ndarray, cols: np.ndarray, size: int,
                 weight: float | None) -> sparse.csr_matrix:
    """``size`` x ``size`` CSR matrix counting the pairs (rows[i], cols[i]), times ``weight``.

    Up to :data:`_SMALL` types, a radix sort of the 16-bit columns and scipy's counting sort by
    row (:func:`_count_small`);
    beyond, numpy 2 sorts integers with SIMD, so one sort of the keys ``row * size + col``
    (:func:`_count_keys`) is fastest and gives the CSR arrays directly; numpy 1 sorts several
    times slower, and there scipy's counting sort by row plus small per-row sorts wins.
    """
    if size <= _SMALL:
        matrix = _count_small(rows, cols, size)
        return matrix if weight is None else matrix * float(weight)
    if _FAST_SORT:
        key_type = _key_type(size)
        return _count_keys(rows.astype(key_type) * key_type(size) + cols.astype(key_type), size,
                           weight)
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64),
                                (rows.astype(np.int32), cols.astype(np.int32))),
                               shape=(size, size))
    matrix.sum_duplicates()
    return matrix if weight is None else matrix * float(weight)


def _ordered_matrix(ids: np.ndarray, left: np.ndarray, right: np.ndarray,
                    weights: np.ndarray | None, keep: np.ndarray,
                    size: int) -> sparse.csr_matrix:
    """Sum of pairs (ids[i], ids[i + k]) as a ``size`` x ``size`` CSR matrix; ``keep`` maps ids
    to matrix rows (-1 drops the id).

    Pairs are buffered and counted every ``_FLUSH`` events (and at every distance when
    weighted); the partial CSR matrices are added by a linear merge, so memory follows the
    number of distinct pairs. When every type is kept (``keep`` is the identity) the ids are
    the rows: up to :data:`_SMALL` types, unweighted and at most ``_FLUSH`` pairs, counted at
    once from the tokens (:func:`_count_ordered_small`), else 16-bit rows counted by
    :func:`_count_small`; beyond, when numpy sorts fast, the pair keys are built from the ids
    directly, one array per distance. ``left``/``right``: how far each token reaches (the pairs
    (i, i + k), k <= right[i], are the pairs (j - k, j), k <= left[j]).
    """
    identity = len(keep) == size and np.array_equal(keep, np.arange(size))
    if identity and weights is None and size <= _SMALL and int(right.sum()) <= _FLUSH:
        return _count_ordered_small(ids, left, size)
    total: sparse.csr_matrix | None = None
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    longest = int(right.max()) if len(right) else 0
    bar = tqdm(_pairs(right), total=longest, desc="co-occurrence", unit="distance",
               disable=longest < _PROGRESS_MIN_DISTANCES)
    direct = _FAST_SORT and weights is None and identity and size > _SMALL
    if direct:
        key_type = _key_type(size)
        ids = ids.astype(key_type)
        scaled = ids * key_type(size)
    elif identity and size <= _SMALL:  # every id is its own row: 16-bit ids, no mapping
        ids = ids.astype(np.uint16)
    for k, cand in bar:
        if direct:
            rows.append(scaled[cand] + ids[cand + k])
            if sum(map(len, rows)) >= _FLUSH:
                part = _count_keys(np.concatenate(rows), size, None)
                total = part if total is None else total + part
                rows.clear()
            continue
        a, b = ids[cand], ids[cand + k]
        if not identity:
            a, b = keep[a], keep[b]
            ok = (a >= 0) & (b >= 0)
            a, b = a[ok], b[ok]
        rows.append(a)
        cols.append(b)
        if weights is not None or sum(map(len, rows)) >= _FLUSH:
            part = _count_pairs(np.concatenate(rows), np.concatenate(cols), size,
                                None if weights is None else weights[k - 1])
            total = part if total is None else total + part
            rows.clear(), cols.clear()
    if rows:  # unweighted: the events since the last flush
        part = (_count_keys(np.concatenate(rows), size, None) if direct else
                _count_pairs(np.concatenate(rows), np.concatenate(cols), size, None))
        total = part if total is None else total + part
    if total is None:
        return sparse.csr_matrix((size, size), dtype=np.int64 if weights is None else np.float64)
    return total.tocsr()


def _context_matrix(ids: np.ndarray, offsets: np.ndarray, keep: np.ndarray,
                    size: int) -> sparse.csr_matrix:
    """Symmetric counts when the whole unit is the context: X^T X minus the token itself, with
    X the unit-by-type count matrix (every ordered pair of distinct positions in a unit)."""
    unit = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    col = keep[ids]
    ok = col >= 0
    x = sparse.csr_matrix((np.ones(int(ok.sum()), dtype=np.int64), (unit[ok], col[ok])),
                          shape=(len(offsets) - 1, size))
    own = np.bincount(col[ok], minlength=size).astype(np.int64)
    return (x.T @ x - sparse.diags(own, dtype=np.int64)).tocsr()


class Cooccurrence:
    """Co-occurrence counts over one vocabulary (made by :func:`cooccurrence`).

    Attributes: ``matrix`` (``scipy.sparse`` CSR, ``len(vocab)`` x ``len(vocab)``, int64, or
    float64 with ``weights``; row ``w1``, column ``w2``; what one count is: see
    :mod:`toolkit.cooccurrences`), ``vocab`` (types, object array), ``type_freq`` (corpus
    frequency of each type in the token stream counted: f_x, f_y of the reference table),
    ``n_tokens`` (N: tokens in that stream), ``span`` (S: token slots searched around one
    token, see :meth:`scores`), ``row_counts`` / ``col_counts`` (co-occurrence events with the
    type first / second, over all tokens, before pruning) and ``n`` (number of events), the
    margins of the ``"events"`` table, and the settings ``window`` (NLTK's window size: the
    ``span`` given to :func:`cooccurrence` plus 1), ``unit``, ``ordered``, ``min_count``.
    """

    def __init__(self, matrix: sparse.csr_matrix, vocab: np.ndarray, row_counts: np.ndarray,
                 col_counts: np.ndarray, n: float, type_freq: np.ndarray, *, window: int,
                 unit: str, ordered: bool, min_count: float, n_tokens: float | None = None,
                 span: float | None = None) -> None:
        self.matrix = matrix
        self.vocab = vocab
        self.row_counts = row_counts
        self.col_counts = col_counts
        self.n = n
        self.type_freq = type_freq
        self.window, self.unit, self.ordered, self.min_count = window, unit, ordered, min_count
        self.n_tokens = float(type_freq.sum()) if n_tokens is None else float(n_tokens)
        if span is None:  # the nominal span of an unweighted window, else events per token
            span = ((window - 1) * (1 if ordered else 2) if unit == "window"
                    else (n / self.n_tokens if self.n_tokens else 0.0))
        self.span = float(span)

    def __repr__(self) -> str:
        context = (f"span=±{self.window - 1}" if self.unit == "window"
                   else f"unit={self.unit!r}")
        kind = "ordered" if self.ordered else "unordered"
        return (f"<Cooccurrence: {len(self.vocab)} types, {self.matrix.nnz} non-zero cells, "
                f"{self.n:g} events, {self.n_tokens:g} tokens, S={self.span:g} slots, {context}, "
                f"{kind}>")

    def _cells(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row ids, column ids and counts of the stored pairs (upper triangle when unordered)."""
        m = self.matrix if self.ordered else sparse.triu(self.matrix)
        coo = m.tocoo()
        return coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data

    def to_frame(self, top: int | None = None) -> RTLFrame:
        """Tidy pairs ``w1``, ``w2``, ``count``, most frequent first (ties in vocabulary order).

        ``count`` is a number of position pairs (see :mod:`toolkit.cooccurrences`): ordered,
        ``w2`` after ``w1``; unordered, either order, each pair listed once (``w1`` has the
        smaller id) and a self-pair (``w1 == w2``) counting each of its position pairs twice, as
        quanteda's ``fcm``. ``top`` keeps the first ``top`` rows.
        """
        r, c, counts = self._cells()
        order = np.lexsort((c, r, -counts))[:top]
        r, c = r[order], c[order]
        return rtl_frame(pd.DataFrame({"w1": self.vocab[r], "w2": self.vocab[c],
                                       "count": counts[order]}))

    def _table(self, r: np.ndarray, c: np.ndarray, counts: np.ndarray, table: str
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
        """``o11, r1, c1, n, span`` of the pairs (r, c) for ``table`` (see :meth:`scores`)."""
        if table in ("reference", "sketchengine"):
            span = self.span if table == "reference" else 1.0
            return counts, self.type_freq[r], self.type_freq[c], self.n_tokens, span
        if table == "events":
            return counts, self.row_counts[r], self.col_counts[c], self.n, 1.0
        if table == "nltk":
            if not self.ordered or self.unit != "window" or self.matrix.dtype.kind == "f":
                raise ValueError("table='nltk' reproduces BigramCollocationFinder(window_size="
                                 "window): count with cooccurrence(..., ordered=True) and no "
                                 "weights")
            return (counts / (self.window - 1), self.type_freq[r], self.type_freq[c],
                    self.n_tokens, 1.0)
        raise ValueError(f"table must be one of {', '.join(map(repr, TABLES))}, not {table!r}")

    def scores(self, measure: str | Sequence[str] = "logdice", min_count: float | None = None,
               *, table: str = "reference", **options: object) -> RTLFrame:
        """Tidy ``w1``, ``w2``, ``count``, ``expected`` and one column per measure, sorted by the
        first measure (highest first; ties by count, then vocabulary order).

        One row per stored pair (unordered counts: each pair once, ``w1`` the type with the
        smaller id; ``count`` as defined in :mod:`toolkit.cooccurrences`, a self-pair counting
        each position pair twice). ``measure`` names are those of
        :func:`toolkit.measures.association`, in any case and usual spelling (``"logDice"``,
        ``"G2"``, ``"MI"``); columns use the canonical key (``logdice``, ``g2``, ``pmi``).
        ``table`` chooses the 2x2 table:

        - ``"reference"`` (default): ``o11`` = count, ``r1`` = ``type_freq[w1]`` (f_x), ``c1`` =
          ``type_freq[w2]`` (f_y), ``n`` = ``n_tokens``, ``span`` = ``self.span`` (S), so
          ``expected`` = ``f_x f_y S / N`` (#LancsBox, Brezina et al. 2015) and ``logdice`` =
          ``14 + log2(2 count / (f_x + f_y))`` (Rychlý 2008, Sketch Engine). For a self-pair
          (both tokens counted) that is ``14 + log2(count / f)``.
        - ``"sketchengine"``: the same without the span (``S = 1``), Sketch Engine's formulas
          ("Statistics used in Sketch Engine"; WordSmith's MI and t-score are the same):
          ``expected`` = ``f_x f_y / N``, MI = ``log2(count N / (f_x f_y))``; logDice and Dice
          are the reference values. For a wide window the plain table may not exist (count >
          f_y): G2, chi2, ΔP and the odds ratio are then NaN.
        - ``"nltk"``: NLTK's ``BigramCollocationFinder.from_words(words,
          window_size=window).score_ngram(BigramAssocMeasures.<m>, w1, w2)``: ``o11`` = count /
          (window - 1), word frequencies, ``n`` = tokens, no span (Church & Hanks 1990); ordered,
          unweighted window counts only (ValueError otherwise).
        - ``"events"``: this toolkit's own table over co-occurrence events (``r1`` =
          ``row_counts[w1]``, ``c1`` = ``col_counts[w2]``, ``n`` = ``self.n``, no span).

        ``options`` such as ``yates=True`` go to :func:`toolkit.measures.association`.
        ``min_count`` drops rarer pairs before scoring (on top of the one given to
        :func:`cooccurrence`). Raises ValueError for an unknown measure or table.
        """
        names = measure_names(measure)
        r, c, counts = self._cells()
        if min_count is not None:
            keep = counts >= min_count
            r, c, counts = r[keep], c[keep], counts[keep]
        o11, r1, c1, n, span = self._table(r, c, counts, table)
        scored = association(o11, r1, c1, n, names, span=span, **options)
        order = np.lexsort((c, r, -counts, -scored[names[0]].to_numpy()))
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = r1 * c1 * span / n if n else np.full(len(counts), np.nan)
        frame = pd.DataFrame({"w1": self.vocab[r[order]], "w2": self.vocab[c[order]],
                              "count": counts[order], "expected": np.asarray(expected)[order]})
        return rtl_frame(pd.concat([frame, scored.iloc[order].reset_index(drop=True)], axis=1))

    def to_networkx(self, measure: str = "logdice", min_score: float | None = None,
                    top: int | None = None, *, table: str = "reference") -> nx.Graph:
        """The strongest pairs as a graph: ``networkx.Graph`` (``DiGraph`` when ordered).

        Nodes are types with attribute ``count`` (corpus frequency); edges carry ``count``
        (co-occurrence count), ``score`` and the same value under the measure's name. Pairs of a
        type with itself are left out. ``min_score`` keeps edges scoring at least that much;
        ``top`` keeps the ``top`` highest-scoring of those. ``measure`` (any spelling, see
        :meth:`scores`; the attribute uses its canonical key) and ``table`` are those of
        :meth:`scores`.
        """
        (measure,) = measure_names([measure])
        pairs = self.scores(measure, table=table)
        pairs = pairs[pairs["w1"] != pairs["w2"]]
        if min_score is not None:
            pairs = pairs[pairs[measure] >= min_score]
        if top is not None:
            pairs = pairs.head(top)
        graph = nx.DiGraph() if self.ordered else nx.Graph()
        freq = dict(zip(self.vocab, self.type_freq.tolist(), strict=True))
        for w1, w2, count, score in zip(pairs["w1"], pairs["w2"], pairs["count"], pairs[measure],
                                        strict=True):
            for w in (w1, w2):
                graph.add_node(w, count=int(freq[w]))
            graph.add_edge(w1, w2, count=float(count) if self.matrix.dtype.kind == "f"
                           else int(count), score=float(score), **{measure: float(score)})
        return graph

    def to_gexf(self, path: str | Path, measure: str = "logdice", min_score: float | None = None,
                top: int | None = None, *, table: str = "reference") -> Path:
        """Write :meth:`to_networkx` (same arguments) as GEXF (Gephi) to ``path``; returns it.

        Written whole or not at all (:func:`toolkit.outputs.atomic_path`); raises
        :class:`toolkit.outputs.WriteError` naming ``path`` when writing fails."""
        from .outputs import atomic_path

        path = Path(path)
        graph = self.to_networkx(measure, min_score=min_score, top=top, table=table)
        with atomic_path(path) as tmp:
            nx.write_gexf(graph, tmp)
        return path


def _vocabulary_index(tokens: Tokens, vocabulary: Sequence[str] | None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """The chosen types and a map from token ids to their row (-1 for types left out)."""
    size = len(tokens.vocab)
    if vocabulary is None:
        return tokens.vocab, np.arange(size, dtype=np.int64)
    types = np.asarray(pd.unique(pd.Series(list(vocabulary), dtype=object)), dtype=object)
    keep = np.full(size, -1, dtype=np.int64)
    for row, term in enumerate(types):
        tid = tokens.term_id(term)
        if tid is not None:
            keep[tid] = row
    return types, keep


def _spread(values: np.ndarray, keep: np.ndarray, size: int) -> np.ndarray:
    """Per-id ``values`` rearranged into rows of the chosen vocabulary (zero for absent types)."""
    out = np.zeros(size, dtype=values.dtype)
    ok = keep >= 0
    out[keep[ok]] = values[ok]
    return out


def window_size(span: int | tuple[int, int], ordered: bool, window: int | None,
                verb: str) -> int:
    """The NLTK window size (``span + 1``) the counting works with, from ``span`` (an int ``k``
    or a pair ``(k, k)``; ``(0, k)`` when ``ordered``) or from the deprecated ``window=`` (a span
    of ``window`` tokens, kept with its old meaning and a DeprecationWarning naming the
    ``span=`` that gives the same counts). ValueError for a span that is not whole and >= 1 or
    not symmetric (asymmetric spans: :func:`collocates`)."""
    if window is not None:
        if int(window) != window or window < 2:
            raise ValueError(f"window must be a whole number of tokens >= 2 (a token and at least "
                             f"one neighbour), not {window!r}")
        warn_old_meaning(verb, "window", f"window={window}",
                         f"a span of {window} tokens (pairs at most {int(window) - 1} apart, "
                         f"NLTK's window_size)", f"span={int(window) - 1}",
                         "window= means tokens on each side of the node in every verb (kwic, "
                         "explore)")
        return int(window)
    left, right = (span, span) if isinstance(span, int | np.integer) else tuple(span)
    if ordered and left == 0:
        left = right
    if left != right or int(right) != right or right < 1:
        raise ValueError(f"span must be a whole number of tokens >= 1 on each side, or a pair "
                         f"(k, k) ((0, k) with ordered=True), not {span!r}; for different left "
                         "and right spans of one node use collocates(node, span=(left, right))")
    return int(right) + 1


def cooccurrence(
    tokens: Tokens,
    *,
    span: int | tuple[int, int] = 4,
    unit: str = "window",
    ordered: bool = False,
    min_count: float = 1,
    weights: Sequence[float] | None = None,
    vocabulary: Sequence[str] | None = None,
    engine: str = "local",
    window: int | None = None,
) -> Cooccurrence:
    """Count which types occur near each other.

    - ``span``: how far apart two tokens may be, in tokens (>= 1), as AntConc's and
      :func:`collocates`' span: ``span=4`` (or ``(4, 4)``) pairs a token with the 4 tokens on
      each side of it, ``ordered=True`` with the 4 after it (``(0, 4)``). ``cooccurrence(span=k)``
      counts what ``collocates(node, span=(k, k))`` counts, for every node at once, and is
      quanteda's ``fcm(context="window", window=k)``. Used with ``unit="window"`` only.
    - ``window``: **deprecated**, the old spelling: a span of ``window`` tokens as NLTK's
      ``window_size`` (``window=5`` is ``span=4``). It keeps its old meaning for one release, with
      a DeprecationWarning, because ``window`` now means tokens on each side everywhere
      (:func:`toolkit.kwic`, :func:`toolkit.explore`).
    - ``unit``: ``"window"`` (sliding window, never crossing a document), ``"sentence"`` or
      ``"document"`` (every pair of tokens in the same sentence / document).
    - ``ordered``: count ``(w1, w2)`` only when ``w1`` comes first; otherwise symmetric.
    - ``min_count``: pairs whose (weighted) count is below it are dropped before any scoring;
      the default 1 keeps every pair that occurs.
    - ``weights``: one weight per distance 1..span (e.g. ``[1, 1/2, 1/3, 1/4]`` for harmonic
      weighting, quanteda's ``fcm(count="weighted")``); counts and marginals become weighted
      sums (float), and the span S of the reference table the sum of the weights.
    - ``vocabulary``: keep only these types as rows and columns, in this order (types absent from
      the corpus get empty rows); marginals still count every token.
    - ``engine``: ``"local"``, or ``"dask"`` to count on the current Dask cluster
      (:mod:`toolkit.dask_engine`), with the same result.

    One count is a number of position pairs (ordered: ``w1`` first; unordered: either order, a
    self-pair counting 2), as quanteda's ``fcm`` with ``span`` tokens each side: see
    :mod:`toolkit.cooccurrences`. Returns a :class:`Cooccurrence`; its :meth:`~Cooccurrence.scores`
    follow the reference tools by default (logDice per Rychlý 2008 with corpus frequencies,
    ``E11 = f_x f_y S / N`` per #LancsBox). Cost: one numpy pass per distance; memory proportional to
    the number of distinct pairs. Raises ValueError for an unknown ``unit``, a ``span`` below 1
    or not the same on both sides, or ``weights`` of the wrong length.
    """
    window = window_size(span, ordered, window, "cooccurrence")
    elsewhere = implementation("cooccurrence", engine)
    if elsewhere is not None:
        return elsewhere(tokens, span=window - 1, unit=unit, ordered=ordered,
                         min_count=min_count, weights=weights, vocabulary=vocabulary)
    tokens = as_tokens(tokens, "cooccurrence")
    if unit not in _UNITS:
        raise ValueError(f"unit must be one of {', '.join(map(repr, _UNITS))}, not {unit!r}")
    w = _distance_weights(weights, window, unit)
    vocab, keep = _vocabulary_index(tokens, vocabulary)
    size = len(vocab)
    left, right = _reach(tokens, unit, window if unit == "window" else None)
    cum = np.concatenate([[0.0], np.cumsum(w)]) if w is not None else None
    n_right = right if cum is None else cum[right]
    n_left = left if cum is None else cum[left]
    first = np.bincount(tokens.ids, weights=n_right, minlength=len(tokens.vocab))
    second = np.bincount(tokens.ids, weights=n_left, minlength=len(tokens.vocab))
    if w is None:
        first, second = first.astype(np.int64), second.astype(np.int64)
    if ordered:
        matrix = _ordered_matrix(tokens.ids, left, right, w, keep, size)
        row_counts, col_counts = first, second
    else:
        if unit == "window":
            pairs = _ordered_matrix(tokens.ids, left, right, w, keep, size)
            matrix = (pairs + pairs.T).tocsr()
        else:
            offsets = tokens.sent_offsets if unit == "sentence" else tokens.doc_offsets
            matrix = _context_matrix(tokens.ids, offsets, keep, size)
        row_counts = col_counts = first + second
    matrix = _prune(matrix, min_count)
    n_events = first.sum(dtype=np.float64) * (1 if ordered else 2)
    if unit == "window":  # the nominal span: slots around one token, weighted when weighted
        span = (window - 1 if w is None else float(w.sum())) * (1 if ordered else 2)
    else:  # no fixed span: the mean number of context tokens per token
        span = n_events / tokens.n_tokens if tokens.n_tokens else 0.0
    return Cooccurrence(matrix, vocab, _spread(row_counts, keep, size),
                        _spread(col_counts, keep, size), n_events,
                        _spread(tokens.type_counts(), keep, size), window=window, unit=unit,
                        ordered=ordered, min_count=min_count, n_tokens=tokens.n_tokens,
                        span=span)


def _prune(matrix: sparse.csr_matrix, min_count: float) -> sparse.csr_matrix:
    """``matrix`` (modified in place) without the pairs counted fewer than ``min_count`` times,
    indices sorted: the one pruning of :func:`cooccurrence`, :class:`CooccurrenceSum` and the
    engines that merge with it. Marginals are not touched, so pruning never changes a score."""
    if min_count > 1:
        matrix.data[matrix.data < min_count] = 0
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


class CooccurrenceSum:
    """Running sum of :class:`Cooccurrence` parts of disjoint sets of documents.

    :meth:`add` renumbers a part's types by first appearance (in the order the parts come) and
    adds its pairs, marginals, ``n``, ``n_tokens`` and type frequencies; :meth:`total` gives the sum as one
    ``Cooccurrence``. Parts must be unpruned (``min_count=1``); pruning belongs to the total.
    Memory: the distinct pairs so far plus a buffer of at most ``_PAIR_BUFFER`` pairs.
    """

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self._rows: list[np.ndarray] = []
        self._cols: list[np.ndarray] = []
        self._vals: list[np.ndarray] = []
        self._margins: dict[str, np.ndarray] = {}
        self._buffered = 0
        self.n = 0.0
        self.n_tokens = 0.0
        self.first: Cooccurrence | None = None

    def add(self, part: Cooccurrence) -> None:
        """Add one part; ValueError when its window, unit or direction differ from the first."""
        if self.first is None:
            self.first = part
        first = self.first
        if (part.window, part.unit, part.ordered) != (first.window, first.unit, first.ordered):
            raise ValueError("co-occurrence parts counted with different window, unit or "
                             f"ordering: {part!r} vs {first!r}")
        ids = id_map(self.index, part.vocab).astype(np.int64)
        for name in ("row_counts", "col_counts", "type_freq"):
            self._margins[name] = _add_at(self._margins.get(name), ids, getattr(part, name),
                                          len(self.index))
        coo = part.matrix.tocoo()
        self._rows.append(ids[coo.row])
        self._cols.append(ids[coo.col])
        self._vals.append(coo.data)
        self.n += part.n
        self.n_tokens += part.n_tokens
        self._buffered += coo.nnz
        if self._buffered > _PAIR_BUFFER:
            matrix = self._matrix().tocoo()
            self._rows, self._cols, self._vals = [matrix.row], [matrix.col], [matrix.data]
            self._buffered = matrix.nnz

    def _matrix(self) -> sparse.csr_matrix:
        size = len(self.index)
        return sparse.coo_matrix((np.concatenate(self._vals),
                                  (np.concatenate(self._rows), np.concatenate(self._cols))),
                                 shape=(size, size)).tocsr()

    def total(self, min_count: float = 1) -> Cooccurrence:
        """The sum so far, pairs below ``min_count`` dropped (the pruning of
        :func:`cooccurrence`). Raises ValueError when nothing was added."""
        if self.first is None:
            raise ValueError("nothing to merge: no co-occurrence parts were given (is the corpus "
                             "empty?)")
        matrix = _prune(self._matrix(), min_count)
        first, margins = self.first, self._margins
        return Cooccurrence(matrix, vocab_array(self.index), margins["row_counts"],
                            margins["col_counts"], self.n, margins["type_freq"],
                            window=first.window, unit=first.unit, ordered=first.ordered,
                            min_count=min_count, n_tokens=self.n_tokens,
                            span=first.span if first.unit == "window" else None)


def merge_cooccurrence(parts: Iterable[Cooccurrence], *, min_count: float = 1) -> Cooccurrence:
    """Sum :class:`Cooccurrence` counts of disjoint sets of documents over one vocabulary (see
    :class:`CooccurrenceSum`); pairs below ``min_count`` are dropped at the end. Raises
    ValueError when the parts differ in window, unit or direction, or when there is none."""
    running = CooccurrenceSum()
    for part in parts:
        running.add(part)
    return running.total(min_count)


def _add_at(total: np.ndarray | None, ids: np.ndarray, values: np.ndarray,
            size: int) -> np.ndarray:
    """``total`` grown to ``size`` entries (new types 0) with ``values`` added at ``ids``."""
    grown = np.zeros(size, dtype=values.dtype if total is None else total.dtype)
    if total is not None:
        grown[:len(total)] = total
    np.add.at(grown, ids, values)
    return grown


def _node_ids(tokens: Tokens, node: str | Sequence[str]) -> np.ndarray:
    """Ids of the node types: a type, a glob pattern (``*``, ``?``, ``[...]``) or a list of them,
    each prepared like the tokens (:func:`toolkit.queries.match_query`); none found is a
    :class:`~toolkit.queries.NoMatchWarning` and no ids."""
    return match_query(tokens, "collocates", node)


@renamed(node="pattern")
def collocates(
    tokens: Tokens,
    pattern: str | Sequence[str],
    *,
    span: int | tuple[int, int] = (5, 5),
    measure: str | Sequence[str] = "logdice",
    min_count: float = 2,
    table: str = "reference",
) -> RTLFrame:
    """Collocates of a node in a span of tokens around it, as AntConc's Collocate tool.

    ``pattern`` (``node=`` is its old name, deprecated) is a type, a glob pattern (``"روس*"``) or
    a list of them; all matching types form one node. ``span=(left, right)`` counts up to
    ``left`` tokens before and ``right`` after every node token, never across a document; an
    int ``k`` is ``(k, k)``, the ``span`` of :func:`cooccurrence`. Returns one row per
    collocate with ``count >= min_count`` (default 2, as every scoring verb: a pair seen once
    tops every association measure by chance): ``collocate``, ``count_left``, ``count_right``,
    ``count`` (co-occurrence count, AntConc's "Freq": collocate tokens in the node's spans, one
    per node token whose span covers it, so a token between two node tokens counts twice; the
    node type itself is a collocate when it recurs within the span), ``collocate_count`` (its
    corpus frequency), ``expected`` and one column per ``measure`` (any spelling, e.g.
    ``"logDice"``, ``"LL"``, ``"MI"``; columns use the canonical key), sorted by the first
    measure (highest first). The columns' old names ``freq_left``, ``freq_right``, ``total`` and
    ``collocate_freq`` still read them for one release (``table["total"]``, with a
    DeprecationWarning; see :class:`toolkit.tables.RTLFrame`).

    Contingency table (``table``, see :mod:`toolkit.measures`):

    - ``"reference"`` (default): ``o11`` = count, f_x = corpus frequency of the node (all its
      types), f_y = ``collocate_count``, N = tokens, span S = ``left + right``; so
      ``expected`` = ``f_x f_y S / N`` (#LancsBox, Brezina et al. 2015; WordSmith's z-score)
      and logDice = ``14 + log2(2 count / (f_x + f_y))`` (Rychlý 2008, Sketch Engine).
    - ``"sketchengine"``: the same without the span (``S = 1``): Sketch Engine's (and
      WordSmith's) MI ``log2(count N / (f_x f_y))`` and t-score; logDice unchanged.
    - ``"nltk"``: for a right-only span ``(0, k)``, NLTK's ``BigramCollocationFinder(
      window_size=k + 1).score_ngram(m, node, collocate)``: ``o11`` = count / k, f_x, f_y, N, no
      span; ValueError for other spans.
    - ``"events"``: this toolkit's own table over co-occurrence events: ``r1`` = token slots in
      the node's spans (clipped at document edges), ``c1`` = events with the collocate in the
      collocate slot, ``n`` = events in the corpus (every token taken as a node); logDice on it
      is lower than Rychlý's by about ``log2(left + right)``.

    The node is prepared like the tokens (:mod:`toolkit.queries`); a node that matches no type
    gives an empty table and a :class:`~toolkit.queries.NoMatchWarning` naming it and its
    normalised form, as in every verb. Raises ValueError when the span is empty or negative, or
    the measure or table is unknown.
    """
    tokens = as_tokens(tokens, "collocates")
    names = measure_names(measure)
    n_left, n_right = (int(s) for s in ((span, span) if isinstance(span, int | np.integer)
                                        else span))
    if n_left < 0 or n_right < 0 or n_left + n_right == 0:
        raise ValueError(f"span must be two non-negative token counts (left, right), not both 0; "
                         f"got {span!r}")
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(map(repr, TABLES))}, not {table!r}")
    if table == "nltk" and n_left:
        raise ValueError("table='nltk' needs a right-only span (0, k), as NLTK's window_size = "
                         f"k + 1; got span={span!r}")
    nodes = _node_ids(tokens, pattern)
    size = len(tokens.vocab)
    before, after = _reach(tokens, "document")
    at = np.flatnonzero(np.isin(tokens.ids, nodes))
    freq_left = np.zeros(size, dtype=np.int64)
    freq_right = np.zeros(size, dtype=np.int64)
    for k in range(1, n_left + 1):
        freq_left += np.bincount(tokens.ids[at[before[at] >= k] - k], minlength=size)
    for k in range(1, n_right + 1):
        freq_right += np.bincount(tokens.ids[at[after[at] >= k] + k], minlength=size)
    total = freq_left + freq_right
    hit = np.flatnonzero((total >= min_count) & (total > 0))
    freq = tokens.type_counts()
    if table == "events":
        slots = np.minimum(before, n_left) + np.minimum(after, n_right)
        c1_all = np.bincount(tokens.ids, weights=np.minimum(before, n_right)
                             + np.minimum(after, n_left), minlength=size)
        o11, r1, c1 = total[hit], float(slots[at].sum()), c1_all[hit]
        n, s = float(slots.sum()), 1.0
    else:
        o11, r1, c1 = total[hit], float(freq[nodes].sum()), freq[hit]
        n, s = float(tokens.n_tokens), float(n_left + n_right) if table == "reference" else 1.0
        if table == "nltk":
            o11 = o11 / n_right
    frame = pd.DataFrame({
        "collocate": tokens.vocab[hit],
        "count_left": freq_left[hit],
        "count_right": freq_right[hit],
        "count": total[hit],
        "collocate_count": freq[hit],
        "expected": r1 * c1 * s / n,
    })
    frame = pd.concat([frame, association(o11, r1, c1, n, names, span=s)], axis=1)
    frame = frame.sort_values([names[0], "count", "collocate"], ascending=[False, False, True],
                              kind="stable", ignore_index=True)
    return rtl_frame(frame, renamed=RENAMED_COLUMNS)


def collocations(
    tokens: Tokens,
    n: int = 2,
    *,
    measure: str | Sequence[str] = "g2",
    min_count: float = 2,
    table: str = "reference",
) -> RTLFrame:
    """Scored adjacent n-grams (``n`` >= 2 tokens in a row, never crossing a sentence).

    Each n-gram is scored as the pair (its first ``n - 1`` tokens, its last token); ``table``
    chooses the 2x2 table (see :mod:`toolkit.measures`):

    - ``"reference"`` (default): ``o11`` = n-gram count, f_x = corpus frequency of the prefix
      (its occurrences anywhere inside a sentence), f_y = corpus frequency of the last token,
      N = tokens, no span: for bigrams the table of Sketch Engine (logDice per Rychlý 2008) and
      of NLTK's ``BigramCollocationFinder`` (window 2; ``"sketchengine"``, and ``"nltk"`` for
      ``n = 2``, are accepted and give the same values).
    - ``"events"``: Evert's (2005) table over the sample of n-gram positions, this toolkit's
      earlier default: ``r1`` = count of the prefix in the first slot, ``c1`` = count of the last
      token in the last slot, ``n`` = number of n-gram positions.

    ``measure`` names as in :func:`toolkit.measures.association`, any usual spelling. Returns
    ``ngram`` (tokens joined by a space), ``w1`` .. ``wn``, ``count`` and one column per
    ``measure``, n-grams seen fewer than ``min_count`` times dropped before scoring, sorted by
    the first measure (highest first; ties by count, then in order of first appearance).
    Raises ValueError for ``n < 2`` or an unknown measure or table.
    """
    tokens = as_tokens(tokens, "collocations")
    names = measure_names(measure)
    if int(n) != n or n < 2:
        raise ValueError(f"n must be a whole number >= 2 (tokens per n-gram), not {n!r}")
    n = int(n)
    if table not in TABLES or (table == "nltk" and n != 2):
        raise ValueError(f"table must be 'reference', 'sketchengine' or 'events' ('nltk' for "
                         f"bigrams), not {table!r}")
    _, right = _reach(tokens, "sentence")
    size = len(tokens.vocab)
    # Prefix codes: every (n-1)-gram inside a sentence as one dense int64 code (re-coded after
    # each token, so the key never overflows), then the n-gram key prefix * size + last token.
    starts = np.flatnonzero(right >= n - 2)
    codes = tokens.ids[starts].astype(np.int64)
    for j in range(1, n - 1):
        _, codes = np.unique(codes * size + tokens.ids[starts + j], return_inverse=True)
        codes = codes.reshape(-1)
    at = np.flatnonzero(right >= n - 1)
    prefix = codes[np.searchsorted(starts, at)]
    last = tokens.ids[at + n - 1].astype(np.int64)
    _, first, counts = np.unique(prefix * size + last, return_index=True, return_counts=True)
    keep = np.flatnonzero(counts >= min_count)
    keep = keep[np.argsort(first[keep])]  # in order of first appearance
    first, counts = first[keep], counts[keep]
    if table == "events":
        r1 = np.bincount(prefix)[prefix[first]]
        c1 = np.bincount(last, minlength=size)[last[first]]
        scored = association(counts, r1, c1, len(at), names)
    else:
        r1 = np.bincount(codes)[prefix[first]]
        c1 = tokens.type_counts()[last[first]]
        scored = association(counts, r1, c1, tokens.n_tokens, names, span=1.0)
    columns = [f"w{j + 1}" for j in range(n)]
    words = {c: tokens.vocab[tokens.ids[at[first] + j]] for j, c in enumerate(columns)}
    frame = pd.DataFrame({"ngram": [" ".join(g) for g in zip(*words.values(), strict=True)],
                          **words, "count": counts})
    frame = pd.concat([frame, scored], axis=1)
    frame = frame.sort_values([names[0], "count"], ascending=False, kind="stable",
                              ignore_index=True)
    return rtl_frame(frame)
