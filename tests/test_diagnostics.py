"""diagnose(): per-document counts of what raw Persian text carries, totals, merged types."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from toolkit.corpus import load_corpus
from toolkit.diagnostics import Diagnostics, diagnose
from toolkit.preparation import tokenize

NBSP, LRM = "\u00a0", "\u200e"
# every count below is worked out by hand from this string
TEXT = ("كتاب علي در 12 و ١٢ و ۱۲ مي باشد. هماهنگي هاي <br/> &amp; قیــمت کِتاب "
        f"abc {LRM} کتاب{NBSP}ها")


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def small() -> Diagnostics:
    return diagnose([TEXT, "   "], cache=False)


def test_contract_columns(small: Diagnostics) -> None:
    columns = small.documents.columns.tolist()
    assert columns[:4] == ["doc_id", "arabic_yeh_kaf", "zwnj_inserted", "digits_unified"]
    assert {"tokens", "nbsp", "diacritics", "kashida", "html", "latin_words", "empty",
            "controls", "space_for_zwnj"} <= set(columns)


def test_counts_by_hand(small: Diagnostics) -> None:
    row = small.documents.iloc[0]
    expected = {
        "arabic_yeh_kaf": 5,   # ك ي ي(مي) ي(هماهنگي) ي(هاي)
        "zwnj_inserted": 3,    # می‌باشد هماهنگی‌های کتاب‌ها
        "digits_unified": 4,   # 12 and ١٢
        "space_for_zwnj": 3,   # مي باشد, هماهنگي هاي, کتاب<NBSP>ها
        "nbsp": 1, "digits_ascii": 2, "digits_arabic_indic": 2, "digits_persian": 2,
        "diacritics": 1, "kashida": 2, "controls": 1,
        "html": 2,             # <br/> and &amp;
        "latin_words": 1,      # abc (not the br of <br/> nor the amp of &amp;)
        "chars": len(TEXT), "empty": False,
    }
    assert {k: row[k] for k in expected} == expected
    tokens = tokenize([TEXT], cache=False)
    assert row["tokens"] == tokens.n_tokens == 14
    assert small.documents.iloc[1]["empty"] and small.documents.iloc[1]["tokens"] == 0


def test_totals_are_column_sums(small: Diagnostics) -> None:
    docs = small.documents.drop(columns=["doc_id"])
    assert small.totals.to_dict() == {k: int(v) for k, v in docs.sum().items()}
    assert small.totals["empty"] == 1 and small.totals["chars"] == len(TEXT) + 3
    assert "arabic_yeh_kaf=5" in repr(small) and "<h4>Totals</h4>" in small._repr_html_()


def test_merged_types_and_top_changes(small: Diagnostics) -> None:
    merged = small.merged.set_index("type")
    assert set(merged.loc["کتاب", "variants"]) == {"كتاب", "کِتاب", "کتاب"}
    assert merged.loc["کتاب", "count"] == 3
    assert set(merged.loc["۱۲", "variants"]) == {"12", "١٢", "۱۲"}
    assert merged.loc["قیمت", "variants"] == ["قیــمت"]
    top = small.top_changes
    assert top.columns.tolist() == ["rank", "before", "count_before", "after", "count_after"]
    assert top.iloc[0][["after", "count_after"]].tolist() == ["۱۲", 3]
    assert np.array_equal(top["rank"], np.arange(1, len(top) + 1))


def test_seed_corpus(seeds_dir: Path) -> None:
    diag = diagnose(load_corpus(seeds_dir), top=10)
    row = diag.documents.iloc[0]
    assert row["doc_id"] == "000_23e1b10e4cf44e26"
    assert row["arabic_yeh_kaf"] > 200 and row["zwnj_inserted"] > 10
    assert len(diag.top_changes) == 10
    assert "سوریه" in diag.top_changes["after"].tolist()
    assert "سوريه" in diag.top_changes["before"].tolist()


def test_real_corpus_sample(corpora_dir: Path) -> None:
    corpus = load_corpus(corpora_dir / "namnak")
    diag = diagnose(corpus.docs.iloc[:20])
    totals = diag.totals
    # namnak has no ZWNJ at all, so normalisation inserts many; it has Arabic-Indic digits
    assert totals["zwnj_inserted"] > 100 and totals["space_for_zwnj"] > 100
    assert len(diag.documents) == 20 and totals["empty"] == 0
