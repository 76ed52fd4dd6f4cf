"""normalize(): presets, the cases B01 B05 B11 B12 B13 (whole kinds), and spelling variants."""

from __future__ import annotations

import functools
import re

import hazm
import pandas as pd
import pytest
from conftest import persian_case
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus import Corpus, load_corpus
from toolkit.normalization import (
    NON_JOINING,
    ZWNJ,
    HazmNormalizer,
    canonical_number,
    clean_controls,
    normalize,
    protect,
    restore,
)

NBSP = "\u00a0"


def test_b01_detached_plural_after_non_joining_letter() -> None:
    case = persian_case("B01")
    assert [normalize(s) for s in case["input"]["normalize"]] == case["expected"]["normalize"]
    counted = [normalize(s) for s in case["input"]["count_after_normalize"]]
    assert {w: counted.count(w) for w in set(counted)} == case["expected"]["count_after_normalize"]


@pytest.mark.parametrize("letter", list("ادذرزژو"))
@pytest.mark.parametrize("sep", [" ", NBSP, ZWNJ, ""])
def test_b01_every_non_joining_letter(letter: str, sep: str) -> None:
    # a stem ending in each letter that never joins leftwards: one spelling, no invisible ZWNJ
    stem = "کال" + letter
    assert normalize(f"{stem}{sep}ها") == f"{stem}ها"
    assert normalize(f"{stem}{sep}های") == f"{stem}های"


def test_zwnj_kept_after_joining_letter() -> None:
    assert normalize("کتاب ها") == f"کتاب{ZWNJ}ها"
    assert normalize(f"کتاب{ZWNJ}ها") == f"کتاب{ZWNJ}ها"
    assert normalize(f"خانه{ZWNJ}{ZWNJ}ها") == f"خانه{ZWNJ}ها"
    assert set(NON_JOINING) >= set("ادذرزژو")


def test_b05_decimal_separator_without_spaces() -> None:
    case = persian_case("B05")
    assert normalize(case["input"]["normalize"]) == case["expected"]["normalize"]


@pytest.mark.parametrize(("written", "canonical"), [
    ("4.2", "۴٫۲"), ("۴.۲", "۴٫۲"), ("٤٫٢", "۴٫۲"), ("۴٫۲", "۴٫۲"), ("12.50", "۱۲٫۵۰"),
    ("1,000", "۱٬۰۰۰"), ("۱٬۰۰۰", "۱٬۰۰۰"), ("١,٠٠٠", "۱٬۰۰۰"), ("1٬000", "۱٬۰۰۰"),
    ("1'000", "۱٬۰۰۰"), ("1,234,567.89", "۱٬۲۳۴٬۵۶۷٫۸۹"),
])
def test_b05_every_decimal_and_thousands_form(written: str, canonical: str) -> None:
    assert canonical_number(written) == canonical
    assert normalize(f"قیمت {written} دلار") == f"قیمت {canonical} دلار"


def test_list_commas_and_dates_are_not_numbers() -> None:
    # "1, 2" is a list, not a thousands group; dates keep their separators
    assert "٬" not in normalize("بندهای 1, 2")
    assert normalize("تاریخ 1387/07/06") == "تاریخ ۱۳۸۷/۰۷/۰۶"
    assert normalize("تاریخ 2014-09-23") == "تاریخ ۲۰۱۴-۰۹-۲۳"


def test_b11_arabic_yeh_kaf() -> None:
    case = persian_case("B11")
    words = normalize(case["input"]["tokens"]).split()
    assert {w: words.count(w) for w in set(words)} == case["expected"]["counts"]
    assert normalize(case["input"]["stopword_check"]) == "این"


def test_b12_kashida() -> None:
    case = persian_case("B12")
    words = normalize(case["input"]).split()
    assert words.count("قیمت") == case["expected"]["counts"]["قیمت"]
    assert normalize("قیــــــمت", "light") == "قیمت"


def test_b13_three_digit_systems() -> None:
    case = persian_case("B13")
    forms = {normalize(s) for s in case["input"]}
    assert len(forms) == 1 and case["expected"]["one_type"]
    assert int(forms.pop()) == case["expected"]["numeric_value"]


def test_bidi_and_format_controls() -> None:
    # between letters a control was typed as a half-space (varzesh3 has U+200E there); elsewhere
    # it is removed; U+2028/U+2029 are line breaks
    assert clean_controls("گهری\u200eها") == f"گهری{ZWNJ}ها"
    assert clean_controls("گام\u00adهای") == f"گام{ZWNJ}های"
    assert clean_controls("سلام \u2066abc\u2069 دنیا") == "سلام abc دنیا"
    assert clean_controls("a\u202bb \u202c") == f"a{ZWNJ}b "
    assert clean_controls("سلام\u2028دنیا\u2029") == "سلام\nدنیا\n"
    for ch in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert normalize(f"سلام {ch}دنیا{ch}") == "سلام دنیا"



@pytest.mark.parametrize("preset", ["standard", "light"])
def test_zero_width_joiner_is_removed(preset: str) -> None:
    zwj = "\u200d"
    assert normalize(f"{zwj}{zwj}روسیه{zwj}", preset) == "روسیه"
    assert normalize(f"ایران {zwj}و{zwj} روسیه", preset) == "ایران و روسیه"
    assert normalize(f"کتاب{zwj}ها", preset) == "کتابها"  # the letters join without it
    assert normalize(f"کتاب{zwj}{ZWNJ}ها", preset) == f"کتاب{ZWNJ}ها"  # the half-space stays
    assert normalize(f"می{zwj}\u200eرود", preset) == f"می{ZWNJ}رود"
    assert clean_controls(f"a{zwj}b") == "ab"
    assert normalize(f"{zwj}روسیه", "none") == f"{zwj}روسیه"

def test_html_remnants_and_presentation_forms() -> None:
    assert normalize("&nbsp;سلام<br />دنیا &amp; ما") == "سلام دنیا & ما"
    assert normalize("ﻻ ﷲ") == "لا الله"  # hazm 0.12 no longer folds these itself


def test_abbreviations_urls_kept_whole() -> None:
    assert normalize("سال ۱۳۵۸ ه.ق. و U.S.A.") == "سال ۱۳۵۸ ه.ق. و U.S.A."
    url = "http://media.alalam.ir/news/image/2016/01/19/a.jpg"
    assert normalize(f"عکس {url} سه شنبه").startswith(f"عکس {url} ")


def test_protect_restore_roundtrip() -> None:
    held, spans = protect("ارزش 4.2 و ۱٬۰۰۰ و ه.ق. و a@b.com")
    assert sorted(spans) == sorted(["۴٫۲", "۱٬۰۰۰", "ه.ق.", "a@b.com"])
    assert restore(held, spans) == "ارزش ۴٫۲ و ۱٬۰۰۰ و ه.ق. و a@b.com"
    many = " ".join(f"{i}.5" for i in range(600))  # more placeholders than one PUA digit holds
    held, spans = protect(many)
    assert restore(held, spans).split()[599] == canonical_number("599.5")


def test_light_preset_characters_only() -> None:
    assert normalize("كتاب‌هاي علي ١٢٣ کِتاب", "light") == f"کتاب{ZWNJ}های علی ۱۲۳ کتاب"
    assert normalize(f"می{NBSP}خواهم کتاب{NBSP}ها سلام{NBSP}دنیا", "light") == (
        f"می{ZWNJ}خواهم کتاب{ZWNJ}ها سلام دنیا")
    assert normalize("مي باشد", "light") == "می باشد"  # spacing is not touched


def test_none_preset_and_errors() -> None:
    assert normalize("كتاب  ها", "none") == "كتاب  ها"
    with pytest.raises(ValueError, match="unknown normalisation preset"):
        normalize("x", "heavy")
    with pytest.raises(ValueError, match="only apply to preset='standard'"):
        normalize("x", "light", correct_spacing=False)
    with pytest.raises(ValueError, match="unknown hazm Normalizer flags"):
        normalize("x", correct_spacng=False)


def test_hazm_flags_pass_through() -> None:
    # flags that need no word lists, so the extra hazm.Normalizer is cheap to build
    flags = {"correct_spacing": False, "seperate_mi": False, "decrease_repeated_chars": False}
    assert normalize("مي باشد 25", **flags) == "می باشد ۲۵"
    assert normalize("مي باشد 25", persian_numbers=False, **flags) == "می باشد 25"


def test_corpus_gives_new_corpus(seeds_dir) -> None:
    corpus = load_corpus(seeds_dir)
    before = corpus.docs.copy()
    out = normalize(corpus)
    assert isinstance(out, Corpus) and out is not corpus
    assert corpus.docs.equals(before)  # the user's data is not modified in place
    assert "ي" in corpus.docs["text"][0] and "ي" not in out.docs["text"][0]
    assert "ك" not in out.docs["title"][0]
    with pytest.raises(TypeError):
        normalize(42)
    own = Corpus(pd.DataFrame({"doc_id": ["a", "b"], "title": [None, "علي"], "text": ["كتاب", None]}))
    out = normalize(own).docs  # missing titles/texts stay missing
    assert out["title"].isna().tolist() == [True, False] and out["title"][1] == "علی"
    assert out["text"][0] == "کتاب" and pd.isna(out["text"][1])


def test_fast_hazm_equals_hazm(seeds_dir, corpora_dir) -> None:
    # the step-by-step normaliser gives hazm 0.12's own output, on real text of three kinds; on
    # hazm 0.10 two steps differ on purpose (toolkit.spacing owns hazm 0.12's rules, and the
    # committed token fingerprints prove that both stacks agree)
    from importlib.metadata import version

    if tuple(int(p) for p in version("hazm").split(".")[:2]) < (0, 12):
        pytest.skip("hazm 0.10: correct_spacing and seperate_mi are hazm 0.12's (toolkit.spacing)")
    texts = [load_corpus(seeds_dir).texts[0]]
    texts += load_corpus(corpora_dir / "fars-news" / "fars-news-1.json").texts[:8]
    texts += load_corpus(corpora_dir / "namnak").texts[:3]
    texts += ["\n".join(load_corpus(corpora_dir / "ganjoor-poetry" / "khayyam.txt")
                        .texts[0].splitlines()[:100]), "سلامممم بههه همه!!!!"]
    fast = HazmNormalizer()
    assert isinstance(fast.hazm, hazm.Normalizer)
    for text in texts:
        assert fast.normalize(text) == fast.hazm.normalize(text)


# -- spelling variants of one word come out as one type (hypothesis) -----------------------------
STEMS = ["کتاب", "کشور", "بندر", "دانشگاه", "هماهنگی", "روز", "کارخانه", "مدرسه", "تیم"]
VERBS = ["خواهم", "شود", "کنند", "روم", "گویند"]
DIGITS = {"ascii": "0123456789", "persian": "۰۱۲۳۴۵۶۷۸۹", "arabic": "٠١٢٣٤٥٦٧٨٩"}


def _arabic_letters(word: str, flips: list[bool]) -> str:
    out = []
    for ch, flip in zip(word, flips + [False] * len(word), strict=False):
        out.append({"ی": "ي", "ک": "ك"}.get(ch, ch) if flip else ch)
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(stem=st.sampled_from(STEMS), verb=st.sampled_from(VERBS),
       number=st.integers(min_value=0, max_value=10**7),
       sep1=st.sampled_from([" ", NBSP, ZWNJ]), sep2=st.sampled_from([" ", NBSP, ZWNJ]),
       system=st.sampled_from(sorted(DIGITS)), flips=st.lists(st.booleans(), max_size=8))
def test_spelling_variants_are_one_type(stem: str, verb: str, number: int, sep1: str, sep2: str,
                                        system: str, flips: list[bool]) -> None:
    digits = str(number).translate(str.maketrans("0123456789", DIGITS[system]))
    variant = f"{_arabic_letters(stem, flips)}{sep1}ها {_arabic_letters('می', flips)}{sep2}{verb} {digits}"
    reference = f"{stem}{ZWNJ}ها می{ZWNJ}{verb} {number}"
    assert normalize(variant).split(" ") == normalize(reference).split(" ")
    expected_plural = stem + ("" if stem[-1] in NON_JOINING else ZWNJ) + "ها"
    assert normalize(variant).split(" ")[0] == expected_plural


@pytest.mark.parametrize("participle", ["گفته", "نوشته", "ساخته", "انجام"])
@pytest.mark.parametrize("aux", ["شده", "شد", "شود", "است", "بود", "باشد", "گردید"])
def test_b08_participle_and_auxiliary_stay_two_words(participle: str, aux: str) -> None:
    assert normalize(f"{participle} {aux}") == f"{participle} {aux}"
    assert normalize(f"{participle}{ZWNJ}{aux}") == f"{participle} {aux}"
    assert normalize(f"{participle} می {aux}") == f"{participle} می{ZWNJ}{aux}"


def test_standard_results_are_remembered() -> None:
    from toolkit.normalization import _standard_memo, normalizer

    text = "متنی تازه برای حافظهٔ نرمال‌سازی 123"
    normalize(text)
    hits = _standard_memo.cache_info().hits
    assert normalize(text) == normalizer(memo=False)(text)
    assert _standard_memo.cache_info().hits == hits + 1


@functools.cache
def _hazm_replacements() -> list[tuple[str, str]]:
    """hazm's own ``unicodes_replacement`` table, from whichever version is installed."""
    try:
        from hazm.constants import UNICODE_REPLACEMENTS
    except ImportError:  # hazm 0.10 keeps it on the instance
        return hazm.Normalizer(correct_spacing=False, seperate_mi=False).replacements
    return UNICODE_REPLACEMENTS


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="\ufdfd\ufdfc\ufdf0\ufdf9\ufdf2\ufdf8\ufef5\ufefb\ufefcلا (|)ﷺ",
                    max_size=30))
def test_unicodes_replacement_applies_hazms_whole_table(text: str) -> None:
    # hazm 0.10 applies each entry as a regular expression; hazm 0.12 with str.replace, which
    # never finds the two entries written as alternatives: the toolkit gives 0.10's output on both
    from toolkit.normalization import unicodes_replacement

    expected = text
    for pattern, replacement in _hazm_replacements():
        expected = re.sub(pattern, replacement, expected)
    assert unicodes_replacement(text) == expected


def test_unicodes_replacement_examples() -> None:
    from toolkit.normalization import hazm_normalizer, unicodes_replacement

    assert unicodes_replacement("۱۰ \ufdfc و \ufdf0") == "۱۰ ریال و صلی"
    assert unicodes_replacement("\ufefb\ufef5") == "لالا"
    assert unicodes_replacement("(ﷰ|ﷹ)") == "(صلی|صلی)"  # hazm 0.12's str.replace would keep it
    flags = {"correct_spacing": False, "seperate_mi": False, "decrease_repeated_chars": False}
    assert hazm_normalizer(**flags).normalize("\ufdf0") == "صلی"  # on both hazm versions


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="\n aکک۱\u200c😀\ud800", max_size=40), long=st.booleans())
def test_thrice_finds_every_character_three_times_in_a_row(text: str, long: bool) -> None:
    """The gate of decrease_repeated_chars: numpy on long texts, re on short ones, both true
    exactly when a character (a line break too) occurs three times in a row."""
    from toolkit.normalization import _thrice

    text = ("ab" * 600 + text) if long else text
    assert _thrice(text) == (re.search(r"(.)\1\1", text, re.S) is not None)


def test_diacritic_marks_are_what_hazms_remove_diacritics_deletes() -> None:
    """remove_diacritics is skipped for a text without DIACRITIC_MARKS: hazm's pattern deletes
    exactly those characters (every character tried, in the Basic Multilingual Plane and beyond)."""
    from toolkit.normalization import DIACRITIC_MARKS, hazm_normalizer

    hazm = hazm_normalizer().hazm
    text = "".join(map(chr, range(0x110000)))  # every code point, lone surrogates too
    kept = hazm.remove_diacritics(text)
    assert len(text) - len(kept) == len(DIACRITIC_MARKS)
    assert all(mark not in kept for mark in DIACRITIC_MARKS)
