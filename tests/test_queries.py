"""Queries prepared like the tokens, one rule for what every verb takes, and one behaviour for a
word that matches nothing (issue 15; toolkit.queries)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.queries import EmptyCorpusWarning, NoMatchWarning

ARABIC = "كتاب"  # Arabic kaf
PERSIAN = "کتاب"
TEXTS = ["من کتاب خوبی دارم و کتاب‌ها را دوست دارم", "او کتاب می‌خواند و آن‌ها گوش می‌دهند",
         "روزنامه را خواندم"]


@pytest.fixture(scope="module")
def corpus() -> toolkit.Corpus:
    return toolkit.load_corpus(pd.DataFrame({"doc_id": ["a", "b", "c"], "text": TEXTS,
                                             "group": ["x", "x", "y"]}))


@pytest.fixture(scope="module")
def tokens(corpus: toolkit.Corpus) -> toolkit.Tokens:
    return toolkit.tokenize(corpus, cache=False, n_jobs=1)


def test_arabic_letters_find_the_persian_type(tokens: toolkit.Tokens) -> None:
    assert len(toolkit.kwic(tokens, PERSIAN)) == 2
    assert toolkit.kwic(tokens, ARABIC)["node"].tolist() == [PERSIAN] * 2
    typed = toolkit.collocates(tokens, ARABIC, min_count=1)
    assert typed.equals(toolkit.collocates(tokens, PERSIAN, min_count=1))
    assert typed.set_index("collocate").loc["دارم", "count"] == 1
    assert toolkit.clusters(tokens, ARABIC, 2)["term"].tolist() == ["کتاب خوبی", "کتاب می‌خواند"]
    table = toolkit.dispersion(tokens, [ARABIC])
    assert table["term"].tolist() == [PERSIAN] and table["count"].tolist() == [2]
    assert len(toolkit.kwic(tokens, "كتاب*")) == 3  # کتاب x2, کتاب‌ها
    assert len(toolkit.kwic(tokens, "كتاب", valuetype="phrase")) == 2


def test_a_word_typed_without_its_zwnj(tokens: toolkit.Tokens) -> None:
    # "می خواند" (space) and "میخواند" (glued): the normaliser writes the prefix with ZWNJ in
    # the text, and now in the query too
    for typed in ("می خواند", "میخواند", "می\u200cخواند"):
        assert toolkit.kwic(tokens, typed)["node"].tolist() == ["می\u200cخواند"], typed
        assert "او" in set(toolkit.collocates(tokens, typed, min_count=1)["collocate"]), typed


def test_a_glued_affix_is_found_under_its_zwnj_spelling() -> None:
    # the tokens fold آنها -> آن‌ها and مهمترین -> مهم‌ترین (issue 11); the query is prepared the
    # same way, so the spelling without ZWNJ finds the word in kwic and collocates alike
    text = "آن‌ها رفتند و مهم‌ترین کتاب را آنها خواندند"
    tokens = toolkit.tokenize([text], cache=False, n_jobs=1)
    assert toolkit.kwic(tokens, "آنها")["node"].tolist() == ["آن\u200cها"] * 2
    assert set(toolkit.collocates(tokens, "مهمترین", span=(1, 1), min_count=1)[
        "collocate"]) == {"کتاب", "و"}
    # without folding the glued spelling is its own type, and the query is matched as typed
    unfolded = toolkit.tokenize([text], cache=False, n_jobs=1, fold_affixes=False)
    assert toolkit.kwic(unfolded, "آنها")["node"].tolist() == ["آنها"]


def test_query_follows_the_tokens_options(corpus: toolkit.Corpus) -> None:
    lemmas = toolkit.tokenize(corpus, lemmatize=True, cache=False, n_jobs=1)
    # the query is lemmatised like the tokens: کتاب‌ها -> کتاب
    assert len(toolkit.kwic(lemmas, "کتاب‌ها")) == len(toolkit.kwic(lemmas, "کتاب")) == 3
    bigrams = toolkit.ngrams(toolkit.tokenize(corpus, cache=False, n_jobs=1), 2)
    assert toolkit.dispersion(bigrams, ["كتاب خوبی"])["count"].tolist() == [1]
    # tokens built by hand carry no options: the query is matched as given
    hand = toolkit.Tokens.from_sentences([[["w1", "w2"]]], pd.DataFrame({"doc_id": ["d"]}))
    assert len(toolkit.kwic(hand, "w1")) == 1


@pytest.mark.parametrize("verb", ["kwic", "collocates", "clusters", "dispersion"])
def test_a_missing_word_is_empty_with_a_warning_in_every_verb(tokens: toolkit.Tokens,
                                                              verb: str) -> None:
    call = {"kwic": lambda w: toolkit.kwic(tokens, w),
            "collocates": lambda w: toolkit.collocates(tokens, w),
            "clusters": lambda w: toolkit.clusters(tokens, w, 2),
            "dispersion": lambda w: toolkit.dispersion(tokens, [w])}[verb]
    with pytest.warns(NoMatchWarning) as caught:
        table = call("هواپيما")  # Arabic yeh: the message shows the normalised form too
    message = str(caught[0].message)
    assert message.startswith(f"{verb}(): no token matches 'هواپيما' (normalised: 'هواپیما')")
    if verb == "dispersion":  # one row per term asked for, with a zero count
        assert table["count"].tolist() == [0] and table["dp"].isna().all()
    else:
        assert table.empty
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoMatchWarning)
        call(PERSIAN)  # a word that occurs: no warning


VERBS = {
    "frequency": lambda x: toolkit.frequency(x),
    "keyness": lambda x: toolkit.keyness(x, "group=x"),
    "collocates": lambda x: toolkit.collocates(x, PERSIAN, min_count=1),
    "kwic": lambda x: toolkit.kwic(x, PERSIAN),
    "dispersion": lambda x: toolkit.dispersion(x, [PERSIAN]),
    "zipf": lambda x: toolkit.zipf(x),
    "vocabulary_growth": lambda x: toolkit.vocabulary_growth(x),
    "lexical_diversity": lambda x: toolkit.lexical_diversity(x, "ttr"),
    "cooccurrence": lambda x: toolkit.cooccurrence(x).to_frame(),
    "collocations": lambda x: toolkit.collocations(x, min_count=1),
    "clusters": lambda x: toolkit.clusters(x, PERSIAN, 2),
    "ngrams": lambda x: toolkit.frequency(toolkit.ngrams(x, 2)),
    "tfidf": lambda x: pd.DataFrame(toolkit.tfidf(x).matrix.toarray()),
}


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_one_input_rule_for_every_verb(corpus: toolkit.Corpus, tokens: toolkit.Tokens,
                                       verb: str) -> None:
    expected = VERBS[verb](tokens)
    given = [corpus, corpus.docs]
    if verb != "keyness":  # a list of strings carries no group column
        given += [TEXTS]
    for value in given:
        got = VERBS[verb](value).reset_index(drop=True)
        if value is TEXTS and "doc_id" in got:  # a list of str numbers its documents 0, 1, ...
            got["doc_id"] = expected["doc_id"].to_numpy()
        pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)
    if verb != "keyness":  # a table with a Persian text column, loaded as load_corpus does
        persian = pd.DataFrame({"متن": TEXTS})
        got = VERBS[verb](persian).reset_index(drop=True)
        if "doc_id" in got:
            got["doc_id"] = expected["doc_id"].to_numpy()
        pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)
    for wrong in (toolkit.frequency(tokens), [["کتاب"]], 42):
        with pytest.raises(TypeError, match=rf"{verb.split('_')[0]}.*toolkit\.tokenize\(corpus\)"):
            VERBS[verb](wrong)


def test_keyness_reference_corpus_and_group_spelling(corpus: toolkit.Corpus,
                                                     tokens: toolkit.Tokens) -> None:
    content = toolkit.tokenize(corpus, stopwords=True, cache=False, n_jobs=1)
    other = toolkit.load_corpus(pd.DataFrame({"text": ["روزنامه و کتاب"]}))
    table = toolkit.keyness(content, content, other)  # the reference prepared like the target
    assert "و" not in set(table["term"])  # the target's stopword option applied to it
    arabic = toolkit.load_corpus(pd.DataFrame({"text": TEXTS, "poet": ["حافظ", "حافظ", "سعدي"]}))
    keyed = toolkit.keyness(arabic, ("poet", "سعدی"))  # typed with Persian yeh
    assert keyed["count_target"].sum() == toolkit.tokenize(TEXTS[2]).n_tokens
    with pytest.raises(ValueError, match="the values of 'group' are: x, y"):
        toolkit.keyness(tokens, "group=z")


def test_pct_diff_of_a_word_absent_from_the_reference_is_inf(tokens: toolkit.Tokens) -> None:
    table = toolkit.keyness(tokens, "group=x").set_index("term")
    assert table.loc[PERSIAN, "pct_diff"] == np.inf
    assert table.loc["روزنامه", "pct_diff"] == -100.0


def test_an_empty_corpus_says_so() -> None:
    with pytest.warns(EmptyCorpusWarning, match=r"the corpus is empty \(0 documents\)"):
        tokens = toolkit.tokenize([], cache=False)
    assert tokens.n_tokens == 0


def test_quiet_leaves_the_users_warning_filters_alone() -> None:
    # the explorer silences NoMatchWarning for its status line without warnings.catch_warnings,
    # which would reset the process-wide filters and the user's once-only warnings
    import warnings

    from toolkit.queries import NoMatchWarning, quiet

    tokens = toolkit.tokenize(["کتاب خوب است"], cache=False, n_jobs=1)
    filters = list(warnings.filters)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with quiet(NoMatchWarning):
            assert toolkit.kwic(tokens, "ناموجود").empty
        assert not caught
        toolkit.kwic(tokens, "ناموجود")
        assert [w.category for w in caught] == [NoMatchWarning]
        assert caught[0].filename == __file__  # points at the user's line
    assert warnings.filters == filters
