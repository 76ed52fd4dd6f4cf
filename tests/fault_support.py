"""Helpers of the fault-injection and fuzz suites: profiles, counters and report checks.

Profiles: ``TOOLKIT_FAULTS=nightly`` runs many fault cases (disk-full offsets, kills, interrupts);
the default, small, profile is what CI runs. ``TOOLKIT_FUZZ=nightly`` selects the hypothesis
profile of 10,000 examples per verb (``TOOLKIT_FUZZ_EXAMPLES`` overrides the number). The counts
actually run are printed in pytest's terminal summary ("fault injection" / "fuzzing" lines).
"""

from __future__ import annotations

import hashlib
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pandas as pd
from PIL import Image

NIGHTLY_FAULTS = os.environ.get("TOOLKIT_FAULTS", "") == "nightly"
NIGHTLY_FUZZ = os.environ.get("TOOLKIT_FUZZ", "") == "nightly"

#: what the suites ran, printed by tests/conftest.py's terminal summary
COUNTS: dict[str, Counter] = {"fault injection": Counter(), "fuzzing": Counter()}

REPORT_FILES = ("frequency.csv", "cooccurrence.csv", "diagnostics.csv", "top_words.png",
                "top_words.svg", "cooccurrence_network.png", "report.md")
CSV_COLUMNS = {"frequency.csv": {"term", "count", "per_million", "rank"},
               "cooccurrence.csv": {"w1", "w2", "count", "logdice", "pmi", "g2"},
               "diagnostics.csv": {"doc_id"}}


def hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (hidden ones included), by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def check_parses(folder: Path) -> None:
    """Every report file in ``folder`` is complete: CSV by pandas (with its columns), PNG by
    Pillow (verified and decoded), SVG as XML, and every link of ``report.md`` resolves."""
    for name in REPORT_FILES:
        path = folder / name
        assert path.is_file(), f"{name} missing"
        if name.endswith(".csv"):
            table = pd.read_csv(path, encoding="utf-8")
            assert CSV_COLUMNS[name] <= set(table.columns), (name, list(table.columns))
        elif name.endswith(".png"):
            with Image.open(path) as image:
                image.verify()
            with Image.open(path) as image:
                image.load()
        elif name.endswith(".svg"):
            root = ET.parse(path).getroot()
            assert root.tag.endswith("svg")
        else:
            page = path.read_text(encoding="utf-8")
            links = re.findall(r"\]\(([^)]+)\)", page)
            assert len(links) >= 6
            for link in links:
                assert (folder / link).is_file(), f"report.md links to missing {link}"


def report_state(folder: Path, previous: dict[str, str], new: dict[str, str],
                 extra: dict[str, str]) -> str:
    """``"previous"`` or ``"new"``: the folder holds exactly one complete report (every file
    parses, no temporary or partial file, no mix of the two runs) and the ``extra`` files the
    user keeps there, unchanged. Fails the test otherwise."""
    found = hashes(folder)
    report = {k: v for k, v in found.items() if k not in extra}
    assert {k: found.get(k) for k in extra} == extra, "a file that is not the report changed"
    assert set(report) == set(REPORT_FILES), f"unexpected files: {sorted(set(report) ^ set(REPORT_FILES))}"
    check_parses(folder)
    if report == previous:
        return "previous"
    assert report == new, "a mix of two reports: " + ", ".join(
        f"{k}: {'previous' if v == previous.get(k) else 'new' if v == new.get(k) else 'other'}"
        for k, v in sorted(report.items()))
    return "new"


def staging_leftovers(parent: Path) -> list[Path]:
    """Staging folders of the toolkit below ``parent`` (a run killed with SIGKILL leaves one)."""
    return [p for p in parent.rglob("*toolkit-staging*")]


def session_processes(sid: int) -> list[int]:
    """Live processes (not zombies) of session ``sid``, from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids
