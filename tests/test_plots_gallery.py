"""The plots gallery notebook draws every figure, and two runs write byte-identical PNG files.

(tests/test_notebooks.py runs every notebook in a fresh kernel; here the gallery's code cells run
twice in this process, each run into its own folder, to compare the files byte for byte.)"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "plots_gallery.ipynb"
FIGURES = {"01_bar", "02_bar_rtl", "04_zipf", "05_vocabulary_growth", "06_keyness", "07_heatmap",
           "08_network", "09_wordcloud", "10_comparison", "11_dispersion", "12_trends",
           "13_plain_matplotlib"}


def run_gallery(out: Path, corpus: Path, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setenv("TOOLKIT_GALLERY", str(out))
    monkeypatch.setenv("TOOLKIT_CORPUS", str(corpus))
    monkeypatch.chdir(NOTEBOOK.parent)
    namespace: dict = {"__name__": "__gallery__"}
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, str(NOTEBOOK), "exec"), namespace)
    plt.close("all")
    return {p.stem: p.read_bytes() for p in out.glob("*.png")}


@pytest.mark.slow
def test_gallery_draws_every_figure_with_identical_bytes(tmp_path, seeds_dir, monkeypatch):
    first = run_gallery(tmp_path / "a", seeds_dir, monkeypatch)
    second = run_gallery(tmp_path / "b", seeds_dir, monkeypatch)
    assert set(first) >= FIGURES
    assert first == second
