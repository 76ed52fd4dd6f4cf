"""One word, one type: affix folding, encodings, bidi marks, emoji, stack-independent rules.

Cases C02, C03, C05, C15 and C16 of ../shared/cases/persian_cases.json, each with the kind of
input around it.
"""

from __future__ import annotations

import warnings

import pytest
from conftest import persian_case
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.folding import AFFIXES, GLUED_COMPARATIVES, fold_affix
from toolkit.normalization import normalize
from toolkit.preparation import token_kind

ZWNJ = "\u200c"


def _tokens(texts):
    return toolkit.tokenize(texts, cache=False, n_jobs=1)


def _counts(texts, **options):
    table = toolkit.frequency(toolkit.tokenize(texts, cache=False, n_jobs=1, **options))
    return dict(zip(table["term"], table["count"], strict=True))


# -- C15: glued and ZWNJ spellings of an affixed word are one type -------------------------------
def test_c15_glued_and_zwnj_spellings_are_one_type() -> None:
    case = persian_case("C15")
    counts = _counts(case["input"]["count"])
    for word, count in case["expected"]["counts"].items():
        assert counts[word] == count
    assert not any(ZWNJ not in t and fold_affix(t) != t for t in counts)
    assert len(counts) == 3 + 3  # the three words and گفتند, خبر, تازه


@pytest.mark.parametrize(("stem", "affix"), [
    ("کتاب", "ها"), ("کتاب", "هایشان"), ("سال", "های"), ("این", "ها"), ("تیم", "هایی"),
    ("تکنولوژی", "های"), ("بزرگ", "تر"), ("سریع", "ترین"), ("قدیمی", "تر"), ("دانشجو", "یان"),
])
def test_every_spelling_of_an_affixed_word_counts_once(stem: str, affix: str) -> None:
    if affix not in AFFIXES:  # دانشجویان: the stem ends in a non-joining letter, nothing to fold
        assert fold_affix(stem + affix) == stem + affix
        return
    spellings = [stem + affix, stem + ZWNJ + affix, f"{stem} {affix}", f"{stem}\u00a0{affix}"]
    counts = _counts([f"{s} آمد" for s in spellings])
    assert counts.get(stem + ZWNJ + affix) == 4, counts


def test_words_that_only_end_in_affix_letters_are_kept() -> None:
    # a dictionary word or a loanword is not stem + affix (the module docstring documents تنها)
    for word in ["تنها", "دفتر", "منتها", "دختر", "فیلتر", "دکتر", "کیلومتر", "کارتر", "بستر"]:
        assert fold_affix(word) == word
    assert fold_affix("تن" + ZWNJ + "ها") == "تن" + ZWNJ + "ها"  # 'bodies', written apart
    assert _counts(["تنها آمد", "تن‌ها خسته"]) == {"تنها": 1, "آمد": 1, "تن‌ها": 1, "خسته": 1}


@pytest.mark.parametrize(("glued", "folded"), [
    # a noun that is the second part of a compound adjective written apart (باشکوه, بی‌طرف,
    # بی‌خواب, پرشکوه): its comparative is the compound's
    ("شکوهتر", "شکوه‌تر"), ("شکوهترین", "شکوه‌ترین"), ("طرفتر", "طرف‌تر"),
    ("خوابتر", "خواب‌تر"), ("باشکوهتر", "باشکوه‌تر"),
    # a noun that is no such part, or a word that merely ends in تر, is kept
    ("اینتر", "اینتر"), ("کاختر", "کاختر"), ("سانتر", "سانتر"), ("نشتر", "نشتر"),
    ("کفتر", "کفتر"), ("مستتر", "مستتر"),
])
def test_comparatives_of_compound_adjectives_written_apart(glued: str, folded: str) -> None:
    assert fold_affix(glued) == folded
    assert _counts([f"امسال با {glued} بود", f"امسال با {folded} بود"])[folded] == 2


def test_arabic_pronoun_ha_is_not_a_plural() -> None:
    # علیها 'upon her' (سلام الله علیها) written with a ZWNJ is the same word, not علی + plural
    for word in ["علیها", "الیها", "فیها", "عنها"]:
        zwnj = word[:-2] + ZWNJ + "ها"
        assert fold_affix(word) == word
        assert fold_affix(zwnj) == word
    assert _counts(["سلام الله علیها", "سلام الله علی‌ها"])["علیها"] == 2


def test_academy_glued_comparatives_fold_the_other_way() -> None:
    for word in GLUED_COMPARATIVES:
        stem, affix = (word[:-4], "ترین") if word.endswith("ترین") else (word[:-2], "تر")
        assert fold_affix(stem + ZWNJ + affix) == word
        assert fold_affix(word) == word


def test_no_folding_option_keeps_spellings() -> None:
    texts = ["آنها گفتند", "آن‌ها گفتند"]
    assert _counts(texts, fold_affixes=False) == {"آنها": 1, "آن‌ها": 1, "گفتند": 2}


def test_diagnose_counts_unified_tokens_per_document() -> None:
    docs = ["آنها و کتابها گفتند", "آن‌ها گفتند", "مهمترین خبر"]
    table = toolkit.diagnose(docs, cache=False).documents
    assert table["affixes_unified"].tolist() == [2, 0, 1]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["کتاب", "فعالیت", "شهر", "سیستم", "روستا", "دانشگاه", "مهم", "بزرگ"]),
       st.sampled_from(["ها", "های", "هایی", "هایم", "هایشان", "تر", "ترین"]),
       st.sampled_from(["", ZWNJ, " ", "\u00a0"]))
def test_property_one_type_whatever_the_joiner(stem: str, affix: str, joiner: str) -> None:
    comparative = affix.startswith("تر")
    if comparative and stem not in ("مهم", "بزرگ"):
        return
    if not comparative and stem in ("مهم", "بزرگ"):
        return
    glued = _tokens([f"{stem}{affix} آمد"])[0][0]
    joined = _tokens([f"{stem}{joiner}{affix} آمد"])[0][0]
    assert glued == joined


# -- C16: the same tokens on every stack ---------------------------------------------------------
def test_c16_detached_possessive_is_attached_on_every_stack() -> None:
    case = persian_case("C16")
    tokens = _tokens(case["input"]["tokenize"])
    assert list(tokens) == case["expected"]["tokens"]


@pytest.mark.parametrize(("word", "stem", "lemma"), [
    # hazm 0.12's documented examples (stemmer.py, lemmatizer.py), now on both stacks
    ("کتابی", "کتاب", "کتابی"), ("کتاب‌ها", "کتاب", "کتاب"), ("کتاب‌هایی", "کتاب", "کتاب"),
    ("کتابهایشان", "کتاب", "کتاب"), ("اندیشه‌اش", "اندیشه", "اندیشه"), ("است", "است", "است"),
    ("می‌روم", "می‌رو", "رفت#رو"),
])
def test_stemmer_and_lemmatizer_are_the_toolkits(word: str, stem: str, lemma: str) -> None:
    assert _tokens_of(word, stem=True) == stem
    assert _tokens_of(word, lemmatize=True) == lemma


def _tokens_of(word: str, **options) -> str:
    return toolkit.tokenize([word], cache=False, n_jobs=1, **options)[0][0]


def test_mi_prefix_is_separated_only_for_verbs() -> None:
    assert normalize("نمیدانم چه میگفت") == "نمی‌دانم چه می‌گفت"
    assert normalize("میز آمیزد") == "میز آمیزد"


# -- C03: every encoding of one written word is one type -----------------------------------------
def test_c03_heh_with_yeh_and_heh_with_hamza_are_one_type() -> None:
    case = persian_case("C03")
    a, b = case["input"]["count"]
    assert normalize(a) == normalize(b)
    assert len(_counts([a, b])) == case["expected"]["types"]


@pytest.mark.parametrize(("variant", "plain"), [
    ("كتاب", "کتاب"), ("علي", "علی"), ("على", "علی"), ("خانە", "خانه"), ("خانہ", "خانه"),
    ("خانھ", "خانه"), ("خانۀ", "خانه"), ("خانهٔ", "خانه"), ("ٱلله", "الله"),
    ("\ufedb\ufe98\ufe8e\ufe8f", "کتاب"),  # presentation forms
])
def test_encodings_of_one_letter(variant: str, plain: str) -> None:
    for preset in ("standard", "light"):
        assert _tokens_of_text(variant, preset) == _tokens_of_text(plain, preset)


def _tokens_of_text(text: str, preset: str) -> list[str]:
    return toolkit.tokenize([text], normalize=preset, cache=False, n_jobs=1)[0]


# -- C05: bidi and format marks never sit inside a token; ZWNJ survives -------------------------
def test_c05_bidi_marks() -> None:
    case = persian_case("C05")
    tokens = list(_tokens(case["input"]["count"]))
    # دفتر‌ها: after ر (a letter that never joins) the ZWNJ is invisible and removed, so both
    # spellings are the one type دفترها (case B01); C05's expected tokens keep it, which B01
    # rules out. Everything else is as C05 expects.
    expected = [[t.replace("ر" + ZWNJ, "ر") for t in doc] for doc in case["expected"]["tokens"]]
    assert tokens == expected


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c", "\ufeff", "\u2060", "\u00ad",
                                  "\u202b", "\u2067", "\u200b", "\u2063"])
def test_format_marks_never_inside_a_token(mark: str) -> None:
    # between two letters where a half-space belongs -> ZWNJ; at a word edge -> removed
    assert _tokens([f"کتاب{mark}ها"])[0] == ["کتاب‌ها"]
    assert _tokens([f"{mark}سلام{mark} دوست{mark}"])[0] == ["سلام", "دوست"]
    for preset in ("light", "standard"):
        assert mark not in normalize(f"می{mark}روم {mark}سلام", preset)


def test_zwnj_survives_every_clean_up() -> None:
    for preset in ("standard", "light"):
        assert _tokens_of_text("می‌خواهم", preset) == ["می‌خواهم"]
        assert _tokens_of_text("کتاب\u200c\u200fها", preset) == ["کتاب‌ها"]


# -- C02: emoji and social-media tokens ----------------------------------------------------------
def test_c02_emoji_never_glue_to_words() -> None:
    case = persian_case("C02")
    tokens = _tokens([case["input"]["tokenize"]])[0]
    words = [t for t in tokens if token_kind(t) == "word"]
    assert words == case["expected"]["word_tokens"]
    assert [t for t in tokens if t not in words] == ["😍", "😍", "👍🏽"]
    dropped = toolkit.tokenize([case["input"]["tokenize"]], emoji=False, cache=False, n_jobs=1)
    assert dropped[0] == case["expected"]["word_tokens"]


@pytest.mark.parametrize("emoji", ["👍🏽", "🇮🇷", "1️⃣", "👨\u200d👩\u200d👧", "❤️", "🏳️\u200d🌈",
                                   "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"])
def test_multi_code_point_emoji_is_one_token(emoji: str) -> None:
    for preset in ("standard", "light", "none"):
        tokens = toolkit.tokenize([f"سلام{emoji}دوست {emoji}"], normalize=preset, cache=False,
                                  n_jobs=1)[0]
        assert tokens == ["سلام", emoji, "دوست", emoji], preset


def test_hashtags_mentions_urls_emails_stay_whole() -> None:
    text = "#ایران_قوی و @user_1 https://example.com/a?b=1 info@example.ir 🔹نرخ"
    tokens = _tokens([text])[0]
    kinds = {t: token_kind(t) for t in tokens}
    assert kinds == {"#ایران_قوی": "hashtag", "و": "word", "@user_1": "mention",
                     "https://example.com/a?b=1": "url", "info@example.ir": "email",
                     "🔹": "emoji", "نرخ": "word"}


def test_emoji_frequency_is_one_call_away() -> None:
    tokens = _tokens(["عالی😍😍 👍🏽", "خوب 😍"])
    table = toolkit.frequency(tokens.keep("emoji"))
    assert dict(zip(table["term"], table["count"], strict=True)) == {"😍": 3, "👍🏽": 1}
    with pytest.raises(ValueError, match="unknown token kinds"):
        tokens.keep("emojis")


def test_emoji_escapes_no_stopword_list() -> None:
    counts = _counts(["🔹در تهران 🔹در"], stopwords=True)
    assert counts == {"🔹": 2, "تهران": 1}


# -- bad input -----------------------------------------------------------------------------------
def test_lone_surrogate_names_the_document() -> None:
    texts = ["سلام", "سلام \ud800 دنیا"]
    with pytest.raises(ValueError, match=r"document '1' \(row 1, character 5\).*errors='skip'"):
        toolkit.tokenize(texts, cache=False, n_jobs=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tokens = toolkit.tokenize(texts, cache=False, n_jobs=1, errors="skip")
    assert tokens.docs["doc_id"].tolist() == ["0"]
    assert any("document '1'" in str(w.message) for w in caught)


def test_txt_and_text_are_names_of_the_article_format(seeds_dir) -> None:
    article = toolkit.load_corpus(seeds_dir, format="article").docs
    for name in ("txt", "text"):
        assert toolkit.load_corpus(seeds_dir, format=name).docs.equals(article)
