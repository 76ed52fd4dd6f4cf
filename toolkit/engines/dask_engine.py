"""Dask engine: preparation, frequency lists and co-occurrence on a Dask cluster.

The work is split by documents into partitions; each partition is prepared (the same
:class:`toolkit.preparation.DocumentPreparer` as the local path) and counted on a worker, and the
partial counts of :mod:`toolkit.frequencies` and :mod:`toolkit.cooccurrences` are merged pairwise in partition order (a tree, so no
worker receives everything at once). Merging in order makes the result equal, to the count and to
the type ids, to the local engine on the same documents (see :mod:`toolkit.streaming` for why the
sums are exact). It registers itself in :mod:`toolkit.registry`, so
``frequency(..., engine="dask")`` finds it.

Inputs (``data``):

- a :class:`~toolkit.tokens.Tokens`: split into contiguous runs of documents, sent to the workers
  (``Client.scatter``) and counted there;
- a ``dask.dataframe.DataFrame`` with a ``text`` column (and optional ``doc_id`` and metadata
  columns) or a ``dask.bag.Bag`` of strings or of dicts with a ``"text"`` key: prepared on the
  workers with the options of :func:`toolkit.tokenize` (``normalize``, ``stopwords``, ...), so the
  text never travels to the client.

The scheduler is Dask's current one: with a ``dask.distributed.Client`` in the session (for
example ``Client("tcp://scheduler:8786")`` for an existing cluster, or
``Client(LocalCluster(n_workers=2))``) the work runs on that cluster and a ``tqdm.auto`` progress
bar counts finished partitions; without one, Dask's local threaded scheduler runs it. The workers
need this package (and hazm) installed in the same version.

Every call works on keys of its own (scattered data with ``hash=False``, tasks with
``pure=False``): nothing a call computes depends on data that another call, finishing or failing
at the same time, can release.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ..cooccurrences import Cooccurrence, merge_cooccurrence, window_size
from ..cooccurrences import cooccurrence as local_cooccurrence
from ..frequencies import FrequencyCounts, count_frequency, frequency_table, merge_frequency
from ..naming import renamed
from ..parallel import Encoded, encode, merge
from ..preparation import (
    DocumentPreparer,
    Options,
    document_texts,
    make_options,
    with_default_ids,
)
from ..registry import register
from ..tables import RTLFrame
from ..tokens import Tokens

T = TypeVar("T")


def _dask() -> Any:
    try:
        import dask
        import dask.bag
        import dask.dataframe
    except ImportError as error:  # pragma: no cover - dask is a declared extra
        raise ImportError("the Dask engine needs dask: pip install "
                          "'persian-text-toolkit[dask]'") from error
    return dask


def _client() -> Any | None:
    """The current ``dask.distributed`` client, or None (Dask's local scheduler is then used)."""
    try:
        from distributed import get_client
    except ImportError:  # pragma: no cover - distributed is part of the dask extra
        return None
    try:
        return get_client()
    except ValueError:
        return None


def _documents(partition: pd.DataFrame | Sequence[Any]) -> tuple[list[str], pd.DataFrame]:
    """Texts and metadata (without ``text``) of one partition (a DataFrame or a bag's list)."""
    if not isinstance(partition, pd.DataFrame):
        records = list(partition)
        partition = pd.DataFrame({"text": records} if all(isinstance(r, str) for r in records)
                                 else records)
    if "text" not in partition.columns:
        raise ValueError(f"a partition has no 'text' column (columns: {list(partition.columns)}); "
                         "give a dask DataFrame with a 'text' column or a bag of str or of dicts "
                         "with a 'text' key")
    texts = document_texts(partition)
    return texts, partition.drop(columns=["text"]).reset_index(drop=True)


def _encode_partition(partition: Any, options: Options) -> tuple[Encoded, pd.DataFrame]:
    texts, meta = _documents(partition)
    return encode(texts, DocumentPreparer(options)), meta


def _as_tokens(partition: Any, options: Options) -> Tokens:
    """One partition as ``Tokens``: passed through, or prepared with ``options``."""
    if isinstance(partition, Tokens):
        return partition
    encoded, meta = _encode_partition(partition, options)
    return encoded.to_tokens(with_default_ids(meta), options.as_dict())


def _split(tokens: Tokens, partitions: int) -> list[Tokens]:
    """Contiguous runs of documents of about equal token counts (the vocabulary is kept)."""
    if len(tokens) == 0:
        return [tokens]
    cuts = np.searchsorted(tokens.doc_offsets, np.linspace(0, tokens.n_tokens, partitions + 1))
    cuts = np.unique(np.clip(np.concatenate([[0], cuts[1:-1], [len(tokens)]]), 0, len(tokens)))
    return [tokens.select(np.arange(a, b)) for a, b in pairwise(cuts)]


def _sources(data: Any, partitions: int | None) -> list[Any]:
    """Per-partition inputs: delayed partitions of a dask collection, or parts of a Tokens
    (scattered to the cluster when a client is active)."""
    dask = _dask()
    if isinstance(data, Tokens):
        client = _client()
        n = partitions or (len(client.scheduler_info()["workers"]) * 2 if client else 4)
        parts = _split(data, max(1, n))
        # hash=False: keys of this call only. Named by content (the default), two calls on the
        # same Tokens share keys, and releasing the first call's futures loses the second's
        # inputs ("lost dependencies").
        return client.scatter(parts, hash=False) if client is not None else parts
    if isinstance(data, dask.dataframe.DataFrame | dask.bag.Bag):
        return list(data.to_delayed())
    raise TypeError("the Dask engine takes a Tokens, a dask.dataframe.DataFrame with a 'text' "
                    f"column or a dask.bag.Bag of documents, not {type(data).__name__}")


def _run(sources: list[Any], work: Callable[[Any], T], desc: str) -> list[Any]:
    """``work`` applied to every source on the cluster: futures (client) or delayed objects,
    in partition order. With a client, a progress bar counts the finished partitions."""
    dask = _dask()
    tasks = [dask.delayed(work, pure=False)(s) for s in sources]
    client = _client()
    if client is None:
        return tasks
    from distributed import as_completed

    futures = client.compute(tasks)
    for _ in tqdm(as_completed(futures), total=len(futures), desc=desc, unit="partition",
                  leave=False):
        pass
    return futures


def _reduce(items: list[Any], combine: Callable[[list[T]], T]) -> T:
    """Pairwise (tree) merge of futures or delayed objects in order; the merged value."""
    dask = _dask()
    client = _client()
    while len(items) > 1:
        pairs = [items[i:i + 2] for i in range(0, len(items), 2)]
        # pure=False: a fresh key per call, never a result another call can release
        items = [client.submit(combine, pair, pure=False) if client is not None
                 else dask.delayed(combine, pure=False)(pair) for pair in pairs]
    (last,) = items
    return last.result() if client is not None else last.compute()


def tokenize(data: Any, *, partitions: int | None = None, **options: Any) -> Tokens:
    """:func:`toolkit.tokenize` on the cluster: the ``Tokens`` of a dask DataFrame or bag.

    Each partition is prepared on a worker; the encoded partitions are gathered and merged here
    in order, so the result equals ``toolkit.tokenize`` of the same documents (ids, vocabulary,
    offsets). ``options`` are :func:`toolkit.tokenize`'s preparation options. Documents without a
    ``doc_id`` are numbered ``"0"``, ``"1"``, ... across the collection. ``partitions`` is unused
    for dask collections (their own partitions are used).
    """
    if isinstance(data, Tokens):
        raise TypeError("tokenize() takes documents (a dask DataFrame or bag), not Tokens")
    opts = make_options(**options)
    done = _run(_sources(data, partitions), functools.partial(_encode_partition, options=opts), "preparing")
    client = _client()
    results = client.gather(done) if client is not None else _dask().compute(*done)
    encoded = merge([e for e, _ in results])
    meta = pd.concat([m for _, m in results], ignore_index=True)
    return encoded.to_tokens(with_default_ids(meta), opts.as_dict())


def _count_frequency(partition: Any, options: Options, by: str | None,
                     n: int) -> FrequencyCounts:
    return count_frequency(_as_tokens(partition, options), by=by, ngram=n)


@register("dask", "frequency")
@renamed(ngram="n")
def frequency(data: Any, *, by: str | None = None, n: int = 1, min_count: int = 1,
              top: int | None = None, partitions: int | None = None,
              **options: Any) -> RTLFrame:
    """:func:`toolkit.frequency` computed on the cluster; the same table as the local engine.

    ``data``: a ``Tokens`` (split into ``partitions`` runs of documents, default two per worker)
    or a dask DataFrame / bag of documents (prepared on the workers with ``options``). Partial
    counts (:class:`toolkit.frequencies.FrequencyCounts`) are merged on the workers; pruning by
    ``min_count`` and ``top`` happens once, at the end. ``n``: the n-gram length (``ngram=``
    is its old name and warns).
    """
    work = functools.partial(_count_frequency, options=make_options(**options), by=by, n=n)
    counts = _reduce(_run(_sources(data, partitions), work, "counting"), merge_frequency)
    return frequency_table(counts, min_count=min_count, top=top)


def _count_cooccurrence(partition: Any, options: Options, settings: dict[str, Any]
                        ) -> Cooccurrence:
    return local_cooccurrence(_as_tokens(partition, options), **settings)


@register("dask", "cooccurrence")
def cooccurrence(data: Any, *, span: int | tuple[int, int] = 4, unit: str = "window",
                 ordered: bool = False, min_count: float = 1,
                 weights: Sequence[float] | None = None,
                 vocabulary: Sequence[str] | None = None, partitions: int | None = None,
                 window: int | None = None, **options: Any) -> Cooccurrence:
    """:func:`toolkit.cooccurrence` computed on the cluster; equal to the local engine.

    ``data`` as in :func:`frequency`. Each partition is counted with ``min_count=1``, the sparse
    matrices and marginals are merged pairwise on the workers
    (:func:`toolkit.cooccurrences.merge_cooccurrence`), and ``min_count`` prunes the merged pairs.
    ``span``: tokens on each side of a word, as in :func:`toolkit.cooccurrence` (``window=`` keeps
    its old meaning, a span of that many tokens, for one release and warns).
    """
    span = window_size(span, ordered, window, "cooccurrence") - 1
    settings = {"span": span, "unit": unit, "ordered": ordered,
                "weights": None if weights is None else list(weights),
                "vocabulary": None if vocabulary is None else list(vocabulary)}
    work = functools.partial(_count_cooccurrence, options=make_options(**options),
                             settings=settings)
    total = _reduce(_run(_sources(data, partitions), work, "counting"), merge_cooccurrence)
    return merge_cooccurrence([total], min_count=min_count)
