"""Where corpus bytes come from: expanding a source into files, and decoding each file's bytes.

Encodings are found per file, in this order (the name found is recorded in ``Corpus.docs.source``):

1. a byte-order mark: UTF-8 with BOM (``utf-8-sig``), UTF-16 LE/BE (``utf-16``);
2. strict UTF-8;
3. Windows-1256 (``cp1256``), but only when UTF-8 fails at the file's *first* non-ASCII byte and
   at least 80% of the cp1256 reading's non-ASCII characters are Arabic-script letters or ZWNJ. A file that is valid UTF-8 up to some point
   and then breaks (a truncated download, a cut multi-byte letter) is an error naming the byte
   offset, never silently re-read as cp1256.
"""

from __future__ import annotations

import codecs
import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

#: file name endings the folder walk picks up (documentation such as README.md is not a corpus)
DATA_SUFFIXES = (".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet")

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


class CorpusError(ValueError):
    """A corpus source could not be read; the message names the file (and position) and the fix."""


def expand_source(source: str | Path | Iterable[str | Path]) -> list[Path]:
    """The data files a source stands for: a file, a folder (walked recursively), a glob, or a list.

    Folders yield the files ending in :data:`DATA_SUFFIXES`, sorted by path. Raises
    :class:`CorpusError` for a path that does not exist or a glob that matches nothing.
    """
    if isinstance(source, str | Path):
        sources: list[str | Path] = [source]
    else:
        sources = list(source)
    files: list[Path] = []
    for item in sources:
        path = Path(item).expanduser()
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.name.lower().endswith(DATA_SUFFIXES)))
        elif path.is_file():
            files.append(path)
        elif glob.has_magic(str(item)):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            if not matches:
                raise CorpusError(f"the pattern {item!s} matches no file; check the folder and the "
                                  "file name pattern")
            files.extend(expand_source(matches))
        else:
            raise CorpusError(f"{path} does not exist; check the path (relative paths start at "
                              f"{Path.cwd()})")
    return files


def decode_chunks(chunks: Iterable[bytes], encoding: str = "utf-8", *, name: str = "<bytes>") -> str:
    """Decode a byte stream read in pieces, with an incremental decoder.

    A multi-byte letter cut by a chunk boundary is completed by the next chunk (case B27), so the
    chunk size never matters. Raises :class:`CorpusError` naming ``name`` and the absolute byte
    offset of the first undecodable byte.
    """
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    parts: list[str] = []
    offset = 0
    try:
        for chunk in chunks:
            parts.append(decoder.decode(chunk))
            offset += len(chunk)
        parts.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        # exc.start counts from the bytes still buffered before the failing chunk
        position = offset - len(decoder.getstate()[0]) + exc.start
        raise CorpusError(_decode_message(name, encoding, position, exc.reason)) from None
    return "".join(parts)


def _decode_message(name: str, encoding: str, position: int, reason: str) -> str:
    return (f"{name}: cannot decode byte offset {position} as {encoding} ({reason}); the file is "
            "truncated or in another encoding: re-save it as UTF-8, pass encoding='...' to "
            "load_corpus, or errors='skip' to list it in corpus.skipped")


def _iter_chunks(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


def _looks_arabic_script(text: str) -> bool:
    """Most non-ASCII characters are Arabic-script letters (ASCII markup or tags may dominate)."""
    wide = [c for c in text if ord(c) >= 0x80]
    arabic = sum("\u0600" <= c <= "\u06ff" or c == "\u200c" for c in wide)
    return bool(wide) and arabic / len(wide) >= 0.8


def decode_bytes(data: bytes, name: str, encoding: str | None = None,
                 chunk_size: int = 1 << 20) -> tuple[str, str]:
    """Decode one file's bytes; returns ``(text, encoding)``.

    ``encoding=None`` detects it (see the module docstring). A NUL byte in a non-UTF-16 file is an
    error naming its offset (a binary file, or UTF-16 saved without a BOM). Raises
    :class:`CorpusError` with the file name, byte offset and what to do.
    """
    if encoding is None:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                encoding = codec
                break
    if encoding is not None:
        text = decode_chunks(_iter_chunks(data, chunk_size), encoding, name=name)
        return text, encoding
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError(f"{name}: NUL byte at byte offset {nul}; this is a binary file or UTF-16 "
                          "without a byte-order mark: re-save it as UTF-8, or pass errors='skip'")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_non_ascii = next((i for i, b in enumerate(data) if b >= 0x80), -1)
        if exc.start == first_non_ascii:
            text = data.decode("cp1256", errors="replace")
            if _looks_arabic_script(text) and "\ufffd" not in text:
                return text, "cp1256"
        raise CorpusError(_decode_message(name, "utf-8", exc.start, exc.reason)) from None


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a file (see :func:`decode_bytes`); returns ``(text, encoding)``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror}); check its "
                          "permissions") from None
    return decode_bytes(data, str(path), encoding)
