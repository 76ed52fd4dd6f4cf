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

A parent that dies (``SIGKILL``, a Jupyter kernel restart, the out-of-memory killer) takes its
workers with it: on Linux every worker asks the kernel for ``SIGKILL`` when its parent dies
(``prctl(PR_SET_PDEATHSIG)``, which works even while the worker is blocked writing a large
result into a pipe nobody reads); on every system a watchdog thread in the worker also exits it
once its parent process is gone (the parent id changes).

A worker that dies (killed by the out-of-memory killer, a crash in a C extension) breaks the pool;
the call then raises :class:`WorkerError` naming the documents that were not prepared, saying
that nothing was written and what to try (fewer workers, smaller chunks, more memory).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from .tokens import Tokens

#: one document's text -> its sentences, each a list of token strings (picklable: a module-level
#: function, a ``functools.partial`` of one, or an object such as
#: :class:`toolkit.preparation.DocumentPreparer`, whose ``encode`` method encodes a whole batch)
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
    """Prepare ``texts`` in this process and encode them against a vocabulary of their own:
    ``prepare.encode(texts)`` when ``prepare`` has that method (a batch encoder such as
    :class:`toolkit.preparation.DocumentPreparer`, which must give what the rest of this
    function gives), else :func:`encode_sentences` of ``prepare`` of each text."""
    batch = getattr(prepare, "encode", None)
    if batch is not None:
        return batch(texts)
    return encode_sentences(map(prepare, texts))


def encode_sentences(documents: Iterable[Sequence[Sequence[str]]]) -> Encoded:
    """Documents, each a sequence of sentences of token strings, encoded against a vocabulary
    of their own (types in order of first appearance; empty sentences left out)."""
    flat: list[str] = []
    doc_lengths: list[int] = []
    sent_lengths: list[int] = []
    for document in documents:
        start = len(flat)
        for sentence in document:
            if sentence:
                flat += sentence
                sent_lengths.append(len(sentence))
        doc_lengths.append(len(flat) - start)
    # types in order of first appearance (dicts keep insertion order), then one look-up a token
    index = {t: i for i, t in enumerate(dict.fromkeys(flat))}
    ids = np.fromiter(map(index.__getitem__, flat), dtype=np.int32, count=len(flat))
    return Encoded(vocab_array(index), ids, np.asarray(doc_lengths, dtype=np.int64),
                   np.asarray(sent_lengths, dtype=np.int64))


def encode_lines(lines: Sequence[str], doc_lines: Sequence[int],
                 counted: Callable[[list[str]], list[str | None]]) -> Encoded:
    """Documents written as lines of raw tokens, encoded: what :func:`encode_sentences` gives
    for documents whose sentences are the raw tokens of each line (``line.split(" ")`` without
    the empty ones) as counted, the dropped ones left out, with Arrow doing the per-token work.

    ``lines``: every document's lines in order, raw tokens separated by one or more spaces
    (``" "`` only; the caller turns other white space into spaces); ``doc_lines``: the number of
    lines of each document (``sum(doc_lines) == len(lines)``); ``counted``: a list of distinct
    raw tokens -> each as counted, or None when dropped (called once, with the distinct raw
    tokens, ``""`` included, in order of first appearance).

    ``pyarrow.compute.split_pattern`` splits the lines and ``dictionary_encode`` numbers the
    distinct raw tokens in order of first appearance (a hash table in C++, instead of a Python
    look-up per token); a type's first appearance is that of the first of its raw tokens, so
    giving ids while going through the raw tokens in that order gives :func:`encode_sentences`'
    order of types. Then numpy drops the dropped tokens and counts each line's and document's
    tokens."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # the C library's allocator, not Arrow's default pool (mimalloc): in a fresh interpreter the
    # tokenize of fars-news took 0.05-0.08 s of system time with it, 0.01-0.02 s without, and
    # 30-40 ms less CPU in all (3 fresh runs each, Python 3.12); int32 offsets and ids, as a
    # part holds far fewer than 2**31 bytes and tokens
    pool = pa.system_memory_pool()
    raws = pc.split_pattern(pa.array(lines, pa.string(), memory_pool=pool), " ",
                            memory_pool=pool)
    numbered = pc.dictionary_encode(raws.flatten(), memory_pool=pool)
    index: dict[str, int] = {}
    types = counted(numbered.dictionary.to_pylist())
    code = np.fromiter((-1 if t is None else index.setdefault(t, len(index)) for t in types),
                       dtype=np.int32, count=len(types))
    every = code[numbered.indices.to_numpy()]
    kept = every >= 0
    running = np.zeros(len(every) + 1, dtype=np.int32)  # tokens kept before each position
    np.cumsum(kept, dtype=np.int32, out=running[1:])
    per_line = np.diff(running[raws.offsets.to_numpy()]).astype(np.int64)
    line_ends = np.concatenate([[0], np.cumsum(per_line)])
    doc_ends = np.concatenate([[0], np.cumsum(np.asarray(doc_lines, dtype=np.int64))])
    return Encoded(vocab_array(index), every[kept], np.diff(line_ends[doc_ends]),
                   per_line[per_line > 0])


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


class WorkerError(BrokenProcessPool):
    """A worker process died while preparing documents (a ``BrokenProcessPool``).

    ``documents`` holds the (0-based, half-open) ranges of document positions that were not
    prepared; the message names them (with their ``doc_id`` when known), says that nothing was
    written and what to try.
    """

    def __init__(self, message: str, documents: Sequence[tuple[int, int]] = ()) -> None:
        super().__init__(message)
        self.documents = list(documents)


def _spans(slices: Sequence[slice], labels: Sequence[str] | None) -> str:
    """``"documents 10-19 (doc_id a ... b), 40-59 (...)"`` for a list of document slices."""
    parts = []
    for s in slices:
        text = f"{s.start + 1}-{s.stop}" if s.stop - s.start > 1 else f"{s.start + 1}"
        if labels is not None:
            first, last = labels[s.start], labels[s.stop - 1]
            text += f" (doc_id {first})" if s.stop - s.start == 1 else f" (doc_id {first} to {last})"
        parts.append(text)
    shown = ", ".join(parts[:5]) + (f" and {len(parts) - 5} more batches" if len(parts) > 5 else "")
    return f"documents {shown}"


def worker_died(slices: Sequence[slice], total: int, labels: Sequence[str] | None,
                cause: BaseException) -> WorkerError:
    """The :class:`WorkerError` for a pool broken while ``slices`` were not yet prepared."""
    return WorkerError(
        f"a worker process died while preparing {_spans(slices, labels)} of {total} "
        f"({cause.__class__.__name__}: the process was killed, most often by the "
        "out-of-memory killer, or crashed). Nothing was written and no result was returned. "
        "Try fewer worker processes (n_jobs=2, or n_jobs=1 to prepare in this process), smaller "
        "chunks (load_corpus(..., chunksize=...) or a smaller chunksize for streaming), or free "
        "some memory.", [(s.start, s.stop) for s in slices])


def _joined(slices: Sequence[slice]) -> list[slice]:
    """Adjacent slices joined into one."""
    out: list[slice] = []
    for s in slices:
        if out and out[-1].stop == s.start:
            out[-1] = slice(out[-1].start, s.stop)
        else:
            out.append(s)
    return out


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int, death_signal: bool) -> None:
    """Exit this worker when process ``parent`` dies: ``PR_SET_PDEATHSIG`` on Linux (when
    ``death_signal``), and a watchdog thread everywhere (it notices that the parent id changed).

    The kernel sends the death signal when the *thread* that forked the worker ends, so it is
    only asked for when the pool is made on the parent's main thread."""
    if sys.platform == "linux" and death_signal:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog remains
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="toolkit-parent-watchdog", daemon=True).start()


def _init_worker(parent: int, death_signal: bool) -> None:
    """Worker start-up: ignore SIGINT (the parent handles Ctrl-C) and die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent, death_signal)


def new_pool(n_jobs: int | None = None) -> ProcessPoolExecutor:
    """A process pool of ``resolve_jobs(n_jobs)`` workers that ignore SIGINT and die with this
    process (see the module docstring); raises ``OSError`` when the system cannot make one (no
    semaphores, a file size limit on /dev/shm). Linux forks the workers (they inherit the
    parent's hazm objects); other systems use their default start method."""
    context = (multiprocessing.get_context("fork") if sys.platform == "linux"
               else multiprocessing.get_context())
    return ProcessPoolExecutor(resolve_jobs(n_jobs), mp_context=context,
                               initializer=_init_worker,
                               initargs=(os.getpid(),
                                         threading.current_thread() is threading.main_thread()))


@contextmanager
def worker_pool(n_jobs: int | None = None,
                pool: ProcessPoolExecutor | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool of ``resolve_jobs(n_jobs)`` workers (:func:`new_pool`, or ``pool`` when
    given) that shuts down on exit.

    On an exception (``KeyboardInterrupt`` included) queued work is cancelled, the running
    batches finish and the workers exit before the exception propagates.
    """
    pool = new_pool(n_jobs) if pool is None else pool
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


#: the pools of the open :func:`reused_pool` blocks (innermost last): None until a call needs it
_REUSED: list[list[ProcessPoolExecutor | None]] = []


@contextmanager
def reused_pool() -> Iterator[None]:
    """Within the block, :func:`encode_parallel` calls that would start a pool of their own share
    one: the first call that needs workers starts it (after preparing its first document, so the
    workers fork with the hazm objects built) and it is shut down when the block ends (queued
    work cancelled on an exception). Streaming prepares chunk after chunk: a pool per chunk
    forks new workers each time, whose per-type memo (``toolkit.preparation``'s raw token
    -> token) starts empty. The shared workers forget the normalisation memo after each batch
    (a document is seen once in a stream, and the memo would grow to
    ``toolkit.normalization.MEMO_DOCUMENTS`` documents per worker). The number of workers
    is that of the first call."""
    slot: list[ProcessPoolExecutor | None] = [None]
    _REUSED.append(slot)
    try:
        yield
    except BaseException:
        if slot[0] is not None:
            slot[0].shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _REUSED.remove(slot)
    if slot[0] is not None:
        slot[0].shutdown(wait=True)


def _encode_in_reused(texts: Sequence[str], prepare: Prepare) -> Encoded:
    """:func:`encode` in a worker of a :func:`reused_pool`, which then forgets the normalised
    documents (they are not seen again; the per-type memo stays)."""
    from .normalization import _standard_memo

    try:
        return encode(texts, prepare)
    finally:
        _standard_memo.cache_clear()


def _batches(texts: Sequence[str], n_batches: int) -> list[slice]:
    """About equal-sized (in characters) contiguous slices of ``texts``."""
    sizes = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    ends = np.searchsorted(np.cumsum(sizes), np.linspace(0, sizes.sum(), n_batches + 1)[1:-1],
                           side="right")
    cuts = np.unique(np.concatenate([[0], ends, [len(texts)]]))
    return [slice(int(a), int(b)) for a, b in pairwise(cuts)]


def _submit(pool: Executor, prepare: Prepare, texts: Sequence[str],
            slices: list[slice], work: Callable[[Sequence[str], Prepare], Encoded] = encode
            ) -> list[Future]:
    # A fork in a process with threads (Jupyter, tqdm's monitor) raises a DeprecationWarning on
    # Python 3.12+; the workers only run `prepare` on their batch and touch no inherited lock.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [pool.submit(work, texts[s], prepare) for s in slices]


def encode_parallel(texts: Sequence[str], prepare: Prepare, *, n_jobs: int | None = None,
                    pool: Executor | None = None, progress: bool = True,
                    vocab: Sequence[str] | None = None,
                    labels: Sequence[str] | None = None) -> Encoded:
    """Prepare and encode ``texts`` (a sequence of document strings) on ``n_jobs`` processes.

    Returns the same :class:`Encoded` as ``merge([encode(texts, prepare)], vocab)``, i.e. what a
    serial pass gives. Runs in this process when one job is asked for, when this process is a
    daemon (a worker of another pool, which may not have children) or when the texts are shorter
    than :data:`MIN_PARALLEL_CHARS` characters in all; otherwise in ``pool`` (an executor the
    caller keeps open across calls, e.g. :func:`worker_pool`; ``n_jobs`` then only sets the
    number of batches) or in a pool made for this call.
    Shows a ``tqdm.auto`` progress bar in documents unless ``progress=False``. An exception in
    ``prepare`` is re-raised here (with the worker's traceback as its cause); a worker that dies
    raises :class:`WorkerError` naming the documents not prepared (by position, and by
    ``labels[i]``, e.g. the ``doc_id``, when given).
    """
    jobs = resolve_jobs(n_jobs)
    small = len(texts) < 2 or sum(len(t) for t in texts) < MIN_PARALLEL_CHARS
    # a daemon process (a multiprocessing or Dask worker) may not start processes of its own
    serial = pool is None and (jobs == 1 or multiprocessing.current_process().daemon)
    def in_this_process() -> Encoded:
        shown = tqdm(texts, desc="preparing", unit="doc", disable=not progress, leave=False)
        return merge([encode(shown, prepare)], vocab)

    if small or serial:
        return in_this_process()
    prepare(texts[0])  # build the hazm objects here, before the workers fork
    slices = _batches(texts, jobs * BATCHES_PER_JOB)
    if pool is not None:
        return merge(_collect(pool, prepare, texts, slices, progress, labels), vocab)
    reused = _REUSED[-1] if _REUSED else None
    if reused is not None and reused[0] is not None:
        return merge(_collect(reused[0], prepare, texts, slices, progress, labels,
                              _encode_in_reused), vocab)
    try:
        made = new_pool(jobs)
    except OSError as exc:  # no semaphores here: prepare in this process, as joblib does
        warnings.warn(f"cannot start worker processes ({exc.strerror or exc!r}); preparing in "
                      "this process", stacklevel=2)
        return in_this_process()
    if reused is not None:  # kept for the next calls; reused_pool shuts it down
        reused[0] = made
        return merge(_collect(made, prepare, texts, slices, progress, labels,
                              _encode_in_reused), vocab)
    with worker_pool(pool=made) as own:
        return merge(_collect(own, prepare, texts, slices, progress, labels), vocab)


def _collect(pool: Executor, prepare: Prepare, texts: Sequence[str], slices: list[slice],
             progress: bool, labels: Sequence[str] | None = None,
             work: Callable[[Sequence[str], Prepare], Encoded] = encode) -> list[Encoded]:
    """Run the batches (``work`` of each), tick the progress bar as they finish, return them in
    document order."""
    futures = _submit(pool, prepare, texts, slices, work)
    where = {f: i for i, f in enumerate(futures)}
    parts: list[Encoded | None] = [None] * len(futures)
    try:
        with tqdm(total=len(texts), desc="preparing", unit="doc", disable=not progress,
                  leave=False) as bar:
            for future in as_completed(futures):
                i = where[future]
                parts[i] = future.result()
                bar.update(slices[i].stop - slices[i].start)
    except BrokenProcessPool as exc:
        for future in futures:
            future.cancel()
        missing = [s for s, part in zip(slices, parts, strict=True) if part is None]
        raise worker_died(_joined(missing), len(texts), labels, exc) from exc
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return [p for p in parts if p is not None]
