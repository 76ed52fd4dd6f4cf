"""toolkit.collocates (AntConc-style node/span) and toolkit.collocations (adjacent n-grams)."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from conftest import persian_case
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

import toolkit
from toolkit import association, collocates, collocations, cooccurrence
from toolkit.queries import NoMatchWarning
from toolkit.tables import RTLFrame
from toolkit.tokens import Tokens


def make(*documents: list[list[str]]) -> Tokens:
    return Tokens.from_sentences(documents, pd.DataFrame({"doc_id": range(len(documents))}))


def test_hand_counted_span() -> None:
    tokens = make([["x", "a", "y", "a", "z"]], [["a", "w"]])
    table = collocates(tokens, "a", span=(2, 1), min_count=1, measure=["logdice", "g2"])
    assert isinstance(table, RTLFrame)
    assert list(table.columns) == ["collocate", "count_left", "count_right", "count",
                                   "collocate_count", "expected", "logdice", "g2"]
    rows = table.set_index("collocate")
    assert rows["count_left"].to_dict() == {"y": 1, "x": 1, "a": 1, "z": 0, "w": 0}
    assert rows["count_right"].to_dict() == {"y": 1, "x": 0, "a": 0, "z": 1, "w": 1}
    assert rows["count"].to_dict() == {"y": 2, "x": 1, "a": 1, "z": 1, "w": 1}
    assert rows.loc["a", "collocate_count"] == 3
    # reference table: f_node = 3, f_y = 1, N = 7 tokens, S = 2 + 1 = 3 slots per node token
    assert rows.loc["y", "expected"] == pytest.approx(3 * 1 * 3 / 7)  # Brezina et al. 2015
    assert rows.loc["y", "logdice"] == pytest.approx(14 + math.log2(2 * 2 / (3 + 1)))  # = 14
    # G2 over the S N = 21 span slots: R1 = 9, C1 = 3 -> O12 = 7, O21 = 1, O22 = 11
    cells = [(2, 9 * 3 / 21), (7, 9 * 18 / 21), (1, 12 * 3 / 21), (11, 12 * 18 / 21)]
    assert rows.loc["y", "g2"] == pytest.approx(2 * sum(o * math.log(o / e) for o, e in cells))
    assert table["collocate"].iloc[0] == "y"  # sorted by logDice
    events = collocates(tokens, "a", span=(2, 1), min_count=1, measure="logDice",
                        table="events").set_index("collocate")
    # r1 = node slots 2 + 3 + 1 = 6; c1(y) = 3 positions whose span covers y; n = 13 events
    assert events.loc["y", "expected"] == pytest.approx(6 * 3 / 13)
    assert events.loc["y", "logdice"] == pytest.approx(14 + math.log2(2 * 2 / (6 + 3)))
    assert collocates(tokens, "a", span=(2, 1))["collocate"].tolist() == ["y"]  # min_count=2


def test_glob_and_list_nodes() -> None:
    tokens = make([["روسیه", "و", "چین"], ["روس", "با", "چین"], ["روسی", "و", "ایران"]])
    glob = collocates(tokens, "روس*", span=(0, 2), min_count=1).set_index("collocate")
    assert glob["count"].to_dict() == {"و": 2, "چین": 2, "با": 1, "ایران": 1}
    listed = collocates(tokens, ["روسیه", "روسی"], span=(0, 2), min_count=1)
    assert dict(zip(listed.collocate, listed["count"], strict=True)) == {"و": 2, "چین": 1,
                                                                      "ایران": 1}


def test_bad_node_or_span() -> None:
    tokens = make([["a", "b"]])
    # a node that matches nothing: an empty table and a warning, as in every verb (issue 15)
    with pytest.warns(NoMatchWarning, match="collocates\\(\\): no token matches 'zz'"):
        assert collocates(tokens, "zz").empty
    with pytest.raises(ValueError, match="span must be two non-negative"):
        collocates(tokens, "a", span=(0, 0))
    with pytest.raises(ValueError, match="n must be a whole number >= 2"):
        collocations(tokens, 1)
    with pytest.raises(ValueError, match="table must be one of"):
        collocates(tokens, "a", table="sketch")
    with pytest.raises(ValueError, match="right-only span"):
        collocates(tokens, "a", span=(1, 1), table="nltk")


corpora = st.lists(
    st.lists(st.lists(st.sampled_from("abcd"), min_size=1, max_size=6), max_size=3),
    min_size=1, max_size=5).filter(lambda docs: any(docs))


@settings(max_examples=40, deadline=None)
@given(corpora, st.integers(1, 4))
def test_symmetric_span_is_the_cooccurrence_row(documents: list, half: int) -> None:
    tokens = make(*documents)
    node = tokens.vocab[tokens.ids[0]]
    table = collocates(tokens, node, span=(half, half), min_count=1,
                       measure=["logdice", "g2", "pmi"])
    co = cooccurrence(tokens, span=half)
    a = tokens.term_id(node)
    row = co.matrix[a].toarray().ravel()
    hit = np.flatnonzero(row)
    assert dict(zip(table.collocate, table["count"], strict=True)) == dict(
        zip(co.vocab[hit], row[hit], strict=True))
    want = association(row[hit], co.type_freq[a], co.type_freq[hit], co.n_tokens,
                       ["logdice", "g2", "pmi"], span=2 * half)
    want.index = co.vocab[hit]
    got = table.set_index("collocate").loc[want.index]
    assert got[["logdice", "g2", "pmi"]].to_numpy() == pytest.approx(want.to_numpy(), nan_ok=True)


@settings(max_examples=40, deadline=None)
@given(corpora, st.integers(0, 3), st.integers(1, 3))
def test_left_and_right_are_directed_windows(documents: list, left: int, right: int) -> None:
    tokens = make(*documents)
    node = tokens.vocab[tokens.ids[-1]]
    a = tokens.term_id(node)
    table = collocates(tokens, node, span=(left, right), min_count=1).set_index("collocate")
    after = cooccurrence(tokens, span=right, ordered=True).matrix
    for word, r in table.iterrows():
        b = tokens.term_id(word)
        assert r["count_right"] == after[a, b]
        if left:
            assert r["count_left"] == cooccurrence(tokens, span=left,
                                                   ordered=True).matrix[b, a]
        else:
            assert r["count_left"] == 0


def test_collocations_by_hand() -> None:
    tokens = make([["a", "b", "c"], ["a", "b"]], [["b", "c"]])
    bigrams = collocations(tokens, 2, measure=["g2", "dice"], min_count=1)
    assert bigrams.to_dict("list")["ngram"] == ["a b", "b c"]
    assert bigrams["count"].tolist() == [2, 2]  # never "c a" across the sentence break
    # reference table, a b: o11 = 2, f_a = 2, f_b = 3, N = 7 tokens -> O12 = 0, O21 = 1, O22 = 4;
    # E = 6/7, 8/7, 15/7, 20/7
    g2 = 2 * (2 * math.log(2 / (6 / 7)) + 1 * math.log(1 / (15 / 7)) + 4 * math.log(4 / (20 / 7)))
    assert bigrams["g2"].iloc[0] == pytest.approx(g2)
    assert bigrams["dice"].tolist() == [2 * 2 / (2 + 3), 2 * 2 / (3 + 2)]  # corpus frequencies
    events = collocations(tokens, 2, measure=["g2", "dice"], min_count=1, table="events")
    # a b: o11 = 2, r1 = 2 (a first), c1 = 2 (b second), n = 4 bigram positions -> O22 = 2
    assert events["g2"].iloc[0] == pytest.approx(2 * (2 * math.log(2) + 2 * math.log(2)))
    assert events["dice"].tolist() == [1.0, 1.0]
    trigrams = collocations(tokens, 3, min_count=1)
    assert trigrams[["w1", "w2", "w3", "count"]].to_dict("records") == [
        {"w1": "a", "w2": "b", "w3": "c", "count": 1}]
    assert collocations(tokens, 4, min_count=1).empty


@settings(max_examples=40, deadline=None)
@given(corpora)
def test_ngram_counts_match_nltk(documents: list) -> None:
    tokens = make(*documents)
    sentences = [s for doc in documents for s in doc]
    for n, finder in ((2, BigramCollocationFinder), (3, TrigramCollocationFinder)):
        table = collocations(tokens, n, min_count=1)
        got = Counter({tuple(r[1:]): c for r, c in zip(
            table[["ngram", *[f"w{j + 1}" for j in range(n)]]].itertuples(index=False),
            table["count"], strict=True)})
        assert got == Counter(dict(finder.from_documents(sentences).ngram_fd))


@settings(max_examples=40, deadline=None)
@given(corpora)
def test_bigram_scores_match_nltk(documents: list) -> None:
    tokens = make(*documents)
    words: list[str | None] = []
    for sentence in (s for doc in documents for s in doc):
        words += [*sentence, None]  # a None keeps NLTK's bigrams inside each sentence
    finder = BigramCollocationFinder.from_words(words, window_size=2)
    names = ["pmi", "g2", "t", "dice", "jaccard", "chi2"]
    table = collocations(tokens, 2, measure=names, min_count=1)
    assert table["count"].sum() == finder.ngram_fd.N()
    nltk_table = collocations(tokens, 2, measure=names, min_count=1, table="nltk")
    pd.testing.assert_frame_equal(pd.DataFrame(nltk_table), pd.DataFrame(table))
    m = BigramAssocMeasures
    for r in table.itertuples(index=False):
        f1, f2 = finder.word_fd[r.w1], finder.word_fd[r.w2]
        four_cells = f1 + f2 - r.count <= finder.N  # "a a" alone: no 2x2 table (NaN here)
        measures = [("pmi", m.pmi), ("t", m.student_t), ("dice", m.dice), ("jaccard", m.jaccard),
                    *([("g2", m.likelihood_ratio)] if four_cells else [])]
        if four_cells and min(f1, f2, finder.N - f1, finder.N - f2) > 0:
            measures.append(("chi2", m.chi_sq))  # NLTK divides by zero on degenerate tables
        for name, fn in measures:
            assert getattr(r, name) == pytest.approx(finder.score_ngram(fn, r.w1, r.w2),
                                                     rel=1e-9, abs=1e-9), name


def test_b14_bigrams_keep_zwnj_words_whole() -> None:
    case = persian_case("B14")
    tokens = toolkit.tokenize(case["input"]["bigram_doc"], cache=False, progress=False)
    table = collocations(tokens, 2, min_count=1)
    assert sorted(table["ngram"]) == sorted(case["expected"]["bigrams"])
