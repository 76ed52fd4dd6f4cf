"""tokenize(): cases B03 B05 B08 B09 B11 B12 B13 B14 B23, options, inputs, and the Parquet cache."""

from __future__ import annotations

import inspect
import itertools
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import hazm
import numpy as np
import pandas as pd
import pytest
from conftest import persian_case
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import cache as token_cache
from toolkit.corpus import load_corpus
from toolkit.normalization import ZWNJ
from toolkit.preparation import Options, is_number, is_punctuation, prepare_document, tokenize
from toolkit.tokens import Tokens


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(folder))
    return folder


def words(text: str, **options) -> list[str]:
    """All tokens of one text (sentences flattened)."""
    return tokenize(text, cache=False, **options)[0]


def test_b03_dotted_abbreviations() -> None:
    case = persian_case("B03")
    assert [words(s) for s in case["input"]] == case["expected"]
    assert words("در U.S.A. و ق.م. بود") == ["در", "U.S.A.", "و", "ق.م.", "بود"]


def test_b05_numbers_stay_one_token() -> None:
    case = persian_case("B05")
    assert [words(s) for s in case["input"]["tokenize"]] == case["expected"]["tokenize"]
    for written in ["12.5", "۱۲.۵", "١٢٫٥", "۱۲٫۵"]:
        assert words(f"نرخ {written} درصد") == ["نرخ", "۱۲٫۵", "درصد"]
    for written in ["1,000", "۱٬۰۰۰", "١,٠٠٠", "1,000.25"]:
        assert len(words(f"مبلغ {written} تومان")) == 3


def test_b08_verb_parts_not_joined() -> None:
    case = persian_case("B08")
    assert [words(s) for s in case["input"]] == case["expected"]
    assert words("گفته شده بود", join_verb_parts=True) == ["گفته_شده_بود"]


def test_b09_zwnj_edges_and_line_separator() -> None:
    case = persian_case("B09")
    assert [words(s) for s in case["input"]] == case["expected"]
    # every Unicode space separates words, and no token keeps a ZWNJ at an edge
    tokens = words(f"سلام\u2029دنیا\u2009خوب\u3000است {ZWNJ}{ZWNJ}کتاب{ZWNJ}")
    assert tokens == ["سلام", "دنیا", "خوب", "است", "کتاب"]
    assert words(f"کتاب{ZWNJ} ها", normalize="none") == ["کتاب", "ها"]
    assert words("درماتیت تماسی _تحریکی ار_ اف") == ["درماتیت", "تماسی", "تحریکی", "ار", "اف"]


def test_b11_yeh_kaf_counts_and_stopwords() -> None:
    case = persian_case("B11")
    assert dict(Counter(words(case["input"]["tokens"]))) == case["expected"]["counts"]
    assert words(case["input"]["stopword_check"], stopwords=True) == []
    assert words("اين كتاب", stopwords=True) == ["کتاب"]
    # a user list is added to hazm's list (normalised the same way: كتاب is removed as کتاب)
    assert words("این کتاب دانشگاه", stopwords=["دانشگاه"]) == ["کتاب"]
    assert words("اين كتاب دانشگاه", stopwords={"كتاب"}) == ["دانشگاه"]
    assert words("اين كتاب", stopwords=[]) == words("اين كتاب", stopwords=True) == ["کتاب"]


def test_b12_kashida_counts() -> None:
    case = persian_case("B12")
    assert Counter(words(case["input"]))["قیمت"] == case["expected"]["counts"]["قیمت"]


def test_b13_one_number_type() -> None:
    case = persian_case("B13")
    tokens = tokenize(case["input"], cache=False)
    assert tokens.n_types == 1
    assert int(tokens.vocab[0]) == case["expected"]["numeric_value"]


def test_b14_vocabulary_and_bigrams() -> None:
    case = persian_case("B14")
    tokens = tokenize(case["input"]["docs"], cache=False)
    assert sorted(tokens.vocab.tolist()) == case["expected"]["vocabulary"]
    doc = words(case["input"]["bigram_doc"])
    assert [f"{a} {b}" for a, b in itertools.pairwise(doc)] == case["expected"]["bigrams"]


def test_b23_bidi_isolates_removed_before_counting() -> None:
    case = persian_case("B23")
    for preset in ("standard", "light", "none"):
        assert words(case["input"], normalize=preset) == case["expected"]["tokens_for_counting"]



@pytest.mark.parametrize("preset", ["standard", "light", "none"])
def test_zero_width_joiner_makes_no_new_type(preset: str) -> None:
    zwj = "\u200d"
    assert words(f"{zwj}{zwj}روسیه{zwj} و روسیه", normalize=preset) == ["روسیه", "و", "روسیه"]

def test_punctuation_and_numbers_options() -> None:
    text = "قیمت «خوب» (۲۵) است: 3.5 ... !"
    assert words(text) == ["قیمت", "خوب", "۲۵", "است", "۳٫۵"]
    assert words(text, numbers=False) == ["قیمت", "خوب", "است"]
    assert "«" in words(text, punctuation=True) and "…" in words(text, punctuation=True)
    assert is_punctuation("؟!") and is_punctuation("«") and not is_punctuation("a.")
    assert is_number("۱٬۰۰۰٫۵") and is_number("-3") and is_number("۲۵٪") and not is_number("۲۵a")


def test_lemmatize_and_stem() -> None:
    assert words("کتاب‌ها را خواندم", lemmatize=True) == ["کتاب", "را", "خواند#خوان"]
    assert words("کتاب‌ها را خواندم", stem=True)[0] == hazm.Stemmer().stem(f"کتاب{ZWNJ}ها")
    with pytest.raises(ValueError, match="not both"):
        tokenize("x", lemmatize=True, stem=True)


def test_sentences_split_at_line_breaks_and_stops() -> None:
    tokens = tokenize("یک دو. سه چهار؟ پنج\nشش", cache=False)
    assert tokens.sentences(0) == [["یک", "دو"], ["سه", "چهار"], ["پنج"], ["شش"]]
    assert np.array_equal(tokens.sent_offsets, [0, 2, 4, 5, 6])


def test_inputs_and_docs_metadata(seeds_dir: Path) -> None:
    corpus = load_corpus(seeds_dir)
    tokens = tokenize(corpus, stopwords=True, cache=False)
    assert isinstance(tokens, Tokens) and len(tokens) == 1
    assert "text" not in tokens.docs.columns
    assert tokens.docs.loc[0, "doc_id"] == "000_23e1b10e4cf44e26"
    assert tokens.docs.loc[0, "title"].startswith("شمخاني")
    top = [w for w, _ in Counter(tokens[0]).most_common(25)]
    for word in ["سوریه", "امنیت", "روسیه", f"آتش{ZWNJ}بس", f"گفت{ZWNJ}وگو"]:
        assert word in top
    assert not any("ي" in w or "ك" in w for w in tokens.vocab)
    frame = pd.DataFrame({"text": ["کتاب خوب", "کتاب بد"], "cat": ["a", "b"]})
    from_frame = tokenize(frame, cache=False)
    assert from_frame.docs["doc_id"].tolist() == ["0", "1"]
    assert from_frame.docs["cat"].tolist() == ["a", "b"]
    assert list(tokenize(["کتاب", ""], cache=False)) == [["کتاب"], []]
    with pytest.raises(ValueError, match="no 'text' column"):
        tokenize(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(TypeError, match="takes a Corpus"):
        tokenize(42)
    with pytest.raises(TypeError, match="not a single string"):
        tokenize("x", stopwords="خوب")


def test_prepare_document_is_the_per_document_step() -> None:
    options = Options(stopwords=True)
    assert prepare_document("اين كتاب. دانشگاه است", options) == [["کتاب"], ["دانشگاه"]]


def test_cache_hit_is_identical_and_keyed_by_options(_cache_dir: Path) -> None:
    texts = ["كتاب‌هاي خوب", "۱۲٫۵ درصد"]
    first = tokenize(texts)
    files = list(_cache_dir.glob("tokens-*.parquet"))
    assert len(files) == 1
    second = tokenize(texts)
    assert list(second) == list(first)
    assert np.array_equal(second.sent_offsets, first.sent_offsets)
    assert second.options == first.options
    tokenize(texts, stopwords=True)
    assert len(list(_cache_dir.glob("tokens-*.parquet"))) == 2
    tokenize(texts, cache=False)
    assert len(list(_cache_dir.glob("tokens-*.parquet"))) == 2


def test_cache_key_covers_every_module_that_makes_the_tokens() -> None:
    """Editing any module whose code turns text into tokens invalidates the cache: each is in
    the fingerprint the key holds (the batch encoding lives in parallel.py)."""
    from toolkit import folding, normalization, parallel, preparation, spacing, stemming

    path = [preparation.tokenize, preparation.DocumentPreparer.encode, parallel.encode,
            parallel.encode_lines, parallel.merge, normalization.normalizer, spacing.correct_spacing,
            folding.fold_affix, stemming.stemmer, Tokens.__init__, token_cache.load]
    assert {Path(inspect.getfile(inspect.unwrap(f))).name for f in path} <= set(
        token_cache.PREPARATION_MODULES)


def test_cache_read_leaves_arrows_default_memory_pool(_cache_dir: Path) -> None:
    # the cache is read with the system allocator, and Arrow's default pool is put back after
    import pyarrow as pa

    texts = ["كتاب‌هاي خوب", "۱۲٫۵ درصد"]
    first = tokenize(texts)
    before = pa.default_memory_pool().backend_name
    second = tokenize(texts)  # from the cache
    assert pa.default_memory_pool().backend_name == before
    assert list(second) == list(first)
    with ThreadPoolExecutor(4) as pool:  # readers in threads put back the pool they found
        assert all(list(t) == list(first) for t in pool.map(lambda _: tokenize(texts), range(8)))
    assert pa.default_memory_pool().backend_name == before


@pytest.mark.parametrize("damage", [b"not parquet at all", b""])
def test_corrupt_cache_is_rebuilt(_cache_dir: Path, damage: bytes) -> None:
    texts = ["کتاب خوب است"]
    expected = list(tokenize(texts))
    path = next(_cache_dir.glob("tokens-*.parquet"))
    path.write_bytes(damage)
    with pytest.warns(UserWarning, match="ignoring the token cache"):
        assert list(tokenize(texts)) == expected
    assert list(tokenize(texts)) == expected  # rebuilt file is good again


def test_inconsistent_cache_is_not_trusted(_cache_dir: Path) -> None:
    texts = ["کتاب خوب است"]
    expected = list(tokenize(texts))
    key = token_cache.cache_key(texts, Options().as_dict())
    bad = Tokens(np.array([0, 1, 2], dtype=np.int32), ["x", "y", "z"], np.array([0, 3]),
                 np.array([0, 3]), pd.DataFrame({"doc_id": ["0"]}))
    bad.ids[2] = 7  # an id outside the vocabulary
    token_cache.save(key, bad)
    with pytest.warns(UserWarning, match="outside the vocabulary"):
        assert list(tokenize(texts)) == expected


def test_cache_key_depends_on_text_order_and_options() -> None:
    a = token_cache.cache_key(["x", "y"], {"o": 1})
    assert a != token_cache.cache_key(["y", "x"], {"o": 1})
    assert a != token_cache.cache_key(["xy"], {"o": 1})
    assert a != token_cache.cache_key(["x", "y"], {"o": 2})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="کتابیيكها \u200c\u00a0.،!؟۱۲3\n\u200e", max_size=30), max_size=5))
def test_tokens_invariants(texts: list[str]) -> None:
    tokens = tokenize(texts, cache=False)
    assert len(tokens) == len(texts)
    assert tokens.doc_offsets[-1] == tokens.n_tokens == sum(len(d) for d in tokens)
    assert set(tokens.doc_offsets) <= set(tokens.sent_offsets)
    for token in tokens.vocab:
        assert token and token == token.strip() and not token.startswith(ZWNJ)
        assert not token.endswith(ZWNJ) and "\u200e" not in token and not is_punctuation(token)


def test_real_corpus_sample(corpora_dir: Path) -> None:
    corpus = load_corpus(corpora_dir / "fars-news" / "fars-news-2.json")
    sample = corpus.docs.iloc[:60]
    tokens = tokenize(sample, stopwords=True)
    assert len(tokens) == 60 and tokens.n_tokens > 5_000
    assert not any(ch in w for w in tokens.vocab for ch in "يك\u0640\u200e\u200f")
    assert not any(w.startswith(ZWNJ) or w.endswith(ZWNJ) for w in tokens.vocab)
    assert tokens.docs["doc_id"].tolist() == sample["doc_id"].tolist()


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.one_of(st.none(), st.text(alphabet="ab سلام\u200c😀\n", max_size=8)),
                      max_size=8),
       cut=st.integers(0, 3), large=st.booleans())
def test_arrow_texts_hash_like_the_texts(texts: list[str | None], cut: int, large: bool) -> None:
    """The cache key read from Arrow's buffers (chunked, sliced, with missing texts, string or
    large_string) equals the key of the texts as ``document_texts`` gives them."""
    import pyarrow as pa

    kind = pa.large_string() if large else pa.string()
    whole = pa.array(["padding", *texts, "padding"], type=kind)
    chunks = [whole.slice(1, min(cut, len(texts))), whole.slice(1 + min(cut, len(texts)),
                                                                 len(texts) - min(cut, len(texts)))]
    column = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(chunks, type=kind)))
    data = token_cache.arrow_texts(column)
    assert data is not None and len(data) == len(texts)
    expected = [t or "" for t in texts]
    assert [bytes(d).decode() for d in data] == expected
    assert token_cache.cache_key(data, {"o": 1}) == token_cache.cache_key(expected, {"o": 1})


def test_arrow_texts_of_an_object_column_is_none() -> None:
    assert token_cache.arrow_texts(pd.Series(["a", None], dtype=object)) is None


def test_arrow_texts_of_a_pandas_string_column() -> None:
    texts = ["سلام", None, "", "a\u200cb"]
    column = pd.Series(texts, dtype="string[pyarrow]")
    data = token_cache.arrow_texts(column)
    assert data is not None
    assert token_cache.cache_key(data, {}) == token_cache.cache_key(["سلام", "", "", "a\u200cb"], {})
