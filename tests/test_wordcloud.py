"""Word clouds: fed with the toolkit's frequencies (ZWNJ words whole), a Persian font by default,
shaped once; cases B15-B18 and B23, the seed article, comparison clouds."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import arabic_reshaper
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from bidi.algorithm import get_display
from conftest import persian_case
from matplotlib.ft2font import FT2Font
from PIL import Image, ImageFont
from test_rendering_support import PASS, ink_mask, reference, similarity
from wordcloud import WordCloud

import toolkit
import toolkit.plots as tp
from toolkit.plots import text as shaping
from toolkit.plots.clouds import cloud, comparison, frequencies

FAIL = 0.35


def black(*_args, **_kwargs) -> str:
    return "black"


def word_ink(wc: WordCloud, word: str) -> tuple[np.ndarray, int]:
    """The ink of ``word`` in the cloud's image (its layout box) and its font size."""
    for (w, _), size, (row, col), orientation, _ in wc.layout_:
        if w == word:
            assert orientation is None
            font = ImageFont.truetype(wc.font_path, size)
            box = font.getbbox(shaping.display_text(word, "pillow", wc.font_path), anchor="lt")
            grey = np.asarray(Image.fromarray(wc.to_array()).convert("L"))
            return ink_mask(grey[row:row + box[3] + 2, col:col + box[2] + 2]), size
    raise AssertionError(f"{word!r} not in the cloud")


def word_score(wc: WordCloud, word: str) -> float:
    drawn, size = word_ink(wc, word)
    return similarity(drawn, reference(word, wc.font_path, size))


def counts(text: str) -> dict[str, float]:
    tokens = toolkit.tokenize(text, cache=False)
    return frequencies(toolkit.frequency(tokens))


def test_b15_zwnj_words_stay_whole():
    case = persian_case("B15")
    assert counts(case["input"]) == case["expected"]
    wc = cloud(counts(case["input"]), width=300, height=150)
    assert set(wc.words_) == set(case["expected"])
    # the package's own tokeniser splits at ZWNJ: the reason it is never used
    assert "ها" in WordCloud().process_text(case["input"])


def test_b16_zwnj_kept_consistently():
    case = persian_case("B16")
    assert counts(case["input"]) == case["expected"]


def test_b17_pillow_with_raqm_gets_the_logical_word():
    case = persian_case("B17")
    word = case["input"]["word"]
    assert tp.renderer_shapes("pillow")  # Pillow in both stacks is built with raqm
    wc = cloud({word: 1.0}, color_func=black, width=300, height=150)
    assert word_score(wc, word) >= PASS
    visual = get_display(arabic_reshaper.reshape(word))
    old = WordCloud(font_path=str(tp.font_path()), random_state=0, prefer_horizontal=1.0,
                    color_func=black, width=300, height=150).generate_from_frequencies({visual: 1.0})
    (_, size, (row, col), _, _), = old.layout_
    grey = np.asarray(Image.fromarray(old.to_array()).convert("L"))
    box = ImageFont.truetype(old.font_path, size).getbbox(visual, anchor="lt")
    drawn = ink_mask(grey[row:row + box[3] + 2, col:col + box[2] + 2])
    assert similarity(drawn, reference(word, old.font_path, size)) < FAIL  # mirrored


def test_b17_preshapes_only_when_pillow_cannot(monkeypatch):
    monkeypatch.setattr(shaping, "renderer_shapes", lambda *a, **k: False)
    shaping._display.cache_clear()
    try:
        wc = cloud({"کتابخانه": 1.0}, width=300, height=150)
    finally:
        shaping._display.cache_clear()
    assert set(wc.words_) == {"کتابخانه"}  # words_ and layout_ keep the logical word
    assert wc.layout_[0][0][0] == "کتابخانه"


def test_b18_default_font_has_every_persian_glyph():
    case = persian_case("B18")
    word = next(iter(case["input"]["frequencies"]))
    wc = cloud(case["input"]["frequencies"], width=300, height=150)
    assert wc.font_path == str(tp.font_path())
    charmap = FT2Font(wc.font_path).get_charmap()
    assert all(ord(ch) in charmap for ch in word)
    droid = FT2Font(WordCloud().font_path).get_charmap()
    assert not any(ord(ch) in droid for ch in word)  # wordcloud's own default: boxes


def test_b23_bidi_controls_removed_before_counting_and_rendering():
    case = persian_case("B23")
    text = case["input"]
    words = case["expected"]["tokens_for_counting"]
    raw = {w: 1 for w in text.split(" ")}
    assert list(frequencies(raw)) == words
    for shown in (tp.display_text(text, renderer) for renderer in ("agg", "vector", "pillow")):
        assert "\u2066" not in shown and "\u2069" not in shown
    visual = tp.to_visual(text)  # the legacy bidi algorithm would raise on the isolates
    assert visual == tp.to_visual("سلام abc دنیا")
    assert visual.split(" ")[1] == "abc"


def test_control_characters_removed_from_cloud_words():
    """A control character in a term (a tab, a bell) would be drawn as a box: it is removed,
    and terms that become equal are summed."""
    assert frequencies({"کتاب\x07": 2, "\tمیز": 1, "کتاب": 3, "\x00": 4}) == {"کتاب": 5.0,
                                                                            "میز": 1.0}


def test_seed_cloud_shows_ceasefire_and_dialogue_whole(seeds_dir):
    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    tokens = toolkit.tokenize(text, stopwords=True, cache=False)
    freq = toolkit.frequency(tokens)
    wc = cloud(frequencies(freq), color_func=black, width=600, height=300, max_words=40)
    assert {"آتش‌بس", "گفت‌وگو"} <= set(wc.words_)
    assert not {"آتش", "بس", "گفت", "وگو"} & set(wc.words_)
    assert min(word_score(wc, w) for w in ("آتش‌بس", "گفت‌وگو")) >= PASS


def test_same_input_same_image():
    freq = {"سوریه": 9.0, "امنیت": 8.0, "آتش‌بس": 6.0}
    assert np.array_equal(cloud(freq, width=300, height=150).to_array(),
                          cloud(freq, width=300, height=150).to_array())


def test_comparison_assigns_each_term_to_its_group():
    parts = comparison({"الف": {"x": 3, "y": 1}, "ب": {"x": 1, "y": 3, "z": 4}})
    # proportions: الف x .75 y .25 z 0; ب x .125 y .375 z .5; excess over the mean
    assert parts["الف"] == pytest.approx({"x": 0.3125})
    assert parts["ب"] == pytest.approx({"y": 0.0625, "z": 0.25})


def test_wordcloud_figure_single_and_comparison():
    freq = pd.DataFrame({"term": ["سوریه", "امنیت", "فوتبال", "بازی"], "count": [9, 8, 7, 6],
                         "g": ["سیاسی", "سیاسی", "ورزشی", "ورزشی"]})
    ax = tp.wordcloud(freq, title="ابر واژه‌ها", width=300, height=150)
    assert ax.images[0].get_array().shape == (150, 300, 3)
    ax = tp.wordcloud(freq, by="g", width=300, height=150, rtl=True)
    assert [t.get_text() for t in ax.texts] == ["ورزشی", "سیاسی"]  # right to left
    assert ax.images[0].get_array().shape == (150, 300, 3)
    plt.close("all")
