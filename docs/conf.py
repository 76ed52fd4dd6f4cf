"""Sphinx configuration of the documentation site (``make docs`` -> ``site/``).

Built offline with warnings as errors (``sphinx-build -W --keep-going -n``): a public name
without a docstring, a cross-reference that does not resolve inside the toolkit, or a notebook
cell that raises fails the build. ``_ext/toolkit_docs.py`` executes the tutorials, runs the main
job on ``seeds/`` for the getting-started page and writes the reference pages from ``__all__``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]

import toolkit  # noqa: E402  (this checkout's toolkit, not an installed copy)

project = "Persian text toolkit"
author = "Persian text toolkit contributors"
copyright = "the Persian text toolkit contributors (MIT licence)"
release = version = toolkit.__version__
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "myst_nb",
    "toolkit_docs",
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints", "README.md", "_generated"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"

# -- cross-references: everything inside ``toolkit`` must resolve (-n). Other libraries' names
# (pandas, numpy, matplotlib, ...) are left unlinked: their inventories would have to be
# downloaded, and the build is offline.
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(?!toolkit\b).*")]
default_role = "py:obj"

# -- API reference
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_default_options = {"undoc-members": True}
autodoc_inherit_docstrings = False
autosummary_generate = False
python_use_unqualified_type_names = True
add_module_names = False

# -- notebooks: executed by toolkit_docs before the build (in notebooks/, on their own default
# corpus), so myst-nb only renders them.
nb_execution_mode = "off"
nb_execution_raise_on_error = True
nb_merge_streams = True
nb_ipywidgets_js: dict = {}  # no widget JS from a CDN; live widgets need a kernel anyway
myst_enable_extensions = ["colon_fence", "deflist", "attrs_block"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]

# -- HTML: PyData theme, no external resources at view time
html_theme = "pydata_sphinx_theme"
html_title = "Persian text toolkit"
html_static_path = ["_static"]
html_css_files = ["toolkit.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    # tutorials: the KWIC and frequency tables need the width of the secondary sidebar
    # (exact page names: a page matching two wildcard patterns is a warning)
    "secondary_sidebar_items": {"**": ["page-toc"], **{
        f"tutorials/{p.stem}": [] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}},
    "icon_links": [],
}
html_context = {"default_mode": "light"}
html_sidebars = {"index": [], "getting-started": []}
