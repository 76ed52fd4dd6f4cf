"""``make figures``: the figure notebooks run headlessly, and two runs give identical manifests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from toolkit.figures import MANIFEST, figure_notebooks, make_figures, write_manifest

ROOT = Path(__file__).resolve().parents[1]


def _notebook(path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_write_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"abc")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.svg").write_bytes(b"")
    manifest = write_manifest(tmp_path)
    # SHA-256 of "abc" and of the empty string (FIPS 180-2 test vectors)
    assert manifest.read_text() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.png\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  sub/b.svg\n")
    assert write_manifest(tmp_path).read_text() == manifest.read_text()  # itself left out


def test_figure_notebooks() -> None:
    assert [p.name for p in figure_notebooks()] == ["08_reproduce_figures.ipynb"]


def test_environment_and_stale_files(tmp_path: Path, seeds_dir: Path) -> None:
    nb = _notebook(tmp_path / "fig.ipynb",
                   "import os\nfrom pathlib import Path\n"
                   "out = Path(os.environ['TOOLKIT_FIGURES'])\n"
                   "(out / 'corpus.txt').write_text(os.environ['TOOLKIT_CORPUS'])\n"
                   "(out / 'seed.txt').write_text(os.environ['PYTHONHASHSEED'] + "
                   "os.environ['MPLBACKEND'])")
    out = tmp_path / "figures"
    out.mkdir()
    (out / "old.png").write_bytes(b"stale")
    (out / "notes.txt").write_text("kept: not made by a previous run")
    (out / MANIFEST).write_text(f"{hashlib.sha256(b'stale').hexdigest()}  old.png\n")
    manifest = make_figures(out, corpus=seeds_dir, notebooks=[nb])
    assert (out / "corpus.txt").read_text() == str(seeds_dir.resolve())
    assert (out / "seed.txt").read_text() == "0Agg"
    assert not (out / "old.png").exists() and (out / "notes.txt").exists()
    assert [line.split("  ")[1] for line in manifest.read_text().splitlines()] == [
        "corpus.txt", "notes.txt", "seed.txt"]


def test_failing_notebook_is_named(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "broken.ipynb", "raise ValueError('no corpus here')")
    with pytest.raises(RuntimeError, match=r"broken\.ipynb failed"):
        make_figures(tmp_path / "out", notebooks=[nb])
    with pytest.raises(FileNotFoundError, match="no figure-making notebook"):
        make_figures(tmp_path / "out", notebooks=[])


def test_two_runs_identical_on_seed(tmp_path: Path) -> None:
    """``python -m toolkit figures`` twice (side by side, each in a fresh kernel): same hashes."""
    env = {k: v for k, v in os.environ.items() if k != "TOOLKIT_CORPUS"}
    runs = [subprocess.Popen([sys.executable, "-m", "toolkit", "figures", "--out",
                              str(tmp_path / name)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
            for name in ("first", "second")]
    for run in runs:
        out, _ = run.communicate(timeout=900)
        assert run.returncode == 0, out[-3000:]
        assert "MANIFEST.sha256" in out
    first = (tmp_path / "first" / MANIFEST).read_text()
    assert first == (tmp_path / "second" / MANIFEST).read_text()
    names = [line.split("  ")[1] for line in first.splitlines()]
    assert len(names) == 16 and all(n.endswith((".png", ".svg")) for n in names)
    for line in first.splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((tmp_path / "second" / name).read_bytes()).hexdigest() == digest
