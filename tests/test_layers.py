"""Layers point down: every import inside ``toolkit/`` (at the top of a module or inside a
function) goes to a module of the same or a lower layer, so no statistic imports an engine or an
app, and moving any import to the top of its module cannot create a cycle between layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"

#: lowest first; a module may import its own layer and the layers before it
LAYERS: list[tuple[str, set[str]]] = [
    ("text rules and containers", {"spacing", "folding", "stemming", "dates", "tables", "outputs",
                                   "sources", "registry", "naming"}),
    ("documents and tokens", {"normalization", "loaders", "corpus", "tokens", "cache", "parallel",
                              "preparation", "queries", "datasets"}),
    ("statistics", {"frequencies", "cooccurrences", "measures", "keywords", "distribution",
                    "diversity", "concordance", "diagnostics"}),
    ("engines and plots", {"engines", "plots", "streaming", "dask_engine"}),
    ("apps", {"apps", "report", "explorer", "figures", "__main__"}),
]


def layer_of(module: str) -> int:
    """Layer number of a dotted module name inside the package (``frequencies``,
    ``engines.streaming``, ``plots.bars``); the package root is below everything."""
    if module == "":
        return -1
    head = module.split(".")[0]
    for number, (_, names) in enumerate(LAYERS):
        if head in names:
            return number
    raise AssertionError(f"toolkit.{module} is in no layer; add it to LAYERS in {__file__}")


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, imported module inside the package) of every import statement of ``path``,
    nested ones included; ``from . import plots`` names ``plots``, ``import toolkit.x`` ``x``."""
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = [p for p in package if p]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.partition(".")[2]) for alias in node.names
                      if alias.name.partition(".")[0] == "toolkit"]
            continue
        if not isinstance(node, ast.ImportFrom):
            continue
        module = node.module.split(".") if node.module else []
        if node.level:
            base = [*package[:len(package) - node.level + 1], *module]
        elif module and module[0] == "toolkit":
            base = module[1:]
        else:
            continue
        if node.module and (node.level or len(module) > 1):
            found.append((node.lineno, ".".join(base)))
        else:  # from . import plots / from toolkit import streaming
            found += [(node.lineno, ".".join([*base, a.name])) for a in node.names]
    return found


def all_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)


def upward_imports() -> list[str]:
    wrong = []
    for path in all_modules():
        name = module_name(path)
        if name == "":  # the package root imports its public names lazily, by name
            continue
        for line, target in imports(path):
            if layer_of(target) > layer_of(name):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: toolkit.{name} "
                             f"({LAYERS[layer_of(name)][0]}) imports toolkit.{target} "
                             f"({LAYERS[layer_of(target)][0]})")
    return wrong


def test_every_module_is_in_a_layer() -> None:
    for path in all_modules():
        layer_of(module_name(path))


def test_no_import_points_up() -> None:
    assert upward_imports() == []


def test_statistics_import_no_engine_or_app() -> None:
    statistics = LAYERS[2][1]
    for path in all_modules():
        if module_name(path).split(".")[0] in statistics:
            assert all(layer_of(t) <= 2 for _, t in imports(path)), path


def test_the_walk_sees_imports_inside_functions(tmp_path: Path) -> None:
    """The checker itself: nested upward imports are found (a statistic importing an engine)."""
    fake = tmp_path / "toolkit" / "frequencies.py"
    fake.parent.mkdir()
    fake.write_text("def f():\n    from .dask_engine import frequency\n"
                    "    from . import report\n    import toolkit.explorer\n", encoding="utf-8")
    targets = [t for _, t in imports(fake, tmp_path / "toolkit")]
    assert targets == ["dask_engine", "report", "explorer"]
    assert all(layer_of(t) > layer_of("frequencies") for t in targets)


@pytest.mark.parametrize("alias, home", [("streaming", "engines.streaming"),
                                         ("dask_engine", "engines.dask_engine"),
                                         ("report", "apps.report"),
                                         ("explorer", "apps.explorer"),
                                         ("figures", "apps.figures")])
def test_documented_paths_are_the_moved_modules(alias: str, home: str) -> None:
    import importlib

    assert importlib.import_module(f"toolkit.{alias}") is importlib.import_module(f"toolkit.{home}")


def test_toolkit_report_stays_callable_after_its_module_path_is_imported() -> None:
    """``import toolkit.report`` (a documented path) binds the module to ``toolkit.report``; the
    function must still be called by that name, whichever comes first (found by the suite's order)."""
    import subprocess
    import sys

    code = ("import toolkit, inspect; f = toolkit.report; import toolkit.report; "
            "import toolkit.apps.report as m; "
            "assert callable(toolkit.report) and m.report is f; "
            "print(inspect.signature(m.report).parameters['out'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("out")
