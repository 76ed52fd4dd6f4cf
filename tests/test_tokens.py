import numpy as np
import pandas as pd

from toolkit import Tokens


def _tokens() -> Tokens:
    docs = pd.DataFrame({"doc_id": ["x", "y", "z"], "cat": ["a", "b", "a"]})
    return Tokens.from_sentences(
        [[["ایران", "و"], ["روسیه"]], [], [["ایران", "سوریه", "ایران"]]], docs
    )


def test_layout_and_iteration():
    t = _tokens()
    assert len(t) == 3
    assert t.n_tokens == 6
    assert t.n_types == 4
    assert list(t) == [["ایران", "و", "روسیه"], [], ["ایران", "سوریه", "ایران"]]
    assert t.doc_offsets.tolist() == [0, 3, 3, 6]
    assert t.sent_offsets.tolist() == [0, 2, 3, 6]
    assert t.sentences(0) == [["ایران", "و"], ["روسیه"]]
    assert t.doc_of_token().tolist() == [0, 0, 0, 2, 2, 2]
    assert t.type_counts()[t.term_id("ایران")] == 3
    assert t.term_id("missing") is None


def test_select_keeps_vocabulary_and_sentences():
    t = _tokens()
    s = t.select(np.array([True, False, True]))
    assert len(s) == 2
    assert s.docs["doc_id"].tolist() == ["x", "z"]
    assert s.sentences() == [[["ایران", "و"], ["روسیه"]], [["ایران", "سوریه", "ایران"]]]
    assert s.vocab is t.vocab or list(s.vocab) == list(t.vocab)
