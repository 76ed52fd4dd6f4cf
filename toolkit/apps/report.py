"""The main job: from a folder of Persian articles to tables, figures and a Markdown report.

``python -m toolkit report [PATH ...] --out DIR`` (see :func:`report`) writes:

- ``frequency.csv``: content-word frequency list (term, count, per_million, rank, doc_freq, range);
- ``cooccurrence.csv``: pairs of different content words within a span of 4 tokens on each side
  (``span``: at most 4 content words apart, either order), seen at least twice: ``count`` (the number of
  position pairs, each counted once), ``f_w1`` / ``f_w2`` (corpus frequencies of the two words
  among the content words), ``expected`` (``f_w1 * f_w2 * S / N``, S = 8 slots of a ±4 span,
  N the number of content-word tokens; #LancsBox, Brezina et al. 2015), ``logdice`` (Rychlý 2008, as Sketch
  Engine: ``14 + log2(2 count / (f_w1 + f_w2))``), ``pmi`` (``log2(count / expected)``) and
  ``g2`` (Dunning's log-likelihood over the span slots): the reference definitions of
  :mod:`toolkit.measures`;
- ``diagnostics.csv``: per document, what normalisation changed (Arabic yeh/kaf replaced, ZWNJ
  inserted, digits unified, ...) and the number of tokens;
- ``top_words.png`` / ``top_words.svg``: the 20 most frequent content words;
- ``cooccurrence_network.png``: the strongest pairs among the most frequent words as a graph;
- ``report.md``: a page that links all of the above.

Content words are the tokens left after hazm's stopword list, punctuation and numbers are removed;
the co-occurrence span counts positions in that content-word stream and never crosses a document.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..cooccurrences import cooccurrence, window_size
from ..corpus import Corpus, load_corpus
from ..diagnostics import diagnose
from ..frequencies import frequency
from ..naming import renamed
from ..outputs import staged_output
from ..preparation import tokenize

COOC_MEASURES = ("logdice", "pmi", "g2")


class OutputError(ValueError):
    """The output folder would overwrite or mix with the input; the message names both."""


def _refuse_output_among_inputs(paths: Sequence[str | Path], out: Path) -> None:
    target = out.resolve()
    for path in map(Path, paths):
        source = path.resolve()
        inside = path.is_dir() and (target == source or target.is_relative_to(source))
        if inside or (path.is_file() and source.parent == target):
            raise OutputError(
                f"output folder {out} is or lies inside the input {path}: the report would mix "
                "its tables with your articles; choose another --out"
            )


@dataclass(frozen=True)
class ReportFiles:
    """Paths of everything :func:`report` wrote, in the order ``report.md`` lists them."""

    out: Path
    frequency: Path
    cooccurrence: Path
    diagnostics: Path
    top_words_png: Path
    top_words_svg: Path
    network_png: Path
    report: Path
    documents: int
    skipped: int


@renamed(min_pair_count="min_count")
def report(
    paths: Sequence[str | Path] = ("seeds",),
    out: str | Path = "out",
    *,
    top: int = 20,
    span: int = 4,
    network_pairs: int = 60,
    network_vocabulary: int = 100,
    min_count: int = 2,
    errors: str = "skip",
    text: str | Sequence[str] | None = None,
    title: str | None = None,
    date: str | None = None,
    format: str | None = None,
    encoding: str | None = None,
    stopwords: Sequence[str] = (),
    window: int | None = None,
) -> ReportFiles:
    """Run the main job on ``paths`` and write tables, figures and ``report.md`` into ``out``.

    ``top`` content words go into the bar chart. ``cooccurrence.csv`` holds every pair of different
    content words seen at least ``min_count`` times at most ``span`` tokens apart (the span of
    :func:`toolkit.cooccurrence`), sorted by logDice (Rychly 2008); ``min_pair_count=`` is the old
    name of ``min_count=``, and ``window=5`` the old spelling of ``span=4`` (NLTK's window size),
    both deprecated; the network and the report's table show the ``network_pairs`` strongest pairs among the
    ``network_vocabulary`` most frequent content words. Raises
    :class:`toolkit.corpus.CorpusError` (naming the path) when nothing readable is found; with
    ``errors="skip"`` (the default) an unreadable document is listed with its reason in
    ``report.md`` and the rest is reported, with ``errors="raise"`` it stops the job.
    Raises :class:`OutputError` when ``out`` is, or lies inside, an input folder or holds an input
    file: the job never writes where it reads. ``text``, ``title``, ``date``, ``format`` and
    ``encoding`` are passed to :func:`toolkit.load_corpus` (default: recognised by the column
    names, the file name ending and the bytes); ``stopwords`` are removed besides hazm's list. Earlier report files in ``out`` are replaced;
    nothing else there is changed (on Linux ``out`` becomes a new folder holding the same
    files, hard-linked). The report is published as a whole (see :mod:`toolkit.outputs`): every
    file is written to a staging folder first and published into ``out`` in one step only when
    all are complete, so a failure (a full disk, an interrupt, a kill) leaves the previous report
    in ``out`` untouched. Raises :class:`toolkit.outputs.WriteError` (an
    ``OSError``) naming the file and the cause when writing fails.
    """
    import matplotlib.pyplot as plt  # the backend is the user's: no matplotlib.use() here

    span = window_size(span, False, window, "report") - 1

    from .. import plots

    out = Path(out)
    _refuse_output_among_inputs(paths, out)
    corpus = load_corpus([str(p) for p in paths], format, text=text, title=title, date=date,
                         encoding=encoding, errors=errors)
    files = ReportFiles(
        out=out,
        frequency=out / "frequency.csv",
        cooccurrence=out / "cooccurrence.csv",
        diagnostics=out / "diagnostics.csv",
        top_words_png=out / "top_words.png",
        top_words_svg=out / "top_words.svg",
        network_png=out / "cooccurrence_network.png",
        report=out / "report.md",
        documents=len(corpus.docs),
        skipped=len(corpus.skipped),
    )

    # Every file is written into a staging folder and published into `out` only when all are
    # complete (toolkit.outputs): a failure or an interrupt leaves `out` as it was. Each table is
    # computed before its `writing` block, so an error there names the file being written.
    with staged_output(out, "report", last=files.report.name) as stage:
        diagnostics = diagnose(corpus)
        with stage.writing(files.diagnostics.name) as path:
            diagnostics.documents.to_csv(path, index=False)
        tokens = tokenize(corpus, stopwords=list(stopwords) or True, numbers=False)
        freq = frequency(tokens)
        with stage.writing(files.frequency.name) as path:
            freq.to_csv(path, index=False)

        # Pairs seen once are chance meetings that top every association measure, and a word
        # beside itself says nothing about collocation: both are left out of the table.
        cooc = cooccurrence(tokens, span=span, min_count=min_count)
        pairs = cooc.scores(list(COOC_MEASURES))
        pairs = pairs[pairs["w1"] != pairs["w2"]]
        freq_of = pd.Series(cooc.type_freq, index=cooc.vocab)
        pairs.insert(3, "f_w1", freq_of.loc[pairs["w1"]].to_numpy())
        pairs.insert(4, "f_w2", freq_of.loc[pairs["w2"]].to_numpy())
        with stage.writing(files.cooccurrence.name) as path:
            pairs.to_csv(path, index=False)

        with plt.ioff():  # drawn to be saved, never shown (no window in an interactive session)
            ax = plots.bar(freq, top=top, title="پربسامدترین واژه‌های محتوایی",
                           xlabel="بسامد", ylabel="واژه")
        for name in (files.top_words_png.name, files.top_words_svg.name):
            with stage.writing(name) as path:
                plots.save(ax, path)
        plt.close(ax.figure)

        # logDice ranks rare exclusive pairs first; among the most frequent content words it
        # shows the topic's structure instead.
        common = cooccurrence(tokens, span=span, min_count=min_count,
                              vocabulary=freq["term"].head(network_vocabulary).tolist())
        strongest = common.scores(list(COOC_MEASURES))
        strongest = strongest[strongest["w1"] != strongest["w2"]]
        with plt.ioff():
            ax = plots.network(common.to_networkx(measure="logdice", top=network_pairs),
                               title="شبکهٔ هم‌آیی واژه‌ها (logDice)")
        with stage.writing(files.network_png.name) as path:
            plots.save(ax, path)
        plt.close(ax.figure)

        markdown = _markdown(corpus, files, freq, strongest, top, network_vocabulary, span,
                             int(diagnostics.totals["affixes_unified"]))
        with stage.writing(files.report.name) as path:
            path.write_text(markdown, encoding="utf-8")
    return files


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 document"``, ``"2 documents"``: a count with its noun in the right number."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def _markdown(corpus: Corpus, files: ReportFiles, freq: pd.DataFrame, pairs: pd.DataFrame,
              top: int, vocabulary: int, span: int, unified: int) -> str:
    """The report page, in English with the Persian data as it is: corpus size, skipped inputs,
    the top of each table and links to the files."""
    shown_pairs = min(top, len(pairs))
    lines = [
        "# Corpus report",
        "",
        f"- Documents: {plural(files.documents, 'document')} loaded, "
        f"{plural(files.skipped, 'input')} skipped",
        f"- Content words: {plural(int(freq['count'].sum()), 'token')} of "
        f"{plural(len(freq), 'type')}",
        f"- Tokens unified (an affixed word written glued, counted under its standard ZWNJ "
        f"spelling, e.g. آنها as آن‌ها): {unified}; per document in diagnostics.csv "
        "(`affixes_unified`)",
        "",
        "## Tables",
        f"- [frequency.csv]({files.frequency.name}): content-word frequency list",
        f"- [cooccurrence.csv]({files.cooccurrence.name}): pairs of different content words "
        f"at most {span} tokens apart, seen at least twice (count, the two words' frequencies, "
        "expected count, logDice, PMI, G2)",
        f"- [diagnostics.csv]({files.diagnostics.name}): what normalisation changed, per document",
        "",
        "## Figures",
        f"![top words]({files.top_words_png.name}) ([SVG]({files.top_words_svg.name}))",
        "",
        f"![co-occurrence network]({files.network_png.name})",
        "",
        f"## The {plural(min(top, len(freq)), 'most frequent content word')}",
        "",
        "| rank | term | count | per million |",
        "|---:|---|---:|---:|",
        *(f"| {r.rank} | {r.term} | {r.count} | {r.per_million:.1f} |"
          for r in freq.head(top).itertuples()),
        "",
        f"## The {plural(shown_pairs, 'strongest pair')} among the {vocabulary} most frequent "
        "content words (logDice)",
        "",
        f"count: position pairs at most {span} content words apart (either order). "
        "logDice = 14 + log2(2 count / (f_w1 + f_w2)) with corpus frequencies (Rychlý 2008, as "
        "Sketch Engine; 14 = the two words only occur together, one next to the other; a pair that "
        "repeats inside one span, such as w1 w2 w1, is counted twice and can score above "
        "14); PMI = log2(count / E), "
        f"E = f_w1 f_w2 · {2 * span} / N (#LancsBox, Brezina et al. 2015); G2 = Dunning's "
        "log-likelihood (1993) over the span slots.",
        "",
        "| w1 | w2 | count | PMI | G2 | logDice |",
        "|---|---|---:|---:|---:|---:|",
        *(f"| {r.w1} | {r.w2} | {r.count} | {r.pmi:.2f} | {r.g2:.2f} | {r.logdice:.2f} |"
          for r in pairs.head(top).itertuples()),
    ]
    if files.skipped:
        lines += ["", "## Skipped inputs", "", "| source | reason |", "|---|---|",
                  *(f"| {s} | {r} |" for s, r in corpus.skipped[["source", "reason"]].itertuples(
                      index=False))]
    return "\n".join(lines) + "\n"


class _ReportModule(types.ModuleType):
    """``toolkit.report`` is both the function and the documented path of this module: importing
    the path (``import toolkit.report``) makes Python bind the module to ``toolkit.report``, so the
    module calls :func:`report` when called, and ``toolkit.report(...)`` works in any order."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return report(*args, **kwargs)


sys.modules[__name__].__class__ = _ReportModule
