"""`make bench`: speed and memory of the toolkit against the tools users would pick instead.

    python bench/run.py [--corpus DIR] [--stream-mb 100] [--gb] [--skip-dask] [--workdir DIR]

One run, one machine, the same data for both sides of every ratio:

1. cold preparation (load + normalise + tokenise) of fars-news: a serial loop over hazm's
   ``Normalizer``, ``SentenceTokenizer`` and one ``WordTokenizer`` against ``toolkit.tokenize``
   serial (``n_jobs=1``) and on all cores (identical tokens checked); hazm's objects are built
   before timing on both sides (building a ``Normalizer`` takes seconds and happens once);
2. warm run: ``tokenize`` again with its Parquet cache against the cold run (corpus loaded);
3. frequency table (``toolkit.frequency``) against a bare ``collections.Counter`` pass over the
   same token lists (best of 5);
4. window-5 co-occurrence against NLTK's ``BigramCollocationFinder.from_words(window_size=5)``
   (documents separated by 4 ``None``; identical counts checked);
5. document co-occurrence against scikit-learn ``CountVectorizer`` ``X.T @ X`` (identical
   counts checked: the toolkit leaves a token's pairing with itself out, so its diagonal is
   ``X.T @ X`` minus the type frequency);
6. the Dask engine on a two-worker ``LocalCluster`` against the local engine (equal counts);
7. streaming peak memory: frequency and window-5 co-occurrence in one pass over a generated
   JSON Lines corpus of ``--stream-mb`` MB of text (and 1 GB with ``--gb``, long), made by
   resampling with replacement (seed 0) the articles of ``../shared/corpora/fars-news`` and
   ``../shared/corpora/varzesh3`` into a temporary folder (deleted afterwards, never committed);
   run in a fresh subprocess so its peak resident memory (``ru_maxrss``) is its own.

A summary table prints every goal of issue 8 with the measured value. The machine is shared:
the load average before and after is printed with the numbers. Exit status 1 when a result
that must be identical is not; a missed speed goal is reported, not an error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import timeit
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
WINDOW = 5
MB = 1_000_000

Row = tuple[str, str, str, bool | None]  # what, measured, goal, met (None: no goal)


def clock(fn: Callable[[], Any]) -> tuple[Any, float]:
    """``fn()`` once: its result and wall-clock seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def best(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Fastest of ``repeat`` wall-clock runs of ``fn``, in seconds."""
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


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

    def run() -> list[list[list[str]]]:
        return [[words.tokenize(s) for s in sentences.tokenize(normalizer.normalize(t))]
                for t in texts]

    return run


def same_tokens(a: Any, b: Any) -> bool:
    return (a.vocab.tolist() == b.vocab.tolist() and np.array_equal(a.ids, b.ids)
            and np.array_equal(a.doc_offsets, b.doc_offsets)
            and np.array_equal(a.sent_offsets, b.sent_offsets))


def preparation(corpus_dir: Path, rows: list[Row], failures: list[str]) -> Any:
    """Sections 1 and 2; returns the tokens of the corpus."""
    from toolkit import load_corpus, tokenize
    from toolkit.parallel import resolve_jobs

    jobs = resolve_jobs(None)
    tokenize("گرم کردن", cache=False, progress=False)  # build hazm objects before any timing
    texts, plain_load = clock(lambda: fars_texts(corpus_dir))
    hazm_tokens, hazm_prep = clock(hazm_loop(texts))
    corpus, load = clock(lambda: load_corpus(corpus_dir))
    serial, serial_prep = clock(lambda: tokenize(corpus, cache=False, n_jobs=1, progress=False))
    tokens, parallel_prep = clock(lambda: tokenize(corpus, cache=False, n_jobs=jobs,
                                                   progress=False))
    chars = sum(map(len, texts))
    identical = same_tokens(serial, tokens)
    if not identical:
        failures.append("parallel tokens differ from serial tokens")
    n_hazm = sum(len(s) for doc in hazm_tokens for s in doc)
    print(f"\n## 1. cold preparation: {corpus_dir.name}, {len(texts):,} documents, {chars:,} "
          f"characters, {jobs} cores")
    print(f"  serial hazm loop:          load {plain_load:6.2f} s + prepare {hazm_prep:7.2f} s "
          f"({chars / hazm_prep / 1e6:.2f} M chars/s, {n_hazm:,} tokens incl. punctuation)")
    print(f"  toolkit n_jobs=1:          load {load:6.2f} s + prepare {serial_prep:7.2f} s "
          f"({serial.n_tokens:,} tokens, {serial.n_types:,} types)")
    print(f"  toolkit n_jobs={jobs} (all):    load {load:6.2f} s + prepare {parallel_prep:7.2f} s"
          f"  identical tokens to n_jobs=1: {identical}")
    cold_ratio = (plain_load + hazm_prep) / (load + parallel_prep)
    rows.append(("cold preparation: serial hazm / toolkit all cores", f"{cold_ratio:.2f}x",
                 ">= 1.8x", cold_ratio >= 1.8))
    rows.append(("cold preparation: toolkit n_jobs=1 / all cores",
                 f"{(load + serial_prep) / (load + parallel_prep):.2f}x", "", None))
    rows.append(("parallel tokens identical to serial", str(identical), "True", identical))

    with tempfile.TemporaryDirectory() as cache:
        os.environ["TOOLKIT_CACHE_DIR"] = cache
        _, first = clock(lambda: tokenize(corpus, progress=False))
        cached = tokenize(corpus, progress=False)
        warm = best(lambda: tokenize(corpus, progress=False), 3)
        del os.environ["TOOLKIT_CACHE_DIR"]
    if not same_tokens(cached, tokens):
        failures.append("cached tokens differ from the prepared tokens")
    print(f"\n## 2. warm run (corpus loaded; Parquet cache): cold {first:.2f} s (prepare + "
          f"write cache), warm {warm:.3f} s (hash + read), same tokens: "
          f"{same_tokens(cached, tokens)}")
    rows.append(("warm (cached) / cold preparation", f"{parallel_prep / warm:.0f}x", ">= 20x",
                 parallel_prep / warm >= 20))
    return tokens


def frequency_section(tokens: Any, rows: list[Row]) -> None:
    from toolkit import frequency

    lists = list(tokens)
    counter = best(lambda: Counter(chain.from_iterable(lists)))
    ours = best(lambda: frequency(tokens))
    table = frequency(tokens)
    same = dict(zip(table["term"], table["count"], strict=True)) == Counter(
        chain.from_iterable(lists))
    print(f"\n## 3. frequency table: Counter {counter:.3f} s, toolkit.frequency {ours:.3f} s "
          f"({len(table):,} types, counts identical: {same})")
    rows.append(("frequency table / bare Counter", f"{ours / counter:.2f}x", "<= 1.5x",
                 ours / counter <= 1.5))


def cooccurrence_section(tokens: Any, rows: list[Row], failures: list[str]) -> None:
    from nltk.collocations import BigramCollocationFinder

    from toolkit import cooccurrence

    words: list[str | None] = []
    for doc in tokens:
        words += [*doc, *[None] * (WINDOW - 1)]
    finder, nltk_seconds = clock(lambda: BigramCollocationFinder.from_words(
        words, window_size=WINDOW))
    ours = best(lambda: cooccurrence(tokens, window=WINDOW, ordered=True), 3)
    ordered = cooccurrence(tokens, window=WINDOW, ordered=True)
    coo = ordered.matrix.tocoo()
    mine = dict(zip(zip(ordered.vocab[coo.row].tolist(), ordered.vocab[coo.col].tolist(),
                        strict=True), coo.data.tolist(), strict=True))
    identical = mine == dict(finder.ngram_fd)
    if not identical:
        failures.append("window co-occurrence differs from NLTK")
    print(f"\n## 4. window-{WINDOW} co-occurrence: NLTK {nltk_seconds:.2f} s, toolkit "
          f"{ours:.3f} s ({len(mine):,} distinct ordered pairs, identical counts: {identical})")
    rows.append((f"window-{WINDOW} co-occurrence: NLTK / toolkit",
                 f"{nltk_seconds / ours:.1f}x", ">= 25x", nltk_seconds / ours >= 25))
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
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    table, pairs = stream_counts(iter_corpus(path, chunksize=chunksize), frequency={},
                                 cooccurrence={"window": WINDOW}, cache=False)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds, "baseline": baseline,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "worker_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
        "tokens": int(table["count"].sum()), "types": len(table), "pairs": int(pairs.matrix.nnz),
    }))


def streaming_section(workdir: Path, megabytes: list[int], rows: list[Row]) -> None:
    sources = [SHARED / "fars-news", SHARED / "varzesh3"]
    for size in megabytes:
        path = workdir / f"resampled-{size}MB.jsonl"
        text_bytes, made = clock(lambda size=size, path=path: make_corpus(sources, size * MB,
                                                                           path))
        done = subprocess.run([sys.executable, __file__, "--stream-child", str(path)],
                              stdout=subprocess.PIPE, text=True, check=False)
        path.unlink()
        if done.returncode != 0:
            print(f"\n## 7. streaming {size} MB failed (exit status {done.returncode}, the "
                  "error is printed above)")
            rows.append((f"streaming {size} MB", "failed", "", False))
            continue
        m = json.loads(done.stdout.strip().splitlines()[-1])
        ratio = m["peak"] / text_bytes
        print(f"\n## 7. streaming {size} MB of text ({text_bytes / MB:.0f} MB, generated in "
              f"{made:.0f} s): {m['seconds']:.0f} s ({text_bytes / m['seconds'] / MB:.2f} MB/s), "
              f"{m['tokens']:,} tokens, {m['types']:,} types, {m['pairs']:,} pairs; peak RSS "
              f"{m['peak'] / MB:.0f} MB (interpreter + hazm before streaming "
              f"{m['baseline'] / MB:.0f} MB), largest worker {m['worker_peak'] / MB:.0f} MB")
        rows.append((f"streaming {size} MB: peak memory / text size", f"{ratio:.2f}x",
                     "<= 3x" if size >= 1000 else "", ratio <= 3 if size >= 1000 else None))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "fars-news")
    parser.add_argument("--stream-mb", type=int, default=100,
                        help="size of the generated streaming corpus in MB of text (0: skip)")
    parser.add_argument("--gb", action="store_true", help="also stream 1 GB of text (long)")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the generated corpora go (default: a temporary folder)")
    parser.add_argument("--stream-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--chunksize", type=int, default=2000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stream_child:
        stream_child(args.stream_child, args.chunksize)
        return 0
    if not args.corpus.is_dir():
        print(f"{args.corpus} not found: the benchmarks need ../shared/corpora (pass --corpus)")
        return 2
    print(f"# make bench  {time.strftime('%Y-%m-%d %H:%M:%S')}  Python {platform.python_version()}"
          f"  hazm {version('hazm')}  numpy {np.__version__}  "
          f"{os.cpu_count()} cores  load average {load_average()}")
    rows: list[Row] = []
    failures: list[str] = []
    tokens = preparation(args.corpus, rows, failures)
    frequency_section(tokens, rows)
    cooccurrence_section(tokens, rows, failures)
    document_section(tokens, rows, failures)
    if not args.skip_dask:
        dask_section(tokens, args.corpus, rows, failures)
    sizes = [s for s in [args.stream_mb, 1000 if args.gb else 0] if s]
    if sizes:
        workdir = Path(tempfile.mkdtemp(prefix="toolkit-bench-", dir=args.workdir))
        try:
            streaming_section(workdir, sizes, rows)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n# summary (load average now {load_average()})")
    width = max(len(r[0]) for r in rows)
    for what, measured, goal, met in rows:
        mark = "" if met is None else ("met" if met else "MISSED")
        print(f"  {what:<{width}}  {measured:>9}  {goal:>8}  {mark}")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
