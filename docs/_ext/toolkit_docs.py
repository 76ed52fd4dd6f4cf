"""Build steps of the documentation site that Sphinx does not do by itself.

- **Tutorials**: every numbered notebook ``notebooks/NN_*.ipynb`` is executed with nbclient in a
  fresh kernel, in ``notebooks/`` (as a student runs it) on the notebook's own default corpus
  (``TOOLKIT_CORPUS`` is removed), with this checkout's ``toolkit`` first on ``PYTHONPATH`` and
  matplotlib's inline backend, and written with its outputs to ``docs/tutorials/`` (generated,
  not committed). A cell that raises stops the build, naming the notebook and the cell. Solution
  cells (``# SOLUTION``) are folded behind "show code"; a live widget, which needs a kernel, is
  replaced by a note saying so. Executed copies are kept in ``docs/_build/executed`` keyed by the
  notebook and the toolkit's sources, so a rebuild without changes does not execute again.
- **Getting started**: the main job (``python -m toolkit report seeds``) writes its files into
  ``docs/_generated/report``, and the page shows its figures.
- **Reference**: one page per name of ``toolkit.__all__`` and ``toolkit.plots.__all__``, written
  from the lists at build time, so a new public name gets its page without editing the docs.
- **Checks**: a public object without a docstring is a warning (an error with ``-W``).
- **Right to left**: paragraphs, list items, table cells and titles whose first strong character
  is right-to-left get the class ``rtl`` (the stylesheet sets ``direction: rtl`` on it), the
  same rule as HTML's ``dir="auto"``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
NOTEBOOKS = ROOT / "notebooks"
TUTORIALS = DOCS / "tutorials"
GENERATED = DOCS / "_generated"
REFERENCE = DOCS / "reference" / "api"
EXECUTED = DOCS / "_build" / "executed"
FONTS = ROOT / ".cache" / "docs-fonts"

SOLUTION_PREFIX = "# SOLUTION"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<div class="admonition note"><p class="admonition-title">Interactive widget</p>'
    "<p>This output is a live ipywidgets application: it needs a running Python kernel. Open "
    "the notebook in JupyterLab to use it; the cells below drive the same controls from code "
    "and show their tables.</p></div>")


def _kernel_env(out: Path) -> dict[str, str]:
    """Environment of the kernels: this checkout first, default corpus, inline figures."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("TOOLKIT_CORPUS", None)
    env.pop("MPLBACKEND", None)
    env["PYTHONHASHSEED"] = "0"
    # notebooks that save files write them into the build folder, never into the checkout
    env["TOOLKIT_FIGURES"] = str(out / "figures")
    env["TOOLKIT_GALLERY"] = str(out / "gallery")
    return env


def _sources_digest() -> str:
    """SHA-256 of the toolkit's sources and shipped data (a change re-executes the notebooks)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "toolkit").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    for path in sorted((ROOT / "seeds").rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def tutorial_notebooks() -> list[Path]:
    """The tutorials: ``notebooks/NN_*.ipynb`` in name order."""
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


PANDAS_CELL = re.compile(r"<(td|th)(\s[^>]*)?>")


def _cells_dir_auto(html: str) -> str:
    """A pandas table holding Persian: every cell gets ``dir="auto"`` (its direction from its
    first strong character, so a Persian cell reads and aligns right to left). The toolkit's own
    tables (``RTLFrame``) already say ``dir="rtl"`` and are left as they are."""
    if 'dir="rtl"' in html or not re.search("[\u0600-\u06FF]", html):
        return html
    return PANDAS_CELL.sub(lambda m: m.group(0) if "dir=" in (m.group(2) or "")
                           else f'<{m.group(1)} dir="auto"{m.group(2) or ""}>', html)


def _prepare_for_site(nb: Any) -> Any:
    """Fold solution cells; replace live widgets (they need a kernel) by a note; mark the cells
    of pandas tables holding Persian ``dir="auto"``."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().upper().startswith(SOLUTION_PREFIX):
            tags = cell.metadata.setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                output["data"] = {"text/html": WIDGET_NOTE, "text/plain": "[interactive widget]"}
            elif "text/html" in data:
                html = data["text/html"]
                html = "".join(html) if isinstance(html, list) else html
                data["text/html"] = _cells_dir_auto(html)
    nb.metadata.pop("widgets", None)
    return nb


def _execute(path: Path, out: Path, digest: str) -> tuple[Path, float | None]:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    source = path.read_bytes()
    key = hashlib.sha256(source + digest.encode()).hexdigest()[:16]
    cached = EXECUTED / f"{path.stem}-{key}.ipynb"
    target = TUTORIALS / path.name
    seconds = None
    if not cached.is_file():
        start = time.perf_counter()
        nb = nbformat.reads(source.decode("utf-8"), as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                                resources={"metadata": {"path": str(NOTEBOOKS)}})
        # the kernel process's own log (not the cells' output) goes to a file in the build folder
        log = out / f"{path.stem}.kernel.log"
        try:
            with log.open("wb") as stderr:
                client.execute(env=_kernel_env(out), stderr=stderr)
        except CellExecutionError as err:
            raise ExtensionError(f"notebook {path.relative_to(ROOT)} raised:\n{err}") from err
        tmp = cached.with_suffix(".tmp")
        nbformat.write(nb, str(tmp))
        os.replace(tmp, cached)
        for stale in EXECUTED.glob(f"{path.stem}-*.ipynb"):
            if stale != cached:
                stale.unlink()
        seconds = time.perf_counter() - start
    # the executed notebook is cached as it ran; what the site shows is prepared from it
    nb = _prepare_for_site(nbformat.read(str(cached), as_version=4))
    tmp = target.with_suffix(".tmp")
    nbformat.write(nb, str(tmp))
    os.replace(tmp, target)
    return target, seconds


def execute_tutorials(app: Sphinx) -> None:
    """Execute the tutorial notebooks into ``docs/tutorials`` (two at a time)."""
    EXECUTED.mkdir(parents=True, exist_ok=True)
    TUTORIALS.mkdir(exist_ok=True)
    out = DOCS / "_build" / "notebook-files"
    out.mkdir(parents=True, exist_ok=True)
    paths = tutorial_notebooks()
    if not paths:
        raise ExtensionError(f"no tutorial notebook (NN_*.ipynb) in {NOTEBOOKS}")
    for stale in TUTORIALS.glob("*.ipynb"):
        if stale.name not in {p.name for p in paths}:
            stale.unlink()
    digest = _sources_digest()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for target, seconds in pool.map(lambda p: _execute(p, out, digest), paths):
            logger.info(f"tutorial {target.name}: "
                        + (f"executed in {seconds:.1f} s" if seconds else "unchanged, cached"))
    _finish_main_job(app)


def run_main_job(app: Sphinx) -> None:
    """``python -m toolkit report seeds --out docs/_generated/report`` (the getting-started
    page), run while the tutorials execute; :func:`execute_tutorials` waits for it."""
    out = GENERATED / "report"
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    env = _kernel_env(DOCS / "_build" / "notebook-files")
    env["MPLBACKEND"] = "Agg"
    log = (DOCS / "_build" / "main-job.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as handle:
        app.toolkit_main_job = subprocess.Popen(  # type: ignore[attr-defined]
            [sys.executable, "-m", "toolkit", "report", "seeds", "--out", str(out)],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def _finish_main_job(app: Sphinx) -> None:
    out = GENERATED / "report"
    code = app.toolkit_main_job.wait()  # type: ignore[attr-defined]
    if code:
        text = (DOCS / "_build" / "main-job.log").read_text(encoding="utf-8", errors="replace")
        raise ExtensionError(f"the main job failed ({code}):\n{text[-3000:]}")
    for name in ("top_words.png", "cooccurrence_network.png", "frequency.csv"):
        if not (out / name).is_file():
            raise ExtensionError(f"the main job wrote no {name} into {out}")
    lines = (out / "frequency.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "frequency-head.csv").write_text("".join(lines[:11]), encoding="utf-8")


def _summary(obj: Any, modname: str = "", name: str = "") -> str:
    if _kind(obj) == "data":  # a constant: its ``#:`` comment, not its type's docstring
        from sphinx.pycode import ModuleAnalyzer

        lines = ModuleAnalyzer.for_module(modname).find_attr_docs().get(("", name), [])
        return " ".join(line.strip() for line in lines).split(". ")[0]
    doc = (getattr(obj, "__doc__", None) or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ") if doc else ""


def _kind(obj: Any) -> str:
    import inspect

    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if callable(obj):
        return "function"
    return "data"


def _public(module: Any) -> list[tuple[str, Any]]:
    return [(name, getattr(module, name)) for name in module.__all__]


def write_reference(app: Sphinx) -> None:
    """One page per public name of ``toolkit`` and ``toolkit.plots`` (and of every public
    submodule listed in ``toolkit.__all__``), plus one index page per module."""
    import importlib

    import toolkit

    if REFERENCE.exists():
        shutil.rmtree(REFERENCE)
    REFERENCE.mkdir(parents=True)
    modules = ["toolkit"] + [f"toolkit.{name}" for name, obj in _public(toolkit)
                             if _kind(obj) == "module"]
    for modname in modules:
        module = importlib.import_module(modname)
        folder = REFERENCE / modname
        folder.mkdir()
        rows, pages = [], []
        for name, obj in _public(module):
            kind = _kind(obj)
            full = f"{modname}.{name}"
            if kind == "module":
                rows.append(f"   * - :mod:`{full}`\n     - {_summary(obj)}")
                continue
            directive = {"class": "autoclass", "exception": "autoexception",
                         "function": "autofunction", "data": "autodata"}[kind]
            title = f"{modname}.{name}"
            (folder / f"{name}.rst").write_text(
                f"{title}\n{'=' * len(title)}\n\n.. currentmodule:: {modname}\n\n"
                f".. {directive}:: {name}\n"
                + ("   :members:\n" if kind in ("class", "exception") else ""), encoding="utf-8")
            pages.append(f"{modname}/{name}")
            rows.append(f"   * - :{'py:' + ('func' if kind == 'function' else 'obj')}:"
                        f"`{full}`\n     - {_summary(obj, modname, name) or '(no docstring)'}")
        title = f"``{modname}``"
        toctree = "\n".join(f"   {p}" for p in pages)
        (REFERENCE / f"{modname}.rst").write_text(
            f"{title}\n{'=' * len(title)}\n\n.. automodule:: {modname}\n   :no-members:\n\n"
            f".. list-table::\n   :header-rows: 1\n   :widths: 30 70\n\n"
            f"   * - name\n     - what it is\n" + "\n".join(rows) + "\n\n"
            f".. toctree::\n   :hidden:\n\n{toctree}\n", encoding="utf-8")


def _defined_names(module: Any, exported: set[int]) -> list[str]:
    """Names a support module documents: its ``__all__``, or the public functions and classes
    defined in it that have a docstring; names already on a public page are left out."""
    import inspect

    names = getattr(module, "__all__", None)
    if names is None:
        source = inspect.getsource(module)
        names = [name for name, obj in vars(module).items()
                 if not name.startswith("_")
                 and (((inspect.isfunction(obj) or inspect.isclass(obj))
                      and getattr(obj, "__module__", None) == module.__name__
                      and (obj.__doc__ or "").strip())
                      # module constants, documented by their ``#:`` comment
                      or (name.isupper() and re.search(rf"^{name}\s*[:=]", source, re.M)))]
    return [name for name in names if id(getattr(module, name)) not in exported]


def write_module_pages(app: Sphinx) -> None:
    """One page per submodule of ``toolkit`` (its docstring, and the names it defines that no
    public page documents), so that every ``:mod:`` and ``:func:`` of a docstring has a target."""
    import importlib
    import pkgutil

    import toolkit

    exported = {id(obj) for _, obj in _public(toolkit)}
    exported |= {id(obj) for _, obj in _public(toolkit.plots)}
    public_names = {f"toolkit.{name}" for name in toolkit.__all__}
    public_names |= {f"toolkit.plots.{name}" for name in toolkit.plots.__all__}
    folder = REFERENCE / "modules"
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(m.name for m in pkgutil.walk_packages(toolkit.__path__, "toolkit.")
                   if not m.name.endswith("__main__"))
    # public submodules (toolkit.plots, toolkit.datasets) have their page in the reference
    own_pages = {f"toolkit.{name}" for name, obj in _public(toolkit) if _kind(obj) == "module"}
    for modname in names:
        if modname in own_pages:
            continue
        module = importlib.import_module(modname)
        members = _defined_names(module, exported)
        title = f"``{modname}``"
        body = f"{title}\n{'=' * len(title)}\n\n.. automodule:: {modname}\n"
        if modname in public_names:
            # toolkit.report the module vs toolkit.report the function: the module gets no
            # target, its other names are documented one by one
            body += f"   :no-index:\n   :no-members:\n\n.. currentmodule:: {modname}\n\n"
            for name in members:
                kind = _kind(getattr(module, name))
                directive = {"class": "autoclass", "exception": "autoexception",
                             "function": "autofunction", "data": "autodata"}[kind]
                body += f".. {directive}:: {name}\n" + (
                    "   :members:\n" if kind in ("class", "exception") else "") + "\n"
        else:
            body += f"   :members: {', '.join(members)}\n" if members else "   :no-members:\n"
        (folder / f"{modname}.rst").write_text(body, encoding="utf-8")


def resolve_public_alias(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """``toolkit.frequencies.frequency`` -> the page of ``toolkit.frequency`` (same object)."""
    import importlib

    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("toolkit."):
        return None
    modname, _, attr = target.rpartition(".")
    try:
        obj = getattr(importlib.import_module(modname), attr)
    except (ImportError, AttributeError, ValueError):
        return None
    for public in ("toolkit", "toolkit.plots"):
        module = importlib.import_module(public)
        for name, candidate in _public(module):
            if candidate is obj and f"{public}.{name}" != target:
                domain = env.get_domain("py")
                return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                                           f"{public}.{name}", node, contnode)
    return None


def missing_docstrings() -> list[str]:
    """Public names (and public methods and properties of public classes) without a docstring."""
    import importlib
    import inspect

    import toolkit

    missing = []
    modules = ["toolkit"] + [f"toolkit.{name}" for name, obj in _public(toolkit)
                             if _kind(obj) == "module"]
    for modname in modules:
        for name, obj in _public(importlib.import_module(modname)):
            if not (obj.__doc__ or "").strip():
                missing.append(f"{modname}.{name}")
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    func = value.fget if isinstance(value, property) else value
                    func = getattr(func, "__func__", func)
                    if callable(func) and not (getattr(func, "__doc__", None) or "").strip():
                        missing.append(f"{modname}.{name}.{attr}")
    return missing


def check_docstrings(app: Sphinx) -> None:
    """A public object without a docstring is a warning (an error with -W)."""
    for name in missing_docstrings():
        logger.warning(f"{name} has no docstring: say what it takes, returns and raises",
                       type="toolkit", subtype="docstring")


def _first_strong_is_rtl(text: str) -> bool:
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


class MarkRightToLeft(SphinxPostTransform):
    """Class ``rtl`` on text blocks whose first strong character is right to left."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(
                lambda n: isinstance(n, nodes.paragraph | nodes.title | nodes.list_item
                                     | nodes.entry | nodes.line | nodes.caption)):
            if _first_strong_is_rtl(node.astext()) and "rtl" not in node["classes"]:
                node["classes"].append("rtl")


def copy_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Put the Persian web font (fetched by ``make docs`` from the npm registry, if it could)
    next to the stylesheet; without it the font stack falls back to installed fonts."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(FONTS.glob("*")) if FONTS.is_dir() else []:
        if path.suffix in (".woff2", ".txt"):
            shutil.copyfile(path, target / path.name)
            copied.append(path.name)
    if not any(name.endswith(".woff2") for name in copied):
        logger.info("Vazirmatn not found in .cache/docs-fonts: Persian text uses the reader's "
                    "installed fonts (Noto Naskh Arabic, DejaVu Sans, ...)")
    (target / "fonts.json").write_text(json.dumps(copied), encoding="utf-8")


EXTERNAL = re.compile(r"""<(?:script|img|iframe|source)\b[^>]*\bsrc=["']?(?:https?:)?//"""
                      r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//[^>]*>|url\(["']?(?:https?:)?//""",
                      re.I)


def check_offline(app: Sphinx, exception: Exception | None) -> None:
    """Warn for any page or stylesheet that would load something from another server."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for path in sorted([*outdir.rglob("*.html"), *outdir.rglob("*.css")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in EXTERNAL.finditer(text):
            snippet = match.group(0)
            if snippet.lower().startswith("<link") and not re.search(
                    r"rel=[\"']?(stylesheet|preload|icon|modulepreload)", snippet, re.I):
                continue  # a plain hyperlink-like <link> (canonical, license) loads nothing
            logger.warning(f"{path.relative_to(outdir)} loads {snippet[:120]!r} from another "
                           "server; the site must work offline", type="toolkit", subtype="offline")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", write_reference)
    app.connect("builder-inited", write_module_pages)
    app.connect("builder-inited", check_docstrings)
    app.connect("builder-inited", run_main_job)
    app.connect("builder-inited", execute_tutorials)  # waits for the main job at its end
    app.connect("missing-reference", resolve_public_alias)
    app.connect("build-finished", copy_fonts)
    app.connect("build-finished", check_offline)
    app.add_post_transform(MarkRightToLeft)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
