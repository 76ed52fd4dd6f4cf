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

The partial counts (:class:`toolkit.frequencies.FrequencyCounts`,
``toolkit.cooccurrences.CooccurrenceSum``) and the chunked reader (``toolkit.corpus.iter_corpus``)
live below this
engine and are re-exported here; the Dask engine (:mod:`toolkit.dask_engine`) computes them per
partition and merges on the cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tqdm.auto import tqdm

from ..cooccurrences import (
    Cooccurrence,
    CooccurrenceSum,
    merge_cooccurrence,
    window_size,
)
from ..cooccurrences import cooccurrence as local_cooccurrence
from ..corpus import iter_corpus
from ..frequencies import FrequencyCounts, count_frequency, frequency_table, merge_frequency
from ..naming import deprecated, renamed
from ..preparation import tokenize
from ..queries import EmptyCorpusWarning, quiet
from ..tables import RTLFrame
from ..tokens import Tokens

#: the names this module has documented; the reading and the partial counts live below it
__all__ = ["CooccurrenceSum", "FrequencyCounts", "count_frequency", "frequency_table",
           "iter_corpus", "merge_cooccurrence", "merge_frequency", "prepared_chunks",
           "stream_cooccurrence", "stream_counts", "stream_frequency"]


def prepared_chunks(chunks: Iterable[Any], **prepare: Any) -> Iterator[Tokens]:
    """Each chunk as :class:`Tokens`: a ``Tokens`` is passed through, anything else (a Corpus,
    a DataFrame with a ``text`` column, a list of str) goes through :func:`toolkit.tokenize` with
    the ``prepare`` options, every chunk on the same worker processes
    (``toolkit.parallel.reused_pool``). A progress bar counts the chunks unless
    ``progress=False``. A worker that dies raises :class:`toolkit.parallel.WorkerError` naming the chunk (1-based) too."""
    from ..parallel import WorkerError, reused_pool

    with reused_pool():  # one pool of workers for every chunk, not one per chunk
        for number, chunk in enumerate(tqdm(chunks, desc="chunks", unit="chunk", leave=False,
                                            disable=prepare.get("progress") is False), start=1):
            if isinstance(chunk, Tokens):
                yield chunk
            else:
                with quiet(EmptyCorpusWarning):  # a chunk of only skipped entries is empty
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
    :func:`toolkit.frequency` (``by``, ``n``, ``min_count``, ``top``), or None to skip it;
    ``cooccurrence``: those of :func:`toolkit.cooccurrence`, or None. Returns ``(table,
    cooccurrence)``, each equal to the function's result on the whole corpus (None when
    skipped). Raises ValueError when the source gives no chunk.
    """
    freq_options = dict(frequency or {})
    prune = {k: freq_options.pop(k) for k in ("min_count", "top") if k in freq_options}
    if "ngram" in freq_options:
        deprecated("stream_counts(frequency={'ngram': ...}): ngram is now called n")
        freq_options.setdefault("n", freq_options.pop("ngram"))
    if "n" in freq_options:  # the partial counts' own keyword
        freq_options["ngram"] = freq_options.pop("n")
    cooc_options = dict(cooccurrence or {})
    cooc_min = cooc_options.pop("min_count", 1)
    if cooccurrence is not None:  # the span once, here: a deprecated window= warns once
        size = window_size(cooc_options.pop("span", 4), cooc_options.get("ordered", False),
                           cooc_options.pop("window", None), "cooccurrence")
        cooc_options["span"] = size - 1
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


@renamed(ngram="n")
def stream_frequency(chunks: Iterable[Any], *, by: str | None = None, n: int = 1,
                     min_count: int = 1, top: int | None = None, **prepare: Any) -> RTLFrame:
    """:func:`toolkit.frequency` of a corpus given in chunks (see :func:`stream_counts`); ``n``
    is the n-gram length (``ngram=`` is its old name and warns)."""
    table, _ = stream_counts(chunks, frequency={"by": by, "n": n, "min_count": min_count,
                                                "top": top}, **prepare)
    return table


def stream_cooccurrence(chunks: Iterable[Any], *, span: int | tuple[int, int] = 4,
                        unit: str = "window", ordered: bool = False, min_count: float = 1,
                        weights: Sequence[float] | None = None,
                        vocabulary: Sequence[str] | None = None, window: int | None = None,
                        **prepare: Any) -> Cooccurrence:
    """:func:`toolkit.cooccurrence` of a corpus given in chunks (see :func:`stream_counts`).

    Each chunk is counted unpruned and summed (:class:`CooccurrenceSum`); ``min_count`` prunes
    the total. Memory: one chunk plus the distinct pairs. ``span``: tokens on each side of a
    word, as in :func:`toolkit.cooccurrence` (``window=`` keeps its old meaning, a span of that
    many tokens, for one release and warns).
    """
    span = window_size(span, ordered, window, "cooccurrence") - 1
    _, pairs = stream_counts(chunks, cooccurrence={
        "span": span, "unit": unit, "ordered": ordered, "min_count": min_count,
        "weights": weights, "vocabulary": vocabulary}, **prepare)
    return pairs
