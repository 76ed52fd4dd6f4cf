"""The same text gives the same tokens on every supported stack (issue: one word, one type).

``tests/fingerprints.json`` holds, for ``seeds/`` and each shared corpus, and for every
preparation option set below, a SHA-256 of the tokens (documents, sentences and token strings)
with the number of tokens and types. The suite recomputes them on both CI stacks (hazm 0.10 on
Python 3.11, hazm 0.12 on 3.12): a difference means the installed hazm decides a token again.

A change to preparation updates the file in the same commit, on purpose:
``python tests/test_fingerprints.py --update`` (run it on one stack; the suite checks the other).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILE = Path(__file__).with_name("fingerprints.json")
SHARED = ROOT.parent / "shared" / "corpora"
CORPORA = ("seeds", "fars-news", "varzesh3", "namnak", "ganjoor-poetry")
OPTION_SETS: dict[str, dict] = {
    "default": {},
    "light": {"normalize": "light"},
    "none": {"normalize": "none"},
    "stopwords": {"stopwords": True},
    "content": {"stopwords": True, "numbers": False},
    "punctuation": {"punctuation": True},
    "lemmatize": {"lemmatize": True},
    "stem": {"stem": True},
    "join_verb_parts": {"join_verb_parts": True},
    "no_fold": {"fold_affixes": False},
    "no_emoji": {"emoji": False},
}


def _path(corpus: str) -> Path:
    return ROOT / "seeds" if corpus == "seeds" else SHARED / corpus


def fingerprint(tokens) -> dict:
    """SHA-256 of every document's sentences of tokens, plus token and type counts."""
    digest = hashlib.sha256()
    for sentences in tokens.sentences():
        for sentence in sentences:
            digest.update("\u0001".join(sentence).encode("utf-8") + b"\\u0002")
        digest.update(b"\\u0003")
    return {"sha256": digest.hexdigest(), "tokens": int(tokens.n_tokens),
            "types": int(tokens.n_types)}


def compute(corpus: str) -> dict[str, dict]:
    import toolkit

    docs = toolkit.load_corpus(_path(corpus))
    # one process: the standard normalisation of each document is remembered across option sets
    return {name: fingerprint(toolkit.tokenize(docs, cache=False, progress=False, n_jobs=1,
                                               **options))
            for name, options in OPTION_SETS.items()}


@pytest.mark.parametrize("corpus", CORPORA)
def test_tokens_match_the_committed_fingerprints(corpus: str) -> None:
    if corpus != "seeds" and not _path(corpus).is_dir():
        pytest.skip(f"shared corpus {corpus} not found at {_path(corpus)}")
    expected = json.loads(FILE.read_text(encoding="utf-8"))[corpus]
    assert set(expected) == set(OPTION_SETS), "update tests/fingerprints.json (see module doc)"
    got = compute(corpus)
    differ = {name: (got[name], expected[name]) for name in OPTION_SETS
              if got[name] != expected[name]}
    assert not differ, f"{corpus}: tokens differ from tests/fingerprints.json: {differ}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_fingerprints.py --update")
    table = {corpus: compute(corpus) for corpus in CORPORA}
    FILE.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {FILE}")
