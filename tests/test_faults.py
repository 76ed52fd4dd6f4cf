"""Fault injection (issue 18): a full disk at many byte offsets, a read-only output folder, SIGKILL
and SIGINT of the report at random moments, SIGKILL before every single step of publishing a
report (each call that changes a folder, in turn), a killed worker, a parent killed while its
worker is blocked writing a large result.

After each fault the output folder holds the previous complete report or a new complete one
(every file parses, no temporary or partial file, never a mix), the input is unchanged, no
process of the run is left, and the message names the file. Each report runs in a child forked
from this (warmed-up) process, in a session of its own so that every process it starts can be
found afterwards. ``TOOLKIT_FAULTS=nightly`` runs many more cases (see tests/fault_support.py).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import (
    COUNTS,
    NIGHTLY_FAULTS,
    REPORT_FILES,
    hashes,
    report_state,
    session_processes,
    staging_leftovers,
)

from toolkit import outputs
from toolkit.__main__ import main
from toolkit.preparation import _Preparer

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="fork, /proc and RLIMIT_FSIZE are Linux's"),
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded"),
]

SEED = int(os.environ.get("TOOLKIT_FAULTS_SEED", "0")) or random.SystemRandom().randrange(1, 10**6)
RNG = random.Random(SEED)
NOTES = {"notes.txt": "kept: not part of the report\n"}


def _counted(kind: str, n: int = 1) -> None:
    COUNTS["fault injection"][kind] += n


# -- the corpus, the two reports, and a child that runs one ----------------------------------


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    saved = os.environ.get("TOOLKIT_CACHE_DIR")
    os.environ["TOOLKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("TOOLKIT_CACHE_DIR", None)
    else:
        os.environ["TOOLKIT_CACHE_DIR"] = saved


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The seed article cut into files of 20 words (many documents: worker processes)."""
    folder = tmp_path_factory.mktemp("corpus")
    words = next(iter(sorted(seeds_dir.glob("*.txt")))).read_text(encoding="utf-8").split()
    pieces = [" ".join(words[i:i + 20]) for i in range(0, len(words), 20)]
    for i, piece in enumerate(pieces):
        (folder / f"s{i:03d}.txt").write_text(f"{i} {piece[:30]}\n\n{piece}\n", encoding="utf-8")
    assert len(pieces) >= 8
    return folder


def _child(conn: object, args: list[str], fsize: int | None, parallel: bool,
           kill_doc: str | None) -> None:
    os.setsid()  # this run and every process it starts: one session, found by its id
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when pytest runs
    # in the background (where the shell has it ignored)
    # an empty token cache: the documents are prepared (in worker processes), and cached
    os.environ["TOOLKIT_CACHE_DIR"] = tempfile.mkdtemp(dir=os.environ["TOOLKIT_CACHE_DIR"])
    from toolkit import parallel as par
    from toolkit import preparation

    if parallel:
        par.MIN_PARALLEL_CHARS = 0
    if kill_doc is not None:
        global _KILL_MARKER
        _KILL_MARKER = kill_doc
        preparation._preparer = _dying  # the forked workers inherit the patched module
    if fsize is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        status = main(args)
    conn.send((status, err.getvalue()))  # a pipe: not limited by RLIMIT_FSIZE


_KILL_MARKER = ""


class _DyingPreparer(_Preparer):
    """The preparation of one option set, but a worker handed the marked document is killed
    (the OOM killer's way); in the report's own process it prepares as usual."""

    def _held(self, text: str) -> tuple[str, list[str]]:
        if _KILL_MARKER and _KILL_MARKER in text and multiprocessing.parent_process() is not None \
                and multiprocessing.current_process().name.count(":"):
            os.kill(os.getpid(), signal.SIGKILL)
        return super()._held(text)


@functools.lru_cache(maxsize=8)
def _dying(options: object) -> _DyingPreparer:
    return _DyingPreparer(options)


def run_report(corpus: Path, out: Path, *extra: str, fsize: int | None = None,
               parallel: bool = True, kill_doc: str | None = None,
               kill_after: float | None = None,
               sig: int = signal.SIGKILL) -> tuple[int | None, str, int]:
    """Run ``report corpus --out out`` in a forked child; ``(status, stderr, session id)``;
    status None when the child was killed before it answered."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, ["report", str(corpus), "--out", str(out),
                                                    *extra], fsize, parallel, kill_doc))
    child.start()
    send.close()
    if kill_after is not None:
        time.sleep(kill_after)  # when the fault strikes (not an assertion about time)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, sig)
    child.join(600)
    assert child.exitcode is not None, "the report child hung"
    try:
        answer = recv.recv() if recv.poll() else (None, "")
    except EOFError:  # killed before it answered
        answer = (None, "")
    return answer[0], answer[1], child.pid


def assert_no_orphans(sid: int) -> None:
    """Every process of session ``sid`` exits (workers watch their parent; give them time)."""
    deadline = time.monotonic() + 60
    while session_processes(sid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_processes(sid) == [], f"processes outlived the run: {session_processes(sid)}"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, corpus: Path,
            env: None) -> dict[str, object]:
    """The previous report (``--top 10``) and the new one (defaults) made without faults, their
    hashes, and how long a run takes here (to spread the kills over it)."""
    base = tmp_path_factory.mktemp("reports")
    # in this process first: the children are forked with hazm's objects, fonts and imports ready
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["report", str(corpus), "--out", str(base / "warm")]) == 0
    started = time.monotonic()
    status, err, sid = run_report(corpus, base / "new")
    duration = time.monotonic() - started
    assert status == 0, err
    assert_no_orphans(sid)
    assert hashes(base / "new") == hashes(base / "warm")
    status, err, _ = run_report(corpus, base / "previous", "--top", "10")
    assert status == 0, err
    previous, new = hashes(base / "previous"), hashes(base / "new")
    assert set(previous) == set(new) == set(REPORT_FILES)
    assert previous != new
    return {"previous": base / "previous", "hashes": (previous, new), "duration": duration}


def fresh_out(parent: Path, reports: dict[str, object]) -> Path:
    """An output folder holding the previous report and a file of the user's."""
    out = parent / "out"
    shutil.copytree(reports["previous"], out)
    for name, text in NOTES.items():
        (out / name).write_text(text, encoding="utf-8")
    return out


def extra_hashes(out: Path) -> dict[str, str]:
    return {name: h for name, h in hashes(out).items() if name in NOTES}


def check_after(out: Path, reports: dict[str, object], corpus: Path,
                corpus_hashes: dict[str, str], extra: dict[str, str]) -> str:
    previous, new = reports["hashes"]
    state = report_state(out, previous, new, extra)
    assert hashes(corpus) == corpus_hashes, "the input changed"
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name or "staging" in p.name]
    return state


# -- a full disk -------------------------------------------------------------------------------


def _offsets(reports: dict[str, object], n_random: int) -> list[int]:
    sizes = sorted({(reports["previous"] / name).stat().st_size for name in REPORT_FILES})
    biggest = max(sizes)
    fixed = [0, 1, 4096, *(s - 1 for s in sizes)]
    return sorted(set(fixed + [RNG.randrange(0, biggest + 1) for _ in range(n_random)]))


def test_disk_full_at_many_byte_offsets(tmp_path: Path, corpus: Path,
                                        reports: dict[str, object]) -> None:
    """Every file may grow to ``n`` bytes only (RLIMIT_FSIZE): the write that passes it fails
    (EFBIG), at offsets in every file of the report, the first byte to the last."""
    corpus_hashes = hashes(corpus)
    offsets = _offsets(reports, 60 if NIGHTLY_FAULTS else 4)
    for i, n in enumerate(offsets):
        out = fresh_out(tmp_path / f"case{i}", reports)
        extra = extra_hashes(out)
        status, err, sid = run_report(corpus, out, fsize=n)
        assert_no_orphans(sid)
        state = check_after(out, reports, corpus, corpus_hashes, extra)
        assert status == 2, (n, status, err)
        assert state == "previous", n
        assert f"cannot write {out}" in err and "file size limit" in err, err
        assert not staging_leftovers(tmp_path / f"case{i}"), n
        _counted("disk full (file size limit) offsets")
    print(f"fault injection seed {SEED}: {len(offsets)} offsets {offsets}")


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``path`` (root only: skips the test elsewhere)."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); the RLIMIT_FSIZE "
                    "test covers a full disk")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_disk_full_on_a_small_tmpfs(tmp_path: Path, corpus: Path,
                                    reports: dict[str, object]) -> None:
    """A real full disk (ENOSPC): a tmpfs holding the previous report with room for ``k`` more
    KiB; the folder is inside the disk, or is the disk's mount point."""
    corpus_hashes = hashes(corpus)
    used = sum((reports["previous"] / n).stat().st_size for n in REPORT_FILES)
    room = [0, 16, 100, 200, 2048] if not NIGHTLY_FAULTS else [*range(0, 400, 12), 2048]
    results = []
    for i, k in enumerate(room):
        for at_mount_point in (False, True):
            size = f"{(used // 1024) + 64 + k}k"  # 64 KiB: the folders' own pages
            with tmpfs(tmp_path / f"disk{i}{int(at_mount_point)}", size) as disk:
                if at_mount_point:
                    out = disk
                    for name in REPORT_FILES:
                        shutil.copy(reports["previous"] / name, out / name)
                    for name, text in NOTES.items():
                        (out / name).write_text(text, encoding="utf-8")
                else:
                    out = fresh_out(disk, reports)
                extra = extra_hashes(out)
                status, err, sid = run_report(corpus, out)
                assert_no_orphans(sid)
                state = check_after(out, reports, corpus, corpus_hashes, extra)
                assert (status, state) in ((0, "new"), (2, "previous")), (k, status, err)
                if status == 2:
                    assert f"cannot write {out}" in err and "the disk is full" in err, err
                assert not staging_leftovers(disk)
                results.append(state)
                _counted("disk full (tmpfs) cases")
    assert "previous" in results and "new" in results, results


def test_read_only_output_folder(tmp_path: Path, corpus: Path,
                                 reports: dict[str, object]) -> None:
    """A read-only file system (root: a tmpfs remounted read-only) or a folder without write
    permission: the message names the folder and says why; the previous report stays."""
    corpus_hashes = hashes(corpus)
    if os.geteuid() == 0:
        with tmpfs(tmp_path / "ro", "4m") as disk:
            out = fresh_out(disk, reports)
            extra = extra_hashes(out)
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            status, err, sid = run_report(corpus, out)
            assert_no_orphans(sid)
            assert check_after(out, reports, corpus, corpus_hashes, extra) == "previous"
            assert status == 2 and f"cannot write {out}" in err
            assert "read-only" in err, err
            _counted("read-only output folder")
    else:
        out = fresh_out(tmp_path, reports)
        extra = extra_hashes(out)
        out.chmod(0o555)
        try:
            status, err, sid = run_report(corpus, out)
        finally:
            out.chmod(0o755)
        assert_no_orphans(sid)
        assert check_after(out, reports, corpus, corpus_hashes, extra) == "previous"
        assert status == 2 and f"cannot write {out}" in err and "permission denied" in err
        _counted("read-only output folder")


# -- kills and interrupts ----------------------------------------------------------------------


def test_sigkill_at_random_moments(tmp_path: Path, corpus: Path,
                                   reports: dict[str, object]) -> None:
    """SIGKILL (a kernel restart, the OOM killer) at random moments of a run that uses worker
    processes: the folder holds one whole report, no process is left, and the next run sweeps
    the staging folder the killed run left next to the output folder."""
    corpus_hashes = hashes(corpus)
    n = 40 if NIGHTLY_FAULTS else 4
    states = []
    for i in range(n):
        out = fresh_out(tmp_path / f"kill{i}", reports)
        extra = extra_hashes(out)
        delay = RNG.uniform(0, 1.2 * reports["duration"])
        status, err, sid = run_report(corpus, out, kill_after=delay)
        assert_no_orphans(sid)
        states.append(check_after(out, reports, corpus, corpus_hashes, extra))
        assert status in (None, 0), err
        _counted("SIGKILL of the report")
    # the last killed run's leftovers (if any) go with the next run into the same folder
    status, err, sid = run_report(corpus, out)
    assert status == 0, err
    assert not staging_leftovers(out.parent)
    print(f"SIGKILL seed {SEED}: states {states}")


def test_sigint_at_random_moments(tmp_path: Path, corpus: Path,
                                  reports: dict[str, object]) -> None:
    """Ctrl-C at random moments: exit status 130 and the previous report, or the run had
    finished (0, the new report), or Ctrl-C came while the report was being published (130, the
    new report, and the message says so); workers stop with it."""
    corpus_hashes = hashes(corpus)
    n = 20 if NIGHTLY_FAULTS else 3
    for i in range(n):
        out = fresh_out(tmp_path / f"int{i}", reports)
        extra = extra_hashes(out)
        delay = RNG.uniform(0.2, 1.1 * reports["duration"])
        status, err, sid = run_report(corpus, out, kill_after=delay, sig=signal.SIGINT)
        assert_no_orphans(sid)
        state = check_after(out, reports, corpus, corpus_hashes, extra)
        assert (status, state) in ((130, "previous"), (0, "new"), (None, "previous"),
                                   (130, "new")), err
        if status == 130:  # "new": Ctrl-C came while publishing, too late to stop (and says so)
            assert "interrupted" in err and str(out) in err
            assert ("written in full" in err) == (state == "new"), err
        assert not staging_leftovers(tmp_path / f"int{i}")
        _counted("SIGINT of the report")


def test_a_killed_worker_is_named(tmp_path: Path, corpus: Path,
                                  reports: dict[str, object]) -> None:
    """A worker killed while preparing: exit status 3, the message says which documents, that
    nothing was written and what to try; the previous report stays."""
    corpus_hashes = hashes(corpus)
    out = fresh_out(tmp_path, reports)
    extra = extra_hashes(out)
    victim = sorted(corpus.glob("*.txt"))[5]
    marker = victim.read_text(encoding="utf-8").split("\n")[2][:30]
    status, err, sid = run_report(corpus, out, kill_doc=marker)
    assert_no_orphans(sid)
    assert check_after(out, reports, corpus, corpus_hashes, extra) == "previous"
    assert status == 3, err
    assert "worker process died" in err and "documents" in err and "n_jobs" in err
    assert "Nothing was written" in err
    _counted("killed worker")


BLOCKED_WRITER = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from toolkit.parallel import worker_pool

    here = Path(sys.argv[1])

    def big_result(_):
        (here / "returning").write_text(str(os.getpid()))
        return b"x" * (64 * 2**20)  # far more than a pipe holds: the worker blocks writing it

    with worker_pool(2) as pool:
        future = pool.submit(big_result, 0)
        pids = [p.pid for p in __import__("multiprocessing").active_children()]
        (here / "workers").write_text(" ".join(map(str, pids)))
        while not (here / "returning").exists():
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGSTOP)  # nobody reads the result pipe any more
        future.result()
""")


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "gone"
    return stat[stat.rindex(")") + 2]


def test_workers_die_with_their_parent_blocked_writing(tmp_path: Path) -> None:
    """The parent is killed while one worker is blocked writing a 64 MB result into the pipe and
    the other waits for work: both exit (the issue's leak: workers deadlocked for minutes)."""
    script = tmp_path / "blocked.py"
    script.write_text(BLOCKED_WRITER, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(root), *filter(None, [os.environ.get("PYTHONPATH")])])}  # this checkout's toolkit
    parent = subprocess.Popen([sys.executable, str(script), str(tmp_path)], cwd=root, env=env,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not ((tmp_path / "returning").exists() and (tmp_path / "workers").exists()
                   and _state(parent.pid) == "T") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _state(parent.pid) == "T", "the parent did not reach the blocked state"
        writer = int((tmp_path / "returning").read_text())
        workers = [int(p) for p in (tmp_path / "workers").read_text().split()]
        assert writer in workers and len(workers) == 2
        # wait until the writer sits in the kernel's pipe write (best effort, no assertion)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "pipe" not in Path(
                f"/proc/{writer}/wchan").read_text(errors="replace"):
            time.sleep(0.05)
        parent.kill()
        parent.wait(30)
        assert_no_orphans(parent.pid)
        assert all(_state(p) in ("gone", "Z") for p in workers)  # exited (a zombie is dead)
        _counted("parent killed, worker blocked writing")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)



# -- SIGKILL between any two steps of publishing -----------------------------------------------

#: the calls that change a folder; publishing is killed before the k-th of them, for every k
STEPS = ("replace", "rename", "link", "symlink", "mkdir", "unlink", "rmdir", "chmod", "chown",
         "setxattr")


def _publish_child(conn: object, out: Path, new: Path, kill_at: int) -> None:
    """Stage the new report's files for ``out`` and publish them, SIGKILLed just before the
    ``kill_at``-th call that changes a folder (0: never); sends the number of such calls."""
    steps = 0

    def counted(function: object) -> object:
        def step(*args: object, **kwargs: object) -> object:
            nonlocal steps
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return step

    with outputs.staged_output(out, "report", last="report.md") as stage:
        for name in REPORT_FILES:
            with stage.writing(name) as path:
                shutil.copyfile(new / name, path)
        for name in STEPS:  # publishing: when the block ends
            setattr(os, name, counted(getattr(os, name)))
        outputs._exchange = counted(outputs._exchange)
    conn.send(steps)


def publish_killed_at(out: Path, new: Path, kill_at: int) -> int | None:
    """Run :func:`_publish_child` in a forked child; its number of steps, None when killed."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_publish_child, args=(send, out, new, kill_at))
    child.start()
    send.close()
    child.join(60)
    assert child.exitcode is not None, "the publishing child hung"
    return recv.recv() if child.exitcode == 0 else None


def _users_files(out: Path) -> None:
    """Besides notes.txt: a folder of the user's, a read-only one, a symbolic link."""
    (out / "mine" / "deep").mkdir(parents=True)
    (out / "mine" / "deep" / "data.txt").write_text("متن من\n", encoding="utf-8")
    (out / "locked").mkdir()
    (out / "locked" / "kept.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (out / "locked").chmod(0o555)
    (out / "link.txt").symlink_to("notes.txt")


@pytest.mark.parametrize("before", ["previous report", "no folder"])
def test_sigkill_between_any_two_steps_of_publishing(tmp_path: Path, reports: dict[str, object],
                                                     before: str) -> None:
    """The report is published in one step (the staging folder and the output folder swapped
    by ``renameat2(RENAME_EXCHANGE)``): killed before each call that changes a folder, for every
    one in turn, the folder holds the previous report or the new one (or, with no folder before,
    nothing or the new one), the user's files and folders are the same files, and the next run
    removes what the killed one left."""
    previous, new = reports["hashes"]
    new_folder = reports["previous"].parent / "new"
    states = []
    k = 0
    while True:
        k += 1
        case = tmp_path / f"k{k}"
        case.mkdir()
        out = case / "out"
        if before == "previous report":
            out = fresh_out(case, reports)
            _users_files(out)
        extra = {n: h for n, h in hashes(out).items() if n not in REPORT_FILES} \
            if out.exists() else {}
        inodes = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()
                  and not p.is_symlink() and p.name not in REPORT_FILES}
        steps = publish_killed_at(out, new_folder, k)
        if not out.exists():
            states.append("nothing")
        else:
            states.append(report_state(out, previous, new, extra))
            assert not [p for p in out.rglob("*") if ".tmp-" in p.name or "staging" in p.name]
            assert {p: p.stat().st_ino for p in inodes} == inodes, "a file of the user's copied"
            assert (out / "link.txt").is_symlink() == (before == "previous report")
        if steps is not None:  # not killed: k passed the last step
            assert states[-1] == "new"
            break
        _counted("SIGKILL between two steps of publishing")
        assert publish_killed_at(out, new_folder, 0) is not None  # the next run ...
        assert report_state(out, previous, new, extra) == "new"
        assert not staging_leftovers(case)  # ... sweeps the killed run's staging folder
        for locked in case.rglob("locked"):
            locked.chmod(0o755)  # pytest's clean-up
    first = "previous" if before == "previous report" else "nothing"
    flip = states.index("new")
    assert states == [first] * flip + ["new"] * (len(states) - flip) and flip >= 1, states
    print(f"publishing killed before each of {len(states) - 1} steps: {states}")


def test_files_saved_while_publishing_are_kept(tmp_path: Path, reports: dict[str, object],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the user saves into the folder (or a folder of it) after its entries were carried
    over, just before the swap, is moved into the new folder."""
    out = fresh_out(tmp_path, reports)
    _users_files(out)
    real = outputs._exchange

    def saving_first(a: Path, b: Path) -> None:
        (b / "late.txt").write_text("saved late", encoding="utf-8")
        (b / "mine" / "late.txt").write_text("saved late too", encoding="utf-8")
        real(a, b)

    monkeypatch.setattr(outputs, "_exchange", saving_first)
    with outputs.staged_output(out, "report") as stage, stage.writing("report.md") as path:
        path.write_text("new", encoding="utf-8")
    assert (out / "late.txt").read_text(encoding="utf-8") == "saved late"
    assert (out / "mine" / "late.txt").read_text(encoding="utf-8") == "saved late too"
    assert (out / "report.md").read_text(encoding="utf-8") == "new"
    assert (out / "mine" / "deep" / "data.txt").is_file()
    assert not staging_leftovers(tmp_path)
    (out / "locked").chmod(0o755)


@pytest.mark.parametrize("obstacle", ["working directory", "fifo", "no exchange"])
def test_publishing_file_by_file_where_folders_cannot_be_swapped(
        tmp_path: Path, reports: dict[str, object], monkeypatch: pytest.MonkeyPatch,
        obstacle: str) -> None:
    """The folder is this process's working directory, holds a FIFO, or its file system cannot
    exchange: the files are renamed one by one, the folder stays the same folder."""
    out = fresh_out(tmp_path, reports)
    identity = out.stat().st_ino
    if obstacle == "working directory":
        monkeypatch.chdir(out)
    elif obstacle == "fifo":
        os.mkfifo(out / "pipe")
    else:
        def no_exchange(a: object, b: object) -> None:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        monkeypatch.setattr(outputs, "_exchange", no_exchange)
    new_folder = reports["previous"].parent / "new"
    with outputs.staged_output(out, "report", last="report.md") as stage:
        for name in REPORT_FILES:
            with stage.writing(name) as path:
                shutil.copyfile(new_folder / name, path)
    extra = {n: h for n, h in hashes(out).items() if n in NOTES}
    assert report_state(out, *reports["hashes"], extra) == "new"
    assert out.stat().st_ino == identity
    assert (obstacle == "fifo") == (out / "pipe").exists()
    assert not staging_leftovers(tmp_path)



@pytest.mark.parametrize("swap", [True, False])
def test_ctrl_c_while_publishing_is_held_back(tmp_path: Path, reports: dict[str, object],
                                              monkeypatch: pytest.MonkeyPatch, swap: bool) -> None:
    """SIGINT at the swap, or between two renames where folders cannot be swapped: publishing
    and cleaning up finish, then InterruptedAfterPublishing (a KeyboardInterrupt) says the new
    report is there; nothing is left behind."""
    out = fresh_out(tmp_path, reports)
    extra = extra_hashes(out)
    real_exchange, real_replace = outputs._exchange, os.replace
    renames = []

    def interrupted_exchange(a: Path, b: Path) -> None:
        if not swap:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        os.kill(os.getpid(), signal.SIGINT)
        real_exchange(a, b)

    def interrupted_replace(src: object, dst: object) -> None:
        renames.append(dst)
        if len(renames) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        real_replace(src, dst)

    monkeypatch.setattr(outputs, "_exchange", interrupted_exchange)
    monkeypatch.setattr(os, "replace", interrupted_replace)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # ignored in background
    new_folder = reports["previous"].parent / "new"
    with pytest.raises(outputs.InterruptedAfterPublishing, match="written in full"), \
            outputs.staged_output(out, "report", last="report.md") as stage:
        for name in REPORT_FILES:
            with stage.writing(name) as path:
                shutil.copyfile(new_folder / name, path)
    assert report_state(out, *reports["hashes"], extra) == "new"
    assert not staging_leftovers(tmp_path)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    signal.signal(signal.SIGINT, before)
    _counted("Ctrl-C while publishing")


# -- messages and single files -------------------------------------------------------------------


@pytest.mark.parametrize(("number", "words"), [
    (errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied"),
    (errno.EROFS, "the file system is read-only"), (errno.EFBIG, "file size limit"),
])
def test_write_error_names_the_file_and_the_cause(tmp_path: Path, number: int,
                                                  words: str) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(outputs.WriteError) as caught, outputs.atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise OSError(number, os.strerror(number))
    message = str(caught.value)
    assert message.startswith(f"cannot write {target}: ") and words in message, message
    assert f"errno {number}" in message and "table.csv was not changed" in message
    assert caught.value.errno == number and caught.value.filename == str(target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_single_file_exports_are_atomic(tmp_path: Path) -> None:
    """plots.save, Cooccurrence.to_gexf and RTLFrame.to_csv: into a missing folder a WriteError
    names the file; an interrupt leaves the old file; success leaves no temporary file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from toolkit import cooccurrence, frequency, plots, tokenize

    tokens = tokenize(["ایران و روسیه و ایران و چین"], cache=False, progress=False)
    freq, cooc = frequency(tokens), cooccurrence(tokens, span=1)
    ax = plots.bar(freq)
    missing = tmp_path / "no" / "such"
    writers = {"plot.png": lambda p: plots.save(ax, p),
               "graph.gexf": lambda p: cooc.to_gexf(p),
               "table.csv": lambda p: freq.to_csv(p, index=False)}
    for name, write in writers.items():
        with pytest.raises(outputs.WriteError, match=re.escape(f"cannot write {missing / name}: ")
                           + "(it does not exist|Cannot save file into a non-existent)"):
            write(missing / name)
        write(tmp_path / name)
        assert (tmp_path / name).stat().st_size > 0
    plt.close(ax.figure)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.gexf", "plot.png", "table.csv"]
    old = (tmp_path / "table.csv").read_bytes()
    with pytest.raises(KeyboardInterrupt), outputs.atomic_path(tmp_path / "table.csv") as tmp:
        tmp.write_text("partial", encoding="utf-8")
        raise KeyboardInterrupt
    assert (tmp_path / "table.csv").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.gexf", "plot.png", "table.csv"]


def test_a_failed_rename_puts_the_previous_files_back(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Where folders cannot be swapped, publishing renames file after file; when one rename
    fails the ones already renamed are put back, so the folder never mixes two sets."""
    out = tmp_path / "out"
    out.mkdir()
    for name in "abc":
        (out / f"{name}.txt").write_text("old", encoding="utf-8")
    real = os.replace
    calls = []

    def failing(src: object, dst: object) -> None:
        calls.append(dst)
        if str(dst).endswith("c.txt") and "toolkit-staging" not in str(dst):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)

    def no_exchange(a: object, b: object) -> None:  # a file system without RENAME_EXCHANGE
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))

    monkeypatch.setattr(outputs, "_exchange", no_exchange)
    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(outputs.WriteError, match=r"cannot write .*c\.txt: an input/output error"), \
            outputs.staged_output(out, "set") as stage:
        for name in "abc":
            with stage.writing(f"{name}.txt") as path:
                path.write_text("new", encoding="utf-8")
    assert {p.name: p.read_text() for p in out.iterdir()} == {n: "old" for n in
                                                              ("a.txt", "b.txt", "c.txt")}
    assert not staging_leftovers(tmp_path)
    _counted("failed rename rolled back")


def test_a_vanished_or_changing_input_is_named(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading: a file deleted after the folder was listed, or written to while it is read, is
    named with the cause (errors='raise') or listed as skipped."""
    from toolkit import corpus as corpus_module
    from toolkit.corpus import load_corpus
    from toolkit.sources import CorpusError

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("عنوان\n\nمتن فارسی", encoding="utf-8")
    real = corpus_module.source_paths

    def listing_then_delete(source: object, format: object) -> object:
        found = real(source, format)
        (folder / "b.txt").unlink()
        return found

    monkeypatch.setattr(corpus_module, "source_paths", listing_then_delete)
    with pytest.raises(CorpusError, match=r"b\.txt: cannot read it \(No such file"):
        load_corpus(folder)
    (folder / "b.txt").write_text("عنوان\n\nمتن فارسی", encoding="utf-8")
    skipped = load_corpus(folder, errors="skip").skipped
    assert skipped["source"].str.endswith("b.txt").any()

    monkeypatch.setattr(corpus_module, "source_paths", real)
    reader = corpus_module.READERS["article"]

    def growing(path: Path, *args: object) -> object:
        result = reader(path, *args)
        if path.name == "a.txt":
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\nادامه")
        return result

    monkeypatch.setitem(corpus_module.READERS, "article", growing)
    with pytest.raises(CorpusError, match=r"a\.txt: changed while it was being read"):
        load_corpus(folder)
