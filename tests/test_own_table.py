"""Loading a user's own table: Persian and English column names, dates in any recognised column,
and one clear message for an empty file, a header-only table, a table without a text column and a
.txt that is really a tab-separated table (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from toolkit import load_corpus
from toolkit.dates import gregorian_from_text
from toolkit.sources import CorpusError


def _persian_csv(path: Path) -> Path:
    path.write_text("عنوان,متن,منبع,تاریخ\n"
                    "یک,کتاب خوبی است,ایرنا,۱۴۰۲/۰۷/۱۵\n"
                    "دو,كتاب ديگري است,ایسنا,1401-1-5\n", encoding="utf-8")
    return path


def test_persian_columns_and_jalali_dates(tmp_path: Path) -> None:
    corpus = load_corpus(_persian_csv(tmp_path / "mine.csv"))
    docs = corpus.docs
    assert docs["title"].tolist() == ["یک", "دو"]
    assert docs["text"].tolist() == ["یک\n\nکتاب خوبی است", "دو\n\nكتاب ديگري است"]
    assert docs["منبع"].tolist() == ["ایرنا", "ایسنا"]
    assert docs["date_jalali"].tolist() == ["1402/07/15", "1401/01/05"]
    # 1402/07/15 is 7 October 2023; 1401/01/05 is 25 March 2022
    assert docs["date"].tolist() == [pd.Timestamp("2023-10-07"), pd.Timestamp("2022-03-25")]
    assert "تاریخ" not in docs  # replaced by date / date_jalali, as a 'date' field is


@pytest.mark.parametrize("names", [("Text", "Published_At"), ("body", "date"),
                                   ("متن خبر", "تاريخ‌انتشار"), ("CONTENT", "pubdate")])
def test_name_variants(names: tuple[str, str]) -> None:
    frame = pd.DataFrame({names[0]: ["متن"], names[1]: ["2020/01/02"]})
    docs = load_corpus(frame).docs
    assert docs["text"].tolist() == ["متن"]
    assert docs["date"].tolist() == [pd.Timestamp("2020-01-02")]
    assert docs["date_jalali"].tolist() == ["1398/10/12"]


def test_fallback_text_column_and_explicit_fields() -> None:
    docs = load_corpus(pd.DataFrame({"user": ["a"], "نظر": ["عالی بود"]})).docs
    assert docs["text"].tolist() == ["عالی بود"] and docs["user"].tolist() == ["a"]
    docs = load_corpus(pd.DataFrame({"a": ["x"], "b": ["۱۳۹۹/۱/۱"]}), text="a", date="b").docs
    assert docs["text"].tolist() == ["x"] and docs["date_jalali"].tolist() == ["1399/01/01"]


def test_gregorian_dates_in_any_digits() -> None:
    assert gregorian_from_text("۲۰۲۳/۱۰/۰۷") == pd.Timestamp("2023-10-07")
    assert gregorian_from_text("2023.10.07") == pd.Timestamp("2023-10-07")
    assert gregorian_from_text(pd.Timestamp("2020-01-02 10:30")) == pd.Timestamp("2020-01-02")
    assert gregorian_from_text("1402/07/15") is None  # a Jalali year


def test_no_text_column_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        load_corpus(path)
    message = str(raised.value)
    assert f"{path}: no text field (the fields are: a, b)" in message
    assert "text='field'" in message
    assert "errors='skip'" not in message  # skipping the only file would not help
    assert "Expected files ending in" not in message  # it is a .csv
    with pytest.raises(CorpusError) as raised:
        load_corpus([str(path)], errors="skip")
    assert "nothing readable found in " + str(path) + ":" in str(raised.value)  # not a list
    assert "Expected files ending in" not in str(raised.value)
    with pytest.raises(CorpusError, match=r"the DataFrame: no text field \(the fields are: x\)"):
        load_corpus(pd.DataFrame({"x": [1]}))


def test_empty_and_odd_files(tmp_path: Path) -> None:
    cases = {"zero.csv": b"", "blank.txt": b"\n  \n", "header.csv": "متن,منبع\n".encode(),
             "header.tsv": "متن\tمنبع\n".encode(),
             "excel.txt": "عنوان\tمتن\nیک\tمتن یک\nدو\tمتن دو\n".encode("utf-16")}
    expected = {"zero.csv": "the file is empty (0 bytes)",
                "blank.txt": "the file is empty (only spaces and line breaks)",
                "header.csv": "a header row (متن, منبع) and no data rows",
                "header.tsv": "a header row (متن, منبع) and no data rows",
                "excel.txt": "a tab-separated table, not an article (2 columns on every line, "
                             "the first: عنوان, متن"}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CorpusError, match="^" + re.escape(f"{path}: {expected[name]}")):
            load_corpus(path)
    assert load_corpus(tmp_path / "excel.txt", format="tsv").docs["text"].tolist() == [
        "یک\n\nمتن یک", "دو\n\nمتن دو"]
    with pytest.raises(CorpusError, match="the DataFrame: a header row"):
        load_corpus(pd.DataFrame({"text": []}))
