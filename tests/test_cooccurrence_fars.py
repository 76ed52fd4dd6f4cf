"""Co-occurrence on real text: NLTK parity and the روسیه acceptance on fars-news, the seed network.

Needs ../shared/corpora (skipped without it), except the seed-article network.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import networkx as nx
import numpy as np
import pytest
from matplotlib import pyplot as plt
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

import toolkit
from toolkit import association, collocates, cooccurrence
from toolkit.tokens import Tokens

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def fars(corpora_dir: Path) -> Tokens:
    """All of fars-news, hazm standard normalisation, no stopword removal (cached as Parquet)."""
    return toolkit.tokenize(toolkit.load_corpus(corpora_dir / "fars-news"), progress=False)


def test_pair_counts_and_scores_match_nltk(fars: Tokens) -> None:
    window = 5
    part = fars.select(np.arange(200))
    words: list[str | None] = []
    for doc in part:  # window_size - 1 Nones keep NLTK's windows inside each document
        words += [*doc, *[None] * (window - 1)]
    finder = BigramCollocationFinder.from_words(words, window_size=window)
    co = cooccurrence(part, window=window, ordered=True)
    frame = co.to_frame()
    assert len(frame) == len(finder.ngram_fd) > 50_000
    ours = zip(zip(frame.w1.tolist(), frame.w2.tolist(), strict=True), frame["count"].tolist(),
               strict=True)
    assert dict(ours) == dict(finder.ngram_fd)
    assert part.n_tokens == finder.N

    # NLTK's convention: o11 = count / (window - 1), word frequencies, N = tokens
    sample = frame.iloc[np.r_[0:100, 1000:1100, len(frame) - 100:len(frame)]]
    freq = Counter(w for doc in part for w in doc)
    scores = association(sample["count"].to_numpy() / (window - 1),
                       sample.w1.map(freq).to_numpy(), sample.w2.map(freq).to_numpy(),
                       part.n_tokens, ["pmi", "g2", "t", "chi2", "dice", "jaccard"])
    m = BigramAssocMeasures
    for name, fn in (("pmi", m.pmi), ("g2", m.likelihood_ratio), ("t", m.student_t),
                     ("chi2", m.chi_sq), ("dice", m.dice), ("jaccard", m.jaccard)):
        theirs = [finder.score_ngram(fn, a, b) for a, b in zip(sample.w1, sample.w2, strict=True)]
        assert scores[name].to_numpy() == pytest.approx(theirs, rel=1e-9, abs=1e-9), name


def test_russia_collocates_acceptance(fars: Tokens) -> None:
    table = collocates(fars, "روسیه", span=(5, 5), measure=["logdice", "g2", "pmi"])
    top = table.head(15)
    print(top.to_text())
    top10 = table["collocate"].head(10).tolist()
    assert "چین" in top10 and "پوتین" in top10
    putin = table.set_index("collocate").loc["پوتین"]
    assert putin["collocate_freq"] == 14 and putin["total"] == 6
    assert (table["g2"] > 0).all() and table["logdice"].is_monotonic_decreasing

    # the same totals from a plain-Python count over the same tokens
    brute: Counter = Counter()
    for doc in fars:
        for i, w in enumerate(doc):
            if w == "روسیه":
                brute.update(doc[j] for j in range(max(0, i - 5), min(len(doc), i + 6)) if j != i)
    totals = dict(zip(table.collocate, table.total, strict=True))
    assert totals == {w: c for w, c in brute.items() if c >= 2}


def test_seed_network_exports_gexf_and_draws(seeds_dir: Path, tmp_path: Path) -> None:
    tokens = toolkit.tokenize(toolkit.load_corpus(seeds_dir), stopwords=True, cache=False,
                              progress=False)
    co = cooccurrence(tokens, window=5)
    graph = co.to_networkx("logdice", top=60)
    assert graph.number_of_edges() == 60
    back = nx.read_gexf(co.to_gexf(tmp_path / "seed.gexf", "logdice", top=60))
    assert back.number_of_edges() == 60
    assert {d["label"] for _, d in back.nodes(data=True)} == set(graph.nodes)
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in n) for n in graph.nodes if
               not n.isascii())
    ax = toolkit.plots.network(graph, title="هم‌آیی")
    assert len(ax.texts) >= graph.number_of_nodes()
    plt.close(ax.figure)
