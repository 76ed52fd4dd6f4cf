"""Options shared by every figure: a fresh or given Axes, Persian digits, right-to-left layout,
and saving with reproducible bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter

from .style import setup

Digits = Literal["persian", "latin"]
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_DECIMAL = str.maketrans(".", "٫")  # U+066B ARABIC DECIMAL SEPARATOR


def persian_digits(text: object) -> str:
    """``str(text)`` with the digits 0-9 written ۰-۹ and, outside mathtext, the decimal point as
    the Persian decimal separator ``٫``."""
    out = str(text).translate(_TO_PERSIAN)
    return out if "$" in out else out.translate(_DECIMAL)


class PersianDigitFormatter(Formatter):
    """Wrap a tick formatter so that its labels (and offset text) use Persian digits."""

    def __init__(self, inner: Formatter) -> None:
        self.inner = inner

    def set_axis(self, axis: Axis | None) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return persian_digits(self.inner(x, pos))

    def format_ticks(self, values: Any) -> list[str]:
        return [persian_digits(s) for s in self.inner.format_ticks(values)]

    def set_locs(self, locs: Any) -> None:
        self.inner.set_locs(locs)

    def get_offset(self) -> str:
        return persian_digits(self.inner.get_offset())


def check_digits(digits: str) -> None:
    if digits not in ("persian", "latin"):
        raise ValueError(f"digits must be 'persian' or 'latin', not {digits!r}")


def localise(text: str, digits: str) -> str:
    """``text`` in the chosen digits (:func:`persian_digits` for ``"persian"``)."""
    return persian_digits(text) if digits == "persian" else text


def fmt_number(value: float, digits: Digits) -> str:
    """A count or score for an annotation: integers without decimals (thousands separated by
    ``٬`` in Persian digits), others with 3 significant digits, in the chosen digits."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:.3g}"
    return localise(text.replace(",", "٬"), digits) if digits == "persian" else text


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 4.8)) -> Axes:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches (after :func:`setup`)."""
    setup()
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def finish(ax: Axes, *, digits: str = "persian", rtl: bool = False, flip_x: bool = False,
           numeric: tuple[str, ...] = ("x", "y")) -> Axes:
    """Apply the options every figure takes.

    ``digits="persian"`` wraps the tick formatters of the ``numeric`` axes in
    :class:`PersianDigitFormatter`; ``rtl=True`` moves the y axis (ticks and label) to the right
    and, when ``flip_x``, inverts the x axis so that bars grow leftward.
    """
    check_digits(digits)
    if digits == "persian":
        for name in numeric:
            axis = ax.xaxis if name == "x" else ax.yaxis
            for which in ("major", "minor"):
                get = axis.get_major_formatter if which == "major" else axis.get_minor_formatter
                put = axis.set_major_formatter if which == "major" else axis.set_minor_formatter
                current = get()
                if not isinstance(current, PersianDigitFormatter):
                    put(PersianDigitFormatter(current))
    if rtl:
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        if flip_x and not ax.xaxis_inverted():
            ax.invert_xaxis()
    return ax


def save(figure: Figure | Axes, path: str | Path, **kwargs: Any) -> Path:
    """Save ``figure`` (or the figure of an Axes) so that saving it again gives identical bytes.

    The format follows the suffix (.png, .svg, .pdf, ...). Dates and software versions are left
    out of the metadata; SVG ids use the fixed ``svg.hashsalt`` set by :func:`setup`; SVG text is
    drawn as paths and PDF fonts are embedded (TrueType). Other keyword arguments go to
    ``Figure.savefig`` (``dpi`` defaults to 150). Returns the path.
    """
    setup()
    fig = figure.get_figure() if isinstance(figure, Axes) else figure
    path = Path(path)
    fmt = (kwargs.get("format") or path.suffix.lstrip(".") or "png").lower()
    blank = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
             "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
             "ps": {"Creator": None}}.get(fmt, {})
    kwargs["metadata"] = {**blank, **kwargs.get("metadata", {})}
    kwargs.setdefault("dpi", 150)
    fig.savefig(path, **kwargs)
    return path
