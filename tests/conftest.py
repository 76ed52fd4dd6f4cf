"""Shared fixtures: the seed corpus and, when present, the read-only ../shared material."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared; tests that need it skip with a clear message when it is absent."""
    if not (SHARED / "corpora").is_dir():
        pytest.skip(f"shared corpora not found at {SHARED} (tests that need real corpora skip)")
    return SHARED


@pytest.fixture(scope="session")
def corpora_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpora"


def persian_case(case_id: str) -> dict:
    """One case from ../shared/cases/persian_cases.json; skips the test when it is absent."""
    path = SHARED / "cases" / "persian_cases.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    cases = {c["id"]: c for c in json.loads(path.read_text(encoding="utf-8"))["cases"]}
    return cases[case_id]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What the fault-injection and fuzz suites ran (cases per kind, examples per verb)."""
    from fault_support import COUNTS

    for title, counts in COUNTS.items():
        if counts:
            terminalreporter.write_line(f"{title}: " + ", ".join(
                f"{kind} {n}" for kind, n in sorted(counts.items())))
