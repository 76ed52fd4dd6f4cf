"""``make student``: student copies of the notebooks with the solution code removed, whose check
cells fail until solved (scripts/student_notebooks.py)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _script():
    spec = importlib.util.spec_from_file_location("student_notebooks",
                                                  ROOT / "scripts" / "student_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("student")
    before = {p: p.read_bytes() for p in NOTEBOOKS}
    assert _script().main(str(ROOT / "notebooks"), str(out)) == 0
    assert {p: p.read_bytes() for p in NOTEBOOKS} == before  # the originals are only read
    return out


def test_no_solution_code_left(copies: Path) -> None:
    solutions = 0
    for original in NOTEBOOKS:
        nb = nbformat.read(copies / original.name, as_version=4)
        source = nbformat.read(original, as_version=4)
        checks = [c.source for c in source.cells if c.source.lstrip().startswith("# CHECK")]
        assert [c.source for c in nb.cells if c.source.lstrip().startswith("# CHECK")] == checks
        for cell in nb.cells:
            assert not cell.get("outputs")
            if cell.cell_type == "code" and cell.source.lstrip().startswith("# SOLUTION"):
                solutions += 1
                heading, *rest = cell.source.splitlines()
                assert heading.endswith("(your code here; the check cell below tests it)")
                assert rest and all(line.startswith("answer_") and line.endswith(" = None")
                                    for line in rest), cell.source
        if checks:
            assert "Student copy" in nb.cells[1].source
    assert solutions >= 15  # three exercises in each of notebooks 02-06


def test_check_cells_fail_until_solved(copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOOLKIT_CORPUS", raising=False)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT),
                                                                  os.environ.get("PYTHONPATH")])))
    path = copies / "03_frequency_and_zipf.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    checks = [c for c in nb.cells if c.source.lstrip().startswith("# CHECK")]
    assert len(checks) == 3
    for cell in checks:
        assert any(out.get("output_type") == "error" for out in cell.outputs), cell.source
    others = [c for c in nb.cells if c.cell_type == "code" and c not in checks]
    assert not any(out.get("output_type") == "error" for c in others for out in c.outputs)
