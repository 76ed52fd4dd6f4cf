"""The explorer's widget logic, headless: set control values, check every view by hand counts."""

from __future__ import annotations

import base64
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.explorer import Explorer, explore
from toolkit.measures import MEASURES
from toolkit.tokens import Tokens

# doc a: ایران و روسیه در سوریه | ایران گفت روسیه   (positions 0..7)
# doc b: چین و روسیه ایران                         (positions 0..3)
DOCS = [[["ایران", "و", "روسیه", "در", "سوریه"], ["ایران", "گفت", "روسیه"]],
        [["چین", "و", "روسیه", "ایران"]]]


@pytest.fixture()
def tokens() -> Tokens:
    return Tokens.from_sentences(DOCS, pd.DataFrame({"doc_id": ["a", "b"], "cat": ["x", "y"]}))


def _totals(app: Explorer) -> dict[str, int]:
    frame = app.collocates_frame
    return dict(zip(frame["collocate"], frame["count"].astype(int), strict=True))


def test_first_view(tokens: Tokens) -> None:
    app = explore(tokens, "روسیه", span=1, min_count=1)
    assert isinstance(app, Explorer) and app.by.value == "cat"
    assert list(app.kwic_frame["node"]) == ["روسیه"] * 3
    assert list(app.kwic_frame["doc_id"]) == ["a", "a", "b"]
    # span ±1 around روسیه at a:2 (و | در), a:7 (گفت | end of document), b:2 (و | ایران)
    assert _totals(app) == {"و": 2, "در": 1, "گفت": 1, "ایران": 1}
    left = dict(zip(app.collocates_frame["collocate"], app.collocates_frame["count_left"],
                    strict=True))
    assert left == {"و": 2, "در": 0, "گفت": 1, "ایران": 0}
    # 2 hits among the 8 tokens of category x, 1 among the 4 of y
    assert app.frequency_frame.to_dict("list") == {
        "cat": ["x", "y"], "hits": [2, 1], "tokens": [8, 4], "per_million": [250_000.0] * 2}
    assert 'dir="rtl"' in app.kwic.value and 'dir="rtl"' in app.collocates.value
    assert "روسیه" in app.status.value and "3 hits" in app.status.value
    png = base64.b64decode(app.plot.outputs[0]["data"]["image/png"])
    assert png.startswith(b"\x89PNG")


def test_term_box_updates_every_view(tokens: Tokens) -> None:
    app = explore(tokens, "روسیه", span=1, min_count=1)
    before = (app.kwic.value, app.collocates.value, app.plot.outputs)
    app.term.value = "ایر*"  # glob: ایران, 2 tokens in a (of 8) and 1 in b (of 4)
    assert list(app.kwic_frame["node"]) == ["ایران"] * 3
    assert app.frequency_frame["hits"].tolist() == [2, 1]
    # ایران at a:0 (- | و), a:5 (سوریه | گفت), b:3 (روسیه | end)
    assert _totals(app) == {"و": 1, "سوریه": 1, "گفت": 1, "روسیه": 1}
    after = (app.kwic.value, app.collocates.value, app.plot.outputs)
    assert all(a != b for a, b in zip(before, after, strict=True))
    assert set(app.seconds) == {"kwic", "collocates", "plot"} and app.last_update > 0


def test_span_and_min_count_sliders(tokens: Tokens) -> None:
    app = explore(tokens, "روسیه", span=1, min_count=1)
    app.span.value = 2
    # events = slots in the clipped spans: a:2 -> 2+2, a:7 -> 2+0, b:2 -> 2+1
    assert sum(_totals(app).values()) == 9
    assert _totals(app) == {"ایران": 3, "و": 2, "در": 1, "سوریه": 1, "گفت": 1, "چین": 1}
    app.min_count.value = 2
    assert _totals(app) == {"ایران": 3, "و": 2}
    assert (app.collocates_frame["count"] >= 2).all()


def test_measure_dropdown_resorts(tokens: Tokens) -> None:
    app = explore(tokens, "روسیه", span=2, min_count=1)
    for measure in ("g2", "pmi", "t", "dice"):
        app.measure.value = measure
        assert list(app.collocates_frame.columns)[-1] == measure
        values = app.collocates_frame[measure].to_numpy()
        assert np.all(np.diff(values) <= 1e-12), (measure, values)
        assert measure in app.status.value
    # the same table as toolkit.collocates gives directly
    direct = toolkit.collocates(tokens, "روسیه", span=(2, 2), measure="dice", min_count=1)
    assert dict(zip(direct["collocate"], direct["dice"], strict=True)) == pytest.approx(
        dict(zip(app.collocates_frame["collocate"], app.collocates_frame["dice"], strict=True)))


def test_group_dropdown(tokens: Tokens) -> None:
    app = explore(tokens, "روسیه")
    outputs = app.plot.outputs
    app.by.value = "doc_id"
    assert app.frequency_frame["doc_id"].tolist() == ["a", "b"]
    assert app.frequency_frame["hits"].tolist() == [2, 1]
    assert app.plot.outputs != outputs


def test_no_match_and_empty_term(tokens: Tokens) -> None:
    app = explore(tokens, "روسیه")
    app.term.value = "ژاپن"
    assert len(app.kwic_frame) == 0 and len(app.collocates_frame) == 0
    assert app.plot.outputs == () and app.kwic.value == ""
    assert "No token matches" in app.status.value
    app.term.value = "  "
    assert "Type a word" in app.status.value and len(app.kwic_frame) == 0


def test_measure_menu_names_the_reference(tokens: Tokens) -> None:
    app = explore(tokens, "روسیه", span=2, min_count=1, measure="logDice")
    assert app.measure.value == "logdice"
    labels = dict((value, label) for label, value in app.measure.options)
    assert set(labels) == set(MEASURES)
    assert "Rychlý 2008" in labels["logdice"] and "#LancsBox" in labels["pmi"]
    assert "Rychlý 2008" in app.status.value
    # Rychlý's logDice with corpus frequencies: روسیه 3 times, 12 tokens
    freq = dict(zip(tokens.vocab, tokens.type_counts().tolist(), strict=True))
    shown = app.collocates_frame
    want = [14 + math.log2(2 * t / (3 + freq[c])) for c, t in zip(shown["collocate"],
                                                                  shown["count"], strict=True)]
    assert shown["logdice"].tolist() == pytest.approx(want, abs=1e-12)
    assert explore(tokens, "روسیه", measure="LL").measure.value == "g2"


def test_bad_arguments(tokens: Tokens) -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        explore(tokens, measure="cosine")
    with pytest.raises(ValueError, match="not a metadata column"):
        explore(tokens, by="title")
    # one input rule for every verb (toolkit.queries): what tokenize accepts is tokenised
    assert explore(["ایران و روسیه"], "روسیه").kwic_frame["node"].tolist() == ["روسیه"]
    with pytest.raises(TypeError, match=r"toolkit\.tokenize"):
        explore(42)


@settings(max_examples=12, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["آب", "نان", "آب‌ها", "دل"]), min_size=1,
                         max_size=12), min_size=1, max_size=4),
       st.integers(1, 4))
def test_views_agree(docs: list[list[str]], span: int) -> None:
    """KWIC hits = frequency of the term = plotted hits; collocate totals = clipped span slots."""
    meta = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(docs))],
                         "half": [i % 2 for i in range(len(docs))]})
    tokens = Tokens.from_sentences([[d] for d in docs], meta)
    app = explore(tokens, "آب*", span=span, min_count=1)
    hits = sum(t.startswith("آب") for d in docs for t in d)
    assert len(app.kwic_frame) == hits == app.frequency_frame["hits"].sum()
    slots = sum(min(i, span) + min(len(d) - 1 - i, span)
                for d in docs for i, t in enumerate(d) if t.startswith("آب"))
    assert sum(_totals(app).values()) == slots


def test_explore_a_corpus(seeds_dir: Path) -> None:
    corpus = toolkit.load_corpus(seeds_dir)
    app = explore(corpus, "روسیه")
    count = int(toolkit.frequency(toolkit.tokenize(corpus)).set_index("term").loc["روسیه", "count"])
    assert len(app.kwic_frame) == count == app.frequency_frame["hits"].sum()


@pytest.mark.shared
def test_fars_news(corpora_dir: Path) -> None:
    tokens = toolkit.tokenize(toolkit.load_corpus(corpora_dir / "fars-news"))
    app = explore(tokens, "روسیه", by="cat")
    freq = toolkit.frequency(tokens, by="cat")
    russia = freq[freq["term"] == "روسیه"].set_index("cat")["count"]
    plotted = app.frequency_frame.set_index("cat")["hits"]
    assert plotted[plotted > 0].to_dict() == russia.to_dict()
    app.span.value = 5
    assert {"چین", "پوتین"} <= set(app.collocates_frame["collocate"].head(25))
    app.term.value = "ایران"
    app.measure.value = "g2"
    app.by.value = "cat"
    print("fars-news explorer update seconds:", app.seconds, "last:", app.last_update)
