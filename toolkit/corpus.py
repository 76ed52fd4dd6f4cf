"""The corpus: a DataFrame of documents loaded from files, folders, globs or a DataFrame.

``Corpus.docs`` has one row per document: ``doc_id`` (unique str), ``title``, ``text``, the
metadata columns of the source (for Fars News ``cat``, ``subcat``, ``tags``, ``link``,
``date_jalali``, ``date``), and ``source`` (file, record or line number, and the encoding found).
``Corpus.skipped`` lists what was not loaded (``source``, ``reason``): unreadable files and records
under ``errors="skip"``, and under either setting what a folder holds besides data (``README.md``,
images, links to folders) and a file reached twice; documents loaded + skipped entries = items
found.
"""

from __future__ import annotations

import codecs
import html
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from .loaders import (
    CORPUS_FORMATS,
    FORMAT_ALIASES,
    READERS,
    TOO_DEEP,
    Fields,
    Record,
    Skip,
    check_table,
    detect_format,
    read_classic,
    records_from_frame,
)
from .sources import DATA_SUFFIXES, CorpusError, PassedOver, find_files, unreadable

__all__ = ["Corpus", "CorpusError", "load_corpus"]

_SKIPPED_COLUMNS = ["source", "reason"]
#: appended to an error under errors="raise"
_OR_SKIP = "; or pass errors='skip' to list it in corpus.skipped and load the rest"
#: skipped entries named in the "nothing readable found" message
_LISTED = 10


class Corpus:
    """Documents as a DataFrame (``docs``) plus what could not be loaded (``skipped``)."""

    def __init__(self, docs: pd.DataFrame, skipped: pd.DataFrame | None = None) -> None:
        missing = {"doc_id", "text"} - set(docs.columns)
        if missing:
            raise ValueError(f"a corpus needs the columns {sorted(missing)}; got {list(docs.columns)}")
        if not docs["doc_id"].is_unique:
            dup = docs["doc_id"][docs["doc_id"].duplicated()].iloc[0]
            raise ValueError(f"doc_id must be unique; {dup!r} occurs more than once")
        self.docs = docs.reset_index(drop=True)
        if "title" not in self.docs.columns:
            self.docs.insert(1, "title", "")
        self.skipped = (skipped.reset_index(drop=True) if skipped is not None
                        else pd.DataFrame(columns=_SKIPPED_COLUMNS))

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[str]:
        """The documents' texts, in order."""
        return iter(self.docs["text"].tolist())

    @property
    def texts(self) -> list[str]:
        """The documents' texts, in order."""
        return self.docs["text"].tolist()

    def __repr__(self) -> str:
        chars = int(self.docs["text"].str.len().sum()) if len(self) else 0
        return (f"<Corpus: {len(self):,} documents, {chars:,} characters, "
                f"{len(self.skipped):,} skipped>")

    def _repr_html_(self) -> str:
        columns = [c for c in ("doc_id", "title", "date_jalali", "source") if c in self.docs]
        table = self.docs[columns].head(10).to_html(index=False, escape=True)
        return f"<p>{html.escape(repr(self))}</p>{table}"


def _names(value: Any, argument: str) -> tuple[str, ...] | None:
    """A field name or a list of them as a tuple; TypeError naming ``argument`` otherwise."""
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        names = tuple(value)
        if all(isinstance(n, str) for n in names):
            return names
    raise TypeError(f"{argument}= takes a field name or a list of field names (str), not "
                    f"{value!r}")


def _fields(text: Any, title: Any, metadata: Any, date: Any = None) -> Fields:
    for name, value in (("title", title), ("date", date)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name}= takes a field name (str), not {value!r}")
    return Fields(_names(text, "text"), title, _names(metadata, "metadata"), date)


def _check_encoding(encoding: Any) -> None:
    if encoding is None:
        return
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise ValueError(f"unknown encoding {encoding!r}; pass a Python codec name such as "
                         "'utf-8', 'utf-16' or 'cp1256', or None to detect it per file") from None


def describe_source(source: Any) -> str:
    """A source as a person writes it: paths joined by commas, not a Python list."""
    if isinstance(source, pd.DataFrame):
        return "the DataFrame"
    if isinstance(source, str | os.PathLike):
        return str(source)
    if isinstance(source, Iterable) and not isinstance(source, bytes | Mapping):
        return ", ".join(str(item) for item in source)
    return repr(source)


def _nothing_readable(source: Any, skipped: list[dict[str, str]]) -> CorpusError:
    where = describe_source(source)
    if not skipped:
        return CorpusError(f"nothing readable found in {where}: no file or record found. Expected "
                           f"files ending in {', '.join(DATA_SUFFIXES)}, or pass format=...")
    if len(skipped) == 1 and skipped[0]["source"] == where:  # the one file given
        return CorpusError(f"{where}: {skipped[0]['reason']}")
    reasons = {s["reason"] for s in skipped}
    if len(skipped) > 1 and len(reasons) == 1:  # every record for the same reason: say it once
        return CorpusError(f"nothing readable found in {where}: all {len(skipped)} items skipped, "
                           f"each for the same reason: {reasons.pop()}")
    listed = "".join(f"\n- {s['source']}: {s['reason']}" for s in skipped[:_LISTED])
    more = (f"\n- ... and {len(skipped) - _LISTED} more" if len(skipped) > _LISTED else "")
    # the file-type hint only helps when something was passed over for its name ending
    hint = (f"\nExpected files ending in {', '.join(DATA_SUFFIXES)}, or pass format=..."
            if any("not a text/data file" in s["reason"] for s in skipped) else "")
    return CorpusError(f"nothing readable found in {where}: {len(skipped)} item(s) found, all "
                       f"skipped:{listed}{more}{hint}")


def source_paths(source: Any, format: str | None) -> tuple[list[Path], list[PassedOver]]:
    """The files to read: a classic corpus path is handed over as it is, the rest is expanded."""
    if format not in CORPUS_FORMATS:
        return find_files(source)
    items = [source] if isinstance(source, str | os.PathLike) else source
    paths = []
    for item in items if isinstance(items, Iterable) else [items]:
        if not isinstance(item, str | os.PathLike):
            raise TypeError(f"format={format!r} needs a path (str or Path), not {item!r}")
        if not str(item).strip():
            raise CorpusError("an empty path; pass the corpus folder or file")
        path = Path(item).expanduser()
        if not path.exists():
            raise CorpusError(f"{path} does not exist; check the path")
        paths.append(path)
    return paths, []


def _doc_id(path: Path | None, where: str, n_records: int) -> str:
    stem = path.stem if path is not None else "row"
    if n_records == 1 and path is not None:
        return stem
    return f"{stem}:{where.split()[-1]}" if where else stem


def _unique(ids: list[str]) -> list[str]:
    counts = Counter(ids)
    seen: Counter[str] = Counter()
    out = []
    for doc_id in ids:
        seen[doc_id] += 1
        out.append(doc_id if counts[doc_id] == 1 else f"{doc_id}~{seen[doc_id]}")
    return out


def _source_label(path: Path | None, where: str, encoding: str) -> str:
    label = str(path) if path is not None else "DataFrame"
    if where:
        label += f" {where}"
    return f"{label} ({encoding})" if encoding else label


CHANGED = ("changed while it was being read (its size or modification time differ before and "
           "after); load it again once nothing is writing to it")


def _signature(path: Path) -> tuple[int, int] | None:
    """Size and modification time of ``path`` (None when it cannot be stat'ed)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def load_corpus(source: Any, format: str | None = None, *,
                text: str | Iterable[str] | None = None, title: str | None = None,
                metadata: Iterable[str] | None = None, encoding: str | None = None,
                errors: str = "raise", chunksize: int | None = None,
                date: str | None = None) -> Corpus | Iterator[Corpus]:
    """Load documents from a file, a folder (walked recursively), a glob, a list of these, or a
    pandas DataFrame.

    ``format``: None detects it per file from the name (``.txt`` article or Ganjoor, ``.json``
    array or JSON Lines, ``.jsonl``, ``.csv``, ``.tsv``, ``.parquet``); or one of
    ``toolkit.loaders.READERS`` (``"lines"`` for one document per line; ``"hamshahri"``,
    ``"persica"``, ``"mirastext"``, ``"pn-summary"``, ``"tnews"``, ``"naab"``, ``"peykare"``,
    ``"bijankhan"`` read the classic corpora through hazm's readers; ``"txt"`` and ``"text"`` are
    other names of ``"article"``). ``text``: the field (or list
    of fields, joined by blank lines) holding the text; by default the fields recognised by
    their name (:data:`toolkit.loaders.DEFAULT_TEXT_FIELDS` and their Persian names in
    :data:`~toolkit.loaders.FIELD_ALIASES`: ``title``/``عنوان``, ``abstract``/``چکیده``,
    ``text``/``متن``, ``content``/``محتوا``, ``body``, ...; else one column named ``message``,
    ``comment``, ``پیام``, ``نظر``, ...), compared ignoring case, ``_``/``-``/spaces/ZWNJ and
    Arabic yeh/kaf. ``title``: the title field (default ``title``/``عنوان``/``تیتر``/...).
    ``date``: the date field (default ``date``, ``تاریخ``, ``تاریخ انتشار``, ``published``, ...,
    :data:`~toolkit.loaders.DATE_FIELDS`); a Jalali (``1402/07/15``) or Gregorian
    (``2023-10-07``) date in Persian or Latin digits becomes the columns ``date`` (Gregorian
    Timestamp) and ``date_jalali``, and the field itself is dropped (kept as ``date_source``
    when it is not a date). ``metadata``: the fields to keep (default: all others). A table
    (CSV, TSV, Parquet, DataFrame) without a text column, or with a header and no rows, is one
    error naming its columns. ``encoding``: force one (default:
    detected per file, see :mod:`toolkit.sources`). ``errors``: ``"raise"`` stops at the first
    unreadable file or record with a :class:`CorpusError` naming it; ``"skip"`` lists it in
    ``corpus.skipped`` instead. ``chunksize``: return an iterator of ``Corpus`` chunks of that
    many documents instead, for corpora larger than memory (see
    :func:`toolkit.streaming.iter_corpus`).

    Every item found is either loaded or listed in ``corpus.skipped`` with its reason: files a
    folder holds that are not data (``README.md``, images), broken links and a file reached twice
    are listed under both settings; unreadable files, folders and records stop the load under
    ``"raise"``, and so does a file that vanished after the folder was listed or changed while it
    was being read (its size or modification time differ before and after reading).

    Raises :class:`CorpusError` (a ``ValueError``) when a path does not exist or is empty, or
    nothing readable is found; the message names the path and what to do. ``TypeError`` for a
    source or field argument of the wrong type, ``ValueError`` for an unknown format, encoding
    or ``errors`` value.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    format = FORMAT_ALIASES.get(format, format) if isinstance(format, str) else format
    if format is not None and format not in READERS:
        raise ValueError(f"unknown format {format!r}; choose one of {sorted(READERS)}")
    fields = _fields(text, title, metadata, date)
    _check_encoding(encoding)
    if chunksize is not None:
        return iter_corpus(source, chunksize, format, text=text, title=title, metadata=metadata,
                           encoding=encoding, errors=errors, date=date)
    loaded: list[tuple[Path | None, Record, str, int]] = []
    skipped: list[dict[str, str]] = []

    def collect(path: Path | None, records: list[Record | Skip], enc: str) -> None:
        n_records = len(records)
        for rec in records:
            if isinstance(rec, Skip):
                label = _source_label(path, rec.where, enc)
                if errors == "raise":
                    raise CorpusError(f"{label}: {rec.reason}{_OR_SKIP}")
                skipped.append({"source": label, "reason": rec.reason})
            else:
                loaded.append((path, rec, enc, n_records))

    def fail(path: Path, message: str) -> None:
        if errors == "raise":  # skipping the file helps only when there are others to load
            raise CorpusError(f"{message}{_OR_SKIP if several else ''}")
        prefix = f"{path}: "
        skipped.append({"source": str(path),
                        "reason": message[len(prefix):] if message.startswith(prefix) else message})

    several = True
    if isinstance(source, pd.DataFrame):
        check_table(None, source, fields)
        collect(None, records_from_frame(source, fields), "")
    else:
        paths, passed = source_paths(source, format)
        several = len(paths) > 1  # other data files to load
        for item in passed:
            if item.error:
                fail(Path(item.source), f"{item.source}: {item.reason}")
            else:
                skipped.append({"source": item.source, "reason": item.reason})
        for path in tqdm(paths, desc="load_corpus", unit="file", disable=len(paths) < 50):
            try:
                before = _signature(path)
                if format in CORPUS_FORMATS:
                    records, enc = read_classic(path, format, fields, encoding)
                else:
                    records, enc = READERS[format or detect_format(path)](path, fields, encoding)
                if _signature(path) != before:
                    fail(path, f"{path}: {CHANGED}")
                    continue
            except CorpusError as exc:
                fail(path, str(exc))
                continue
            except OSError as exc:
                fail(path, str(unreadable(path, exc)))
                continue
            except RecursionError:
                fail(path, f"{path}: {TOO_DEEP}")
                continue
            collect(path, records, enc)
    if not loaded:
        raise _nothing_readable(source, skipped)
    rows = []
    for path, rec, enc, n_records in loaded:
        given = rec.meta.pop("meta_doc_id", None)
        doc_id = str(given) if given is not None else _doc_id(path, rec.where, n_records)
        rows.append({"doc_id": doc_id, "title": rec.title,
                     "text": rec.text, **rec.meta, "source": _source_label(path, rec.where, enc)})
    docs = pd.DataFrame(rows)
    docs["doc_id"] = _unique(docs["doc_id"].astype(str).tolist())
    docs = docs[[c for c in docs.columns if c != "source"] + ["source"]]
    return Corpus(docs, pd.DataFrame(skipped, columns=_SKIPPED_COLUMNS))


def _jsonl_blocks(path: Path, size: int, encoding: str | None,
                  options: dict[str, Any]) -> Iterator[tuple[pd.DataFrame, list[dict[str, str]]]]:
    """A JSON Lines file read ``size`` lines at a time: the documents of each block (doc_id
    ``stem:line`` as :func:`toolkit.load_corpus` names them) and its skipped lines."""
    enc = encoding or "utf-8-sig"
    with path.open(encoding=enc, newline="") as handle:
        block: list[tuple[int, Any]] = []
        skipped: list[dict[str, str]] = []
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    block.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    reason = f"invalid JSON at column {exc.colno}: {exc.msg}"
                    if options["errors"] == "raise":
                        raise CorpusError(f"{path} line {number}: {reason} (fix the line or pass "
                                          "errors='skip')") from None
                    skipped.append({"source": f"{path} line {number} ({enc})", "reason": reason})
            if len(block) >= size:
                yield _block_docs(path, block, enc, options, skipped)
                block, skipped = [], []
        if block or skipped:
            yield _block_docs(path, block, enc, options, skipped)


def _block_docs(path: Path, block: list[tuple[int, Any]], enc: str, options: dict[str, Any],
                skipped: list[dict[str, str]]) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """The documents of a block of JSON Lines records, named by file and line, and the block's
    skipped lines (bad JSON, records without text under ``errors="skip"``)."""
    docs = pd.DataFrame(columns=["doc_id", "text"])
    if not block:
        return docs, skipped
    frame = pd.DataFrame([item if isinstance(item, dict) else {"text": item} for _, item in block])
    frame["_line"] = [n for n, _ in block]
    if options["metadata"] is not None:
        options = {**options, "metadata": [*options["metadata"], "_line"]}
    try:
        corpus = load_corpus(frame, **options)
    except CorpusError as exc:
        if options["errors"] == "raise":
            raise CorpusError(f"{path}, lines {block[0][0]}-{block[-1][0]}: {exc}") from None
        return docs, [*skipped, {"source": f"{path} lines {block[0][0]}-{block[-1][0]}",
                                 "reason": str(exc)}]
    docs = corpus.docs
    lines = docs.pop("_line").astype(int)
    docs["doc_id"] = [f"{path.stem}:{n}" for n in lines]
    docs["source"] = [f"{path} line {n} ({enc})" for n in lines]
    rows = corpus.skipped
    return docs, [*skipped, *({"source": f"{path} {s}", "reason": r}
                              for s, r in zip(rows["source"], rows["reason"], strict=True))]


_NO_DOCS = pd.DataFrame(columns=["doc_id", "text"])


def iter_corpus(source: Any, chunksize: int = 1000, format: str | None = None, *,
                text: str | Iterable[str] | None = None, title: str | None = None,
                metadata: Iterable[str] | None = None, encoding: str | None = None,
                errors: str = "raise", date: str | None = None) -> Iterator[Corpus]:
    """:func:`toolkit.load_corpus` in chunks: :class:`Corpus` objects of ``chunksize`` documents
    (the last one may be shorter), in the order ``load_corpus`` gives them.

    The arguments are those of :func:`toolkit.load_corpus`. A JSON Lines file (``.jsonl``,
    ``.ndjson`` or ``format="jsonl"``) is read ``chunksize`` lines at a time, so its size does not
    matter (its encoding: ``encoding`` or UTF-8); a DataFrame is cut into blocks of rows; any other
    file is loaded whole, one file at a time. Memory: one chunk plus the largest non-JSON-Lines
    file. Each chunk's ``skipped`` lists what was skipped while reading it. Raises ValueError for
    ``chunksize < 1`` and :class:`CorpusError` as ``load_corpus`` does.
    """
    if int(chunksize) != chunksize or chunksize < 1:
        raise ValueError(f"chunksize is a number of documents >= 1, not {chunksize!r}")
    options = {"text": text, "title": title, "metadata": metadata, "errors": errors,
               "date": date}
    pending: list[pd.DataFrame] = []
    skipped: list[dict[str, str]] = []
    held = 0
    for docs, skips in _pieces(source, int(chunksize), format, encoding, options):
        if len(docs):  # an empty piece only carries skipped entries (and would reorder columns)
            pending.append(docs)
        skipped.extend(skips)
        held += len(docs)
        if held < chunksize:
            continue
        docs = pd.concat(pending, ignore_index=True)
        start = 0
        while held - start >= chunksize:
            yield _corpus(docs.iloc[start:start + chunksize], skipped)
            start, skipped = start + chunksize, []
        pending, held = [docs.iloc[start:]], held - start
    if held or skipped:
        yield _corpus(pd.concat(pending, ignore_index=True) if pending else _NO_DOCS, skipped)


def _pieces(source: Any, size: int, format: str | None, encoding: str | None,
            options: dict[str, Any]) -> Iterator[tuple[pd.DataFrame, list[dict[str, str]]]]:
    """Documents (and skipped entries) of ``source`` piece by piece, in corpus order."""
    if isinstance(source, pd.DataFrame):
        for start in range(0, len(source), size):
            docs = load_corpus(source.iloc[start:start + size], **options).docs
            if "doc_id" not in source.columns:
                docs["doc_id"] = [f"row:{start + i + 1}" for i in range(len(docs))]
            yield docs, []
        return
    paths, passed = source_paths(source, format)
    for item in passed:  # found but not data (README.md) or unreadable, as load_corpus lists them
        if item.error and options["errors"] == "raise":
            raise CorpusError(f"{item.source}: {item.reason}")
    if passed:
        yield _NO_DOCS, [{"source": item.source, "reason": item.reason} for item in passed]
    for path in tqdm(paths, desc="files", unit="file", leave=False, disable=len(paths) < 2):
        try:
            if (format or detect_format(path)) == "jsonl":
                yield from _jsonl_blocks(path, size, encoding, options)
                continue
            corpus = load_corpus(path, format, encoding=encoding, **options)
        except CorpusError as exc:
            if options["errors"] == "raise":
                raise
            yield _NO_DOCS, [{"source": str(path), "reason": str(exc)}]
            continue
        yield corpus.docs, corpus.skipped.to_dict(orient="records")


def _corpus(docs: pd.DataFrame, skipped: list[dict[str, str]]) -> Corpus:
    """A chunk as a Corpus; a doc_id repeated inside it (same file name in two folders) gets a
    ``~n`` suffix as in :func:`toolkit.load_corpus`."""
    docs = docs.reset_index(drop=True)
    repeat = docs.groupby("doc_id").cumcount()
    docs["doc_id"] = docs["doc_id"].where(repeat == 0, docs["doc_id"] + "~" + repeat.astype(str))
    return Corpus(docs, pd.DataFrame(skipped, columns=["source", "reason"]))
