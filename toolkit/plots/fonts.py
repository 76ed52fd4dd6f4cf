"""The Persian font every toolkit figure uses, and how to change it.

The default is DejaVu Sans as bundled with matplotlib: a *static* font (variable fonts break PDF
output) with the Persian letters, ZWNJ, Persian digits and the Arabic presentation forms that
pre-shaping needs (all but the U+FDF2 ligature, which the reshaper is told to avoid). It also
covers Latin, and stays in the family list as the fallback for any other font chosen with
:func:`use_font`.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

#: Latin fallback, always last in the family list.
FALLBACK = "DejaVu Sans"
#: Letters a Persian font must have (the four letters Persian adds to Arabic, plus yeh and kaf).
PERSIAN_PROBE = "پچژگیک"

_current: dict[str, str] = {}


def default_font_path() -> Path:
    """matplotlib's bundled DejaVu Sans (``mpl-data/fonts/ttf/DejaVuSans.ttf``)."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def font_path() -> Path:
    """Path of the Persian font in use (the default until :func:`use_font` is called)."""
    return Path(_current.get("path", default_font_path()))


def _check_static(path: Path) -> None:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as tt:
        if "fvar" in tt:
            raise ValueError(
                f"{path} is a variable font; matplotlib writes broken PDF files with variable "
                "fonts. Use a static instance of it (e.g. the '...-Regular.ttf' from the "
                "font's 'static/' folder)")


def _missing_persian(path: Path) -> str:
    charmap = FT2Font(str(path)).get_charmap()
    return "".join(ch for ch in PERSIAN_PROBE if ord(ch) not in charmap)


def use_font(font: str | Path) -> Path:
    """Use ``font`` (a family name known to matplotlib or a .ttf/.otf path) for Persian text.

    The file is registered with ``matplotlib.font_manager.fontManager.addfont`` and put first in
    ``font.family`` and ``font.sans-serif``, with DejaVu Sans behind it as the Latin fallback.
    Returns the font file's path.

    Raises ``FileNotFoundError`` for a path that does not exist or a name matplotlib does not
    know, and ``ValueError`` for a variable font or a font without the Persian letters.
    """
    text = str(font)
    path = Path(text).expanduser()
    if path.suffix.lower() in (".ttf", ".otf", ".ttc") or path.exists():
        if not path.is_file():
            raise FileNotFoundError(f"font file {path} not found; give a .ttf/.otf path or the "
                                    "name of an installed font")
        font_manager.fontManager.addfont(str(path))
    else:
        try:
            found = font_manager.findfont(font_manager.FontProperties(family=text),
                                          fallback_to_default=False)
        except ValueError as err:
            raise FileNotFoundError(
                f"matplotlib knows no font named {text!r}; give the path of a .ttf/.otf file "
                "instead") from err
        path = Path(found)
    _check_static(path)
    missing = _missing_persian(path)
    if missing:
        raise ValueError(f"font {path} has no glyphs for the Persian letters {missing!r}; "
                         "choose a font that covers Persian (e.g. Vazirmatn, Noto Sans Arabic)")
    name = font_manager.FontProperties(fname=str(path)).get_name()
    _current["path"] = str(path)
    families = [name] if name == FALLBACK else [name, FALLBACK]
    sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f not in families]
    matplotlib.rcParams["font.family"] = families
    matplotlib.rcParams["font.sans-serif"] = [*families, *sans]
    return path
