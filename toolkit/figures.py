"""Reproducible figures: run the figure-making notebooks headlessly and hash what they wrote.

``python -m toolkit figures --out figures`` (``make figures``) executes, with nbclient, every
notebook under ``notebooks/`` whose metadata says ``{"toolkit": {"figures": true}}``
(``08_reproduce_figures``), top to bottom in a fresh kernel. The kernel gets the environment
variables ``TOOLKIT_FIGURES`` (the output folder; the notebooks save every figure there with
:func:`toolkit.plots.save`, whose bytes do not depend on the time or the run), ``MPLBACKEND=Agg``,
``PYTHONHASHSEED=0`` and, when given, ``TOOLKIT_CORPUS``. Afterwards ``MANIFEST.sha256`` lists
the SHA-256 of every file in the folder in ``sha256sum`` format (``<hex>  <path>``, paths relative
to the folder, sorted by code point), so ``cd figures && sha256sum -c MANIFEST.sha256`` checks a
copy, and two runs on the same machine and stack give identical manifests.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from tqdm.auto import tqdm

MANIFEST = "MANIFEST.sha256"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def figure_notebooks(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The notebooks of ``folder`` that make figures (metadata ``toolkit.figures`` true), sorted
    by name."""
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        meta = nbformat.read(path, as_version=4).metadata.get("toolkit", {})
        if meta.get("figures"):
            found.append(path)
    return found


def write_manifest(folder: str | Path) -> Path:
    """Write ``folder/MANIFEST.sha256``: one ``<sha256 hex>  <relative path>`` line per file
    (every file below ``folder`` but the manifest, sorted by path). Returns its path."""
    folder = Path(folder)
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    manifest = folder / MANIFEST
    manifest.write_text("".join(lines), encoding="utf-8")
    return manifest


def _clear_previous(folder: Path) -> None:
    """Remove the files a previous run listed in its manifest (nothing else is touched)."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return
    for line in manifest.read_text(encoding="utf-8").splitlines():
        (folder / line.split("  ", 1)[1]).unlink(missing_ok=True)
    manifest.unlink()


def make_figures(out: str | Path = "figures", *, corpus: str | Path | None = None,
                 notebooks: Sequence[str | Path] | None = None, timeout: int = 900) -> Path:
    """Execute the figure-making notebooks headlessly and write ``out/MANIFEST.sha256``.

    ``out`` is created if needed; files listed by a previous manifest there are removed first, so
    the manifest describes exactly this run. ``corpus`` becomes ``TOOLKIT_CORPUS`` (default: the
    notebooks' own, the teaching corpus of :mod:`toolkit.datasets`). ``notebooks`` overrides
    :func:`figure_notebooks`.
    ``timeout`` is seconds per cell. Returns the manifest path.

    Raises FileNotFoundError when there is no notebook to run, and RuntimeError naming the
    notebook, with the failing cell and its traceback, when a cell fails.
    """
    paths = [Path(p).resolve() for p in notebooks] if notebooks is not None else figure_notebooks()
    if not paths:
        raise FileNotFoundError(f"no figure-making notebook (metadata toolkit.figures) in "
                                f"{NOTEBOOKS}")
    folder = Path(out).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    _clear_previous(folder)
    env = {**os.environ, "TOOLKIT_FIGURES": str(folder), "MPLBACKEND": "Agg",
           "PYTHONHASHSEED": "0"}
    if corpus is not None:
        env["TOOLKIT_CORPUS"] = str(Path(corpus).resolve())
    else:
        env.pop("TOOLKIT_CORPUS", None)
    for path in tqdm(paths, desc="figure notebooks", unit="notebook"):
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute(env=env)
        except CellExecutionError as err:
            raise RuntimeError(f"{path.name} failed (TOOLKIT_FIGURES={folder}):\n{err}") from err
    return write_manifest(folder)
