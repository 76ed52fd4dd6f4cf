"""One format registry (``toolkit.loaders.FORMATS``): every table is derived from it, and a format
that cannot use a field option refuses it instead of ignoring it silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import loaders
from toolkit.corpus import iter_corpus, load_corpus


def test_tables_are_derived_from_the_registry() -> None:
    assert set(loaders.READERS) == set(loaders.FORMATS)
    assert set(loaders.CORPUS_FORMATS) == {n for n, f in loaders.FORMATS.items() if f.expects}
    assert loaders.DATA_SUFFIXES == (".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv",
                                     ".parquet")
    for name in ("naab", "peykare", "bijankhan", "wikipedia", "lines", "article", "ganjoor"):
        assert loaders.FORMATS[name].options == ()
    for name in ("csv", "json", "jsonl", "hamshahri", "persica", "pn-summary"):
        assert loaders.FORMATS[name].options == loaders.FIELD_OPTIONS


@pytest.mark.parametrize("format", ["naab", "peykare", "bijankhan", "lines"])
@pytest.mark.parametrize("option", [{"text": "body"}, {"title": "headline"},
                                    {"metadata": ["cat"]}, {"date": "when"}])
def test_a_format_refuses_an_option_it_cannot_use(tmp_path: Path, format: str,
                                                  option: dict) -> None:
    path = tmp_path / "corpus.txt"
    path.write_text("یک متن\n", encoding="utf-8")
    name = next(iter(option))
    with pytest.raises(ValueError, match=rf"format='{format}' cannot use {name}="):
        load_corpus(path, format, **option)
    with pytest.raises(ValueError, match=rf"format='{format}' cannot use {name}="):
        next(iter_corpus(path, 10, format, **option))


def test_a_format_that_can_use_the_options_takes_them(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text("body,headline\nمتن,عنوان\n", encoding="utf-8")
    corpus = load_corpus(path, "csv", text="body", title="headline")
    assert corpus.docs[["title", "text"]].values.tolist() == [["عنوان", "متن"]]
