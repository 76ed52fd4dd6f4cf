"""load_corpus() on hostile input: every item found is loaded or skipped with a reason, never a
raw crash (lone surrogates, unreadable files, deep nesting, non-data files, links, duplicates,
wrong argument types, the classic-corpus formats on the wrong input)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from toolkit.corpus import CorpusError, load_corpus

GOOD = "عنوان\n\nمتن خبر"


def _good(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "content", "where"), [
    ("a.json", '[{"text": "ایران \\ud800"}, {"text": "روسیه"}]', "record 1"),
    ("a.jsonl", '{"text": "ایران"}\n{"text": "x", "tags": ["\\udfff"]}\n', "line 2"),
    ("b.json", '["ایران \\ud800", "روسیه"]', "record 1"),
])
def test_lone_surrogate_is_a_record_error_or_skip(tmp_path: Path, name: str, content: str,
                                                  where: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{name} {where} \(utf-8\): a lone surrogate"):
        load_corpus(path)
    corpus = load_corpus(path, errors="skip")
    assert corpus.texts in (["روسیه"], ["ایران"]) if len(corpus) else False
    assert corpus.skipped["source"].tolist() == [f"{path} {where} (utf-8)"]
    assert "half of a UTF-16 pair" in corpus.skipped["reason"][0]


def test_lone_surrogate_in_a_python_list_string(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"  # varzesh3 stores paragraphs as a Python list repr
    path.write_text("text\n\"['یک']\"\n\"['\\ud800']\"\n", encoding="utf-8")
    corpus = load_corpus(path, errors="skip")
    assert corpus.texts == ["یک"]
    assert corpus.skipped["source"].tolist() == [f"{path} row 2 (utf-8)"]
    assert corpus.skipped["reason"][0].startswith("a lone surrogate \\ud800 in field 'text'")


def test_lone_surrogate_in_a_dataframe_is_named() -> None:
    frame = pd.DataFrame({"text": pd.Series(["خوب", "بد \ud800"], dtype=object)})
    corpus = load_corpus(frame, errors="skip")
    assert corpus.texts == ["خوب"]
    assert corpus.skipped["source"].tolist() == ["DataFrame row 2"]
    assert "field 'text' at character 4" in corpus.skipped["reason"][0]


@pytest.mark.parametrize("dtype", ["string[python]", object])
def test_lone_surrogate_in_a_string_column_is_named_or_skipped(dtype: object, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """tokenize() with its cache on: a Python-backed pandas string column (pandas 2's
    ``astype("string")``) with a lone surrogate gives the documented ValueError or a skip."""
    from toolkit import tokenize

    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path))
    frame = pd.DataFrame({"text": pd.Series(["خوب", "بد \ud800"], dtype=dtype)})
    with pytest.raises(ValueError, match=r"document '1' .*lone surrogate"):
        tokenize(frame, progress=False, n_jobs=1)
    with pytest.warns(UserWarning, match="left out 1 document"):
        tokens = tokenize(frame, progress=False, n_jobs=1, errors="skip")
    assert list(tokens) == [["خوب"]]


def test_unreadable_file_is_named_or_skipped(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    good = _good(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):  # the sniff of a .txt file
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(CorpusError, match=r"locked\.txt: cannot read it \(Permission denied\)"):
        load_corpus(tmp_path)
    corpus = load_corpus(tmp_path, errors="skip")
    assert corpus.docs["source"].tolist() == [f"{good} (utf-8)"]
    assert corpus.skipped["source"].tolist() == [str(locked)]
    assert corpus.skipped["reason"][0].startswith("cannot read it (Permission denied)")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_by_permission(tmp_path: Path) -> None:
    _good(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    corpus = load_corpus(tmp_path, errors="skip")
    assert len(corpus) == 1 and corpus.skipped["source"].tolist() == [str(locked)]


def test_deep_nesting_is_a_file_error_or_skip(tmp_path: Path) -> None:
    _good(tmp_path)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"text": "یک"}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"deep\.json: nested too deeply"):
        load_corpus(deep)
    corpus = load_corpus(tmp_path, errors="skip")
    assert corpus.texts == ["یک", GOOD]
    assert corpus.skipped["source"].tolist() == [str(deep), f"{lines} line 2 (utf-8)"]
    assert all(r.startswith("nested too deeply") for r in corpus.skipped["reason"])


def test_everything_found_in_a_folder_is_loaded_or_skipped(tmp_path: Path) -> None:
    good = _good(tmp_path)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "data.zip").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "linked").symlink_to(tmp_path, target_is_directory=True)
    corpus = load_corpus(tmp_path, errors="skip")
    assert corpus.docs["source"].tolist() == [f"{good} (utf-8)"]
    reasons = dict(zip(corpus.skipped["source"], corpus.skipped["reason"], strict=True))
    assert sorted(reasons) == sorted(str(tmp_path / n) for n in
                                     ("logo.png", "data.zip", "broken.txt", "loop.txt", "linked"))
    assert reasons[str(tmp_path / "logo.png")].startswith("not a text/data file (.png)")
    assert reasons[str(tmp_path / "data.zip")].startswith("not a text/data file (.zip)")
    assert reasons[str(tmp_path / "broken.txt")].startswith("a broken symbolic link")
    assert reasons[str(tmp_path / "loop.txt")].startswith("a symbolic link loop")
    assert reasons[str(tmp_path / "linked")].startswith("a symbolic link to a folder")
    with pytest.raises(CorpusError, match=r"broken\.txt: a broken symbolic link"):
        load_corpus(tmp_path)  # a broken link is an unreadable file: errors="raise" stops


def test_unreadable_subfolder_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _good(tmp_path)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def refuse(path: object = "."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    corpus = load_corpus(tmp_path, errors="skip")
    assert corpus.docs["source"].tolist() == [f"{good} (utf-8)"]
    assert corpus.skipped["source"].tolist() == [str(tmp_path / "locked")]
    assert "Permission denied" in corpus.skipped["reason"][0]


def test_nothing_readable_lists_what_was_found(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "nul.txt").write_bytes(b"a\x00b")
    with pytest.raises(CorpusError) as raised:
        load_corpus(tmp_path, errors="skip")
    message = str(raised.value)
    assert "2 item(s) found, all skipped" in message
    assert f"- {tmp_path / 'logo.png'}: not a text/data file (.png)" in message
    assert f"- {tmp_path / 'nul.txt'}: NUL byte at byte offset 1" in message
    assert "errors='skip'" not in message  # already skipping: no such advice
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no file or record found"):
        load_corpus(tmp_path / "empty")


def test_a_file_given_twice_is_loaded_once(tmp_path: Path) -> None:
    good = _good(tmp_path)
    corpus = load_corpus([good, good, tmp_path])
    assert corpus.docs["doc_id"].tolist() == ["good"]
    assert corpus.skipped["source"].tolist() == [str(good), str(good)]
    assert set(corpus.skipped["reason"]) == {f"duplicate of {good}; read once"}
    assert len(corpus) + len(corpus.skipped) == 3


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"source": ""}, CorpusError, "an empty path"),
    ({"source": None}, TypeError, "got NoneType None"),
    ({"source": 123}, TypeError, "got int 123"),
    ({"source": ["x", None]}, TypeError, "got NoneType"),
    ({"encoding": "nope"}, ValueError, "unknown encoding 'nope'"),
    ({"text": 5}, TypeError, "text= takes a field name"),
    ({"metadata": [1]}, TypeError, "metadata= takes a field name"),
    ({"title": ["a"]}, TypeError, "title= takes a field name"),
])
def test_argument_errors_are_clear(tmp_path: Path, kwargs: dict, error: type,
                                   message: str) -> None:
    good = _good(tmp_path)
    kwargs = {"source": good, **kwargs}
    with pytest.raises(error, match=message):
        load_corpus(**kwargs)


@pytest.mark.parametrize(("fmt", "file", "problem"), [
    ("persica", False, "a folder"), ("bijankhan", False, "a folder"),
    ("peykare", True, "a file, not a folder"), ("hamshahri", True, "a file, not a folder"),
    ("persica", True, r"cannot read it as persica \(ValueError: invalid literal"),
])
def test_classic_formats_on_the_wrong_input(tmp_path: Path, fmt: str, file: bool,
                                            problem: str) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    source = tmp_path / "x.csv" if file else tmp_path
    with pytest.raises(CorpusError, match=rf"{source}: {problem}.*format='{fmt}' expects"):
        load_corpus(source, format=fmt)
    # the one input given, skipped: its own message, not a list of one
    with pytest.raises(CorpusError, match=rf"^{source}: {problem}.*format='{fmt}' expects"):
        load_corpus(source, format=fmt, errors="skip")
    with pytest.raises(CorpusError, match="an empty path"):
        load_corpus("", format=fmt)


def test_hidden_folders_are_listed_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\n\nمتن خبر", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text("عنوان\n\nمتن خبر",
                                                                      encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 1
    assert corpus.skipped["source"].str.endswith(".ipynb_checkpoints").tolist() == [True]
