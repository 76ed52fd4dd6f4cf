"""The built documentation site (``make docs`` -> ``site/``): reference coverage, tutorial figures
and right-to-left Persian, and a tutorial page opened in headless Chromium from ``file://``.

The site is built by ``make docs``; every test here skips, saying so, when ``site/`` is missing
(``.ci/run`` runs this file right after ``make docs``). The browser test reuses the Chromium set-up
of ``test_browser.py`` (Debian's chromium, Playwright without its own browser download), blocks
every request that is not a local file, and saves a screenshot of the page into its temporary
folder (the path is printed).
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS

import toolkit
from toolkit import plots

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
EXECUTED = ROOT / "docs" / "tutorials"
ARABIC = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def _first_strong_is_rtl(text: str) -> bool:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.skip(f"{SITE} is not built: run `make docs` first (.ci/run does)")
    return SITE


def _tutorial_pages(site: Path) -> list[Path]:
    pages = sorted((site / "tutorials").glob("[0-9][0-9]_*.html"))
    assert pages, f"no tutorial page in {site / 'tutorials'}"
    return pages


def test_every_public_name_has_a_reference_page(site: Path) -> None:
    """Each name of toolkit.__all__ and toolkit.plots.__all__ is documented under its own id."""
    missing = []
    for module, names in (("toolkit", toolkit.__all__), ("toolkit.plots", plots.__all__)):
        for name in names:
            if inspect.ismodule(getattr(importlib.import_module(module), name)):
                page = site / "reference" / "api" / f"{module}.{name}.html"
                ident = f'id="module-{module}.{name}"'
            else:
                page = site / "reference" / "api" / module / f"{name}.html"
                ident = f'id="{module}.{name}"'
            if not page.is_file() or ident not in page.read_text(encoding="utf-8"):
                missing.append(f"{module}.{name}")
    assert not missing, f"not in the reference: {missing}"


class _Outputs(HTMLParser):
    """Counts images in cell outputs and collects tables (with their dir) and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.images = 0
        self.tables: list[tuple[str | None, str]] = []
        self.unmarked_persian_cells = 0
        self._cell: list[str] | None = None
        self._cell_dir: str | None = None
        self._output_depth = 0
        self._depth = 0
        self._table: list[str] | None = None
        self._table_dir: str | None = None
        self.rtl_blocks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        if tag == "div":
            self._depth += 1
            if "cell_output" in classes and not self._output_depth:
                self._output_depth = self._depth
        if tag == "img" and self._output_depth:
            self.images += 1
        if tag == "table":
            self._table, self._table_dir = [], attr.get("dir")
            if "rtl" in classes:
                self._table_dir = "rtl"
        if tag in ("td", "th") and self._table is not None:
            self._cell = []
            self._cell_dir = "rtl" if "rtl" in classes else attr.get("dir")
        if tag in ("p", "li", "h1", "h2", "h3") and "rtl" in classes:
            self.rtl_blocks += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self._output_depth == self._depth:
                self._output_depth = 0
            self._depth -= 1
        if tag in ("td", "th") and self._cell is not None:
            if (self._table_dir != "rtl" and self._cell_dir not in ("auto", "rtl")
                    and _first_strong_is_rtl("".join(self._cell))):
                self.unmarked_persian_cells += 1
            self._cell = None
        if tag == "table" and self._table is not None:
            self.tables.append((self._table_dir, "".join(self._table)))
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._table is not None:
            self._table.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _figures_in_notebook(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum("image/png" in out.get("data", {}) or "image/svg+xml" in out.get("data", {})
               for cell in nb["cells"] for out in cell.get("outputs", []))


def test_each_tutorial_shows_its_figures_and_rtl_tables(site: Path) -> None:
    for page in _tutorial_pages(site):
        parsed = _Outputs()
        parsed.feed(page.read_text(encoding="utf-8"))
        executed = EXECUTED / f"{page.stem}.ipynb"
        expected = _figures_in_notebook(executed) if executed.is_file() else 0
        assert parsed.images >= expected, (
            f"{page.name}: {parsed.images} images in cell outputs, the executed notebook made "
            f"{expected}")
        # the toolkit's tables are dir="rtl"; in any other table a cell that starts in Persian
        # is dir="auto" (a pandas table) or has the class rtl (a table of the page's text)
        assert parsed.unmarked_persian_cells == 0, (
            f"{page.name}: {parsed.unmarked_persian_cells} table cells with Persian text are "
            "not marked right to left")
    assert sum(_figures_in_notebook(p) for p in EXECUTED.glob("[0-9][0-9]_*.ipynb")) > 0


def test_persian_blocks_are_marked_rtl(site: Path) -> None:
    """Paragraphs and list items that start in Persian carry the class rtl (the home page has a
    Persian paragraph)."""
    marked = 0
    for page in [site / "index.html", *_tutorial_pages(site), *(site / "howto").glob("*.html")]:
        parsed = _Outputs()
        parsed.feed(page.read_text(encoding="utf-8"))
        marked += parsed.rtl_blocks
    assert marked > 0


def test_no_resource_from_another_server(site: Path) -> None:
    external = re.compile(r"""<(?:script|img|iframe)\b[^>]*\bsrc=["']?(?:https?:)?//"""
                          r"""|<link\b[^>]*\brel=["']?stylesheet[^>]*href=["']?(?:https?:)?//""",
                          re.I)
    offenders = [str(p.relative_to(site)) for p in site.rglob("*.html")
                 if external.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert not offenders, f"pages loading from another server: {offenders[:5]}"


def _browser_page(site: Path) -> Path:
    """The tutorial page the browser opens: KWIC and dispersion (a figure and an RTL table), or
    the first tutorial that has both."""
    pages = _tutorial_pages(site)
    preferred = [p for p in pages if "kwic" in p.stem] + pages
    for page in preferred:
        parsed = _Outputs()
        parsed.feed(page.read_text(encoding="utf-8"))
        if parsed.images and any(d == "rtl" and ARABIC.search(t) for d, t in parsed.tables):
            return page
    pytest.fail("no tutorial page has both a figure and a right-to-left Persian table")


@pytest.mark.browser
def test_tutorial_page_in_chromium(site: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed (the `notebooks` extra)")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"chromium not found at {CHROMIUM}: install Debian's chromium package "
                    "(.ci/system-deps does)")
    page_path = _browser_page(site)
    screenshot = tmp_path / f"docs_{page_path.stem}.png"
    outside: list[str] = []
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
            args=[*CHROMIUM_ARGS, "--allow-file-access-from-files"],
            viewport={"width": 1500, "height": 1700})
        try:
            def block(route) -> None:
                url = route.request.url
                if url.startswith(("file://", "data:", "blob:")):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            context.route("**/*", block)
            page = context.new_page()
            page.goto(page_path.as_uri(), wait_until="load", timeout=60_000)
            page.evaluate("() => document.fonts.ready")

            # a figure: an image in a cell output, loaded and drawn
            figure = page.locator("div.cell_output img").first
            figure.scroll_into_view_if_needed()
            size = figure.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
            assert size[0] and size[1] > 100 and size[2] > 100, size

            # a right-to-left Persian table: dir="rtl", laid out right to left, Persian cells
            tables = page.locator("div.cell_output table[dir='rtl']")
            assert tables.count() > 0
            table = tables.first
            assert table.evaluate("t => getComputedStyle(t).direction") == "rtl"
            text = table.inner_text()
            assert ARABIC.search(text), text[:200]
            # first column on the right: the first header cell lies right of the last one
            xs = table.evaluate("t => [...t.querySelectorAll('thead th')]"
                                ".map(th => th.getBoundingClientRect().x)")
            assert xs[0] > xs[-1], xs

            # Persian prose reads right to left where the page has it
            for block_ in page.locator("p.rtl, li.rtl").all()[:5]:
                assert block_.evaluate("e => getComputedStyle(e).direction") == "rtl"

            fonts = json.loads((site / "_static" / "fonts" / "fonts.json").read_text())
            if any(name.endswith(".woff2") for name in fonts):
                assert page.evaluate(
                    "() => document.fonts.check('16px \"Vazirmatn Toolkit\"', 'ایران')")

            table.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot), full_page=False)
        finally:
            context.close()
    assert not outside, f"the page asked other servers for {outside[:5]}"
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")
