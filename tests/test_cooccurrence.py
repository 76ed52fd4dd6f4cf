"""toolkit.cooccurrence: hand-counted windows, units, weights, pruning, exports and properties."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import persian_case
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.collocations import BigramCollocationFinder

import toolkit
from toolkit import Cooccurrence, cooccurrence
from toolkit.tables import RTLFrame
from toolkit.tokens import Tokens


def make(*documents: list[list[str]]) -> Tokens:
    """Tokens from documents given as lists of sentences."""
    return Tokens.from_sentences(documents, pd.DataFrame({"doc_id": range(len(documents))}))


def pairs(co: Cooccurrence) -> dict[tuple[str, str], float]:
    coo = co.matrix.tocoo()
    return {(co.vocab[r], co.vocab[c]): v for r, c, v in zip(coo.row, coo.col, coo.data,
                                                             strict=True)}


def test_window_edges_ordered_and_unordered() -> None:
    tokens = make([["a", "b", "c", "d", "e"]])
    ordered = cooccurrence(tokens, span=2, ordered=True)
    # window=3 is a span of 3 tokens: distances 1 and 2, as NLTK's window_size=3
    assert pairs(ordered) == {("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1, ("b", "d"): 1,
                              ("c", "d"): 1, ("c", "e"): 1, ("d", "e"): 1}
    assert ordered.n == 7
    assert dict(zip(ordered.vocab, ordered.row_counts, strict=True)) == {
        "a": 2, "b": 2, "c": 2, "d": 1, "e": 0}
    unordered = cooccurrence(tokens, span=2)
    # every token sees up to 2 neighbours on each side, clipped at the edges
    assert dict(zip(unordered.vocab, unordered.row_counts, strict=True)) == {
        "a": 2, "b": 3, "c": 4, "d": 3, "e": 2}
    assert unordered.n == 14
    assert (unordered.matrix != unordered.matrix.T).nnz == 0


def test_documents_shorter_than_window_and_boundaries() -> None:
    tokens = make([["x", "y"]], [["z"]], [], [["y", "x"]])
    co = cooccurrence(tokens, span=4, ordered=True)
    assert pairs(co) == {("x", "y"): 1, ("y", "x"): 1}  # never (y, z) across documents
    assert co.n == 2


def test_word_cooccurring_with_itself() -> None:
    tokens = make([["a", "b", "a"]])
    assert pairs(cooccurrence(tokens, ordered=True)) == {("a", "b"): 1, ("a", "a"): 1,
                                                         ("b", "a"): 1}
    co = cooccurrence(tokens)
    # seen from both a tokens: AntConc's "total" for node a, collocate a
    assert pairs(co) == {("a", "a"): 2, ("a", "b"): 2, ("b", "a"): 2}
    frame = co.to_frame()
    assert isinstance(frame, RTLFrame)
    assert frame.to_dict("records") == [{"w1": "a", "w2": "a", "count": 2},
                                        {"w1": "a", "w2": "b", "count": 2}]


# quanteda's fcm(x, context = "window", window = k) pairs a token with the k tokens on each side;
# our span=k (NLTK's window_size=k+1) is the same context. Hand-counted with fcm's conventions:
# ordered = TRUE counts w2 after w1; ordered = FALSE counts both orders (the matrix is symmetric,
# tri = FALSE), and a pair of two positions of one word is counted from both sides (2 on the
# diagonal); count = "weighted" adds weights[d] for a pair at distance d.
GOL = [["گل", "باغ", "گل", "باغ", "گل"]]  # positions 0..4


def test_fcm_window_unordered() -> None:
    # quanteda: fcm(tokens("گل باغ گل باغ گل"), context = "window", window = 2, tri = FALSE)
    got = pairs(cooccurrence(make(GOL), span=2))
    # گل/گل: position pairs (0,2), (2,4), each seen from both sides -> 4
    # گل/باغ: (0,1), (1,2), (2,3), (3,4) at distance 1; (0,3), (1,4) are 3 apart -> 4
    # باغ/باغ: (1,3) -> 2
    assert got == {("گل", "گل"): 4, ("گل", "باغ"): 4, ("باغ", "گل"): 4, ("باغ", "باغ"): 2}


def test_fcm_window_ordered() -> None:
    # quanteda: fcm(..., context = "window", window = 2, ordered = TRUE)
    got = pairs(cooccurrence(make(GOL), span=2, ordered=True))
    assert got == {("گل", "باغ"): 2, ("باغ", "گل"): 2, ("گل", "گل"): 2, ("باغ", "باغ"): 1}


def test_fcm_window_weighted_by_distance() -> None:
    # quanteda: fcm(..., context = "window", window = 2, count = "weighted", weights = c(1, 0.5))
    got = pairs(cooccurrence(make(GOL), span=2, weights=[1, 0.5]))
    assert got == {("گل", "گل"): 2.0, ("گل", "باغ"): 4.0, ("باغ", "گل"): 4.0,
                   ("باغ", "باغ"): 1.0}
    ordered = pairs(cooccurrence(make(GOL), span=2, ordered=True, weights=[1, 0.5]))
    assert ordered == {("گل", "باغ"): 2.0, ("باغ", "گل"): 2.0, ("گل", "گل"): 1.0,
                       ("باغ", "باغ"): 0.5}
    # harmonic weights over a longer window: a at 0, b at 1 and 3 -> 1 + 1/3
    assert pairs(cooccurrence(make([["a", "b", "c", "b"]]), span=3, ordered=True,
                              weights=[1, 1 / 2, 1 / 3]))[("a", "b")] == pytest.approx(4 / 3)


def test_self_pair_count_means_position_pairs_twice() -> None:
    # one self position pair -> 2, whatever the unit
    for kwargs in ({"span": 1}, {"unit": "sentence"}, {"unit": "document"}):
        assert pairs(cooccurrence(make([["a", "a"]]), **kwargs)) == {("a", "a"): 2}
        assert pairs(cooccurrence(make([["a", "a"]]), ordered=True, **kwargs)) == {
            ("a", "a"): 1}
    # three a in one document: 3 position pairs -> 6 (unordered), 3 (ordered)
    assert pairs(cooccurrence(make([["a", "x", "a", "a"]]), unit="document"))[("a", "a")] == 6


def test_sentence_and_document_units() -> None:
    tokens = make([["a", "b"], ["c", "d"]], [["a", "e", "f", "g", "h", "i", "c"]])
    sentence = cooccurrence(tokens, unit="sentence", ordered=True)
    assert ("b", "c") not in pairs(sentence)
    assert pairs(sentence)[("a", "c")] == 1  # same sentence, six tokens apart
    document = cooccurrence(tokens, unit="document")
    assert pairs(document)[("a", "c")] == 2  # once in doc 0, once in doc 1
    assert pairs(document)[("b", "c")] == 1
    window = cooccurrence(tokens, span=3, ordered=True)
    assert pairs(window)[("b", "c")] == 1 and ("a", "c") in pairs(window)
    assert pairs(window)[("a", "c")] == 1  # only doc 0: in doc 1 they are 6 apart


def test_scores_use_the_reference_table_by_default() -> None:
    tokens = make([["a", "b", "c", "d", "e"]])
    co = cooccurrence(tokens, span=2)
    assert co.n_tokens == 5 and co.span == 4  # 2 slots each side
    table = co.scores(["logDice", "MI", "G2"])
    assert list(table.columns) == ["w1", "w2", "count", "expected", "logdice", "pmi", "g2"]
    row = table[(table.w1 == "a") & (table.w2 == "b")].iloc[0]
    # o11 = 1, f_a = f_b = 1, N = 5 tokens, S = 4: E11 = f_x f_y S / N (Brezina et al. 2015)
    assert row["count"] == 1
    assert row["expected"] == pytest.approx(1 * 1 * 4 / 5)
    assert row["logdice"] == 14 + math.log2(2 * 1 / (1 + 1)) == 14.0  # Rychly 2008
    assert row["pmi"] == pytest.approx(math.log2(1 / (4 / 5)))
    # four cells over S * N = 20 span slots: R1 = C1 = 4 -> O12 = O21 = 3, O22 = 13
    cells = [(1, 4 * 4 / 20), (3, 4 * 16 / 20), (3, 16 * 4 / 20), (13, 16 * 16 / 20)]
    assert row["g2"] == pytest.approx(2 * sum(o * math.log(o / e) for o, e in cells))
    assert table["logdice"].is_monotonic_decreasing


def test_sketchengine_table_leaves_the_span_out() -> None:
    co = cooccurrence(make([["a", "b", "c", "d", "e"], ["a", "b"]]), span=2)
    table = co.scores(["MI", "t", "logDice"], table="sketchengine").set_index(["w1", "w2"])
    row = table.loc[("a", "b")]
    # o11 = 2, f_a = f_b = 2, N = 7: MI = log2(O N / (f_x f_y)), t = (O - f_x f_y / N) / sqrt(O)
    assert row["expected"] == pytest.approx(2 * 2 / 7)
    assert row["pmi"] == pytest.approx(math.log2(2 * 7 / (2 * 2)))
    assert row["t"] == pytest.approx((2 - 4 / 7) / math.sqrt(2))
    assert row["logdice"] == co.scores("logdice").set_index(["w1", "w2"]).loc[("a", "b"),
                                                                              "logdice"] == 14.0


def test_events_table_is_the_toolkits_own() -> None:
    co = cooccurrence(make([["a", "b", "c", "d", "e"]]), span=2)
    table = co.scores(["logdice", "pmi"], table="events")
    row = table[(table.w1 == "a") & (table.w2 == "b")].iloc[0]
    # o11 = 1, r1 = 2 (slots around a), c1 = 3 (slots around b), n = 14 events
    assert row["expected"] == pytest.approx(2 * 3 / 14)
    assert row["logdice"] == pytest.approx(14 + math.log2(2 * 1 / (2 + 3)))
    assert row["pmi"] == pytest.approx(math.log2(1 / (2 * 3 / 14)))
    with pytest.raises(ValueError, match="table must be one of"):
        co.scores(table="lancsbox")
    with pytest.raises(ValueError, match="ordered=True"):
        co.scores(table="nltk")


@pytest.mark.parametrize("ordered", [False, True])
def test_words_only_seen_together_score_exactly_14(ordered: bool) -> None:
    tokens = make([["x", "y"]], [["a", "b", "c"]], [["x", "y"], ["c", "x", "y"]])
    table = cooccurrence(tokens, span=1, ordered=ordered).scores("logDice")
    row = table[(table.w1 == "x") & (table.w2 == "y")].iloc[0]
    assert row["count"] == 3 and row["logdice"] == 14.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=7), max_size=3),
                min_size=1, max_size=5), st.integers(2, 6), st.booleans())
def test_logdice_is_rychly_with_corpus_frequencies(documents: list, window: int,
                                                   ordered: bool) -> None:
    tokens = make(*documents)
    freq = Counter(w for doc in documents for s in doc for w in s)
    table = cooccurrence(tokens, span=window - 1, ordered=ordered).scores(["logdice", "t"])
    n = sum(freq.values())
    span = (window - 1) * (1 if ordered else 2)
    for w1, w2, count, logdice, t in table[["w1", "w2", "count", "logdice", "t"]].itertuples(
            index=False):
        assert logdice == pytest.approx(14 + math.log2(2 * count / (freq[w1] + freq[w2])),
                                        abs=1e-9)
        e11 = freq[w1] * freq[w2] * span / n
        assert t == pytest.approx((count - e11) / math.sqrt(count), abs=1e-9)


def test_distance_weights() -> None:
    co = cooccurrence(make([["a", "b", "c"]]), span=2, ordered=True, weights=[1, 0.5])
    assert pairs(co) == {("a", "b"): 1.0, ("b", "c"): 1.0, ("a", "c"): 0.5}
    assert dict(zip(co.vocab, co.row_counts, strict=True)) == {"a": 1.5, "b": 1.0, "c": 0.0}
    assert co.n == 2.5


def test_vocabulary_and_min_count_keep_marginals() -> None:
    tokens = make([["a", "b", "a", "c", "a", "b"]], [["c", "b"]])
    full = cooccurrence(tokens)
    sub = cooccurrence(tokens, vocabulary=["c", "a", "zzz", "a"])
    assert list(sub.vocab) == ["c", "a", "zzz"]
    idx = [full.vocab.tolist().index(w) for w in ("c", "a")]
    assert (sub.matrix[:2, :2].toarray() == full.matrix[idx][:, idx].toarray()).all()
    assert sub.matrix[2].nnz == 0 and sub.row_counts[2] == 0 and sub.type_freq[2] == 0
    assert sub.row_counts[:2].tolist() == full.row_counts[idx].tolist() and sub.n == full.n
    pruned = cooccurrence(tokens, min_count=3)
    assert pruned.matrix.data.min() >= 3
    assert (pruned.row_counts == full.row_counts).all() and pruned.n == full.n
    kept = pruned.scores("g2")
    again = full.scores("g2", min_count=3)
    assert kept.to_dict("records") == again.to_dict("records")


def test_network_and_gexf(tmp_path: Path) -> None:
    tokens = make([["ایران", "و", "روسیه", "و", "چین"]], [["روسیه", "و", "چین", "چین"]])
    co = cooccurrence(tokens, span=2)
    graph = co.to_networkx("logdice", top=3)
    assert graph.number_of_edges() == 3 and nx.number_of_selfloops(graph) == 0
    assert graph.nodes["و"]["count"] == 3 and graph.nodes["چین"]["count"] == 3
    best = co.scores("logdice")
    best = best[best.w1 != best.w2].iloc[0]
    edge = graph.edges[best.w1, best.w2]
    assert edge["count"] == best["count"] and edge["score"] == edge["logdice"] == best.logdice
    strong = co.to_networkx("pmi", min_score=1.0)
    assert all(d["pmi"] >= 1.0 for *_, d in strong.edges(data=True))
    assert isinstance(cooccurrence(tokens, ordered=True).to_networkx(), nx.DiGraph)
    path = co.to_gexf(tmp_path / "net.gexf", top=3)
    back = nx.read_gexf(path)
    assert {d["label"] for _, d in back.nodes(data=True)} == set(graph.nodes)
    assert back.number_of_edges() == 3


def test_bad_arguments_say_what_to_do() -> None:
    tokens = make([["a", "b"]])
    with pytest.raises(ValueError, match="unit must be one of"):
        cooccurrence(tokens, unit="paragraph")
    with pytest.raises(ValueError, match="span must be a whole number of tokens >= 1"):
        cooccurrence(tokens, span=0)
    with pytest.raises(ValueError, match="window must be a whole number of tokens >= 2"):
        cooccurrence(tokens, window=1)  # the deprecated spelling is checked too
    with pytest.raises(ValueError, match="weights needs 4 non-negative numbers"):
        cooccurrence(tokens, weights=[1, 2])
    with pytest.raises(ValueError, match="unit='window' only"):
        cooccurrence(tokens, unit="sentence", weights=[1, 1, 1, 1])
    with pytest.raises(ValueError, match="unknown association measure"):
        cooccurrence(tokens).scores("mutual")


corpora = st.lists(  # documents -> sentences -> tokens from a small alphabet
    st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=7), max_size=3),
    min_size=1, max_size=5)


def nltk_counts(documents: list[list[str]], window: int) -> Counter:
    total: Counter = Counter()
    for doc in documents:
        total.update(BigramCollocationFinder.from_words(doc, window_size=window).ngram_fd)
    return total


@settings(max_examples=80, deadline=None)
@given(corpora, st.integers(2, 7))
def test_ordered_counts_match_nltk_per_document(documents: list, window: int) -> None:
    tokens = make(*documents)
    flat = [[w for s in doc for w in s] for doc in documents]
    assert pairs(cooccurrence(tokens, span=window - 1, ordered=True)) == dict(
        nltk_counts(flat, window))


@settings(max_examples=80, deadline=None)
@given(corpora, st.integers(2, 7), st.sampled_from(["sentence", "window"]))
def test_every_counting_path_gives_the_same_matrix(documents: list, window: int,
                                                   unit: str) -> None:
    """The pairs counted at once from 16-bit ids, per distance with flushes (radix sorts of
    16-bit ids), and as 32-bit keys (the path of vocabularies over 65,536 types) agree."""
    from toolkit import cooccurrences

    tokens = make(*documents)
    left, right = cooccurrences._reach(tokens, unit, window)
    size = len(tokens.vocab)
    keep = np.arange(size)
    at_once = cooccurrences._ordered_matrix(tokens.ids, left, right, None, keep, size)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cooccurrences, "_FLUSH", 3)
        flushed = cooccurrences._ordered_matrix(tokens.ids, left, right, None, keep, size)
        patch.setattr(cooccurrences, "_SMALL", 0)
        keys = cooccurrences._ordered_matrix(tokens.ids, left, right, None, keep, size)
    for other in (flushed, keys):
        assert other.shape == at_once.shape and (other != at_once).nnz == 0
        assert other.has_canonical_format and at_once.has_canonical_format


@settings(max_examples=80, deadline=None)
@given(corpora, st.integers(2, 7))
def test_symmetry_and_marginals(documents: list, window: int) -> None:
    tokens = make(*documents)
    ordered = cooccurrence(tokens, span=window - 1, ordered=True)
    unordered = cooccurrence(tokens, span=window - 1)
    assert (unordered.matrix != (ordered.matrix + ordered.matrix.T)).nnz == 0
    assert (unordered.matrix != unordered.matrix.T).nnz == 0
    assert unordered.n == unordered.matrix.sum() == 2 * ordered.n
    assert (np.asarray(ordered.matrix.sum(axis=1)).ravel() == ordered.row_counts).all()
    assert (np.asarray(ordered.matrix.sum(axis=0)).ravel() == ordered.col_counts).all()
    assert (np.asarray(unordered.matrix.sum(axis=1)).ravel() == unordered.row_counts).all()
    flat = cooccurrence(tokens, span=window - 1, weights=[1.0] * (window - 1))
    assert flat.matrix.dtype == np.float64 and (flat.matrix != unordered.matrix).nnz == 0
    assert flat.n == unordered.n and (flat.row_counts == unordered.row_counts).all()


@settings(max_examples=40, deadline=None)
@given(corpora)
def test_units_are_boundaries(documents: list) -> None:
    tokens = make(*documents)
    longest = max(len(tokens[d]) for d in range(len(tokens)))
    wide = cooccurrence(tokens, span=max(longest, 1))
    document = cooccurrence(tokens, unit="document")
    assert (wide.matrix != document.matrix).nnz == 0 and wide.n == document.n
    per_doc = sum(cooccurrence(make(doc), span=2).n for doc in documents)
    assert cooccurrence(tokens, span=2).n == per_doc
    # one sentence per document: sentence unit == document unit
    joined = make(*[[[w for s in doc for w in s]] for doc in documents])
    for ordered in (False, True):
        by_sentence = cooccurrence(joined, unit="sentence", ordered=ordered)
        by_document = cooccurrence(joined, unit="document", ordered=ordered)
        assert pairs(by_sentence) == pairs(by_document)
    sentences = make(*[[s] for doc in documents for s in doc])
    assert pairs(cooccurrence(tokens, unit="sentence", ordered=True)) == pairs(
        cooccurrence(sentences, unit="document", ordered=True))


def test_b08_compound_verb_parts_stay_separate_words() -> None:
    case = persian_case("B08")
    tokens = toolkit.tokenize(case["input"], cache=False, progress=False)
    co = cooccurrence(tokens, span=1, ordered=True)
    expected = {pair for sent in case["expected"] for pair in itertools.pairwise(sent)}
    assert set(pairs(co)) == expected  # no "نوشته_می‌شود" token, no pair across documents
    assert not any("_" in w for w in co.vocab)
