"""Frequency table of all of fars-news: toolkit.frequency against a bare collections.Counter.

    python bench/bench_frequency.py [path/to/fars-news]

Tokens: ``toolkit.tokenize`` (hazm standard normalisation, no stopword removal; cached as Parquet
after the first run). The Counter side gets the same tokens as Python lists (one per document,
built before timing) and only counts; ``toolkit.frequency`` builds the whole tidy table (count,
per-million, rank, doc_freq, range, sorted). Both are timed in the same run, best of 7
(``timeit.repeat``); the goal is a ratio of at most 1.5. Also prints, for the report, the times of
the other counting functions on the same tokens. Exits 1 when the counts differ.
"""

from __future__ import annotations

import os
import sys
import timeit
from collections import Counter
from itertools import chain
from pathlib import Path

import toolkit

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fars-news"
REPEAT = 7


def best(statement: str, namespace: dict, repeat: int = REPEAT) -> float:
    return min(timeit.repeat(statement, globals=namespace, number=1, repeat=repeat))


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    tokens = toolkit.tokenize(toolkit.load_corpus(path), progress=False)
    lists = list(tokens)
    ns = {"Counter": Counter, "chain": chain, "lists": lists, "tokens": tokens, "toolkit": toolkit}
    print(f"{path.name}: {tokens!r}; load average {os.getloadavg()[0]:.2f}")
    counter = best("Counter(chain.from_iterable(lists))", ns)
    ours = best("toolkit.frequency(tokens)", ns)
    table = toolkit.frequency(tokens)
    same = dict(zip(table["term"], table["count"], strict=True)) == Counter(
        chain.from_iterable(lists))
    print(f"Counter pass          {counter * 1000:8.1f} ms")
    print(f"toolkit.frequency     {ours * 1000:8.1f} ms   ratio {ours / counter:.2f}x "
          f"(goal <= 1.5x); identical counts: {same}")
    for label, statement in [
        ("frequency(by='cat')", "toolkit.frequency(tokens, by='cat')"),
        ("frequency(n=2)", "toolkit.frequency(tokens, n=2)"),
        ("frequency(n=3)", "toolkit.frequency(tokens, n=3)"),
        ("keyness('cat=sports')", "toolkit.keyness(tokens, 'cat=sports')"),
        ("dispersion()", "toolkit.dispersion(tokens)"),
        ("lexical_diversity()", "toolkit.lexical_diversity(tokens)"),
        ("kwic('ایران')", "toolkit.kwic(tokens, 'ایران')"),
        ("tfidf()", "toolkit.tfidf(tokens)"),
    ]:
        print(f"{label:<22}{best(statement, ns, 3) * 1000:8.1f} ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
