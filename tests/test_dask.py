"""Dask engine (toolkit.dask_engine): equal, to the count, to the local engine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from test_streaming_support import (  # noqa: E402
    assert_same_cooccurrence,
    assert_same_table,
    assert_same_tokens,
)

from toolkit import dask_engine  # noqa: E402
from toolkit.cooccurrences import cooccurrence  # noqa: E402
from toolkit.frequencies import frequency  # noqa: E402
from toolkit.preparation import tokenize  # noqa: E402
from toolkit.tokens import Tokens  # noqa: E402

# the LocalCluster's workers are forked from the (threaded) test process on purpose, see client()
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")


@pytest.fixture(scope="module")
def seed_docs(seeds_dir: Path) -> pd.DataFrame:
    """The seed article cut into paragraphs (one document each), in two categories."""
    text = next(iter(sorted(seeds_dir.glob("*.txt")))).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return pd.DataFrame({"doc_id": [f"p{i}" for i in range(len(paragraphs))],
                         "cat": ["odd" if i % 2 else "even" for i in range(len(paragraphs))],
                         "text": paragraphs})


@pytest.fixture(scope="module")
def seed_tokens(seed_docs: pd.DataFrame) -> Tokens:
    return tokenize(seed_docs, cache=False, progress=False)


def test_local_scheduler_without_a_client(seed_docs: pd.DataFrame, seed_tokens: Tokens) -> None:
    ddf = dd.from_pandas(seed_docs, npartitions=3)
    assert_same_table(dask_engine.frequency(ddf, by="cat"), frequency(seed_tokens, by="cat"))
    assert_same_cooccurrence(dask_engine.cooccurrence(seed_tokens, partitions=3),
                             cooccurrence(seed_tokens))


@pytest.fixture(scope="module")
def client(seed_docs: pd.DataFrame) -> Iterator[distributed.Client]:
    """Two worker processes, forked from this one after hazm's objects for the option sets used
    here are built (a spawned worker would spend seconds importing hazm and building them)."""
    for stopwords in (False, True):
        tokenize(seed_docs["text"].tolist()[:1], stopwords=stopwords, cache=False, progress=False)
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as c:
        yield c


def test_tokens_on_two_workers(client: distributed.Client, seed_tokens: Tokens) -> None:
    assert_same_table(dask_engine.frequency(seed_tokens), frequency(seed_tokens))
    assert_same_table(dask_engine.frequency(seed_tokens, n=2, min_count=2, top=20),
                      frequency(seed_tokens, n=2, min_count=2, top=20))
    for options in ({}, {"ordered": True, "span": (0, 2)}, {"unit": "sentence", "min_count": 2}):
        assert_same_cooccurrence(dask_engine.cooccurrence(seed_tokens, **options),
                                 cooccurrence(seed_tokens, **options))


def test_dataframe_prepared_on_the_workers(client: distributed.Client, seed_docs: pd.DataFrame,
                                          seed_tokens: Tokens) -> None:
    ddf = dd.from_pandas(seed_docs, npartitions=4)
    prepared = dask_engine.tokenize(ddf)
    assert_same_tokens(prepared, seed_tokens)
    assert prepared.docs["doc_id"].tolist() == seed_tokens.docs["doc_id"].tolist()
    assert_same_table(dask_engine.frequency(ddf, by="cat"), frequency(seed_tokens, by="cat"))
    assert_same_cooccurrence(dask_engine.cooccurrence(ddf), cooccurrence(seed_tokens))


def test_bag_of_strings_and_options(client: distributed.Client, seed_docs: pd.DataFrame) -> None:
    bag = db.from_sequence(seed_docs["text"].tolist(), npartitions=3)
    local = tokenize(seed_docs["text"].tolist(), stopwords=True, cache=False, progress=False)
    assert_same_tokens(dask_engine.tokenize(bag, stopwords=True), local)
    assert_same_table(dask_engine.frequency(bag, stopwords=True), frequency(local))


def test_bad_input_is_named(client: distributed.Client) -> None:
    with pytest.raises(TypeError, match=r"dask\.bag\.Bag"):
        dask_engine.frequency(["a list"])
    bag = db.from_sequence([{"body": "متن"}], npartitions=1)
    with pytest.raises(ValueError, match="no 'text' column"):
        dask_engine.frequency(bag)


@pytest.mark.shared
def test_fars_news_on_two_workers(client: distributed.Client, corpora_dir: Path) -> None:
    records = json.loads((corpora_dir / "fars-news" / "fars-news-1.json").read_text("utf-8"))[:60]
    docs = pd.DataFrame({
        "doc_id": [r["link"] for r in records],
        "cat": [r["cat"] for r in records],
        "text": ["\n\n".join([r["title"], r["abstract"], *r["paragraphs"]]) for r in records],
    })
    local = tokenize(docs, cache=False, progress=False)
    ddf = dd.from_pandas(docs, npartitions=4)
    assert_same_table(dask_engine.frequency(ddf, by="cat"), frequency(local, by="cat"))
    assert_same_cooccurrence(dask_engine.cooccurrence(local, min_count=2),
                             cooccurrence(local, min_count=2))
    assert local.n_tokens > 20_000


def test_engine_keyword_of_the_local_functions(client: distributed.Client,
                                               seed_tokens: Tokens) -> None:
    assert_same_table(frequency(seed_tokens, by="cat", engine="dask"),
                      frequency(seed_tokens, by="cat"))
    assert_same_cooccurrence(cooccurrence(seed_tokens, span=2, engine="dask"),
                             cooccurrence(seed_tokens, span=2))
    with pytest.raises(ValueError, match="engine"):
        frequency(seed_tokens, engine="spark")


def test_calls_in_a_row_and_in_any_order(client: distributed.Client, seed_docs: pd.DataFrame,
                                         seed_tokens: Tokens) -> None:
    """Every Dask call, repeated and shuffled, on the same inputs: each call works on keys of its
    own, so one call releasing its data never takes another call's inputs ("lost dependencies",
    issue 18). ``TOOLKIT_DASK_REPEAT`` rounds (3 in CI; 50 for the acceptance run)."""
    import os
    import random

    rounds = int(os.environ.get("TOOLKIT_DASK_REPEAT", "3"))
    ddf = dd.from_pandas(seed_docs, npartitions=3)
    bag = db.from_sequence(seed_docs["text"].tolist(), npartitions=2)
    local_bag = tokenize(seed_docs["text"].tolist(), cache=False, progress=False)
    calls = {
        "frequency(tokens)": (lambda: dask_engine.frequency(seed_tokens),
                              lambda: frequency(seed_tokens), assert_same_table),
        "frequency(tokens, n=2)": (
            lambda: dask_engine.frequency(seed_tokens, n=2, min_count=2),
            lambda: frequency(seed_tokens, n=2, min_count=2), assert_same_table),
        "cooccurrence(tokens)": (lambda: dask_engine.cooccurrence(seed_tokens),
                                 lambda: cooccurrence(seed_tokens), assert_same_cooccurrence),
        "cooccurrence(tokens, partitions=3)": (
            lambda: dask_engine.cooccurrence(seed_tokens, partitions=3, span=2),
            lambda: cooccurrence(seed_tokens, span=2), assert_same_cooccurrence),
        "frequency(ddf, by=cat)": (lambda: dask_engine.frequency(ddf, by="cat"),
                                   lambda: frequency(seed_tokens, by="cat"), assert_same_table),
        "tokenize(ddf)": (lambda: dask_engine.tokenize(ddf), lambda: seed_tokens,
                          assert_same_tokens),
        "tokenize(bag)": (lambda: dask_engine.tokenize(bag), lambda: local_bag,
                          assert_same_tokens),
    }
    expected = {name: local() for name, (_, local, _) in calls.items()}
    order = random.Random(rounds)
    names = list(calls)
    for _ in range(rounds):
        order.shuffle(names)
        for name in names:
            remote, _, same = calls[name]
            same(remote(), expected[name])
