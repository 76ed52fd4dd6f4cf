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
import errno
import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

#: file name endings the folder walk picks up (documentation such as README.md is not a corpus)

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


class CorpusError(ValueError):
    """A corpus source could not be read; the message names the file (and position) and the fix."""


class PassedOver(NamedTuple):
    """A path found but not read: ``error`` is true when it is unreadable (a failure that
    ``errors="raise"`` stops at), false when it is simply not corpus data (``README.md``)."""

    source: str
    reason: str
    error: bool


def _refused(exc: OSError) -> str:
    return (f"cannot read it ({exc.strerror or exc}); check that it exists and that you may read "
            "it (permissions, a mounted drive)")


def unreadable(path: Path | str, exc: OSError) -> CorpusError:
    """The error for a file or folder the operating system refuses to read."""
    return CorpusError(f"{path}: {_refused(exc)}")


def _check_item(item: Any) -> Path:
    if not isinstance(item, str | os.PathLike):
        raise TypeError(f"load_corpus needs a file, a folder, a glob (str or Path), a list of "
                        f"these or a DataFrame; got {type(item).__name__} {item!r}")
    if not str(item).strip():
        raise CorpusError("an empty path; pass a file, a folder or a glob ('.' for the current "
                          "folder)")
    return Path(item).expanduser()


def _link_problem(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop (the link points back to itself); remove or fix it"
        return (f"a broken symbolic link (its target {os.readlink(path)} does not exist); remove "
                "or fix it")
    return ""


def _classify(path: Path, suffixes: tuple[str, ...]) -> PassedOver | None:
    """Why a path found in a folder is not read (None: it is a data file)."""
    if path.is_symlink():
        problem = _link_problem(path)
        if problem:
            return PassedOver(str(path), problem, True)
    if not path.is_file():
        return PassedOver(str(path), "not a regular file (a pipe, socket or device)", False)
    if not path.name.lower().endswith(suffixes):
        ending = f"({path.suffix})" if path.suffix else "(no file name ending)"
        return PassedOver(str(path), f"not a text/data file {ending}; folders are read for "
                                     f"{', '.join(suffixes)} (pass the file itself with "
                                     "format=... to read it)", False)
    return None


def _walk(folder: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[PassedOver]]:
    """The data files under ``folder`` (sorted) and every other path found there, with why."""
    files: list[Path] = []
    passed: list[PassedOver] = []

    def failed(exc: OSError) -> None:
        passed.append(PassedOver(str(exc.filename), _refused(exc), True))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=failed):
        # Hidden folders (.git, .ipynb_checkpoints copies of the articles) are not the corpus.
        hidden = sorted(name for name in dirnames if name.startswith("."))
        passed.extend(PassedOver(str(Path(dirpath, name)), "a hidden folder, not read; pass it "
                                 "itself to read it", False) for name in hidden)
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in dirnames:
            if Path(dirpath, name).is_symlink():
                passed.append(PassedOver(str(Path(dirpath, name)), "a symbolic link to a folder, "
                                         "not followed; pass the folder itself to read it", False))
        for name in filenames:
            path = Path(dirpath, name)
            why = _classify(path, suffixes)
            if why is None:
                files.append(path)
            else:
                passed.append(why)
    return sorted(files), sorted(passed)


def find_files(source: str | Path | Iterable[str | Path], suffixes: tuple[str, ...]
               ) -> tuple[list[Path], list[PassedOver]]:
    """The data files a source stands for, and every other path found, with the reason.

    ``source`` is a file, a folder (walked recursively, symbolic links to folders not followed), a
    glob, or a list of these. Folders yield the files ending in ``suffixes`` (those of the format
    registry, ``toolkit.loaders.DATA_SUFFIXES``), sorted by
    path; their other entries (``README.md``, images, broken links, unreadable subfolders) are
    returned as :class:`PassedOver`. A file reached twice is read once (the second is passed over
    as a duplicate). Raises :class:`CorpusError` for a path that does not exist, an empty path or
    a glob that matches nothing; ``TypeError`` for something that is not a path.
    """
    if isinstance(source, str | os.PathLike):
        sources: list[Any] = [source]
    elif isinstance(source, Iterable) and not isinstance(source, bytes):
        sources = list(source)
    else:
        _check_item(source)
        sources = []
    files: list[Path] = []
    passed: list[PassedOver] = []
    for item, path in [(item, _check_item(item)) for item in sources]:
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:
            raise unreadable(path, exc) from None
        if is_dir:
            found, other = _walk(path, suffixes)
            files.extend(found)
            passed.extend(other)
        elif is_file:
            files.append(path)
        elif glob.has_magic(str(item)):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            if not matches:
                raise CorpusError(f"the pattern {item!s} matches no file; check the folder and the "
                                  "file name pattern")
            found, other = find_files(matches, suffixes)
            files.extend(found)
            passed.extend(other)
        elif path.is_symlink():
            raise CorpusError(f"{path}: {_link_problem(path)}")
        else:
            raise CorpusError(f"{path} does not exist; check the path (relative paths start at "
                              f"{Path.cwd()})")
    unique: dict[str, Path] = {}
    for path in files:
        first = unique.setdefault(os.path.realpath(path), path)
        if first is not path:
            passed.append(PassedOver(str(path), f"duplicate of {first}; read once", False))
    return list(unique.values()), passed


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
            "truncated or in another encoding: re-save it as UTF-8 or pass encoding='...' to "
            "load_corpus")


def _iter_chunks(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


def _looks_arabic_script(text: str) -> bool:
    """Most non-ASCII characters are Arabic-script letters (ASCII markup or tags may dominate)."""
    wide = [c for c in text if ord(c) >= 0x80]
    arabic = sum("\u0600" <= c <= "\u06ff" or c == "\u200c" for c in wide)
    return bool(wide) and arabic / len(wide) >= 0.8


def bom_encoding(head: bytes) -> str | None:
    """The encoding a file's first bytes announce by a byte-order mark, or None."""
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


def decode_bytes(data: bytes, name: str, encoding: str | None = None,
                 chunk_size: int = 1 << 20) -> tuple[str, str]:
    """Decode one file's bytes; returns ``(text, encoding)``.

    ``encoding=None`` detects it (see the module docstring). A NUL byte in a non-UTF-16 file is an
    error naming its offset (a binary file, or UTF-16 saved without a BOM). Raises
    :class:`CorpusError` with the file name, byte offset and what to do.
    """
    if encoding is None:
        encoding = bom_encoding(data)
    if encoding is not None:
        text = decode_chunks(_iter_chunks(data, chunk_size), encoding, name=name)
        return text, encoding
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError(f"{name}: NUL byte at byte offset {nul}; this is a binary file or UTF-16 "
                          "without a byte-order mark: re-save it as UTF-8")
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
        raise unreadable(path, exc) from None
    return decode_bytes(data, str(path), encoding)
