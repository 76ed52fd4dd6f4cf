"""A Parquet cache of prepared tokens, keyed by a hash of the texts and the preparation options.

One file per key, ``<dir>/tokens-<sha256>.parquet``, with one row and four list columns
(``ids`` int32, ``vocab`` string, ``doc_offsets`` and ``sent_offsets`` int64). The directory is
``$TOOLKIT_CACHE_DIR`` when set, else ``~/.cache/persian-toolkit``. A file that cannot be read or
whose arrays are inconsistent is ignored (and rebuilt by the caller), never trusted. Never pickle.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import itertools
import json
import os
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .tokens import Tokens

#: bump when the preparation changes in a way the options do not capture
FORMAT_VERSION = 1


def cache_dir() -> Path:
    """The cache folder: ``$TOOLKIT_CACHE_DIR`` or ``~/.cache/persian-toolkit``."""
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "persian-toolkit"


# hazm does not define __version__ (0.10 and 0.12 alike), hence importlib.metadata above.
#: the modules that turn text into tokens (``parallel.py`` encodes them: ``encode_lines``)
PREPARATION_MODULES = ("normalization.py", "spacing.py", "folding.py", "stemming.py", "preparation.py",
                       "parallel.py", "tokens.py", "cache.py")


def cache_key(texts: Sequence[str | bytes | memoryview], options: dict[str, Any]) -> str:
    """SHA-256 hex digest of the texts (in order), the options and the hazm/cache versions.

    A text may be given as str or as its UTF-8 bytes (the same key)."""
    digest = hashlib.sha256()
    header = {"options": options, "hazm": importlib.metadata.version("hazm"),
              "code": _code_fingerprint(), "format": FORMAT_VERSION}
    digest.update(json.dumps(header, sort_keys=True, ensure_ascii=False).encode())
    for text in texts:
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def arrow_texts(column: Any) -> list[memoryview] | None:
    """The UTF-8 bytes of each text of a pandas string column stored in Arrow (pandas 3's
    default), read from Arrow's buffers without making Python strings (a missing text gives
    empty bytes, as ``document_texts`` gives ``""``); None for any other column, Python-backed
    strings included (then the caller encodes the texts itself and names a lone surrogate).
    :func:`cache_key` of these equals that of the texts."""
    to_arrow = getattr(getattr(column, "array", None), "__arrow_array__", None)
    # pandas' Python-backed strings (dtype "string[python]", pandas 2's "string") convert to
    # Arrow too, but by copying every text, and a lone surrogate fails there (UnicodeEncodeError)
    if to_arrow is None or getattr(column.dtype, "storage", None) == "python":
        return None
    import pyarrow as pa

    chunked = to_arrow()
    if not isinstance(chunked, pa.ChunkedArray):
        chunked = pa.chunked_array([chunked])
    if not (pa.types.is_string(chunked.type) or pa.types.is_large_string(chunked.type)):
        return None
    width = np.int64 if pa.types.is_large_string(chunked.type) else np.int32
    out: list[memoryview] = []
    for chunk in chunked.chunks:
        _, offsets, data = chunk.buffers()
        ends = np.frombuffer(offsets, dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
        bounds = ends.tolist()
        view = memoryview(data) if data is not None else memoryview(b"")
        missing = (chunk.is_null().to_numpy(zero_copy_only=False).tolist() if chunk.null_count
                   else None)
        out += [view[0:0] if missing is not None and missing[i] else view[start:end]
                for i, (start, end) in enumerate(itertools.pairwise(bounds))]
    return out


@functools.cache
def _code_fingerprint() -> str:
    """Hash of the modules that turn text into tokens: editing them invalidates the cache."""
    digest = hashlib.sha256()
    for name in PREPARATION_MODULES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def _path(key: str) -> Path:
    return cache_dir() / f"tokens-{key}.parquet"


def load(key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """``(ids, vocab, doc_offsets, sent_offsets)`` stored under ``key``, or None when absent or bad."""
    import pyarrow.parquet as pq

    path = _path(key)
    if not path.is_file():
        return None
    try:
        # ParquetFile.read, not read_table: the latter imports pyarrow.dataset (~10 ms a process)
        with _system_memory_pool():
            table = pq.ParquetFile(path).read()
        row = {name: table.column(name)[0].values.to_numpy(zero_copy_only=False)
               for name in ("ids", "vocab", "doc_offsets", "sent_offsets")}
        ids = row["ids"].astype(np.int32)
        vocab = row["vocab"].astype(object)
        doc_offsets = row["doc_offsets"].astype(np.int64)
        sent_offsets = row["sent_offsets"].astype(np.int64)
        _check(ids, vocab, doc_offsets, sent_offsets)
    except Exception as exc:  # any unreadable or inconsistent file is rebuilt, never trusted
        warnings.warn(f"ignoring the token cache file {path} ({exc}); it will be rebuilt",
                      stacklevel=3)
        return None
    return ids, vocab, doc_offsets, sent_offsets


#: one reader at a time switches Arrow's default pool (threads reading the cache at once would
#: otherwise put back each other's switched pool)
_POOL_SWITCH = threading.Lock()


@contextlib.contextmanager
def _system_memory_pool() -> Iterator[None]:
    """Within the block, Arrow allocates from the C library's allocator instead of its default
    pool: the default, mimalloc, made the warm ``tokenize`` of fars-news take 44-56 ms instead of
    21-24 ms on pyarrow 26 (Python 3.12) and 32-74 ms instead of 24-28 ms on pyarrow 21 (3.11),
    in most fresh interpreters. Arrays keep the pool they were allocated from, so switching back
    is safe."""
    import pyarrow as pa

    with _POOL_SWITCH:
        previous = pa.default_memory_pool()
        pa.set_memory_pool(pa.system_memory_pool())
        try:
            yield
        finally:
            pa.set_memory_pool(previous)


def _check(ids: np.ndarray, vocab: np.ndarray, doc_offsets: np.ndarray,
           sent_offsets: np.ndarray) -> None:
    n = len(ids)
    for name, offsets in (("doc_offsets", doc_offsets), ("sent_offsets", sent_offsets)):
        if len(offsets) == 0 or offsets[0] != 0 or offsets[-1] != n or np.any(np.diff(offsets) < 0):
            raise ValueError(f"{name} are not a valid split of {n} tokens")
    if n and (ids.min() < 0 or ids.max() >= len(vocab)):
        raise ValueError("token ids point outside the vocabulary")


def save(key: str, tokens: Tokens) -> Path | None:
    """Store ``tokens``' arrays under ``key`` (atomically); returns the path, or None when the
    cache folder is not writable (a warning says so; preparation still succeeds)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = _path(key)
    table = pa.table({
        "ids": pa.array([tokens.ids], type=pa.list_(pa.int32())),
        "vocab": pa.array([tokens.vocab.tolist()], type=pa.list_(pa.string())),
        "doc_offsets": pa.array([tokens.doc_offsets], type=pa.list_(pa.int64())),
        "sent_offsets": pa.array([tokens.sent_offsets], type=pa.list_(pa.int64())),
    })
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        warnings.warn(f"cannot write the token cache {path} ({exc}); set TOOLKIT_CACHE_DIR to a "
                      "writable folder or pass cache=False", stacklevel=3)
        tmp.unlink(missing_ok=True)
        return None
    return path
