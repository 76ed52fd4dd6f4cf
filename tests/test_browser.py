"""A real browser: JupyterLab on 127.0.0.1, ``07_explorer`` run in headless Chromium (Playwright).

The test starts JupyterLab on a free port with a random token in a temporary root holding a copy
of ``notebooks/07_explorer.ipynb`` and a link to ``seeds/``, runs every cell through JupyterLab's
own ``notebook:run-all-cells`` command, types a term into the explorer's term box and checks in
the DOM that the KWIC table and the collocates table changed to show it. A screenshot is saved as
``out/browser_explorer-py3.X.png`` (one per Python version, as CI runs both stacks at once).

Chromium is Debian's package (``.ci/system-deps`` installs it); Playwright's own browser
download is never used. The test skips, saying why, where chromium, playwright or jupyterlab is
missing. Run only this test with ``pytest -m browser``; leave it out with ``-m 'not browser'``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "07_explorer.ipynb"
SCREENSHOT = ROOT / "out" / f"browser_explorer-py{sys.version_info[0]}.{sys.version_info[1]}.png"
CHROMIUM = os.environ.get("TOOLKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The term typed into the box: in the teaching corpus the notebook opens (79 times), not its node.
TERM = "عشق"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer {url} within {timeout:.0f} s:\n"
                f"{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the explorer notebook in a running JupyterLab (server stopped afterwards)."""
    pytest.importorskip("jupyterlab", reason="jupyterlab not installed (the `notebooks` extra)")
    if not NOTEBOOK.is_file():
        pytest.skip(f"{NOTEBOOK} not found")
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, root / "notebooks" / NOTEBOOK.name)
    (root / "seeds").symlink_to(ROOT / "seeds", target_is_directory=True)
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".jupyter"),
           "JUPYTER_RUNTIME_DIR": str(root / ".runtime"), "MPLBACKEND": "Agg"}
    env.pop("TOOLKIT_CORPUS", None)
    log = root / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0", "--allow-root", "--LabApp.expose_app_in_browser=True",
        "--LabApp.extension_manager=readonly",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabServerApp.workspaces_dir=" + str(root / ".workspaces"),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", process, log)
        yield f"{base}/lab/tree/notebooks/{NOTEBOOK.name}?token={token}&reset"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _table_text(page, selector: str) -> str:
    return page.locator(selector).first.inner_text(timeout=60_000)


def test_explorer_in_chromium(lab: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed (the `notebooks` extra)")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"chromium not found at {CHROMIUM}: install Debian's chromium package "
                    "(.ci/system-deps does)")

    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1800})
        try:
            page = context.new_page()
            page.goto(lab, wait_until="domcontentloaded", timeout=90_000)
            page.wait_for_function(
                "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                " && window.jupyterapp.shell.currentWidget.sessionContext"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
                timeout=90_000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")

            kwic = ".toolkit-explorer-kwic table"
            colloc = ".toolkit-explorer-collocates table"
            page.wait_for_selector(kwic, timeout=120_000)
            page.wait_for_selector(colloc, timeout=60_000)
            # every cell has run (no "[*]" prompt left) and the kernel is idle
            page.wait_for_function(
                "() => { const w = window.jupyterapp.shell.currentWidget;"
                " const prompts = [...document.querySelectorAll('.jp-InputPrompt')];"
                " return w.sessionContext.session.kernel.status === 'idle'"
                " && prompts.length > 0 && prompts.every(p => !p.innerText.includes('*')); }",
                timeout=120_000)
            kwic_before = _table_text(page, kwic)
            colloc_before = _table_text(page, colloc)
            assert TERM not in page.locator(".toolkit-explorer-status").first.inner_text()

            box = page.locator(".toolkit-explorer-term input").first
            box.fill(TERM)
            box.press("Enter")
            page.wait_for_function(
                "([sel, term]) => document.querySelector(sel).innerText.includes(term)",
                arg=[".toolkit-explorer-status", TERM], timeout=60_000)
            page.wait_for_function(
                "([sel, before]) => { const t = document.querySelector(sel);"
                " return t && t.innerText !== before; }",
                arg=[kwic, kwic_before], timeout=60_000)
            page.wait_for_function(
                "([sel, before]) => { const t = document.querySelector(sel);"
                " return t && t.innerText !== before; }",
                arg=[colloc, colloc_before], timeout=60_000)

            nodes = page.locator(f"{kwic} tbody tr").all_inner_texts()
            assert nodes, "the KWIC table has no rows after typing the term"
            assert all(TERM in row for row in nodes), nodes[:3]
            assert page.locator(kwic).first.get_attribute("dir") == "rtl"
            assert page.locator(f"{colloc} tbody tr").count() > 0

            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.locator(".toolkit-explorer").first.screenshot(path=str(SCREENSHOT))
        finally:
            context.close()
    assert SCREENSHOT.stat().st_size > 10_000
