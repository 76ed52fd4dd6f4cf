"""Build the teaching corpus ``toolkit/data/classical-poetry/poems.jsonl`` from the Ganjoor files.

Usage: ``python scripts/build_teaching_corpus.py ../shared/corpora/ganjoor-poetry``

The Ganjoor poet files hold one hemistich per line with no mark between poems, so poems are cut
as follows: a ghazal (Hafez, Saadi) ends with the first couplet (beyt) that names the poet's pen
name (takhallus: حافظ, سعدی), as a ghazal's closing couplet does; a rubai (Khayyam) is four
hemistichs. The first ``PER_POET`` poems of each file are kept, the text exactly as in the file
(no normalisation: the lessons show what normalisation changes).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PER_POET = 80
OUT = Path(__file__).resolve().parents[1] / "toolkit" / "data" / "classical-poetry" / "poems.jsonl"
POETS = [("hafez", "حافظ", "ghazal"), ("saadi", "سعدی", "ghazal"), ("khayyam", "خیام", "rubai")]


def hemistichs(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[2:] if line.strip()]  # file name, "number of beyts:"


def ghazals(lines: list[str], pen_name: str) -> list[list[str]]:
    poems, current = [], []
    for i in range(0, len(lines) - 1, 2):
        current += lines[i:i + 2]
        if pen_name in lines[i] or pen_name in lines[i + 1]:
            if len(current) >= 10:  # five couplets or more: a ghazal, not a stray mention
                poems.append(current)
            current = []
    return poems


def rubais(lines: list[str]) -> list[list[str]]:
    return [lines[i:i + 4] for i in range(0, len(lines) - 3, 4)]


def main(folder: str) -> None:
    rows = []
    for poet, pen_name, form in POETS:
        lines = hemistichs(Path(folder) / f"{poet}.txt")
        poems = ghazals(lines, pen_name) if form == "ghazal" else rubais(lines)
        for number, poem in enumerate(poems[:PER_POET], start=1):
            rows.append({"doc_id": f"{poet}-{number:03d}", "poet": poet, "form": form,
                         "text": "\n".join(poem)})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    print(f"{len(rows)} poems, {OUT.stat().st_size:,} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora/ganjoor-poetry")
