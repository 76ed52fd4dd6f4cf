"""Persian plots that draw right on every matplotlib version and in every output format.

Every figure follows seaborn's contract ``f(data, ..., ax=None, **kwargs) -> Axes`` and takes
``digits="persian"|"latin"`` and ``rtl=True|False``; :func:`bar_facets`, one panel per group,
returns the Figure. A plot named like a verb of the toolkit takes that verb's table as it is
(``keyness``, ``dispersion``, ``zipf``, ``vocabulary_growth``). Text drawn from the data is
drawn literally (never mathtext), legends stand outside the axes, and :func:`network` places
labels without overlap. :func:`setup` (called by each of them) makes
*any* text matplotlib draws come out shaped and right to left, including labels set with plain
matplotlib, pandas or seaborn calls; :func:`display_text` is the single decision of how a string
is handed to a renderer; :func:`save` writes PNG/SVG/PDF with reproducible bytes.
"""

from __future__ import annotations

from .axes import PersianDigitFormatter, persian_digits, save
from .bars import bar, bar_facets, keyness
from .clouds import cloud, wordcloud
from .curves import trends, vocabulary_growth, zipf
from .fonts import font_path, use_font
from .matrix import heatmap
from .network import network
from .style import MissingGlyphWarning, setup, teardown
from .text import display_text, renderer_shapes, to_logical, to_visual
from .xray import dispersion

__all__ = [
    "MissingGlyphWarning",
    "PersianDigitFormatter",
    "bar",
    "bar_facets",
    "cloud",
    "dispersion",
    "display_text",
    "font_path",
    "heatmap",
    "keyness",
    "network",
    "persian_digits",
    "renderer_shapes",
    "save",
    "setup",
    "teardown",
    "to_logical",
    "to_visual",
    "trends",
    "use_font",
    "vocabulary_growth",
    "wordcloud",
    "zipf",
]
