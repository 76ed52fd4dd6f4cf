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
from toolkit import collocates, cooccurrence
from toolkit.tokens import Tokens

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def fars(corpora_dir: Path) -> Tokens:
    """All of fars-news, hazm standard normalisation, no stopword removal (cached as Parquet)."""
    return toolkit.tokenize(toolkit.load_corpus(corpora_dir / "fars-news"), progress=False)


NLTK_MEASURES = (("pmi", "pmi"), ("g2", "likelihood_ratio"), ("t", "student_t"),
                 ("chi2", "chi_sq"), ("dice", "dice"), ("jaccard", "jaccard"))


@pytest.mark.parametrize("window", [2, 3, 4, 5])
def test_pair_counts_and_scores_match_nltk(fars: Tokens, window: int) -> None:
    part = fars.select(np.arange(200))
    words: list[str | None] = []
    for doc in part:  # window_size - 1 Nones keep NLTK's windows inside each document
        words += [*doc, *[None] * (window - 1)]
    finder = BigramCollocationFinder.from_words(words, window_size=window)
    co = cooccurrence(part, span=window - 1, ordered=True)
    frame = co.to_frame()
    assert len(frame) == len(finder.ngram_fd) > 20_000
    ours = zip(zip(frame.w1.tolist(), frame.w2.tolist(), strict=True), frame["count"].tolist(),
               strict=True)
    assert dict(ours) == dict(finder.ngram_fd)
    assert part.n_tokens == finder.N

    # table="nltk": o11 = count / (window - 1), word frequencies, N = tokens (score_ngram)
    scores = co.scores([name for name, _ in NLTK_MEASURES], table="nltk")
    rows = np.r_[0:300, len(scores) // 2:len(scores) // 2 + 300, len(scores) - 300:len(scores)]
    sample = scores.iloc[rows]
    for name, fn in NLTK_MEASURES:
        score = getattr(BigramAssocMeasures, fn)
        theirs = [finder.score_ngram(score, a, b) for a, b in zip(sample.w1, sample.w2,
                                                                  strict=True)]
        assert sample[name].to_numpy() == pytest.approx(theirs, rel=1e-9, abs=1e-9), name


def test_russia_collocates_acceptance(fars: Tokens) -> None:
    table = collocates(fars, "روسیه", span=(5, 5), measure=["logdice", "g2", "pmi"])
    top = table.head(15)
    print(top.to_text())
    top10 = table["collocate"].head(10).tolist()
    assert "چین" in top10 and "پوتین" in top10
    putin = table.set_index("collocate").loc["پوتین"]
    # 13: the 14th was "بند پوتین هایش" ('his boots' laces'), now one token پوتین‌هایش
    assert putin["collocate_count"] == 13 and putin["count"] == 6
    assert (table["g2"] > 0).all() and table["logdice"].is_monotonic_decreasing
    # Rychlý's logDice with corpus frequencies (Sketch Engine), to 1e-9 on every collocate
    f_node = fars.type_counts()[fars.term_id("روسیه")]
    rychly = 14 + np.log2(2 * table["count"] / (f_node + table["collocate_count"]))
    assert np.abs(table["logdice"] - rychly).max() < 1e-9
    # #LancsBox's expected frequency and MI: E11 = f_x f_y S / N with S = 10
    e11 = f_node * table["collocate_count"] * 10 / fars.n_tokens
    assert np.abs(table["expected"] - e11).max() < 1e-9
    assert np.abs(table["pmi"] - np.log2(table["count"] / e11)).max() < 1e-9
    # Sketch Engine's and WordSmith's MI leave the span out
    se = collocates(fars, "روسیه", span=(5, 5), measure=["logdice", "MI"], table="sketchengine")
    se = se.set_index("collocate").loc[table["collocate"]]
    assert np.abs(se["logdice"].to_numpy() - table["logdice"].to_numpy()).max() < 1e-12
    mi = np.log2(table["count"] * fars.n_tokens / (f_node * table["collocate_count"]))
    assert np.abs(se["pmi"].to_numpy() - mi.to_numpy()).max() < 1e-9

    # the same totals from a plain-Python count over the same tokens
    brute: Counter = Counter()
    for doc in fars:
        for i, w in enumerate(doc):
            if w == "روسیه":
                brute.update(doc[j] for j in range(max(0, i - 5), min(len(doc), i + 6)) if j != i)
    totals = dict(zip(table.collocate, table["count"], strict=True))
    assert totals == {w: c for w, c in brute.items() if c >= 2}


def test_every_cooccurring_pair_has_rychlys_logdice(fars: Tokens) -> None:
    co = cooccurrence(fars, span=4, min_count=2)
    table = co.scores(["logDice", "G2"])
    freq = dict(zip(fars.vocab, fars.type_counts().tolist(), strict=True))
    fx, fy = table.w1.map(freq).to_numpy(), table.w2.map(freq).to_numpy()
    rychly = 14 + np.log2(2 * table["count"].to_numpy() / (fx + fy))
    assert np.abs(table["logdice"].to_numpy() - rychly).max() < 1e-9
    assert not table["g2"].isna().any()  # every window table exists (module docstring)


def test_seed_network_exports_gexf_and_draws(seeds_dir: Path, tmp_path: Path) -> None:
    tokens = toolkit.tokenize(toolkit.load_corpus(seeds_dir), stopwords=True, cache=False,
                              progress=False)
    co = cooccurrence(tokens, span=4)
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
