"""Chunked loading (toolkit.streaming.iter_corpus) and streaming counts over real text."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from test_streaming_support import assert_same_cooccurrence, assert_same_table

from toolkit import streaming
from toolkit.cooccurrences import cooccurrence
from toolkit.corpus import load_corpus
from toolkit.frequencies import frequency
from toolkit.preparation import tokenize
from toolkit.sources import CorpusError


def concat(chunks: list) -> pd.DataFrame:
    return pd.concat([c.docs for c in chunks], ignore_index=True)


def write_jsonl(path: Path, records: list, bad_line: int | None = None) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if bad_line is not None:
        lines.insert(bad_line - 1, '{"title": "broken", "paragraphs": [')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


RECORDS = [{"title": f"خبر {i}", "paragraphs": [f"متن شماره {i} درباره ایران", "بند دوم"],
            "cat": "a" if i % 3 else "b"} for i in range(1, 12)]


def test_seed_folder_in_chunks(seeds_dir: Path) -> None:
    whole = load_corpus(seeds_dir)
    chunks = list(streaming.iter_corpus(seeds_dir, chunksize=1))
    assert [len(c) for c in chunks] == [1] * len(whole)
    pd.testing.assert_frame_equal(concat(chunks), whole.docs)


def test_jsonl_read_in_blocks_names_lines_like_load_corpus(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    write_jsonl(path, RECORDS)
    chunks = list(streaming.iter_corpus(path, chunksize=4))
    assert [len(c) for c in chunks] == [4, 4, 3]
    whole = load_corpus(path).docs
    got = concat(chunks)
    for column in ("doc_id", "title", "text", "cat"):
        assert got[column].tolist() == whole[column].tolist()
    assert got["doc_id"].iloc[0] == "news:1"


def test_jsonl_bad_line_is_named_or_skipped(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    write_jsonl(path, RECORDS, bad_line=6)
    with pytest.raises(CorpusError, match=r"news\.jsonl line 6 \(utf-8\): invalid JSON"):
        list(streaming.iter_corpus(path, chunksize=4))
    chunks = list(streaming.iter_corpus(path, chunksize=4, errors="skip"))
    assert sum(len(c) for c in chunks) == len(RECORDS)
    skipped = pd.concat([c.skipped for c in chunks])
    assert len(skipped) == 1 and "line 6" in skipped["source"].iloc[0]
    # loaded + skipped = found, and line numbers after the bad line stay right
    assert concat(chunks)["doc_id"].tolist()[5] == "news:7"


def test_dataframe_source_and_bad_chunksize() -> None:
    frame = pd.DataFrame({"text": ["یک", "دو", "سه"], "cat": ["a", "b", "a"]})
    chunks = list(streaming.iter_corpus(frame, chunksize=2))
    assert [len(c) for c in chunks] == [2, 1]
    assert concat(chunks)["doc_id"].tolist() == load_corpus(frame).docs["doc_id"].tolist()
    with pytest.raises(ValueError, match="chunksize"):
        list(streaming.iter_corpus(frame, chunksize=0))


def test_streamed_counts_equal_whole_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            seeds_dir: Path) -> None:
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path))
    path = tmp_path / "news.jsonl"
    seed = next(iter(sorted(seeds_dir.glob("*.txt")))).read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n") if p.strip()]
    write_jsonl(path, [{"title": p[:20], "text": p, "cat": str(i % 2)}
                       for i, p in enumerate(paragraphs)])
    tokens = tokenize(load_corpus(path), cache=False, progress=False)
    table, streamed = streaming.stream_counts(
        streaming.iter_corpus(path, chunksize=3), frequency={"by": "cat", "top": 50},
        cooccurrence={"span": 4, "min_count": 2}, cache=False, progress=False)
    assert_same_table(table, frequency(tokens, by="cat", top=50))
    assert_same_cooccurrence(streamed, cooccurrence(tokens, span=4, min_count=2))


@pytest.mark.shared
def test_fars_news_folder_in_chunks(corpora_dir: Path) -> None:
    whole = load_corpus(corpora_dir / "fars-news")
    chunks = list(streaming.iter_corpus(corpora_dir / "fars-news", chunksize=400))
    assert [len(c) for c in chunks] == [400, 400, 400, 300]
    pd.testing.assert_frame_equal(concat(chunks), whole.docs)


def test_load_corpus_chunksize_iterates_chunks(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    write_jsonl(path, RECORDS)
    chunks = list(load_corpus(path, chunksize=5))
    assert [len(c) for c in chunks] == [5, 5, 1]
    pd.testing.assert_frame_equal(concat(chunks),
                                  concat(list(streaming.iter_corpus(path, chunksize=5))))


def test_chunks_list_what_load_corpus_lists(tmp_path: Path) -> None:
    """In chunks as in one piece: non-data files are listed, a bad file is named or skipped."""
    (tmp_path / "a.jsonl").write_text('{"text": "ایران و روسیه"}\n', encoding="utf-8")
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / "bad.json").write_text("[{", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.json"):
        list(streaming.iter_corpus(tmp_path, chunksize=10))
    chunks = list(streaming.iter_corpus(tmp_path, chunksize=10, errors="skip"))
    docs = pd.concat([c.docs for c in chunks])
    skipped = pd.concat([c.skipped for c in chunks])
    whole = load_corpus(tmp_path, errors="skip")
    assert docs["text"].tolist() == whole.docs["text"].tolist() == ["ایران و روسیه"]
    assert sorted(Path(s).name for s in skipped["source"]) == ["README.md", "bad.json"]
    assert len(whole.skipped) == len(skipped)
