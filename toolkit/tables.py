"""Right-to-left display of the toolkit's tidy tables in Jupyter and in a terminal (case B28).

pandas pads text columns by code-point count, but ZWNJ (U+200C), the other format characters and
the harakat (combining marks) take no column on screen, so rows holding Persian words come out
shifted; and its HTML carries no text direction, which tempts people to insert bidi marks into the
data. :class:`RTLFrame` is a ``pandas.DataFrame`` whose *display* is fixed while its values stay
exactly as they are:

- ``_repr_html_`` writes ``<table dir="rtl">`` (the first column on the right), every cell
  ``dir="rtl"`` with its text isolated in ``<bdi dir="auto">`` (so a Latin word or a number gets
  its own direction and Latin and digits inside a Persian line stay where they belong; a
  ``dir="auto"`` on the cell itself would not see through the ``<bdi>``), and optional per-column
  CSS and directions (KWIC uses them to centre and highlight the node and to keep contexts
  right to left);
- ``__repr__`` / ``to_text()`` pad every column by :func:`display_width`, so all lines of the text
  table have the same width on screen.

Every table the toolkit returns is an ``RTLFrame``; any pandas operation on it keeps the class.
"""

from __future__ import annotations

import html
import os
import unicodedata
import warnings
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .naming import outside_stacklevel


def display_width(text: str) -> int:
    """Number of terminal columns ``text`` takes.

    Combining marks (Unicode categories Mn, Me: the harakat) and format characters (Cf: ZWNJ,
    ZWJ, bidi marks) take 0 columns, East Asian wide and fullwidth characters (Unicode UAX #11)
    take 2, everything else 1.
    """
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _format_cell(value: Any) -> str:
    """Floats to ``display.precision`` significant digits, positional unless tiny or huge."""
    if isinstance(value, float | np.floating):
        value = float(value)
        if not np.isfinite(value):
            return str(value).replace("nan", "NaN")
        precision = pd.get_option("display.precision")
        if value == 0 or 1e-4 <= abs(value) < 1e15:
            return np.format_float_positional(value, precision=precision, unique=True,
                                              fractional=False, trim="-")
        return format(value, f".{precision}g")
    return str(value)


class RTLFrame(pd.DataFrame):
    """A DataFrame that displays right to left; the values are never changed.

    ``column_styles`` maps a column name to extra CSS for its HTML cells (for example
    ``{"node": "text-align:center"}``); ``column_dirs`` maps a column name to the direction of
    its ``<bdi>`` (default ``"auto"``: from the first strong character; ``"rtl"`` for running
    Persian text that may start with a Latin word or a number, like KWIC contexts).
    ``renamed_columns`` maps the old name of a renamed column to its name (``{"total":
    "count"}``): for one release ``frame["total"]`` and ``frame.total`` still read the column,
    with a DeprecationWarning naming the new name (:mod:`toolkit.naming`; ``.loc`` and
    ``itertuples`` know only the new names). All three survive pandas operations that keep the
    columns.
    """

    _metadata: ClassVar[list[str]] = ["column_styles", "column_dirs", "renamed_columns"]
    column_styles: dict[str, str] | None = None
    column_dirs: dict[str, str] | None = None
    renamed_columns: dict[str, str] | None = None

    @property
    def _constructor(self) -> type[RTLFrame]:
        return RTLFrame

    def _old_name(self, key: Any) -> str | None:
        """The new name of ``key`` when it is the old name of a renamed column, warning."""
        renamed = self.__dict__.get("renamed_columns") or {}
        if not isinstance(key, str) or key not in renamed or key in self.columns:
            return None
        warnings.warn(f"column {key!r} is now called {renamed[key]!r}; the old name will be "
                      "removed in the next release", DeprecationWarning,
                      stacklevel=outside_stacklevel())
        return renamed[key]

    def __getitem__(self, key: Any) -> Any:
        try:
            return super().__getitem__(key)
        except KeyError:
            if isinstance(key, list):
                new = [self._old_name(k) or k for k in key]
                if new != key:
                    return super().__getitem__(new)
            elif self._old_name(key) is not None:
                return super().__getitem__(self.renamed_columns[key])  # type: ignore[index]
            raise

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            new = None if name.startswith("_") else self._old_name(name)
            if new is None:
                raise
            return super().__getitem__(new)

    def to_csv(self, path_or_buf: Any = None, *args: Any, **kwargs: Any) -> str | None:
        """``pandas.DataFrame.to_csv``; a file path is written whole or not at all (a temporary
        file renamed into place, :func:`toolkit.outputs.atomic_path`), and a failure raises
        :class:`toolkit.outputs.WriteError` naming the file."""
        local = isinstance(path_or_buf, str | os.PathLike) and "://" not in str(path_or_buf)
        if not local or args or kwargs.get("mode", "w") != "w":
            return super().to_csv(path_or_buf, *args, **kwargs)
        from .outputs import atomic_path

        with atomic_path(path_or_buf) as tmp:
            super().to_csv(tmp, **kwargs)
        return None

    # -- which rows are shown ---------------------------------------------------------------
    def _shown_rows(self) -> tuple[pd.DataFrame, int | None]:
        """The rows to display and, when the table is truncated, where the gap goes."""
        max_rows = pd.get_option("display.max_rows")
        if max_rows is None or len(self) <= max_rows:
            return pd.DataFrame(self), None
        half = max(1, (pd.get_option("display.min_rows") or max_rows) // 2)
        plain = pd.DataFrame(self)
        return pd.concat([plain.iloc[:half], plain.iloc[-half:]]), half

    # -- HTML --------------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        shown, gap = self._shown_rows()
        styles = self.column_styles or {}
        dirs = self.column_dirs or {}

        def cell(tag: str, value: Any, css: str = "", direction: str = "auto") -> str:
            style = f' style="{html.escape(css, quote=True)}"' if css else ""
            text = html.escape(_format_cell(value), quote=False)
            return f'<{tag} dir="rtl"{style}><bdi dir="{direction}">{text}</bdi></{tag}>'

        head = "".join(cell("th", c, styles.get(str(c), "")) for c in self.columns)
        rows = []
        for i, (label, values) in enumerate(zip(shown.index, shown.itertuples(index=False),
                                                strict=True)):
            if gap is not None and i == gap:
                rows.append("<tr>" + "<td>…</td>" * (len(self.columns) + 1) + "</tr>")
            tds = "".join(cell("td", v, styles.get(str(c), ""), dirs.get(str(c), "auto"))
                          for c, v in zip(self.columns, values, strict=True))
            rows.append(f"<tr>{cell('th', label)}{tds}</tr>")
        body = "\n".join(rows)
        return (f'<div dir="rtl"><table class="dataframe toolkit-rtl" dir="rtl">\n'
                f"<thead><tr><th></th>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>\n"
                f"<p dir=\"ltr\">{len(self)} rows × {len(self.columns)} columns</p></div>")

    # -- text --------------------------------------------------------------------------------
    def to_text(self) -> str:
        """The table as text, every column padded by :func:`display_width` (numbers right-aligned,
        text left-aligned), so all lines are equally wide on screen."""
        shown, gap = self._shown_rows()
        columns: list[list[str]] = [["", *(_format_cell(i) for i in shown.index)]]
        numeric = [False]
        for name in self.columns:
            columns.append([_format_cell(name), *(_format_cell(v) for v in shown[name])])
            numeric.append(pd.api.types.is_numeric_dtype(shown[name].dtype))
        if gap is not None:
            for col in columns:
                col.insert(gap + 1, "…")
        widths = [max(display_width(s) for s in col) for col in columns]
        lines = []
        for r in range(len(columns[0])):
            parts = []
            for col, width, is_num in zip(columns, widths, numeric, strict=True):
                pad = " " * (width - display_width(col[r]))
                parts.append(pad + col[r] if is_num else col[r] + pad)
            lines.append("  ".join(parts))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.to_text() + f"\n\n[{len(self)} rows x {len(self.columns)} columns]"


def rtl_frame(frame: pd.DataFrame, column_styles: Mapping[str, str] | None = None,
              column_dirs: Mapping[str, str] | None = None,
              renamed: Mapping[str, str] | None = None) -> RTLFrame:
    """Wrap ``frame`` (same values, index and ``attrs``) as an :class:`RTLFrame` (see there for
    ``column_styles``, ``column_dirs`` and ``renamed``, the old names of renamed columns)."""
    out = RTLFrame(frame)
    out.attrs = dict(frame.attrs)
    out.column_styles = dict(column_styles) if column_styles else None
    out.column_dirs = dict(column_dirs) if column_dirs else None
    out.renamed_columns = dict(renamed) if renamed else None
    return out
