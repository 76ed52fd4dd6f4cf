"""How a Persian string must be handed to a text renderer: unchanged, or reshaped and reordered.

Arabic-script text is stored in *logical* order (the order it is typed and read). A renderer that
shapes text itself (matplotlib >= 3.11 through libraqm, Pillow with raqm, browsers) must receive
that logical string; a renderer that does not (matplotlib <= 3.10 draws one glyph per code point,
left to right) must receive the *visual* string: letters replaced by their contextual
presentation forms (``arabic_reshaper``, configured for the font's glyphs) and reordered by the
Unicode Bidirectional Algorithm (UAX #9, ``python-bidi``'s pure-Python implementation, which also
mirrors brackets; case B21), each line with the base direction of its first strong character
(:func:`rtl_paragraph`), diacritics kept. Which of the two a renderer needs is decided by probing
it (:func:`renderer_shapes`), never from a version string, and a string is never shaped twice.
An SVG written with ``svg.fonttype = "none"`` holds the logical string (the viewer shapes it).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Any, Literal

import arabic_reshaper
import matplotlib
import numpy as np
from bidi.algorithm import get_display
from PIL import Image, ImageDraw, ImageFont

from .fonts import font_path

#: Arabic-script letters (Arabic, Arabic Supplement, Arabic Extended-A) in logical form; digits
#: and punctuation are not letters, so ``۱۴۰۲`` or ``-۵`` alone keep a left-to-right direction.
ARABIC = re.compile("[\u0620-\u064a\u066e-\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f"
                    "\u08a0-\u08ff]")
#: Arabic presentation forms: a string holding them has been shaped already.
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
#: Explicit bidi marks, embeddings, overrides and isolates (LRM, RLM, ALM, U+202A-U+202E,
#: U+2066-U+2069). They are removed before rendering (case B23): the legacy bidi algorithm
#: fails on isolates, and the logical string keeps its own direction from its letters.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
#: Control characters (Unicode category Cc) other than the line break: no font has a glyph for
#: them, so they would be drawn as boxes. A tab becomes a space, the others are removed.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Arabic combining marks (harakat: fatha, kasra, damma, tanwin, shadda, sukun, hamza above and
#: below, superscript alef, Quranic marks).
MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7"
                   "\u06e8\u06ea-\u06ed\u08d3-\u08ff]+")
_MARKS_BEFORE_BASE = re.compile(f"({MARKS.pattern})(.)", re.DOTALL)
#: RIGHT-TO-LEFT MARK: prefixed to a logical line whose first strong character is right to left,
#: for renderers that do not find the paragraph direction themselves (a browser drawing SVG
#: ``<text>``, whose CSS direction defaults to left to right).
RLM = "\u200f"

Renderer = Literal["agg", "pdf", "vector", "pillow", "browser"]
_PROBE = "\u0644\u0627"  # lam + alef: one ligature glyph when shaped
_LIGATURE = "\ufefb"  # ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM


def has_arabic(text: str) -> bool:
    """True when ``text`` holds at least one Arabic-script letter in logical form."""
    return ARABIC.search(text) is not None


def strip_bidi_controls(text: str) -> str:
    """``text`` without explicit bidi control characters (see :data:`BIDI_CONTROLS`)."""
    return BIDI_CONTROLS.sub("", text)


def drawable(text: str) -> str:
    """``text`` without what no font can draw: explicit bidi controls and control characters
    (a tab becomes a space, a carriage return before a line break is dropped); line breaks
    stay."""
    return CONTROLS.sub("", strip_bidi_controls(text.replace("\r\n", "\n").replace("\t", " ")))


def rtl_paragraph(line: str) -> bool:
    """Whether ``line`` is a right-to-left paragraph by the Unicode Bidirectional Algorithm
    (UAX #9, rules P2-P3): its first strong character (bidi class L, R or AL) is R or AL. A line
    without strong characters (digits, brackets, punctuation only) is left to right. This is
    what Pillow with raqm, HarfBuzz/FriBiDi and matplotlib >= 3.11 do: ``Log Ratio (اندازهٔ
    اثر)`` is a left-to-right line, ``(اندازهٔ اثر) Log Ratio`` and ``۱۴۰۲ کتاب`` right to
    left."""
    for ch in line:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


@functools.cache
def _marks_drawn_left(font: str) -> bool:
    """Whether ``font``'s Arabic marks (probed with fatha) are drawn left of the pen position.

    A renderer that does not shape draws each mark as a zero-width glyph where the pen stands.
    The bidi reordering reverses a right-to-left run character by character, so a mark lands
    just before its letter (left to right): right for a font whose marks extend to the right of
    the origin, over the letter that follows (DejaVu Sans); a font whose marks extend to the
    left needs the mark after its letter (UAX #9 rule L3)."""
    from matplotlib.ft2font import FT2Font

    ft = FT2Font(font)
    if ord("\u064e") not in ft.get_charmap():
        return False
    ft.set_size(100, 72)
    glyph = ft.load_char(ord("\u064e"))
    return glyph.horiBearingX + glyph.width / 2 < 0


def _place_marks(visual: str, font: str) -> str:
    """A visual string with every run of Arabic marks where ``font`` draws it over its own
    letter (see :func:`_marks_drawn_left`)."""
    if not _marks_drawn_left(font):
        return visual
    return _MARKS_BEFORE_BASE.sub(r"\2\1", visual)


class _Reshaper:
    """``arabic_reshaper`` configured for one font: diacritics kept (its default deletes them),
    only the ligatures the font has (DejaVu Sans lacks U+FDF2, the Allah ligature), isolated letters written as their isolated
    presentation forms too (so that a shaped string is recognisable by its presentation forms
    and never shaped twice), and any form the font lacks written as its base letter."""

    def __init__(self, font: str) -> None:
        from matplotlib.ft2font import FT2Font

        config = arabic_reshaper.config_for_true_type_font(font,
                                                           arabic_reshaper.ENABLE_ALL_LIGATURES)
        config["use_unshaped_instead_of_isolated"] = False
        config["delete_harakat"] = False  # keep every diacritic (fatha ... hamza, case of خانهٔ)
        self._reshaper = arabic_reshaper.ArabicReshaper(configuration=config)
        self.font = font
        self._charmap = FT2Font(font).get_charmap()

    def reshape(self, text: str) -> str:
        return "".join(
            ch if ord(ch) in self._charmap or not PRESENTATION_FORMS.match(ch)
            else unicodedata.normalize("NFKC", ch)
            for ch in self._reshaper.reshape(text))


@functools.cache
def _reshaper(font: str) -> _Reshaper:
    return _Reshaper(font)


def to_visual(text: str, font: str | Path | None = None) -> str:
    """The visual (pre-shaped) form of ``text`` for a renderer that does not shape.

    Each line is handled on its own (case B22: the bidi algorithm must not move line breaks):
    bidi controls and control characters removed (:func:`drawable`), letters reshaped for
    ``font`` (default: the toolkit's Persian font) with their diacritics, then reordered by the
    Unicode Bidirectional Algorithm with the line's own base direction (:func:`rtl_paragraph`:
    its first strong character), brackets mirrored (UAX #9 rule L4) and diacritics placed where
    the font draws them over their own letter (:func:`_place_marks`). Lines without Arabic letters and lines already holding
    presentation forms are returned unchanged (never shaped twice).
    """
    reshaper = _reshaper(str(font or font_path()))
    lines = []
    for line in drawable(text).split("\n"):
        if has_arabic(line) and not PRESENTATION_FORMS.search(line):
            line = _place_marks(get_display(reshaper.reshape(line),
                                            base_dir="R" if rtl_paragraph(line) else "L"),
                                reshaper.font)
        lines.append(line)
    return "\n".join(lines)


def to_logical(text: str, forms: bool = False, font: str | Path | None = None) -> str:
    """``text`` as handed to a shaping renderer: bidi controls and control characters removed
    (:func:`drawable`) and, on every line with Arabic letters whose first strong character is
    right to left (:func:`rtl_paragraph`), a leading RIGHT-TO-LEFT MARK, so that a renderer
    that does not find the paragraph direction itself (a browser) agrees with one that does.

    With ``forms=True`` the letters are also replaced by their presentation forms for ``font``
    while the logical order is kept (the renderer still reorders). matplotlib 3.11's PDF writer
    needs this: it embeds one glyph per character code, so the contextual forms the shaper picks
    for the same letter in different labels of one file overwrite each other; presentation
    forms give every contextual glyph its own character code.
    """
    reshaper = _reshaper(str(font or font_path())) if forms else None
    lines = []
    for line in drawable(text).split("\n"):
        if PRESENTATION_FORMS.search(line):
            warnings.warn(
                f"label {line!r} holds Arabic presentation forms, i.e. it was reshaped "
                "already (arabic_reshaper + bidi) and will draw mirrored; pass the "
                "logical string, the toolkit shapes it when the renderer needs it",
                UserWarning, stacklevel=4)
        elif has_arabic(line):
            line = (RLM if rtl_paragraph(line) else "") + (reshaper.reshape(line) if reshaper
                                                           else line)
        lines.append(line)
    return "\n".join(lines)


def _ink(img: np.ndarray) -> np.ndarray:
    """Crop a greyscale coverage image to its ink."""
    mask = img > 96
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return mask[:0, :0]
    return mask[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def _same_ink(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = _ink(a), _ink(b)
    return a.shape == b.shape and a.size > 0 and bool((a == b).mean() > 0.97)


def _probe_agg(font: str) -> bool:
    from matplotlib.ft2font import FT2Font

    def draw(s: str) -> np.ndarray:
        ft = FT2Font(font)
        ft.set_size(48, 72)
        ft.set_text(s, 0.0)
        ft.draw_glyphs_to_bitmap()
        return np.asarray(ft.get_image())

    return _same_ink(draw(_PROBE), draw(_LIGATURE))


def _probe_vector(font: str) -> bool:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    def verts(s: str) -> np.ndarray:
        return TextPath((0, 0), s, size=48, prop=FontProperties(fname=font)).vertices

    a, b = verts(_PROBE), verts(_LIGATURE)
    return a.shape == b.shape and bool(np.allclose(a, b, atol=0.5))


def _probe_pillow(font: str) -> bool:
    pil_font = ImageFont.truetype(font, 48)  # Pillow's default layout engine, as wordcloud uses

    def draw(s: str) -> np.ndarray:
        img = Image.new("L", (200, 100))
        ImageDraw.Draw(img).text((10, 10), s, fill=255, font=pil_font)
        return np.asarray(img)

    return _same_ink(draw(_PROBE), draw(_LIGATURE))


@functools.cache
def _probe(kind: Renderer, font: str) -> bool:
    if kind == "browser":
        return True
    probes = {"agg": _probe_agg, "pdf": _probe_vector, "vector": _probe_vector,
              "pillow": _probe_pillow}
    return probes[kind](font)


def renderer_kind(renderer: Any) -> Renderer:
    """Classify a matplotlib renderer object (or accept a kind name).

    Raster backends built on Agg lay text out with ``FT2Font.set_text`` (``"agg"``); the vector
    backends (PS, SVG, text as paths, and PDF, which is told apart for :func:`to_logical`'s
    ``forms``) use matplotlib's text-to-path layout (``"vector"``). SVG with
    ``rcParams["svg.fonttype"] = "none"`` writes each string into a ``<text>`` element that the
    viewer (a browser) shapes: ``"browser"``, so the file holds the logical, searchable string.
    """
    if isinstance(renderer, str):
        if renderer not in ("agg", "pdf", "vector", "pillow", "browser"):
            raise ValueError(f"unknown renderer {renderer!r}; use 'agg', 'pdf', 'vector', "
                             "'pillow', 'browser' or a matplotlib renderer object")
        return renderer  # type: ignore[return-value]
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_pdf import RendererPdf

    if isinstance(renderer, MixedModeRenderer):  # PDF, PS and SVG draw through one of these
        renderer = renderer._renderer
    if renderer is None or isinstance(renderer, RendererAgg):
        return "agg"
    from matplotlib.backends.backend_svg import RendererSVG

    if isinstance(renderer, RendererSVG) and matplotlib.rcParams["svg.fonttype"] == "none":
        return "browser"
    return "pdf" if isinstance(renderer, RendererPdf) else "vector"


def renderer_shapes(renderer: Any = "agg", font: str | Path | None = None) -> bool:
    """Whether ``renderer`` shapes Arabic script itself, found by probing it.

    The probe lays out lam + alef (``لا``) in ``font`` and compares the result with the single
    presentation-form glyph U+FEFB: a shaping renderer draws the two letters as that ligature;
    one that does not draws two isolated letters side by side. The answer is cached per renderer
    kind and font.
    """
    return _probe(renderer_kind(renderer), str(font or font_path()))


def display_text(text: str, renderer: Any = "agg", font: str | Path | None = None) -> str:
    """The string to hand to ``renderer`` so that ``text`` (logical order) draws right.

    ``renderer`` is a matplotlib renderer object or one of ``"agg"``, ``"vector"``, ``"pillow"``,
    ``"browser"``. A shaping renderer gets :func:`to_logical` (unchanged letters, a RIGHT-TO-LEFT
    MARK before right-to-left lines; presentation forms for PDF), any other gets
    :func:`to_visual`. Either way a line's base direction is that of its first strong character
    (:func:`rtl_paragraph`), as Pillow-raqm and the Unicode Bidirectional Algorithm choose it.
    Text without Arabic letters comes back with only bidi and other control characters removed.
    """
    if not has_arabic(text) and not PRESENTATION_FORMS.search(text):
        return drawable(text)
    return _display(text, renderer_kind(renderer), str(font or font_path()))


@functools.lru_cache(maxsize=8192)
def _display(text: str, kind: Renderer, font: str) -> str:
    # cached: matplotlib lays a label out several times per draw
    if renderer_shapes(kind, font):
        return to_logical(text, forms=kind == "pdf", font=font)
    return to_visual(text, font)


def measured_text(text: str, renderer: Any = "agg", font: str | Path | None = None) -> str:
    """The string whose size matplotlib must measure so that ``text`` is placed right.

    Usually :func:`display_text` itself. For a viewer that shapes (``"browser"``: SVG
    ``<text>``) while matplotlib's own text layout does not (matplotlib <= 3.10), the logical
    string is written into the file but its size is that of the shaped string, which is what
    the viewer draws: unshaped letters are wider, and would push neighbouring labels aside."""
    if renderer_kind(renderer) == "browser" and has_arabic(text) and \
            not renderer_shapes("vector", font):
        return to_visual(text, font)
    return display_text(text, renderer, font)
