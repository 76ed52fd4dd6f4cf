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
        load_corpus([str(path)], errors="skip")  # a list of one path: named as a path
    assert str(raised.value).startswith(f"{path}: no text field")
    other = tmp_path / "other.csv"
    other.write_text("c\n1\n", encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        load_corpus([str(path), str(other)], errors="skip")
    assert f"nothing readable found in {path}, {other}: 2 item(s)" in str(raised.value)  # no list
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


def test_report_from_a_persian_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from toolkit.__main__ import main

    rows = ["متن,منبع,تاریخ"]
    for day in range(1, 13):
        rows.append(f"کتاب خوب و کتابخانه بزرگ شهر در روز {day} باز شد و مردم کتاب خواندند,"
                    f"{'ایرنا' if day % 2 else 'ایسنا'},۱۴۰۲/۰۷/{day:02d}")
    path = tmp_path / "mine.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"Loaded 12 documents (0 skipped) from {path}\n")
    for name in ("frequency.csv", "cooccurrence.csv", "diagnostics.csv", "top_words.png",
                 "top_words.svg", "cooccurrence_network.png", "report.md"):
        assert (out / name).stat().st_size > 0, name
    freq = pd.read_csv(out / "frequency.csv")
    assert freq.iloc[0]["term"] == "کتاب" and freq.iloc[0]["count"] == 24
    page = (out / "report.md").read_text(encoding="utf-8")
    assert page.startswith("# Corpus report\n\n- Documents: 12 documents loaded, 0 inputs skipped")
    assert "at most 4 tokens apart" in page  # the default span (4 on each side), said as it is


def test_report_options(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from toolkit.__main__ import main

    path = tmp_path / "export.txt"  # a tab-separated export under another name
    path.write_text("id\tbody_fa\twhen\n1\tکتاب خوب است\t1402/07/01\n", encoding="utf-8")
    stop = tmp_path / "stop.txt"
    stop.write_text("# my list\nخوب\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(path), "--out", str(out)]) == 2
    assert "pass format='tsv'" in capsys.readouterr().err
    assert main(["report", str(path), "--out", str(out), "--format", "tsv", "--text", "body_fa",
                 "--date", "when", "--stopwords", str(stop), "--window", "3"]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith(f"Loaded 1 document (0 skipped) from {path}\n")
    assert "--window 3 is --span 2" in printed.err  # the old option, still working
    assert pd.read_csv(out / "frequency.csv")["term"].tolist() == ["کتاب"]
    assert "at most 2 tokens apart" in (out / "report.md").read_text(encoding="utf-8")
    assert main(["report", str(path), "--out", str(tmp_path / "span"), "--format", "tsv",
                 "--text", "body_fa", "--date", "when", "--stopwords", str(stop),
                 "--span", "2"]) == 0
    assert (tmp_path / "span" / "report.md").read_bytes() == (out / "report.md").read_bytes()
    capsys.readouterr()
    assert main(["report", str(path), "--out", str(out), "--format", "tsv", "--text", "x"]) == 2
    assert "no field 'x' (fields: id, body_fa, when)" in capsys.readouterr().err


def test_usual_category_and_source_columns() -> None:
    from toolkit.loaders import column_for

    assert column_for("category", ["doc_id", "text", "دسته‌بندي"]) == "دسته‌بندي"
    assert column_for("category", ["Cat", "topic"]) == "Cat"
    assert column_for("source", ["doc_id", "منبع", "source"]) == "منبع"  # source: the file
    assert column_for("source", ["text"]) is None
    docs = load_corpus(pd.DataFrame({"text": ["a"], "source": ["ایرنا"]})).docs
    assert column_for("source", docs.columns) == "meta_source"
    with pytest.raises(ValueError, match="role must be one of"):
        column_for("author", ["a"])
