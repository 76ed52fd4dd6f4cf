"""load_corpus() and Corpus: sources, field mapping, bad input (clear error or reported skip)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from toolkit.corpus import Corpus, CorpusError, load_corpus

SEED_ID = "000_23e1b10e4cf44e26"


def test_seed_folder(seeds_dir: Path) -> None:
    corpus = load_corpus(seeds_dir)
    assert len(corpus) == 1 and corpus.skipped.empty
    row = corpus.docs.iloc[0]
    assert list(corpus.docs.columns) == ["doc_id", "title", "text", "source"]
    assert row["doc_id"] == SEED_ID
    raw = (seeds_dir / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    assert row["title"] == raw.split("\n")[0].strip()
    assert row["text"] == raw.strip()  # the whole article, title line included
    assert row["source"] == f"{seeds_dir / SEED_ID}.txt (utf-8)"
    assert "1 documents" in repr(corpus) and SEED_ID in corpus._repr_html_()
    assert list(corpus) == corpus.texts == [row["text"]]


def test_file_glob_and_list(seeds_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text("عنوان دوم\n\nمتن دوم", encoding="utf-8")
    by_file = load_corpus(seeds_dir / f"{SEED_ID}.txt")
    by_glob = load_corpus(str(seeds_dir / "*.txt"))
    by_list = load_corpus([seeds_dir, other])
    assert by_file.docs["text"].equals(by_glob.docs["text"])
    assert by_list.docs["doc_id"].tolist() == [SEED_ID, "b"]
    assert by_list.docs.loc[1, "title"] == "عنوان دوم"


def test_duplicate_names_get_unique_ids(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("متن", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.docs["doc_id"].tolist() == ["a", "a~1"]  # the first keeps its name


def test_lines_format(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("یک\n\nدو\n سه \n", encoding="utf-8")
    corpus = load_corpus(path, format="lines")
    assert corpus.texts == ["یک", "دو", "سه"]
    assert corpus.docs["doc_id"].tolist() == ["lines:1", "lines:3", "lines:4"]
    assert corpus.docs["source"].tolist()[1] == f"{path} line 3 (utf-8)"


def _write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_json_default_fields_and_metadata(tmp_path: Path) -> None:
    path = _write_json(tmp_path / "news.json", [
        {"title": "عنوان", "abstract": "خلاصه", "paragraphs": ["بند یک", "بند دو"], "cat": "c",
         "tags": ["t1"], "link": "https://www.farsnews.ir/news/8707060255"},
    ])
    corpus = load_corpus(path)
    row = corpus.docs.iloc[0]
    assert row["text"] == "عنوان\n\nخلاصه\n\nبند یک\nبند دو"
    assert row["title"] == "عنوان" and row["cat"] == "c" and row["tags"] == ["t1"]
    assert row["date_jalali"] == "1387/07/06"
    assert row["date"] == pd.Timestamp("2008-09-27")
    assert row["doc_id"] == "news" and row["source"] == f"{path} record 1 (utf-8)"


def test_field_mapping(tmp_path: Path) -> None:
    path = _write_json(tmp_path / "items.json", {"data": [
        {"id": 7, "headline": "سر", "body": "تن", "lead": "پیش", "source": "irna"},
        {"id": 8, "headline": "سر۲", "body": "تن۲", "lead": "پیش۲", "source": "isna"},
    ]})
    corpus = load_corpus(path, text=["lead", "body"], title="headline", metadata=["id", "source"])
    assert corpus.texts == ["پیش\n\nتن", "پیش۲\n\nتن۲"]
    assert corpus.docs["title"].tolist() == ["سر", "سر۲"]
    assert corpus.docs["meta_source"].tolist() == ["irna", "isna"]  # 'source' is the corpus's
    assert "lead" not in corpus.docs.columns
    single = load_corpus(path, text="body")
    assert single.texts == ["تن", "تن۲"]


def test_python_repr_lists_are_read_safely(tmp_path: Path) -> None:
    path = _write_json(tmp_path / "v3.json", [
        {"code": 1, "title": "ت", "paragraphs": "['بند یک', 'بند دو']", "tags": "['a', 'b']"},
        {"code": 2, "title": "ت", "paragraphs": "[__import__('os').getcwd()]", "tags": "[]"},
    ])
    corpus = load_corpus(path)
    assert corpus.texts[0] == "ت\n\nبند یک\nبند دو"
    assert corpus.docs.loc[0, "tags"] == ["a", "b"]
    assert corpus.texts[1] == "ت\n\n[__import__('os').getcwd()]"  # kept as text, never run


def test_jsonl_csv_tsv_parquet_and_dataframe(tmp_path: Path) -> None:
    rows = [{"doc_id": "d1", "title": "الف", "text": "متن یک", "cat": "x"},
            {"doc_id": "d2", "title": "ب", "text": "متن دو", "cat": "y"}]
    frame = pd.DataFrame(rows)
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                      encoding="utf-8")
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_csv(tmp_path / "a.tsv", index=False, sep="\t")
    frame.to_parquet(tmp_path / "a.parquet")
    for name in ("a.jsonl", "a.csv", "a.tsv", "a.parquet"):
        corpus = load_corpus(tmp_path / name)
        assert corpus.docs["doc_id"].tolist() == ["d1", "d2"], name
        assert corpus.texts == ["الف\n\nمتن یک", "ب\n\nمتن دو"], name
        assert corpus.docs["cat"].tolist() == ["x", "y"], name
    from_frame = load_corpus(frame, text="text")
    assert from_frame.texts == ["متن یک", "متن دو"]
    assert from_frame.docs["source"].tolist() == ["DataFrame row 1", "DataFrame row 2"]
    # a .json file holding JSON Lines is read as JSON Lines
    (tmp_path / "b.json").write_text((tmp_path / "a.jsonl").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    assert len(load_corpus(tmp_path / "b.json")) == 2


def test_corpus_constructor_checks() -> None:
    with pytest.raises(ValueError, match="columns"):
        Corpus(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(ValueError, match="unique"):
        Corpus(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))
    corpus = Corpus(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}))
    assert corpus.docs.columns.tolist() == ["doc_id", "title", "text"]
    assert corpus.skipped.columns.tolist() == ["source", "reason"]


# -- bad input: a clear error, or a reported skip; loaded + skipped = found -----------------------
def test_missing_file_and_glob(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"nope\.txt does not exist"):
        load_corpus(tmp_path / "nope.txt")
    with pytest.raises(CorpusError, match="matches no file"):
        load_corpus(str(tmp_path / "*.json"))
    assert issubclass(CorpusError, ValueError)


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not a corpus", encoding="utf-8")
    with pytest.raises(CorpusError, match=f"nothing readable found in {tmp_path}"):
        load_corpus(tmp_path)


def test_truncated_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes("سلام دنیا".encode()[:-1])  # 17 bytes; the last letter's 2nd byte is gone
    with pytest.raises(CorpusError, match=r"cut\.txt: cannot decode byte offset 15 as utf-8"):
        load_corpus(path)


def test_nul_byte(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes("سلام".encode() + b"\x00" + "دنیا".encode())
    with pytest.raises(CorpusError, match="NUL byte at byte offset 8"):
        load_corpus(path)


def test_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[{"title": "a", "text": "b"},\n {"title": "c", "text": }]', encoding="utf-8")
    with pytest.raises(CorpusError, match="invalid JSON at line 2, column 25"):
        load_corpus(path)


def test_missing_text_field(tmp_path: Path) -> None:
    path = _write_json(tmp_path / "f.json", [{"title": "a", "link": "x"},
                                             {"title": "b", "abstract": "c"}])
    with pytest.raises(CorpusError, match=r"f\.json record 1 \(utf-8\): no text field"):
        load_corpus(path)
    corpus = load_corpus(path, errors="skip")
    assert corpus.texts == ["b\n\nc"]
    assert corpus.skipped["source"].tolist() == [f"{path} record 1 (utf-8)"]
    assert "pass text=" in corpus.skipped["reason"][0]
    with pytest.raises(CorpusError, match="no field 'body'"):
        load_corpus(path, text="body")


def test_huge_single_line_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 50_000_000)
    with pytest.raises(CorpusError, match="line 1 holds 50,000,000 characters"):
        load_corpus(path)


def test_loaded_plus_skipped_equals_found(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("عنوان\n\nمتن", encoding="utf-8")
    (tmp_path / "cut.txt").write_bytes("سلام".encode()[:-1])
    (tmp_path / "nul.txt").write_bytes(b"a\x00b")
    (tmp_path / "bad.json").write_text("[{", encoding="utf-8")
    _write_json(tmp_path / "mixed.json", [{"title": "a"}, {"text": "متن"}, {"text": "دو"}])
    (tmp_path / "lines.jsonl").write_text('{"text": "یک"}\n{oops\n', encoding="utf-8")
    corpus = load_corpus([seeds_dir, tmp_path], errors="skip")
    # found: 1 seed + good + cut + nul + bad.json + 3 records + 2 JSON lines = 10
    assert len(corpus) == 5 and len(corpus.skipped) == 5
    assert len(corpus) + len(corpus.skipped) == 10
    reasons = " ".join(corpus.skipped["reason"])
    for expected in ("byte offset", "NUL byte", "invalid JSON at line 1", "no text field",
                     "invalid JSON at column 2"):
        assert expected in reasons
    with pytest.raises(CorpusError):
        load_corpus([seeds_dir, tmp_path])


def test_everything_skipped_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"a\x00b")
    with pytest.raises(CorpusError, match=r"(?s)1 item\(s\) found, all skipped:.*nul\.txt: NUL byte"):
        load_corpus(tmp_path, errors="skip")


def test_argument_errors(seeds_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="errors must be"):
        load_corpus(seeds_dir, errors="ignore")
    with pytest.raises(ValueError, match="unknown format"):
        load_corpus(seeds_dir, format="docx")
    (tmp_path / "a.xml").write_text("<x/>", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"unknown file type '\.xml'"):
        load_corpus(tmp_path / "a.xml")
