"""Equality checks shared by the parallel, streaming and Dask tests (no tests here)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.cooccurrences import Cooccurrence
from toolkit.tokens import Tokens


def assert_same_tokens(a: Tokens, b: Tokens) -> None:
    """Same vocabulary (and order), ids, document and sentence offsets."""
    assert a.vocab.tolist() == b.vocab.tolist()
    np.testing.assert_array_equal(a.ids, b.ids)
    np.testing.assert_array_equal(a.doc_offsets, b.doc_offsets)
    np.testing.assert_array_equal(a.sent_offsets, b.sent_offsets)


def assert_same_cooccurrence(a: Cooccurrence, b: Cooccurrence) -> None:
    """Same vocabulary, pair counts (and dtype), marginals, events, tokens, span and settings."""
    assert a.vocab.tolist() == b.vocab.tolist()
    assert a.matrix.shape == b.matrix.shape
    assert (a.matrix != b.matrix).nnz == 0
    assert a.matrix.dtype == b.matrix.dtype
    np.testing.assert_array_equal(a.row_counts, b.row_counts)
    np.testing.assert_array_equal(a.col_counts, b.col_counts)
    np.testing.assert_array_equal(a.type_freq, b.type_freq)
    assert a.n == b.n and a.n_tokens == b.n_tokens and a.span == b.span
    assert (a.window, a.unit, a.ordered, a.min_count) == (b.window, b.unit, b.ordered, b.min_count)


def assert_same_table(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Same rows, columns, order and values (integer widths may differ)."""
    pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b), check_dtype=False)
