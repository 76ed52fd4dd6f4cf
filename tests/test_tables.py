"""Right-to-left display of tidy tables (case B28): HTML direction, display-width padding, and
values that never change."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import persian_case
from hypothesis import given
from hypothesis import strategies as st

from toolkit.tables import RTLFrame, display_width, rtl_frame

ZWNJ = "\u200c"
BIDI_MARKS = ("\u202b", "\u200f", "\u200e", "\u202a", "\u202c", "\u2066", "\u2067", "\u2069")


def b28_frame() -> pd.DataFrame:
    return pd.DataFrame({"word": ["کتاب‌ها", "کِتابِ", "book"], "n": [10, 20, 30]})


def test_display_width_counts_zwnj_and_harakat_as_zero():
    assert display_width("کتاب") == 4
    assert display_width("کتاب" + ZWNJ + "ها") == 6
    assert display_width("کِتابِ") == 4  # two kasras (U+0650) take no column
    assert display_width("book") == 4
    assert display_width("漢字") == 4
    assert display_width("") == 0


def test_b28_case_text_lines_equal_width_and_values_unchanged():
    case = persian_case("B28")
    frame = pd.DataFrame(case["input"]["DataFrame"])
    table = rtl_frame(frame)
    lines = table.to_text().splitlines()
    assert len(lines) == 4
    assert len({display_width(line) for line in lines}) == 1
    # pandas' own repr pads by code points, so its lines differ in display width
    plain = frame.to_string().splitlines()
    assert len({display_width(line) for line in plain}) > 1
    pd.testing.assert_frame_equal(pd.DataFrame(table), frame)


def test_b28_html_carries_direction_without_touching_values():
    frame = b28_frame()
    html = rtl_frame(frame)._repr_html_()
    assert '<table class="dataframe toolkit-rtl" dir="rtl">' in html
    cells = re.findall(r'<td dir="(rtl|auto)"[^>]*><bdi dir="auto">(.*?)</bdi></td>', html)
    assert [text for _, text in cells] == ["کتاب‌ها", "10", "کِتابِ", "20", "book", "30"]
    assert not any(mark in html for mark in BIDI_MARKS)
    assert list(frame["word"]) == ["کتاب‌ها", "کِتابِ", "book"]


def test_html_escapes_markup_and_applies_column_styles():
    table = rtl_frame(pd.DataFrame({"a": ["<b>&"], "b": [1.5]}), {"a": "color:red"})
    html = table._repr_html_()
    assert '<td dir="rtl" style="color:red"><bdi dir="auto">&lt;b&gt;&amp;</bdi></td>' in html
    assert '<th dir="rtl" style="color:red"><bdi dir="auto">a</bdi></th>' in html


def test_subclass_survives_pandas_operations_and_keeps_attrs():
    frame = b28_frame()
    frame.attrs["slope"] = -1.0
    table = rtl_frame(frame, {"word": "text-align:center"})
    assert table.attrs == {"slope": -1.0}
    for derived in (table.sort_values("n", ascending=False), table.head(2), table[table.n > 10],
                    table.reset_index(drop=True), pd.concat([table, table])):
        assert isinstance(derived, RTLFrame)
    assert table.sort_values("n").column_styles == {"word": "text-align:center"}
    assert isinstance(table, pd.DataFrame)


def test_long_tables_are_truncated_like_pandas():
    table = rtl_frame(pd.DataFrame({"n": range(100)}))
    with pd.option_context("display.max_rows", 20, "display.min_rows", 6):
        text = table.to_text().splitlines()
        html = table._repr_html_()
    assert len(text) == 1 + 6 + 1
    assert "…" in text[4]
    assert html.count("<tr>") == 1 + 6 + 1
    assert "100 rows × 1 columns" in html


def test_float_and_nan_formatting():
    table = rtl_frame(pd.DataFrame({"x": [1 / 3, float("nan"), 1e6, 428571.4285, 1e-230, 0.0]}))
    assert [line.split()[-1] for line in table.to_text().splitlines()[1:]] == [
        "0.333333", "NaN", "1000000", "428571", "1e-230", "0"]


@given(st.lists(st.text(alphabet="کتابهای" + ZWNJ + "\u064e\u0650 ab", min_size=0, max_size=8),
                min_size=1, max_size=6))
def test_property_text_lines_have_equal_display_width(words):
    table = rtl_frame(pd.DataFrame({"w": words, "n": range(len(words))}))
    widths = {display_width(line) for line in table.to_text().splitlines()}
    assert len(widths) == 1
    assert list(pd.DataFrame(table)["w"]) == words


def test_column_directions():
    table = rtl_frame(pd.DataFrame({"ctx": ["2024 در تهران"], "n": [1]}), column_dirs={"ctx": "rtl"})
    html = table.sort_values("n")._repr_html_()
    assert '<bdi dir="rtl">2024 در تهران</bdi>' in html
    assert '<bdi dir="auto">1</bdi>' in html


def test_repr_includes_shape_footer():
    assert repr(rtl_frame(b28_frame())).endswith("[3 rows x 2 columns]")


@pytest.mark.parametrize("value", ["", "۱۲٫۵", "abc ۱۲۳ کتاب"])
def test_mixed_digits_and_latin_are_isolated(value):
    html = rtl_frame(pd.DataFrame({"v": [value]}))._repr_html_()
    assert f'<bdi dir="auto">{value}</bdi>' in html
