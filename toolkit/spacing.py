"""Spacing rules the toolkit owns, so the installed hazm version does not decide the tokens.

hazm 0.10 and 0.12 agree on every normalisation step except two (measured on the seed and the
shared corpora, each step given the same input on both versions):

- ``correct_spacing``: hazm 0.12 attaches a detached possessive or plural+possessive suffix to
  the word before it (``خانه هایشان`` -> ``خانه‌هایشان``, ``کتاب مان`` -> ``کتاب‌مان``), as careful
  Persian writing does; hazm 0.10 leaves ``شان``, ``هایشان``, ``مان`` as words of their own;
- ``seperate_mi``: hazm 0.12 inserts a ZWNJ after a glued ``می``/``نمی`` only when the result is
  a known verb form (``میز`` and ``آمیزد`` stay whole); hazm 0.10 splits every word that starts
  with ``می`` (``آمی‌زد``).

Both rules here are hazm 0.12's (MIT licence, roshan-research/hazm ``normalizer.py`` and
``constants.py``), ported so that both supported stacks give hazm 0.12's result, with one
addition of the toolkit's: a detached ``هایم``/``هایت``/``هایش`` is attached like the other
plural+possessive suffixes (hazm 0.12 attaches ``هایشان`` but not ``هایش``), so that the space
spelling of every affix that :mod:`toolkit.folding` folds is one type with the others. They
use only hazm's lexicon files (``words.dat``, ``verbs.dat``), which are identical in 0.10 and 0.12,
and hazm's ``WordTokenizer`` (which gives the same tokens on both versions); the committed token
fingerprints (``tests/fingerprints.json``) prove the outcome on both CI stacks.
"""

from __future__ import annotations

import functools
import re
from typing import Any

ZWNJ = "\u200c"
_PUNC_AFTER = r"\.:!،؛؟»\]\)\}"
_PUNC_BEFORE = r"«\[\(\{"
_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

#: suffixes a detached token is attached with a ZWNJ (hazm 0.12 ``constants.SUFFIXES``)
SUFFIXES = frozenset({
    "ی", "ای", "ها", "های", "هایی", "تر", "تری", "ترین", "گر", "گری",
    "ام", "ات", "اش", "یم", "ید", "ند", "مان", "تان", "شان",
    "هایمان", "هایتان", "هایشان", "ان", "ین", "م", "ت", "ش",
})
#: what :func:`token_spacing` attaches: hazm's suffixes and the plural with a first, second or
#: third person singular possessive (``کتاب هایم`` -> ``کتاب‌هایم``), which hazm leaves detached
ATTACHED = SUFFIXES | {"هایم", "هایت", "هایش"}


def _compile(patterns: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), repl) for pattern, repl in patterns]


_EXTRA_SPACE = _compile([
    (r"^ +| +$", ""),
    (r" {2,}", " "),
    (r"\n{3,}", "\n\n"),
    (r"\u200c{2,}", "\u200c"),
    (r"\u200c{1,} ", " "),
    (r" \u200c{1,}", " "),
    (r"\b\u200c*\B", ""),
    (r"\B\u200c*\b", ""),
    (r"[ـ\r]", ""),
])
_PUNCTUATION_SPACING = _compile([
    (r'" ([^\n"]+) "', r'"\1"'),
    (f" ([{_PUNC_AFTER}])", r"\1"),
    (f"([{_PUNC_BEFORE}]) ", r"\1"),
    (f"([{_PUNC_AFTER[:3]}])([^ {_PUNC_AFTER}" + r"\d۰۱۲۳۴۵۶۷۸۹])", r"\1 \2"),
    (f"([{_PUNC_AFTER[3:]}])([^ {_PUNC_AFTER}])", r"\1 \2"),
    (f"([^ {_PUNC_BEFORE}])([{_PUNC_BEFORE}])", r"\1 \2"),
    (rf"(\d)([{_LETTERS}])", r"\1 \2"),
    (rf"([{_LETTERS}])(\d)", r"\1 \2"),
])
_AFFIX_SPACING = _compile([
    (r"([^ ]ه) ی ", r"\1‌ی "),
    (r"(^| )(ن?می) ", r"\1\2‌"),
    (rf"(?<=[^\n\d {_PUNC_AFTER}{_PUNC_BEFORE}]{{2}}) (تر(ین?)?|گری?|های?)"
     rf"(?=[ \n{_PUNC_AFTER}{_PUNC_BEFORE}]|$)", r"‌\1"),
    (rf"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n{_PUNC_AFTER}]|$)", r"\1‌\2"),
    (r"(ه)(ها)", r"\1‌\2"),
])
_MI_WORD = re.compile(rf"\bن?می[{_LETTERS}]+")
_MI_PREFIX = re.compile(r"^(ن?می)")


def _replace(patterns: list[tuple[re.Pattern[str], str]], text: str) -> str:
    for pattern, repl in patterns:
        text = pattern.sub(repl, text)
    return text


@functools.cache
def _lexicon() -> tuple[Any, dict[str, Any], frozenset[str]]:
    """hazm's word tokenizer, word list and verb forms (without joined verb parts), built once."""
    import hazm

    tokenizer = hazm.WordTokenizer(join_verb_parts=False)
    verbs = frozenset(hazm.Lemmatizer(joined_verb_parts=False).verbs)
    return tokenizer, tokenizer.words, verbs


@functools.cache
def _joinable() -> frozenset[str]:
    """Every token that can be the second part of a join: what follows a ZWNJ in a verb form or
    a word of the lexicon, and :data:`ATTACHED` (a fast test that skips most tokens)."""
    _, words, verbs = _lexicon()
    parts = set(ATTACHED)
    for word in (*words, *verbs):
        at = word.find(ZWNJ)
        while at >= 0:
            parts.add(word[at + 1:])
            at = word.find(ZWNJ, at + 1)
    return frozenset(parts)


def token_spacing(tokens: list[str]) -> list[str]:
    """Join a token to the one before it with a ZWNJ when the pair is a known verb form or a
    frequent word of hazm's lexicon, or when it is a suffix (:data:`ATTACHED`) after a known word
    (hazm 0.12 ``Normalizer.token_spacing``, with three more suffixes)."""
    _, words, verbs = _lexicon()
    joinable = _joinable()
    result: list[str] = []
    for t, token in enumerate(tokens):
        joined = False
        if result and token in joinable:
            pair = result[-1] + ZWNJ + token
            if pair in verbs or (pair in words and words[pair][0] > 0):
                joined = not (t < len(tokens) - 1 and f"{token}_{tokens[t + 1]}" in verbs)
            elif token in ATTACHED and result[-1] in words:
                joined = True
        if joined:
            result[-1] = pair
        else:
            result.append(token)
    return result


def correct_spacing(text: str) -> str:
    """hazm 0.12's ``Normalizer.correct_spacing``: spaces, ZWNJs, affixes and punctuation."""
    tokenizer = _lexicon()[0]
    text = _replace(_EXTRA_SPACE, text)
    lines = [line if not line.strip() else " ".join(token_spacing(tokenizer.tokenize(line)))
             for line in text.split("\n")]
    text = _replace(_AFFIX_SPACING, "\n".join(lines))
    return _replace(_PUNCTUATION_SPACING, text)


def separate_mi(text: str) -> str:
    """hazm 0.12's ``Normalizer.seperate_mi``: a ZWNJ after a glued ``می``/``نمی`` only where the
    result is a known verb form (``میگفت`` -> ``می‌گفت``; ``میز`` stays)."""
    verbs = _lexicon()[2]

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        spaced = _MI_PREFIX.sub(rf"\1{ZWNJ}", word)
        return spaced if spaced in verbs else word

    return _MI_WORD.sub(replace, text)
