"""Options shared by every figure: a fresh or given Axes, Persian digits, right-to-left layout,
and saving with reproducible bytes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import Formatter

from ..normalization import persian_digits as to_persian_digits
from ..outputs import atomic_path
from .style import setup, themed

Digits = Literal["persian", "latin"]
_DECIMAL = str.maketrans(".", "٫")  # U+066B ARABIC DECIMAL SEPARATOR


def persian_digits(text: object) -> str:
    """``str(text)`` with its digits written ۰-۹ (the one digit map,
    ``toolkit.normalization.persian_digits``: Latin and Arabic-Indic digits) and, outside
    mathtext, the decimal point as the Persian decimal separator ``٫``."""
    out = to_persian_digits(str(text))
    return out if "$" in out else out.translate(_DECIMAL)


#: An integer part of four or more digits.
_LONG_INTEGER = re.compile(r"(?<![\d.])\d{4,}")
_INTEGER = re.compile(r"(?<![\d.])\d+")


def group_digits(text: str, separator: str = ",", shortest: int = 5) -> str:
    """``text`` with every integer of ``shortest`` or more digits grouped by thousands with
    ``separator`` (``200000`` -> ``200,000``; by default four-digit numbers such as years like
    ``1402`` stay as they are; decimals and mathtext are left alone)."""
    if "$" in text:
        return text

    def group(match: re.Match[str]) -> str:
        digits = match.group(0)
        head = len(digits) % 3 or 3
        return digits[:head] + "".join(separator + digits[i:i + 3]
                                       for i in range(head, len(digits), 3))

    return _LONG_INTEGER.sub(lambda m: group(m) if len(m.group(0)) >= shortest else m.group(0),
                             text)


class PersianDigitFormatter(Formatter):
    """Wrap a tick formatter so that its labels (and offset text) use Persian digits, with
    large integers grouped by the Persian thousands separator ``٬`` (U+066C): ``۲۰۰٬۰۰۰``.
    With ``digits="latin"`` the digits stay Latin and the separator is ``,``."""

    def __init__(self, inner: Formatter, digits: str = "persian") -> None:
        check_digits(digits)
        self.inner = inner
        self.digits = digits

    def _show(self, text: str, shortest: int = 5) -> str:
        if self.digits == "latin":
            return group_digits(text, ",", shortest)
        return persian_digits(group_digits(text, "\u066c", shortest))

    def set_axis(self, axis: Axis | None) -> None:
        """Attach this formatter and the wrapped one to ``axis`` (matplotlib calls it)."""
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self._show(self.inner(x, pos))

    def format_ticks(self, values: Any) -> list[str]:
        """The wrapped formatter's labels for the tick ``values`` in the chosen digits; when one
        label has an integer of 5+ digits, 4-digit integers are grouped too (one style per axis)."""
        labels = self.inner.format_ticks(values)
        # one style per axis: when some tick needs grouping (5+ digits), 4-digit ticks get it too
        longest = max((len(m) for s in labels for m in _INTEGER.findall(s)), default=0)
        return [self._show(s, 4 if longest >= 5 else 5) for s in labels]

    def set_locs(self, locs: Any) -> None:
        """Pass the tick locations to the wrapped formatter (it may choose an offset from them)."""
        self.inner.set_locs(locs)

    def get_offset(self) -> str:
        """The wrapped formatter's offset text (e.g. ``1e6``) in the chosen digits."""
        return self._show(self.inner.get_offset())


def literal(text: Text) -> Text:
    """``text`` set to be drawn literally: never parsed as mathtext, so a ``$`` in data (a price,
    a term) is drawn as itself. Returns ``text``."""
    text.set_parse_math(False)
    return text


def literal_ticks(ax: Axes, which: str, positions: Any, labels: list[str], **kwargs: Any) -> None:
    """Set the ``which`` ("x" or "y") ticks of ``ax`` at ``positions`` with the data ``labels``,
    drawn literally (:func:`literal`); other keyword arguments are Text properties."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_ticks(positions, [str(label) for label in labels], **kwargs)
    for tick in axis.get_major_ticks():
        literal(tick.label1)
        literal(tick.label2)


def outside_legend(ax: Axes, *, rtl: bool = False, data: bool = True, **kwargs: Any) -> Any:
    """``ax.legend(**kwargs)`` outside the data area, so that it never covers a bar, line or
    point: right of the axes, or left of them with ``rtl`` (the y axis is then on the right).
    With ``data`` the entries (terms, group names) are drawn literally (:func:`literal`).
    Returns the Legend."""
    kwargs.setdefault("loc", "upper right" if rtl else "upper left")
    kwargs.setdefault("bbox_to_anchor", (-0.02, 1.0) if rtl else (1.02, 1.0))
    kwargs.setdefault("borderaxespad", 0.0)
    legend = ax.legend(**kwargs)
    if data:
        for text in legend.get_texts():
            literal(text)
    return legend


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

    The tick formatters of the ``numeric`` axes are wrapped in :class:`PersianDigitFormatter`
    (Persian or Latin ``digits``, large numbers grouped); ``rtl=True`` moves the y axis (ticks
    and label) to the right and, when ``flip_x``, inverts the x axis so that bars grow leftward.
    """
    check_digits(digits)
    for name in numeric:
        axis = ax.xaxis if name == "x" else ax.yaxis
        for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                         (axis.get_minor_formatter, axis.set_minor_formatter)):
            current = get()
            if not isinstance(current, PersianDigitFormatter):
                put(PersianDigitFormatter(current, digits))
    if rtl:
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        if flip_x and not ax.xaxis_inverted():
            ax.invert_xaxis()
    return ax


def save(figure: Figure | Axes, path: str | Path, **kwargs: Any) -> Path:
    """Save ``figure`` (or the figure of an Axes) so that saving it again gives identical bytes.

    The format follows the suffix (.png, .svg, .pdf, ...). Dates and software versions are left
    out of the metadata; the figure is written with the toolkit's rcParams
    (:data:`toolkit.plots.style.RC`, applied for this call only): SVG ids use a fixed
    ``svg.hashsalt``, SVG text is drawn as paths and PDF fonts are embedded (TrueType), unless
    you set those rcParams yourself. Other keyword arguments go to
    ``Figure.savefig`` (``dpi`` defaults to 150). Returns the path.

    The file is written whole or not at all (:func:`toolkit.outputs.atomic_path`): a temporary
    file in the same folder renamed into place when complete. Raises
    :class:`toolkit.outputs.WriteError` (an ``OSError``) naming ``path`` when writing fails.
    """
    fig = figure.get_figure() if isinstance(figure, Axes) else figure
    path = Path(path)
    fmt = (kwargs.get("format") or path.suffix.lstrip(".") or "png").lower()
    blank = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
             "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
             "ps": {"Creator": None}}.get(fmt, {})
    kwargs["metadata"] = {**blank, **kwargs.get("metadata", {})}
    kwargs.setdefault("dpi", 150)
    kwargs["format"] = fmt
    with themed(), atomic_path(path) as tmp:
        fig.savefig(tmp, **kwargs)
    return path
