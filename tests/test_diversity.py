"""Lexical diversity measures against hand-computed values and brute-force definitions."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.diversity import MEASURES, lexical_diversity
from toolkit.tokens import Tokens


def make(*texts: str) -> Tokens:
    documents = [[text.split()] if text else [] for text in texts]
    return Tokens.from_sentences(documents, pd.DataFrame({"doc_id": [f"d{i}" for i in
                                                                     range(len(texts))]}))


def test_hand_computed_classic_measures():
    # "a b a c": N = 4, V = 3, frequency spectrum V1 = 2, V2 = 1
    row = lexical_diversity(make("a b a c"), mattr_window=3, sample=2).iloc[0]
    assert (row["doc_id"], row["level"], row["tokens"], row["types"]) == ("d0", "document", 4, 3)
    assert row["ttr"] == pytest.approx(0.75)
    assert row["herdan_c"] == pytest.approx(math.log(3) / math.log(4))
    assert row["guiraud_r"] == pytest.approx(1.5)
    assert row["maas"] == pytest.approx((math.log(4) - math.log(3)) / math.log(4) ** 2)
    assert row["yule_k"] == pytest.approx(1e4 * (6 - 4) / 16)  # sum i^2 V_i = 1*2 + 4*1
    assert row["mattr"] == pytest.approx((2 / 3 + 3 / 3) / 2)  # windows "a b a", "b a c"
    # HD-D with a sample of 2: P(a) = 1 - C(2,2)/C(4,2) = 5/6, P(b) = P(c) = 1/2
    assert row["hdd"] == pytest.approx((5 / 6 + 1 / 2 + 1 / 2) / 2)


def test_mtld_hand_computed_with_partial_factor():
    # forward "a a b c d": TTR 1/2 <= .72 after "a a" (1 factor), then "b c d" TTR 1 -> 0
    #   -> 5 / 1 = 5; backward "d c b a a": TTR 4/5 = .8 at the end -> partial .2/.28
    #   -> 5 / (0.2 / 0.28) = 7; MTLD = (5 + 7) / 2 = 6
    row = lexical_diversity(make("a a b c d"), "mtld").iloc[0]
    assert row["mtld"] == pytest.approx(6.0)


def test_corpus_row_reads_all_documents_as_one_text():
    table = lexical_diversity(make("a b", "a c"), ["ttr", "yule_k"])
    assert table["level"].tolist() == ["document", "document", "corpus"]
    corpus = table.iloc[-1]
    assert corpus["doc_id"] == "corpus"
    assert (corpus["tokens"], corpus["types"]) == (4, 3)
    assert corpus["ttr"] == pytest.approx(0.75)
    assert list(table.columns) == ["doc_id", "level", "tokens", "types", "ttr", "yule_k"]


def test_edge_cases_empty_single_token_and_short_texts():
    table = lexical_diversity(make("", "a", "a b c"), mattr_window=500, sample=42)
    empty, single, short = (table.iloc[i] for i in range(3))
    assert empty[list(MEASURES)].isna().all()
    assert single["ttr"] == 1.0 and math.isnan(single["herdan_c"]) and math.isnan(single["maas"])
    assert short["mattr"] == pytest.approx(1.0)  # shorter than the window: its TTR
    assert math.isnan(short["hdd"])  # shorter than the 42-token sample
    assert math.isnan(short["mtld"])  # all distinct: no factor


@pytest.mark.parametrize(("spelling", "key"), [
    ("TTR", "ttr"), ("ttr", "ttr"), ("Type-token ratio", "ttr"), ("Herdan's C", "herdan_c"),
    ("LogTTR", "herdan_c"), ("Root TTR", "guiraud_r"), ("Guiraud", "guiraud_r"), ("Maas", "maas"),
    ("Yule's K", "yule_k"), ("YULE_K", "yule_k"), ("MATTR", "mattr"), ("MTLD", "mtld"),
    ("HD-D", "hdd"),
])
def test_names_as_the_literature_writes_them(spelling, key):
    tokens = make("a b a c", "a a")
    table = lexical_diversity(tokens, measure=[spelling], mattr_window=2, sample=2)
    assert list(table.columns) == ["doc_id", "level", "tokens", "types", key]
    direct = lexical_diversity(tokens, measure=[key], mattr_window=2, sample=2)
    assert table[key].tolist() == pytest.approx(direct[key].tolist(), nan_ok=True)
    if key == "ttr":
        assert table["ttr"].tolist() == [3 / 4, 1 / 2, 3 / 6]


def test_unknown_measure_and_bad_window():
    with pytest.raises(ValueError, match="unknown diversity measure 'vocd'"):
        lexical_diversity(make("a"), ["vocd"])
    with pytest.raises(ValueError, match="at least 1"):
        lexical_diversity(make("a"), mattr_window=0)


def brute_mattr(seq, window):
    if len(seq) < window:
        return len(set(seq)) / len(seq)
    return float(np.mean([len(set(seq[i:i + window])) / window
                          for i in range(len(seq) - window + 1)]))


def brute_hdd(seq, sample):
    n = len(seq)
    return sum(1 - math.comb(n - c, sample) / math.comb(n, sample)
               for c in Counter(seq).values()) / sample


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=40), min_size=1,
                max_size=4), st.integers(1, 12), st.integers(1, 10))
def test_property_vectorised_equals_brute_force(texts, window, sample):
    tokens = make(*(" ".join(t) for t in texts))
    table = lexical_diversity(tokens, ["ttr", "mattr", "hdd", "yule_k"], mattr_window=window,
                              sample=sample)
    for i, seq in enumerate(texts):
        row = table.iloc[i]
        assert row["ttr"] == pytest.approx(len(set(seq)) / len(seq))
        assert row["mattr"] == pytest.approx(brute_mattr(seq, window))
        if len(seq) >= sample:
            assert row["hdd"] == pytest.approx(brute_hdd(seq, sample))
        spectrum = Counter(Counter(seq).values())
        k = 1e4 * (sum(i * i * v for i, v in spectrum.items()) - len(seq)) / len(seq) ** 2
        assert row["yule_k"] == pytest.approx(k)
    whole = [w for seq in texts for w in seq]
    assert table.iloc[-1]["mattr"] == pytest.approx(brute_mattr(whole, window))
