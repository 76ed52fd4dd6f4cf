"""What real Persian text carries, and what preparation changed: :func:`diagnose`.

Per document (``Diagnostics.documents``), counted on the raw text:

- ``arabic_yeh_kaf``: Arabic yeh/kaf/alef maksura (U+064A, U+0643, U+0649) replaced by Persian
  ی/ک;
- ``space_for_zwnj``: a space or NBSP where a ZWNJ belongs (``مي باشد``, ``هماهنگي هاي``: after the
  verb prefix می/نمی, before ها/های/تر/ترین); ``nbsp``: no-break spaces;
- ``zwnj_inserted``: ZWNJs added by normalisation (ZWNJ count after minus before, at least 0);
- ``digits_ascii``, ``digits_arabic_indic``, ``digits_persian``; ``digits_unified``: ASCII and
  Arabic-Indic digits made Persian;
- ``diacritics`` (harakat, tanwin, hamza above, superscript alef), ``kashida`` (U+0640),
  ``controls`` (bidi/format controls such as U+200E/F, U+202A-E, U+2066-9, U+200B, U+00AD),
  ``html`` (tags such as ``<br />`` and entities such as ``&nbsp;``), ``latin_words``;
- ``chars``, ``empty`` (no text after stripping) and ``tokens`` (token count after preparation
  with ``tokenize``'s defaults);
- ``affixes_unified``: tokens whose glued affix spelling was counted as its standard ZWNJ spelling
  (``آنها`` as ``آن‌ها``, ``مهمترین`` as ``مهم‌ترین``; :mod:`toolkit.folding`), so that every
  spelling of one word is one type.

``totals`` sums them over the corpus. ``merged`` lists the types that normalisation changed or
merged: raw types (tokenised without normalisation) grouped by their normalised form, one row per
normalised type with its raw ``variants`` (most frequent first) and total ``count``; ``top_changes``
puts the top of the frequency list before and after normalisation side by side.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from .folding import fold_affix
from .naming import renamed
from .normalization import FORMAT_CONTROLS, PROGRESS_MIN_DOCS, ZWNJ, fold_letters, normalizer
from .preparation import as_documents, document_texts, tokenize

_PATTERNS = {
    "arabic_yeh_kaf": re.compile("[\u064a\u0643\u0649]"),
    "nbsp": re.compile("\u00a0"),
    "digits_ascii": re.compile("[0-9]"),
    "digits_arabic_indic": re.compile("[\u0660-\u0669]"),
    "digits_persian": re.compile("[\u06f0-\u06f9]"),
    "diacritics": re.compile("[\u064b-\u065f\u0670]"),
    "kashida": re.compile("\u0640"),
    "controls": re.compile(f"[{FORMAT_CONTROLS}\u2028\u2029]"),
    "html": re.compile(r"</?[A-Za-z][^<>]{0,200}>|&(?:[A-Za-z]{2,8}|#\d{2,5}|#x[0-9A-Fa-f]{2,4});"),
    "latin_words": re.compile(r"[A-Za-z]+"),
}


_SPACE_FOR_ZWNJ = re.compile(r"(?<![^\W\d_])ن?می[ \u00a0](?=[^\W\d_])"
                             r"|(?<=[^\W\d_])[ \u00a0](?:ها|های|هایی|تر|ترین)(?![^\W\d_])")


@dataclass
class Diagnostics:
    """The result of :func:`diagnose` (see the module docstring for every column)."""

    documents: pd.DataFrame
    totals: pd.Series
    merged: pd.DataFrame
    top_changes: pd.DataFrame

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={int(v):,}" for k, v in self.totals.items())
        return f"<Diagnostics: {len(self.documents)} documents; {shown}>"

    def _repr_html_(self) -> str:
        totals = self.totals.to_frame("total").to_html()
        merged = self.merged.head(15).to_html(index=False)
        top = self.top_changes.to_html(index=False)
        return (f"<p>{html.escape(repr(self))}</p><h4>Totals</h4>{totals}"
                f"<h4>Types merged by normalisation</h4>{merged}"
                f"<h4>Top of the frequency list, before and after</h4>{top}")


_COLUMNS = ("arabic_yeh_kaf", "zwnj_inserted", "digits_unified", "space_for_zwnj", "nbsp",
            "digits_ascii", "digits_arabic_indic", "digits_persian", "diacritics", "kashida",
            "controls", "html", "latin_words", "chars", "empty")


def _counts(texts: list[str], normalized: list[str]) -> pd.DataFrame:
    table: dict[str, Any] = {name: [len(p.findall(t)) for t in texts]
                             for name, p in _PATTERNS.items() if name != "latin_words"}
    # Latin words outside HTML remnants (the "br" of <br /> is not Latin text)
    table["latin_words"] = [len(_PATTERNS["latin_words"].findall(_PATTERNS["html"].sub(" ", t)))
                            for t in texts]
    folded = [fold_letters(t) for t in texts]  # مي باشد is as much a missing ZWNJ as می باشد
    table["space_for_zwnj"] = [len(_SPACE_FOR_ZWNJ.findall(t)) for t in folded]
    table["digits_unified"] = (np.asarray(table["digits_ascii"], dtype=np.int64)
                               + np.asarray(table["digits_arabic_indic"], dtype=np.int64))
    table["zwnj_inserted"] = [max(0, b.count(ZWNJ) - a.count(ZWNJ))
                              for a, b in zip(texts, normalized, strict=True)]
    table["chars"] = [len(t) for t in texts]
    table["empty"] = [not t.strip() for t in texts]
    return pd.DataFrame({name: table[name] for name in _COLUMNS})


def _merged_types(raw_counts: pd.Series, preset: str) -> pd.DataFrame:
    func = normalizer(preset, memo=False)
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for raw, count in raw_counts.items():
        groups[func(str(raw)).strip(ZWNJ)].append((str(raw), int(count)))
    rows = [{"type": norm, "variants": [v for v, _ in sorted(items, key=lambda x: -x[1])],
             "n_variants": len(items), "count": sum(c for _, c in items)}
            for norm, items in groups.items() if len(items) > 1 or items[0][0] != norm]
    frame = pd.DataFrame(rows, columns=["type", "variants", "n_variants", "count"])
    return frame.sort_values(["count", "type"], ascending=[False, True], ignore_index=True)


def _frequency(tokens: Any) -> pd.Series:
    counts = tokens.type_counts()
    series = pd.Series(counts, index=tokens.vocab)
    return series[series > 0].sort_values(ascending=False, kind="stable")


@renamed(preset="normalize")
def diagnose(corpus: Any, *, normalize: str = "standard", top: int = 20, cache: bool = True
             ) -> Diagnostics:
    """Count what the raw text carries and what normalisation with the preset ``normalize``
    changes (``"standard"``, ``"light"``, ``"none"``: the ``normalize=`` of
    :func:`toolkit.tokenize`; ``preset=`` is its old name, deprecated).

    ``corpus``: anything :func:`~toolkit.preparation.tokenize` accepts. ``top``: rows of the
    before/after frequency table. Returns :class:`Diagnostics`; ``documents`` has one row per
    document with ``doc_id`` first. Costs one raw and one normalised tokenisation (the latter is
    cached like ``tokenize``).
    """
    docs = as_documents(corpus)
    texts = document_texts(docs)
    func = normalizer(normalize)
    normalized = [func(t) for t in tqdm(texts, desc="normalize", unit="doc",
                                        disable=len(texts) < PROGRESS_MIN_DOCS)]
    table = _counts(texts, normalized)
    # the texts are normalised already: tokenising them without normalisation gives the tokens of
    # tokenize(docs, normalize=normalize) without normalising twice
    prepared = tokenize(docs.assign(text=normalized), normalize="none", cache=cache)
    raw = tokenize(docs, normalize="none", cache=cache)
    table["tokens"] = np.diff(prepared.doc_offsets)
    unfolded = tokenize(docs.assign(text=normalized), normalize="none", fold_affixes=False,
                        cache=cache)
    folds = np.fromiter((fold_affix(str(t)) != t for t in unfolded.vocab), dtype=bool,
                        count=len(unfolded.vocab))
    table["affixes_unified"] = np.bincount(unfolded.doc_of_token()[folds[unfolded.ids]],
                                           minlength=len(table))
    table.insert(0, "doc_id", docs["doc_id"].astype(str).to_numpy())
    totals = table.drop(columns=["doc_id"]).sum(numeric_only=True).astype(np.int64)
    before, after = _frequency(raw), _frequency(prepared)
    n = min(top, max(len(before), len(after)))
    top_changes = pd.DataFrame({
        "rank": np.arange(1, n + 1),
        "before": before.index[:n].tolist() + [""] * (n - min(n, len(before))),
        "count_before": before.to_numpy()[:n].tolist() + [0] * (n - min(n, len(before))),
        "after": after.index[:n].tolist() + [""] * (n - min(n, len(after))),
        "count_after": after.to_numpy()[:n].tolist() + [0] * (n - min(n, len(after))),
    })
    return Diagnostics(table, totals, _merged_types(before, normalize), top_changes)
