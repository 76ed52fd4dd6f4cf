"""Writing outputs whole or not at all, and errors that name the file.

Every file the toolkit writes goes through this module:

- :func:`atomic_path` (one file): the writer writes to a hidden temporary file in the same folder
  (``.tmp-<pid>-<random>.<name>``, so the suffix and pandas' compression inference are kept);
  the file is flushed to disk (``fsync``: some file systems report a full disk only then) and
  renamed over ``path`` with :func:`os.replace`, which is atomic on POSIX and Windows. A failure
  or an interrupt removes the temporary file and leaves an existing ``path`` as it was.
- :func:`staged_output` (a set of files published together, e.g. a report): every file is written
  into a private staging folder, next to the output folder (or inside it, hidden, when the output
  folder is a mount point or its parent is not writable); only when all of them are complete are
  they renamed into the output folder, one :func:`os.replace` each, the report page last. The
  files they replace are kept as hard links until all renames succeeded, and put back when one
  fails, so the folder holds the previous set or the new one, never a mix. A process killed with
  ``SIGKILL`` cannot clean up: its staging folder (never the output folder, unless that is a mount
  point) is left behind and removed by the next run into the same folder. The one moment a kill
  can leave a mix is between two of the final renames, a window of microseconds.
- :class:`WriteError` (an ``OSError`` with the same ``errno``): the message names the file the
  user asked for (not a temporary name), the cause in plain words (the disk is full, permission
  denied, the file system is read-only, ...) and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

#: plain words and advice for the errors a user can fix; others fall back to ``strerror``
_PLAIN: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "free some space or write to another disk"),
    errno.EDQUOT: ("your disk quota is used up", "free some space or write to another disk"),
    errno.EFBIG: ("the file is larger than this system allows (a file size limit)",
                  "write to another disk or raise the limit (ulimit -f)"),
    errno.EACCES: ("permission denied", "choose a folder you may write to"),
    errno.EPERM: ("the operation is not permitted", "choose a folder you may write to"),
    errno.EROFS: ("the file system is read-only", "choose a folder on a writable disk"),
    errno.ENOENT: ("it does not exist (was it moved or deleted?)",
                   "check the path and that the drive is still mounted"),
    errno.ENOTDIR: ("it, or a folder in its path, is a file", "choose another path"),
    errno.EISDIR: ("it is a folder", "choose a file name"),
    errno.EIO: ("an input/output error (a failing or disconnected drive)",
                "check the drive and try again"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter path"),
    errno.EMFILE: ("too many files are open", "close other programs and try again"),
    errno.ESTALE: ("the network file handle went stale", "remount the drive and try again"),
}


def plain_reason(exc: OSError) -> str:
    """The cause of ``exc`` in plain words, with the system's own text and errno, e.g.
    ``"the disk is full (No space left on device, errno 28)"``."""
    words, _ = _PLAIN.get(exc.errno or -1, ("", ""))
    system = exc.strerror or str(exc)
    detail = f"{system}, errno {exc.errno}" if exc.errno else system
    return f"{words} ({detail})" if words else detail


def advice(exc: OSError) -> str:
    """What to do about ``exc`` (empty when there is no general advice)."""
    return _PLAIN.get(exc.errno or -1, ("", ""))[1]


class WriteError(OSError):
    """An output file could not be written. ``errno`` is the system's; ``filename`` the file the
    user asked for. The message names it, gives the cause in plain words, what to do and what
    happened to the files already there (``note``)."""

    def __init__(self, path: str | os.PathLike[str], cause: OSError, note: str = "") -> None:
        super().__init__(cause.errno, cause.strerror or str(cause), str(path))
        self.cause = cause
        todo = advice(cause)
        self.message = (f"cannot write {path}: {plain_reason(cause)}"
                        + (f"; {todo}" if todo else "") + (f". {note}" if note else ""))

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple:  # picklable across processes like any OSError
        return (_rebuild_write_error, (self.filename, self.errno, self.strerror, self.message))


def _rebuild_write_error(filename: str, number: int, strerror: str, message: str) -> WriteError:
    error = WriteError(filename, OSError(number, strerror))
    error.message = message
    return error


def write_error(path: str | os.PathLike[str], exc: OSError, note: str = "") -> WriteError:
    """A :class:`WriteError` for ``path`` caused by ``exc`` (itself a WriteError or not)."""
    cause = exc.cause if isinstance(exc, WriteError) else exc
    return WriteError(path, cause, note)


def _temporary(path: Path) -> Path:
    return path.with_name(f".tmp-{os.getpid()}-{secrets.token_hex(4)}.{path.name}")


def _fsync(path: Path) -> None:
    """Flush ``path``'s data to the disk (a full disk may be reported only here)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], note: str = "") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; when the block ends without an exception the
    file written there is flushed and renamed over ``path``.

    On an exception (``KeyboardInterrupt`` included) the temporary file is removed and ``path``
    is left as it was; an ``OSError`` becomes a :class:`WriteError` naming ``path`` (``note`` is
    added to its message). The block must create the file at the yielded path.
    """
    path = Path(path)
    tmp = _temporary(path)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise write_error(path, exc, note or f"{path.name} was not changed") from exc
    except BaseException:
        _remove(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_path`); returns the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


STAGING = ".toolkit-staging"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _sweep(folder: Path, prefix: str) -> None:
    """Remove staging folders ``<prefix>-<pid>-<hex>`` in ``folder`` left by dead processes."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            name = entry.name
            if not name.startswith(prefix + "-"):
                continue
            pid = name[len(prefix) + 1:].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                _remove(entry)


def _probe(folder: Path) -> None:
    """Raise the system's OSError when no file can be created in ``folder``."""
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "it is a file, not a folder", str(folder))
    probe = _temporary(folder / "probe")
    os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    probe.unlink()


#: link() errors of file systems without hard links (FAT/exFAT drives, some network shares)
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def _keep(path: Path, backup: Path) -> None:
    """A hard link ``backup`` to ``path`` (no space used); skipped where the file system has no
    hard links (a failed rename then cannot put that file back)."""
    try:
        os.link(path, backup)
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise


class Staging:
    """A set of output files written into a private folder and published into ``out`` together.

    Use :func:`staged_output`. ``writing(name)`` yields the staging path of ``name`` (a path
    relative to ``out``, sub-folders allowed); ``publish()`` renames every staged file into
    ``out``; ``discard()`` removes the staging folder.
    """

    def __init__(self, out: Path, what: str, last: str | None = None) -> None:
        self.out = out
        self.what = what
        self.last = last
        self.note = (f"Nothing was changed in {out}" + (f": the previous {what} there is untouched"
                                                         if what else ""))
        real = Path(os.path.abspath(out))
        parent = real.parent
        outside = parent / f".{real.name}{STAGING}"
        try:
            parent.mkdir(parents=True, exist_ok=True)
            # next to the output folder unless that is another file system (a mount point, a
            # link to another disk) or not writable
            inside = ((out.is_dir() and os.stat(out).st_dev != os.stat(parent).st_dev)
                      or not os.access(parent, os.W_OK))
            prefix = out / STAGING if inside else outside
            if inside:
                _sweep(out, STAGING)
            else:
                _sweep(parent, outside.name)
            self.folder = prefix.with_name(f"{prefix.name}-{os.getpid()}-{secrets.token_hex(4)}")
            if inside:
                out.mkdir(exist_ok=True)
            if out.exists():
                _probe(out)  # fail now, not after the whole computation
            self.folder.mkdir()
        except OSError as exc:
            raise write_error(out, exc, self.note) from exc

    @contextlib.contextmanager
    def writing(self, name: str) -> Iterator[Path]:
        """The staging path for ``out / name``; an ``OSError`` in the block names ``out / name``."""
        staged = self.folder / name
        try:
            staged.parent.mkdir(parents=True, exist_ok=True)
            yield staged
        except OSError as exc:
            raise write_error(self.out / name, exc, self.note) from exc

    def staged(self) -> list[str]:
        """Names (relative to ``out``, POSIX style) of the staged files, the ``last`` one last."""
        names = sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*")
                       if p.is_file() and not p.name.startswith(".tmp-"))
        if self.last in names:
            names.remove(self.last)
            names.append(self.last)
        return names

    def publish(self) -> list[Path]:
        """Rename every staged file into ``out`` (see the module docstring); returns their paths.

        Raises :class:`WriteError` naming the file when flushing or renaming fails; ``out`` then
        holds what it held before.
        """
        names = self.staged()
        backups = self.folder / ".previous"
        current = self.out
        try:
            for name in names:
                current = self.out / name
                _fsync(self.folder / name)
            self.out.mkdir(parents=True, exist_ok=True)
            for name in names:  # keep what is replaced, to put it back if a rename fails
                current = self.out / name
                if current.is_file():
                    (backups / name).parent.mkdir(parents=True, exist_ok=True)
                    _keep(current, backups / name)
        except OSError as exc:
            raise write_error(current, exc, self.note) from exc
        done: list[str] = []
        try:
            for name in names:
                current = self.out / name
                current.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.folder / name, current)
                done.append(name)
        except BaseException as exc:
            for name in reversed(done):
                with contextlib.suppress(OSError):
                    if (backups / name).is_file():
                        os.replace(backups / name, self.out / name)
                    else:
                        (self.out / name).unlink()
            if isinstance(exc, OSError):
                raise write_error(current, exc, self.note) from exc
            raise
        self.discard()
        with contextlib.suppress(OSError):  # make the renames durable (best effort)
            fd = os.open(self.out, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return [self.out / name for name in names]

    def discard(self) -> None:
        """Remove the staging folder and everything in it."""
        _remove(self.folder)


@contextlib.contextmanager
def staged_output(out: str | os.PathLike[str], what: str = "", *,
                  last: str | None = None) -> Iterator[Staging]:
    """Stage a set of files for ``out`` and publish them together when the block ends.

    ``what`` names the set in messages ("report"); ``last`` is renamed into place after all
    others (the page that links them). On an exception (``KeyboardInterrupt`` included) the
    staging folder is removed and ``out`` is untouched. Raises :class:`WriteError` naming the
    file when staging or publishing fails.
    """
    stage = Staging(Path(out), what, last)
    try:
        yield stage
        stage.publish()
    except BaseException:
        stage.discard()
        raise
