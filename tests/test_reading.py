"""One reading path: ``load_corpus`` and its chunks (``iter_corpus``, ``chunksize=``) share one
reader and one id rule, so the chunks of any source add up to ``load_corpus`` of it: the same
documents, ids and skipped entries. The three divergences found before they shared a reader are
tests here (each was a bug of the chunked path or of the id rule)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.corpus import Corpus, CorpusError, DocIds, iter_corpus, load_corpus

DEEP = "[" * 100_000 + "]" * 100_000


def added_up(chunks: list[Corpus]) -> Corpus:
    docs = [c.docs for c in chunks if len(c.docs)]
    return Corpus(pd.concat(docs, ignore_index=True) if docs else
                  pd.DataFrame(columns=["doc_id", "text"]),
                  pd.concat([c.skipped for c in chunks], ignore_index=True))


def assert_same_reading(source: object, chunksize: int, **options: object) -> None:
    """Chunks of ``source`` add up to ``load_corpus(source)``, or both raise the same error."""
    try:
        whole = load_corpus(source, **options)
    except CorpusError as exc:
        with pytest.raises(CorpusError) as caught:
            list(iter_corpus(source, chunksize, **options))
        assert str(caught.value) == str(exc)
        return
    chunks = list(iter_corpus(source, chunksize, **options))
    assert all(len(c) <= chunksize for c in chunks)
    assert all(len(c) == chunksize for c in chunks[:-1])
    total = added_up(chunks)
    columns = list(whole.docs.columns)
    assert sorted(total.docs.columns) == sorted(columns)
    pd.testing.assert_frame_equal(total.docs[columns], whole.docs, check_dtype=False)
    pd.testing.assert_frame_equal(total.skipped.reset_index(drop=True),
                                  whole.skipped.reset_index(drop=True), check_dtype=False)


def test_one_id_rule_first_keeps_its_name() -> None:
    ids = DocIds()
    assert ids(["a", "b", "a"]) == ["a", "b", "a~1"]
    assert ids(["a", "a~1", "c"]) == ["a~2", "a~1~1", "c"]  # carried over: unique across calls


def test_same_file_name_in_two_folders_across_chunks(tmp_path: Path) -> None:
    """Divergence 1 (a bug of both): ``a~1, a~2`` from load_corpus, ``a, a~1`` from the chunks,
    and the same id twice when the two files fell into different chunks."""
    for folder in ("x", "y", "z"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("متن", encoding="utf-8")
    assert load_corpus(tmp_path).docs["doc_id"].tolist() == ["a", "a~1", "a~2"]
    chunks = list(iter_corpus(tmp_path, chunksize=1))
    assert [c.docs["doc_id"].iloc[0] for c in chunks] == ["a", "a~1", "a~2"]
    assert_same_reading(tmp_path, 2)


def test_dataframe_skipped_rows_are_listed_in_chunks() -> None:
    """Divergence 2 (a bug of the chunks): with errors='skip' an unreadable row (here a lone
    surrogate) vanished and the later rows' ids shifted instead of being listed in ``skipped``."""
    frame = pd.DataFrame({"text": ["یک", "\ud800", "سه", "x\udfff", "پنج"]}, dtype=object)
    whole = load_corpus(frame, errors="skip")
    chunks = list(iter_corpus(frame, chunksize=2, errors="skip"))
    total = added_up(chunks)
    assert total.docs["doc_id"].tolist() == whole.docs["doc_id"].tolist() == \
        ["row:1", "row:3", "row:5"]
    assert total.skipped["source"].tolist() == whole.skipped["source"].tolist() == \
        ["DataFrame row 2", "DataFrame row 4"]
    assert_same_reading(frame, 2, errors="skip")


def test_deeply_nested_jsonl_line_is_skipped_in_chunks(tmp_path: Path) -> None:
    """Divergence 3 (a bug of the chunks): a deeply nested line was skipped by load_corpus and
    raised RecursionError in the chunked reader."""
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": "یک"}) + "\n" + DEEP + "\n" + json.dumps({"text": "سه"})
                    + "\n", encoding="utf-8")
    chunks = list(iter_corpus(path, chunksize=1, errors="skip"))
    assert added_up(chunks).skipped["source"].tolist() == [f"{path} line 2 (utf-8)"]
    assert_same_reading(path, 1, errors="skip")
    with pytest.raises(CorpusError, match="line 2"):
        list(iter_corpus(path, chunksize=1))


TEXTS = st.sampled_from(["کتاب خوب", "متن", "", "  ", None, "سلام دنیا"])
ROW_TEXTS = st.one_of(TEXTS, st.just("\ud800"))
LINES = st.one_of(
    st.builds(lambda t: json.dumps({"text": t}, ensure_ascii=False), TEXTS),
    st.builds(lambda t, i: json.dumps({"text": t, "doc_id": i}, ensure_ascii=False), TEXTS,
              st.sampled_from(["a", "b"])),
    st.just("{not json"), st.just(""), st.just(DEEP), st.just('"a bare string"'),
    st.just('{"text": "\\ud800"}'))
FILES = st.lists(st.tuples(st.sampled_from(["x", "y"]), st.sampled_from(["a", "b", "c"]),
                           st.sampled_from(["jsonl", "txt", "md"]),
                           st.lists(LINES, max_size=6)), max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=FILES, chunksize=st.integers(1, 5), errors=st.sampled_from(["skip", "raise"]))
def test_chunks_of_a_folder_add_up_to_load_corpus(files: list[tuple[str, str, str, list[str]]],
                                                  chunksize: int, errors: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for sub, stem, suffix, lines in files:
            (root / sub).mkdir(exist_ok=True)
            # an article (or README) of as many lines; no line: an empty file
            body = "\n".join(lines if suffix == "jsonl" else
                              [f"خط {i} متن" for i in range(len(lines))])
            (root / sub / f"{stem}.{suffix}").write_text(body, encoding="utf-8")
        assert_same_reading(root, chunksize, errors=errors)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(ROW_TEXTS, st.sampled_from([None, "a", "b"])), max_size=12),
       with_ids=st.booleans(), chunksize=st.integers(1, 5),
       errors=st.sampled_from(["skip", "raise"]))
def test_chunks_of_a_dataframe_add_up_to_load_corpus(rows: list[tuple[str | None, str | None]],
                                                     with_ids: bool, chunksize: int,
                                                     errors: str) -> None:
    frame = pd.DataFrame({"text": [t for t, _ in rows]}, dtype=object)
    if with_ids:
        frame["doc_id"] = [i for _, i in rows]
    assert_same_reading(frame, chunksize, errors=errors)
