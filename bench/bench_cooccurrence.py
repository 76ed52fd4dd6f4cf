"""Window-5 co-occurrence of all of fars-news: toolkit.cooccurrence against NLTK, same tokens.

    python bench/bench_cooccurrence.py [path/to/fars-news]

Tokens: ``toolkit.tokenize`` (hazm standard normalisation, punctuation kept, no stopword removal;
cached as Parquet after the first run). NLTK gets the same tokens as one list with
``window - 1`` ``None`` between documents, so its windows stay inside documents exactly as ours
do. Prints both timings (best of 3 for NLTK, of 5 for ours; wall clock and CPU time), the ratio (goal: at least 25x) and checks that the
pair counts are identical; exits 1 when they are not.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from nltk.collocations import BigramCollocationFinder

import toolkit
from toolkit import collocates, cooccurrence

WINDOW = 5
T = TypeVar("T")
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fars-news"


def best_of(repeat: int, fn: Callable[..., T], *args: Any, **kwargs: Any
            ) -> tuple[T, float, float]:
    """The result of ``fn`` and its fastest wall-clock and CPU (process) times over ``repeat``
    runs, in seconds; CPU time is the steadier one on a busy machine."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn(*args, **kwargs)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return result, wall, cpu


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT
    tokens = toolkit.tokenize(toolkit.load_corpus(source), punctuation=True, progress=False)
    print(f"{source.name}: {tokens.n_tokens:,} tokens, {tokens.n_types:,} types, "
          f"{len(tokens):,} documents")

    words: list[str | None] = []
    for doc in tokens:
        words += [*doc, *[None] * (WINDOW - 1)]
    finder, nltk_wall, nltk_cpu = best_of(3, BigramCollocationFinder.from_words, words,
                                          window_size=WINDOW)
    ordered, ours_wall, ours_cpu = best_of(5, cooccurrence, tokens, span=WINDOW - 1, ordered=True)
    _, symmetric, _ = best_of(5, cooccurrence, tokens, span=WINDOW - 1)
    _, node, _ = best_of(5, collocates, tokens, "روسیه", span=(WINDOW - 1, WINDOW - 1))

    frame = ordered.to_frame()
    counts = zip(zip(frame.w1.tolist(), frame.w2.tolist(), strict=True), frame["count"].tolist(),
                 strict=True)
    identical = dict(counts) == dict(finder.ngram_fd)
    print(f"NLTK BigramCollocationFinder(window_size={WINDOW}): {nltk_wall:.3f} s "
          f"(CPU {nltk_cpu:.3f} s), {len(finder.ngram_fd):,} distinct pairs")
    print(f"toolkit.cooccurrence(span={WINDOW - 1}, ordered=True): {ours_wall:.3f} s "
          f"(CPU {ours_cpu:.3f} s), {ordered.matrix.nnz:,} distinct pairs, "
          f"{ordered.n:,.0f} events")
    print(f"toolkit.cooccurrence(span={WINDOW - 1}) symmetric: {symmetric:.3f} s")
    print(f"toolkit.collocates('روسیه', span=({WINDOW - 1}, {WINDOW - 1})): {node:.3f} s")
    print(f"ratio NLTK / toolkit (ordered): {nltk_wall / ours_wall:.1f}x wall clock, "
          f"{nltk_cpu / ours_cpu:.1f}x CPU time (goal >= 25x)")
    print(f"identical counts: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
