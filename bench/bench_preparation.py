"""Bench: load + cold vs warm (cached) ``tokenize`` of a corpus (default: ../shared fars-news).

Run from the repository root::

    python bench/bench_preparation.py [PATH] [--repeat N]

The cold run prepares every document (hazm normalisation and tokenisation) into an empty
temporary cache folder; the warm runs read the Parquet cache it wrote. Prints the timings and the
warm speed-up (the acceptance asks for at least 10x). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT.parent / "shared/corpora/fars-news"))
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (best is reported)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as cache:
        os.environ["TOOLKIT_CACHE_DIR"] = cache
        from toolkit import load_corpus, tokenize
        from toolkit.preparation import make_options, prepare_document

        start = time.perf_counter()
        corpus = load_corpus(args.path)
        load_s = time.perf_counter() - start
        chars = int(corpus.docs["text"].str.len().sum())

        start = time.perf_counter()
        prepare_document("آماده", make_options())  # build the hazm tools once
        setup_s = time.perf_counter() - start

        start, cpu = time.perf_counter(), time.process_time()
        cold = tokenize(corpus, progress=False)
        cold_s, cold_cpu = time.perf_counter() - start, time.process_time() - cpu

        warm_s = warm_cpu = float("inf")
        for _ in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            warm = tokenize(corpus, progress=False)
            warm_s = min(warm_s, time.perf_counter() - start)
            warm_cpu = min(warm_cpu, time.process_time() - cpu)
        assert list(warm.ids) == list(cold.ids)

    print(f"corpus        {args.path}")
    print(f"documents     {len(corpus):,}  ({chars:,} characters)")
    print(f"tokens        {cold.n_tokens:,}  ({cold.n_types:,} types)")
    print(f"load          {load_s:8.2f} s")
    print(f"hazm set-up   {setup_s:8.2f} s  (Normalizer, WordTokenizer; once per process)")
    print(f"cold tokenize {cold_s:8.2f} s  ({cold_cpu:.2f} s CPU; "
          f"{chars / cold_s / 1e6:.2f} M characters/s)")
    print(f"warm tokenize {warm_s:8.2f} s  ({warm_cpu:.2f} s CPU; best of {args.repeat}, "
          "Parquet cache)")
    print(f"speed-up      {cold_s / warm_s:8.1f} x  ({cold_cpu / warm_cpu:.1f} x in CPU time; a busy "
          "machine inflates wall times)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
