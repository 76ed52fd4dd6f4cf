"""One implementation per contract: the pattern matcher (``Tokens.match``) every verb that takes
a word or pattern uses, the digit map behind the plots' digits, the document coercion of the local
and Dask paths, the registry through which a statistic reaches an engine."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from toolkit import plots, registry
from toolkit.frequencies import clusters
from toolkit.normalization import persian_digits
from toolkit.preparation import document_texts, with_default_ids
from toolkit.queries import NoMatchWarning
from toolkit.tokens import Tokens

TOKENS = Tokens.from_sentences(
    [[["بانک", "مرکزی", "ایران"], ["بانکها", "و", "بازار"]], [["بانک", "ملی", "ایران"]]],
    pd.DataFrame({"doc_id": ["a", "b"]}))


def words(ids: np.ndarray) -> list[str]:
    return TOKENS.vocab[ids].tolist()


def test_match_glob_regex_fixed() -> None:
    assert words(TOKENS.match("بانک*")) == ["بانک", "بانکها"]
    assert words(TOKENS.match("بان?")) == ["بانک"]
    assert words(TOKENS.match("بانک")) == ["بانک"]  # no wildcard: the type itself
    assert words(TOKENS.match(["ملی", "با*"])) == ["بانک", "بانکها", "بازار", "ملی"]
    assert words(TOKENS.match("ران", "regex")) == ["ایران"]  # anywhere in the type
    assert words(TOKENS.match("بانک*", "fixed")) == []
    assert TOKENS.match("نیست").dtype == np.int64 and not len(TOKENS.match("نیست"))
    with pytest.raises(ValueError, match="regular expression"):
        TOKENS.match("(", "regex")
    with pytest.raises(ValueError, match="valuetype"):
        TOKENS.match("بانک", "phrase")


def test_clusters_take_a_pattern_like_the_other_verbs() -> None:
    both = clusters(TOKENS, "بانک*", 2)
    assert both["term"].tolist() == ["بانک مرکزی", "بانک ملی", "بانکها و"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoMatchWarning)
        with pytest.raises(NoMatchWarning, match="clusters"):
            clusters(TOKENS, "نیست*", 2)


def test_plot_digits_use_the_one_digit_map() -> None:
    assert plots.persian_digits("12.5") == "۱۲٫۵"
    assert plots.persian_digits("٣٤") == persian_digits("٣٤") == "۳۴"  # Arabic-Indic too
    assert plots.persian_digits("$10.5$") == "$۱۰.۵$"  # mathtext keeps its point


def test_one_document_coercion() -> None:
    docs = pd.DataFrame({"text": ["یک", None, float("nan"), 3]})
    assert document_texts(docs) == ["یک", "", "", "3"]
    assert with_default_ids(docs)["doc_id"].tolist() == ["0", "1", "2", "3"]
    named = docs.assign(doc_id=list("wxyz"))
    assert with_default_ids(named) is named


def test_registry_finds_a_registered_engine_and_names_the_engines() -> None:
    assert registry.implementation("frequency", "local") is None
    with pytest.raises(ValueError, match="'local' or 'dask'"):
        registry.implementation("frequency", "spark")
    pytest.importorskip("dask")
    from toolkit.engines import dask_engine

    assert registry.implementation("frequency", "dask") is dask_engine.frequency
    assert registry.implementation("cooccurrence", "dask") is dask_engine.cooccurrence
    with pytest.raises(ValueError, match="does not compute"):
        registry.implementation("keyness", "dask")


def test_setup_checks_the_matplotlib_internals_it_relies_on(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    from matplotlib.text import Text

    from toolkit.plots import style

    style._check_internals()  # this matplotlib has them
    monkeypatch.setattr(Text, "_get_layout", lambda self, renderer: (None, [("x",)], 0))
    with pytest.raises(RuntimeError, match=r"matplotlib \d+\.\d+.*_get_layout"):
        style._check_internals()


def test_report_leaves_the_backend_alone(tmp_path, seeds_dir, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    import matplotlib

    from toolkit.apps.report import report

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the library switched the matplotlib backend")

    monkeypatch.setattr(matplotlib, "use", refuse)
    files = report([seeds_dir], tmp_path / "out")
    assert files.top_words_png.exists() and files.network_png.exists()


def _warn_once() -> None:
    warnings.warn("said once", UserWarning, stacklevel=1)


def test_drawing_keeps_the_users_once_only_warnings_once() -> None:
    """The missing-glyph hook touches no warning filter: a draw does not reset the registry that
    keeps a once-only ("default") warning from repeating, and our warning still comes."""
    import io

    from matplotlib.figure import Figure

    plots.setup()
    figure = Figure()
    figure.text(0.1, 0.5, "کتاب 漢")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        _warn_once()
        figure.savefig(io.BytesIO(), format="png")
        _warn_once()
    said = [str(w.message) for w in caught if w.category is UserWarning]
    assert said == ["said once"]
    assert [w.category for w in caught if w.category is not UserWarning] == \
        [plots.MissingGlyphWarning]


def test_an_old_keyword_spelling_works_with_a_deprecation_warning() -> None:
    from toolkit.diversity import lexical_diversity

    new = lexical_diversity(TOKENS, measure=["TTR"])
    with pytest.warns(DeprecationWarning, match=r"measures= is now called measure="):
        old = lexical_diversity(TOKENS, measures=["TTR"])
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(TypeError, match="give only measure="):
        lexical_diversity(TOKENS, measures=["TTR"], measure=["TTR"])
