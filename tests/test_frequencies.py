"""Frequency lists, n-grams, clusters and tf-idf on small corpora with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.frequencies import clusters, doc_term_matrix, frequency, ngrams, tfidf
from toolkit.queries import NoMatchWarning
from toolkit.tables import RTLFrame
from toolkit.tokens import Tokens


def make(documents, **meta) -> Tokens:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(documents))], **meta})
    return Tokens.from_sentences(documents, docs)


# d0: "a b a" | "c a"   d1: "b b"   d2: (empty)
SMALL = [[["a", "b", "a"], ["c", "a"]], [["b", "b"]], []]


def test_frequency_hand_computed():
    table = frequency(make(SMALL))
    assert isinstance(table, RTLFrame)
    assert list(table.columns) == ["term", "count", "per_million", "rank", "doc_freq", "range"]
    assert table["term"].tolist() == ["a", "b", "c"]
    assert table["count"].tolist() == [3, 3, 1]
    assert table["rank"].tolist() == [1, 1, 3]  # competition ranking: ties share the top rank
    assert table["doc_freq"].tolist() == [1, 2, 1]
    np.testing.assert_allclose(table["per_million"], [3 / 7 * 1e6, 3 / 7 * 1e6, 1 / 7 * 1e6])
    np.testing.assert_allclose(table["range"], [1 / 3, 2 / 3, 1 / 3])


def test_frequency_by_group_blocks_and_empty_group():
    tokens = make(SMALL, cat=["x", "y", "z"])
    table = frequency(tokens, by="cat")
    assert list(table.columns)[:2] == ["cat", "term"]
    x = table[table["cat"] == "x"]
    assert x["term"].tolist() == ["a", "b", "c"]
    assert x["count"].tolist() == [3, 1, 1]
    assert x["rank"].tolist() == [1, 2, 2]
    np.testing.assert_allclose(x["per_million"], [3 / 5 * 1e6, 1e6 / 5, 1e6 / 5])
    y = table[table["cat"] == "y"]
    assert y["term"].tolist() == ["b"] and y["per_million"].tolist() == [1e6]
    assert (table["cat"] == "z").sum() == 0  # a group without tokens has no rows
    assert table.groupby("cat")["count"].sum().to_dict() == {"x": 5, "y": 2}


def test_frequency_group_of_two_documents_has_range_over_its_documents():
    tokens = make(SMALL, cat=["x", "y", "x"])
    x = frequency(tokens, by="cat").query("cat == 'x'")
    np.testing.assert_allclose(x["range"], [0.5, 0.5, 0.5])


def test_frequency_missing_group_values_are_left_out():
    tokens = make(SMALL, cat=["x", None, "x"])
    table = frequency(tokens, by="cat")
    assert set(table["cat"]) == {"x"}
    assert table["count"].sum() == 5


def test_unknown_by_column():
    with pytest.raises(KeyError, match="no metadata column 'nope'"):
        frequency(make(SMALL), by="nope")


def test_min_count_and_top():
    tokens = make(SMALL, cat=["x", "y", "x"])
    assert frequency(tokens, min_count=2)["term"].tolist() == ["a", "b"]
    top = frequency(tokens, by="cat", top=1)
    assert top[["cat", "term"]].values.tolist() == [["x", "a"], ["y", "b"]]


def test_ngrams_never_cross_sentence_or_document_boundaries():
    # NLTK issue 1033: "a c" (sentence boundary) and "a b" across d0 -> d1 must not appear
    tokens = make(SMALL)
    bigrams = ngrams(tokens, 2)
    assert list(bigrams) == [["a b", "b a", "c a"], ["b b"], []]
    assert bigrams.sentences(0) == [["a b", "b a"], ["c a"]]
    assert list(ngrams(tokens, 3)) == [["a b a"], [], []]
    assert list(ngrams(tokens, 4)) == [[], [], []]
    assert ngrams(tokens, 1) is tokens
    table = frequency(tokens, n=2)
    assert table["term"].tolist() == ["a b", "b a", "b b", "c a"]
    assert table["count"].sum() == 4
    # per million is relative to the 7 word tokens
    np.testing.assert_allclose(table["per_million"], 1e6 / 7)


def test_ngram_length_is_checked():
    with pytest.raises(ValueError, match="between 1 and 5"):
        ngrams(make(SMALL), 6)


def test_five_grams_and_metadata_are_kept():
    words = [["w1", "w2", "w3", "w4", "w5", "w6"]]
    grams = ngrams(make([words], cat=["x"]), 5)
    assert list(grams) == [["w1 w2 w3 w4 w5", "w2 w3 w4 w5 w6"]]
    assert grams.docs["cat"].tolist() == ["x"]


def test_frequency_does_not_modify_tokens():
    tokens = make(SMALL)
    before = tokens.ids.copy()
    frequency(tokens)
    doc_term_matrix(tokens)
    np.testing.assert_array_equal(tokens.ids, before)


def test_clusters_left_right_any():
    tokens = make([[["x", "a", "b"], ["a", "c"], ["b", "a", "b"]]])
    left = clusters(tokens, "a", 2, "left")
    assert dict(zip(left["term"], left["count"], strict=True)) == {"a b": 2, "a c": 1}
    right = clusters(tokens, "a", 2, "right")
    assert dict(zip(right["term"], right["count"], strict=True)) == {"x a": 1, "b a": 1}
    anywhere = clusters(tokens, "a", 3, "any")
    assert sorted(anywhere["term"]) == ["b a b", "x a b"]
    with pytest.warns(NoMatchWarning, match="'zzz'"):
        assert clusters(tokens, "zzz", 2).empty
    with pytest.raises(ValueError, match="position"):
        clusters(tokens, "a", 2, "middle")
    with pytest.raises(ValueError, match="at least 2"):
        clusters(tokens, "a", 1)


def test_tfidf_hand_computed_standard_idf():
    tokens = make(SMALL)
    result = tfidf(tokens, idf="standard", norm=None)
    assert result.terms.tolist() == ["a", "b", "c"]
    expected = np.array([[3 * np.log(3), 1 * np.log(3 / 2), 1 * np.log(3)],
                         [0.0, 2 * np.log(3 / 2), 0.0],
                         [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(result.matrix.toarray(), expected)
    prop = tfidf(tokens, tf="prop", idf="none", norm=None).matrix.toarray()
    np.testing.assert_allclose(prop[0], [3 / 5, 1 / 5, 1 / 5])
    log = tfidf(tokens, tf="log", idf="none", norm=None).matrix.toarray()
    np.testing.assert_allclose(log[0], [1 + np.log(3), 1.0, 1.0])


def test_tfidf_matches_scikit_learn_defaults():
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    documents = [[["من", "به", "ایران", "رفتم"], ["ایران", "زیبا", "است"]],
                 [["کتاب‌ها", "را", "خواندم"]], [["ایران", "کتاب‌ها", "را"]]]
    tokens = make(documents)
    ours = tfidf(tokens)
    vectorizer = sklearn_text.TfidfVectorizer(analyzer=lambda doc: doc)
    theirs = vectorizer.fit_transform(list(tokens))
    order = np.argsort(ours.terms)
    assert ours.terms[order].tolist() == vectorizer.get_feature_names_out().tolist()
    np.testing.assert_allclose(ours.matrix.toarray()[:, order], theirs.toarray())


def test_tfidf_min_df_and_bad_options():
    tokens = make(SMALL)
    assert tfidf(tokens, min_df=2).terms.tolist() == ["b"]
    with pytest.raises(ValueError, match="tf must be"):
        tfidf(tokens, tf="bm25")
    with pytest.raises(ValueError, match="idf must be"):
        tfidf(tokens, idf="prob")


def test_empty_corpus():
    table = frequency(make([[], []]))
    assert table.empty
    assert table.columns[0] == "term"


words = st.sampled_from(["و", "در", "کتاب‌ها", "ایران", "a", "b"])
sentences = st.lists(st.lists(words, min_size=1, max_size=6), min_size=0, max_size=3)
corpora = st.lists(sentences, min_size=1, max_size=5)


@settings(max_examples=40, deadline=None)
@given(corpora, st.integers(1, 5))
def test_property_counts_sum_to_tokens_and_match_counter(documents, n):
    tokens = make(documents, cat=[i % 2 for i in range(len(documents))])
    table = frequency(tokens, n=n)
    expected_total = sum(max(len(s) - n + 1, 0) for doc in documents for s in doc)
    assert table["count"].sum() == expected_total
    naive: dict[str, int] = {}
    for doc in documents:
        for sent in doc:
            for i in range(len(sent) - n + 1):
                key = " ".join(sent[i:i + n])
                naive[key] = naive.get(key, 0) + 1
    assert dict(zip(table["term"], table["count"], strict=True)) == naive
    assert table["rank"].is_monotonic_increasing
    assert (table["count"].diff().dropna() <= 0).all()
    grouped = frequency(tokens, by="cat", n=n)
    assert grouped["count"].sum() == expected_total
    assert ((grouped["range"] > 0) & (grouped["range"] <= 1)).all()
