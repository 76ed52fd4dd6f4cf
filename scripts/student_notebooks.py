"""Student copies of the teaching notebooks: ``make student`` (``python scripts/student_notebooks.py
notebooks student``).

Every code cell that starts with ``# SOLUTION`` keeps only its heading and the names it must
define, each set to ``None``; the ``# CHECK`` cells are kept as they are, so each fails until the
student has written a solution. Outputs are cleared and a note heads every copy. The originals
are only read; each copy is written whole (a temporary file, then renamed).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

SOLUTION = re.compile(r"\s*#\s*SOLUTION\b")
ANSWER = re.compile(r"^(answer_\w+)\s*=", re.M)
NOTE = ("> **Student copy.** The solution cells are empty: write your code where it says so, "
        "then run the check cell after it. A check fails until your answer is right.")


def student_cell(source: str) -> str:
    """A solution cell's source with the code removed: its heading, a hint, ``answer_N = None``."""
    heading = source.strip().splitlines()[0].split("(")[0].strip()
    names = list(dict.fromkeys(ANSWER.findall(source)))
    lines = [f"{heading} (your code here; the check cell below tests it)"]
    lines += [f"{name} = None" for name in names]
    return "\n".join(lines)


def student_copy(path: Path, out: Path) -> Path:
    """Write the student copy of the notebook ``path`` into the folder ``out``; returns its path."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if SOLUTION.match(cell.source):
            cell.source = student_cell(cell.source)
        cell.outputs, cell.execution_count = [], None
    if any(SOLUTION.match(c.source) for c in nb.cells if c.cell_type == "code"):
        note = nbformat.v4.new_markdown_cell(NOTE)
        note.id = "student-copy-note"  # fixed, so two runs write the same bytes
        nb.cells.insert(1, note)
    target = out / path.name
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out, suffix=".tmp",
                                     delete=False) as handle:
        nbformat.write(nb, handle)
    os.replace(handle.name, target)
    return target


def main(source: str = "notebooks", out: str = "student") -> int:
    folder, target = Path(source), Path(out)
    if target.resolve() == folder.resolve():
        print(f"error: {out} is the notebook folder itself; choose another", file=sys.stderr)
        return 2
    target.mkdir(parents=True, exist_ok=True)
    written = [student_copy(p, target) for p in sorted(folder.glob("*.ipynb"))]
    print(f"Wrote {len(written)} student notebooks to {target}/ (solution cells emptied)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
