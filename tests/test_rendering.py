"""Persian labels drawn through the toolkit match a Pillow + raqm reference pixel for pixel, on
both matplotlib stacks, in PNG, PDF and SVG; reversed, unshaped and doubly shaped labels fail."""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest
from bidi.algorithm import get_display
from conftest import persian_case
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import font_manager
from test_rendering_support import (
    PASS,
    crop,
    figure_grey,
    have,
    raster_of,
    reference,
    similarity,
    text_only,
    text_score,
)

import toolkit.plots as tp
from toolkit.plots import text as shaping
from toolkit.plots.fonts import default_font_path

WORDS = ["هماهنگی‌های", "گفت‌وگو", "آتش‌بس", "پژوهش چگونه ژرف", "آستانه 5", "ایران و روسیه ۵",
         "لا", "کتاب‌های فارسی", "فروش سال ۱۴۰۲ (میلیون ریال)", "BBC فارسی"]
FAIL = 0.35  # a wrong rendering scores below this (right ones score >= PASS)
NATIVE = tp.renderer_shapes("agg")


@pytest.fixture(autouse=True)
def _clean():
    tp.setup()
    shaping._display.cache_clear()  # some tests patch the renderer decision
    yield
    shaping._display.cache_clear()
    tp.setup()
    plt.close("all")


def all_kinds_figure(words: list[str]) -> tuple[plt.Figure, list]:
    """One figure with every kind of text: legend, title, axis labels, tick labels, annotation,
    figure text. Returns the figure and the Text artists holding ``words`` in order. Lines, tick
    marks and spines are light grey so that only text counts as ink, and the layout is fixed (no
    layout engine re-running at save time)."""
    fig, ax = plt.subplots(figsize=(9, 7), dpi=100)
    fig.subplots_adjust(left=0.22, right=0.95, bottom=0.16, top=0.9)
    ax.plot([0, 1], [0, 1], color="0.85", label=words[0])
    ax.set_title(words[1], fontsize=16)
    ax.set_xlabel(words[2], fontsize=16)
    ax.set_ylabel(words[3], fontsize=16)
    ax.set_xticks([0.2, 0.8], words[4:6], fontsize=14)
    ax.set_yticks([0.2, 0.8], words[6:8], fontsize=14)
    ax.tick_params(color="0.85")
    for spine in ax.spines.values():
        spine.set_color("0.85")
    legend = ax.legend(fontsize=14, loc="upper left", edgecolor="0.85")
    note = ax.annotate(words[8], (0.7, 0.4), xytext=(0.15, 0.55), fontsize=14,
                       arrowprops={"arrowstyle": "->", "color": "0.85"})
    free = fig.text(0.55, 0.25, words[9], fontsize=14)
    artists = [legend.get_texts()[0], ax.title, ax.xaxis.label, ax.yaxis.label,
               *ax.get_xticklabels(), *ax.get_yticklabels(), note, free]
    return fig, artists


def scores(artists: list, words: list[str]) -> list[float]:
    grey = text_only(artists)
    return [text_score(a, w, grey) for a, w in zip(artists, words, strict=True)]


def test_every_kind_of_text_matches_the_raqm_reference():
    _, artists = all_kinds_figure(WORDS)
    got = scores(artists, WORDS)
    assert min(got) >= PASS, dict(zip(WORDS, got, strict=True))


def test_get_text_keeps_the_logical_string():
    fig, artists = all_kinds_figure(WORDS)
    figure_grey(fig)
    assert [a.get_text() for a in artists] == WORDS


#: A left-to-right label with a Latin half: its wrong renderings still draw ``BBC`` right, so
#: they score between FAIL and PASS.
MIXED = "BBC فارسی"


def wrong(got: dict[str, float]) -> None:
    """Every wrong rendering scores below FAIL; the mixed label below PASS."""
    assert got.pop(MIXED, 0.0) < PASS, got
    assert max(got.values()) < FAIL, got


def test_reversed_labels_fail():
    flipped = [w[::-1] for w in WORDS]
    _, artists = all_kinds_figure(flipped)
    wrong(dict(zip(WORDS, scores(artists, WORDS), strict=True)))


def test_the_opposite_decision_fails(monkeypatch):
    """Shaping where the renderer shapes (applied twice) or not shaping where it does not
    (removed) both fail. ``لا`` is excluded on a shaping renderer: its pre-shaped form U+FEFB is
    the very glyph raqm picks, so it is right either way."""
    monkeypatch.setattr(shaping, "renderer_shapes", lambda *a, **k: not NATIVE)
    _, artists = all_kinds_figure(WORDS)
    got = dict(zip(WORDS, scores(artists, WORDS), strict=True))
    if NATIVE:
        got.pop("لا")
    wrong(got)


def test_removing_the_hook_fails_where_matplotlib_does_not_shape():
    tp.teardown()
    try:
        _, artists = all_kinds_figure(WORDS)
        got = dict(zip(WORDS, scores(artists, WORDS), strict=True))
    finally:
        tp.setup()
    if NATIVE:  # matplotlib >= 3.11 shapes by itself and finds each line's direction as raqm
        assert min(got.values()) >= PASS, got
    else:
        got.pop("لا")  # drawn unjoined but without bidi the two letters may still overlap
        wrong(got)


def test_user_preshaped_label_is_not_shaped_twice():
    """B20: the old reshape()+get_display() workaround; the toolkit never reshapes it again, so it
    is right where matplotlib does not shape and mirrored (with a warning) where it does."""
    word = "کتاب‌های فارسی"
    visual = shaping.to_visual(word)
    _, ax = plt.subplots(dpi=100)
    title = ax.set_title(visual, fontsize=20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        score = text_score(title, word)
    if NATIVE:
        assert score < FAIL
        assert any("presentation forms" in str(w.message) for w in caught)
    else:
        assert score >= PASS


def test_multiline_label_shaped_line_by_line():
    """B22: each line of a multi-line label reads right to left on its own line."""
    label = "کتاب\nخانه\nمدرسه"
    fig = plt.figure(figsize=(4, 4), dpi=100)
    text = fig.text(0.3, 0.3, label, fontsize=24)
    assert text_score(text) >= PASS
    wrong = fig.text(0.3, 0.3, label, fontsize=24)
    text.remove()
    wrong.set_text(get_display(label))  # the Rust bidi: line break moved, lines merged
    assert text_score(wrong, label) < FAIL


@pytest.mark.parametrize("case", ["B19", "B20"])
def test_cases_b19_b20_label_joined_and_rtl(case):
    spec = persian_case(case)["input"]
    labels = [spec["label"], *([spec["second_label"]] if "second_label" in spec else [])]
    _, ax = plt.subplots(figsize=(6, 3), dpi=100, layout="constrained")
    ax.set_title(labels[0], fontsize=18, fontfamily=spec["font"])
    if len(labels) > 1:
        ax.set_xlabel(labels[1], fontsize=18, fontfamily=spec["font"])
    artists = [ax.title, ax.xaxis.label][: len(labels)]
    assert min(scores(artists, labels)) >= PASS


def test_bar_labels_match_reference():
    freq = pd.DataFrame({"term": WORDS, "count": range(len(WORDS), 0, -1)})
    ax = tp.bar(freq, title="پربسامدترین واژه‌ها", xlabel="بسامد")
    ax.figure.set_dpi(100)
    figure_grey(ax.figure)
    ticks = ax.get_yticklabels()
    assert [t.get_text() for t in ticks] == WORDS
    got = scores([*ticks, ax.title, ax.xaxis.label], [*WORDS, "پربسامدترین واژه‌ها", "بسامد"])
    assert min(got) >= PASS, got


def test_bar_rtl_puts_labels_right_and_bars_leftward():
    freq = pd.DataFrame({"term": ["سوریه", "روسیه"], "count": [3, 1]})
    ax = tp.bar(freq, rtl=True, digits="latin")
    assert ax.xaxis_inverted()
    assert ax.yaxis.get_ticks_position() == "right"
    assert ax.yaxis.get_label_position() == "right"


def cooc_graph() -> nx.Graph:
    g = nx.Graph()
    for word, count in [("سوریه", 40), ("امنیت", 30), ("روسیه", 25), ("آتش‌بس", 20),
                        ("گفت‌وگو", 12), ("BBC فارسی", 5)]:
        g.add_node(word, count=count)
    g.add_edge("سوریه", "روسیه", count=10, score=9.0)
    g.add_edge("سوریه", "آتش‌بس", count=5, score=5.0)
    g.add_edge("امنیت", "گفت‌وگو", count=3, score=2.0)
    g.add_edge("امنیت", "BBC فارسی", count=2, score=1.0)
    return g


def test_network_node_labels_match_reference():
    ax = tp.network(cooc_graph(), font_size=16, title="شبکهٔ هم‌آیی")
    ax.figure.set_dpi(100)
    labels = {t.get_text(): t for t in ax.texts}
    assert set(labels) == set(cooc_graph().nodes)
    got = dict(zip(labels, scores(list(labels.values()), list(labels)), strict=True))
    assert min(got.values()) >= PASS, got


class _HasGraph:
    def __init__(self) -> None:
        self.asked: dict = {}

    def to_networkx(self, **kwargs):
        self.asked = kwargs
        return cooc_graph()


def test_network_accepts_objects_with_to_networkx():
    source = _HasGraph()
    ax = tp.network(source, top=10)
    assert source.asked == {"top": 10}
    assert len(ax.texts) == 6


@pytest.mark.parametrize(("fmt", "tool"), [("pdf", "pdftoppm"), ("svg", "rsvg-convert")])
def test_vector_outputs_keep_the_shaping(tmp_path, fmt, tool):
    if not have(tool):
        pytest.skip(f"{tool} not installed (apt-get install poppler-utils librsvg2-bin)")
    fig, artists = all_kinds_figure(WORDS)
    grey = raster_of(fig, fmt, tmp_path)
    figure_grey(fig)  # lay out again at the figure's dpi (saving a PDF or SVG draws at 72 dpi)
    got = [text_score(a, w, grey) for a, w in zip(artists, WORDS, strict=True)]
    assert min(got) >= PASS, dict(zip(WORDS, got, strict=True))
    flipped = [text_score(a, w[::-1], grey) for a, w in zip(artists, WORDS, strict=True)
               if w != "لا"]
    assert max(flipped) < FAIL


def test_default_font_is_static_persian_dejavu():
    """A toolkit figure is drawn and saved with DejaVu Sans and the reproducible rcParams,
    applied per figure (issue 16: no global rcParams)."""
    from toolkit.plots import style

    assert tp.font_path() == default_font_path()
    rc = style.rc()
    assert rc["font.family"][0] == "DejaVu Sans"
    assert rc["svg.fonttype"] == "path"
    assert rc["pdf.fonttype"] == 42
    ax = tp.bar({"کتاب": 3, "دفتر": 2})
    assert {Path(font_manager.findfont(t.get_fontproperties()))
            for t in ax.get_yticklabels()} == {default_font_path()}


def _unshape(text: str) -> str:
    """Presentation forms back to letters (NFKC), to compare a visual string with a plain one."""
    return unicodedata.normalize("NFKC", text)


def test_b21_brackets_mirrored():
    case = persian_case("B21")
    assert _unshape(tp.to_visual(case["input"])) == case["expected"]


def test_b22_lines_reordered_one_by_one():
    case = persian_case("B22")
    assert _unshape(tp.to_visual(case["input"])) == case["expected"]


def test_display_text_decision():
    word = "کتاب‌های فارسی"
    assert tp.display_text(word, "browser") == shaping.RLM + word
    assert tp.display_text(word, "agg") == (shaping.RLM + word if NATIVE else tp.to_visual(word))
    for plain in ("BBC", "۱۴۰۲", "-۵", "12.5"):
        assert tp.display_text(plain, "agg") == plain  # no letters: nothing to shape
    with pytest.raises(ValueError, match="unknown renderer"):
        tp.display_text(word, "cairo")


PERSIAN = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی \u200c۰۱۲۳abc()\n", max_size=30)


@settings(max_examples=80, deadline=None)
@given(PERSIAN)
def test_visual_form_is_never_shaped_twice(text):
    once = tp.to_visual(text)
    assert tp.to_visual(once) == once
    assert once.count("\n") == text.count("\n")


@settings(max_examples=80, deadline=None)
@given(PERSIAN)
def test_logical_form_keeps_the_letters(text):
    shown = tp.to_logical(text)
    assert shown.replace(shaping.RLM, "") == text


def test_pandas_plot_labels_are_shaped_too():
    """Labels set by pandas (no toolkit figure involved) go through the same hook."""
    series = pd.Series([3, 5, 2], index=["گفت‌وگو", "آتش‌بس", "هماهنگی‌های"], name="بسامد")
    ax = series.plot.barh(title="کتاب‌های فارسی", figsize=(6, 3), fontsize=14)
    ax.figure.set_dpi(100)
    ax.figure.set_layout_engine("constrained")
    artists = [*ax.get_yticklabels(), ax.title]
    assert [a.get_text() for a in artists] == [*series.index, "کتاب‌های فارسی"]
    assert min(scores(artists, [a.get_text() for a in artists])) >= PASS


NOTO = Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf")


@pytest.mark.skipif(not NOTO.is_file(), reason=f"{NOTO} not installed (Debian fonts-noto-core)")
def test_another_static_font_via_use_font():
    """A user-chosen static font (B17's Noto Sans Arabic) is shaped for, and compared, in
    that font; the reshaper is configured for it where matplotlib does not shape."""
    try:
        assert tp.use_font(NOTO) == NOTO
        assert matplotlib.rcParams["font.family"] == ["Noto Sans Arabic", "DejaVu Sans"]
        words = ["کتاب‌های فارسی", "گفت‌وگو", "آتش‌بس", "لا"]
        fig = plt.figure(figsize=(5, 4), dpi=100)
        texts = [fig.text(0.1, 0.8 - 0.2 * i, w, fontsize=20) for i, w in enumerate(words)]
        assert {Path(font_manager.findfont(t.get_fontproperties())) for t in texts} == {NOTO}
        assert min(scores(texts, words)) >= PASS
    finally:
        tp.use_font(default_font_path())


# -- diacritics, mixed directions, literal text, searchable SVG (issue 13) ------------------------
#: One word per diacritic, the mark on one letter.
DIACRITICS = {"fatha": "بَد", "kasra": "کِتاب", "damma": "کُرد", "shadda": "بنّا",
              "sukun": "مَسْت", "fathatan": "حتماً", "dammatan": "کتابٌ", "kasratan": "کتابٍ",
              "hamza above": "خانهٔ", "hamza below": "\u0627\u0655مام", "superscript alef": "رحمٰن"}


def _raster(fig: plt.Figure, fmt: str, tmp_path: Path):
    if fmt == "png":
        return figure_grey(fig)
    tool = {"pdf": "pdftoppm", "svg": "rsvg-convert"}[fmt]
    if not have(tool):
        pytest.skip(f"{tool} not installed (apt-get install poppler-utils librsvg2-bin)")
    grey = raster_of(fig, fmt, tmp_path)
    figure_grey(fig)  # lay out again at the figure's dpi
    return grey


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_every_diacritic_is_drawn_over_its_word(tmp_path, fmt):
    """Each label with its diacritic draws more ink than the same label without it, in the same
    width: the mark is drawn, as a zero-width mark over the word (not dropped, as
    arabic_reshaper's default does with the hamza of خانهٔ, and not a spacing glyph beside it)."""
    fig = plt.figure(figsize=(6, 9), dpi=100)
    pairs = {}
    for i, (name, word) in enumerate(DIACRITICS.items()):
        y = 0.93 - 0.08 * i
        pairs[name] = (fig.text(0.15, y, word, fontsize=26),
                       fig.text(0.6, y, shaping.MARKS.sub("", word), fontsize=26))
    grey = _raster(fig, fmt, tmp_path)
    extra, widths = {}, {}
    for name, (marked, bare) in pairs.items():
        ink_marked, ink_bare = crop(grey, marked), crop(grey, bare)
        extra[name] = int(ink_marked.sum()) - int(ink_bare.sum())
        widths[name] = abs(ink_marked.shape[1] - ink_bare.shape[1])
    assert min(extra.values()) >= 10, extra
    # a mark may overhang a narrow letter by a few pixels where matplotlib does not position
    # marks (<= 3.10: one glyph after the other), but adds no advance of its own
    assert max(widths.values()) <= 8, widths


#: Labels whose first strong character is Latin (a left-to-right line) or Arabic (right to
#: left), some starting with digits or brackets, which are not strong.
MIXED_LABELS = ["Log Ratio (اندازهٔ اثر)", "(اندازهٔ اثر) Log Ratio", "۱۴۰۲ کتاب‌های فارسی",
                "2024 BBC فارسی", "«گفت‌وگو» با BBC", "[1] کتاب و دفتر"]


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_mixed_direction_labels_draw_as_raqm_draws_them(tmp_path, fmt):
    """Every stack picks a line's base direction from its first strong character (UAX #9
    P2-P3), as Pillow-raqm does: the drawing matches raqm's and not the other direction's."""
    fig = plt.figure(figsize=(8, 6), dpi=100)
    texts = [fig.text(0.05, 0.9 - 0.15 * i, label, fontsize=20)
             for i, label in enumerate(MIXED_LABELS)]
    grey = _raster(fig, fmt, tmp_path)
    got = {t.get_text(): text_score(t, grey=grey) for t in texts}
    assert min(got.values()) >= PASS, got
    font = str(tp.font_path())
    opposite = {}
    for t in texts:
        label = t.get_text()
        forced = "ltr" if shaping.rtl_paragraph(label) else "rtl"
        opposite[label] = similarity(crop(grey, t), reference(label, font, 20, direction=forced))
    assert max(opposite.values()) < PASS, opposite


def test_rtl_paragraph_follows_the_first_strong_character():
    assert not shaping.rtl_paragraph("Log Ratio (اندازهٔ اثر)")
    assert shaping.rtl_paragraph("(اندازهٔ اثر) Log Ratio")
    assert shaping.rtl_paragraph("۱۴۰۲ کتاب")
    assert not shaping.rtl_paragraph("۱۴۰۲")
    assert tp.display_text("BBC فارسی", "browser") == "BBC فارسی"  # no mark: already LTR


def test_c14_data_labels_are_drawn_literally_user_mathtext_still_works():
    case = persian_case("C14")
    terms = case["input"]["bar_terms"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = tp.bar(terms, title=r"$x^2$ بسامد")
        ax.figure.set_dpi(100)
        figure_grey(ax.figure)
    ticks = ax.get_yticklabels()
    assert [t.get_text() for t in ticks] == list(terms)
    assert not any(t.get_parse_math() for t in ticks)
    got = scores(ticks, list(terms))
    assert min(got) >= PASS, got  # drawn as raqm draws the literal string
    assert not [w for w in caught if "glyph" in str(w.message).lower()]
    # the user's own title is still mathtext: it does not draw its dollar signs
    assert ax.title.get_parse_math() and ax.title._preprocess_math(ax.title.get_text())[1]
    assert text_score(ax.title) < PASS


def test_dollar_and_control_characters_in_any_label():
    """A label with one ``$`` or escaped ``\\$`` (plain text by matplotlib's rule) is shaped
    like any other; control characters are removed (a tab is a space), never drawn as boxes."""
    fig = plt.figure(figsize=(6, 3), dpi=100)
    texts = [fig.text(0.05, 0.7, "قیمت $۱۰", fontsize=20),
             fig.text(0.05, 0.4, r"قیمت \$۱۰ و \$۲۰", fontsize=20),
             fig.text(0.05, 0.1, "کتاب\tفارسی\x07", fontsize=20)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = scores(texts, ["قیمت $۱۰", "قیمت $۱۰ و $۲۰", "کتاب فارسی"])
    assert min(got) >= PASS, got
    assert not [w for w in caught if issubclass(w.category, tp.MissingGlyphWarning)]


def test_c12_svg_text_holds_the_logical_strings(tmp_path):
    case = persian_case("C12")
    terms = case["input"]["bar_terms"]
    with matplotlib.rc_context(case["input"]["rcParams"]):
        ax = tp.bar(terms, title="دفترها و میزها")
        svg = tp.save(ax, tmp_path / "c12.svg").read_text(encoding="utf-8")
    for word in case["expected"]["svg_text_contains"]:
        assert word in svg
    assert not [ch for ch in svg if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"]
    assert "<text" in svg
    assert matplotlib.rcParams["svg.fonttype"] == "path"  # the toolkit's default is back


def test_c12_svg_text_is_shaped_by_the_viewer(tmp_path):
    """The logical strings in the SVG draw right in a viewer that shapes (librsvg/Pango)."""
    if not have("rsvg-convert"):
        pytest.skip("rsvg-convert not installed (apt-get install librsvg2-bin)")
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig, artists = all_kinds_figure(WORDS)
        grey = raster_of(fig, "svg", tmp_path)
    figure_grey(fig)
    got = {w: text_score(a, w, grey) for a, w in zip(artists, WORDS, strict=True)}
    assert min(got.values()) >= PASS, got


def test_pdf_text_extracts_in_logical_order(tmp_path):
    """What pdftotext (poppler) reads back from a toolkit PDF, on both stacks: every Persian
    label in logical order, as Arabic presentation forms (the glyphs matplotlib embedded; NFKC
    gives the letters back). Not possible with matplotlib: the letters themselves (it writes no
    /ActualText); the ZWNJ on the stack where the toolkit pre-shapes (the bidi reordering drops
    it, UAX #9 rule X9); see README, "Figures for a paper"."""
    if not have("pdftotext"):
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    import subprocess

    words = {"میز": 3, "دفتر‌ها": 5, "کتاب‌های فارسی": 2, "گفت‌وگو": 4}
    ax = tp.bar(words, title="پربسامدترین واژه‌ها")
    pdf = tp.save(ax, tmp_path / "bar.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert shaping.PRESENTATION_FORMS.search(text)
    letters = unicodedata.normalize("NFKC", shaping.BIDI_CONTROLS.sub("", text))
    letters = letters.replace("\u200c", "")
    for word in [*words, "پربسامدترین واژه‌ها", "بسامد"]:
        plain = word.replace("\u200c", "")
        assert plain in letters, (word, letters)
        assert plain[::-1] not in letters
