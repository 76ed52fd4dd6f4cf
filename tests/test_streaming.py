"""Streaming (toolkit.streaming): merged partial counts equal the counts of the whole corpus."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_streaming_support import assert_same_cooccurrence, assert_same_table

from toolkit import cooccurrences, streaming
from toolkit.cooccurrences import cooccurrence
from toolkit.frequencies import frequency
from toolkit.tokens import Tokens


def make_tokens(documents: list[list[list[str]]], groups: list[str | None]) -> Tokens:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(documents))], "cat": groups})
    return Tokens.from_sentences(documents, docs)


def chunked(documents: list[list[list[str]]], groups: list[str | None],
            cuts: list[int]) -> list[Tokens]:
    bounds = sorted({0, len(documents), *(min(c, len(documents)) for c in cuts)})
    return [make_tokens(documents[a:b], groups[a:b]) for a, b in pairwise(bounds)]


DOCS = [
    [["a", "b", "a"], ["c"]],
    [["b", "b"]],
    [],
    [["c", "a", "d", "a"]],
]
GROUPS = ["x", "y", "x", None]


def test_frequency_by_hand() -> None:
    table = streaming.stream_frequency(chunked(DOCS, GROUPS, [1, 3]))
    assert table["term"].tolist() == ["a", "b", "c", "d"]
    assert table["count"].tolist() == [4, 3, 2, 1]
    assert table["doc_freq"].tolist() == [2, 2, 2, 1]
    assert table["rank"].tolist() == [1, 2, 3, 4]
    np.testing.assert_allclose(table["per_million"], np.array([4, 3, 2, 1]) / 10 * 1e6)
    np.testing.assert_allclose(table["range"], [0.5, 0.5, 0.5, 0.25])


def test_frequency_by_group_by_hand() -> None:
    table = streaming.stream_frequency(chunked(DOCS, GROUPS, [1, 2]), by="cat")
    # group x: documents 0 and 2 (4 tokens: a b a c), group y: document 1; document 3 has none
    assert table["cat"].tolist() == ["x", "x", "x", "y"]
    assert table["term"].tolist() == ["a", "b", "c", "b"]
    assert table["count"].tolist() == [2, 1, 1, 2]
    np.testing.assert_allclose(table["per_million"], [0.5e6, 0.25e6, 0.25e6, 1e6])
    np.testing.assert_allclose(table["range"], [0.5, 0.5, 0.5, 1.0])


def test_cooccurrence_by_hand() -> None:
    result = streaming.stream_cooccurrence(chunked(DOCS, GROUPS, [2]), span=1)
    # window 2 = adjacent pairs inside a document: a-b, b-a, a-c | b-b | c-a, a-d, d-a; unordered
    # counts see each pair from both tokens, so b-b (one pair of two b tokens) counts 2
    frame = result.to_frame()
    counts = {(w1, w2): c for w1, w2, c in frame[["w1", "w2", "count"]].itertuples(index=False)}
    assert counts == {("a", "b"): 2, ("a", "d"): 2, ("a", "c"): 2, ("b", "b"): 2}
    assert result.n == 14
    assert result.type_freq.tolist() == [4, 3, 2, 1]


words = st.sampled_from(["a", "b", "c", "d", "e", "ﮐ", "می‌رود"])
sentence = st.lists(words, max_size=6)
document = st.lists(sentence, max_size=3)


@settings(max_examples=25, deadline=None)
@given(documents=st.lists(document, min_size=1, max_size=8),
       groups=st.lists(st.sampled_from(["x", "y", None]), min_size=8, max_size=8),
       cuts=st.lists(st.integers(0, 8), max_size=3), ngram=st.integers(1, 2),
       by=st.sampled_from([None, "cat"]))
def test_merged_frequency_equals_whole(documents: list, groups: list, cuts: list[int],
                                       ngram: int, by: str | None) -> None:
    groups = groups[:len(documents)]
    whole = frequency(make_tokens(documents, groups), by=by, n=ngram)
    parts = [streaming.count_frequency(t, by=by, ngram=ngram)
             for t in chunked(documents, groups, cuts)]
    merged = streaming.frequency_table(streaming.merge_frequency(parts))
    assert_same_table(merged, whole)


@settings(max_examples=40, deadline=None)
@given(documents=st.lists(document, min_size=1, max_size=8),
       cuts=st.lists(st.integers(0, 8), max_size=3),
       unit=st.sampled_from(["window", "sentence", "document"]), ordered=st.booleans(),
       window=st.integers(2, 5), min_count=st.integers(1, 3))
def test_merged_cooccurrence_equals_whole(documents: list, cuts: list[int], unit: str,
                                          ordered: bool, window: int, min_count: int) -> None:
    groups = [None] * len(documents)
    options = {"span": window - 1, "unit": unit, "ordered": ordered}
    whole = cooccurrence(make_tokens(documents, groups), min_count=min_count, **options)
    merged = streaming.stream_cooccurrence(chunked(documents, groups, cuts), min_count=min_count,
                                           **options)
    assert_same_cooccurrence(merged, whole)


def test_weighted_cooccurrence_merges() -> None:
    weights = [1.0, 0.5, 0.25]
    whole = cooccurrence(make_tokens(DOCS, GROUPS), span=3, weights=weights)
    merged = streaming.stream_cooccurrence(chunked(DOCS, GROUPS, [1, 3]), span=3,
                                           weights=weights)
    assert_same_cooccurrence(merged, whole)


def test_large_merge_flushes_the_pair_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cooccurrences, "_PAIR_BUFFER", 3)
    rng = np.random.default_rng(1)
    documents = [[[f"w{i}" for i in rng.integers(0, 30, size=20)]] for _ in range(12)]
    groups = [None] * 12
    whole = cooccurrence(make_tokens(documents, groups))
    merged = streaming.stream_cooccurrence(chunked(documents, groups, [2, 5, 6, 9]))
    assert_same_cooccurrence(merged, whole)


def test_mismatched_parts_are_refused() -> None:
    a, b = chunked(DOCS, GROUPS, [2])
    with pytest.raises(ValueError, match="different window"):
        streaming.merge_cooccurrence([cooccurrence(a, span=1), cooccurrence(b, span=2)])
    with pytest.raises(ValueError, match="different"):
        streaming.merge_frequency([streaming.count_frequency(a),
                                   streaming.count_frequency(b, ngram=2)])
    with pytest.raises(ValueError, match="nothing to merge"):
        streaming.merge_cooccurrence([])
    with pytest.raises(ValueError, match="no chunk"):
        streaming.stream_frequency([])
