"""Parallel preparation (toolkit.parallel): identical to the serial path, clean shutdown."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import signal
import threading
import time
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_streaming_support import assert_same_tokens

from toolkit import parallel
from toolkit.preparation import make_options, prepare_document, tokenize
from toolkit.tokens import Tokens


def split_prepare(text: str) -> list[list[str]]:
    """Sentences end at '.', tokens are separated by spaces (picklable, no hazm)."""
    return [s.split() for s in text.split(".")]


def slow_prepare(text: str) -> list[list[str]]:
    time.sleep(0.05)
    return split_prepare(text)


def failing_prepare(text: str) -> list[list[str]]:
    if "bad" in text:
        raise ValueError("cannot prepare 'bad'")
    return split_prepare(text)


def serial_tokens(texts: list[str]) -> Tokens:
    docs = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))]})
    return Tokens.from_sentences([split_prepare(t) for t in texts], docs)


def test_encode_by_hand() -> None:
    enc = parallel.encode(["a b. b c.", "", "c a"], split_prepare)
    assert enc.vocab.tolist() == ["a", "b", "c"]
    assert enc.ids.tolist() == [0, 1, 1, 2, 2, 0]
    assert enc.doc_lengths.tolist() == [4, 0, 2]
    assert enc.sent_lengths.tolist() == [2, 2, 2]
    tokens = enc.to_tokens(pd.DataFrame({"doc_id": ["x", "y", "z"]}))
    assert tokens.doc_offsets.tolist() == [0, 4, 4, 6]
    assert tokens.sent_offsets.tolist() == [0, 2, 4, 6]
    assert list(tokens) == [["a", "b", "b", "c"], [], ["c", "a"]]


def test_encode_lines_by_hand() -> None:
    """Lines of raw tokens: "x" is dropped, "B" counts as "b", empty parts and lines vanish."""
    token = {"a": "a", "b": "b", "B": "b", "c": "c", "x": None, "": None}
    asked: list[list[str]] = []

    def counted(raws: list[str]) -> list[str | None]:
        asked.append(raws)
        return [token[raw] for raw in raws]

    enc = parallel.encode_lines(["x B  a", "", "x x", " c b ", "a"], [3, 0, 1, 1], counted)
    assert enc.vocab.tolist() == ["b", "a", "c"]  # B (-> b) is met before a
    assert enc.ids.tolist() == [0, 1, 2, 0, 1]
    assert enc.doc_lengths.tolist() == [2, 0, 2, 1]
    assert enc.sent_lengths.tolist() == [2, 2, 1]
    assert asked == [["x", "B", "", "a", "c", "b"]]  # the distinct raw tokens, in order
    empty = parallel.encode_lines([], [], counted)
    assert (empty.vocab.tolist(), empty.ids.tolist(), empty.doc_lengths.tolist()) == ([], [], [])


@settings(max_examples=300, deadline=None)
@given(docs=st.lists(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "x", ""]),
                                       max_size=6), max_size=4), max_size=5))
def test_encode_lines_equals_encode_sentences(docs: list[list[list[str]]]) -> None:
    """The Arrow path gives what the list path gives for the same raw tokens ("x" dropped)."""
    def token(raw: str) -> str | None:
        return None if raw in ("x", "") else raw.upper()

    def counted(raws: list[str]) -> list[str | None]:
        return list(map(token, raws))

    lines = [" ".join(line) for doc in docs for line in doc]
    listed = parallel.encode_sentences(
        [[[t for raw in line if (t := token(raw)) is not None] for line in doc] for doc in docs])
    arrow = parallel.encode_lines(lines, [len(doc) for doc in docs], counted)
    for field in ("vocab", "ids", "doc_lengths", "sent_lengths"):
        assert getattr(arrow, field).tolist() == getattr(listed, field).tolist(), field
    assert arrow.ids.dtype == np.int32 and arrow.doc_lengths.dtype == np.int64


def test_merge_renumbers_in_order_of_first_appearance() -> None:
    one = parallel.encode(["x y."], split_prepare)
    two = parallel.encode(["z x. w"], split_prepare)
    merged = parallel.merge([one, two])
    assert merged.vocab.tolist() == ["x", "y", "z", "w"]
    assert merged.ids.tolist() == [0, 1, 2, 0, 3]
    fixed = parallel.merge([one, two], vocab=["w", "q"])
    assert fixed.vocab.tolist() == ["w", "q", "x", "y", "z"]
    assert fixed.ids.tolist() == [2, 3, 4, 2, 0]


documents = st.lists(st.text(alphabet="abcd .", max_size=30), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(texts=documents, cuts=st.lists(st.integers(0, 12), max_size=4))
def test_batches_merge_to_the_serial_tokens(texts: list[str], cuts: list[int]) -> None:
    bounds = sorted({0, len(texts), *(min(c, len(texts)) for c in cuts)})
    parts = [parallel.encode(texts[a:b], split_prepare) for a, b in pairwise(bounds)]
    docs = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))]})
    assert_same_tokens(parallel.merge(parts).to_tokens(docs), serial_tokens(texts))


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(st.text(alphabet="ab .", max_size=40), min_size=1, max_size=40),
       n=st.integers(1, 50))
def test_batches_cover_every_document_once(texts: list[str], n: int) -> None:
    slices = parallel._batches(texts, n)
    assert [i for s in slices for i in range(len(texts))[s]] == list(range(len(texts)))


def test_resolve_jobs() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert parallel.resolve_jobs(None) == cores
    assert parallel.resolve_jobs(-1) == cores
    assert parallel.resolve_jobs(3) == 3
    assert parallel.resolve_jobs(-100) == 1
    with pytest.raises(ValueError, match="n_jobs=0"):
        parallel.resolve_jobs(0)


@pytest.fixture
def no_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)


def test_two_workers_give_the_serial_tokens(no_threshold: None) -> None:
    rng = np.random.default_rng(7)
    words = np.array(["من", "تو", "او", "ما", "شما", "آن‌ها", "می‌رود", "."])
    texts = [" ".join(rng.choice(words, size=rng.integers(0, 60))) for _ in range(97)]
    enc = parallel.encode_parallel(texts, split_prepare, n_jobs=2, progress=False)
    docs = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))]})
    assert_same_tokens(enc.to_tokens(docs), serial_tokens(texts))
    assert multiprocessing.active_children() == []


def test_a_kept_pool_serves_several_calls(no_threshold: None) -> None:
    texts = [f"w{i} w{i % 3}. x" for i in range(40)]
    with parallel.worker_pool(2) as pool:
        first = parallel.encode_parallel(texts[:20], split_prepare, pool=pool, progress=False)
        second = parallel.encode_parallel(texts[20:], split_prepare, pool=pool, progress=False)
    assert_same_tokens(parallel.merge([first, second]).to_tokens(pd.DataFrame({"d": range(40)})),
                       serial_tokens(texts))


def test_worker_error_is_raised_and_workers_exit(no_threshold: None) -> None:
    texts = ["good text"] * 30 + ["bad text"] + ["good"] * 30
    with pytest.raises(ValueError, match="cannot prepare 'bad'"):
        parallel.encode_parallel(texts, failing_prepare, n_jobs=2, progress=False)
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_ctrl_c_shuts_the_workers_down(no_threshold: None) -> None:
    texts = ["a b c. d"] * 400  # 20 s of work on two workers: the interrupt comes long before
    timer = threading.Timer(1.0, signal.pthread_kill, (threading.main_thread().ident,
                                                       signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            parallel.encode_parallel(texts, slow_prepare, n_jobs=2, progress=False)
    finally:
        timer.cancel()
    assert multiprocessing.active_children() == []


def prepare_in_a_daemon(texts: list[str]) -> list[str]:
    return parallel.encode_parallel(texts, split_prepare, n_jobs=2, progress=False).vocab.tolist()


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
def test_a_daemon_worker_prepares_serially(no_threshold: None) -> None:
    with parallel.worker_pool(1) as pool:  # its worker is a daemon: no pool inside it
        vocab = pool.submit(prepare_in_a_daemon, ["a b. c", "c d"]).result()
    assert vocab == ["a", "b", "c", "d"]


def test_small_input_stays_in_process() -> None:
    enc = parallel.encode_parallel(["a b", "b c"], failing_prepare, n_jobs=2, progress=False)
    assert enc.vocab.tolist() == ["a", "b", "c"]


def hazm_prepare() -> parallel.Prepare:
    return functools.partial(prepare_document, options=make_options())


def test_seed_article_in_parallel_equals_tokenize(no_threshold: None, seeds_dir: Path) -> None:
    texts = [p for p in next(iter(sorted(seeds_dir.glob("*.txt")))).read_text("utf-8").split("\n")
             if p.strip()]
    serial = tokenize(texts, cache=False, progress=False, n_jobs=1)
    enc = parallel.encode_parallel(texts, hazm_prepare(), n_jobs=2, progress=False)
    assert_same_tokens(enc.to_tokens(serial.docs), serial)
    assert (len(texts), serial.n_tokens) == (3, 395)


@pytest.mark.shared
def test_fars_news_in_parallel_equals_tokenize(no_threshold: None, corpora_dir: Path) -> None:
    records = json.loads((corpora_dir / "fars-news" / "fars-news-2.json").read_text("utf-8"))
    texts = ["\n\n".join([r["title"], r["abstract"], *r["paragraphs"]]) for r in records[:100]]
    serial = tokenize(texts, cache=False, progress=False, n_jobs=1)
    enc = parallel.encode_parallel(texts, hazm_prepare(), n_jobs=2, progress=False)
    assert_same_tokens(enc.to_tokens(serial.docs), serial)
    assert serial.n_tokens > 30_000


def test_tokenize_n_jobs_gives_the_serial_tokens(no_threshold: None, seeds_dir: Path) -> None:
    texts = [p for p in next(iter(sorted(seeds_dir.glob("*.txt")))).read_text("utf-8").split("\n")
             if p.strip()]
    assert_same_tokens(tokenize(texts, cache=False, progress=False, n_jobs=2),
                       tokenize(texts, cache=False, progress=False, n_jobs=1))
    assert multiprocessing.active_children() == []


def pid_prepare(text: str) -> list[list[str]]:
    """The worker's process id as the one token of each document (picklable, no hazm)."""
    return [[str(os.getpid())]] if text else []


def test_reused_pool_serves_every_call_then_shuts_down() -> None:
    """Inside ``reused_pool`` successive calls run on the same workers (streaming prepares chunk
    after chunk) and give the serial tokens; the pool is shut down when the block ends."""
    texts = [f"w{i % 13} w{i % 7}. w{i % 5} " * 100 for i in range(200)]
    assert sum(map(len, texts)) >= parallel.MIN_PARALLEL_CHARS
    docs = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))]})
    with parallel.reused_pool():
        first = parallel.encode_parallel(texts, split_prepare, n_jobs=2, progress=False)
        pool = parallel._REUSED[-1][0]
        assert pool is not None
        second = parallel.encode_parallel(texts, split_prepare, n_jobs=2, progress=False)
        assert parallel._REUSED[-1][0] is pool
        workers = set(parallel.encode_parallel(texts, pid_prepare, n_jobs=2,
                                               progress=False).vocab.tolist())
        assert workers <= {str(pid) for pid in pool._processes}
    assert not parallel._REUSED
    assert pool._shutdown_thread
    for encoded in (first, second):
        assert_same_tokens(encoded.to_tokens(docs), serial_tokens(texts))
