"""The main job (`python -m toolkit report`) end to end on the seed and on fars-news."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit.__main__ import main

EXPECTED_FILES = ("frequency.csv", "cooccurrence.csv", "diagnostics.csv", "top_words.png",
                  "top_words.svg", "cooccurrence_network.png", "report.md")
ARABIC_YEH_KAF = ("\u064a", "\u0643")


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["report", str(seeds_dir), "--out", str(out)]) == 0
    return out


def test_writes_every_file(seed_report: Path) -> None:
    for name in EXPECTED_FILES:
        assert (seed_report / name).stat().st_size > 0, name
    page = (seed_report / "report.md").read_text(encoding="utf-8")
    for name in EXPECTED_FILES[:-1]:
        assert f"({name})" in page


def test_top_content_words_of_the_seed(seed_report: Path) -> None:
    freq = pd.read_csv(seed_report / "frequency.csv")
    assert list(freq.columns[:5]) == ["term", "count", "per_million", "rank", "doc_freq"]
    rank = dict(zip(freq["term"], freq["rank"], strict=True))
    # counted by hand in the article: Syria 9, security 8, Russia 6, ceasefire 6 (with ZWNJ),
    # dialogue 3 (written گفت وگو, joined with ZWNJ by normalisation)
    assert freq.head(2)["term"].tolist() == ["سوریه", "امنیت"]
    assert rank["روسیه"] == rank["آتش\u200cبس"] == 5
    assert rank["گفت\u200cوگو"] == 12
    assert freq["count"].is_monotonic_decreasing
    total = freq["count"].sum()
    assert freq["per_million"].round(6).equals((freq["count"] / total * 1e6).round(6))


def test_no_arabic_yeh_or_kaf_survives(seed_report: Path) -> None:
    freq = pd.read_csv(seed_report / "frequency.csv")
    pairs = pd.read_csv(seed_report / "cooccurrence.csv")
    terms = pd.concat([freq["term"], pairs["w1"], pairs["w2"]]).astype(str)
    assert not terms.str.contains("|".join(ARABIC_YEH_KAF)).any()


def test_diagnostics_counts_what_normalisation_changed(seed_report: Path) -> None:
    diag = pd.read_csv(seed_report / "diagnostics.csv")
    assert len(diag) == 1
    row = diag.iloc[0]
    # the seed is typed with Arabic yeh/kaf and spaces where ZWNJ belongs (مي باشد, هماهنگي هاي)
    assert row["arabic_yeh_kaf"] > 100
    assert row["zwnj_inserted"] > 0
    assert row["tokens"] > 300


def test_cooccurrence_table_has_the_measures(seed_report: Path) -> None:
    pairs = pd.read_csv(seed_report / "cooccurrence.csv")
    assert {"w1", "w2", "count", "f_w1", "f_w2", "expected", "pmi", "g2",
            "logdice"} <= set(pairs.columns)
    assert (pairs["count"] >= 2).all() and (pairs["w1"] != pairs["w2"]).all()
    # the reference definitions, recomputed from the table's own counts: Rychlý's (2008) logDice
    # with corpus frequencies, and PMI = log2(count / expected)
    rychly = 14 + np.log2(2 * pairs["count"] / (pairs["f_w1"] + pairs["f_w2"]))
    assert np.abs(pairs["logdice"] - rychly).max() < 1e-9
    assert np.abs(pairs["pmi"] - np.log2(pairs["count"] / pairs["expected"])).max() < 1e-9
    freq = pd.read_csv(seed_report / "frequency.csv").set_index("term")["count"]
    assert (pairs["f_w1"] == pairs["w1"].map(freq)).all()
    # E = f_w1 f_w2 S / N with S = 8 slots (a 5-token window, both sides), N content tokens
    expected = pairs["f_w1"] * pairs["f_w2"] * 8 / freq.sum()
    assert np.abs(pairs["expected"] - expected).max() < 1e-9
    report = (seed_report / "report.md").read_text(encoding="utf-8")
    assert "Rychlý 2008" in report and "Brezina et al. 2015" in report


def test_nothing_readable_is_an_error_naming_the_path(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", str(empty), "--out", str(tmp_path / "out")]) != 0
    assert str(empty) in capsys.readouterr().err
    missing = tmp_path / "missing"
    assert main(["report", str(missing), "--out", str(tmp_path / "out")]) != 0
    assert str(missing) in capsys.readouterr().err


@pytest.mark.shared
def test_loads_all_of_fars_news(corpora_dir: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture) -> None:
    assert main(["report", str(corpora_dir / "fars-news"), "--out", str(tmp_path)]) == 0
    # SOURCE.md beside the JSON files is listed as skipped (not a data file), never loaded
    assert "Loaded 1500 documents (1 skipped)" in capsys.readouterr().out
    assert "SOURCE.md" in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert len(pd.read_csv(tmp_path / "diagnostics.csv")) == 1500


def test_a_second_run_writes_identical_bytes(seed_report: Path, seeds_dir: Path,
                                             tmp_path: Path) -> None:
    assert main(["report", str(seeds_dir), "--out", str(tmp_path)]) == 0
    for name in EXPECTED_FILES:
        assert (tmp_path / name).read_bytes() == (seed_report / name).read_bytes(), name


def test_output_never_goes_where_the_input_is(tmp_path: Path, seeds_dir: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    article = next(seeds_dir.glob("*.txt"))
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / article.name).write_bytes(article.read_bytes())
    (folder / "frequency.csv").write_text("title,text\nعنوان,ایران و روسیه\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for out in (folder, folder / "report", tmp_path / "articles" / ".." / "articles"):
        assert main(["report", str(folder), "--out", str(out)]) == 2
        assert "choose another --out" in capsys.readouterr().err
    assert main(["report", str(folder / article.name), "--out", str(folder)]) == 2
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_unreadable_documents_are_listed_not_fatal(tmp_path: Path, seeds_dir: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = next(seeds_dir.glob("*.txt"))
    (folder / article.name).write_bytes(article.read_bytes())
    (folder / "broken.txt").write_bytes("عنوان\n\nمتن".encode()[:-1])  # truncated UTF-8
    assert main(["report", str(folder), "--out", str(tmp_path / "out")]) == 0
    assert "Loaded 1 document (1 skipped)" in capsys.readouterr().out
    page = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "broken.txt" in page
    assert main(["report", str(folder), "--out", str(tmp_path / "out2"), "--strict"]) == 2
    assert "broken.txt" in capsys.readouterr().err


def test_out_that_is_a_file_is_a_clear_error(tmp_path: Path, seeds_dir: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    existing = tmp_path / "existing"
    existing.write_text("keep me", encoding="utf-8")
    assert main(["report", str(seeds_dir), "--out", str(existing)]) == 2
    assert str(existing) in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "keep me"
