"""toolkit.measures.association: hand-computed tables, zero cells, NLTK/scipy parity, invariants."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nltk.metrics import BigramAssocMeasures
from scipy.stats import chi2_contingency

from toolkit import association
from toolkit.measures import MEASURES

# O11=10, R1=20, C1=30, N=100 -> O12=10, O21=20, O22=60; E = 6, 14, 24, 56 (Evert 2005, eq. 4.1-4.3)
HAND = {
    "pmi": math.log2(10 / 6),
    "npmi": math.log2(10 / 6) / -math.log2(10 / 100),
    "ppmi": math.log2(10 / 6),
    # 2 * (10 ln(10/6) + 10 ln(10/14) + 20 ln(20/24) + 60 ln(60/56))
    "g2": 4.473350049571542,
    "t": (10 - 6) / math.sqrt(10),
    "z": (10 - 6) / math.sqrt(6),
    "chi2": 100 * (10 * 60 - 10 * 20) ** 2 / (20 * 80 * 30 * 70),
    "dice": 2 * 10 / (20 + 30),
    "logdice": 14 + math.log2(0.4),
    "mi3": math.log2(10**3 / 6),
    "jaccard": 10 / (10 + 10 + 20),
    "delta_p_21": 10 / 20 - 20 / 80,
    "delta_p_12": 10 / 30 - 10 / 70,
    "min_sensitivity": 10 / 30,
    "odds_ratio": (10 * 60) / (10 * 20),
    "mi2": math.log2(10**2 / 6),
}


def test_hand_computed_table_every_measure() -> None:
    out = association(10, 20, 30, 100, MEASURES)
    assert list(out.columns) == list(MEASURES) == list(HAND)
    for name, value in HAND.items():
        assert out[name].iloc[0] == pytest.approx(value, rel=1e-12), name


def test_yates_correction() -> None:
    out = association(10, 20, 30, 100, "chi2", yates=True)
    assert out["chi2"].iloc[0] == pytest.approx(100 * (400 - 50) ** 2 / (20 * 80 * 30 * 70))
    # |ad - bc| below N/2: the corrected statistic is 0, not negative
    assert association(1, 10, 10, 100, "chi2", yates=True)["chi2"].iloc[0] == 0.0


def test_zero_joint_frequency_has_limits_and_no_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = association([0], [4], [5], [100], MEASURES).iloc[0]
    assert out["pmi"] == -np.inf and out["logdice"] == -np.inf and out["mi3"] == -np.inf
    assert out["ppmi"] == 0.0 and out["npmi"] == -1.0 and out["dice"] == 0.0
    assert out["t"] == -np.inf
    # 0 * log 0 = 0: only O12=4, O21=5, O22=91 contribute
    assert out["g2"] == pytest.approx(0.4190052177576537)
    # Haldane-Anscombe: 0.5 added to all four cells
    assert out["odds_ratio"] == pytest.approx(0.5 * 91.5 / (4.5 * 5.5))
    assert out["delta_p_21"] == pytest.approx(0 / 4 - 5 / 96)


def test_degenerate_table_is_nan_only_where_undefined() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = association(3, 3, 3, 3, MEASURES).iloc[0]
    assert np.isnan(out["chi2"])  # R2 = C2 = 0
    assert out["g2"] == 0.0 and out["pmi"] == 0.0 and out["npmi"] == 1.0
    assert out["logdice"] == 14.0


def test_series_index_kept_and_scalar_broadcast() -> None:
    o11 = pd.Series([1, 2], index=["x", "y"])
    out = association(o11, 10, [5, 6], 1000, ["dice"])
    assert list(out.index) == ["x", "y"]
    assert out["dice"].tolist() == pytest.approx([2 / 15, 4 / 16])


def test_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="unknown association measure 'mutual'"):
        association(1, 2, 3, 10, "mutual")
    with pytest.raises(ValueError, match=r"unknown association measure 'cosine'.*logdice"):
        association(1, 2, 3, 10, ["logDice", "cosine"])
    with pytest.raises(ValueError, match="row 1: o11=5"):
        association([1, 5], [2, 2], [3, 3], [10, 10])
    with pytest.raises(ValueError, match="at least one measure"):
        association(1, 2, 3, 10, [])


@st.composite
def tables(draw: st.DrawFn, min_o11: int = 0) -> tuple[int, int, int, int]:
    """Valid 2x2 tables as (o11, r1, c1, n) with all four cells >= 0."""
    o11 = draw(st.integers(min_o11, 500))
    o12, o21, o22 = (draw(st.integers(0, 5000)) for _ in range(3))
    return o11, o11 + o12, o11 + o21, o11 + o12 + o21 + o22


@settings(max_examples=150, deadline=None)
@given(tables(min_o11=1))
def test_parity_with_nltk(table: tuple[int, int, int, int]) -> None:
    o11, r1, c1, n = table
    out = association(o11, r1, c1, n, ["pmi", "g2", "t", "chi2", "dice", "jaccard"]).iloc[0]
    m = BigramAssocMeasures
    marginals = (o11, (r1, c1), n)
    assert out["pmi"] == pytest.approx(m.pmi(*marginals), rel=1e-9, abs=1e-12)
    assert out["g2"] == pytest.approx(m.likelihood_ratio(*marginals), rel=1e-9, abs=1e-9)
    assert out["t"] == pytest.approx(m.student_t(*marginals), rel=1e-9, abs=1e-12)
    assert out["dice"] == pytest.approx(m.dice(*marginals), rel=1e-12)
    assert out["jaccard"] == pytest.approx(m.jaccard(*marginals), rel=1e-12)
    if min(r1, c1, n - r1, n - c1) > 0:  # NLTK divides by zero on degenerate tables
        assert out["chi2"] == pytest.approx(m.chi_sq(*marginals), rel=1e-9, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_g2_and_chi2_match_scipy(table: tuple[int, int, int, int]) -> None:
    o11, r1, c1, n = table
    cells = np.array([[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]])
    if (cells.sum(axis=0) == 0).any() or (cells.sum(axis=1) == 0).any():
        return  # scipy refuses tables with a zero marginal
    out = association(o11, r1, c1, n, ["g2", "chi2"]).iloc[0]
    yates = association(o11, r1, c1, n, ["chi2"], yates=True).iloc[0]
    g2 = chi2_contingency(cells, correction=False, lambda_="log-likelihood").statistic
    assert out["g2"] == pytest.approx(g2, rel=1e-9, abs=1e-9)
    assert out["chi2"] == pytest.approx(chi2_contingency(cells, correction=False).statistic,
                                        rel=1e-9, abs=1e-9)
    assert yates["chi2"] == pytest.approx(chi2_contingency(cells, correction=True).statistic,
                                          rel=1e-9, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_symmetry_and_bounds(table: tuple[int, int, int, int]) -> None:
    o11, r1, c1, n = table
    assume(r1 + c1 > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ab = association(o11, r1, c1, n, MEASURES).iloc[0]
        ba = association(o11, c1, r1, n, MEASURES).iloc[0]
    symmetric = [m for m in MEASURES if not m.startswith("delta_p")]
    assert ab[symmetric].to_numpy() == pytest.approx(ba[symmetric].to_numpy(), nan_ok=True)
    assert ab["delta_p_21"] == pytest.approx(ba["delta_p_12"], nan_ok=True)
    assert ab["g2"] >= 0 and not ab["chi2"] < 0
    assert 0 <= ab["dice"] <= 1 and 0 <= ab["jaccard"] <= ab["dice"]
    assert ab["logdice"] <= 14 and -1 <= ab["npmi"] <= 1 + 1e-12
    assert not ab["ppmi"] < 0 and ab["odds_ratio"] > 0


# A window table: O = 6 co-occurrences of x (f_x = 20) and y (f_y = 30) in a span of S = 4 slots
# (2 left, 2 right) in N = 1000 tokens. Reference definitions, computed here from the formulas:
# E11 = f_x f_y S / N (Brezina et al. 2015, #LancsBox); the four cells over the S N span slots:
# R1 = S f_x = 80, C1 = S f_y = 120, N' = 4000 -> O12 = 74, O21 = 114, O22 = 3806.
OBS, FX, FY, N, S = 6, 20, 30, 1000, 4
E11 = FX * FY * S / N  # 2.4
CELLS = [(6, 80 * 120 / 4000), (74, 80 * 3880 / 4000), (114, 3920 * 120 / 4000),
         (3806, 3920 * 3880 / 4000)]
SPAN_GOLDEN = {
    "logdice": 14 + math.log2(2 * OBS / (FX + FY)),  # Rychly 2008: no span, no N
    "dice": 2 * OBS / (FX + FY),
    "pmi": math.log2(OBS / E11),
    "mi2": math.log2(OBS**2 / E11),
    "ppmi": max(math.log2(OBS / E11), 0.0),
    "npmi": math.log2(OBS / E11) / -math.log2(OBS / (S * N)),  # Bouma 2009, over the S N slots
    "mi3": math.log2(OBS**3 / E11),
    "t": (OBS - E11) / math.sqrt(OBS),
    "z": (OBS - E11) / math.sqrt(E11),
    "g2": 2 * sum(o * math.log(o / e) for o, e in CELLS),
    "chi2": sum((o - e) ** 2 / e for o, e in CELLS),
    "jaccard": OBS / (FX + FY - OBS),
    "min_sensitivity": min(OBS / FX, OBS / FY),
    "delta_p_21": 6 / 80 - 114 / 3920,
    "delta_p_12": 6 / 120 - 74 / 3880,
    "odds_ratio": 6 * 3806 / (74 * 114),
}


@pytest.mark.parametrize("name", sorted(SPAN_GOLDEN))
def test_window_table_golden_value_every_measure(name: str) -> None:
    assert set(SPAN_GOLDEN) == set(MEASURES)
    out = association(OBS, FX, FY, N, name, span=S)
    assert out[name].iloc[0] == pytest.approx(SPAN_GOLDEN[name], rel=1e-12)


def test_span_one_is_sketch_engine_and_wordsmith() -> None:
    # Sketch Engine / WordSmith MI and t-score leave the span out: log2(OBS N / (f_x f_y))
    out = association(OBS, FX, FY, N, ["MI", "t-score", "logDice"]).iloc[0]
    assert out["pmi"] == pytest.approx(math.log2(OBS * N / (FX * FY)), rel=1e-12)
    assert out["t"] == pytest.approx((OBS - FX * FY / N) / math.sqrt(OBS), rel=1e-12)
    assert out["logdice"] == association(OBS, FX, FY, N, "logdice", span=S)["logdice"].iloc[0]


def test_logdice_is_14_for_words_only_seen_together() -> None:
    out = association([7, 1], [7, 1], [7, 1], [50, 10**9], ["logdice", "dice"], span=2)
    assert out["logdice"].tolist() == [14.0, 14.0] and out["dice"].tolist() == [1.0, 1.0]


def test_impossible_span_table_gives_nan_only_for_four_cell_measures() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = association(9, 2, 2, 100, list(MEASURES), span=2).iloc[0]  # 9 > S * f_y = 4
    assert np.isnan(out[["g2", "chi2", "delta_p_21", "delta_p_12", "odds_ratio"]]).all()
    assert out["logdice"] == pytest.approx(14 + math.log2(18 / 4))
    assert out["pmi"] == pytest.approx(math.log2(9 / (2 * 2 * 2 / 100)))


@pytest.mark.parametrize(("spelling", "key"), [
    ("logDice", "logdice"), ("LOGDICE", "logdice"), ("log_dice", "logdice"), ("MI", "pmi"),
    ("PMI", "pmi"), ("MI2", "mi2"), ("MI3", "mi3"), ("G2", "g2"), ("G²", "g2"), ("LL", "g2"),
    ("log-likelihood", "g2"), ("t", "t"), ("T-score", "t"), ("z", "z"), ("z_score", "z"),
    ("chi2", "chi2"), ("χ²", "chi2"), ("Chi-squared", "chi2"), ("ΔP", "delta_p_21"),
    ("delta_p", "delta_p_21"), ("ΔP(1|2)", "delta_p_12"), ("Dice", "dice"),
    ("min. sensitivity", "min_sensitivity"), ("odds ratio", "odds_ratio"), ("NPMI", "npmi"),
])
def test_names_as_the_field_writes_them(spelling: str, key: str) -> None:
    out = association(10, 20, 30, 100, [spelling])
    assert list(out.columns) == [key]
    assert out[key].iloc[0] == pytest.approx(HAND[key], rel=1e-12)
