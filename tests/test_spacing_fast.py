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
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import load_corpus, spacing

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
RULES = (*spacing.EXTRA_SPACE, *spacing.AFFIX_SPACING, *spacing.PUNCTUATION_SPACING)
#: characters every rule looks at: spaces, ZWNJ, newlines, letters, digits, punctuation
ALPHABET = " \u200c\n\rـهیامنترگش۱2a.:!،؛؟»])}«[({\"_-"
texts = st.text(alphabet=ALPHABET, max_size=40)


@pytest.mark.parametrize("rule", [r for r in RULES if r.fast], ids=lambda r: r.pattern[:30])
@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_fast_pattern_equals_hazms(rule: spacing.Rule, text: str) -> None:
    assert re.sub(rule.fast, rule.fast_repl, text) == re.sub(rule.pattern, rule.repl, text)


@pytest.mark.parametrize("rule", [r for r in RULES if r.needs], ids=lambda r: r.pattern[:30])
@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_rule_skipped_only_when_it_cannot_match(rule: spacing.Rule, text: str) -> None:
    if not any(part in text for part in rule.needs):
        assert re.sub(rule.pattern, rule.repl, text) == text


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


WORD_ALPHABET = " \t\u200cهیامن۱2٣a.:!?؟،؛»«[](){}/\\\"_-"


@settings(max_examples=800, deadline=None)
@given(text=st.text(alphabet=WORD_ALPHABET, max_size=40))
def test_fast_word_pattern_equals_hazms(text: str) -> None:
    hazms = spacing.word_tokenizer(False).pattern
    assert hazms.pattern == spacing.HAZM_WORD_PATTERN  # else word_pattern() falls back to hazm's
    assert spacing.word_pattern(spacing.word_tokenizer(False)) is spacing._FAST_WORD_PATTERN
    assert spacing._FAST_WORD_PATTERN.sub(r" \1 ", text) == hazms.sub(r" \1 ", text)
    line = text.replace("\n", " ")
    assert spacing._line_tokenizer()(line) == spacing.word_tokenizer(False).tokenize(line)


def test_emoji_precheck_is_a_superset() -> None:
    """``protect`` skips the emoji pass when ``_MAYBE_EMOJI`` finds nothing: every character an
    emoji can start with (or the keycap mark) must be in it."""
    import regex

    from toolkit import normalization

    needed = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")
    missing = [hex(c) for c in range(0x110000)
               if needed.match(chr(c)) and not normalization._MAYBE_EMOJI.match(chr(c))]
    assert not missing


def plain_preparer(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A preparer of the standard options that applies every rule plainly to each document:
    no normalisation memo, hazm's spacing patterns and loop over every token
    (:func:`plain_correct_spacing`), hazm's ``WordTokenizer.tokenize`` for words, the emoji pass
    on every text (no precheck), hazm's ``persian_style`` and ``seperate_mi``'s pattern as hazm
    writes it."""
    from toolkit import normalization, preparation

    monkeypatch.setattr(spacing, "correct_spacing", plain_correct_spacing)
    monkeypatch.setattr(normalization, "_MAYBE_EMOJI", re.compile(""))
    monkeypatch.setattr(preparation, "word_pattern", lambda tokenizer: None)
    monkeypatch.setattr(spacing, "_MI_WORD", re.compile(spacing.MI_WORD))
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


@settings(max_examples=600, deadline=None)
@given(text=st.text(alphabet=" \n\"..12۳a\u200cنمیزگفت", max_size=40))
def test_persian_style_and_mi_equal_hazms(text: str) -> None:
    from toolkit import normalization

    normalizer = normalization.hazm_normalizer()  # built once, holds a hazm Normalizer
    assert normalizer._persian_style(text) == normalizer.hazm.persian_style(text)
    assert spacing._MI_WORD.findall(text) == re.findall(spacing.MI_WORD, text)


def test_persian_style_rules_are_hazms() -> None:
    import hazm

    from toolkit import normalization

    try:  # hazm 0.12
        from hazm.constants import PERSIAN_STYLE_PATTERNS as rules
    except ImportError:  # hazm 0.10 keeps them on the instance
        rules = hazm.Normalizer().persian_style_patterns
    assert [(re.compile(p).pattern.replace("\n", "\\n"), r) for p, r in rules] == [
        (p, r) for p, r, _ in normalization.PERSIAN_STYLE]
