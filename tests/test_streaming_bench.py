"""The measuring children of bench/run.py on tiny corpora (the bench itself is `make bench`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from toolkit.corpus import load_corpus
from toolkit.preparation import tokenize

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_stream_child_reports_counts_and_memory(tmp_path: Path, seeds_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench()
    path = tmp_path / "tiny.jsonl"
    seed = next(iter(sorted(seeds_dir.glob("*.txt")))).read_text(encoding="utf-8")
    lines = [json.dumps({"title": "", "text": p}, ensure_ascii=False)
             for p in seed.split("\n") if p.strip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bench.stream_child(path, chunksize=2)
    measured = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    tokens = tokenize(load_corpus(path), cache=False, progress=False)
    assert measured["tokens"] == tokens.n_tokens
    assert measured["types"] == tokens.n_types
    assert measured["self_peak"] >= measured["baseline"] * 0.99 > 0  # RSS counters lag a little
    assert measured["tree_peak"] > 0


def test_preparation_child_times_a_fresh_tokenize(seeds_dir: Path) -> None:
    bench = _bench()
    measured = bench.child_preparation("serial", seeds_dir)
    tokens = tokenize(load_corpus(seeds_dir), cache=False, progress=False)
    assert measured["tokens"] == tokens.n_tokens and measured["types"] == tokens.n_types
    assert measured["digest"] == bench.tokens_digest(tokens)
    assert measured["cpu"] > 0 and measured["wall"] > 0
    assert measured["self_peak"] >= measured["tree_peak"] * 0.5 > 0
