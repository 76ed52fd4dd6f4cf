"""One vocabulary (issue 16): every renamed keyword still works under its old spelling, warns
exactly once per call (a DeprecationWarning pointing at the caller's line) and gives the same
result as the new spelling; ``window`` means tokens on each side in every verb."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import toolkit
import toolkit.plots as tp
from toolkit.tokens import Tokens

DOCS = [
    [["a", "b", "c", "a", "b"], ["d", "a", "c"]],
    [["b", "a", "e", "a", "b", "c"]],
    [["c", "d", "a", "b"], ["a", "a", "b"]],
]


@pytest.fixture
def tokens() -> Tokens:
    return Tokens.from_sentences(DOCS, pd.DataFrame({"doc_id": ["x", "y", "z"],
                                                     "cat": ["p", "q", "p"]}))


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def once(call, *, match: str):
    """Run ``call``; exactly one DeprecationWarning, matching ``match``, pointing at this file."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1, [str(w.message) for w in deprecations]
    assert deprecations[0].filename == __file__, deprecations[0].filename
    assert match in str(deprecations[0].message), str(deprecations[0].message)
    return result


def quiet(call):
    """Run ``call`` with DeprecationWarnings as errors: the new spelling never warns."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        return call()


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))


# -- keywords renamed, same meaning ---------------------------------------------------------------
def test_frequency_n_was_ngram(tokens):
    new = quiet(lambda: toolkit.frequency(tokens, n=2))
    same(once(lambda: toolkit.frequency(tokens, ngram=2), match="ngram= is now called n="), new)
    assert new["term"].str.count(" ").eq(1).all()
    with pytest.raises(TypeError, match="give only n="):
        toolkit.frequency(tokens, n=2, ngram=2)


def test_dispersion_by_was_parts(tokens):
    for value in ("documents", "cat", 2):
        new = quiet(lambda v=value: toolkit.dispersion(tokens, ["a", "b"], by=v))
        old = once(lambda v=value: toolkit.dispersion(tokens, ["a", "b"], parts=v),
                   match="parts= is now called by=")
        same(old, new)
        assert old.attrs == new.attrs
    same(quiet(lambda: toolkit.dispersion(tokens, ["a"], "cat")),
         quiet(lambda: toolkit.dispersion(tokens, ["a"], by="cat")))  # positional unchanged


def test_diagnose_normalize_was_preset():
    texts = ["كتاب ها و دفترها", "مي خواهم ۱۲۳"]
    new = quiet(lambda: toolkit.diagnose(texts, normalize="light", cache=False))
    old = once(lambda: toolkit.diagnose(texts, preset="light", cache=False),
               match="preset= is now called normalize=")
    same(old.documents, new.documents)
    pd.testing.assert_series_equal(old.totals, new.totals)
    same(old.merged, new.merged)


def test_association_measure_was_measures():
    args = ([3, 5], [10, 20], [12, 7], [100, 100])
    new = quiet(lambda: toolkit.association(*args, measure=["pmi", "logdice"]))
    same(once(lambda: toolkit.association(*args, measures=["pmi", "logdice"]),
              match="measures= is now called measure="), new)
    same(quiet(lambda: toolkit.association(*args, "t")),
         quiet(lambda: toolkit.association(*args, measure="t")))


def test_lexical_diversity_mattr_window_was_window(tokens):
    new = quiet(lambda: toolkit.lexical_diversity(tokens, "mattr", mattr_window=3))
    same(once(lambda: toolkit.lexical_diversity(tokens, "mattr", window=3),
              match="window= is now called mattr_window="), new)
    assert not new["mattr"].equals(toolkit.lexical_diversity(tokens, "mattr")["mattr"])


@pytest.mark.parametrize("verb", ["clusters", "collocates"])
def test_pattern_was_node(tokens, verb):
    call = {"clusters": lambda **k: toolkit.clusters(tokens, n=2, **k),
            "collocates": lambda **k: toolkit.collocates(tokens, span=(2, 2), min_count=1, **k)}
    new = quiet(lambda: call[verb](pattern="a"))
    assert len(new)
    same(once(lambda: call[verb](node="a"), match="node= is now called pattern="), new)


def test_explore_pattern_was_term(tokens):
    new = quiet(lambda: toolkit.explore(tokens, pattern="a", by="cat"))
    old = once(lambda: toolkit.explore(tokens, term="a", by="cat"),
               match="term= is now called pattern=")
    assert old.term.value == new.term.value == "a"
    same(old.kwic_frame, new.kwic_frame)
    same(old.collocates_frame, new.collocates_frame)


def test_report_min_count_was_min_pair_count(tmp_path):
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"{i}.txt").write_text(
            f"عنوان {i}\n\nبانک مرکزی نرخ ارز را اعلام کرد و بانک مرکزی گفت نرخ ارز ثابت "
            "است. بازار ارز آرام بود.", encoding="utf-8")
    quiet(lambda: toolkit.report([tmp_path / "in"], tmp_path / "new", min_count=2))
    once(lambda: toolkit.report([tmp_path / "in"], tmp_path / "old", min_pair_count=2),
         match="min_pair_count= is now called min_count=")
    once(lambda: toolkit.report([tmp_path / "in"], tmp_path / "win", window=5),
         match="report(span=4)")
    new = (tmp_path / "new" / "cooccurrence.csv").read_bytes()
    assert (tmp_path / "old" / "cooccurrence.csv").read_bytes() == new
    assert (tmp_path / "win" / "cooccurrence.csv").read_bytes() == new


FREQ = pd.DataFrame({"term": ["الف", "ب", "الف", "پ"], "count": [3, 2, 4, 1],
                     "cat": ["یک", "یک", "دو", "دو"]})


@pytest.mark.parametrize("plot", ["bar_facets", "wordcloud", "vocabulary_growth"])
def test_plots_by_was_group(plot):
    growth = pd.DataFrame({"tokens": [1, 5, 1, 5], "types": [1, 4, 1, 3],
                           "cat": ["یک", "یک", "دو", "دو"]})
    call = {"bar_facets": lambda **k: tp.bar_facets(FREQ, **k),
            "wordcloud": lambda **k: tp.wordcloud(FREQ, width=200, height=100, **k),
            "vocabulary_growth": lambda **k: tp.vocabulary_growth(growth, **k)}[plot]
    new = quiet(lambda: call(by="cat"))
    old = once(lambda: call(group="cat"), match="group= is now called by=")
    figures = [x if isinstance(x, matplotlib.figure.Figure) else x.figure for x in (new, old)]
    assert len(figures[0].axes) == len(figures[1].axes)
    texts = [sorted([t.get_text() for a in f.axes for t in [*a.texts, a.title]]
                    + [label for a in f.axes for label in a.get_legend_handles_labels()[1]])
             for f in figures]
    assert texts[0] == texts[1]


# -- window: tokens on each side, in every verb ---------------------------------------------------
def test_cooccurrence_span_is_tokens_on_each_side(tokens):
    """cooccurrence(span=k) counts what collocates(node, span=(k, k)) counts for each node, and
    the old window=k+1 (NLTK's window size) gives the same counts, with one warning."""
    for k in (1, 2, 3):
        new = quiet(lambda k=k: toolkit.cooccurrence(tokens, span=k))
        assert new.span == 2 * k and new.window == k + 1  # S slots, NLTK window size
        old = once(lambda k=k: toolkit.cooccurrence(tokens, window=k + 1),
                   match=f"cooccurrence(span={k})")
        assert (old.matrix != new.matrix).nnz == 0 and old.span == new.span
        same(quiet(lambda k=k: toolkit.cooccurrence(tokens, span=(k, k)).scores()),
             new.scores())
        pairs = new.to_frame()
        for node in ("a", "b"):
            colloc = quiet(lambda k=k, node=node: toolkit.collocates(tokens, node, span=k,
                                                                      min_count=1))
            counts = dict(zip(colloc["collocate"], colloc["count"], strict=True))
            from_matrix = {}
            for w1, w2, c in pairs.itertuples(index=False):
                if node in (w1, w2):
                    other = w2 if w1 == node else w1
                    from_matrix[other] = c
            assert counts == from_matrix
    ordered = quiet(lambda: toolkit.cooccurrence(tokens, span=(0, 2), ordered=True))
    assert (ordered.matrix != quiet(lambda: toolkit.cooccurrence(
        tokens, span=2, ordered=True)).matrix).nnz == 0
    assert ordered.span == 2
    old = once(lambda: toolkit.cooccurrence(tokens, window=3, ordered=True), match="span=2")
    assert (old.matrix != ordered.matrix).nnz == 0


def test_default_counts_are_unchanged(tokens):
    """The default span=4 counts what the old default window=5 counted."""
    default = quiet(lambda: toolkit.cooccurrence(tokens))
    old = once(lambda: toolkit.cooccurrence(tokens, window=5), match="span=4")
    assert (default.matrix != old.matrix).nnz == 0 and default.span == old.span == 8


def test_span_errors(tokens):
    for bad in (0, (2, 3), (1.5, 1.5), -1):
        with pytest.raises(ValueError, match="span"):
            toolkit.cooccurrence(tokens, span=bad)
    with pytest.raises(ValueError, match="window must be a whole number"):
        toolkit.cooccurrence(tokens, window=1)


def test_kwic_window_is_tokens_on_each_side(tokens):
    lines = quiet(lambda: toolkit.kwic(tokens, "e", window=2))
    assert lines[["left", "node", "right"]].values.tolist() == [["b a", "e", "a b"]]


def test_no_match_warning_points_at_the_caller(tokens):
    """A warning issued below a decorated verb still points at the user's line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toolkit.collocates(tokens, "nothing-like-it")
        toolkit.clusters(tokens, "nothing-like-it", 2)
        toolkit.dispersion(tokens, ["nothing-like-it"])
    assert len(caught) == 3
    assert {w.filename for w in caught} == {__file__}
    assert np.all([issubclass(w.category, toolkit.queries.NoMatchWarning) for w in caught])


# -- output columns: one name per idea, the old names still read ----------------------------------
def test_collocates_columns_use_count(tokens):
    table = quiet(lambda: toolkit.collocates(tokens, "a", span=2, min_count=1))
    assert list(table.columns[:6]) == ["collocate", "count_left", "count_right", "count",
                                       "collocate_count", "expected"]
    for old, new in {"total": "count", "freq_left": "count_left", "freq_right": "count_right",
                     "collocate_freq": "collocate_count"}.items():
        got = once(lambda o=old: table[o], match=f"column {old!r} is now called {new!r}")
        pd.testing.assert_series_equal(got, table[new])
    got = once(lambda: table.sort_values("collocate").total, match="'total' is now called")
    assert got.tolist() == table.sort_values("collocate")["count"].tolist()
    assert once(lambda: table[["collocate", "total"]], match="total").columns.tolist() == [
        "collocate", "count"]
    with pytest.raises(KeyError):
        table["no such column"]


def test_keyness_columns_use_count_expected_per_million(tokens):
    table = quiet(lambda: toolkit.keyness(tokens, "cat=p"))
    assert list(table.columns[1:7]) == ["count_target", "expected_target", "count_reference",
                                        "expected_reference", "per_million_target",
                                        "per_million_reference"]
    for old in ("o_target", "e_target", "o_reference", "e_reference", "pm_target",
                "pm_reference"):
        new = {"o": "count", "e": "expected", "pm": "per_million"}[old.split("_")[0]] + \
            "_" + old.split("_")[1]
        pd.testing.assert_series_equal(once(lambda o=old: table[o], match=new), table[new])


# -- the engines speak the same vocabulary --------------------------------------------------------
def test_streaming_engine_takes_n_and_span(tokens):
    from toolkit.streaming import stream_cooccurrence, stream_counts, stream_frequency

    chunks = lambda: [tokens.select([0]), tokens.select([1, 2])]  # noqa: E731
    new = quiet(lambda: stream_frequency(chunks(), n=2))
    same(new, toolkit.frequency(tokens, n=2))
    same(once(lambda: stream_frequency(chunks(), ngram=2), match="ngram= is now called n="), new)
    cooc = quiet(lambda: stream_cooccurrence(chunks(), span=2))
    assert (cooc.matrix != toolkit.cooccurrence(tokens, span=2).matrix).nnz == 0
    old = once(lambda: stream_cooccurrence(chunks(), window=3), match="cooccurrence(span=2)")
    assert (old.matrix != cooc.matrix).nnz == 0
    _, pairs = once(lambda: stream_counts(chunks(), cooccurrence={"window": 3}),
                    match="cooccurrence(span=2)")
    assert (pairs.matrix != cooc.matrix).nnz == 0
    table, _ = once(lambda: stream_counts(chunks(), frequency={"ngram": 2}), match="now called n")
    same(table, new)
