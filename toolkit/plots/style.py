"""``setup()``: make every text matplotlib draws come out right, on any matplotlib version.

matplotlib measures and draws a :class:`~matplotlib.text.Text` (titles, axis and tick labels,
legend entries, annotations, networkx node labels: they are all ``Text``) through
``Text._get_layout``, which reads the string and splits it into lines. :func:`setup` wraps that
method so that, for the duration of the call only, the string is replaced by
:func:`~toolkit.plots.text.display_text` for the renderer being used (control characters
removed, shaped or not, base direction by the first strong character). Plain text is drawn
literally: a ``$`` in it is never read as mathtext, and a Text with ``parse_math=False`` (the
toolkit sets it on every text it draws from data) is always plain; a user's own mathtext
(``"$x^2$"`` in a label they set) keeps working. ``Text.get_text()``
therefore keeps returning the logical string everywhere else: a user never sees, stores or
exports reshaped text, and a string is never shaped twice.

While a text is laid out and drawn, the glyphs matplotlib reports missing (its private
``_text_helpers.warn_on_missing_glyph``, checked once in :func:`setup`) are collected and turned
into one :class:`MissingGlyphWarning` naming the characters and the fix; no warning filter is
touched.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib
from matplotlib import _text_helpers, cbook, font_manager
from matplotlib.figure import Figure, FigureBase
from matplotlib.text import Text

from .fonts import FALLBACK, font_path
from .text import display_text, measured_text

_state = threading.local()
_originals: dict[str, Callable[..., Any]] = {}

#: rcParams every toolkit figure is drawn and saved with (inside :func:`themed`, never set
#: globally): text as paths in SVG with a fixed id salt (identical bytes on every save), TrueType
#: fonts embedded in PDF and PS. A key the user set to something other than matplotlib's default
#: keeps the user's value (``rc_context({"svg.fonttype": "none"})`` around a save is honoured).
RC = {
    "svg.fonttype": "path",
    "svg.hashsalt": "toolkit.plots",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "axes.unicode_minus": True,
}


class MissingGlyphWarning(UserWarning):
    """A label holds characters the font in use cannot draw (they appear as empty boxes)."""


@contextlib.contextmanager
def _glyph_warnings(label: str) -> Iterator[None]:
    """Collect the glyphs matplotlib finds missing while ``label`` is laid out or drawn
    (outermost call only) and issue them as one :class:`MissingGlyphWarning`. Matplotlib reports
    a missing glyph through ``matplotlib._text_helpers.warn_on_missing_glyph``, which
    :func:`setup` wraps: no ``warnings.catch_warnings`` (process-wide, it would reset the user's
    filters and once-only warnings on every draw), other warnings pass through untouched."""
    if getattr(_state, "missing", None) is not None:
        yield
        return
    _state.missing = missing = {}
    try:
        yield
    finally:
        _state.missing = None
    if missing:
        chars = ", ".join(f"U+{cp:04X} {unicodedata.name(chr(cp), '?')}" for cp in missing)
        warnings.warn(
            f"the font in use ({font_path().name}) has no glyph for {chars} in {label!r}; they "
            "are drawn as empty boxes. Choose a font that has them with "
            "toolkit.plots.use_font(name_or_path).",
            MissingGlyphWarning, stacklevel=4)


def _missing_glyph(codepoint: Any, fontnames: Any) -> None:
    """matplotlib's missing-glyph report: collected inside a toolkit text, passed to
    matplotlib's own warning elsewhere."""
    missing = getattr(_state, "missing", None)
    if missing is None:
        _originals["warn_on_missing_glyph"](codepoint, fontnames)
    else:
        missing[int(codepoint)] = None


def _plain(text: Text) -> str | None:
    """The string ``text`` draws when it is plain text, or None for TeX and mathtext.

    A Text with ``parse_math=False`` (every text the toolkit draws from data) is plain whatever
    it holds; otherwise a string with an even number of unescaped ``$`` is the user's mathtext,
    and in any other string ``\\$`` stands for ``$`` (matplotlib's own rule)."""
    string = text._text
    if not string or text.get_usetex():
        return None
    if text.get_parse_math():
        if cbook.is_math_text(string):
            return None
        string = string.replace(r"\$", "$")
    return string


@contextlib.contextmanager
def _showing(text: Text, shown: str) -> Iterator[None]:
    """Let ``text`` hold ``shown``, to be drawn literally, for the duration of the block."""
    string, parse_math = text._text, text._parse_math
    text._text, text._parse_math = shown, False
    try:
        yield
    finally:
        text._text, text._parse_math = string, parse_math


def _get_layout(self: Text, renderer: Any) -> Any:
    original = _originals["_get_layout"]
    text = self._text
    with _glyph_warnings(text):
        plain = _plain(self)
        if plain is None:
            return original(self, renderer)
        font = font_manager.findfont(self.get_fontproperties())
        shown = display_text(plain, renderer, font)
        measured = measured_text(plain, renderer, font)
        if shown == measured == text:
            return original(self, renderer)
        with _showing(self, measured):
            layout = original(self, renderer)
        if measured == shown:
            return layout
        # measured as the viewer draws it, written as the logical string (line by line)
        bbox, info, *rest = layout
        lines = shown.split("\n")
        return (bbox, [(lines[i], *entry[1:]) for i, entry in enumerate(info)], *rest)


def _draw(self: Text, renderer: Any) -> Any:
    with _glyph_warnings(self._text):
        plain = _plain(self)
        if plain is None or (plain == self._text and ("$" not in plain
                                                      or not self._parse_math)):
            return _originals["draw"](self, renderer)
        # drawn as plain text: matplotlib must not read the (unescaped) string as mathtext
        with _showing(self, plain):
            return _originals["draw"](self, renderer)


_draw._supports_rasterization = True  # type: ignore[attr-defined]  # as @allow_rasterization


def _check_internals() -> None:
    """The matplotlib internals the hook relies on, checked once (in :func:`setup`): the private
    ``Text._get_layout(renderer)`` returning ``(bbox, [(line, ...), ...], descent)``, ``Text.draw``,
    ``matplotlib._text_helpers.warn_on_missing_glyph`` and the attributes ``_text`` and
    ``_parse_math``. RuntimeError naming the matplotlib version
    and what changed, instead of wrong text in every figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    version = matplotlib.__version__
    problem = None
    if not callable(getattr(Text, "_get_layout", None)) or not callable(getattr(Text, "draw", None)):
        problem = "Text._get_layout or Text.draw is gone"
    elif not callable(getattr(_text_helpers, "warn_on_missing_glyph", None)):
        problem = "matplotlib._text_helpers.warn_on_missing_glyph is gone"
    else:
        figure = Figure()
        text = figure.text(0, 0, "ab\ncd")
        if not hasattr(text, "_text") or not hasattr(text, "_parse_math"):
            problem = "Text has no _text or _parse_math attribute"
        else:
            try:
                layout = Text._get_layout(text, FigureCanvasAgg(figure).get_renderer())
                lines = [entry[0] for entry in layout[1]]
            except Exception as exc:  # any change of shape is the same problem
                problem = f"Text._get_layout(renderer) failed ({type(exc).__name__}: {exc})"
            else:
                if lines != ["ab", "cd"]:
                    problem = ("Text._get_layout(renderer) no longer returns (bbox, [(line, ...)], "
                               f"descent): got lines {lines!r}")
    if problem:
        raise RuntimeError(f"toolkit.plots cannot draw Persian text with matplotlib {version}: "
                           f"{problem}. This matplotlib changed an internal the toolkit relies "
                           "on; install a matplotlib the toolkit supports (see pyproject.toml) "
                           "and report the version.")


def setup() -> None:
    """Prepare matplotlib for Persian text; idempotent, called by every toolkit plot.

    The first call checks the matplotlib internals the hook relies on (RuntimeError naming the
    version when they changed) and wraps ``Text._get_layout`` and ``Text.draw`` (see the module
    docstring). No rcParam and no font is changed: a toolkit figure gets them inside
    :func:`themed`, so ``matplotlib.rcParams`` is the same after a plot call as before.
    """
    if _originals:
        return
    _check_internals()
    _originals["_get_layout"] = Text._get_layout
    _originals["draw"] = Text.draw
    _originals["warn_on_missing_glyph"] = _text_helpers.warn_on_missing_glyph
    Text._get_layout = _get_layout
    Text.draw = _draw
    _text_helpers.warn_on_missing_glyph = _missing_glyph


def font_families() -> list[str]:
    """``font.family`` of a toolkit figure: the Persian font in use
    (:func:`~toolkit.plots.use_font`; DejaVu Sans by default), then DejaVu Sans as the Latin
    fallback."""
    name = font_manager.FontProperties(fname=str(font_path())).get_name()
    return [name] if name == FALLBACK else [name, FALLBACK]


def rc() -> dict[str, Any]:
    """The rcParams of a toolkit figure: :data:`RC` where the user kept matplotlib's default,
    and the Persian font first in ``font.family`` and ``font.sans-serif``."""
    families = font_families()
    ours = {key: value for key, value in RC.items()
            if matplotlib.rcParams[key] == matplotlib.rcParamsDefault[key]}
    sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f not in families]
    return {**ours, "font.family": families, "font.sans-serif": [*families, *sans]}


@contextlib.contextmanager
def themed() -> Iterator[None]:
    """The block runs with :func:`rc` in force (``matplotlib.rc_context``): what a toolkit plot
    creates takes the Persian font, and :func:`toolkit.plots.save` writes with :data:`RC`. The
    user's rcParams are back when the block ends, even after an error. Interactive mode is the
    one setting kept as the block leaves it: the first figure of a session loads the backend
    (Jupyter's inline backend turns interactive mode on then), which is the session's state,
    not the toolkit's."""
    setup()
    interactive: list[bool] = []
    try:
        with matplotlib.rc_context(rc()):
            try:
                yield
            finally:
                interactive.append(matplotlib.is_interactive())
    finally:
        if interactive:
            matplotlib.interactive(interactive[0])


def keep_font(axes: list[Any]) -> None:
    """Give the tick labels of ``axes`` the toolkit's font, also those matplotlib creates later,
    at draw time, outside :func:`themed` (``tick_params(labelfontfamily=...)``)."""
    families = font_families()
    for ax in axes:
        ax.tick_params(axis="both", which="both", labelfontfamily=families)


def themed_plot(function: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for a public plot function: it runs inside :func:`themed`, and the Axes it
    draws (the returned Axes or every Axes of the returned Figure, and any Axes it added, such
    as a colour bar; never the other Axes of a figure the caller passed in) keep the Persian
    font for their tick labels (:func:`keep_font`)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = kwargs.get("ax")
        before = {id(a) for a in given.figure.axes} if given is not None else set()
        with themed():
            result = function(*args, **kwargs)
            figure = result if isinstance(result, FigureBase) else getattr(result, "figure", None)
            if isinstance(figure, FigureBase):
                keep_font([a for a in figure.axes if a is result or id(a) not in before])
        return result

    return wrapper


def teardown() -> None:
    """Undo :func:`setup`'s wrapping of ``Text`` and of matplotlib's missing-glyph report."""
    if _originals:
        Text._get_layout = _originals.pop("_get_layout")
        Text.draw = _originals.pop("draw")
        _text_helpers.warn_on_missing_glyph = _originals.pop("warn_on_missing_glyph")
