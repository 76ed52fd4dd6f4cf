"""Encodings (B27), Jalali dates, the classic corpus formats and the real corpora's counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import persian_case
from hypothesis import given
from hypothesis import strategies as st

from toolkit.corpus import Corpus, CorpusError, load_corpus
from toolkit.dates import (
    gregorian_from_text,
    jalali_from_fars_link,
    jalali_from_hamshahri_id,
    jalali_from_text,
    to_gregorian,
    to_jalali,
)
from toolkit.loaders import literal
from toolkit.normalization import normalize
from toolkit.sources import decode_bytes, decode_chunks

SEED = "000_23e1b10e4cf44e26.txt"


# -- encodings ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("codec", "label"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                              ("utf-16", "utf-16"), ("utf-16-be", None),
                                              ("cp1256", "cp1256")])
def test_seed_copies_load_to_the_same_text(seeds_dir: Path, tmp_path: Path, codec: str,
                                           label: str | None) -> None:
    text = (seeds_dir / SEED).read_text(encoding="utf-8")
    data = text.encode(codec)
    if codec == "utf-16-be":  # UTF-16 big-endian with its byte-order mark
        data = b"\xfe\xff" + data
        label = "utf-16"
    (tmp_path / SEED).write_bytes(data)
    original, copy = load_corpus(seeds_dir), load_corpus(tmp_path)
    assert copy.texts == original.texts and copy.docs["title"].equals(original.docs["title"])
    assert copy.docs["source"][0].endswith(f"({label})")


def test_b27_cp1256_and_chunked_utf8(tmp_path: Path) -> None:
    case = persian_case("B27")
    data = bytes.fromhex(case["input"]["bytes_cp1256_hex"].replace(" ", ""))
    path = tmp_path / "windows.txt"
    path.write_bytes(data)
    corpus = load_corpus(path)
    assert corpus.texts == [case["input"]["decoded_cp1256"]]
    assert corpus.docs["source"][0].endswith("(cp1256)")
    assert normalize(corpus).texts[0] == case["expected"]["load_cp1256"].split(" (")[0]
    expected = case["expected"]["chunked_utf8"].split(" (")[0]
    stream = expected.encode()
    chunk = bytes.fromhex(case["input"]["utf8_chunk_hex"].replace(" ", ""))
    assert stream.startswith(chunk)  # the case's chunk ends inside a two-byte letter
    assert decode_chunks([chunk, stream[len(chunk):]]) == expected


@given(st.text(alphabet="سلام دنیا‌کتابپژوهش۱۲3a\n", max_size=40), st.integers(1, 7))
def test_chunked_decoding_any_chunk_size(text: str, size: int) -> None:
    data = text.encode()
    chunks = [data[i:i + size] for i in range(0, len(data), size)]
    assert decode_chunks(chunks) == text


def test_chunked_decoding_reports_absolute_offset() -> None:
    data = "سلام".encode() + b"\xff" + "دنیا".encode()
    with pytest.raises(CorpusError, match="byte offset 8"):
        decode_chunks([data[:3], data[3:9], data[9:]], name="x.txt")


def test_explicit_encoding_and_binary(tmp_path: Path) -> None:
    assert decode_bytes("كتاب".encode("cp1256"), "x", "cp1256") == ("كتاب", "cp1256")
    with pytest.raises(CorpusError, match=r"x: cannot decode byte offset 0 as utf-8"):
        decode_bytes(b"\x80\x81 abc", "x")  # neither UTF-8 nor mostly Arabic-script cp1256
    path = tmp_path / "latin1.txt"
    path.write_bytes("café".encode("latin-1"))
    with pytest.raises(CorpusError, match="pass encoding="):
        load_corpus(path)
    assert load_corpus(path, encoding="latin-1").texts == ["café"]


# -- dates ------------------------------------------------------------------------------------------
def test_jalali_dates() -> None:
    assert jalali_from_text("۱۳۸۷/۷/۶") == "1387/07/06"
    assert jalali_from_text("1375-04-03") == "1375/04/03"
    assert jalali_from_text("138/5//09") is None  # Persica's malformed date
    assert jalali_from_fars_link("https://www.farsnews.ir/news/8707060255") == "1387/07/06"
    assert jalali_from_fars_link("https://www.farsnews.ir/news/13940715000123/x") == "1394/07/15"
    assert jalali_from_fars_link("https://www.farsnews.ir/news/6011171294") is None
    assert jalali_from_fars_link("https://example.com/news/8707060255") is None
    assert jalali_from_hamshahri_id("HAM2-811011-007") == "1381/10/11"
    # 1 Farvardin is the March equinox day; 1387/07/06 is 27 September 2008
    assert to_gregorian("1387/01/01") == pd.Timestamp("2008-03-20")
    assert to_gregorian("1387/07/06") == pd.Timestamp("2008-09-27")
    assert to_gregorian("1381/10/11") == pd.Timestamp("2003-01-01")
    assert pd.isna(to_gregorian("1387/12/31"))  # 1387 is not a leap year
    assert pd.isna(to_gregorian(None))
    assert gregorian_from_text("2014-09-23T03:48:23.977") == pd.Timestamp("2014-09-23")
    assert gregorian_from_text("2014-13-40") is None and gregorian_from_text("1387/07/06") is None
    assert to_jalali(pd.Timestamp("2014-09-23")) == "1393/07/01"
    assert to_jalali(to_gregorian("1387/07/06")) == "1387/07/06"


def test_literal_reads_only_python_lists() -> None:
    assert literal("['a', \"b\"]") == ["a", "b"]
    assert literal("[1, [2]]") == [1, [2]]
    assert literal("[x]") == "[x]"
    assert literal("(1, 2)") == "(1, 2)"
    assert literal(["a"]) == ["a"]


# -- classic corpora through hazm's readers ---------------------------------------------------------
def _count(path: Path, pattern: str, encoding: str = "utf-8") -> int:
    return len(re.findall(pattern, path.read_text(encoding=encoding)))


def test_format_samples(corpora_dir: Path) -> None:
    formats = corpora_dir / "formats"
    expected = {  # documents in each sample, counted from the files themselves
        "hamshahri": ("hamshahri", _count(formats / "hamshahri/1996/ham2_960623.xml", "<DOC>")),
        "persica": ("persica.csv", 1),
        "mirastext": ("mirastext.txt", _count(formats / "mirastext.txt", r"\*\*\*.*\n")),
        "pn-summary": ("pn-summary", _count(formats / "pn-summary/test.csv", "\n") - 1),
        "tnews": ("tnews", _count(formats / "tnews/201409/20140923.xml", "<NEWS>")),
        "naab": ("naab", _count(formats / "naab/test-00000-of-00003.txt", r"\S.*\n")),
        "peykare": ("peykare", 1),
        "bijankhan": ("bijankhan.txt", 1),
    }
    assert [n for _, n in expected.values()] == [1, 1, 10, 3, 1, 10, 1, 1]
    for fmt, (path, n) in expected.items():
        corpus = load_corpus(formats / path, format=fmt, errors="skip")
        assert len(corpus) == n, fmt
        assert corpus.skipped.empty, fmt
        assert corpus.docs["text"].str.len().min() > 10, fmt
        assert corpus.docs["doc_id"].is_unique
    peykare = load_corpus(formats / "peykare", format="peykare")
    assert peykare.docs["source"][0].endswith("(cp1256)")
    assert peykare.texts[0].startswith("دیرزمانی از راه\u200cاندازی")
    hamshahri = load_corpus(formats / "hamshahri", format="hamshahri").docs.iloc[0]
    assert hamshahri["date_jalali"] == "1375/04/03"
    assert hamshahri["date"] == pd.Timestamp("1996-06-23")  # the file name says 960623
    persica = load_corpus(formats / "persica.csv", format="persica").docs.iloc[0]
    assert persica["date_source"] == "138/5//09" and "date" not in persica
    miras = load_corpus(formats / "mirastext.txt", format="mirastext").docs.iloc[1]
    assert miras["website"] == "alalam.ir" and miras["url"].startswith("http://fa.alalam.ir/")
    assert miras["text"].startswith(miras["title"]) and not miras["text"].startswith(
        miras["title"] + "\n")  # the title is not repeated before the content
    pn_summary = load_corpus(formats / "pn-summary", format="pn-summary")
    assert "[n]" not in "".join(pn_summary.texts) and pn_summary.texts[0].count("\n") > 2
    tnews = load_corpus(formats / "tnews", format="tnews").docs.iloc[0]
    assert tnews["date"] == pd.Timestamp("2014-09-23") and tnews["date_jalali"] == "1393/07/01"
    bijankhan = load_corpus(formats / "bijankhan.txt", format="bijankhan")
    assert bijankhan.texts[0].split()[:3] == ["اولین", "سیاره", "خارج"]


def test_wikipedia_export(corpora_dir: Path, tmp_path: Path) -> None:
    sample = load_corpus(corpora_dir / "formats" / "wiki.xml.bz2", format="wikipedia")
    assert len(sample) == 1 and sample.docs.loc[0, "title"] == "Main Page"
    assert sample.texts[0].startswith("Main Page\n\nThis is the first page")
    page = ("<mediawiki><page><title>تهران</title><id>7</id><revision><text>"
            "'''تهران''' پایتخت [[ایران|کشور ایران]] است.{{سخ}}\n== تاریخ ==\n[[شهر]] کهن"
            "&lt;ref&gt;منبع&lt;/ref&gt;</text></revision></page></mediawiki>")
    (tmp_path / "fa.xml").write_text(page, encoding="utf-8")
    corpus = load_corpus(tmp_path / "fa.xml", format="wikipedia")
    assert corpus.texts == ["تهران\n\nتهران پایتخت کشور ایران است.\nتاریخ\nشهر کهن"]
    assert corpus.docs.loc[0, "page_id"] == "7"
    (tmp_path / "cut.xml").write_text(page[:60], encoding="utf-8")
    with pytest.raises(CorpusError, match="not a readable MediaWiki XML export"):
        load_corpus(tmp_path / "cut.xml", format="wikipedia")


def test_format_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "missing", format="hamshahri")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="empty folder"):
        load_corpus(tmp_path / "empty", format="tnews")


# -- the real corpora: right counts, only the documentation files skipped --------------------------
def _only_docs_skipped(corpus: Corpus, folder: Path) -> bool:
    """The skipped entries are exactly the folder's .md files, each 'not a text/data file'."""
    docs = sorted(str(p) for p in folder.glob("*.md"))
    return (corpus.skipped["source"].tolist() == docs
            and all(r.startswith("not a text/data file (.md)") for r in corpus.skipped["reason"]))


def test_fars_news(corpora_dir: Path) -> None:
    folder = corpora_dir / "fars-news"
    found = sum(len(json.loads(p.read_text(encoding="utf-8"))) for p in folder.glob("*.json"))
    assert found == 1500
    corpus = load_corpus(folder, errors="skip")
    assert len(corpus) == 1500 and _only_docs_skipped(corpus, folder)
    docs = corpus.docs
    assert {"cat", "subcat", "tags", "link", "date_jalali", "date"} <= set(docs.columns)
    assert docs["doc_id"].is_unique and docs["doc_id"][0] == "fars-news-1:1"
    assert docs["date_jalali"][0] == "1387/07/06"
    assert docs["date"].notna().sum() == 1497  # three early ids ("60...") code no date
    assert docs["date"].min() >= pd.Timestamp("2003-03-21")
    assert docs["source"][0] == f"{folder / 'fars-news-1.json'} record 1 (utf-8)"
    assert docs["text"].str.len().sum() > 3_000_000


def test_varzesh3_namnak_ganjoor(corpora_dir: Path) -> None:
    varzesh3 = load_corpus(corpora_dir / "varzesh3", errors="skip")
    assert len(varzesh3) == 2500 and _only_docs_skipped(varzesh3, corpora_dir / "varzesh3")
    assert all(isinstance(t, list) for t in varzesh3.docs["tags"])
    namnak = load_corpus(corpora_dir / "namnak", errors="skip")
    assert len(namnak) == 175 and _only_docs_skipped(namnak, corpora_dir / "namnak")
    assert "categories" in namnak.docs.columns
    folder = corpora_dir / "ganjoor-poetry"
    poets = sorted(p.stem for p in folder.glob("*.txt"))
    ganjoor = load_corpus(folder, errors="skip")
    assert len(ganjoor) == len(poets) == 9 and _only_docs_skipped(ganjoor, folder)
    assert ganjoor.docs["poet"].tolist() == poets
    hafez = ganjoor.docs.set_index("poet").loc["hafez"]
    lines = (folder / "hafez.txt").read_text(encoding="utf-8").splitlines()
    assert hafez["text"].count("\n") + 1 == sum(1 for line in lines[2:] if line.strip())
    assert hafez["beyts"] == 76048 and hafez["text"].startswith("الا یا ایها الساقی")
