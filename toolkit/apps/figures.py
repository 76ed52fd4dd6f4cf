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

The figures are published as a whole (:func:`toolkit.outputs.staged_output`): the notebooks write
into a staging folder (``TOOLKIT_FIGURES`` points there) and the files and the manifest are
published into the output folder in one step only when every notebook has run (the files the
previous manifest listed and this run did not make are removed in the same step), so a failing
notebook, a full disk, an interrupt or a kill leaves the previous figures and manifest untouched.
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

from ..outputs import STAGING, staged_output, write_text

MANIFEST = "MANIFEST.sha256"
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


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
    return write_text(folder / MANIFEST, _manifest(_files(folder)))


def _files(folder: Path) -> dict[str, Path]:
    """Every file below ``folder`` but the manifest, by its POSIX path relative to ``folder``."""
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
            if p.is_file() and p.name != MANIFEST
            and not p.relative_to(folder).parts[0].startswith(STAGING)}


def _manifest(files: dict[str, Path]) -> str:
    """``sha256sum`` lines for ``files`` (relative name -> path), sorted by name."""
    return "".join(f"{hashlib.sha256(files[name].read_bytes()).hexdigest()}  {name}\n"
                   for name in sorted(files))


def _listed(folder: Path) -> set[str]:
    """The files a previous run listed in ``folder``'s manifest."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return set()
    return {line.split("  ", 1)[1] for line in manifest.read_text(encoding="utf-8").splitlines()
            if "  " in line}


def make_figures(out: str | Path = "figures", *, corpus: str | Path | None = None,
                 notebooks: Sequence[str | Path] | None = None, timeout: int = 900) -> Path:
    """Execute the figure-making notebooks headlessly and write ``out/MANIFEST.sha256``.

    ``out`` is created if needed; files listed by a previous manifest there and not made again
    are removed, so the manifest describes exactly this run (and the files of ``out`` that no run
    made). Everything is published at the end, as a whole: when a notebook fails, ``out`` is
    left as it was. ``corpus`` becomes ``TOOLKIT_CORPUS`` (default: the notebooks' own, the
    teaching corpus of :mod:`toolkit.datasets`). ``notebooks`` overrides
    :func:`figure_notebooks`.
    ``timeout`` is seconds per cell. Returns the manifest path.

    Raises FileNotFoundError when there is no notebook to run, RuntimeError naming the
    notebook, with the failing cell and its traceback, when a cell fails, and
    :class:`toolkit.outputs.WriteError` naming the file when writing fails.
    """
    paths = [Path(p).resolve() for p in notebooks] if notebooks is not None else figure_notebooks()
    if not paths:
        raise FileNotFoundError(f"no figure-making notebook (metadata toolkit.figures) in "
                                f"{NOTEBOOKS}")
    folder = Path(out).resolve()
    previous = _listed(folder)
    with staged_output(folder, "figures", last=MANIFEST) as stage:
        env = {**os.environ, "TOOLKIT_FIGURES": str(stage.folder), "MPLBACKEND": "Agg",
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
                raise RuntimeError(f"{path.name} failed (TOOLKIT_FIGURES={folder}):\n{err}"
                                   ) from err
        made = _files(stage.folder)
        kept = {name: p for name, p in _files(folder).items() if name not in previous} \
            if folder.is_dir() else {}
        with stage.writing(MANIFEST) as manifest:
            manifest.write_text(_manifest({**kept, **made}), encoding="utf-8")
        stage.drop(previous - set(made))
    return folder / MANIFEST
