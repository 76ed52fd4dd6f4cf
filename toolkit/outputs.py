"""Writing outputs whole or not at all, and errors that name the file.

Every file the toolkit writes goes through this module:

- :func:`atomic_path` (one file): the writer writes to a hidden temporary file in the same folder
  (``.tmp-<pid>-<random>.<name>``, so the suffix and pandas' compression inference are kept);
  the file is flushed to disk (``fsync``: some file systems report a full disk only then) and
  renamed over ``path`` with :func:`os.replace`, which is atomic on POSIX and Windows. A failure
  or an interrupt removes the temporary file and leaves an existing ``path`` as it was.
- :func:`staged_output` (a set of files published together, e.g. a report): every file is written
  into a private staging folder next to the output folder; only when all of them are complete is
  the set published, in one atomic step. On Linux the staging folder becomes the new output
  folder: the entries of the output folder that are not replaced (the user's own files and
  folders) are carried over into it as hard links (the same files, not copies; symbolic links are
  made again), and the two folders are swapped with ``renameat2(RENAME_EXCHANGE)``, one system
  call that either happens or does not; a missing output folder is created by renaming the
  staging folder. So at every moment, a ``SIGKILL`` included, the output folder holds the previous
  set or the new one, never a mix. The old folder (now at the staging name) is removed
  afterwards; entries created in it while the new one was being assembled are moved over first.
  A process killed with ``SIGKILL`` cannot clean up: its staging folder (holding either the new
  files or the old folder) is left next to the output folder and removed by the next run into
  the same folder. The output folder is a new directory afterwards (same path, same entries,
  same permissions): a shell whose working directory was in it must ``cd`` into it again.

  Where a swap cannot be made, the files are renamed into the output folder one
  :func:`os.replace` each, the ``last`` one (the page that links the others) last: when the system
  or file system has no ``RENAME_EXCHANGE`` (not Linux, a network or FAT drive), the output folder
  is a mount point or its parent is not writable (the staging folder is then inside it, hidden),
  it belongs to another user, it is (or contains) the working directory of this process, or it
  holds entries that cannot be hard-linked (another file system mounted inside, a FIFO, a
  device). The files they replace are kept as hard links until all renames succeeded and put
  back when one fails, so an error or an interrupt leaves the previous set; only a ``SIGKILL``
  between two of the final renames (microseconds) can leave a mix there.
- :class:`WriteError` (an ``OSError`` with the same ``errno``): the message names the file the
  user asked for (not a temporary name), the cause in plain words (the disk is full, permission
  denied, the file system is read-only, ...) and what to do.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

#: plain words and advice for the errors a user can fix, one ``NAME  words | advice`` line each
#: (``NAME`` from :mod:`errno`); other errors fall back to the system's ``strerror``
_PLAIN_TABLE = """
ENOSPC        the disk is full | free some space or write to another disk
EDQUOT        your disk quota is used up | free some space or write to another disk
EFBIG         the file is larger than this system allows (a file size limit) | \
write to another disk or raise the limit (ulimit -f)
EACCES        permission denied | choose a folder you may write to
EPERM         the operation is not permitted | choose a folder you may write to
EROFS         the file system is read-only | choose a folder on a writable disk
ENOENT        it does not exist (was it moved or deleted?) | \
check the path and that the drive is still mounted
ENOTDIR       it, or a folder in its path, is a file | choose another path
EISDIR        it is a folder | choose a file name
EIO           an input/output error (a failing or disconnected drive) | check the drive and try again
ENAMETOOLONG  the name is too long | choose a shorter path
EMFILE        too many files are open | close other programs and try again
ESTALE        the network file handle went stale | remount the drive and try again
"""
_PLAIN: dict[int, tuple[str, str]] = {
    getattr(errno, name): (words.strip(), todo.strip())
    for name, rest in (line.split(None, 1) for line in _PLAIN_TABLE.strip().splitlines())
    for words, todo in [rest.split(" | ")] if hasattr(errno, name)
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
    """Remove the file or folder ``path`` (the toolkit's own: a temporary file, a staging folder
    or a previous output folder), read-only sub-folders included; errors are ignored."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            os.chmod(path, 0o700)
            for folder, subfolders, _ in os.walk(path):  # rmtree cannot empty a read-only one
                for name in subfolders:
                    sub = os.path.join(folder, name)
                    if not os.path.islink(sub):
                        with contextlib.suppress(OSError):
                            os.chmod(sub, 0o700)
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


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (best effort: not every file system can)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- swapping two folders in one step (Linux) -------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # <linux/fs.h>


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """The C library's ``renameat2`` (glibc 2.28 and later), or None where there is none."""
    if sys.platform != "linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> None:
    """Swap the names of the existing folders ``a`` and ``b`` atomically
    (``renameat2(RENAME_EXCHANGE)``); an ``OSError`` where the system or file system cannot."""
    function = _renameat2()
    if function is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(b))
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(b))


class _NotCarried(Exception):
    """An entry of the output folder cannot be carried over as a link: publish file by file."""


def _same_attributes(info: os.stat_result, source: str | Path, target: Path) -> None:
    """Give the folder ``target`` the permissions, owner, group and extended attributes (ACLs)
    of ``source`` (whose ``lstat`` is ``info``)."""
    mine = os.stat(target)
    if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
        os.chown(target, info.st_uid, info.st_gid)
    os.chmod(target, stat.S_IMODE(info.st_mode))  # after chown, which may clear set-id bits
    try:
        keys = os.listxattr(source)
    except OSError:  # no extended attributes here
        return
    for key in keys:
        value = os.getxattr(source, key)
        with contextlib.suppress(OSError):
            if os.getxattr(target, key) == value:
                continue
        os.setxattr(target, key, value)


def _carry_over(old: Path, new: Path, skip: set[str], created: list[Path], seen: set[str],
                prefix: str = "") -> None:
    """Hard-link every entry of the folder ``old`` into ``new`` (folders made again, recursively,
    with their attributes; symbolic links made again), but the relative paths in ``skip`` (what
    the new set replaces). Records what it made in ``created`` and every path met in ``seen``.
    Raises ``_NotCarried`` (or an ``OSError``) for what cannot be carried over: a folder where a
    new file goes, another file system, a FIFO, socket or device."""
    device = os.stat(old).st_dev
    folders = []
    with os.scandir(old) as entries:
        for entry in entries:
            name = prefix + entry.name
            seen.add(name)
            info = entry.stat(follow_symlinks=False)
            target = new / entry.name
            if name in skip:
                if stat.S_ISDIR(info.st_mode):
                    raise _NotCarried(name)
            elif stat.S_ISDIR(info.st_mode):
                if info.st_dev != device:
                    raise _NotCarried(name)
                if not target.is_dir():
                    os.mkdir(target)
                    created.append(target)
                folders.append((entry, info, target))
            elif stat.S_ISREG(info.st_mode):
                os.link(entry.path, target, follow_symlinks=False)
                created.append(target)
            elif stat.S_ISLNK(info.st_mode):
                os.symlink(os.readlink(entry.path), target)
                created.append(target)
            else:
                raise _NotCarried(name)
    for entry, info, target in folders:
        _carry_over(Path(entry.path), target, skip, created, seen, f"{prefix}{entry.name}/")
        _same_attributes(info, entry.path, target)  # after filling: it may be read-only


def _move_late(old: Path, new: Path, seen: set[str], prefix: str = "") -> None:
    """Move into ``new`` the entries made in ``old`` after :func:`_carry_over` listed it."""
    with os.scandir(old) as entries:
        for entry in entries:
            name = prefix + entry.name
            target = new / entry.name
            if name not in seen:
                if not os.path.lexists(target):
                    os.rename(entry.path, target)
            elif entry.is_dir(follow_symlinks=False) and target.is_dir():
                _move_late(Path(entry.path), target, seen, f"{name}/")


def _holds_cwd(folder: Path) -> bool:
    try:
        cwd = Path(os.path.realpath(os.getcwd()))
    except OSError:
        return False
    return cwd == folder or folder in cwd.parents


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl-C came while a set of files was being published, too late to stop it: ``out`` holds
    the complete new set."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        super().__init__(f"interrupted after {out} was written in full")
        self.out = Path(out)


@contextlib.contextmanager
def _interrupt_held() -> Iterator[list[object]]:
    """Hold ``SIGINT`` (Ctrl-C) back while the block runs; yields a list that then holds the
    handler the signal would have gone to (see :func:`_deliver`). Outside the main thread
    nothing is held: the signal goes to the main thread anyway."""
    came: list[object] = []
    previous = (signal.getsignal(signal.SIGINT)
                if threading.current_thread() is threading.main_thread() else None)
    if previous is None:  # another thread, or a handler not installed from Python
        yield came
        return
    signal.signal(signal.SIGINT, lambda number, frame: came.append(previous))
    try:
        yield came
    finally:
        signal.signal(signal.SIGINT, previous)


def _deliver(handler: object, out: Path) -> None:
    """Do what a held-back ``SIGINT`` would have done: Python's own handler raises
    :class:`InterruptedAfterPublishing`, another handler is called, an ignored one ignored."""
    if handler is signal.default_int_handler:
        raise InterruptedAfterPublishing(out)
    if callable(handler):
        handler(signal.SIGINT, None)
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signal.SIGINT)


class Staging:
    """A set of output files written into a private folder and published into ``out`` together.

    Use :func:`staged_output`. ``writing(name)`` yields the staging path of ``name`` (a path
    relative to ``out``, sub-folders allowed); ``drop(names)`` marks files of ``out`` to remove
    when publishing; ``publish()`` publishes the staged files (see the module docstring);
    ``discard()`` removes the staging folder.
    """

    def __init__(self, out: Path, what: str, last: str | None = None) -> None:
        self.out = out
        self.what = what
        self.last = last
        self.dropped: set[str] = set()
        self.note = (f"Nothing was changed in {out}" + (f": the previous {what} there is untouched"
                                                         if what else ""))
        real = Path(os.path.abspath(out))
        parent = real.parent
        outside = parent / f".{real.name}{STAGING}"
        try:
            parent.mkdir(parents=True, exist_ok=True)
            # next to the output folder unless that is another file system (a mount point, a
            # link to another disk) or not writable
            self.inside = ((out.is_dir() and os.stat(out).st_dev != os.stat(parent).st_dev)
                           or not os.access(parent, os.W_OK))
            prefix = out / STAGING if self.inside else outside
            if self.inside:
                _sweep(out, STAGING)
            else:
                _sweep(parent, outside.name)
            self.folder = prefix.with_name(f"{prefix.name}-{os.getpid()}-{secrets.token_hex(4)}")
            if self.inside:
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

    def drop(self, names: set[str] | list[str]) -> None:
        """Remove the files ``names`` (relative to ``out``) of ``out`` when publishing."""
        self.dropped.update(names)

    def staged(self) -> list[str]:
        """Names (relative to ``out``, POSIX style) of the staged files, the ``last`` one last."""
        names = sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*")
                       if p.is_file() and not p.name.startswith(".tmp-"))
        if self.last in names:
            names.remove(self.last)
            names.append(self.last)
        return names

    def publish(self) -> list[Path]:
        """Publish every staged file into ``out`` (see the module docstring); returns their paths.

        Raises :class:`WriteError` naming the file when flushing or renaming fails; ``out`` then
        holds what it held before. A Ctrl-C (``SIGINT``) that comes while the files are being
        published is held back until they are: it then raises
        :class:`InterruptedAfterPublishing` (a ``KeyboardInterrupt``; ``out`` holds the new set).
        """
        names = self.staged()
        current = self.out
        try:
            for name in names:
                current = self.out / name
                _fsync(self.folder / name)
        except OSError as exc:
            raise write_error(current, exc, self.note) from exc
        with _interrupt_held() as held:  # Ctrl-C does not cut publishing or cleaning up short
            if not self._swap(names):
                self._rename_each(names)
            self.discard()  # after a swap: the previous folder
            _sync_folder(self.out)
            _sync_folder(Path(os.path.abspath(self.out)).parent)
        if held:
            _deliver(held[0], self.out)
        return [self.out / name for name in names]

    def _swap(self, names: list[str]) -> bool:
        """Make the staging folder the output folder in one step (see the module docstring):
        True when done, False, with nothing changed, where it cannot be done."""
        if self.inside or _renameat2() is None:
            return False
        real = Path(os.path.realpath(self.out))
        for stray in self.folder.rglob(".tmp-*"):  # a writer's own temporary files
            _remove(stray)
        if not os.path.lexists(real):
            try:
                os.rename(self.folder, real)
            except OSError:
                return False
            return True
        try:
            info = os.stat(real)
            if (not stat.S_ISDIR(info.st_mode) or info.st_dev != os.stat(self.folder).st_dev
                    or os.geteuid() not in (0, info.st_uid) or _holds_cwd(real)):
                return False
        except OSError:
            return False
        created: list[Path] = []
        seen: set[str] = set()
        try:
            _carry_over(real, self.folder, set(names) | self.dropped, created, seen)
            _same_attributes(info, real, self.folder)
            _sync_folder(self.folder)
            _exchange(self.folder, real)
        except (OSError, _NotCarried):
            # nothing changed in `out`: undo, and publish file by file
            folders = [self.folder, *(p for p in created if p.is_dir() and not p.is_symlink())]
            for path in folders:
                with contextlib.suppress(OSError):
                    os.chmod(path, 0o700)
            for path in reversed(created):
                with contextlib.suppress(OSError):
                    if path in folders:
                        path.rmdir()
                    else:
                        path.unlink()
            return False
        with contextlib.suppress(OSError):  # `self.folder` now names the previous folder
            _move_late(self.folder, real, seen)
        return True

    def _rename_each(self, names: list[str]) -> None:
        """Rename the staged files into ``out`` one by one, putting the replaced ones back when a
        rename fails; then remove the dropped files."""
        backups = self.folder / ".previous"
        current = self.out
        try:
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
        for name in self.dropped - set(names):
            with contextlib.suppress(OSError):
                (self.out / name).unlink()

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
