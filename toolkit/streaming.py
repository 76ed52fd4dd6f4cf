"""Streaming: frequency lists and co-occurrence over corpora larger than memory.

A corpus is read in chunks of documents; each chunk is prepared (:func:`toolkit.tokenize`),
counted, and its *partial counts* are merged into running totals keyed by the type strings, then
the chunk is dropped. Memory is bounded by one chunk (its text and tokens) plus the totals, which
grow with the number of distinct types and pairs, never with the number of tokens.

Merging is exact because every count here is a sum over documents and no count crosses a document
(windows, sentences and n-grams stop at document edges): token counts, document frequencies,
group sizes, pair counts, marginals and the number of co-occurrence events of a corpus are the sums
of those of its chunks. Pruning (``min_count``, ``top``) is applied once, after the last chunk. A
type gets its global id the first time a chunk brings it, so merging the chunks in corpus order
reproduces the vocabulary order of a single :func:`toolkit.tokenize` call.

The same partial counts are what the Dask engine (:mod:`toolkit.dask_engine`) computes per
partition and merges on the cluster.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from tqdm.auto import tqdm

from .cooccurrences import Cooccurrence
from .cooccurrences import cooccurrence as local_cooccurrence
from .corpus import Corpus, load_corpus, source_paths
from .frequencies import frequency
from .loaders import detect_format
from .parallel import id_map, vocab_array
from .sources import CorpusError
from .tables import RTLFrame, rtl_frame
from .tokens import Tokens

#: pairs buffered (after remapping) before they are summed into the running matrix
_PAIR_BUFFER = 2_000_000


def _jsonl_blocks(path: Path, size: int, encoding: str | None,
                  options: dict[str, Any]) -> Iterator[tuple[pd.DataFrame, list[dict[str, str]]]]:
    """A JSON Lines file read ``size`` lines at a time: the documents of each block (doc_id
    ``stem:line`` as :func:`toolkit.load_corpus` names them) and its skipped lines."""
    enc = encoding or "utf-8-sig"
    with path.open(encoding=enc, newline="") as handle:
        block: list[tuple[int, Any]] = []
        skipped: list[dict[str, str]] = []
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    block.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    reason = f"invalid JSON at column {exc.colno}: {exc.msg}"
                    if options["errors"] == "raise":
                        raise CorpusError(f"{path} line {number}: {reason} (fix the line or pass "
                                          "errors='skip')") from None
                    skipped.append({"source": f"{path} line {number} ({enc})", "reason": reason})
            if len(block) >= size:
                yield _block_docs(path, block, enc, options, skipped)
                block, skipped = [], []
        if block or skipped:
            yield _block_docs(path, block, enc, options, skipped)


def _block_docs(path: Path, block: list[tuple[int, Any]], enc: str, options: dict[str, Any],
                skipped: list[dict[str, str]]) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """The documents of a block of JSON Lines records, named by file and line, and the block's
    skipped lines (bad JSON, records without text under ``errors="skip"``)."""
    docs = pd.DataFrame(columns=["doc_id", "text"])
    if not block:
        return docs, skipped
    frame = pd.DataFrame([item if isinstance(item, dict) else {"text": item} for _, item in block])
    frame["_line"] = [n for n, _ in block]
    if options["metadata"] is not None:
        options = {**options, "metadata": [*options["metadata"], "_line"]}
    try:
        corpus = load_corpus(frame, **options)
    except CorpusError as exc:
        if options["errors"] == "raise":
            raise CorpusError(f"{path}, lines {block[0][0]}-{block[-1][0]}: {exc}") from None
        return docs, [*skipped, {"source": f"{path} lines {block[0][0]}-{block[-1][0]}",
                                 "reason": str(exc)}]
    docs = corpus.docs
    lines = docs.pop("_line").astype(int)
    docs["doc_id"] = [f"{path.stem}:{n}" for n in lines]
    docs["source"] = [f"{path} line {n} ({enc})" for n in lines]
    rows = corpus.skipped
    return docs, [*skipped, *({"source": f"{path} {s}", "reason": r}
                              for s, r in zip(rows["source"], rows["reason"], strict=True))]


_NO_DOCS = pd.DataFrame(columns=["doc_id", "text"])


def iter_corpus(source: Any, chunksize: int = 1000, format: str | None = None, *,
                text: str | Iterable[str] | None = None, title: str | None = None,
                metadata: Iterable[str] | None = None, encoding: str | None = None,
                errors: str = "raise", date: str | None = None) -> Iterator[Corpus]:
    """:func:`toolkit.load_corpus` in chunks: :class:`Corpus` objects of ``chunksize`` documents
    (the last one may be shorter), in the order ``load_corpus`` gives them.

    The arguments are those of :func:`toolkit.load_corpus`. A JSON Lines file (``.jsonl``,
    ``.ndjson`` or ``format="jsonl"``) is read ``chunksize`` lines at a time, so its size does not
    matter (its encoding: ``encoding`` or UTF-8); a DataFrame is cut into blocks of rows; any other
    file is loaded whole, one file at a time. Memory: one chunk plus the largest non-JSON-Lines
    file. Each chunk's ``skipped`` lists what was skipped while reading it. Raises ValueError for
    ``chunksize < 1`` and :class:`CorpusError` as ``load_corpus`` does.
    """
    if int(chunksize) != chunksize or chunksize < 1:
        raise ValueError(f"chunksize is a number of documents >= 1, not {chunksize!r}")
    options = {"text": text, "title": title, "metadata": metadata, "errors": errors,
               "date": date}
    pending: list[pd.DataFrame] = []
    skipped: list[dict[str, str]] = []
    held = 0
    for docs, skips in _pieces(source, int(chunksize), format, encoding, options):
        if len(docs):  # an empty piece only carries skipped entries (and would reorder columns)
            pending.append(docs)
        skipped.extend(skips)
        held += len(docs)
        if held < chunksize:
            continue
        docs = pd.concat(pending, ignore_index=True)
        start = 0
        while held - start >= chunksize:
            yield _corpus(docs.iloc[start:start + chunksize], skipped)
            start, skipped = start + chunksize, []
        pending, held = [docs.iloc[start:]], held - start
    if held or skipped:
        yield _corpus(pd.concat(pending, ignore_index=True) if pending else _NO_DOCS, skipped)


def _pieces(source: Any, size: int, format: str | None, encoding: str | None,
            options: dict[str, Any]) -> Iterator[tuple[pd.DataFrame, list[dict[str, str]]]]:
    """Documents (and skipped entries) of ``source`` piece by piece, in corpus order."""
    if isinstance(source, pd.DataFrame):
        for start in range(0, len(source), size):
            docs = load_corpus(source.iloc[start:start + size], **options).docs
            if "doc_id" not in source.columns:
                docs["doc_id"] = [f"row:{start + i + 1}" for i in range(len(docs))]
            yield docs, []
        return
    paths, passed = source_paths(source, format)
    for item in passed:  # found but not data (README.md) or unreadable, as load_corpus lists them
        if item.error and options["errors"] == "raise":
            raise CorpusError(f"{item.source}: {item.reason}")
    if passed:
        yield _NO_DOCS, [{"source": item.source, "reason": item.reason} for item in passed]
    for path in tqdm(paths, desc="files", unit="file", leave=False, disable=len(paths) < 2):
        try:
            if (format or detect_format(path)) == "jsonl":
                yield from _jsonl_blocks(path, size, encoding, options)
                continue
            corpus = load_corpus(path, format, encoding=encoding, **options)
        except CorpusError as exc:
            if options["errors"] == "raise":
                raise
            yield _NO_DOCS, [{"source": str(path), "reason": str(exc)}]
            continue
        yield corpus.docs, corpus.skipped.to_dict(orient="records")


def _corpus(docs: pd.DataFrame, skipped: list[dict[str, str]]) -> Corpus:
    """A chunk as a Corpus; a doc_id repeated inside it (same file name in two folders) gets a
    ``~n`` suffix as in :func:`toolkit.load_corpus`."""
    docs = docs.reset_index(drop=True)
    repeat = docs.groupby("doc_id").cumcount()
    docs["doc_id"] = docs["doc_id"].where(repeat == 0, docs["doc_id"] + "~" + repeat.astype(str))
    return Corpus(docs, pd.DataFrame(skipped, columns=["source", "reason"]))


@dataclass(frozen=True)
class FrequencyCounts:
    """Partial frequency counts of some documents, mergeable with :func:`merge_frequency`.

    ``table``: one row per (group, type) with ``group``, ``term``, ``count`` and ``doc_freq``;
    ``group_tokens`` / ``group_docs``: word tokens and documents of each group (Series indexed by
    group value; documents without a group value are left out, as in :func:`toolkit.frequency`).
    Without ``by`` there is one group, ``0``. ``by`` and ``ngram`` record how it was counted.
    """

    table: pd.DataFrame
    group_tokens: pd.Series
    group_docs: pd.Series
    by: str | None = None
    ngram: int = 1


def count_frequency(tokens: Tokens, *, by: str | None = None, ngram: int = 1) -> FrequencyCounts:
    """Partial counts of ``tokens`` (counted by :func:`toolkit.frequency`, nothing pruned)."""
    lengths = pd.Series(np.diff(tokens.doc_offsets), index=tokens.docs.index)
    group = pd.Series(0, index=tokens.docs.index) if by is None else tokens.docs[by]
    counted = frequency(tokens, by=by, ngram=ngram)
    table = pd.DataFrame({"group": 0 if by is None else counted[by], "term": counted["term"],
                          "count": counted["count"], "doc_freq": counted["doc_freq"]})
    return FrequencyCounts(table, lengths.groupby(group).sum().astype(np.int64),
                           group.value_counts().astype(np.int64), by, ngram)


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
    """The :func:`toolkit.frequency` table of merged counts: same columns, order and ranks.

    ``per_million`` = count / word tokens of the group x 10^6, ``range`` = doc_freq / documents
    of the group, ``rank`` 1-based competition ranking ('min' ties) by count; rows ordered by
    group, count descending, term; ``min_count`` and ``top`` as in :func:`toolkit.frequency`.
    """
    table = counts.table[counts.table["count"] >= min_count]
    group = table["group"].to_numpy()
    table = pd.DataFrame({
        "group": group,
        "term": table["term"].to_numpy(),
        "count": table["count"].to_numpy(np.int64),
        "per_million": table["count"].to_numpy() / counts.group_tokens.reindex(group).to_numpy()
        * 1e6,
        "doc_freq": table["doc_freq"].to_numpy(np.int64),
        "range": table["doc_freq"].to_numpy() / counts.group_docs.reindex(group).to_numpy(),
    })
    table = table.sort_values(["group", "count", "term"], ascending=[True, False, True],
                              kind="stable", ignore_index=True)
    table.insert(4, "rank", table.groupby("group")["count"].rank(method="min", ascending=False)
                 .astype(np.int64))
    if top is not None:
        table = table[table.groupby("group").cumcount() < top].reset_index(drop=True)
    if counts.by is None:
        table = table.drop(columns="group")
    else:
        table = table.rename(columns={"group": counts.by})
    return rtl_frame(table)


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
        """The sum so far, pairs below ``min_count`` dropped (as :func:`toolkit.cooccurrence`
        prunes). Raises ValueError when nothing was added."""
        if self.first is None:
            raise ValueError("nothing to merge: no co-occurrence parts were given (is the corpus "
                             "empty?)")
        matrix = self._matrix()
        if min_count > 1:
            matrix.data[matrix.data < min_count] = 0
        matrix.eliminate_zeros()
        matrix.sort_indices()
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


def prepared_chunks(chunks: Iterable[Any], **prepare: Any) -> Iterator[Tokens]:
    """Each chunk as :class:`Tokens`: a ``Tokens`` is passed through, anything else (a Corpus,
    a DataFrame with a ``text`` column, a list of str) goes through :func:`toolkit.tokenize` with
    the ``prepare`` options. A progress bar counts the chunks unless ``progress=False``. A worker
    that dies raises :class:`toolkit.parallel.WorkerError` naming the chunk (1-based) too."""
    from .parallel import WorkerError

    for number, chunk in enumerate(tqdm(chunks, desc="chunks", unit="chunk", leave=False,
                                        disable=prepare.get("progress") is False), start=1):
        if isinstance(chunk, Tokens):
            yield chunk
        else:
            from .preparation import tokenize
            from .queries import EmptyCorpusWarning

            with warnings.catch_warnings():  # a chunk holding only skipped entries is empty
                warnings.simplefilter("ignore", EmptyCorpusWarning)
                try:
                    tokens = tokenize(chunk, **prepare)
                except WorkerError as exc:
                    raise WorkerError(f"chunk {number}: {exc}", exc.documents) from exc
            yield tokens


def stream_counts(chunks: Iterable[Any], *, frequency: dict[str, Any] | None = None,
                  cooccurrence: dict[str, Any] | None = None,
                  **prepare: Any) -> tuple[RTLFrame | None, Cooccurrence | None]:
    """Frequency list and co-occurrence of a corpus given in chunks, in one pass, bounded memory.

    ``chunks``: an iterable of ``Tokens`` or of documents (a Corpus, a DataFrame with a ``text``
    column or a list of str), e.g. :func:`iter_corpus`; documents are prepared once per chunk by
    :func:`toolkit.tokenize` with the ``prepare`` options (``normalize``, ``stopwords``,
    ``n_jobs``, ``cache``, ...). ``frequency``: the keyword arguments of
    :func:`toolkit.frequency` (``by``, ``ngram``, ``min_count``, ``top``), or None to skip it;
    ``cooccurrence``: those of :func:`toolkit.cooccurrence`, or None. Returns ``(table,
    cooccurrence)``, each equal to the function's result on the whole corpus (None when
    skipped). Raises ValueError when the source gives no chunk.
    """
    freq_options = dict(frequency or {})
    prune = {k: freq_options.pop(k) for k in ("min_count", "top") if k in freq_options}
    cooc_options = dict(cooccurrence or {})
    cooc_min = cooc_options.pop("min_count", 1)
    counts: FrequencyCounts | None = None
    pairs = CooccurrenceSum()
    seen = False
    for tokens in prepared_chunks(chunks, **prepare):
        seen = True
        if frequency is not None:
            part = count_frequency(tokens, **freq_options)
            counts = part if counts is None else merge_frequency([counts, part])
        if cooccurrence is not None:
            pairs.add(local_cooccurrence(tokens, **cooc_options))
    if not seen:
        raise ValueError("the corpus gave no chunk of documents; check the source")
    return (None if counts is None else frequency_table(counts, **prune),
            None if cooccurrence is None else pairs.total(cooc_min))


def stream_frequency(chunks: Iterable[Any], *, by: str | None = None, ngram: int = 1,
                     min_count: int = 1, top: int | None = None, **prepare: Any) -> RTLFrame:
    """:func:`toolkit.frequency` of a corpus given in chunks (see :func:`stream_counts`)."""
    table, _ = stream_counts(chunks, frequency={"by": by, "ngram": ngram, "min_count": min_count,
                                                "top": top}, **prepare)
    return table


def stream_cooccurrence(chunks: Iterable[Any], *, window: int = 5, unit: str = "window",
                        ordered: bool = False, min_count: float = 1,
                        weights: Sequence[float] | None = None,
                        vocabulary: Sequence[str] | None = None, **prepare: Any) -> Cooccurrence:
    """:func:`toolkit.cooccurrence` of a corpus given in chunks (see :func:`stream_counts`).

    Each chunk is counted unpruned and summed (:class:`CooccurrenceSum`); ``min_count`` prunes
    the total. Memory: one chunk plus the distinct pairs.
    """
    _, pairs = stream_counts(chunks, cooccurrence={
        "window": window, "unit": unit, "ordered": ordered, "min_count": min_count,
        "weights": weights, "vocabulary": vocabulary}, **prepare)
    return pairs
