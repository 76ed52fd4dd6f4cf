"""Every figure of toolkit.plots: the numbers it draws, its options, and its Persian text checked
against a Pillow + raqm reference (see test_rendering_support)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import math
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from test_rendering_support import PASS, text_only, text_score

import toolkit.plots as tp
from toolkit.plots.axes import PersianDigitFormatter, group_digits, persian_digits
from toolkit.plots.curves import loglog_fit
from toolkit.plots.matrix import square
from toolkit.plots.network import communities
from toolkit.tokens import Tokens


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def drawn_right(artists: list) -> list[float]:
    """Scores of ``artists`` against the raqm reference (their figure at 150 dpi, so that small
    labels have enough pixels)."""
    artists = [a for a in artists if a.get_text()]
    artists[0].figure.set_dpi(150)
    grey = text_only(artists)
    return [text_score(a, grey=grey) for a in artists]


FREQ = pd.DataFrame({"term": ["امنیت", "سوریه", "آتش‌بس", "گفت‌وگو", "روسیه"],
                     "count": [8, 9, 6, 5, 6], "per_million": [8e4, 9e4, 6e4, 5e4, 6e4]})


# -- bar ---------------------------------------------------------------------------------------
def test_bar_ranks_terms_largest_on_top_with_persian_counts():
    ax = tp.bar(FREQ, top=4)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["سوریه", "امنیت", "آتش‌بس", "روسیه"]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [9, 8, 6, 6]
    assert [t.get_text() for t in ax.texts] == ["۹", "۸", "۶", "۶"]
    assert ax.yaxis_inverted()
    assert min(drawn_right([*ax.get_yticklabels(), ax.xaxis.label])) >= PASS


def test_bar_value_column_latin_digits_and_series_input():
    ax = tp.bar(FREQ, value="per_million", digits="latin")
    assert ax.get_xlabel() == "بسامد در میلیون واژه"
    assert ax.texts[0].get_text() == "90,000"
    ax = tp.bar(pd.Series({"الف": 2, "ب": 5}))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ب", "الف"]


def test_bar_facets_one_axes_per_group_returns_the_figure():
    data = pd.concat([FREQ.assign(cat="سیاسی"), FREQ.head(2).assign(cat="ورزشی")])
    fig = tp.bar_facets(data, "cat", top=3, title="بر پایهٔ دسته")
    assert isinstance(fig, Figure)
    axes = [a for a in fig.axes if a.get_visible()]
    assert [a.get_title(loc="center") for a in axes] == ["سیاسی", "ورزشی"]
    assert not any(a.title.get_parse_math() for a in axes)  # group names are data
    assert len(axes[1].patches) == 2
    assert fig.get_suptitle() == "بر پایهٔ دسته"


def test_bar_group_keyword_still_works_with_a_deprecation_warning():
    data = pd.concat([FREQ.assign(cat="سیاسی"), FREQ.head(2).assign(cat="ورزشی")])
    with pytest.warns(DeprecationWarning, match="bar_facets"):
        axes = tp.bar(data, group="cat", top=3)
    assert [a.get_title(loc="center") for a in axes] == ["سیاسی", "ورزشی"]
    with pytest.raises(ValueError, match="ax=None"), pytest.warns(DeprecationWarning):
        tp.bar(data, group="cat", ax=plt.gca())


def test_bar_missing_column_names_it():
    with pytest.raises(KeyError, match=r"\['freq'\]"):
        tp.bar(FREQ, value="freq")
    with pytest.raises(ValueError, match="digits"):
        tp.bar(FREQ, digits="arabic")


# -- digits and rtl ----------------------------------------------------------------------------
def test_persian_digit_formatter_wraps_any_formatter():
    fig, ax = plt.subplots()
    ax.plot([0, 12.5], [0, 1])
    fig.canvas.draw()
    formatter = PersianDigitFormatter(ax.xaxis.get_major_formatter())
    assert formatter.format_ticks([0, 2.5, 10]) == ["۰٫۰", "۲٫۵", "۱۰٫۰"]
    assert persian_digits("1402 $10^{3}$") == "۱۴۰۲ $۱۰^{۳}$"


def test_large_tick_numbers_are_grouped():
    fig, ax = plt.subplots()
    ax.plot([0, 250000], [0, 1])
    persian = PersianDigitFormatter(ax.xaxis.get_major_formatter())
    latin = PersianDigitFormatter(ax.xaxis.get_major_formatter(), digits="latin")
    fig.canvas.draw()
    assert persian.format_ticks([0, 100000, 200000]) == ["۰", "۱۰۰\u066c۰۰۰", "۲۰۰\u066c۰۰۰"]
    assert latin.format_ticks([0, 100000, 200000]) == ["0", "100,000", "200,000"]
    # one style per axis: 4-digit ticks are grouped when another tick needs it, years are not
    assert persian.format_ticks([0, 5000, 10000]) == ["۰", "۵\u066c۰۰۰", "۱۰\u066c۰۰۰"]
    assert latin.format_ticks([1400, 1401, 1402]) == ["1400", "1401", "1402"]
    assert group_digits("1402") == "1402" and group_digits("12345.678") == "12,345.678"
    ax = tp.bar({"الف": 250000, "ب": 120000})
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "۲۰۰\u066c۰۰۰" in ticks, ticks


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789.-, abc"))
def test_persian_digits_round_trip(text):
    back = persian_digits(text).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٫", "0123456789."))
    assert back == text
    assert not any(ch in "0123456789" for ch in persian_digits(text))


def test_rtl_moves_axis_right_on_every_figure_with_axes():
    for ax in [tp.bar(FREQ, rtl=True), tp.keyness(KEY, rtl=True), tp.zipf(FREQ, rtl=True),
               tp.dispersion(POS, rtl=True), tp.trends(TREND, rtl=True)]:
        assert ax.yaxis.get_ticks_position() == "right"
    assert tp.bar(FREQ, rtl=True).xaxis_inverted()
    assert tp.dispersion(POS, rtl=True).xaxis_inverted()


# -- keyness -----------------------------------------------------------------------------------
KEY = pd.DataFrame({"term": ["سوریه", "روسیه", "فوتبال", "بازی", "گل"],
                    "g2": [30.0, 20.0, 25.0, 15.0, 5.0],
                    "log_ratio": [2.0, 1.5, -3.0, -2.0, -1.0]})


def test_keyness_diverging_bars_signed_by_log_ratio():
    ax = tp.keyness(KEY, top=2)
    terms = [t.get_text() for t in ax.get_yticklabels()]
    assert terms == ["سوریه", "روسیه", "بازی", "فوتبال"]
    assert [p.get_width() for p in ax.patches] == [30.0, 20.0, -15.0, -25.0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["هدف", "مرجع"]
    assert min(drawn_right([*ax.get_yticklabels(), *ax.get_legend().get_texts()])) >= PASS


def test_keyness_default_measure_is_g2_and_log_ratio_on_request():
    ax = tp.keyness(KEY)
    assert ax.get_xlabel() == "درست‌نمایی لگاریتمی (G2)"
    assert sorted(p.get_width() for p in ax.patches) == [-25.0, -15.0, -5.0, 20.0, 30.0]
    ax = tp.keyness(KEY, measure="log_ratio")
    assert ax.get_xlabel() == "نسبت لگاریتمی"
    assert sorted(p.get_width() for p in ax.patches) == [-3.0, -2.0, -1.0, 1.5, 2.0]


# -- zipf and growth ---------------------------------------------------------------------------
def test_loglog_fit_recovers_a_power_law():
    x = np.arange(1, 50, dtype=float)
    slope, intercept = loglog_fit(x, 3 * x ** 0.5)
    assert slope == pytest.approx(0.5)
    assert 10 ** intercept == pytest.approx(3)
    with pytest.raises(ValueError):
        loglog_fit(np.array([1.0]), np.array([1.0]))


def test_zipf_fits_exponent_one_on_exact_zipf_data():
    freq = pd.DataFrame({"term": [f"w{i}" for i in range(1, 101)],
                         "count": [1000 / r for r in range(1, 101)]})
    ax = tp.zipf(freq, title="قانون زیپف")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["واژه‌ها", "زیپف: s = ۱٫۰۰"]
    assert ax.get_xscale() == "log"
    assert list(ax.lines[0].get_xdata()[:3]) == [1, 2, 3]
    assert min(drawn_right([ax.title, ax.xaxis.label, ax.yaxis.label,
                            *ax.get_legend().get_texts()])) >= PASS


def test_vocabulary_growth_heaps_beta():
    n = np.arange(1, 2001, 10, dtype=float)
    growth = pd.DataFrame({"tokens": n, "types": 2 * n ** 0.5})
    ax = tp.vocabulary_growth(growth, digits="latin")
    assert ax.get_legend().get_texts()[0].get_text() == "هیپس: β = 0.50"
    assert min(drawn_right([ax.xaxis.label, ax.yaxis.label])) >= PASS


# -- heatmap -----------------------------------------------------------------------------------
PAIRS = pd.DataFrame({"w1": ["سوریه", "سوریه", "روسیه"], "w2": ["روسیه", "آتش‌بس", "آتش‌بس"],
                      "count": [4, 2, 1]})


def test_square_from_tidy_pairs_is_symmetric_and_ordered_by_total():
    m = square(PAIRS)
    assert list(m.index) == ["سوریه", "روسیه", "آتش‌بس"]
    assert m.loc["روسیه", "سوریه"] == m.loc["سوریه", "روسیه"] == 4
    assert m.loc["آتش‌بس", "آتش‌بس"] == 0
    assert (m.to_numpy() == m.to_numpy().T).all()


def test_heatmap_cells_and_labels():
    ax = tp.heatmap(PAIRS, ["آتش‌بس", "سوریه"])
    assert ax.images[0].get_array().tolist() == [[0, 2], [2, 0]]
    assert [t.get_text() for t in ax.texts] == ["۰", "۲", "۲", "۰"]
    assert min(drawn_right([*ax.get_xticklabels(), *ax.get_yticklabels()])) >= PASS


def test_heatmap_accepts_square_frame_and_to_frame_objects():
    m = square(PAIRS)
    assert tp.heatmap(m).images[0].get_array().shape == (3, 3)

    class Cooc:
        def to_frame(self):
            return PAIRS

    assert tp.heatmap(Cooc()).images[0].get_array()[0, 1] == 4


# -- network -----------------------------------------------------------------------------------
def graph() -> nx.Graph:
    g = nx.Graph()
    for word, count in [("سوریه", 40), ("روسیه", 25), ("آتش‌بس", 20), ("امنیت", 30),
                        ("گفت‌وگو", 12)]:
        g.add_node(word, count=count)
    g.add_edge("سوریه", "روسیه", score=9.0)
    g.add_edge("سوریه", "آتش‌بس", score=5.0)
    g.add_edge("امنیت", "گفت‌وگو", score=2.0)
    return g


def test_network_sizes_widths_communities_and_fixed_layout():
    ax = tp.network(graph())
    nodes = ax.collections[-1]
    sizes = dict(zip(graph().nodes, nodes.get_sizes(), strict=True))
    assert sizes["سوریه"] == 2400 and sizes["گفت‌وگو"] == 300
    assert sizes["امنیت"] > sizes["روسیه"] > sizes["آتش‌بس"]
    widths = ax.collections[0].get_linewidths()
    assert list(widths) == [6.0, pytest.approx(6 - 5.4 * 4 / 7), 0.6]
    colours = {tuple(c) for c in nodes.get_facecolors()}
    assert len(colours) == 2
    again = tp.network(graph())
    first = {t.get_text(): t.get_position() for t in ax.texts}
    assert first == {t.get_text(): t.get_position() for t in again.texts}


def test_communities_split_components():
    found = communities(graph())
    assert found["سوریه"] == found["روسیه"] == found["آتش‌بس"] == 0
    assert found["امنیت"] == found["گفت‌وگو"] == 1


# -- dispersion --------------------------------------------------------------------------------
POS = pd.DataFrame({"term": ["روسیه", "سوریه", "روسیه"], "position": [3, 7, 9]})


def tokens() -> Tokens:
    docs = [[["سوریه", "و", "روسیه"], ["آتش‌بس"]], [["روسیه", "گفت"]]]
    return Tokens.from_sentences(docs, pd.DataFrame({"doc_id": ["a", "b"]}))


def test_dispersion_rows_top_to_bottom_in_given_order():
    ax = tp.dispersion(tokens(), ["روسیه", "سوریه", "ایران"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["روسیه", "سوریه", "ایران"]
    bottom, top = ax.get_ylim()
    assert top < bottom  # row 0 (the first term) is drawn on top
    line, = ax.lines
    assert list(zip(line.get_xdata(), line.get_ydata(), strict=True)) == [(2, 0), (4, 0),
                                                                          (0, 1)]
    boundary, = ax.collections
    assert boundary.get_segments()[0][:, 0].tolist() == [4, 4]  # between the two documents
    assert min(drawn_right(list(ax.get_yticklabels()))) >= PASS


def test_dispersion_from_positions_frame():
    ax = tp.dispersion(POS)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["روسیه", "سوریه"]
    with pytest.raises(ValueError, match="terms"):
        tp.dispersion(tokens())


# -- trends ------------------------------------------------------------------------------------
TREND = pd.DataFrame({"period": ["۱۴۰۰", "۱۴۰۰", "۱۴۰۱", "۱۴۰۲", "۱۴۰۲"],
                      "term": ["سوریه", "روسیه", "سوریه", "سوریه", "روسیه"],
                      "per_million": [100.0, 50.0, 200.0, 150.0, 120.0]})


def test_trends_lines_per_term_missing_periods_are_zero():
    ax = tp.trends(TREND, title="روند")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["سوریه", "روسیه"]
    assert list(ax.lines[0].get_ydata()) == [100.0, 200.0, 150.0]
    assert list(ax.lines[1].get_ydata()) == [50.0, 0.0, 120.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["۱۴۰۰", "۱۴۰۱", "۱۴۰۲"]
    assert min(drawn_right([ax.title, ax.yaxis.label, *ax.get_legend().get_texts()])) >= PASS


def test_trends_numeric_periods_and_term_choice():
    data = TREND.assign(period=[1400, 1400, 1401, 1402, 1402])
    ax = tp.trends(data, terms=["روسیه"], digits="latin")
    assert list(ax.lines[0].get_xdata()) == [1400, 1401, 1402]
    assert len(ax.lines) == 1
    ids = TREND.assign(period=["doc_1", "doc_1", "doc_2", "1402-05", "1402-05"])
    ax = tp.trends(ids)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["doc_1", "doc_2", "۱۴۰۲-۰۵"]


# -- setup, fonts, warnings, saving ------------------------------------------------------------
def test_plot_calls_leave_rcparams_unchanged(tmp_path):
    """No hidden global state (issue 16): a plot call and a save apply the toolkit's rcParams
    and font to their own figure only; the user's settings, here a serif font and Type 3 PDF
    fonts, are the same afterwards, and the toolkit figure still draws in the Persian font."""
    from matplotlib import font_manager

    with matplotlib.rc_context({"font.family": "serif", "pdf.fonttype": 3}):
        before = dict(matplotlib.rcParams)
        grid = plt.figure().subplots(1, 2)
        made = [tp.bar(FREQ), tp.bar_facets(FREQ.assign(cat="الف"), "cat"), tp.keyness(KEY),
                tp.zipf(FREQ), tp.trends(TREND), tp.heatmap(PAIRS), tp.network(graph()),
                tp.dispersion(POS), tp.vocabulary_growth(pd.DataFrame({"tokens": [1, 10, 100],
                                                                       "types": [1, 8, 40]})),
                tp.bar(FREQ, ax=grid[0])]
        tp.save(made[0], tmp_path / "bar.pdf")
        tp.save(made[0], tmp_path / "bar.svg")
        after = dict(matplotlib.rcParams)
        assert {k for k in before if before[k] != after[k]} == set()
        made[0].figure.canvas.draw()
        fonts = {Path(font_manager.findfont(t.get_fontproperties()))
                 for t in [*made[0].get_yticklabels(), *made[0].get_xticklabels()]}
        assert fonts == {tp.font_path()}
        assert grid[1].get_yticklabels()[0].get_fontfamily() == ["serif"]  # not the toolkit's
    assert b"/FontType /Type3" not in (tmp_path / "bar.pdf").read_bytes()  # saved as TrueType


def test_interactive_mode_turned_on_during_a_plot_is_kept():
    """The first figure of a Jupyter session loads the inline backend, which turns interactive
    mode on inside the plot call; leaving the call must not turn it off again (the figures of
    the following cells would no longer be shown)."""
    from toolkit.plots.style import themed

    was = matplotlib.is_interactive()
    try:
        matplotlib.interactive(False)
        with themed():
            matplotlib.interactive(True)  # what the backend's activation does
        assert matplotlib.is_interactive()
    finally:
        matplotlib.interactive(was)


def test_setup_is_idempotent():
    tp.setup()
    from matplotlib.text import Text

    layout = Text._get_layout
    tp.setup()
    assert Text._get_layout is layout


def test_missing_glyphs_become_one_clear_warning():
    fig, ax = plt.subplots()
    ax.set_title("کتاب 漢字")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    ours = [w for w in caught if issubclass(w.category, tp.MissingGlyphWarning)]
    assert ours
    assert all("U+6F22" in str(w.message) and "use_font" in str(w.message) for w in ours)
    assert not [w for w in caught if str(w.message).startswith("Glyph")]


def test_persian_labels_draw_without_any_warning():
    """The RLM, ZWNJ, Persian digits and presentation forms all have glyphs: no warning."""
    import io

    fig, ax = plt.subplots()
    ax.set_title("BBC فارسی: گفت‌وگو دربارهٔ آتش‌بس (۱۴۰۲)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in ("png", "pdf", "svg"):
            fig.savefig(io.BytesIO(), format=fmt)
    assert [str(w.message) for w in caught] == []


def test_use_font_checks_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        tp.use_font(tmp_path / "nope.ttf")
    with pytest.raises(FileNotFoundError):
        tp.use_font("No Such Font Family 123")
    import matplotlib as mpl

    latin = mpl.get_data_path() + "/fonts/ttf/cmr10.ttf"
    with pytest.raises(ValueError, match="Persian letters"):
        tp.use_font(latin)
    assert tp.use_font(tp.font_path()) == tp.font_path()
    assert mpl.rcParams["font.family"] == ["DejaVu Sans"]


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_saving_twice_gives_identical_bytes(tmp_path, fmt):
    ax = tp.bar(FREQ, title="پربسامدترین واژه‌ها")
    a = tp.save(ax, tmp_path / f"a.{fmt}", dpi=50).read_bytes()
    b = tp.save(ax.figure, tmp_path / f"b.{fmt}", dpi=50).read_bytes()
    assert a == b
    if fmt == "svg":
        assert b"<text" not in a  # text drawn as paths


def test_fresh_figures_with_layout_seeds_give_identical_png(tmp_path):
    """What makes two runs of the gallery byte-identical: the network layout and the word
    cloud placement come from fixed seeds, and saving leaves no date or version behind."""
    def draw_both(name: str) -> bytes:
        ax = tp.network(graph())
        tp.wordcloud(FREQ, ax=ax.figure.add_axes((0.7, 0.7, 0.3, 0.3)), width=200, height=100)
        return tp.save(ax, tmp_path / f"{name}.png", dpi=50).read_bytes()

    assert draw_both("first") == draw_both("second")


def test_every_figure_returns_axes_and_accepts_ax():
    _, axes = plt.subplots(2, 4)
    made = [tp.bar(FREQ, ax=axes[0, 0]), tp.keyness(KEY, ax=axes[0, 1]),
            tp.zipf(FREQ, ax=axes[0, 2]), tp.heatmap(PAIRS, ax=axes[0, 3]),
            tp.network(graph(), ax=axes[1, 0]), tp.dispersion(POS, ax=axes[1, 1]),
            tp.trends(TREND, ax=axes[1, 2]), tp.wordcloud(FREQ, ax=axes[1, 3], width=200,
                                                         height=100)]
    assert made == list(axes.ravel())
    assert math.isfinite(sum(a.get_position().width for a in made))


def test_network_and_cloud_bytes_do_not_depend_on_hash_seed(tmp_path):
    """Two fresh processes with different PYTHONHASHSEED draw the same PNG (string sets iterate
    in a hash-dependent order; layout and communities must not see it)."""
    import hashlib
    import os
    import subprocess
    import sys

    script = (
        "import matplotlib; matplotlib.use('Agg')\n"
        "import networkx as nx, sys, toolkit.plots as tp\n"
        "g = nx.Graph()\n"
        "words = ['سوریه', 'روسیه', 'آتش‌بس', 'امنیت', 'گفت‌وگو', 'ایران', 'مسکو', 'تهران']\n"
        "for i, w in enumerate(words): g.add_node(w, count=10 + i)\n"
        "for a, b, s in [(0, 1, 3), (0, 2, 2), (1, 2, 2), (3, 4, 1), (5, 6, 2), (5, 7, 1),"
        " (6, 7, 1), (1, 6, 1)]:\n"
        "    g.add_edge(words[a], words[b], score=float(s))\n"
        "ax = tp.network(g)\n"
        "tp.wordcloud({w: 10 + i for i, w in enumerate(words)},"
        " ax=ax.figure.add_axes((0.7, 0.7, 0.3, 0.3)), width=200, height=100)\n"
        "tp.save(ax, sys.argv[1], dpi=50)\n")
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / f"net{seed}.png"
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env)
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


# -- issue 13: legends, verbs and their plots, trends' x, network labels -----------------------
def legend_outside(ax) -> bool:
    """The legend's box does not intersect the Axes' data area (it cannot cover data)."""
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    area = ax.get_window_extent()
    return min(legend.x1, area.x1) - max(legend.x0, area.x0) <= 0 or \
        min(legend.y1, area.y1) - max(legend.y0, area.y0) <= 0


def test_legends_stand_outside_the_data():
    growth = pd.DataFrame({"tokens": [10, 100, 1000], "types": [8, 50, 200]})
    for ax in [tp.keyness(KEY), tp.keyness(KEY, rtl=True), tp.zipf(FREQ),
               tp.vocabulary_growth(growth), tp.trends(TREND), tp.trends(TREND, rtl=True)]:
        assert legend_outside(ax), ax.get_legend().get_texts()


def test_keyness_legend_lists_only_the_sides_drawn():
    only_target = KEY.assign(log_ratio=[2.0, 1.5, 3.0, 2.0, 1.0])
    ax = tp.keyness(only_target, top=3)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["هدف"]
    assert all(p.get_width() > 0 for p in ax.patches)


def test_terms_from_data_are_literal_user_titles_are_not():
    ax = tp.trends(TREND.assign(term=["$x$", "روسیه", "$x$", "$x$", "روسیه"]), title="$x^2$")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["$x$", "روسیه"]
    assert not any(t.get_parse_math() for t in ax.get_legend().get_texts())
    assert ax.title.get_parse_math()
    ax = tp.heatmap(PAIRS.assign(w1=["$a$", "$a$", "روسیه"]))
    assert not any(t.get_parse_math() for t in [*ax.get_xticklabels(), *ax.texts])
    ax = tp.network(graph())
    assert not any(t.get_parse_math() for t in ax.texts)


def corpus_tokens() -> Tokens:
    docs = [[["سوریه", "و", "روسیه", "گفت", "وگو", "سوریه"], ["آتش‌بس", "روسیه", "سوریه"]],
            [["فوتبال", "بازی", "گل", "فوتبال"], ["بازی", "روسیه", "گل"]],
            [["سوریه", "روسیه", "امنیت"], ["فوتبال", "گل", "بازی", "امنیت"]]]
    return Tokens.from_sentences(docs, pd.DataFrame({"doc_id": ["a", "b", "c"],
                                                     "cat": ["سیاسی", "ورزشی", "سیاسی"]}))


def test_each_plot_takes_the_output_of_the_verb_it_is_named_after():
    """toolkit.X(...) -> plots.X(...) for every verb with a plot of its name, and the other
    natural pairs (frequency -> bar / wordcloud, cooccurrence -> heatmap / network)."""
    import toolkit

    tokens = corpus_tokens()
    table = toolkit.dispersion(tokens, ["سوریه", "فوتبال", "ایران"])
    ax = tp.dispersion(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["سوریه", "فوتبال", "ایران"]
    assert [p.get_width() for p in ax.patches] == pytest.approx(
        [*table["juilland_d"].fillna(0)])
    assert [p.get_width() for p in tp.dispersion(table, measure="dp").patches] == \
        pytest.approx([*table["dp"].fillna(0)])

    key = toolkit.keyness(tokens, (tokens.docs["cat"] == "ورزشی").to_numpy())
    ax = tp.keyness(key, top=3)
    assert {t.get_text() for t in ax.get_yticklabels()} <= set(key["term"])
    assert len(ax.patches) == len(ax.get_yticklabels()) > 0

    zipf = toolkit.zipf(tokens)
    ax = tp.zipf(zipf)
    assert list(ax.lines[0].get_ydata()) == sorted(zipf["count"], reverse=True)

    growth = toolkit.vocabulary_growth(tokens, points=5)
    ax = tp.vocabulary_growth(growth)
    assert list(ax.lines[0].get_xdata()) == list(growth["tokens"])

    freq = toolkit.frequency(tokens)
    assert [t.get_text() for t in tp.bar(freq, top=2).get_yticklabels()] == \
        list(freq["term"].head(2))
    assert tp.wordcloud(freq, width=200, height=100).images
    cooc = toolkit.cooccurrence(tokens, span=2)
    assert tp.heatmap(cooc, ["سوریه", "روسیه"]).images[0].get_array()[0, 1] > 0
    assert len(tp.network(cooc, top=5).texts) > 0


def test_every_plot_returns_what_its_docstring_says():
    for name in ["bar", "keyness", "zipf", "vocabulary_growth", "trends", "heatmap", "network",
                 "dispersion", "wordcloud"]:
        assert "returns the axes" in " ".join(getattr(tp, name).__doc__.lower().split()), name
    assert "returns the figure" in " ".join(tp.bar_facets.__doc__.lower().split())


def test_trends_lines_only_for_ordered_x():
    cats = pd.DataFrame({"cat": ["ورزشی", "سیاسی", "ورزشی", "اقتصادی"],
                         "term": ["گل", "گل", "توپ", "توپ"], "per_million": [5.0, 1.0, 3.0, 2.0]})
    ax = tp.trends(cats, x="cat")
    assert not ax.lines  # news categories have no order: grouped bars
    assert [round(p.get_height(), 1) for p in ax.patches] == [5.0, 1.0, 0.0, 3.0, 0.0, 2.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ورزشی", "سیاسی", "اقتصادی"]
    points = tp.trends(cats, x="cat", kind="points")
    assert all(line.get_linestyle() == "None" for line in points.lines)
    months = pd.DataFrame({"period": ["1402/10", "1402/02", "1402/05"], "term": "گل",
                           "per_million": [3.0, 1.0, 2.0]})
    ax = tp.trends(months)  # Jalali periods are ordered: a line, in calendar order
    assert list(ax.lines[0].get_ydata()) == [1.0, 2.0, 3.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["۱۴۰۲/۰۲", "۱۴۰۲/۰۵", "۱۴۰۲/۱۰"]
    dates = months.assign(period=pd.to_datetime(["2024-03-01", "2024-01-01", "2024-02-01"]))
    assert list(tp.trends(dates).lines[0].get_ydata()) == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="kind"):
        tp.trends(cats, x="cat", kind="area")


def label_overlaps(ax) -> int:
    """Pairs of drawn labels whose boxes intersect by more than 1 pixel on both axes, at the
    resolution plots.save uses (150 dpi)."""
    ax.figure.set_dpi(150)
    ax.figure.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts if t.get_visible() and t.get_text()]
    return sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1)


def report_network(corpus_path) -> nx.Graph:
    """The network of report.py and notebook 05: the 60 strongest pairs (logDice) among the
    100 most frequent content words."""
    import toolkit

    content = toolkit.tokenize(toolkit.load_corpus(corpus_path), stopwords=True, numbers=False,
                               cache=False)
    top = toolkit.frequency(content)["term"].head(100).tolist()
    return toolkit.cooccurrence(content, span=4, min_count=2,
                                vocabulary=top).to_networkx("logdice", top=60)


def test_seed_network_labels_do_not_overlap(seeds_dir):
    g = report_network(seeds_dir)
    ax = tp.network(g, title="شبکهٔ هم‌آیی واژه‌ها (logDice)")
    assert len(ax.texts) == g.number_of_nodes()
    assert label_overlaps(ax) == 0


@pytest.mark.shared
def test_fars_news_network_labels_do_not_overlap(corpora_dir):
    g = report_network(corpora_dir / "fars-news")
    assert g.number_of_nodes() > 40
    ax = tp.network(g, title="شبکهٔ هم‌آیی واژه‌ها (logDice)")
    assert label_overlaps(ax) <= 2


def test_network_components_get_room_in_proportion_to_their_size():
    from toolkit.plots.network import layout

    g = nx.connected_watts_strogatz_graph(30, 4, 0.2, seed=1)
    g.add_edges_from([(100, 101), (102, 103), (104, 105)])
    pos = layout(g)

    def area(nodes) -> float:
        xy = np.array([pos[n] for n in nodes])
        return float(np.prod(xy.max(axis=0) - xy.min(axis=0) + 1.0))

    per_node_big = area(range(30)) / 30
    per_node_pair = area([100, 101]) / 2
    assert 0.25 < per_node_big / per_node_pair < 4
    gaps = [np.linalg.norm(pos[u] - pos[v]) for u, v in g.subgraph(range(30)).edges]
    assert np.median(gaps) == pytest.approx(1.0)  # one unit per edge in every component


def test_network_labels_option():
    ax = tp.network(graph(), labels=2)
    assert sorted(t.get_text() for t in ax.texts) == sorted(["سوریه", "امنیت"])
    ax = tp.network(graph(), labels=["روسیه"])
    assert [t.get_text() for t in ax.texts] == ["روسیه"]
    with pytest.raises(KeyError, match="ایران"):
        tp.network(graph(), labels=["ایران"])


def test_place_labels_joins_only_labels_pushed_off_their_node():
    from toolkit.plots.network import place_labels

    def two_labels():
        _, ax = plt.subplots(figsize=(3, 3), dpi=100)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        return ax, [ax.text(0, 0, w, ha="center", va="center") for w in ("سوریه", "روسیه")]

    ax, texts = two_labels()
    lines = place_labels(ax, texts, np.zeros((2, 2)))  # same point, no node: both move
    assert label_overlaps(ax) == 0
    assert len(lines) == 2 and len(ax.patches) == 2
    ax, texts = two_labels()
    assert place_labels(ax, texts, np.zeros((2, 2)), radius=np.array([200.0, 200.0])) == []


def test_trends_finds_terms_typed_another_way() -> None:
    # a term typed with Arabic letters or without its ZWNJ is drawn under the table's spelling;
    # a term the table lacks is drawn at 0 with the toolkit's NoMatchWarning
    from toolkit.queries import NoMatchWarning

    table = pd.DataFrame({"period": ["1401", "1402"] * 2,
                          "term": ["کتاب", "کتاب", "مهم‌ترین", "مهم‌ترین"],
                          "per_million": [1.0, 2.0, 3.0, 4.0]})
    with pytest.warns(NoMatchWarning, match="نیست"):
        ax = tp.trends(table, terms=["كتاب", "مهمترین", "نیست"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["کتاب", "مهم‌ترین", "نیست"]
    assert [list(line.get_ydata()) for line in ax.get_lines()] == [[1, 2], [3, 4], [0, 0]]
    plt.close(ax.figure)
