"""`make bench`: speed and memory of the toolkit against the tools users would pick instead.

    python bench/run.py [--corpus DIR] [--repeat 3] [--stream-mb 100] [--gb] [--skip-dask]
                        [--workdir DIR]

One run, one machine, the same data for both sides of every ratio. Every preparation figure
comes from a fresh interpreter (a child process started for that one measurement), so no memo,
cache or warmed-up object of another run can flatter it; the configurations run ``--repeat``
times in alternation (hazm, toolkit serial, toolkit all cores, hazm, ...) and the median and
range are printed, in CPU seconds and in wall-clock seconds:

1. cold preparation (normalise + tokenise; the corpus is loaded and hazm's objects are built
   before the clock starts, on both sides) of fars-news: a serial loop over hazm's
   ``Normalizer().normalize``, ``SentenceTokenizer`` and one reused ``WordTokenizer`` against
   ``toolkit.tokenize`` serial (``n_jobs=1``; per-core speed-up = hazm CPU seconds / toolkit
   CPU seconds) and on all cores (all-core speed-up = hazm wall / toolkit wall); identical
   tokens checked (a hash of ids, vocabulary and offsets from every child);
2. warm run: ``tokenize`` reading the Parquet cache a cold child wrote, in fresh children
   (in the same rounds as section 1), against the cold all-core run; as on the cold side,
   loading the libraries happens before the clock (hazm's objects built, ``pyarrow.parquet``
   imported): the clock holds hashing the texts, reading the file and building ``Tokens``;
3. frequency table (``toolkit.frequency``) against a bare ``collections.Counter`` pass over the
   same token lists (best of 5);
4. window-5 co-occurrence against NLTK's ``BigramCollocationFinder.from_words(window_size=5)``
   (documents separated by 4 ``None``; identical counts checked; best of 5 and of 2, CPU time);
5. document co-occurrence against scikit-learn ``CountVectorizer`` ``X.T @ X`` (identical
   counts checked: the toolkit leaves a token's pairing with itself out, so its diagonal is
   ``X.T @ X`` minus the type frequency);
6. the Dask engine on a two-worker ``LocalCluster`` against the local engine (equal counts);
7. streaming: frequency and window-5 co-occurrence in one pass (``toolkit.stream_counts``,
   standard preparation on all cores) over a generated JSON Lines corpus of ``--stream-mb`` MB
   of text (and 1 GB with ``--gb``, minutes), made by resampling with replacement (seed 0) the
   articles of ``../shared/corpora/fars-news`` and ``../shared/corpora/varzesh3`` into a
   temporary folder (deleted afterwards, never committed).

Memory is the peak resident set of the measuring child itself (``VmHWM`` of
``/proc/self/status``, which starts afresh at exec, unlike ``ru_maxrss``, which a child inherits
from a large parent), the largest worker's ``VmHWM``, and the peak of the whole process tree:
the sum of the proportional set sizes (``Pss`` of ``/proc/PID/smaps_rollup``: a page a forked
worker shares with its parent counts once in all) of the child and all its descendants (found
with psutil), sampled every 50 ms by a thread (not during the warm runs, which report no
memory: the sampler's reads of ``/proc`` would slow a 0.1 s run). CPU seconds are those of every
thread of the measuring process (pyarrow reads with threads) less the sampler's own, plus those
of the finished workers.

The machine may be shared: the load average is printed before and after every section, with a
warning when it exceeded half the number of cores (wall-clock figures are then unreliable; CPU
seconds much less so). A summary table prints every goal with the measured value. Exit status 1
when a result that must be identical is not; a missed speed goal is reported, not an error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's toolkit, not an installed one
SHARED = ROOT.parent / "shared" / "corpora"
WINDOW = 5
MB = 1_000_000
CORES = os.cpu_count() or 1
#: a load average above this many runnable processes makes wall-clock figures unreliable
BUSY = CORES * 0.5
#: the configurations of section 1, run in alternation
PREPARATIONS = ("hazm", "serial", "parallel")

Row = tuple[str, str, str, bool | None]  # what, measured, goal, met (None: no goal)


def clock(fn: Callable[[], Any]) -> tuple[Any, float]:
    """``fn()`` once: its result and wall-clock seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float, float]:
    """The result of ``fn`` and its fastest wall-clock and CPU seconds over ``repeat`` runs."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return result, wall, cpu


def load_average() -> tuple[float, float, float]:
    return os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)


def load_note(before: tuple[float, ...], after: tuple[float, ...]) -> str:
    """``load average a -> b`` and a warning when the machine was busy (1-minute average)."""
    text = f"load average {before[0]:.1f} -> {after[0]:.1f} ({CORES} cores)"
    if max(before[0], after[0]) > BUSY:
        text += (f"  WARNING: the machine was busy (load > {BUSY:g}); wall-clock figures are "
                 "unreliable, CPU seconds less so")
    return text


@contextmanager
def section(name: str, notes: list[str]) -> Iterator[None]:
    """Print the load average before and after a section; remember a busy section's name."""
    before = load_average()
    yield
    after = load_average()
    print(f"  [{load_note(before, after)}]")
    if max(before[0], after[0]) > BUSY:
        notes.append(name)


def _proc_bytes(path: str, field: str) -> int | None:
    """The ``field: N kB`` line of a ``/proc`` file in bytes; None when unknown (not Linux)."""
    try:
        with open(path, encoding="ascii") as lines:
            for line in lines:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def vm_hwm(pid: int | str = "self") -> int:
    """Peak resident set (``VmHWM``) of a process in bytes, 0 when unknown (not Linux)."""
    return _proc_bytes(f"/proc/{pid}/status", "VmHWM:") or 0


def _proportional(process: Any) -> int:
    """A process's proportional set size (PSS: a page shared by n processes counts 1/n in
    each, so the sum over a tree is the memory the tree holds), its resident set where the
    system does not report PSS."""
    pss = _proc_bytes(f"/proc/{process.pid}/smaps_rollup", "Pss:")
    return process.memory_info().rss if pss is None else pss


class TreePeak:
    """Samples (every ``interval`` s, in a thread) the summed proportional set size of this
    process and all its descendants, and each descendant's ``VmHWM``, until :meth:`stop`."""

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.peak = 0
        self.worker_peak = 0
        self.workers: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        total = _proportional(self.process)
        for child in self.process.children(recursive=True):
            try:
                total += _proportional(child)
            except psutil.Error:
                continue
            self.workers.add(child.pid)
            self.worker_peak = max(self.worker_peak, vm_hwm(child.pid))
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def cpu(self) -> float:
        """CPU seconds the sampler thread has used so far (read from another thread), 0 where
        the system cannot tell."""
        try:
            return time.clock_gettime(time.pthread_getcpuclockid(self._thread.ident or 0))
        except (AttributeError, OSError):
            return 0.0

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        self._sample()
        return {"self_peak": vm_hwm(), "tree_peak": self.peak, "worker_peak": self.worker_peak,
                "workers": len(self.workers)}


@contextmanager
def clocked(peak: TreePeak | None) -> Iterator[dict[str, float]]:
    """Times the block: ``wall`` seconds, ``cpu`` seconds of this process without those of the
    ``peak`` sampler thread, and ``children_cpu`` (finished child processes), filled in when the
    block ends. The sampler's clock is read inside the process clock's window (after it at the
    start, before it at the end), so what is taken off never holds sampler seconds from outside
    the window (read the other way round, a tiny run came out negative)."""
    times: dict[str, float] = {}
    usage, process = os.times(), time.process_time()
    sampler = peak.cpu() if peak is not None else 0.0
    start = time.perf_counter()
    yield times
    times["wall"] = time.perf_counter() - start
    sampler = peak.cpu() - sampler if peak is not None else 0.0
    times["cpu"], done = time.process_time() - process - sampler, os.times()
    times["children_cpu"] = (done.children_user + done.children_system - usage.children_user
                             - usage.children_system)


def tokens_digest(tokens: Any) -> str:
    """SHA-256 of a ``Tokens``' ids, vocabulary and offsets (equal digests: identical tokens)."""
    digest = hashlib.sha256()
    for array in (tokens.ids, tokens.doc_offsets, tokens.sent_offsets):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update("\u0001".join(tokens.vocab.tolist()).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def hazm_digest(documents: list[list[list[str]]]) -> str:
    digest = hashlib.sha256()
    for doc in documents:
        for sentence in doc:
            digest.update("\u0001".join(sentence).encode("utf-8", "surrogatepass") + b"\x02")
        digest.update(b"\x03")
    return digest.hexdigest()


def fars_texts(folder: Path) -> list[str]:
    """The plain reading a user would write: title, abstract and paragraphs of every record."""
    texts = []
    for path in sorted(folder.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            texts.append("\n\n".join([record["title"], record["abstract"],
                                      *record["paragraphs"]]))
    return texts


def hazm_loop(texts: list[str]) -> Callable[[], list[list[list[str]]]]:
    """A serial hazm pass over ``texts`` (objects built now, outside the timing)."""
    import hazm

    normalizer = hazm.Normalizer()
    sentences = hazm.SentenceTokenizer()
    words = hazm.WordTokenizer(join_verb_parts=False)
    normalizer.normalize("گرم کردن")

    def run() -> list[list[list[str]]]:
        return [[words.tokenize(s) for s in sentences.tokenize(normalizer.normalize(t))]
                for t in texts]

    return run


def child_preparation(kind: str, corpus_dir: Path) -> dict[str, Any]:
    """Run in a fresh interpreter: one timed preparation of ``corpus_dir``.

    ``kind``: ``hazm`` (the serial hazm loop), ``serial`` (``tokenize(n_jobs=1)``), ``parallel``
    (all cores), ``cache`` (all cores, writing the Parquet cache of ``$TOOLKIT_CACHE_DIR``) or
    ``warm`` (reading it). Loading the corpus, building hazm's objects and (warm) importing
    the Parquet reader happen before the clock starts. Returns CPU seconds (this process, and
    its finished workers), wall seconds,
    memory (see :class:`TreePeak`), token counts and a digest of the tokens.
    """
    if kind == "hazm":
        run = hazm_loop(fars_texts(corpus_dir))
    else:
        from toolkit import load_corpus, tokenize
        from toolkit.parallel import resolve_jobs

        corpus = load_corpus(corpus_dir)
        tokenize("گرم کردن", cache=False, progress=False)  # build hazm's objects
        if kind == "warm":  # and load the Parquet reader (library loading, as hazm's above)
            import pyarrow.parquet  # noqa: F401
        options = {"hazm": {}, "serial": {"cache": False, "n_jobs": 1},
                   "parallel": {"cache": False, "n_jobs": resolve_jobs(None)},
                   "cache": {"cache": True}, "warm": {"cache": True}}[kind]

        def run() -> Any:
            return tokenize(corpus, progress=False, **options)
    peak = TreePeak() if kind != "warm" else None
    with clocked(peak) as times:
        result = run()
    memory = peak.stop() if peak is not None else {"self_peak": vm_hwm(), "tree_peak": 0,
                                                  "worker_peak": 0, "workers": 0}
    out = {"kind": kind, **times, "toolkit": _toolkit_file(), **memory}
    if kind == "hazm":
        out.update(tokens=sum(len(s) for doc in result for s in doc), digest=hazm_digest(result),
                   chars=sum(len(t) for t in fars_texts(corpus_dir)))
    else:
        out.update(tokens=int(result.n_tokens), types=int(result.n_types),
                   digest=tokens_digest(result))
    return out


def _toolkit_file() -> str:
    import toolkit

    return toolkit.__file__ or ""


def run_child(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """``bench/run.py --child ...`` in a fresh interpreter; its JSON line of measurements."""
    done = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True,
                          check=False, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise RuntimeError(f"bench child {args} failed with exit status {done.returncode} (its "
                           "error is printed above)")
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    """``median [min-max]`` of ``values``."""
    return (f"{fmt.format(statistics.median(values))} "
            f"[{fmt.format(min(values))}-{fmt.format(max(values))}]")


def preparation(corpus_dir: Path, repeat: int, cache_dir: Path, rows: list[Row],
                failures: list[str]) -> None:
    """Sections 1 and 2, each figure from a fresh interpreter."""
    env = {"TOOLKIT_CACHE_DIR": str(cache_dir)}
    first = run_child(["--child", "cache", "--corpus", str(corpus_dir)], env)
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in (*PREPARATIONS, "warm")}
    for _ in tqdm(range(repeat), desc="preparation rounds", leave=False):
        for kind in runs:
            runs[kind].append(run_child(["--child", kind, "--corpus", str(corpus_dir)], env))
    digests = {kind: {r["digest"] for r in rs} for kind, rs in runs.items()}
    identical = len(digests["serial"] | digests["parallel"]) == 1
    if not identical:
        failures.append("toolkit tokens differ between runs (serial / all cores)")
    if len(digests["hazm"]) != 1:
        failures.append("the hazm loop gave different tokens in different runs")

    def med(kind: str, what: str) -> float:
        return statistics.median(r[what] for r in runs[kind])

    hazm, chars = runs["hazm"][0], runs["hazm"][0]["chars"]
    toolkit = runs["serial"][0]
    print(f"\n## 1. cold preparation of {corpus_dir.name}: {chars:,} characters, {CORES} cores; "
          f"median [range] of {repeat} fresh interpreters each, in alternation")
    print(f"  {'':22} {'CPU s':>20} {'wall s':>20} {'M chars/CPU s':>14} {'peak MB (tree)':>15}")
    for kind, label in (("hazm", "serial hazm loop"), ("serial", "toolkit n_jobs=1"),
                        ("parallel", f"toolkit n_jobs={CORES}")):
        cpu = [r["cpu"] + r["children_cpu"] for r in runs[kind]]
        print(f"  {label:22} {spread(cpu):>20} {spread([r['wall'] for r in runs[kind]]):>20} "
              f"{chars / statistics.median(cpu) / 1e6:>14.2f} "
              f"{max(r['tree_peak'] for r in runs[kind]) / MB:>15,.0f}")
    print(f"  hazm: {hazm['tokens']:,} tokens incl. punctuation; toolkit: {toolkit['tokens']:,} "
          f"tokens, {toolkit['types']:,} types; identical tokens in every toolkit run (serial "
          f"and all cores): {identical}")
    per_core = med("hazm", "cpu") / med("serial", "cpu")
    all_cores = med("hazm", "wall") / med("parallel", "wall")
    rows.append(("per-core speed-up: hazm CPU s / toolkit n_jobs=1 CPU s", f"{per_core:.2f}x",
                 ">= 3x", per_core >= 3))
    rows.append((f"all-core speed-up: hazm wall / toolkit n_jobs={CORES} wall",
                 f"{all_cores:.2f}x", "", None))
    rows.append(("toolkit tokens identical in every run", str(identical), "True", identical))

    warm = runs["warm"]
    same = {r["digest"] for r in warm} == {first["digest"]} and first["digest"] in digests[
        "parallel"]
    if not same:
        failures.append("cached tokens differ from the prepared tokens")
    for r in warm:  # a warm run that missed the cache would have prepared in workers
        r["cpu"] += r["children_cpu"]
    warm_wall = statistics.median(r["wall"] for r in warm)
    warm_cpu = statistics.median(r["cpu"] for r in warm)
    print(f"\n## 2. warm run (Parquet cache; corpus loaded; fresh interpreters, in alternation "
          f"with section 1): warm "
          f"{spread([r['wall'] for r in warm], '{:.3f}')} s wall, "
          f"{spread([r['cpu'] for r in warm], '{:.3f}')} s CPU (hash + read); cold run that "
          f"wrote the cache {first['wall']:.2f} s; same tokens: {same}")
    ratio = med("parallel", "wall") / warm_wall
    rows.append((f"warm / cold preparation (wall, cold = n_jobs={CORES})", f"{ratio:.0f}x",
                 ">= 20x", ratio >= 20))
    rows.append(("warm / cold preparation (CPU, cold = n_jobs=1)",
                 f"{med('serial', 'cpu') / warm_cpu:.0f}x", "", None))


def frequency_section(tokens: Any, rows: list[Row]) -> None:
    from toolkit import frequency

    lists = list(tokens)
    _, counter, _ = timed(lambda: Counter(chain.from_iterable(lists)), 5)
    table, ours, _ = timed(lambda: frequency(tokens), 5)
    same = dict(zip(table["term"], table["count"], strict=True)) == Counter(
        chain.from_iterable(lists))
    print(f"\n## 3. frequency table: Counter {counter:.3f} s, toolkit.frequency {ours:.3f} s "
          f"(best of 5; {len(table):,} types, counts identical: {same})")
    rows.append(("frequency table / bare Counter", f"{ours / counter:.2f}x", "<= 1.5x",
                 ours / counter <= 1.5))


def cooccurrence_section(tokens: Any, rows: list[Row], failures: list[str]) -> None:
    from nltk.collocations import BigramCollocationFinder

    from toolkit import cooccurrence

    words: list[str | None] = []
    for doc in tokens:
        words += [*doc, *[None] * (WINDOW - 1)]
    finder, nltk_wall, nltk_cpu = timed(lambda: BigramCollocationFinder.from_words(
        words, window_size=WINDOW), 2)
    ordered, ours_wall, ours_cpu = timed(lambda: cooccurrence(tokens, span=WINDOW - 1,
                                                              ordered=True), 5)
    coo = ordered.matrix.tocoo()
    mine = dict(zip(zip(ordered.vocab[coo.row].tolist(), ordered.vocab[coo.col].tolist(),
                        strict=True), coo.data.tolist(), strict=True))
    identical = mine == dict(finder.ngram_fd)
    if not identical:
        failures.append("window co-occurrence differs from NLTK")
    print(f"\n## 4. window-{WINDOW} co-occurrence (ordered): NLTK {nltk_cpu:.2f} s CPU "
          f"({nltk_wall:.2f} s wall, best of 2), toolkit {ours_cpu:.3f} s CPU ({ours_wall:.3f} s "
          f"wall, best of 5); {len(mine):,} distinct ordered pairs, identical counts: "
          f"{identical}")
    ratio = nltk_cpu / ours_cpu
    rows.append((f"window-{WINDOW} co-occurrence: NLTK / toolkit (CPU)", f"{ratio:.1f}x",
                 ">= 30x", ratio >= 30))
    rows.append((f"window-{WINDOW} co-occurrence: NLTK / toolkit (wall)",
                 f"{nltk_wall / ours_wall:.1f}x", "", None))
    rows.append(("window co-occurrence identical to NLTK", str(identical), "True", identical))


def document_section(tokens: Any, rows: list[Row], failures: list[str]) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    from toolkit import cooccurrence

    lists = list(tokens)

    def sklearn() -> Any:
        vectorizer = CountVectorizer(analyzer=lambda doc: doc)
        x = vectorizer.fit_transform(lists)
        return vectorizer, (x.T @ x).tocsr()

    (vectorizer, xtx), theirs = clock(sklearn)
    result, ours = clock(lambda: cooccurrence(tokens, unit="document"))
    order = np.array([vectorizer.vocabulary_[t] for t in result.vocab])
    expected = xtx[order][:, order].tolil()
    expected.setdiag(expected.diagonal() - result.type_freq)
    identical = (expected.tocsr() != result.matrix).nnz == 0
    if not identical:
        failures.append("document co-occurrence differs from CountVectorizer X.T @ X")
    print(f"\n## 5. document co-occurrence: CountVectorizer + X.T @ X {theirs:.2f} s, toolkit "
          f"{ours:.2f} s ({result.matrix.nnz:,} non-zero cells, identical: {identical})")
    rows.append(("document co-occurrence: sklearn / toolkit", f"{theirs / ours:.2f}x", "", None))


def dask_section(tokens: Any, corpus_dir: Path, rows: list[Row], failures: list[str]) -> None:
    import dask
    import dask.dataframe as dd
    import distributed
    import pandas as pd

    from toolkit import cooccurrence, dask_engine, frequency, load_corpus

    docs = load_corpus(corpus_dir).docs
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster, \
            distributed.Client(cluster):
        table, seconds = clock(lambda: dask_engine.frequency(dd.from_pandas(docs, npartitions=8),
                                                             by="cat"))
        pairs, pair_seconds = clock(lambda: dask_engine.cooccurrence(tokens))
    try:
        pd.testing.assert_frame_equal(pd.DataFrame(table),
                                      pd.DataFrame(frequency(tokens, by="cat")),
                                      check_dtype=False)
        same_table = True
    except AssertionError:
        same_table = False
    whole = cooccurrence(tokens)
    same_pairs = (pairs.vocab.tolist() == whole.vocab.tolist()
                  and (pairs.matrix != whole.matrix).nnz == 0 and pairs.n == whole.n)
    equal = bool(same_table and same_pairs)
    if not equal:
        failures.append("Dask results differ from local results")
    print(f"\n## 6. Dask LocalCluster (2 workers): prepare + frequency by cat of a dask "
          f"DataFrame {seconds:.2f} s, co-occurrence of the tokens {pair_seconds:.2f} s; equal "
          f"to local: frequency {same_table}, co-occurrence {same_pairs}")
    rows.append(("Dask results equal to local", str(equal), "True", equal))


def make_corpus(sources: list[Path], target_bytes: int, path: Path) -> int:
    """Resample (with replacement, seed 0) the articles of ``sources`` into a JSON Lines file of
    at least ``target_bytes`` bytes of UTF-8 text; returns the text bytes written."""
    from toolkit import load_corpus

    docs = [d for s in sources for d in load_corpus(s).docs[["title", "text"]].itertuples(
        index=False)]
    sizes = np.array([len(t.encode("utf-8")) for _, t in docs])
    rng = np.random.default_rng(0)
    written = 0
    with path.open("w", encoding="utf-8") as out, tqdm(total=target_bytes, unit="B",
                                                       unit_scale=True, desc="generating",
                                                       leave=False) as bar:
        while written < target_bytes:
            for i in rng.integers(0, len(docs), size=1000):
                title, text = docs[i]
                out.write(json.dumps({"title": title, "text": text}, ensure_ascii=False) + "\n")
                written += int(sizes[i])
                bar.update(int(sizes[i]))
                if written >= target_bytes:
                    break
    return written


def stream_child(path: Path, chunksize: int) -> None:
    """Run in a fresh interpreter: stream ``path``, print a JSON line of measurements."""
    from toolkit import tokenize
    from toolkit.streaming import iter_corpus, stream_counts

    tokenize("گرم کردن", cache=False, progress=False)
    baseline = vm_hwm()
    peak = TreePeak()
    with clocked(peak) as times:
        table, pairs = stream_counts(iter_corpus(path, chunksize=chunksize), frequency={},
                                     cooccurrence={"span": WINDOW - 1}, cache=False,
                                     progress=False)
    memory = peak.stop()
    print(json.dumps({
        "seconds": times["wall"], "baseline": baseline, **memory, "cpu": times["cpu"],
        "children_cpu": times["children_cpu"],
        "tokens": int(table["count"].sum()), "types": len(table), "pairs": int(pairs.matrix.nnz),
    }))


def streaming_section(workdir: Path, megabytes: list[int], rows: list[Row]) -> None:
    sources = [SHARED / "fars-news", SHARED / "varzesh3"]
    for size in megabytes:
        path = workdir / f"resampled-{size}MB.jsonl"
        text_bytes, made = clock(lambda size=size, path=path: make_corpus(sources, size * MB,
                                                                           path))
        try:
            m = run_child(["--stream-child", str(path)])
        except RuntimeError as error:
            print(f"\n## 7. streaming {size} MB failed: {error}")
            rows.append((f"streaming {size} MB", "failed", "", False))
            continue
        finally:
            path.unlink()
        print(f"\n## 7. streaming {size} MB of text ({text_bytes / MB:.0f} MB, generated in "
              f"{made:.0f} s): {m['seconds']:.0f} s wall ({text_bytes / m['seconds'] / MB:.2f} "
              f"MB/s), CPU {m['cpu']:.0f} s + workers {m['children_cpu']:.0f} s; "
              f"{m['tokens']:,} tokens, {m['types']:,} types, {m['pairs']:,} pairs")
        print(f"  peak memory: process tree {m['tree_peak'] / MB:,.0f} MB (sampled sum of "
              f"proportional set sizes, {m['workers']} workers in all), streaming process "
              f"{m['self_peak'] / MB:,.0f} MB (VmHWM; {m['baseline'] / MB:,.0f} MB after "
              f"importing and building hazm), largest worker {m['worker_peak'] / MB:,.0f} MB")
        if size >= 1000:
            minutes, tree = m["seconds"] / 60, m["tree_peak"] / MB
            rows.append(("streaming 1 GB: minutes (2 cores)", f"{minutes:.1f}", "<= 5",
                         minutes <= 5))
            rows.append(("streaming 1 GB: process-tree peak MB", f"{tree:,.0f}", "<= 1,500",
                         tree <= 1500))
        else:
            rows.append((f"streaming {size} MB: seconds / tree peak MB",
                         f"{m['seconds']:.0f} / {m['tree_peak'] / MB:,.0f}", "", None))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "fars-news")
    parser.add_argument("--repeat", type=int, default=3,
                        help="fresh-interpreter runs of each preparation (median and range)")
    parser.add_argument("--stream-mb", type=int, default=100,
                        help="size of the generated streaming corpus in MB of text (0: skip)")
    parser.add_argument("--gb", action="store_true", help="also stream 1 GB of text (minutes)")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the generated corpora go (default: a temporary folder)")
    parser.add_argument("--child", choices=(*PREPARATIONS, "cache", "warm"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--stream-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--chunksize", type=int, default=2000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child_preparation(args.child, args.corpus)))
        return 0
    if args.stream_child:
        stream_child(args.stream_child, args.chunksize)
        return 0
    if not args.corpus.is_dir():
        print(f"{args.corpus} not found: the benchmarks need ../shared/corpora (pass --corpus)")
        return 2
    start = load_average()
    print(f"# make bench  {time.strftime('%Y-%m-%d %H:%M:%S')}  Python {platform.python_version()}"
          f"  hazm {version('hazm')}  numpy {np.__version__}  {CORES} cores  "
          f"load average {' '.join(f'{x:.1f}' for x in start)}")
    rows: list[Row] = []
    failures: list[str] = []
    busy: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="toolkit-bench-", dir=args.workdir))
    try:
        with section("preparation", busy):
            preparation(args.corpus, args.repeat, workdir / "cache", rows, failures)
        from toolkit import load_corpus, tokenize

        os.environ["TOOLKIT_CACHE_DIR"] = str(workdir / "cache")  # the tokens section 2 stored
        tokens = tokenize(load_corpus(args.corpus), progress=False)
        with section("frequency", busy):
            frequency_section(tokens, rows)
        with section("co-occurrence", busy):
            cooccurrence_section(tokens, rows, failures)
        with section("document co-occurrence", busy):
            document_section(tokens, rows, failures)
        if not args.skip_dask:
            with section("dask", busy):
                dask_section(tokens, args.corpus, rows, failures)
        sizes = [s for s in [args.stream_mb, 1000 if args.gb else 0] if s]
        if sizes:
            with section("streaming", busy):
                streaming_section(workdir, sizes, rows)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n# summary ({load_note(start, load_average())})")
    width = max(len(r[0]) for r in rows)
    for what, measured, goal, met in rows:
        mark = "" if met is None else ("met" if met else "MISSED")
        print(f"  {what:<{width}}  {measured:>11}  {goal:>8}  {mark}")
    if busy:
        print(f"WARNING: the machine was busy during: {', '.join(busy)} (load average above "
              f"{BUSY:g}); take wall-clock figures from an idle machine")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
