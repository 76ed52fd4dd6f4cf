"""An interactive explorer for Jupyter: KWIC, collocates and a frequency plot for one search term.

:func:`explore` returns an ipywidgets application (:class:`Explorer`) with

- a **term box**: a type or a glob pattern (``ایران``, ``روس*``, ``می‌*``), matched against the
  normalised types as :func:`toolkit.kwic` and :func:`toolkit.collocates` match them;
- a **KWIC table** (:func:`toolkit.kwic`), displayed right to left through the toolkit's RTL
  HTML table (:class:`toolkit.tables.RTLFrame`);
- a **collocates table** (:func:`toolkit.collocates`) with a **measure** dropdown (every
  association measure of :mod:`toolkit.measures`, labelled as the field writes it with the
  reference its value follows: logDice per Rychlý 2008 as Sketch Engine, MI with ``E = f_x f_y S
  / N`` as #LancsBox, ...; the reference table of :func:`toolkit.collocates`), a **span** slider (tokens on each side of the
  node) and a **min-count** slider (collocates seen fewer times in the span are hidden);
- a **frequency plot**: the term's frequency per million tokens in each group of a chosen
  metadata column (``cat``, ``source``, ...), drawn by :func:`toolkit.plots.bar`.

Each control updates only the views that depend on it. Collocates are computed once per
(term, span) with every measure and min-count 1 (pruning never changes a score, see
:mod:`toolkit.cooccurrences`), so the measure dropdown and the min-count slider only filter and
re-sort a cached table; token totals per group are computed once per column.
"""

from __future__ import annotations

import base64
import html
import io
import time
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import plots
from ..concordance import kwic
from ..cooccurrences import collocates
from ..loaders import column_for
from ..measures import LABELS, MEASURES, measure_names
from ..naming import renamed
from ..queries import NoMatchWarning, as_tokens, prepare_any, quiet
from ..tables import RTLFrame, rtl_frame
from ..tokens import Tokens

#: Metadata columns never offered for the frequency plot (long text, not groups).
_NOT_GROUPS = {"text", "title", "abstract", "paragraphs", "tags", "link", "source"}
#: A column is offered as a grouping when it has at most this many distinct values.
MAX_GROUPS = 60
_SHOWN_COLLOCATE_COLUMNS = ["collocate", "count_left", "count_right", "count", "collocate_count"]
#: The measure menu: the measures reference tools offer first, then the rest of MEASURES.
_MENU = ("logdice", "pmi", "g2", "t", "z", "mi2", "mi3", "dice",
         *(m for m in MEASURES if m not in {"logdice", "pmi", "g2", "t", "z", "mi2", "mi3",
                                            "dice"}))


def _group_columns(docs: pd.DataFrame) -> list[str]:
    """Metadata columns that split the documents into at most ``MAX_GROUPS`` groups
    (``doc_id`` last)."""
    columns = []
    for name in docs.columns:
        if name in _NOT_GROUPS:
            continue
        values = docs[name]
        try:
            distinct = values.nunique(dropna=True)
        except TypeError:  # unhashable cells (lists of tags)
            continue
        if 0 < distinct <= MAX_GROUPS:
            columns.append(str(name))
    return sorted(columns, key=lambda c: c == "doc_id")  # per document only as the last choice


class Explorer(widgets.VBox):
    """The explorer application (an ``ipywidgets.VBox``); build it with :func:`explore`.

    Controls: ``term`` (Text), ``measure`` (Dropdown), ``span`` (IntSlider), ``min_count``
    (IntSlider), ``by`` (Dropdown). Views: ``status`` (HTML), ``kwic`` (HTML), ``collocates``
    (HTML), ``plot`` (Output holding a PNG). The data behind the views are kept as
    ``kwic_frame``, ``collocates_frame`` (the shown rows) and ``frequency_frame`` (one row per
    group: group value, ``hits``, ``tokens``, ``per_million``); ``seconds`` holds the wall time
    of the last update of each view, and ``last_update`` the time of the last whole change.
    """

    @renamed(term="pattern")
    def __init__(self, tokens: Tokens, pattern: str = "", *, by: str | None = None,
                 window: int = 5, span: int = 5, min_count: int = 2, measure: str = "logdice",
                 rows: int = 25) -> None:
        self.tokens = tokens
        self.window = window
        self.rows = rows
        self._doc_tokens = np.diff(tokens.doc_offsets)
        self._doc_of_token = tokens.doc_of_token()
        self._group_tokens: dict[str, pd.Series] = {}
        self._collocate_cache: dict[tuple[str, int], pd.DataFrame] = {}
        self.kwic_frame: RTLFrame = rtl_frame(pd.DataFrame())
        self.collocates_frame: RTLFrame = rtl_frame(pd.DataFrame())
        self.frequency_frame = pd.DataFrame()
        self.seconds: dict[str, float] = {}
        self.last_update = 0.0

        columns = _group_columns(tokens.docs) or ["doc_id"]
        if by is not None and by not in columns:
            raise ValueError(f"by={by!r} is not a metadata column with 1..{MAX_GROUPS} distinct "
                             f"values; choose one of {columns}")
        if by is None:  # a category or source column first (cat, دسته, منبع, ...), then any
            usual = [column_for(role, columns) for role in ("category", "source")]
            by = next((c for c in [*usual, *columns] if c and tokens.docs[c].nunique() > 1),
                      columns[0])
        try:
            (measure,) = measure_names([measure])
        except ValueError:
            raise ValueError(f"unknown measure {measure!r}; choose from "
                             f"{', '.join(MEASURES)}") from None

        self.term = widgets.Text(value=pattern, description="term", continuous_update=False,
                                 placeholder="a word or a glob pattern: روس*")
        # labels say which definition a value follows; values are the canonical column keys
        self.measure = widgets.Dropdown(options=[(LABELS[m], m) for m in _MENU], value=measure,
                                        description="measure")
        self.span = widgets.IntSlider(value=span, min=1, max=10, description="span ±",
                                      continuous_update=False)
        self.min_count = widgets.IntSlider(value=min_count, min=1, max=20,
                                           description="min count", continuous_update=False)
        self.by = widgets.Dropdown(options=columns, value=by, description="group by")
        self.status = widgets.HTML()
        self.kwic = widgets.HTML()
        self.collocates = widgets.HTML()
        self.plot = widgets.Output()
        for widget, name in [(self.term, "term"), (self.status, "status"), (self.kwic, "kwic"),
                             (self.collocates, "collocates"), (self.plot, "plot")]:
            widget.add_class(f"toolkit-explorer-{name}")

        self.term.observe(self._on_term, names="value")
        self.measure.observe(self._on_collocate_option, names="value")
        self.span.observe(self._on_collocate_option, names="value")
        self.min_count.observe(self._on_collocate_option, names="value")
        self.by.observe(self._on_by, names="value")

        controls = widgets.HBox([self.term, self.by])
        collocate_controls = widgets.HBox([self.measure, self.span, self.min_count])
        super().__init__([controls, self.status, self.kwic, collocate_controls,
                          widgets.HBox([self.collocates, self.plot])])
        self.add_class("toolkit-explorer")
        self._on_term()

    # -- the views ---------------------------------------------------------------------------
    def _timed(self, name: str, start: float) -> None:
        self.seconds[name] = time.perf_counter() - start

    def _update_kwic(self, pattern: str) -> None:
        start = time.perf_counter()
        with quiet(NoMatchWarning):  # the status line says it instead
            self.kwic_frame = kwic(self.tokens, pattern, window=self.window, valuetype="glob")
        self.kwic.value = (self.kwic_frame.head(self.rows)._repr_html_()
                           if len(self.kwic_frame) else "")
        self._timed("kwic", start)

    def _update_collocates(self) -> None:
        start = time.perf_counter()
        pattern = self.term.value.strip()
        if not len(self.kwic_frame):
            self.collocates_frame = rtl_frame(pd.DataFrame(columns=_SHOWN_COLLOCATE_COLUMNS))
            self.collocates.value = ""
            self._timed("collocates", start)
            return
        key = (pattern, self.span.value)
        if key not in self._collocate_cache:
            with quiet(NoMatchWarning):
                self._collocate_cache[key] = collocates(
                    self.tokens, pattern, span=(self.span.value, self.span.value),
                    measure=list(MEASURES), min_count=1)
        table = self._collocate_cache[key]
        measure = self.measure.value
        shown = table[table["count"] >= self.min_count.value]
        shown = shown.sort_values([measure, "count", "collocate"], ascending=[False, False, True],
                                  kind="stable", na_position="last")
        self.collocates_frame = rtl_frame(
            shown[[*_SHOWN_COLLOCATE_COLUMNS, measure]].head(self.rows).reset_index(drop=True))
        self.collocates.value = self.collocates_frame._repr_html_()
        self._timed("collocates", start)

    def _tokens_per_group(self, column: str) -> pd.Series:
        if column not in self._group_tokens:
            self._group_tokens[column] = (pd.Series(self._doc_tokens, dtype=np.int64)
                                          .groupby(self.tokens.docs[column].to_numpy()).sum())
        return self._group_tokens[column]

    def _update_plot(self) -> None:
        start = time.perf_counter()
        column = self.by.value
        totals = self._tokens_per_group(column)
        types = pd.unique(self.kwic_frame["node"]) if len(self.kwic_frame) else []
        ids = self.tokens.match(list(types), "fixed")
        hits_per_doc = np.bincount(self._doc_of_token[np.isin(self.tokens.ids, ids)],
                                   minlength=len(self.tokens))
        hits = (pd.Series(hits_per_doc, dtype=np.int64)
                .groupby(self.tokens.docs[column].to_numpy()).sum())
        frame = pd.DataFrame({column: totals.index.astype(str), "hits": hits.to_numpy(),
                              "tokens": totals.to_numpy()})
        frame["per_million"] = frame["hits"] / frame["tokens"] * 1e6
        self.frequency_frame = frame
        self.plot.outputs = ()
        if frame["hits"].sum():
            self.plot.outputs = ({"output_type": "display_data", "metadata": {},
                                  "data": {"image/png": self._png(frame, column),
                                           "text/plain": f"<frequency of {self.term.value}>"}},)
        self._timed("plot", start)

    def _png(self, frame: pd.DataFrame, column: str) -> str:
        # No layout engine: constrained layout draws the figure several times (about 2x slower).
        fig = Figure(figsize=(5.5, 0.32 * min(len(frame), 20) + 1.6))
        fig.subplots_adjust(left=0.35, right=0.95, bottom=0.25, top=0.85)
        shown = frame.assign(**{column: [v if len(v) <= 20 else v[:19] + "…"
                                         for v in frame[column]]})
        plots.bar(shown, top=20, term=column, value="per_million", annotate=False,
                  ax=fig.add_subplot(), title=f"«{self.term.value.strip()}» در هر گروه ({column})")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def _set_status(self) -> None:
        pattern = self.term.value.strip()
        if not pattern:
            text = "Type a word or a glob pattern (روس*) in the term box."
        elif not len(self.kwic_frame):
            prepared = prepare_any(self.tokens, pattern)
            normalised = ("" if prepared == pattern else
                          f" (normalised: <bdi>{html.escape(prepared, quote=False)}</bdi>)")
            text = (f"No token matches <bdi>{html.escape(pattern, quote=False)}</bdi>{normalised}: "
                    "check the spelling or use a pattern such as <bdi>روس*</bdi>.")
        else:
            kinds = self.kwic_frame["node"].nunique()
            text = (f"<bdi>{html.escape(pattern, quote=False)}</bdi>: {len(self.kwic_frame)} hits of {kinds} "
                    f"type(s); KWIC shows the first {min(self.rows, len(self.kwic_frame))}, "
                    f"collocates in a span of ±{self.span.value} tokens by {self.measure.value} "
                    f"= {html.escape(LABELS[self.measure.value], quote=False)}.")
        self.status.value = f"<span>{text}</span>"

    # -- event handlers ----------------------------------------------------------------------
    def _on_term(self, change: dict[str, Any] | None = None) -> None:
        start = time.perf_counter()
        pattern = self.term.value.strip()
        if pattern:
            self._update_kwic(pattern)
        else:
            self.kwic_frame = rtl_frame(pd.DataFrame(columns=["doc_id", "position", "left",
                                                              "node", "right"]))
            self.kwic.value = ""
        self._update_collocates()
        self._update_plot()
        self._set_status()
        self.last_update = time.perf_counter() - start

    def _on_collocate_option(self, change: dict[str, Any]) -> None:
        start = time.perf_counter()
        self._update_collocates()
        self._set_status()
        self.last_update = time.perf_counter() - start

    def _on_by(self, change: dict[str, Any]) -> None:
        start = time.perf_counter()
        self._update_plot()
        self.last_update = time.perf_counter() - start


@renamed(term="pattern")
def explore(corpus_or_tokens: Any, pattern: str = "", *, by: str | None = None, window: int = 5,
            span: int = 5, min_count: int = 2, measure: str = "logdice",
            rows: int = 25) -> Explorer:
    """An ipywidgets explorer of a corpus: KWIC, collocates and frequency by group for a term.

    ``corpus_or_tokens`` is a :class:`toolkit.Tokens`, or anything :func:`toolkit.tokenize`
    accepts (a :class:`toolkit.Corpus`, a DataFrame with a ``text`` column, a str or a list of
    str), tokenised with its defaults (standard normalisation, stopwords kept) as every verb does
    (:mod:`toolkit.queries`). ``pattern`` is the first search, put into the term box (a type or
    glob pattern, prepared like the tokens; empty shows nothing yet; ``term=`` is its old name,
    deprecated); ``by`` the metadata column
    of the frequency plot (default: a category or source column, recognised by its name as
    :func:`toolkit.loaders.column_for` does, else the first column with 2..60 distinct values,
    else the first with fewer); ``window`` the KWIC context in tokens on each side (as in
    :func:`toolkit.kwic`); ``span`` (tokens on each side of the node, ``collocates(span=(span,
    span))``), ``min_count`` and ``measure`` the collocate settings (see
    :func:`toolkit.collocates`; the
    measure in any usual spelling, ``"logDice"``, ``"MI"``, ``"LL"``);
    ``rows`` how many KWIC and collocate rows are shown.

    Display the returned :class:`Explorer` as the last expression of a cell. Raises ValueError
    for an unknown measure or a ``by`` column that does not split the documents into at most
    60 groups, and TypeError (naming ``toolkit.tokenize``) for anything else.
    """
    tokens = as_tokens(corpus_or_tokens, "explore")
    return Explorer(tokens, pattern, by=by, window=window, span=span, min_count=min_count,
                    measure=measure, rows=rows)
