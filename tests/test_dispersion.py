"""Dispersion (range, Juilland's D, DP, DPnorm), Zipf and Heaps fits on hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.distribution import dispersion, vocabulary_growth, zipf
from toolkit.queries import NoMatchWarning
from toolkit.tokens import Tokens


def parts_corpus(counts, sizes, **meta) -> Tokens:
    """One document per part: ``counts[i]`` x "x", filled with "f" up to ``sizes[i]`` tokens."""
    documents = [[["x"] * c + ["f"] * (s - c)] for c, s in zip(counts, sizes, strict=True)]
    return Tokens.from_sentences(documents, pd.DataFrame({"doc_id": range(len(sizes)), **meta}))


def reference_d(counts, sizes) -> float:
    """Juilland's D written out as in Gries (2008): 1 - (sd_pop(p) / mean(p)) / sqrt(n - 1)."""
    p = [c / s for c, s in zip(counts, sizes, strict=True)]
    mean = sum(p) / len(p)
    sd = math.sqrt(sum((x - mean) ** 2 for x in p) / len(p))
    return 1 - sd / mean / math.sqrt(len(p) - 1)


def test_gries_2008_example_dp():
    # Gries (2008): parts of 9, 10, 10, 10, 11 tokens with 1..5 occurrences: DP = 0.18
    tokens = parts_corpus([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])
    x = dispersion(tokens).set_index("term").loc["x"]
    assert x["count"] == 15
    assert x["dp"] == pytest.approx(0.18)
    assert x["dp_norm"] == pytest.approx(0.18 / (1 - 0.18))
    assert x["juilland_d"] == pytest.approx(reference_d([1, 2, 3, 4, 5], [9, 10, 10, 10, 11]))
    assert x["juilland_d"] == pytest.approx(0.785150, abs=1e-6)
    assert x["range"] == 1.0


def test_even_and_concentrated_extremes():
    even = dispersion(parts_corpus([2] * 5, [10] * 5)).set_index("term").loc["x"]
    assert even["juilland_d"] == pytest.approx(1.0)
    assert even["dp"] == pytest.approx(0.0, abs=1e-12)
    one = dispersion(parts_corpus([10, 0, 0, 0, 0], [10] * 5)).set_index("term").loc["x"]
    assert one["juilland_d"] == pytest.approx(0.0, abs=1e-12)
    assert one["dp"] == pytest.approx(0.8)  # 0.5 * (|1 - 0.2| + 4 * 0.2)
    assert one["dp_norm"] == pytest.approx(1.0)
    assert one["range"] == pytest.approx(0.2)


def test_terms_order_absent_term_and_default_order():
    tokens = parts_corpus([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])
    with pytest.warns(NoMatchWarning, match="'nope'"):
        table = dispersion(tokens, ["x", "nope"])
    assert table["term"].tolist() == ["x", "nope"]
    assert table["count"].tolist() == [15, 0]
    assert table.iloc[1][["juilland_d", "dp", "dp_norm"]].isna().all()
    assert dispersion(tokens)["term"].tolist() == ["f", "x"]
    assert dispersion(tokens).attrs["n_parts"] == 5


def test_parts_by_metadata_and_equal_chunks():
    tokens = parts_corpus([1, 2, 3, 4, 5], [9, 10, 10, 10, 11], half=["a", "a", "b", "b", "b"])
    grouped = dispersion(tokens, ["x"], by="half").iloc[0]
    # parts: 19 tokens with 3 x, 31 tokens with 12 x
    assert grouped["dp"] == pytest.approx(0.5 * (abs(3 / 15 - 19 / 50) + abs(12 / 15 - 31 / 50)))
    assert grouped["juilland_d"] == pytest.approx(reference_d([3, 12], [19, 31]))
    chunks = dispersion(parts_corpus([4, 0], [4, 4]), ["x"], by=4)
    # 8 tokens in 4 chunks of 2: x x | x x | f f | f f
    assert chunks.attrs["n_parts"] == 4
    assert chunks.iloc[0]["range"] == 0.5
    assert chunks.iloc[0]["dp"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="by must be"):
        dispersion(tokens, by="nope")
    with pytest.raises(ValueError, match="at least 1"):
        dispersion(tokens, by=0)


def test_one_part_and_empty_documents():
    single = dispersion(parts_corpus([2], [5]), ["x"]).iloc[0]
    assert math.isnan(single["juilland_d"])
    assert single["dp"] == 0.0
    # an empty document is not a part
    with_empty = parts_corpus([2, 0, 2], [4, 0, 4])
    x = dispersion(with_empty, ["x"]).iloc[0]
    assert dispersion(with_empty).attrs["n_parts"] == 2
    assert x["juilland_d"] == pytest.approx(1.0)


def test_even_spread_is_exactly_one_on_every_stack():
    """Equal relative frequencies in every part: Juilland's D is 1 exactly (the variance is
    computed in two passes; E[p**2] - mean**2 left 0.99999999 with numpy 1.24)."""
    row = dispersion(parts_corpus([3, 3, 3], [5, 5, 5])).set_index("term").loc["x"]
    assert row["juilland_d"] == 1.0
    assert row["dp"] == pytest.approx(0.0, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 8)), min_size=2, max_size=8))
def test_property_bounds_and_reference_formula(parts):
    counts = [min(c, s) for c, s in parts]
    sizes = [s for _, s in parts]
    if sum(counts) == 0:
        counts[0] = 1
    table = dispersion(parts_corpus(counts, sizes))
    x = table.set_index("term").loc["x"]
    assert -1e-9 <= x["dp"] <= 1 + 1e-9
    assert -1e-9 <= x["dp_norm"] <= 1 + 1e-9
    assert x["juilland_d"] <= 1 + 1e-9
    assert x["juilland_d"] == pytest.approx(reference_d(counts, sizes), abs=1e-9)
    shares = np.array(sizes) / sum(sizes)
    dp = 0.5 * np.abs(np.array(counts) / sum(counts) - shares).sum()
    assert x["dp"] == pytest.approx(dp, abs=1e-12)
    assert x["range"] == pytest.approx(np.count_nonzero(counts) / len(counts))


def test_zipf_exact_power_law():
    # counts 60, 30, 20, 15, 12 = 60 / rank: slope -1, intercept log10(60)
    words = [f"w{r}" for r in range(1, 6) for _ in range(60 // r)]
    table = zipf(Tokens.from_sentences([[words]], pd.DataFrame({"doc_id": [0]})))
    assert table["rank"].tolist() == [1, 2, 3, 4, 5]
    assert table["count"].tolist() == [60, 30, 20, 15, 12]
    assert table.attrs["slope"] == pytest.approx(-1.0)
    assert table.attrs["intercept"] == pytest.approx(math.log10(60))
    assert table.attrs["r2"] == pytest.approx(1.0)
    np.testing.assert_allclose(table["fitted"], table["count"])
    np.testing.assert_allclose(table["frequency"], table["count"] / 137)


def test_zipf_ties_are_ordinal_by_term():
    tokens = Tokens.from_sentences([[["b", "a", "c", "c"]]], pd.DataFrame({"doc_id": [0]}))
    table = zipf(tokens)
    assert table["term"].tolist() == ["c", "a", "b"]
    assert table["rank"].tolist() == [1, 2, 3]


def test_vocabulary_growth_hand_computed():
    tokens = Tokens.from_sentences([[["a", "b", "a"]], [["c", "a", "d"]]],
                                   pd.DataFrame({"doc_id": [0, 1]}))
    table = vocabulary_growth(tokens, points=6)
    assert table["tokens"].tolist() == [1, 2, 3, 4, 5, 6]
    assert table["types"].tolist() == [1, 2, 2, 3, 3, 4]
    beta, log_k = np.polyfit(np.log(table["tokens"]), np.log(table["types"]), 1)
    assert table.attrs["beta"] == pytest.approx(beta)
    assert table.attrs["K"] == pytest.approx(math.exp(log_k))


def test_heaps_exact_power_law_recovered():
    # types seen after t tokens = round(sqrt(t)) exactly at the sampled points 1, 4, 9, ..., 100
    sequence, seen = [], 0
    for t in range(1, 101):
        if math.isqrt(t) ** 2 == t:
            seen += 1
            sequence.append(f"new{seen}")
        else:
            sequence.append("new1")
    tokens = Tokens.from_sentences([[sequence]], pd.DataFrame({"doc_id": [0]}))
    table = vocabulary_growth(tokens, points=100)
    squares = table[table["tokens"].isin([k * k for k in range(1, 11)])]
    assert squares["types"].tolist() == list(range(1, 11))
    assert 0.4 < table.attrs["beta"] < 0.6


def test_empty_corpus_growth_and_zipf():
    empty = Tokens.from_sentences([[]], pd.DataFrame({"doc_id": [0]}))
    assert vocabulary_growth(empty).empty
    assert math.isnan(zipf(empty).attrs["slope"])
