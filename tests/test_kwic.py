"""KWIC concordances: matching, context windows, sorting and the right-to-left HTML structure."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from toolkit.concordance import kwic
from toolkit.queries import NoMatchWarning
from toolkit.tokens import Tokens

DOCS = [[["من", "به", "ایران", "رفتم"], ["ایران", "زیبا", "است"]],
        [["سفر", "به", "ایرانی", "ها", "در", "2024"]]]


@pytest.fixture()
def tokens() -> Tokens:
    return Tokens.from_sentences(DOCS, pd.DataFrame({"doc_id": ["a", "b"]}))


def test_glob_hits_positions_and_contexts(tokens):
    table = kwic(tokens, "ایران", window=2)
    assert list(table.columns) == ["doc_id", "position", "left", "node", "right"]
    assert table.values.tolist() == [
        ["a", 2, "من به", "ایران", "رفتم ایران"],
        ["a", 4, "ایران رفتم", "ایران", "زیبا است"],  # contexts cross sentences
    ]
    wild = kwic(tokens, "ایران*", window=1)
    assert wild["node"].tolist() == ["ایران", "ایران", "ایرانی"]
    # the context stops at the document boundary
    assert wild.iloc[2]["left"] == "به"
    assert kwic(tokens, "است", window=3).iloc[0]["right"] == ""


def test_regex_and_phrase(tokens):
    assert kwic(tokens, r"^ایرانی?$", valuetype="regex")["node"].tolist() == [
        "ایران", "ایران", "ایرانی"]
    assert kwic(tokens, "\\d", valuetype="regex")["node"].tolist() == ["2024"]
    phrase = kwic(tokens, "ایران زیبا", valuetype="phrase", window=1)
    assert phrase.values.tolist() == [["a", 4, "رفتم", "ایران زیبا", "است"]]
    # a phrase never matches across a sentence boundary ("رفتم | ایران")
    with pytest.warns(NoMatchWarning):
        assert kwic(tokens, "رفتم ایران", valuetype="phrase").empty
    with pytest.warns(NoMatchWarning):
        assert kwic(tokens, "نیست ایران", valuetype="phrase").empty


def test_sorting_by_left_and_right_words(tokens):
    by_l1 = kwic(tokens, "ایران*", sort="L1")
    assert [r.split()[-1] if r else "" for r in by_l1["left"]] == ["به", "به", "رفتم"]
    assert by_l1["position"].tolist() == [2, 2, 4]
    assert by_l1["doc_id"].tolist() == ["a", "b", "a"]  # tie on L1 -> corpus order
    by_r1 = kwic(tokens, "ایران*", sort=["R1", "L1"])
    assert [r.split()[0] for r in by_r1["right"]] == ["رفتم", "زیبا", "ها"]
    with pytest.raises(ValueError, match=r"L1\.\.L9"):
        kwic(tokens, "ایران", sort="X1")


def test_errors(tokens):
    with pytest.raises(ValueError, match="valuetype"):
        kwic(tokens, "ایران", valuetype="fuzzy")
    with pytest.raises(ValueError, match="bad regular expression"):
        kwic(tokens, "(", valuetype="regex")
    with pytest.raises(ValueError, match="empty"):
        kwic(tokens, "  ", valuetype="phrase")


def test_no_hits_gives_empty_table(tokens):
    with pytest.warns(NoMatchWarning, match="kwic\\(\\): no token matches 'نیست'"):
        table = kwic(tokens, "نیست")
    assert table.empty
    assert list(table.columns) == ["doc_id", "position", "left", "node", "right"]
    assert "<tbody>" in table._repr_html_()


def test_html_reads_right_to_left_with_centred_highlighted_node(tokens):
    html = kwic(tokens, "ایران", window=2)._repr_html_()
    assert '<table class="dataframe toolkit-rtl" dir="rtl">' in html
    header = re.findall(r"<th[^>]*><bdi[^>]*>(.*?)</bdi></th>", html.split("</thead>")[0])
    # in an RTL table the first column is rightmost: doc_id, position, left, node, right from
    # right to left puts the preceding context on the node's right, the following on its left
    assert header == ["doc_id", "position", "left", "node", "right"]
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    cells = re.findall(r'<td dir="rtl"( style="[^"]*")?><bdi dir="(?:auto|rtl)">(.*?)</bdi></td>',
                       first_row)
    styles = {text: style for style, text in cells}
    assert [text for _, text in cells] == ["a", "2", "من به", "ایران", "رفتم ایران"]
    assert "text-align:center" in styles["ایران"] and "background-color" in styles["ایران"]
    assert "font-weight:bold" in styles["ایران"]
    assert "text-align:left" in styles["من به"]  # hugs the node, which is to its left
    assert "text-align:right" in styles["رفتم ایران"]  # hugs the node, which is to its right
    assert "\u200f" not in html and "\u202b" not in html


def test_contexts_stay_right_to_left_when_they_start_with_digits(tokens):
    html = kwic(tokens, "در", window=1)._repr_html_()
    # the right context is the number 2024: isolated, inside a right-to-left run
    assert '<bdi dir="rtl">2024</bdi>' in html
    assert '<td dir="rtl"><bdi dir="auto">b</bdi></td>' in html  # other columns: auto
    two = kwic(tokens, "ها", window=2)._repr_html_()
    assert '<bdi dir="rtl">در 2024</bdi>' in two
