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
import itertools
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from .loaders import (
    CORPUS_FORMATS,
    DATA_SUFFIXES,
    FORMAT_ALIASES,
    READERS,
    TOO_DEEP,
    Fields,
    Record,
    Skip,
    check_options,
    check_table,
    detect_format,
    jsonl_records,
    read_classic,
    records_from_frame,
)
from .sources import CorpusError, PassedOver, bom_encoding, find_files, unreadable

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
        return find_files(source, DATA_SUFFIXES)
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


def _options(format: str | None, errors: str, encoding: str | None,
             text: str | Iterable[str] | None, title: str | None,
             metadata: Iterable[str] | None, date: str | None) -> tuple[str | None, Fields]:
    """The checked reading options of :func:`load_corpus` and :func:`iter_corpus`: the format
    (aliases resolved) and the fields; ValueError or TypeError for a bad one."""
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    format = FORMAT_ALIASES.get(format, format) if isinstance(format, str) else format
    if format is not None and format not in READERS:
        raise ValueError(f"unknown format {format!r}; choose one of {sorted(READERS)}")
    fields = _fields(text, title, metadata, date)
    check_options(format, fields)
    _check_encoding(encoding)
    return format, fields


class DocIds:
    """The one document-id rule of :func:`load_corpus` and :func:`iter_corpus`: an id keeps its
    name the first time it is seen; each repeat gets ``~1``, ``~2``, ... (passing over a name
    already taken), counted over the whole corpus: one ``DocIds`` serves all the chunks of a
    source, so ids stay unique across chunks."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._repeats: Counter[str] = Counter()

    def __call__(self, ids: Iterable[str]) -> list[str]:
        out = []
        for doc_id in ids:
            unique = doc_id
            while unique in self._taken:
                self._repeats[doc_id] += 1
                unique = f"{doc_id}~{self._repeats[doc_id]}"
            self._taken.add(unique)
            out.append(unique)
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
    or ``errors`` value, and for a field option the given ``format`` cannot use (``naab``,
    ``peykare``, ``bijankhan``, ``wikipedia``, ``lines``, ``article`` and ``ganjoor`` have no
    fields to choose; see :data:`toolkit.loaders.FORMATS`).
    """
    format, fields = _options(format, errors, encoding, text, title, metadata, date)
    if chunksize is not None:
        return iter_corpus(source, chunksize, format, text=text, title=title, metadata=metadata,
                           encoding=encoding, errors=errors, date=date)
    loaded: list[_Loaded] = []
    skipped: list[dict[str, str]] = []
    for piece, skips in _read(source, format, fields, encoding, errors):
        loaded += piece
        skipped += skips
    if not loaded:
        raise _nothing_readable(source, skipped)
    return Corpus(_documents(loaded, DocIds()), pd.DataFrame(skipped, columns=_SKIPPED_COLUMNS))


#: a record read, with its file (None: a DataFrame row), encoding and the number of records of
#: its file (None: several, not yet counted), which names it (see :func:`_doc_id`)
_Loaded = tuple[Path | None, Record, str, int | None]
_Piece = tuple[list[_Loaded], list[dict[str, str]]]


def _read(source: Any, format: str | None, fields: Fields, encoding: str | None, errors: str,
          block: int | None = None) -> Iterator[_Piece]:
    """The one reader of :func:`load_corpus` and :func:`iter_corpus`: the records of ``source``
    and its skipped entries, piece by piece in corpus order (a file, or with ``block`` a run of
    ``block`` DataFrame rows or JSON Lines lines). Under ``errors="raise"`` the first unreadable
    item raises :class:`CorpusError` naming it."""

    def collect(path: Path | None, records: list[Record | Skip], enc: str,
                n_records: int | None) -> _Piece:
        loaded: list[_Loaded] = []
        skipped: list[dict[str, str]] = []
        for rec in records:
            if isinstance(rec, Skip):
                label = _source_label(path, rec.where, enc)
                if errors == "raise":
                    raise CorpusError(f"{label}: {rec.reason}{_OR_SKIP}")
                skipped.append({"source": label, "reason": rec.reason})
            else:
                loaded.append((path, rec, enc, n_records))
        return loaded, skipped

    def fail(path: Path, message: str, several: bool) -> _Piece:
        if errors == "raise":  # skipping the file helps only when there are others to load
            raise CorpusError(f"{message}{_OR_SKIP if several else ''}")
        prefix = f"{path}: "
        return [], [{"source": str(path),
                     "reason": message[len(prefix):] if message.startswith(prefix) else message}]

    if isinstance(source, pd.DataFrame):
        check_table(None, source, fields)
        size = block or max(len(source), 1)
        for start in range(0, len(source), size):
            yield collect(None, records_from_frame(source.iloc[start:start + size], fields,
                                                   start), "", None)
        return
    paths, passed = source_paths(source, format)
    several = len(paths) > 1  # other data files to load
    listed = []
    for item in passed:
        if item.error:
            listed += fail(Path(item.source), f"{item.source}: {item.reason}", True)[1]
        else:
            listed.append({"source": item.source, "reason": item.reason})
    if listed:
        yield [], listed
    for path in tqdm(paths, desc="load_corpus", unit="file", disable=len(paths) < 50):
        parts = _file_records(path, format, fields, encoding, block)
        while True:
            try:
                records, enc, n_records = next(parts)
            except StopIteration:
                break
            except CorpusError as exc:
                yield fail(path, str(exc), several)
            except OSError as exc:
                yield fail(path, str(unreadable(path, exc)), several)
            except RecursionError:
                yield fail(path, f"{path}: {TOO_DEEP}", several)
            else:
                yield collect(path, records, enc, n_records)
                continue
            break


def _file_records(path: Path, format: str | None, fields: Fields, encoding: str | None,
                  block: int | None) -> Iterator[tuple[list[Record | Skip], str, int | None]]:
    """The records of one file, its encoding and its number of records: whole, or a JSON Lines
    file in blocks of ``block`` lines (see :func:`_jsonl_blocks`). CorpusError when the file
    changed while it was read (:data:`CHANGED`)."""
    before = _signature(path)
    kind = format or detect_format(path)
    if block is not None and kind == "jsonl":
        yield from _jsonl_blocks(path, block, fields, encoding)
    else:
        if format in CORPUS_FORMATS:
            records, enc = read_classic(path, format, fields, encoding)
        else:
            records, enc = READERS[kind](path, fields, encoding)
        if _signature(path) != before:  # checked before any of its records is given
            raise CorpusError(f"{path}: {CHANGED}")
        yield records, enc, len(records)
        return
    if _signature(path) != before:  # its blocks are given already: named after them
        raise CorpusError(f"{path}: {CHANGED}")


def _jsonl_blocks(path: Path, size: int, fields: Fields, encoding: str | None
                  ) -> Iterator[tuple[list[Record | Skip], str, int | None]]:
    """A JSON Lines file read ``size`` lines at a time (its encoding: ``encoding``, else the one
    its byte-order mark names, else UTF-8),
    each block parsed as :func:`toolkit.loaders.read_jsonl` parses a whole file; the number of
    records is given when the file fits in one block (None: several)."""
    if encoding is None:
        with path.open("rb") as raw:
            encoding = bom_encoding(raw.read(4)) or "utf-8"
    enc = encoding
    try:
        with path.open(encoding=enc, newline="") as handle:
            numbered = ((n, line) for n, line in enumerate(handle, start=1) if line.strip())
            lines, first = list(itertools.islice(numbered, size)), True
            while lines:
                after = list(itertools.islice(numbered, size))
                records = jsonl_records(lines, fields)
                yield records, enc, len(records) if first and not after else None
                lines, first = after, False
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not {enc} ({exc.reason} at byte {exc.start} of a line); "
                          "pass encoding='...'") from None


def _documents(loaded: list[_Loaded], ids: DocIds) -> pd.DataFrame:
    """The documents table of some records: ``doc_id`` (given, or named by file and line or
    row, made unique by ``ids``), ``title``, ``text``, metadata, ``source``."""
    rows = []
    for path, rec, enc, n_records in loaded:
        meta = dict(rec.meta)
        given = meta.pop("meta_doc_id", None)
        doc_id = str(given) if given is not None else _doc_id(path, rec.where, n_records)
        rows.append({"doc_id": doc_id, "title": rec.title,
                     "text": rec.text, **meta, "source": _source_label(path, rec.where, enc)})
    docs = pd.DataFrame(rows)
    docs["doc_id"] = ids(docs["doc_id"].astype(str).tolist())
    return docs[[c for c in docs.columns if c != "source"] + ["source"]]


_NO_DOCS = pd.DataFrame(columns=["doc_id", "text"])


def iter_corpus(source: Any, chunksize: int = 1000, format: str | None = None, *,
                text: str | Iterable[str] | None = None, title: str | None = None,
                metadata: Iterable[str] | None = None, encoding: str | None = None,
                errors: str = "raise", date: str | None = None) -> Iterator[Corpus]:
    """:func:`toolkit.load_corpus` in chunks: :class:`Corpus` objects of ``chunksize`` documents
    (the last one may be shorter), in the order ``load_corpus`` gives them.

    The arguments are those of :func:`toolkit.load_corpus`, and so is the reader (:func:`_read`)
    and the id rule (:class:`DocIds`, carried across chunks): the chunks add up to
    ``load_corpus`` of the same source, documents, ids and skipped entries. A JSON Lines file
    (``.jsonl``, ``.ndjson`` or ``format="jsonl"``) is read ``chunksize`` lines at a time, so its
    size does not matter (its encoding: ``encoding``, its byte-order mark or UTF-8); a DataFrame is
    cut into blocks of rows; any other file is loaded whole, one file at a time. Memory: one chunk
    plus the largest non-JSON-Lines file. Each chunk's ``skipped`` lists what was skipped while
    reading it. Raises ValueError for ``chunksize < 1`` and :class:`CorpusError` as
    ``load_corpus`` does (also when nothing readable is found).
    """
    if int(chunksize) != chunksize or chunksize < 1:
        raise ValueError(f"chunksize is a number of documents >= 1, not {chunksize!r}")
    format, fields = _options(format, errors, encoding, text, title, metadata, date)
    ids = DocIds()
    pending: list[pd.DataFrame] = []
    skipped: list[dict[str, str]] = []
    held = found = 0
    for piece, skips in _read(source, format, fields, encoding, errors, int(chunksize)):
        docs = _documents(piece, ids) if piece else _NO_DOCS
        found += len(docs)
        if len(docs):  # an empty piece only carries skipped entries (and would reorder columns)
            pending.append(docs)
        skipped.extend(skips)
        held += len(docs)
        if held < chunksize:
            continue
        docs = pd.concat(pending, ignore_index=True)
        start = 0
        while held - start >= chunksize:
            yield _chunk(docs.iloc[start:start + chunksize], skipped)
            start, skipped = start + chunksize, []
        pending, held = [docs.iloc[start:]], held - start
    if not found:
        raise _nothing_readable(source, skipped)
    if held or skipped:
        yield _chunk(pd.concat(pending, ignore_index=True) if pending else _NO_DOCS, skipped)


def _chunk(docs: pd.DataFrame, skipped: list[dict[str, str]]) -> Corpus:
    return Corpus(docs, pd.DataFrame(skipped, columns=_SKIPPED_COLUMNS))
