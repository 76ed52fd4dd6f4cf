"""Parallel preparation: normalise and tokenise batches of documents on every core.

The work of :func:`toolkit.tokenize` is one function per document (text -> sentences of tokens,
see :data:`Prepare`); here it runs over batches of documents in a
:class:`concurrent.futures.ProcessPoolExecutor`. Each worker encodes its batch against a small
vocabulary of its own (types in order of first appearance) and sends back integer ids, so only
the types cross the process boundary, not every token. The parent then merges the batches *in
document order*: a type gets the next global id the first time it is seen, which is exactly the
order a serial pass assigns (:meth:`Tokens.from_sentences`), so ``ids``, ``vocab`` and the
offsets are identical to the serial path, whatever the number of workers.

Workers and hazm: building a hazm ``Normalizer`` takes seconds, so the parent prepares one
document before starting the pool; on Linux the workers are forked and inherit the objects it
built (and the imported modules), elsewhere every worker builds them once, on its first document.

Ctrl-C: workers ignore SIGINT, so an interrupt reaches the parent only; it cancels the batches
not yet started, waits for the running ones (one batch each, a fraction of a second), shuts the
pool down and re-raises ``KeyboardInterrupt``: no worker outlives the call.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from .tokens import Tokens

#: one document's text -> its sentences, each a list of token strings (picklable: a module-level
#: function or a ``functools.partial`` of one)
Prepare = Callable[[str], Sequence[Sequence[str]]]

#: below this many characters a corpus is prepared in the calling process (a pool costs more)
MIN_PARALLEL_CHARS = 200_000
#: batches per worker: enough for load balance and a moving progress bar, few enough to be cheap
BATCHES_PER_JOB = 8


@dataclass(frozen=True)
class Encoded:
    """Documents encoded against one vocabulary, the layout of :class:`~toolkit.tokens.Tokens`.

    ``vocab`` (object array of types, in order of first appearance), ``ids`` (int32, one per
    token), ``doc_lengths`` (int64, tokens per document), ``sent_lengths`` (int64, tokens per
    non-empty sentence, in reading order).
    """

    vocab: np.ndarray
    ids: np.ndarray
    doc_lengths: np.ndarray
    sent_lengths: np.ndarray

    def to_tokens(self, docs: pd.DataFrame, options: dict[str, Any] | None = None) -> Tokens:
        """The :class:`Tokens` of these documents; ``docs`` has one row per document."""
        doc_offsets = np.concatenate([[0], np.cumsum(self.doc_lengths)]).astype(np.int64)
        sent_ends = np.cumsum(self.sent_lengths).astype(np.int64)
        sent_offsets = np.unique(np.concatenate([[0], sent_ends, doc_offsets]))
        return Tokens(self.ids, self.vocab, doc_offsets, sent_offsets, docs, options)


def id_map(index: dict[str, int], types: Sequence[str]) -> np.ndarray:
    """Global id of each of ``types`` (int32), adding unseen types to ``index`` in order."""
    return np.fromiter((index.setdefault(t, len(index)) for t in types), dtype=np.int32,
                       count=len(types))


def vocab_array(index: dict[str, int]) -> np.ndarray:
    """The types of ``index`` (type -> id, ids 0..n-1 in insertion order) as an object array."""
    vocab = np.empty(len(index), dtype=object)
    vocab[:] = list(index)
    return vocab


def encode(texts: Iterable[str], prepare: Prepare) -> Encoded:
    """Prepare ``texts`` in this process and encode them against a vocabulary of their own."""
    index: dict[str, int] = {}
    ids: list[int] = []
    doc_lengths: list[int] = []
    sent_lengths: list[int] = []
    for text in texts:
        start = len(ids)
        for sentence in prepare(text):
            if sentence:
                ids.extend(index.setdefault(tok, len(index)) for tok in sentence)
                sent_lengths.append(len(sentence))
        doc_lengths.append(len(ids) - start)
    return Encoded(vocab_array(index), np.asarray(ids, dtype=np.int32), np.asarray(doc_lengths, dtype=np.int64),
                   np.asarray(sent_lengths, dtype=np.int64))


def merge(parts: Sequence[Encoded], vocab: Sequence[str] | None = None) -> Encoded:
    """Concatenate encoded batches (in document order) over one vocabulary.

    A type's global id is given the first time it appears, batch by batch, so the result equals
    :func:`encode` of all the texts at once. ``vocab`` fixes the ids of known types first (new
    types are appended), as in :meth:`Tokens.from_sentences`.
    """
    index: dict[str, int] = {t: i for i, t in enumerate(vocab)} if vocab is not None else {}
    ids = [id_map(index, part.vocab)[part.ids] for part in parts]
    merged = vocab_array(index)

    def cat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype=dtype)

    return Encoded(merged, cat(ids, np.int32), cat([p.doc_lengths for p in parts], np.int64),
                   cat([p.sent_lengths for p in parts], np.int64))


def resolve_jobs(n_jobs: int | None) -> int:
    """Number of worker processes: ``None`` or ``-1`` = every core this process may use, ``-2`` =
    all but one, and so on; a positive number is taken as given. Raises ValueError for 0."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    if n_jobs is None:
        return cores
    if n_jobs == 0:
        raise ValueError("n_jobs=0 means no worker at all; use 1 for serial, None or -1 for all "
                         "cores")
    return n_jobs if n_jobs > 0 else max(1, cores + 1 + n_jobs)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def worker_pool(n_jobs: int | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool of ``resolve_jobs(n_jobs)`` workers that ignore SIGINT, shut down on exit.

    On an exception (``KeyboardInterrupt`` included) queued work is cancelled, the running
    batches finish and the workers exit before the exception propagates. Linux forks the
    workers (they inherit the parent's hazm objects); other systems use their default start
    method.
    """
    context = (multiprocessing.get_context("fork") if sys.platform == "linux"
               else multiprocessing.get_context())
    pool = ProcessPoolExecutor(resolve_jobs(n_jobs), mp_context=context,
                               initializer=_ignore_sigint)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _batches(texts: Sequence[str], n_batches: int) -> list[slice]:
    """About equal-sized (in characters) contiguous slices of ``texts``."""
    sizes = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    ends = np.searchsorted(np.cumsum(sizes), np.linspace(0, sizes.sum(), n_batches + 1)[1:-1],
                           side="right")
    cuts = np.unique(np.concatenate([[0], ends, [len(texts)]]))
    return [slice(int(a), int(b)) for a, b in pairwise(cuts)]


def _submit(pool: Executor, prepare: Prepare, texts: Sequence[str],
            slices: list[slice]) -> list[Future]:
    # A fork in a process with threads (Jupyter, tqdm's monitor) raises a DeprecationWarning on
    # Python 3.12+; the workers only run `prepare` on their batch and touch no inherited lock.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [pool.submit(encode, texts[s], prepare) for s in slices]


def encode_parallel(texts: Sequence[str], prepare: Prepare, *, n_jobs: int | None = None,
                    pool: Executor | None = None, progress: bool = True,
                    vocab: Sequence[str] | None = None) -> Encoded:
    """Prepare and encode ``texts`` (a sequence of document strings) on ``n_jobs`` processes.

    Returns the same :class:`Encoded` as ``merge([encode(texts, prepare)], vocab)``, i.e. what a
    serial pass gives. Runs in this process when one job is asked for, when this process is a
    daemon (a worker of another pool, which may not have children) or when the texts are shorter
    than :data:`MIN_PARALLEL_CHARS` characters in all; otherwise in ``pool`` (an executor the
    caller keeps open across calls, e.g. :func:`worker_pool`; ``n_jobs`` then only sets the
    number of batches) or in a pool made for this call.
    Shows a ``tqdm.auto`` progress bar in documents unless ``progress=False``. An exception in
    ``prepare`` is re-raised here (with the worker's traceback as its cause).
    """
    jobs = resolve_jobs(n_jobs)
    small = len(texts) < 2 or sum(len(t) for t in texts) < MIN_PARALLEL_CHARS
    # a daemon process (a multiprocessing or Dask worker) may not start processes of its own
    serial = pool is None and (jobs == 1 or multiprocessing.current_process().daemon)
    if small or serial:
        shown = tqdm(texts, desc="preparing", unit="doc", disable=not progress, leave=False)
        return merge([encode(shown, prepare)], vocab)
    prepare(texts[0])  # build the hazm objects here, before the workers fork
    slices = _batches(texts, jobs * BATCHES_PER_JOB)
    if pool is not None:
        return merge(_collect(pool, prepare, texts, slices, progress), vocab)
    with worker_pool(jobs) as own:
        return merge(_collect(own, prepare, texts, slices, progress), vocab)


def _collect(pool: Executor, prepare: Prepare, texts: Sequence[str], slices: list[slice],
             progress: bool) -> list[Encoded]:
    """Run the batches, tick the progress bar as they finish, return them in document order."""
    futures = _submit(pool, prepare, texts, slices)
    where = {f: i for i, f in enumerate(futures)}
    parts: list[Encoded | None] = [None] * len(futures)
    try:
        with tqdm(total=len(texts), desc="preparing", unit="doc", disable=not progress,
                  leave=False) as bar:
            for future in as_completed(futures):
                i = where[future]
                parts[i] = future.result()
                bar.update(slices[i].stop - slices[i].start)
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return [p for p in parts if p is not None]
