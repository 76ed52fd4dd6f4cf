"""Format readers: one file (or a classic corpus folder) -> records of title, text and metadata.

Every reader returns ``(records, encoding)`` where each record is a :class:`Record` or, for a
record that cannot become a document, a :class:`Skip` naming where and why. Readers raise
:class:`~toolkit.sources.CorpusError` for a file that cannot be read at all.

Plain-text formats: ``"article"`` (one file per article: first line title, blank line, body, as
in ``seeds/``), ``"lines"`` (one document per non-empty line) and ``"ganjoor"`` (a poet's file of
the Ganjoor collection: file name line, ``number of beyts:`` line, one hemistich per line).
Record formats: ``"json"`` (an array of objects, or JSON Lines), ``"jsonl"``, ``"csv"``,
``"tsv"``, ``"parquet"``. The classic corpora go through hazm's corpus readers:
``"hamshahri"``, ``"persica"``, ``"mirastext"``, ``"pn-summary"``, ``"tnews"``, ``"naab"``,
``"peykare"``, ``"bijankhan"``; MediaWiki exports with ``"wikipedia"`` (own reader, see
:func:`read_wikipedia`).
"""

from __future__ import annotations

import ast
import functools
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from .dates import (
    gregorian_from_text,
    jalali_from_fars_link,
    jalali_from_hamshahri_id,
    jalali_from_text,
    to_gregorian,
    to_jalali,
)
from .sources import CorpusError, read_text, unreadable

#: fields joined (in this order, when present) into a record's text when ``text=`` is not given
DEFAULT_TEXT_FIELDS = ("title", "pre-title", "abstract", "brief", "lead", "summary", "paragraphs",
                       "text", "content", "body", "article")
#: other names of those fields (Persian and English), compared after :func:`field_key`
FIELD_ALIASES = {
    "title": ("عنوان", "تیتر", "headline", "عنوان خبر", "عنوان مطلب"),
    "pre-title": ("روتیتر", "pretitle", "supertitle"),
    "abstract": ("چکیده",),
    "lead": ("لید",),
    "summary": ("خلاصه", "خلاصه خبر"),
    "text": ("متن", "متن خبر", "متن کامل", "متن مطلب", "متن مقاله", "نوشته", "full text"),
    "content": ("محتوا", "محتوی", "محتوای خبر"),
    "body": ("بدنه", "بدنه خبر"),
    "article": ("مقاله", "خبر"),
}
#: names that hold the text when none of the fields above is present (one column is used)
FALLBACK_TEXT_FIELDS = ("message", "tweet", "post", "comment", "review", "sentence", "poem",
                        "پیام", "توییت", "توئیت", "پست", "نظر", "دیدگاه", "جمله", "شعر")
#: names of a date field, read as a Jalali or Gregorian date (see :mod:`toolkit.dates`)
DATE_FIELDS = ("date", "تاریخ", "تاریخ انتشار", "تاریخ خبر", "published", "publish date",
               "published at", "publication date", "pubdate", "pub date", "created at",
               "date published")
#: names of a category column (kept under its own name; :func:`column_for` finds it)
CATEGORY_FIELDS = ("cat", "category", "categories", "section", "topic", "subject", "genre",
                   "دسته", "دسته بندی", "گروه", "موضوع", "سرویس", "بخش", "ژانر")
#: names of a source column (outlet, publisher; kept under its own name, a column named
#: ``source`` as ``meta_source`` because ``Corpus.docs.source`` records the file it came from)
SOURCE_FIELDS = ("meta_source", "outlet", "publisher", "agency", "site", "website",
                 "newspaper", "منبع", "خبرگزاری", "رسانه", "سایت", "ناشر", "روزنامه", "نشریه")
#: a text line longer than this is not an article line (a minified or binary file); see README
MAX_LINE_CHARS = 1_000_000
#: column names the corpus owns; a metadata field with one of these names gets a ``meta_`` prefix
RESERVED = ("doc_id", "title", "text", "source")


@dataclass
class Record:
    """One document as read: ``where`` is its position in the file (``"record 3"``, ``"line 7"``)."""

    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    where: str = ""


@dataclass
class Skip:
    """A record that did not become a document, and why."""

    where: str
    reason: str


@dataclass(frozen=True)
class Fields:
    """Which fields of a record hold the text, the title and the metadata (None: automatic)."""

    text: tuple[str, ...] | None = None
    title: str | None = None
    metadata: tuple[str, ...] | None = None
    date: str | None = None


Result = tuple[list[Record | Skip], str]


# -- values ---------------------------------------------------------------------------------------
def literal(value: Any) -> Any:
    """A Python-repr list string (``"['a', 'b']"``, as varzesh3 stores ``paragraphs``) as a list.

    Read with ``ast.literal_eval`` (never ``eval``); anything else is returned unchanged.
    """
    if isinstance(value, str) and len(value) >= 2 and value[0] == "[" and value[-1] == "]":
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
        if isinstance(parsed, list):
            return parsed
    return value


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _as_text(value: Any) -> str:
    if _missing(value):
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_as_text(v) for v in value if not _missing(v))
    return str(value).strip()


def _dates(meta: dict[str, Any], record_id: Any = None, date_field: str | None = "date") -> None:
    """Add the Gregorian ``date`` and ``date_jalali``: from a Jalali date (the date field, a Fars
    link id, a Hamshahri id) or else a Gregorian date/``datetime`` field (TNews). The date field
    (``date``, ``تاریخ``, ... see :data:`DATE_FIELDS`) is replaced by them; one that is neither
    (Persica's ``138/5//09``) is kept as ``date_source``."""
    raw = meta.pop(date_field, None) if date_field is not None else None
    if isinstance(raw, str) and not raw.strip():
        raw = None
    jalali = (jalali_from_text(raw) or jalali_from_fars_link(meta.get("link"))
              or jalali_from_fars_link(meta.get("url")) or jalali_from_hamshahri_id(record_id))
    gregorian = gregorian_from_text(raw) or gregorian_from_text(meta.get("datetime"))
    if raw is not None and not jalali_from_text(raw) and gregorian is None:
        meta["date_source"] = raw
    if jalali:
        meta["date_jalali"] = jalali
        meta["date"] = to_gregorian(jalali)
    elif gregorian is not None:
        meta["date_jalali"] = to_jalali(gregorian)
        meta["date"] = gregorian


_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_problem(value: Any, name: str = "") -> str | None:
    """Why ``value`` (a string, or a dict/list holding strings, keys included) cannot be stored:
    it holds a lone surrogate (JSON ``"\\ud800"`` without its pair), which is half of a UTF-16
    pair, not a character, and cannot be encoded as UTF-8. None when it is fine."""
    stack = [(name, value)]
    while stack:
        field_name, item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                where = f" in field {field_name!r}" if field_name else ""
                return (f"a lone surrogate \\u{ord(found.group()):04x}{where} at character "
                        f"{found.start() + 1}: half of a UTF-16 pair, not a character (a broken "
                        "\\u escape); fix or remove the escape in the file")
        elif isinstance(item, Mapping):
            for key, child in item.items():
                stack.extend([(field_name or str(key), child), (field_name, key)])
        elif isinstance(item, list | tuple):
            stack.extend((field_name, child) for child in item)
    return None


def from_mapping(obj: Mapping[str, Any], fields: Fields, where: str) -> Record | Skip:
    """A record from a dict-like object (JSON object, CSV row, DataFrame row).

    The text is ``fields.text`` joined by blank lines (a list field, e.g. paragraphs, one item per
    line); by default the :data:`DEFAULT_TEXT_FIELDS` present, which must include one besides the
    title. Metadata is ``fields.metadata`` or every other field; dates are added (see
    :mod:`toolkit.dates`). A record holding a lone surrogate is a :class:`Skip`.
    """
    obj = {str(k): literal(v) for k, v in obj.items()}
    problem = surrogate_problem(obj)  # after literal(): "['\\ud800']" holds one too
    if problem:
        return Skip(where, problem)
    roles = field_roles(tuple(obj), fields)
    if isinstance(roles, str):
        return Skip(where, roles)
    text_fields, title_field, date_field = roles
    text = "\n\n".join(t for t in (_as_text(obj[f]) for f in text_fields) if t)
    title = _as_text(obj[title_field]) if title_field else ""
    keep = (fields.metadata if fields.metadata is not None
            else [k for k in obj if k not in text_fields and k != title_field])
    if date_field is not None and date_field not in keep:
        keep = [*keep, date_field]
    meta = {(f"meta_{k}" if k in RESERVED and k != date_field else k): obj.get(k) for k in keep}
    _dates(meta, obj.get("id"), date_field)
    return Record(title, text, meta, where)


_SEPARATORS = re.compile("[\\s_\\-\u200c]+")


def field_key(name: str) -> str:
    """A field name as compared with the known names: case folded, Arabic yeh/kaf as Persian,
    spaces, ``_``, ``-`` and ZWNJ as one space (``Published_At``, ``تاريخ‌انتشار``)."""
    folded = name.strip().casefold().replace("ي", "ی").replace("ك", "ک")
    return _SEPARATORS.sub(" ", folded).strip()


_ROLE_OF = {field_key(alias): role for role in DEFAULT_TEXT_FIELDS
            for alias in (role, *FIELD_ALIASES.get(role, ()))}
_FALLBACK = {field_key(name) for name in FALLBACK_TEXT_FIELDS}
_DATE_KEYS = {field_key(name) for name in DATE_FIELDS}


_ROLE_NAMES = {"title": ("title", *FIELD_ALIASES["title"]), "date": DATE_FIELDS,
               "category": CATEGORY_FIELDS, "source": SOURCE_FIELDS}


def column_for(role: str, columns: Sequence[Any]) -> str | None:
    """The column of ``columns`` named with a usual name of ``role`` (``"title"``, ``"date"``,
    ``"category"`` or ``"source"``), in Persian or English, compared as :func:`field_key` does
    (the names are tried in the order of :data:`CATEGORY_FIELDS`, ...); None when there is none. ``column_for("category", corpus.docs.columns)`` finds ``cat``,
    ``category``, ``دسته``, ``موضوع``, ..."""
    if role not in _ROLE_NAMES:
        raise ValueError(f"role must be one of {', '.join(_ROLE_NAMES)}, not {role!r}")
    known = [field_key(name) for name in _ROLE_NAMES[role]]
    keys = {field_key(str(c)): str(c) for c in reversed(list(columns))}
    return next((keys[k] for k in known if k in keys), None)


def no_text_column(names: Sequence[str]) -> str:
    """Why a record or table with these fields has no text, naming them and what to do."""
    return (f"no text field (the fields are: {', '.join(map(str, names)) or 'none'}); a text "
            "field is recognised by its name (text, body, content, article, متن, محتوا, ...): "
            "pass text='field' (or a list of fields) to load_corpus, or --text on the command line")


@functools.lru_cache(maxsize=256)
def field_roles(names: tuple[str, ...], fields: Fields
                ) -> tuple[list[str], str | None, str | None] | str:
    """Which of ``names`` hold the text (in :data:`DEFAULT_TEXT_FIELDS` order), the title and the
    date, or the reason (a str) why no text can be found. Given ``fields`` win over names."""
    role = {name: _ROLE_OF.get(field_key(name)) for name in names}
    title_field = fields.title or next((n for n in names if role[n] == "title"), None)
    if title_field is not None and title_field not in names:
        return f"no title field {title_field!r} (fields: {', '.join(names)})"
    date_field = fields.date or next((n for n in names if field_key(n) in _DATE_KEYS), None)
    if date_field is not None and date_field not in names:
        return f"no date field {date_field!r} (fields: {', '.join(names)})"
    if fields.text is not None:
        absent = [f for f in fields.text if f not in names]
        if absent:
            return (f"no field {absent[0]!r} (fields: {', '.join(names)}); pass text=[...] with "
                    "existing field names")
        return list(fields.text), title_field, date_field
    rank = {r: i for i, r in enumerate(DEFAULT_TEXT_FIELDS)}
    text_fields = sorted((n for n in names if role[n] is not None), key=lambda n: rank[role[n]])
    if not [f for f in text_fields if f != title_field]:
        fallback = next((n for n in names if field_key(n) in _FALLBACK), None)
        if fallback is None:
            return no_text_column(names)
        text_fields = [f for f in text_fields if f == title_field] + [fallback]
    return text_fields, title_field, date_field


# -- plain text -----------------------------------------------------------------------------------
def _check_lines(text: str, path: Path) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise CorpusError(
                f"{path}: line {number} holds {len(line):,} characters without a line break "
                f"(more than {MAX_LINE_CHARS:,}); this is not a text file of articles. If it is "
                "JSON, pass format='json'; otherwise split it into lines")


def read_article(path: Path, fields: Fields, encoding: str | None) -> Result:
    """The whole file is one document; its first non-empty line is the title."""
    text, enc = read_text(path, encoding)
    _check_lines(text, path)
    body = text.strip()
    if not body:
        raise empty_file(path, text)
    table = _tab_separated(body)
    if table:
        raise CorpusError(f"{path}: a tab-separated table, not an article ({table}; an Excel "
                          "'Unicode Text' export?); pass format='tsv' or rename it to .tsv")
    title = body.split("\n", 1)[0].strip()
    return [Record(title, body, {}, "")], enc


def _tab_separated(text: str) -> str:
    """A description of the table when every one of the first lines (at least two) holds the
    same number (1+) of tabs, as a spreadsheet saved as text does; else an empty string."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    tabs = {line.count("\t") for line in lines}
    if len(lines) < 2 or len(tabs) != 1 or 0 in tabs:
        return ""
    columns = lines[0].split("\t")
    shown = ", ".join(c.strip() for c in columns[:8]) + (", ..." if len(columns) > 8 else "")
    return f"{len(columns)} columns on every line, the first: {shown}"


def read_lines(path: Path, fields: Fields, encoding: str | None) -> Result:
    """One document per non-empty line (``where`` is the 1-based line number)."""
    text, enc = read_text(path, encoding)
    _check_lines(text, path)
    records: list[Record | Skip] = [Record("", line.strip(), {}, f"line {n}")
                                    for n, line in enumerate(text.splitlines(), start=1)
                                    if line.strip()]
    return records, enc


GANJOOR_MARK = "number of beyts:"


def read_ganjoor(path: Path, fields: Fields, encoding: str | None) -> Result:
    """A Ganjoor poet file as one document: title = poet (file name), ``beyts`` metadata."""
    text, enc = read_text(path, encoding)
    _check_lines(text, path)
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines[:3]) if line.startswith(GANJOOR_MARK)), None)
    if header is None:
        raise CorpusError(f"{path}: no '{GANJOOR_MARK}' line at the top; this is not a Ganjoor "
                          "poet file (use format='article' or 'lines')")
    poet = Path(lines[0].strip() if header else path.name).stem
    beyts = lines[header].split(":", 1)[1].strip()
    body = "\n".join(line.strip() for line in lines[header + 1:] if line.strip())
    meta = {"poet": poet, "beyts": int(beyts) if beyts.isdigit() else beyts}
    return [Record(poet, body, meta, "")], enc


# -- record formats -------------------------------------------------------------------------------
def _records_from_objects(items: Sequence[Any], fields: Fields, unit: str) -> list[Record | Skip]:
    out: list[Record | Skip] = []
    for n, item in enumerate(items, start=1):
        where = f"{unit} {n}"
        if isinstance(item, Mapping):
            out.append(from_mapping(item, fields, where))
        elif isinstance(item, str):
            problem = surrogate_problem(item)
            out.append(Skip(where, problem) if problem else Record("", item.strip(), {}, where))
        else:
            out.append(Skip(where, f"a JSON {type(item).__name__}, not an object or a string"))
    return out


def _json_error(path: Path, exc: json.JSONDecodeError, line_offset: int = 0) -> CorpusError:
    return CorpusError(f"{path}: invalid JSON at line {exc.lineno + line_offset}, column "
                       f"{exc.colno}: {exc.msg}; fix the file (an unfinished download?)")


#: the message for JSON nested deeper than Python's recursion limit allows
TOO_DEEP = ("nested too deeply to read (thousands of [ or { inside each other); this is not a "
            "corpus of documents: fix or remove it")


def read_json(path: Path, fields: Fields, encoding: str | None) -> Result:
    """A JSON array of objects (or of strings), an object holding one such array, or JSON Lines."""
    text, enc = read_text(path, encoding)
    try:
        data = json.loads(text)
    except RecursionError:
        raise CorpusError(f"{path}: {TOO_DEEP}") from None
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            return read_jsonl_text(text, path, fields), enc
        raise _json_error(path, exc) from None
    if isinstance(data, Mapping):
        lists = [v for v in data.values() if isinstance(v, list) and v
                 and all(isinstance(x, Mapping) for x in v)]
        items = lists[0] if len(lists) == 1 else [data]
    elif isinstance(data, list):
        items = data
    else:
        raise CorpusError(f"{path}: the JSON holds a {type(data).__name__}, not a list of "
                          "articles; expected an array of objects")
    return _records_from_objects(items, fields, "record"), enc


def read_jsonl_text(text: str, path: Path, fields: Fields) -> list[Record | Skip]:
    """JSON Lines: one object per line; a broken line becomes a :class:`Skip` naming it."""
    return jsonl_records(enumerate(text.splitlines(), start=1), fields)


def jsonl_records(lines: Iterable[tuple[int, str]], fields: Fields) -> list[Record | Skip]:
    """The records of numbered JSON Lines lines (blank ones passed over), ``where`` ``"line N"``;
    a broken or too deeply nested line becomes a :class:`Skip` naming it. The one line parser of
    :func:`read_jsonl` and the chunked reader (``toolkit.corpus.iter_corpus``)."""
    out: list[Record | Skip] = []
    for n, line in lines:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(Skip(f"line {n}", f"invalid JSON at column {exc.colno}: {exc.msg}"))
            continue
        except RecursionError:
            out.append(Skip(f"line {n}", TOO_DEEP))
            continue
        out.extend(_records_from_objects([item], fields, "line"))
        out[-1].where = f"line {n}"
    return out


def read_jsonl(path: Path, fields: Fields, encoding: str | None) -> Result:
    """JSON Lines file (see :func:`read_jsonl_text`)."""
    text, enc = read_text(path, encoding)
    return read_jsonl_text(text, path, fields), enc


def records_from_frame(frame: pd.DataFrame, fields: Fields, start: int = 0
                       ) -> list[Record | Skip]:
    """Records from the rows of a DataFrame (``where`` is ``"row N"``, 1-based, counted from
    ``start`` rows before ``frame``: a block of a larger table keeps the table's numbers)."""
    return [from_mapping(row, fields, f"row {n}")
            for n, row in enumerate(frame.to_dict(orient="records"), start=start + 1)]


def empty_file(path: Path, text: str) -> CorpusError:
    """The error for a file holding nothing (0 bytes, or only spaces and line breaks)."""
    what = "empty (0 bytes)" if not text else "empty (only spaces and line breaks)"
    return CorpusError(f"{path}: the file is {what}; there is nothing to load")


def check_table(path: Path | None, frame: pd.DataFrame, fields: Fields) -> None:
    """A table (CSV, TSV, Parquet, DataFrame) with a header but no rows, or whose columns hold no
    text, is one :class:`CorpusError` naming the columns (not one skipped entry per row)."""
    where = f"{path}: " if path is not None else "the DataFrame: "
    names = tuple(map(str, frame.columns))
    if not len(frame):
        raise CorpusError(f"{where}a header row ({', '.join(names) or 'no columns'}) and no data "
                          "rows; there is nothing to load")
    roles = field_roles(names, fields)
    if isinstance(roles, str):
        raise CorpusError(f"{where}{roles}")


def _read_delimited(path: Path, fields: Fields, encoding: str | None, sep: str) -> Result:
    text, enc = read_text(path, encoding)
    if not text.strip():
        raise empty_file(path, text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(f"{path}: cannot parse as {'TSV' if sep == chr(9) else 'CSV'} ({exc}); "
                          "check the delimiter and quoting, or pass format='...'") from None
    check_table(path, frame, fields)
    return records_from_frame(frame, fields), enc


def read_csv(path: Path, fields: Fields, encoding: str | None) -> Result:
    """Comma-separated file with a header row."""
    return _read_delimited(path, fields, encoding, ",")


def read_tsv(path: Path, fields: Fields, encoding: str | None) -> Result:
    """Tab-separated file with a header row."""
    return _read_delimited(path, fields, encoding, "\t")


def read_parquet(path: Path, fields: Fields, encoding: str | None) -> Result:
    """Parquet file (text columns are UTF-8 by definition)."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise CorpusError(f"{path}: cannot read as Parquet ({exc}); is the file complete?") from None
    check_table(path, frame, fields)
    return records_from_frame(frame, fields), "parquet"


# -- classic corpora through hazm's readers --------------------------------------------------------
def _file_encoding(path: Path) -> str:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    if not files:
        raise CorpusError(f"{path}: empty folder; the corpus files are missing")
    return "+".join(sorted({read_text(p)[1] for p in files}))


def _hazm_mappings(items: Iterator[Mapping[str, Any]], fields: Fields) -> list[Record | Skip]:
    return _records_from_objects(list(items), fields, "record")


def _hazm_docs(reader: str, what: str) -> Callable[[Path, Fields, str | None], Result]:
    """The reader of a corpus whose hazm reader gives dicts (``hazm.<reader>(path).docs()``):
    the one implementation behind :func:`read_hamshahri`, :func:`read_persica` and
    :func:`read_tnews`; the dicts' fields are chosen like a JSON object's."""

    def read(path: Path, fields: Fields, encoding: str | None) -> Result:
        import hazm

        docs = getattr(hazm, reader)(str(path)).docs()
        return _hazm_mappings(docs, fields), _file_encoding(path)

    read.__doc__ = f"{what} (``hazm.{reader}``)."
    return read


read_hamshahri = _hazm_docs("HamshahriReader", "Hamshahri-2 XML folder; date from the DATE "
                            "field or the id")
read_persica = _hazm_docs("PersicaReader", "Persica CSV")
read_tnews = _hazm_docs("TNewsReader", "TNews XML folder")


_MIRAS_FIELDS = ("description", "keywords", "title", "website", "url")


def read_mirastext(path: Path, fields: Fields, encoding: str | None) -> Result:
    """MirasText (``hazm.MirasTextReader``; one document per line). hazm returns the content
    only; the line's other ``***``-separated fields (description, keywords, title, website,
    url) are added from the same line."""
    import hazm

    text, enc = read_text(path, encoding)
    lines = [line for line in text.splitlines() if line.strip()]
    docs = list(hazm.MirasTextReader(str(path)).docs())
    if len(docs) != len(lines):
        raise CorpusError(f"{path}: hazm read {len(docs)} documents from {len(lines)} lines; "
                          "is this a MirasText file (fields separated by ***)?")
    rows = [{**dict(zip(_MIRAS_FIELDS, (p.strip() for p in line.split("***")[1:]), strict=False)),
             **doc} for line, doc in zip(lines, docs, strict=True)]
    # the content already starts with the title: the text is the content alone by default
    chosen = replace(fields, text=fields.text or ("text",))
    return _hazm_mappings(iter(rows), chosen), enc


_SUBSETS = ("train", "dev", "test")
_PN_BREAK = re.compile(r"\s*\[n\]\s*")


def read_pn_summary(path: Path, fields: Fields, encoding: str | None) -> Result:
    """pn-summary folder (``hazm.PnSummaryReader``, subsets train, dev and test); the corpus
    writes paragraph breaks as ``[n]``, which become line breaks."""
    import hazm

    names = ("id", "title", "article", "summary", "category", "categories", "network", "link")
    folder = path if path.is_dir() else path.parent
    rows = [dict(zip(names, row, strict=True)) for subset in _SUBSETS
            for row in hazm.PnSummaryReader(str(folder), subset).docs()]
    for row in rows:
        row["article"] = _PN_BREAK.sub("\n", row["article"])
    text_fields = fields.text or ("title", "article")
    chosen = replace(fields, text=text_fields)
    return _hazm_mappings(iter(rows), chosen), _file_encoding(path)


def read_naab(path: Path, fields: Fields, encoding: str | None) -> Result:
    """Naab folder (``hazm.NaabReader``): one document per line (a paragraph)."""
    import hazm

    folder = path if path.is_dir() else path.parent
    lines = [line for subset in _SUBSETS for line in hazm.NaabReader(str(folder), subset).sents()]
    records: list[Record | Skip] = [Record("", line, {}, f"line {n}")
                                    for n, line in enumerate(lines, start=1) if line]
    return records, _file_encoding(path)


def _tagged_text(sentences: Iterator[list[tuple[str, str]]]) -> str:
    return "\n".join(" ".join(word for word, _tag in sentence) for sentence in sentences)


def read_peykare(path: Path, fields: Fields, encoding: str | None) -> Result:
    """Peykare (Bijankhan-2) folder, cp1256 (``hazm.PeykareReader``): one document per file."""
    import hazm

    reader = hazm.PeykareReader(str(path), joined_verb_parts=False)
    records: list[Record | Skip] = [Record("", _tagged_text(reader.doc_to_sents(doc)), {},
                                           f"document {n}")
                                    for n, doc in enumerate(reader.docs(), start=1)]
    return records, _file_encoding(path)


def read_bijankhan(path: Path, fields: Fields, encoding: str | None) -> Result:
    """Bijankhan tagged file (``hazm.BijankhanReader``): the whole file is one document."""
    import hazm

    reader = hazm.BijankhanReader(str(path), joined_verb_parts=False)
    return [Record("", _tagged_text(reader.sents()), {}, "")], _file_encoding(path)


_WIKI_MARKUP = (
    (re.compile(r"\{\{[^{}]*\}\}"), ""),                 # templates
    (re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]]*)\]\]"), r"\1"),  # [[target|label]] -> label
    (re.compile(r"\[https?://\S+ ([^\]]*)\]"), r"\1"),      # [url label] -> label
    (re.compile(r"'{2,}"), ""),                             # bold / italic quotes
    (re.compile(r"<ref[^>]*?/>|<ref[^>]*>.*?</ref>", re.S), ""),
    (re.compile(r"^=+\s*(.*?)\s*=+$", re.M), r"\1"),       # == heading ==
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_wikipedia(path: Path, fields: Fields, encoding: str | None) -> Result:
    """A MediaWiki XML export (``.xml`` or ``.xml.bz2``): one document per page, the revision
    text with the common wiki markup removed (templates, link brackets, bold/italic quotes,
    references, heading marks). hazm's ``WikipediaReader`` fails on Python 3.11+ (a regex with
    misplaced global flags in its bundled extractor), hence this reader."""
    import bz2
    import xml.etree.ElementTree as ET

    opener = bz2.open if path.suffix == ".bz2" else open
    records: list[Record | Skip] = []
    try:
        with opener(path, "rb") as handle:
            for _event, elem in ET.iterparse(handle):
                if _local(elem.tag) != "page":
                    continue
                values = {_local(child.tag): child for child in elem}  # direct children only
                title = values["title"].text or "" if "title" in values else ""
                revision = {_local(c.tag): c for c in values.get("revision", [])}
                text = revision["text"].text or "" if "text" in revision else ""
                for pattern, repl in _WIKI_MARKUP:
                    text = pattern.sub(repl, text)
                page_id = values["id"].text if "id" in values else None
                records.append(Record(title, f"{title}\n\n{text.strip()}".strip(),
                                      {"page_id": page_id}, f"page {len(records) + 1}"))
                elem.clear()
    except (ET.ParseError, OSError, EOFError) as exc:
        raise CorpusError(f"{path}: not a readable MediaWiki XML export ({exc}); is the "
                          "download complete?") from None
    return records, "utf-8"


#: the field options of load_corpus (text=, title=, metadata=, date=)
FIELD_OPTIONS = ("text", "title", "metadata", "date")


@dataclass(frozen=True)
class Format:
    """One input format: its reader, the file name endings that select it when no ``format=`` is
    given, the field options it can use, and for a classic corpus handed to hazm as it is what it
    expects and whether it is a ``"file"``, a ``"folder"`` or ``"either"``."""

    reader: Callable[[Path, Fields, str | None], Result]
    suffixes: tuple[str, ...] = ()
    options: tuple[str, ...] = FIELD_OPTIONS
    expects: str | None = None
    source: str | None = None


#: The one format registry; every other table (READERS, CORPUS_FORMATS, the file endings
#: folders are read for, the endings detect_format knows) is derived from it.
FORMATS: dict[str, Format] = {
    "article": Format(read_article, (".txt",), options=()),
    "json": Format(read_json, (".json",)),
    "jsonl": Format(read_jsonl, (".jsonl", ".ndjson")),
    "csv": Format(read_csv, (".csv",)),
    "tsv": Format(read_tsv, (".tsv",)),
    "parquet": Format(read_parquet, (".parquet",)),
    "lines": Format(read_lines, options=()),
    "ganjoor": Format(read_ganjoor, options=()),
    "hamshahri": Format(read_hamshahri, expects="a Hamshahri-2 folder of XML files",
                        source="folder"),
    "persica": Format(read_persica, expects="the Persica CSV file", source="file"),
    "mirastext": Format(read_mirastext, expects="a MirasText file (one document per line, "
                        "fields separated by ***)", source="file"),
    "pn-summary": Format(read_pn_summary, expects="a pn-summary folder holding train.csv, "
                         "dev.csv and test.csv", source="either"),
    "tnews": Format(read_tnews, expects="a TNews folder of XML files", source="folder"),
    "naab": Format(read_naab, options=(), expects="a Naab folder holding train.txt and test.txt",
                   source="either"),
    "peykare": Format(read_peykare, options=(), expects="a Peykare (Bijankhan-2) folder of "
                      "tagged cp1256 files", source="folder"),
    "bijankhan": Format(read_bijankhan, options=(), expects="the Bijankhan tagged file (one "
                        "'word tag' pair per line)", source="file"),
    "wikipedia": Format(read_wikipedia, options=(), expects="a MediaWiki XML export (.xml or "
                        ".xml.bz2)", source="file"),
}
READERS: dict[str, Callable[[Path, Fields, str | None], Result]] = {
    name: f.reader for name, f in FORMATS.items()}
#: other names users try first for a format of :data:`READERS`
FORMAT_ALIASES = {"txt": "article", "text": "article"}
#: formats whose source is a corpus folder (or file) handed to hazm as it is, not walked, and
#: what each expects
CORPUS_FORMATS = {name: f.expects for name, f in FORMATS.items() if f.expects is not None}
_FILE_CORPORA = tuple(name for name, f in FORMATS.items() if f.source == "file")
_FOLDER_CORPORA = tuple(name for name, f in FORMATS.items() if f.source == "folder")
#: the file name endings a folder is read for, and the format each selects
_BY_SUFFIX = {suffix: name for name, f in FORMATS.items() for suffix in f.suffixes}
DATA_SUFFIXES = tuple(_BY_SUFFIX)


def check_options(format: str | None, fields: Fields) -> None:
    """ValueError when ``format`` cannot use a field option that was given (``naab`` has no
    title field, ...), naming the options it can use."""
    if format is None:
        return
    given = [name for name in FIELD_OPTIONS if getattr(fields, name) is not None]
    refused = [name for name in given if name not in FORMATS[format].options]
    if refused:
        usable = ", ".join(f"{o}=" for o in FORMATS[format].options) or "none of them"
        raise ValueError(f"format={format!r} cannot use {', '.join(f'{o}=' for o in refused)} "
                         f"(its documents have no such fields; it can use: {usable}); leave "
                         f"{'it' if len(refused) == 1 else 'them'} out")


def read_classic(path: Path, format: str, fields: Fields, encoding: str | None) -> Result:
    """Read a classic corpus (one of :data:`CORPUS_FORMATS`); any failure of hazm's reader, or no
    document at all, is a :class:`CorpusError` naming the path and the input expected."""
    expected = f"format={format!r} expects {CORPUS_FORMATS[format]}"
    if path.is_dir() and format in _FILE_CORPORA:
        raise CorpusError(f"{path}: a folder; {expected}")
    if not path.is_dir() and format in _FOLDER_CORPORA:
        raise CorpusError(f"{path}: a file, not a folder; {expected}")
    try:
        records, enc = READERS[format](path, fields, encoding)
    except CorpusError as exc:
        raise CorpusError(f"{exc} ({expected})") from None
    except Exception as exc:  # hazm's readers fail with any type on the wrong input
        raise CorpusError(f"{path}: cannot read it as {format} ({type(exc).__name__}: {exc}); "
                          f"{expected}") from None
    if not records:
        raise CorpusError(f"{path}: no document found; {expected}")
    return records, enc
def detect_format(path: Path) -> str:
    """The format of a file from its name ending; a ``.txt`` with a Ganjoor header is ganjoor."""
    fmt = _BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(f"{path}: unknown file type {path.suffix!r}; pass format= one of "
                          f"{sorted(READERS)}")
    if fmt == "article":
        try:
            with path.open("rb") as handle:
                head = handle.read(256)
        except OSError as exc:
            raise unreadable(path, exc) from None
        if GANJOOR_MARK.encode() in head:
            return "ganjoor"
    return fmt
