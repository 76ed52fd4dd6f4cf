"""Keyness: hand-computed 2x2 statistics, scipy parity, target/reference forms and edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from toolkit.keywords import keyness
from toolkit.tables import RTLFrame
from toolkit.tokens import Tokens


def corpus_pair(a: int, b: int, n_t: int, n_r: int) -> Tokens:
    """Document 0 (target): ``a`` x "w" + fillers to ``n_t`` tokens; document 1 (reference)."""
    target = ["w"] * a + ["t"] * (n_t - a)
    reference = ["w"] * b + ["r"] * (n_r - b)
    docs = pd.DataFrame({"doc_id": ["T", "R"], "side": ["target", "reference"]})
    return Tokens.from_sentences([[target], [reference]], docs)


def row(table: pd.DataFrame, term: str) -> pd.Series:
    return table.set_index("term").loc[term]


def test_hand_computed_statistics():
    # a = 10 of n_t = 100, b = 5 of n_r = 200; N = 300, term total 15
    table = keyness(corpus_pair(10, 5, 100, 200), "side=target")
    assert isinstance(table, RTLFrame)
    w = row(table, "w")
    assert (w["count_target"], w["count_reference"]) == (10, 5)
    assert w["expected_target"] == pytest.approx(5.0)
    assert w["expected_reference"] == pytest.approx(10.0)
    # Dunning's G2, 4-term form: 2 * sum O ln(O/E) over cells (10,90,5,195) vs (5,95,10,190)
    g2 = 2 * (10 * math.log(10 / 5) + 90 * math.log(90 / 95) + 5 * math.log(5 / 10)
              + 195 * math.log(195 / 190))
    assert w["g2"] == pytest.approx(g2)
    assert w["g2"] == pytest.approx(7.32982, abs=1e-4)
    assert w["p_g2"] == pytest.approx(stats.chi2.sf(g2, 1))
    # chi2 = N (ad - bc)^2 / (r1 r2 c1 c2) = 300 * 1500^2 / (100 * 200 * 15 * 285)
    assert w["chi2"] == pytest.approx(300 * 1500**2 / (100 * 200 * 15 * 285))
    assert w["chi2_yates"] == pytest.approx(300 * (1500 - 150) ** 2 / (100 * 200 * 15 * 285))
    assert w["log_ratio"] == pytest.approx(2.0)  # log2((10/100) / (5/200))
    assert w["pct_diff"] == pytest.approx(300.0)  # (100000 - 25000) * 100 / 25000
    assert w["per_million_target"] == pytest.approx(1e5)
    assert w["direction"] == "key"


def test_rayson_calculator_layout_by_hand():
    # Rayson's log-likelihood calculator (UCREL): a, b = frequency of the word in corpus 1, 2;
    # c, d = corpus sizes. a = 10, b = 5, c = 100, d = 200.
    a, b, c, d = 10, 5, 100, 200
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)  # 5, 10
    ll_rayson = 2 * (a * math.log(a / e1) + b * math.log(b / e2))  # 2-term: 10 ln 2 = 6.9315
    # Dunning's 4-term G2 adds the other words' cells: c - a = 90, d - b = 195
    e3, e4 = c * (c + d - a - b) / (c + d), d * (c + d - a - b) / (c + d)  # 95, 190
    g2 = ll_rayson + 2 * ((c - a) * math.log((c - a) / e3) + (d - b) * math.log((d - b) / e4))
    # Pearson's chi2 over the same four cells (O - E)^2 / E
    chi2 = sum((o - e) ** 2 / e for o, e in ((a, e1), (b, e2), (c - a, e3), (d - b, e4)))
    table = keyness(corpus_pair(a, b, c, d), "side=target", measure="LL (Rayson)")
    w = row(table, "w")
    assert ll_rayson == pytest.approx(10 * math.log(2)) and g2 == pytest.approx(7.32982, abs=1e-5)
    assert w["g2_rayson"] == pytest.approx(ll_rayson, rel=1e-12)
    assert w["p_g2_rayson"] == pytest.approx(stats.chi2.sf(ll_rayson, 1))
    assert w["p_value"] == w["p_g2_rayson"]
    assert w["g2"] == pytest.approx(g2, rel=1e-12)
    assert w["chi2"] == pytest.approx(chi2, rel=1e-12)
    assert list(table["term"]) == list(table.sort_values("g2_rayson", ascending=False)["term"])


@pytest.mark.parametrize(("spelling", "key"), [
    ("G2", "g2"), ("LL", "g2"), ("log-likelihood", "g2"), ("Chi-squared", "chi2"),
    ("chi2_yates", "chi2_yates"), ("Log Ratio", "log_ratio"), ("%DIFF", "pct_diff"),
    ("Fisher", "fisher"), ("g2_rayson", "g2_rayson"),
])
def test_keyness_measure_names(spelling, key):
    pair = corpus_pair(10, 5, 100, 200)
    named = keyness(pair, "side=target", measure=spelling)
    direct = keyness(pair, "side=target", measure=key)
    assert named["term"].tolist() == direct["term"].tolist()
    assert named["p_value"].tolist() == direct["p_value"].tolist()


def test_scipy_parity_chi2_and_fisher():
    table = keyness(corpus_pair(10, 5, 100, 200), ("side", "target"))
    for term in table["term"]:
        r = row(table, term)
        a, b = int(r["count_target"]), int(r["count_reference"])
        cells = [[a, 100 - a], [b, 200 - b]]
        assert abs(r["chi2"]) == pytest.approx(stats.chi2_contingency(cells, correction=False)[0])
        assert abs(r["chi2_yates"]) == pytest.approx(stats.chi2_contingency(cells)[0])
        assert r["p_chi2_yates"] == pytest.approx(stats.chi2_contingency(cells)[1])
        assert r["fisher_p"] == pytest.approx(stats.fisher_exact(cells).pvalue, rel=1e-9)


def test_zero_counts_log_ratio_substitution_and_pct_diff():
    table = keyness(corpus_pair(4, 0, 100, 100), "side=target")
    t = row(table, "t")  # only in the target: b = 0 -> 0.5
    assert t["count_reference"] == 0
    assert t["log_ratio"] == pytest.approx(math.log2((96 / 100) / (0.5 / 100)))
    assert t["pct_diff"] == math.inf  # absent from the reference: infinitely more frequent
    assert t["direction"] == "key"
    r = row(table, "r")  # only in the reference: a = 0 -> 0.5
    assert r["log_ratio"] == pytest.approx(math.log2((0.5 / 100) / (100 / 100)))
    assert r["pct_diff"] == pytest.approx(-100.0)
    assert r["g2"] < 0 and r["direction"] == "negative"


def test_equal_relative_frequency_is_neutral():
    table = keyness(corpus_pair(5, 10, 100, 200), "side=target")
    w = row(table, "w")
    assert w["g2"] == pytest.approx(0.0, abs=1e-9)
    assert w["log_ratio"] == pytest.approx(0.0)
    assert w["direction"] == "equal"
    assert w["fisher_p"] == pytest.approx(1.0)


def test_sorted_by_measure_key_first_negative_last():
    table = keyness(corpus_pair(10, 5, 100, 200), "side=target", measure="log_ratio")
    assert table["log_ratio"].is_monotonic_decreasing
    assert table["direction"].iloc[0] == "key" and table["direction"].iloc[-1] == "negative"
    for measure in ("g2", "chi2", "chi2_yates", "pct_diff"):
        assert keyness(corpus_pair(10, 5, 100, 200), "side=target", measure=measure)[
            measure].is_monotonic_decreasing
    fisher = keyness(corpus_pair(10, 5, 100, 200), "side=target", measure="fisher")
    assert fisher["p_value"].equals(fisher["fisher_p"])
    assert fisher["direction"].iloc[0] == "key"


def test_fisher_sorts_by_strength_beyond_float_underflow():
    # "w" 3000 and "v" 2500 times in the target, never in the reference: both p < 1e-308
    target = ["w"] * 3000 + ["v"] * 2500 + ["t"] * 500
    docs = pd.DataFrame({"doc_id": ["T", "R"]})
    tokens = Tokens.from_sentences([[target], [["r"] * 3000]], docs)
    table = keyness(tokens, np.array([True, False]), measure="fisher")
    assert table["term"].tolist()[:2] == ["w", "v"]
    assert (table["fisher_p"].head(2) == 0.0).all()
    assert table["term"].iloc[-1] == "r"


def test_target_forms_agree():
    tokens = corpus_pair(10, 5, 100, 200)
    by_string = keyness(tokens, "side=target")
    by_pair = keyness(tokens, ("side", "target"))
    by_mask = keyness(tokens, np.array([True, False]))
    by_series = keyness(tokens, tokens.docs["side"] == "target")
    by_tokens = keyness(tokens, tokens.select([0]), tokens.select([1]))
    for other in (by_pair, by_mask, by_series, by_tokens):
        pd.testing.assert_frame_equal(pd.DataFrame(other), pd.DataFrame(by_string))


def test_external_frequency_list_reference():
    tokens = corpus_pair(10, 5, 100, 200)
    from_list = keyness(tokens, "side=target", {"w": 5, "r": 195})
    pd.testing.assert_frame_equal(pd.DataFrame(from_list),
                                  pd.DataFrame(keyness(tokens, "side=target")))
    # a list covering only some words, with the corpus size given
    partial = keyness(tokens, "side=target", (pd.Series({"w": 5}), 200))
    w = row(partial, "w")
    assert w["expected_target"] == pytest.approx(5.0)
    assert "r" not in set(partial["term"])
    with pytest.raises(ValueError, match="smaller than the sum"):
        keyness(tokens, "side=target", ({"w": 5}, 3))
    with pytest.raises(ValueError, match=">= 0"):
        keyness(tokens, "side=target", {"w": -1})


def test_term_absent_from_reference_and_min_count():
    tokens = corpus_pair(10, 5, 100, 200)
    table = keyness(tokens, "side=target")
    assert row(table, "t")["count_reference"] == 0
    assert set(keyness(tokens, "side=target", min_count=50)["term"]) == {"t", "r"}


def test_bonferroni_flag():
    table = keyness(corpus_pair(30, 5, 100, 200), "side=target", alpha=0.05)
    expected = table["p_g2"] < 0.05 / len(table)
    assert table["bonferroni"].equals(expected)


def test_errors():
    tokens = corpus_pair(10, 5, 100, 200)
    with pytest.raises(ValueError, match="target has no tokens"):
        keyness(tokens, "side=nothing")
    with pytest.raises(ValueError, match="reference has no tokens"):
        keyness(tokens, "side=target", np.array([False, False]))
    with pytest.raises(KeyError, match="no metadata column 'cat'"):
        keyness(tokens, "cat=sports")
    with pytest.raises(ValueError, match="column=value"):
        keyness(tokens, "sports")
    with pytest.raises(ValueError, match="one entry per document"):
        keyness(tokens, np.array([True]))
    with pytest.raises(ValueError, match="needs a reference"):
        keyness(tokens, tokens.select([0]))
    with pytest.raises(ValueError, match="unknown keyness measure"):
        keyness(tokens, "side=target", measure="mi")


def test_one_document_corpora_compared_as_tokens():
    left = Tokens.from_sentences([[["x", "y", "x"]]], pd.DataFrame({"doc_id": [0]}))
    right = Tokens.from_sentences([[["y", "z"]]], pd.DataFrame({"doc_id": [0]}))
    table = keyness(left, left, right)
    assert dict(zip(table["term"], table["count_target"], strict=True)) == {"x": 2, "y": 1, "z": 0}
    assert dict(zip(table["term"], table["count_reference"], strict=True)) == {"x": 0, "y": 1, "z": 1}


counts = st.integers(0, 40)


@settings(max_examples=40, deadline=None)
@given(counts, counts, st.integers(0, 30), st.integers(0, 30))
def test_property_scipy_parity_and_sign_agreement(a, b, extra_t, extra_r):
    n_t, n_r = a + extra_t + 1, b + extra_r + 1
    table = keyness(corpus_pair(a, b, n_t, n_r), "side=target")
    for _, r in table.iterrows():
        x, y = int(r["count_target"]), int(r["count_reference"])
        cells = [[x, n_t - x], [y, n_r - y]]
        assert r["fisher_p"] == pytest.approx(stats.fisher_exact(cells).pvalue, rel=1e-6)
        if 0 < x + y < n_t + n_r:
            assert abs(r["chi2"]) == pytest.approx(
                stats.chi2_contingency(cells, correction=False)[0], rel=1e-9, abs=1e-12)
            g2 = stats.chi2_contingency(cells, correction=False, lambda_="log-likelihood")[0]
            assert abs(r["g2"]) == pytest.approx(g2, rel=1e-9, abs=1e-9)
        assert r["count_target"] + r["count_reference"] == pytest.approx(r["expected_target"] + r["expected_reference"])
    # sizes less than a factor 2 apart: the 0.5 substitution cannot overturn the order (at
    # exactly 2, a count of 1 against 0 gives Log Ratio 0)
    if max(n_t, n_r) < 2 * min(n_t, n_r):
        agree = np.sign(table["g2"].round(9)) == np.sign(table["log_ratio"].round(9))
        assert agree.all()
