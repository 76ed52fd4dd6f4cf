"""Every declared dependency imports on the running stack.

On Python 3.11 pip resolves hazm 0.10, which pins numpy 1.24; packages built for numpy 2 (pyarrow 22+,
for example) install there but fail at import. Importing each one here catches a missing or wrong
environment marker in pyproject.toml on both CI stacks.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata as md
import re

import pytest
from packaging.requirements import Requirement

DIST = "persian-text-toolkit"
EXTRAS = ("", "dev", "dask", "notebooks")
# distribution -> modules whose import proves it works (where the top-level name is not enough)
EXTRA_MODULES = {"dask": ["dask.dataframe", "distributed"], "pyarrow": ["pyarrow.parquet"]}


def _requirements() -> list[Requirement]:
    found: dict[str, Requirement] = {}
    for line in md.requires(DIST) or []:
        req = Requirement(line)
        if req.name == DIST:
            continue
        if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in EXTRAS):
            found[req.name.lower()] = req
    return sorted(found.values(), key=lambda r: r.name.lower())


@functools.cache
def _top_level_modules() -> dict[str, list[str]]:
    return md.packages_distributions()


def _modules(dist: str) -> list[str]:
    normal = re.sub(r"[-_.]+", "-", dist).lower()
    tops = sorted(
        m for m, dists in _top_level_modules().items()
        if any(re.sub(r"[-_.]+", "-", d).lower() == normal for d in dists)
        and not m.startswith("_") and m.isidentifier()
    )
    return tops + EXTRA_MODULES.get(normal, [])


@pytest.mark.parametrize("req", _requirements(), ids=lambda r: r.name)
def test_dependency_is_installed_satisfied_and_imports(req: Requirement) -> None:
    version = md.version(req.name)
    assert req.specifier.contains(version, prereleases=True), (
        f"{req.name} {version} does not satisfy {req} on this stack"
    )
    modules = _modules(req.name)
    assert modules, f"no importable module found for {req.name}"
    for module in modules:
        importlib.import_module(module)


def test_stack_matches_the_supported_pairs() -> None:
    """Python 3.11 -> hazm 0.10 / numpy 1.x; Python 3.12+ -> hazm 0.12 / numpy 2 (see README)."""
    import sys

    import numpy

    hazm_minor = tuple(int(x) for x in md.version("hazm").split(".")[:2])
    if sys.version_info[:2] == (3, 11):
        assert hazm_minor == (0, 10)
        assert numpy.__version__.startswith("1.")
    else:
        assert hazm_minor >= (0, 12)
        assert int(numpy.__version__.split(".")[0]) >= 2
