"""The fast path of ``correct_spacing`` gives what a plain application of the same rules gives.

:mod:`toolkit.spacing` runs hazm's ``correct_spacing`` rules with faster equivalent patterns,
skips a rule whose required substring is absent and looks only at the tokens that can be joined.
Here every fast pattern is compared with hazm's pattern on random strings, and the whole of
``correct_spacing`` with a straightforward per-document composition of the rules (hazm's patterns
one after the other, hazm's loop over every token) on the seed and a sample of every shared
corpus. ``tests/test_fingerprints.py`` checks the tokens of the whole preparation.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit import load_corpus, spacing

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
RULES = (*spacing.EXTRA_SPACE, *spacing.AFFIX_SPACING, *spacing.PUNCTUATION_SPACING)
#: characters every rule looks at: spaces, ZWNJ, newlines, letters, digits, punctuation
ALPHABET = " \u200c\n\rـهیامندترگش۱2a.:!،؛؟»])}«[({\"_-"
#: pieces of the rules' patterns, so that random texts hold many near and full matches
PIECES = (" ", "\n", "\u200c", "می", "نمی", "ه", "ا", "ی", "م", "ش", "ند", "ید", "ت", "تر",
          "ترین", "گر", "گری", "ها", "های", "هها", ".", ":", "»", "«", "(", ")", '"', "۱", "2",
          "ک", "ز")
texts = st.one_of(st.text(alphabet=ALPHABET, max_size=40),
                  st.lists(st.sampled_from(PIECES), max_size=25).map("".join))


def example_edges(test: Any) -> Any:
    """``test`` also run on each of :data:`EDGES` (hypothesis ``@example``)."""
    for text in reversed(EDGES):
        test = example(text=text)(test)
    return test


#: texts at the edges of the rules: a match at the start, after a match, at the end
EDGES = ("می ک", "نمی ک", "ک می ک", "ک نمی ک", "می می می ", " نمی نمی ", "زه ام", "زه ام ه ای.",
         "زه ید\n", "کا تر", "کا تری ", "کا ترین.", "کا گری\n", "کا های", "کا ها ها", "ز.ک", "ز:ک", "ک.:ک", "ک:.ک", "(ک", "ک(", "۱ک", "ک۱", "ه ی ", "زه ی ه ی ")


@pytest.mark.parametrize("rule", [r for r in RULES if r.fast], ids=lambda r: r.pattern[:30])
@settings(max_examples=400, deadline=None)
@given(text=texts)
@example_edges
def test_fast_pattern_equals_hazms(rule: spacing.Rule, text: str) -> None:
    fast = text
    for pattern, repl in rule.steps():
        fast = re.sub(pattern, repl, fast)
    assert fast == re.sub(rule.pattern, rule.repl, text)


@pytest.mark.parametrize("rule", [r for r in RULES if r.needs or r.gate],
                         ids=lambda r: r.pattern[:30])
@settings(max_examples=400, deadline=None)
@given(text=texts)
@example_edges
def test_rule_skipped_only_when_it_cannot_match(rule: spacing.Rule, text: str) -> None:
    if rule.needs and not any(part in text for part in rule.needs):
        assert re.sub(rule.pattern, rule.repl, text) == text
    if rule.gate and not re.search(rule.gate, text):
        assert re.sub(rule.pattern, rule.repl, text) == text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.pattern[:30])
@settings(max_examples=400, deadline=None)
@given(text=texts)
@example_edges
def test_each_rule_as_run_equals_hazms(rule: spacing.Rule, text: str) -> None:
    # what _replace runs for the rule: its steps, skipped by needs, gate and step needs
    assert spacing._replace(spacing._compile((rule,)), text) == re.sub(rule.pattern, rule.repl,
                                                                       text)


def test_step_needs_are_the_marks_the_rule_changes() -> None:
    # a rule run one pass per mark changes a mark between two letters exactly for its marks
    for rule in (r for r in RULES if r.step_needs):
        changed = {c for c in ALPHABET + "{}?" if re.sub(rule.pattern, rule.repl, f"ک{c}ک") != f"ک{c}ک"}
        assert changed == set(rule.step_needs), rule.pattern


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_extra_space_equals_hazms_rules(text: str) -> None:
    assert spacing._extra_space(text) == _plain(spacing.EXTRA_SPACE, text)


def _plain(rules: tuple[spacing.Rule, ...], text: str) -> str:
    for rule in rules:
        text = re.sub(rule.pattern, rule.repl, text)
    return text


def _plain_token_spacing(tokens: list[str]) -> list[str]:
    """hazm 0.12's loop over every token (with the toolkit's suffixes)."""
    _, words, verbs = spacing._lexicon()
    result: list[str] = []
    for t, token in enumerate(tokens):
        joined = False
        if result:
            pair = result[-1] + spacing.ZWNJ + token
            if pair in verbs or (pair in words and words[pair][0] > 0):
                joined = not (t < len(tokens) - 1 and f"{token}_{tokens[t + 1]}" in verbs)
            elif token in spacing.ATTACHED and result[-1] in words:
                joined = True
        if joined:
            result[-1] = pair
        else:
            result.append(token)
    return result


def plain_correct_spacing(text: str) -> str:
    """hazm 0.12's ``correct_spacing`` as hazm writes it: every pattern, every token."""
    tokenizer = spacing._lexicon()[0]
    text = _plain(spacing.EXTRA_SPACE, text)
    lines = [line if not line.strip() else " ".join(_plain_token_spacing(tokenizer.tokenize(line)))
             for line in text.split("\n")]
    text = _plain(spacing.AFFIX_SPACING, "\n".join(lines))
    return _plain(spacing.PUNCTUATION_SPACING, text)


def _sample(corpus: str, every: int) -> list[str]:
    path = ROOT / "seeds" if corpus == "seeds" else SHARED / corpus
    if not path.is_dir():
        pytest.skip(f"shared corpus {corpus} not found at {path}")
    texts = [t for t in load_corpus(path).docs["text"] if isinstance(t, str)]
    return texts[::every]


CORPORA = {"seeds": 1, "fars-news": 10, "varzesh3": 10, "namnak": 5, "ganjoor-poetry": 5}


@pytest.mark.shared
@pytest.mark.parametrize("corpus", CORPORA)
def test_correct_spacing_equals_the_plain_rules(corpus: str) -> None:
    texts = _sample(corpus, CORPORA[corpus])
    differ = [t for t in texts if spacing.correct_spacing(t) != plain_correct_spacing(t)]
    assert not differ, f"{corpus}: {len(differ)} of {len(texts)} texts differ, e.g. {differ[0][:200]!r}"


#: with digits of other scripts (Devanagari, fullwidth, and beyond U+FFFF the mathematical
#: digits and Osmanya) and a letter beyond U+FFFF: a text with one of those is split by the
#: pattern with ``\\d``, one without by the pattern with the Basic Multilingual Plane's digits
WORD_ALPHABET = " \t\u200cهیامن۱2٣a.:!?؟،؛»«[](){}/\\\"_-१０\U0001d7d8\U000104a0\U00010300"


@settings(max_examples=800, deadline=None)
@given(text=st.text(alphabet=WORD_ALPHABET, max_size=40))
def test_fast_word_pattern_equals_hazms(text: str) -> None:
    hazms = spacing.word_tokenizer(False).pattern
    assert hazms.pattern == spacing.HAZM_WORD_PATTERN  # else word_pattern() falls back to hazm's
    assert spacing.word_pattern(spacing.word_tokenizer(False)) is spacing._FAST_WORD_PATTERN
    assert spacing._FAST_WORD_PATTERN.sub(r" \1 ", text) == hazms.sub(r" \1 ", text)
    assert spacing.space_matches(spacing._FAST_WORD_PATTERN)(text) == hazms.sub(r" \1 ", text)
    assert spacing.space_matches(hazms)(text) == hazms.sub(r" \1 ", text)
    line = text.replace("\n", " ")
    assert spacing._line_tokenizer()(line) == spacing.word_tokenizer(False).tokenize(line)


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet="ابa.._ ۱2\u200c-", max_size=20))
def test_abbreviation_gate_finds_every_abbreviation(text: str) -> None:
    """``protect`` looks for dotted abbreviations only where ``_ABBREVIATION_DOT`` finds a
    place: it must find one in every text that holds an abbreviation."""
    from toolkit import normalization as n

    if n._ABBREVIATION.search(text):
        assert n._ABBREVIATION_DOT.search(text)


def test_emoji_precheck_is_a_superset() -> None:
    """``protect`` skips the emoji pass when ``_MAYBE_EMOJI`` finds nothing: every character an
    emoji can start with (or the keycap mark) must be in it."""
    import regex

    from toolkit import normalization

    needed = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")
    missing = [hex(c) for c in range(0x110000)
               if needed.match(chr(c)) and not normalization._MAYBE_EMOJI.match(chr(c))]
    assert not missing


def test_rare_gate_is_a_superset() -> None:
    """``_standard`` skips clean_controls, the presentation forms, the private-use clean-up and
    the emoji pass when ``_RARE`` finds nothing: it must find every character they look for."""
    from toolkit import normalization as n

    parts = (n._ANY_CONTROL, n._PRESENTATION_FORMS, n._PRIVATE_USE, n._MAYBE_EMOJI)
    missing = [hex(c) for c in range(0x110000)
               if not n._RARE.match(chr(c)) and any(p.match(chr(c)) for p in parts)]
    assert not missing


def test_no_letter_or_number_is_punctuation() -> None:
    """``is_punctuation`` answers False at once for a token that starts with a letter or a
    number (``str.isalnum``): no such character is punctuation or a symbol (P* or S*)."""
    import unicodedata

    assert not [hex(c) for c in range(0x110000)
                if chr(c).isalnum() and unicodedata.category(chr(c))[0] in "PS"]


def plain_preparer(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A preparer of the standard options that applies every rule plainly to each document:
    no normalisation memo, hazm's spacing patterns and loop over every token
    (:func:`plain_correct_spacing`), hazm's ``WordTokenizer.tokenize`` for words, the emoji pass
    on every text (no precheck), hazm's ``persian_style`` and ``seperate_mi``'s pattern as hazm
    writes it."""
    from toolkit import normalization, preparation

    monkeypatch.setattr(spacing, "correct_spacing", plain_correct_spacing)
    monkeypatch.setattr(normalization, "_MAYBE_EMOJI", re.compile(""))
    monkeypatch.setattr(normalization, "_RARE", re.compile(""))
    monkeypatch.setattr(preparation, "word_pattern", lambda tokenizer: None)
    monkeypatch.setattr(spacing, "separate_mi", plain_separate_mi)
    plain = normalization.HazmNormalizer()  # built now, so it holds the plain correct_spacing
    assert spacing.correct_spacing in plain._steps
    plain._steps = [plain.hazm.persian_style if step == plain._persian_style else step
                    for step in plain._steps]  # hazm's own method, every rule on every text
    monkeypatch.setattr(normalization, "hazm_normalizer", lambda **flags: plain)
    preparer = preparation._Preparer(preparation.make_options())
    preparer.normalize = functools.partial(normalization._standard, flags=())
    return preparer


@pytest.mark.shared
@pytest.mark.parametrize("corpus", CORPORA)
def test_preparation_equals_the_plain_rules(corpus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document of every corpus: the fast path of ``prepare_document`` gives the tokens of
    the plain per-document application of the same rules."""
    from toolkit.preparation import make_options, prepare_document

    texts = _sample(corpus, 1)
    fast = [prepare_document(t, make_options()) for t in texts]
    with monkeypatch.context() as patched:
        plain = plain_preparer(patched)
        slow = [plain(t) for t in texts]
    differ = [i for i, (a, b) in enumerate(zip(fast, slow, strict=True)) if a != b]
    assert not differ, (f"{corpus}: {len(differ)} of {len(texts)} documents differ, e.g. "
                        f"{texts[differ[0]][:200]!r}")


@pytest.mark.shared
@pytest.mark.parametrize("corpus", CORPORA)
def test_batch_encoding_equals_prepare_document(corpus: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document of every corpus: ``DocumentPreparer.encode`` (the batch path of
    ``tokenize``, lines of raw tokens encoded by Arrow, here in parts of about 20,000
    characters that are then merged) gives the tokens of ``prepare_document`` of each text."""
    from toolkit import parallel, preparation

    texts = _sample(corpus, 1)
    options = preparation.make_options()
    documents = [preparation.prepare_document(t, options) for t in texts]
    listed = parallel.encode_sentences(documents)
    monkeypatch.setattr(preparation, "ENCODE_CHARS", 20_000)
    preparation._preparer.cache_clear()  # a fresh memo: filled in the batch path's order
    batch = preparation.DocumentPreparer(options).encode(texts)
    for field in ("vocab", "ids", "doc_lengths", "sent_lengths"):
        assert getattr(batch, field).tolist() == getattr(listed, field).tolist(), field


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(st.text(alphabet=" \n\"..12۳a\u200cنمیزگفت", max_size=40),
                      st.lists(st.sampled_from(("می", "نمی", "ن", "گفت", "ز", "ی", " ", "a", "\u200c")),
                               max_size=12).map("".join)))
@example(text="نمیگفت میگفت ننمیگفت امیگفت میز نمیز")
def test_persian_style_and_mi_equal_hazms(text: str) -> None:
    from toolkit import normalization

    normalizer = normalization.hazm_normalizer()  # built once, holds a hazm Normalizer
    assert normalizer._persian_style(text) == normalizer.hazm.persian_style(text)
    assert spacing.separate_mi(text) == plain_separate_mi(text)


def plain_separate_mi(text: str) -> str:
    """hazm 0.12's ``seperate_mi`` as hazm writes it (with the verb forms of both versions)."""
    verbs = spacing._lexicon()[2]

    def replace(match: re.Match[str]) -> str:
        spaced = re.sub(r"^(ن?می)", rf"\1{spacing.ZWNJ}", match.group())
        return spaced if spaced in verbs else match.group()

    return re.sub(spacing.MI_WORD, replace, text)


def test_persian_style_rules_are_hazms() -> None:
    import hazm

    from toolkit import normalization

    try:  # hazm 0.12
        from hazm.constants import PERSIAN_STYLE_PATTERNS as rules
    except ImportError:  # hazm 0.10 keeps them on the instance
        rules = hazm.Normalizer().persian_style_patterns
    assert [(re.compile(p).pattern.replace("\n", "\\n"), r) for p, r in rules] == [
        (p, r) for p, r, _ in normalization.PERSIAN_STYLE]


SPLIT_ALPHABET = " \t\n\r\x0b\x1c\x85\u2028\u00a0\u200cهیا۱2.:!?؟⸮،»«()\"/"


@settings(max_examples=800, deadline=None)
@given(text=st.text(alphabet=SPLIT_ALPHABET, max_size=50))
@example(text="a.\n\n b! c\r\n.\n\n\nd ؟ e..f")
def test_document_splitter_equals_hazms_line_sentence_word_loop(text: str) -> None:
    """Splitting a whole text at once gives hazm's tokens line by line, sentence by sentence."""
    from toolkit import preparation

    sentences = preparation._hazm_tool("SentenceTokenizer")
    words = spacing.word_tokenizer(False)
    hazms = [words.tokenize(re.sub(r"\s+", " ", sentence))
             for line in text.splitlines() if line.strip()
             for sentence in sentences.tokenize(line)]
    assert preparation._document_splitter(sentences, words)(text, []) == [s for s in hazms if s]


@settings(max_examples=800, deadline=None)
@given(text=st.text(alphabet=SPLIT_ALPHABET + "😀👍🏽\u200d\ufe0f\u20e3#@_wwwhttps:/x.ک٫,1۲", max_size=60))
@example(text="a 👍🏽 https://x.ir/a b@c.ir #تهران_قوی ۱,۰۰۰ ۱۴۰۲/۱/۲ ه.ق. 1️⃣\u2028x")
def test_document_spacer_restores_spans_without_white_space(text: str) -> None:
    """The spans ``protect`` holds never contain white space, so the batch path may put them
    back into the whole spaced text: the same tokens as putting them back token by token."""
    from toolkit import preparation
    from toolkit.normalization import protect, restore

    held, spans = protect(text, canonical=False, separate_emoji=True)
    assert all(span.split() == [span] for span in spans), spans
    sentences = preparation._hazm_tool("SentenceTokenizer")
    words = spacing.word_tokenizer(False)
    by_token = [[restore(raw, spans) for raw in line.split()]
                for line in preparation._document_spacer(sentences, words)(held, []).splitlines()]
    assert preparation._document_splitter(sentences, words)(held, spans) == [
        s for s in by_token if s]


@pytest.mark.parametrize("preset", ["standard", "light", "none"])
@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.text(alphabet=SPLIT_ALPHABET + "\u2009\x1f\x0c\ue000\ue100\ue001👍🏽ک1,۲",
                              max_size=30), max_size=4))
@example(texts=["a\u2009b\x1fc \x0cd", "", "۱,۰۰۰ 👍🏽\u00a0x"])
def test_batch_encoding_equals_prepare_document_on_any_white_space(preset: str,
                                                                   texts: list[str]) -> None:
    """Texts with every kind of white space and line break (the batch path turns white space
    other than a space or a line feed into spaces before Arrow splits at spaces) and with the
    placeholders' own private-use characters: the same encoding as ``prepare_document``."""
    from toolkit import parallel, preparation

    options = preparation.make_options(normalize=preset)
    listed = parallel.encode_sentences([preparation.prepare_document(t, options) for t in texts])
    batch = preparation.DocumentPreparer(options).encode(texts)
    for field in ("vocab", "ids", "doc_lengths", "sent_lengths"):
        assert getattr(batch, field).tolist() == getattr(listed, field).tolist(), field


def _tables() -> dict[str, dict[str, str]]:
    from toolkit import normalization

    try:  # hazm 0.12 keeps the tables in hazm.constants, 0.10 on the instance
        from hazm.constants import NUMBERS_DST, NUMBERS_SRC, TRANSLATION_DST, TRANSLATION_SRC
    except ImportError:
        hazm = normalization.hazm_normalizer().hazm
        TRANSLATION_SRC, TRANSLATION_DST = hazm.translation_src, hazm.translation_dst
        NUMBERS_SRC, NUMBERS_DST = "0123456789%٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹٪۰۱۲۳۴۵۶۷۸۹"
    return {"characters": dict(zip(TRANSLATION_SRC, TRANSLATION_DST, strict=False)),
            "numbers": dict(zip(NUMBERS_SRC, NUMBERS_DST, strict=False)),
            "letters": normalization._LETTERS, "digits": normalization._DIGITS,
            "chained": {"a": "b", "b": "ca", "ي": "ی"}}


@pytest.mark.parametrize("name", ["characters", "numbers", "letters", "digits", "chained"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_char_mapper_equals_translate(name: str, data: st.DataObject) -> None:
    from toolkit import normalization

    table = _tables()[name]
    alphabet = st.sampled_from([*table, " ", "س", "۱", "\u200c"])
    text = data.draw(st.lists(alphabet, max_size=30).map("".join))
    expected = text.translate({ord(old): new for old, new in table.items()})
    assert normalization._char_mapper(table)(text) == expected


DIGIT_ALPHABET = " \n\u200cهیامنتر۱۲2٣a.:!،؛؟»«()\"-"


@settings(max_examples=800, deadline=None)
@given(text=st.one_of(st.text(alphabet=DIGIT_ALPHABET, max_size=40),
                      st.lists(st.sampled_from(PIECES), max_size=25).map("".join)))
@example(text="ک۱ ۲ک (۱)ک «۲» ک.۳ می ۴ ه ۵ ها")
def test_digit_letter_rules_change_nothing_after_the_others(text: str) -> None:
    """``correct_spacing`` leaves out the digit/letter rules: they find nothing to change."""
    assert spacing._punctuation_spacing() == spacing._PUNCTUATION_SPACING[:-2]
    spaced = spacing.correct_spacing(text)
    assert spacing._replace(spacing._PUNCTUATION_SPACING[-2:], spaced) == spaced


def _dirty_alphabet() -> list[str]:
    from toolkit import normalization

    controls = [*normalization.FORMAT_CONTROLS, normalization.ZWJ, "\u2028", "\u2029", "\x00",
                "\x1b", "\x7f", "\x85", "\x9f"]
    private = ["\ue000", "\ue001", "\ue100", "\ue1ff"]
    return [*_tables()["characters"], *controls, *private, " ", "\n", "\u200c", "\u00a0", "ی",
            "ک", "۱", "2", ".", "😀", "http://a.b", "@x", "#ی", "1,000", "ه.ق.", "&lrm;",
            "&#8206;", "&zwj;", "&zwnj;", "&#x2028;", "&#xE000;", "&#x1F600;", "&amp;", "<b>"]


@pytest.mark.parametrize("preset", ["standard", "light"])
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_clean_presets_leave_no_controls_or_private_use(preset: str, data: st.DataObject) -> None:
    """The preparer skips ``clean_controls`` and the private-use clean-up of ``protect`` after
    the presets of ``CLEAN_PRESETS``: their output must hold neither."""
    from toolkit import normalization

    assert preset in normalization.CLEAN_PRESETS
    text = data.draw(st.lists(st.sampled_from(_dirty_alphabet()), max_size=30).map("".join))
    out = normalization.normalizer(preset, memo=False)(text)
    assert normalization.clean_controls(out) == out
    assert not normalization._PRIVATE_USE.search(out)


def test_written_out_classes_equal_the_categories() -> None:
    """The classes ``bmp_class`` writes out match what the categories match: the digits of
    the fast word pattern are ``\\d`` on every character below U+10000 (beyond it, a text is
    split with ``\\d`` itself), and the batch path's other white space is ``[^\\S \\n]`` on
    every character (no white space lies beyond U+FFFF)."""
    from toolkit import preparation

    digits = re.compile(f"[{spacing.bmp_class(str.isdecimal)}]")
    assert all(bool(digits.match(chr(c))) == chr(c).isdecimal() for c in range(0x10000))
    category = re.compile(r"[^\S \n]")
    assert [c for c in range(0x110000) if bool(preparation._OTHER_SPACE.match(chr(c)))
            != bool(category.match(chr(c)))] == []
