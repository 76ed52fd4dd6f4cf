"""Lexical diversity: how varied the vocabulary of each document (and of the corpus) is.

All measures but MTLD are computed for every document at once from the sparse document-term
matrix and a per-token "previous occurrence" array; MTLD walks the tokens (a sequential
definition), with a progress bar for large corpora.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats
from tqdm.auto import tqdm

from .measures import canonical_names
from .naming import renamed
from .queries import as_tokens
from .tables import RTLFrame, rtl_frame
from .tokens import Tokens

MEASURES: tuple[str, ...] = ("ttr", "herdan_c", "guiraud_r", "maas", "yule_k", "mattr", "mtld",
                             "hdd")
#: Usual spellings -> canonical name (matched ignoring case, spaces, hyphens, underscores and
#: apostrophes: ``"TTR"``, ``"Herdan's C"``, ``"LogTTR"``, ``"Root TTR"``, ``"Yule's K"``,
#: ``"HD-D"`` ...).
ALIASES: dict[str, str] = {
    "typetokenratio": "ttr", "herdan": "herdan_c", "herdansc": "herdan_c", "logttr": "herdan_c",
    "guiraud": "guiraud_r", "guiraudsr": "guiraud_r", "rootttr": "guiraud_r", "rttr": "guiraud_r",
    "maasa2": "maas", "a2": "maas", "yule": "yule_k", "yulesk": "yule_k",
    "movingaveragettr": "mattr",
}
_PROGRESS_MIN_TOKENS = 200_000


def _mtld_pass(seq: Sequence[int], threshold: float) -> float:
    """One MTLD pass (McCarthy & Jarvis 2010): text length / number of factors.

    A factor ends where the running TTR of the current stretch falls to ``threshold`` or below;
    the leftover stretch counts as ``(1 - TTR) / (1 - threshold)`` of a factor. NaN when there is
    no factor at all (every token distinct, or no tokens).
    """
    factors = 0.0
    seen: set[int] = set()
    count = 0
    for token in seq:
        count += 1
        seen.add(token)
        if len(seen) / count <= threshold:
            factors += 1.0
            seen = set()
            count = 0
    if count:
        factors += (1.0 - len(seen) / count) / (1.0 - threshold)
    return len(seq) / factors if factors > 0 else np.nan


def _mattr(ids: np.ndarray, offsets: np.ndarray, n_vocab: int, window: int) -> np.ndarray:
    """Moving-average TTR per segment (Covington & McFall 2010), without looping over windows.

    The number of types in window ``[i, i + w)`` is the number of its tokens whose previous
    occurrence (in the same segment) lies before ``i``; summed over all windows, token ``j``
    counts once for every window start ``i`` with ``max(j - w + 1, prev_j + 1, start) <= i <=
    min(j, end - w)``. A segment shorter than the window gets its plain TTR.
    """
    lengths = np.diff(offsets)
    segment = np.repeat(np.arange(len(lengths)), lengths)
    starts, ends = offsets[:-1][segment], offsets[1:][segment]
    position = np.arange(len(ids))
    order = np.argsort(segment * n_vocab + ids, kind="stable")
    prev = np.full(len(ids), -1, dtype=np.int64)
    same = (segment[order][1:] == segment[order][:-1]) & (ids[order][1:] == ids[order][:-1])
    prev[order[1:][same]] = order[:-1][same]
    prev = np.where(prev >= 0, prev, starts - 1)
    w = np.minimum(window, lengths)[segment]
    lo = np.maximum(np.maximum(position - w + 1, prev + 1), starts)
    hi = np.minimum(position, ends - w)
    covered = np.maximum(hi - lo + 1, 0)
    total = np.bincount(segment, weights=covered, minlength=len(lengths))
    n_windows = lengths - np.minimum(window, lengths) + 1
    with np.errstate(divide="ignore", invalid="ignore"):
        return total / (n_windows * np.minimum(window, lengths))


def _measures(ids: np.ndarray, offsets: np.ndarray, n_vocab: int, names: Sequence[str],
              window: int, threshold: float, sample: int) -> dict[str, np.ndarray]:
    """Every requested measure for the segments ``ids[offsets[k]:offsets[k + 1]]``."""
    lengths = np.diff(offsets)
    counts = sp.csr_matrix((np.ones(len(ids), dtype=np.int64), ids.copy(), offsets.copy()),
                           shape=(len(lengths), n_vocab))
    counts.sum_duplicates()
    n = lengths.astype(np.float64)
    v = np.diff(counts.indptr).astype(np.float64)
    row = np.repeat(np.arange(len(lengths)), np.diff(counts.indptr))
    c = counts.data.astype(np.float64)
    out: dict[str, np.ndarray] = {"tokens": lengths, "types": v.astype(np.int64)}
    with np.errstate(divide="ignore", invalid="ignore"):
        log_n, log_v = np.log(n), np.log(v)
        formulas = {
            "ttr": lambda: v / n,
            "herdan_c": lambda: log_v / log_n,
            "guiraud_r": lambda: v / np.sqrt(n),
            "maas": lambda: (log_n - log_v) / log_n**2,
            "yule_k": lambda: 1e4 * (np.bincount(row, weights=c**2, minlength=len(n)) - n) / n**2,
            "mattr": lambda: _mattr(ids, offsets, n_vocab, window),
            "hdd": lambda: np.where(
                n >= sample,
                np.bincount(row, weights=-np.expm1(stats.hypergeom.logpmf(
                    0, n[row], c, np.minimum(sample, n[row]))), minlength=len(n)) / sample,
                np.nan),
        }
        for name in names:
            if name == "mtld":
                continue
            values = formulas[name]()
            out[name] = np.where(n > 0, values, np.nan)
    if "mtld" in names:
        tokens = ids.tolist()
        bar = tqdm(total=len(ids), desc="MTLD", unit="tok", disable=len(ids) < _PROGRESS_MIN_TOKENS)
        mtld = np.full(len(lengths), np.nan)
        for k, (lo, hi) in enumerate(itertools.pairwise(offsets)):
            seq = tokens[lo:hi]
            mtld[k] = (_mtld_pass(seq, threshold) + _mtld_pass(seq[::-1], threshold)) / 2.0
            bar.update(hi - lo)
        bar.close()
        out["mtld"] = mtld
    return out


@renamed(measures="measure", window="mattr_window")
def lexical_diversity(tokens: Tokens, measure: str | Sequence[str] = MEASURES, *,
                      mattr_window: int = 500, threshold: float = 0.72,
                      sample: int = 42) -> RTLFrame:
    """Lexical diversity of every document and of the whole corpus.

    Returns one row per document (in the order of ``tokens.docs``) and a last row for the corpus
    read as one text, with columns ``doc_id`` (``"corpus"`` on the last row), ``level``
    (``"document"`` / ``"corpus"``), ``tokens`` (N), ``types`` (V) and one column per measure:

    - ``ttr``: type-token ratio ``V / N``;
    - ``herdan_c``: ``log V / log N`` (Herdan 1960);
    - ``guiraud_r``: ``V / sqrt(N)`` (Guiraud 1954);
    - ``maas``: Maas' a² ``(log N - log V) / (log N)^2`` (Maas 1972; lower = more diverse);
    - ``yule_k``: ``10^4 (sum_i i² V_i - N) / N²`` with ``V_i`` the number of types occurring
      ``i`` times (Yule 1944; lower = more diverse);
    - ``mattr``: moving-average TTR, the mean TTR of every window of ``mattr_window`` consecutive
      tokens (Covington & McFall 2010; default 500; quanteda's ``MATTR_window``; ``window=`` is
      its old name, deprecated: ``window`` means tokens on each side of a node in every other
      verb); a text shorter than the window gets its TTR;
    - ``mtld``: measure of textual lexical diversity, the mean of a forward and a backward pass,
      each ``N / factors``, a factor ending where the running TTR falls to ``threshold`` (0.72)
      or below, the leftover counted as a partial factor (McCarthy & Jarvis 2010); NaN when no
      factor completes or is partial (all tokens distinct);
    - ``hdd``: HD-D, the expected TTR of a random sample of ``sample`` (42) tokens drawn without
      replacement, ``sum_types (1 - P_hypergeom(0; N, count, sample)) / sample`` (McCarthy &
      Jarvis 2007); NaN for texts shorter than the sample (multiply by 42 for the expected
      number of types, the form some tools report).

    Natural logarithms; a measure whose formula is undefined for a text (no tokens, ``log 1 =
    0`` denominators) is NaN. ``measure`` (one name or a list; ``measures=`` is its old name,
    deprecated) picks a subset, named as the literature writes them,
    in any case (``"TTR"``, ``"Herdan's C"``, ``"Yule's K"``, ``"MTLD"``, ``"HD-D"``; see
    :data:`ALIASES`); the columns use the canonical keys above. Raises ValueError for an unknown
    measure or an mattr_window/sample below 1.
    """
    tokens = as_tokens(tokens, "lexical_diversity")
    names = (canonical_names(measure, MEASURES, ALIASES, "diversity measure")
             if isinstance(measure, str) or len(measure) else [])
    if mattr_window < 1 or sample < 1:
        raise ValueError(f"mattr_window and sample must be at least 1, got {mattr_window} and "
                         f"{sample}")
    window = mattr_window
    n_vocab = len(tokens.vocab)
    per_doc = _measures(tokens.ids, tokens.doc_offsets, n_vocab, names, window, threshold, sample)
    corpus = _measures(tokens.ids, np.array([0, tokens.n_tokens], dtype=np.int64), n_vocab, names,
                       window, threshold, sample)
    doc_ids = tokens.docs["doc_id"] if "doc_id" in tokens.docs.columns else \
        pd.Series(range(len(tokens)))
    table = pd.DataFrame({
        "doc_id": [*doc_ids.tolist(), "corpus"],
        "level": ["document"] * len(tokens) + ["corpus"],
        **{key: np.concatenate([per_doc[key], corpus[key]]) for key in per_doc},
    })
    return rtl_frame(table)
