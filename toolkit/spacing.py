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
from collections.abc import Callable
from itertools import count, islice
from typing import Any, NamedTuple

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


class Rule(NamedTuple):
    """One regular-expression rewrite of hazm's ``correct_spacing``, as hazm writes it
    (``pattern``, ``repl``), with what the toolkit runs instead, for the same output: ``fast``, an
    equivalent pattern that ``re`` searches faster (a literal or a character class first, the
    context checked by a lookbehind after it), with its ``fast_repl``, and the further
    ``(pattern, repl)`` steps of ``then`` when one pattern does not do (``[.:]`` as a ``.`` pass
    and a ``:`` pass, each of which ``re`` finds as a literal); ``needs``: substrings of
    which one must occur for the rule to match at all, and ``gate``: a pattern that finds a
    place wherever ``pattern`` can match (a literal first, so ``re`` finds it fast); the rule is
    skipped when a needed substring is missing or the gate finds nothing. ``step_needs``: one
    substring for each step, without which that step cannot match (it is skipped), or empty.
    ``tests/test_spacing_fast.py`` checks every ``fast`` against ``pattern`` and every skip on
    random strings, and the whole of :func:`correct_spacing` against the plain rules on the
    corpora."""

    pattern: str
    repl: str
    fast: str | None = None
    fast_repl: str | None = None
    needs: tuple[str, ...] = ()
    gate: str | None = None
    then: tuple[tuple[str, str], ...] = ()
    step_needs: tuple[str, ...] = ()

    def steps(self) -> tuple[tuple[str, str], ...]:
        """The ``(pattern, repl)`` passes the toolkit runs for this rule, in order."""
        if self.fast is None:
            return ((self.pattern, self.repl),)
        return ((self.fast, self.fast_repl or ""), *self.then)


def _each_mark(marks: str, pattern: str, repl: str) -> dict[str, Any]:
    """The ``fast``, ``fast_repl``, ``then`` and ``step_needs`` of a rule run as one pass per
    mark of ``marks``: ``pattern`` and ``repl`` with ``MARK`` standing for the mark. A pass that
    starts with one literal mark is found much faster by ``re`` than a character class of marks
    (about 1 against 5 ns a character), and is skipped when its mark does not occur; the passes
    give one pass's result when each inserts a space only next to its own mark, which no other
    pass looks at."""
    steps = tuple((pattern.replace("MARK", re.escape(mark)), repl.replace("MARK", mark))
                  for mark in marks)
    return {"fast": steps[0][0], "fast_repl": steps[0][1], "then": steps[1:],
            "step_needs": tuple(marks)}


EXTRA_SPACE = (
    Rule(r"^ +| +$", "", needs=()),  # gated in _extra_space: a space at either end
    Rule(r" {2,}", " ", "   *", " ", needs=("  ",)),
    Rule(r"\n{3,}", "\n\n", needs=("\n\n\n",)),
    Rule(r"\u200c{2,}", "\u200c", needs=("\u200c\u200c",)),
    # the next four run as one pass (ZWNJ_EDGES): a ZWNJ run before a space, after a space,
    # after a word character and before a non-word one (or the end), after a non-word character
    # (or the start) and before a word character
    Rule(r"\u200c{1,} ", " "),
    Rule(r" \u200c{1,}", " "),
    Rule(r"\b\u200c*\B", ""),
    Rule(r"\B\u200c*\b", ""),
    Rule(r"[ـ\r]", "", needs=("ـ", "\r")),
)
PUNCTUATION_SPACING = (
    # needs the quotation mark alone: one character is found ten times as fast as two, and
    # Persian text rarely holds one
    Rule(r'" ([^\n"]+) "', r'"\1"', needs=('"',)),
    # the space before a closing mark (after an opening one) is deleted: a literal replacement,
    # which re makes without a match object or a template per match
    Rule(f" ([{_PUNC_AFTER}])", r"\1", f" (?=[{_PUNC_AFTER}])", ""),
    Rule(f"([{_PUNC_BEFORE}]) ", r"\1", f" (?<=[{_PUNC_BEFORE}] )", ""),
    Rule(f"([{_PUNC_AFTER[:3]}])([^ {_PUNC_AFTER}" + r"\d۰۱۲۳۴۵۶۷۸۹])", r"\1 \2",
         rf"\.(?=[^ {_PUNC_AFTER}\d۰۱۲۳۴۵۶۷۸۹])", ". ",
         then=((rf":(?=[^ {_PUNC_AFTER}\d۰۱۲۳۴۵۶۷۸۹])", ": "),), step_needs=(".", ":")),
    # a space after a closing mark and before an opening one: one pass per mark (_each_mark)
    Rule(f"([{_PUNC_AFTER[3:]}])([^ {_PUNC_AFTER}])", r"\1 \2",
         **_each_mark("!،؛؟»])}", f"MARK(?=[^ {_PUNC_AFTER}])", "MARK ")),
    Rule(f"([^ {_PUNC_BEFORE}])([{_PUNC_BEFORE}])", r"\1 \2",
         **_each_mark("«[({", f"MARK(?<=[^ {_PUNC_BEFORE}]MARK)", " MARK")),
    Rule(rf"(\d)([{_LETTERS}])", r"\1 \2"),
    Rule(rf"([{_LETTERS}])(\d)", r"\1 \2", rf"(\d)(?<=[{_LETTERS}]\d)", r" \1"),
)
AFFIX_SPACING = (
    Rule(r"([^ ]ه) ی ", r"\1‌ی ", needs=("ه ی ",)),
    Rule(r"(^| )(ن?می) ", r"\1\2‌", needs=("می ",),
         gate=r"می (?:(?<=^می )|(?<= می )|(?<=^نمی )|(?<= نمی ))"),
    Rule(rf"(?<=[^\n\d {_PUNC_AFTER}{_PUNC_BEFORE}]{{2}}) (تر(ین?)?|گری?|های?)"
         rf"(?=[ \n{_PUNC_AFTER}{_PUNC_BEFORE}]|$)", r"‌\1",
         rf" (?<=[^\n\d {_PUNC_AFTER}{_PUNC_BEFORE}]{{2}} )(تر(ین?)?|گری?|های?)"
         rf"(?=[ \n{_PUNC_AFTER}{_PUNC_BEFORE}]|$)", r"‌\1", needs=(" تر", " گر", " ها"),
         gate=rf" (?:تر(?:ین?)?|گری?|های?)(?=[ \n{_PUNC_AFTER}{_PUNC_BEFORE}]|$)"),
    Rule(rf"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n{_PUNC_AFTER}]|$)", r"\1‌\2",
         rf"ه (?<=[^ ]ه )(ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n{_PUNC_AFTER}]|$)", r"ه‌\1",
         needs=("ه ا",)),
    Rule(r"(ه)(ها)", r"\1‌\2", needs=("هها",)),
)


_Compiled = tuple[tuple[tuple[re.Pattern[str], str, str], ...], tuple[str, ...],
                  "re.Pattern[str] | None"]


def _compile(rules: tuple[Rule, ...]) -> list[_Compiled]:
    """Each rule as its compiled ``(pattern, repl, needed substring or "")`` steps, ``needs``
    and compiled ``gate``."""
    return [(tuple((re.compile(pattern), repl, need) for (pattern, repl), need
                   in zip(rule.steps(), rule.step_needs or ("",) * len(rule.steps()),
                          strict=True)),
             rule.needs, None if rule.gate is None else re.compile(rule.gate)) for rule in rules]


#: rules 4-7 of :data:`EXTRA_SPACE` in one pass: a ZWNJ before or after a space, or at the
#: edge of a word (a word character on one side only, the start and end of the text counting as
#: no word character) is removed. Rule 3 runs before it and leaves no run of ZWNJs, so every
#: ZWNJ has two neighbours that are not ZWNJs and no removal changes another ZWNJ's
#: neighbours: the four rules one after the other remove exactly the ZWNJs each finds in the
#: text they start from (``tests/test_spacing_fast.py`` checks the whole of
#: :func:`_extra_space` against hazm's rules). _extra_space of fars-news: 34 -> 18 ms (3.11 and 3.12).
ZWNJ_EDGES = Rule(r"\u200c(?:(?= )|(?<= \u200c)|(?<=\w\u200c)(?!\w)|(?<!\w\u200c)(?=\w))", "",
                  needs=("\u200c",))
_EXTRA_SPACE = _compile((*EXTRA_SPACE[1:4], ZWNJ_EDGES, *EXTRA_SPACE[8:]))
_PUNCTUATION_SPACING = _compile(PUNCTUATION_SPACING)
_AFFIX_SPACING = _compile(AFFIX_SPACING)
_EDGE_SPACES = re.compile(EXTRA_SPACE[0].pattern)
#: a word that starts with ``می``/``نمی`` (hazm 0.12's pattern)
MI_WORD = rf"\bن?می[{_LETTERS}]+"
#: the same words without their ``ن``, found from the literal ``می`` (which ``re`` finds fast):
#: ``می`` at a word start, or after a ``ن`` at a word start
_MI_WORD = re.compile(rf"می(?:(?<=\bمی)|(?<=\bنمی))[{_LETTERS}]+")


def _replace(patterns: list[_Compiled], text: str) -> str:
    for steps, needs, gate in patterns:
        for part in needs:  # skipped unless one of the needed substrings occurs
            if part in text:
                break
        else:
            if needs:
                continue
        if gate is None or gate.search(text):
            for pattern, repl, need in steps:
                if need in text:  # "" is in every text
                    text = pattern.sub(repl, text)
    return text


def _extra_space(text: str) -> str:
    if text.startswith(" ") or text.endswith((" ", " \n")):  # `$` also matches before a final \n
        text = _EDGE_SPACES.sub("", text)
    return _replace(_EXTRA_SPACE, text)


#: hazm's ``WordTokenizer.pattern`` (the same in hazm 0.10 and 0.12): the tokenizer puts spaces
#: around its matches and splits at spaces
HAZM_WORD_PATTERN = r'([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\])'
#: the same matches, found about twice as fast: a lookahead for the first characters the
#: alternatives can start with lets ``re`` skip ahead to them (a group first defeats that)
_FAST_WORD_PATTERN = re.compile(r'(?=[؟!?\d.:،؛»\])}"«\[({/\\])' + HAZM_WORD_PATTERN)


def bmp_class(test: Callable[[str], bool]) -> str:
    """The characters of the Basic Multilingual Plane (U+0000-U+FFFF) for which ``test`` is
    true, written as the inside of a regular-expression character class (ranges, escaped).

    ``re`` tests a class of characters below U+10000 with one bitmap look-up, but a category
    such as ``\\d``, ``\\s`` or ``\\S`` character by character, so a pattern that starts with
    the class scans a text about twice as fast."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if test(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if a < b else "")
                   for a, b in ranges)


#: :data:`_FAST_WORD_PATTERN` with ``\d`` written out as the Basic Multilingual Plane's digits:
#: the same matches in a text without characters beyond U+FFFF, found faster (``re`` tests a
#: class of characters below U+10000 with one bitmap look-up, but a category such as ``\d``
#: character by character: 49 -> 31 ms a pass over the normalised fars-news)
_BMP_WORD_PATTERN = re.compile(_FAST_WORD_PATTERN.pattern.replace(r"\d", bmp_class(str.isdecimal)))
#: the options of hazm's WordTokenizer that do more than space its pattern's matches and split
WORD_TOKENIZER_EXTRAS = ("separate_emoji", "replace_emails", "replace_links", "replace_ids",
                         "replace_hashtags", "replace_numbers", "_join_abbreviation",
                         "_join_verb_parts")


def word_pattern(tokenizer: Any) -> re.Pattern[str] | None:
    """The pattern around whose matches ``tokenizer.tokenize`` puts spaces before it splits at
    spaces (a faster equivalent of hazm's), or None when the tokenizer does more than that (one
    of ``WORD_TOKENIZER_EXTRAS`` is on: call its ``tokenize``)."""
    if any(getattr(tokenizer, extra, False) for extra in WORD_TOKENIZER_EXTRAS):
        return None
    pattern = tokenizer.pattern
    if pattern.pattern == HAZM_WORD_PATTERN and pattern.flags == _FAST_WORD_PATTERN.flags:
        return _FAST_WORD_PATTERN
    return pattern


def space_matches(pattern: re.Pattern[str]) -> Callable[[str], str]:
    """A function giving ``pattern.sub(r" \\1 ", text)``: a space on either side of every match
    of ``pattern`` (what hazm's ``WordTokenizer.tokenize`` does before it splits at spaces).

    For :data:`_FAST_WORD_PATTERN` (whose one group is the whole match, never empty) it is
    ``" ".join(pattern.split(text))``: ``split`` gives the text before, between and after the
    matches with each match in its place, and the join puts one space between the pieces: the
    same string, with no Python call per match (``re.sub`` expands a template in Python for
    every match on Python 3.11). Measured on the normalised text of fars-news (58,589 matches in
    3.05 M characters), best of 5: 75 -> 42 ms on Python 3.11, 55 -> 40 ms on 3.12. A text
    without characters beyond U+FFFF (checked by its UTF-16 length, 2 ms for fars-news) is split
    with :data:`_BMP_WORD_PATTERN` (49 -> 31 ms a pass)."""
    if pattern is _FAST_WORD_PATTERN:
        split, bmp_split, join = pattern.split, _BMP_WORD_PATTERN.split, " ".join

        def space(text: str) -> str:
            # every character is in the Basic Multilingual Plane when UTF-16 takes two bytes a
            # character (a lone surrogate, not a character, is written as two bytes too)
            if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
                return join(bmp_split(text))
            return join(split(text))

        return space
    return functools.partial(pattern.sub, r" \1 ")


@functools.lru_cache(maxsize=2)
def word_tokenizer(join_verb_parts: bool = False) -> Any:
    """The one shared ``hazm.WordTokenizer`` for a ``join_verb_parts`` setting (slow to build),
    used by spacing here and by :mod:`toolkit.preparation`."""
    import hazm

    return hazm.WordTokenizer(join_verb_parts=join_verb_parts)


@functools.cache
def _lexicon() -> tuple[Any, dict[str, Any], frozenset[str]]:
    """hazm's word tokenizer, word list and verb forms (without joined verb parts), built once."""
    import hazm

    tokenizer = word_tokenizer(False)
    verbs = frozenset(hazm.Lemmatizer(joined_verb_parts=False).verbs)
    return tokenizer, tokenizer.words, verbs


@functools.cache
def _joinable() -> dict[str, frozenset[str]]:
    """Every token that can be the second part of a join -> the first parts it joins (a verb
    form or a word of the lexicon with a frequency is first + ZWNJ + second, at any of its
    ZWNJs); the :data:`ATTACHED` suffixes are keys too (they join any known word)."""
    _, words, verbs = _lexicon()
    firsts: dict[str, set[str]] = {suffix: set() for suffix in ATTACHED}
    for word in (*(w for w, entry in words.items() if entry[0] > 0), *verbs):
        at = word.find(ZWNJ)
        while at >= 0:
            firsts.setdefault(word[at + 1:], set()).add(word[:at])
            at = word.find(ZWNJ, at + 1)
    return {second: frozenset(first) for second, first in firsts.items()}


@functools.cache
def _seconds() -> frozenset[str]:
    """The keys of :func:`_joinable` (every token that can join the one before it) as a set:
    :func:`token_spacing` looks every token up, and most are not there; a set answers that with
    one memory access fewer than a dict (the tokenize of fars-news took about 20 ms less CPU on
    Python 3.12, same process, runs in alternation)."""
    return frozenset(_joinable())


def token_spacing(tokens: list[str]) -> list[str]:
    """Join a token to the one before it with a ZWNJ when the pair is a known verb form or a
    frequent word of hazm's lexicon, or when it is a suffix (:data:`ATTACHED`) after a known word
    (hazm 0.12 ``Normalizer.token_spacing``, with three more suffixes).

    Returns a new list. Only the tokens that may join the token before them are looked at (a
    first part of theirs in :func:`_joinable`, or a suffix), and the one after every join (the
    token before it is then the joined pair); the runs between them are copied as they are."""
    _, words, verbs = _lexicon()
    joinable, seconds = _joinable(), _seconds()
    candidates = [t for t, before, token in zip(count(1), tokens, islice(tokens, 1, None))
                  if token in seconds and (token in ATTACHED or before in joinable[token])]
    if not candidates:
        return list(tokens)
    result: list[str] = []
    copied = 0  # tokens[:copied] are in result
    last = len(tokens) - 1
    k, after_join = 0, -1
    while True:
        if after_join >= 0 and (k == len(candidates) or after_join < candidates[k]):
            t = after_join
        elif k < len(candidates):
            t, k = candidates[k], k + 1
        else:
            break
        after_join = -1
        result += tokens[copied:t]
        copied = t + 1
        token, before = tokens[t], result[-1]
        if before in joinable[token]:  # before + ZWNJ + token is a verb form or a known word
            joined = not (t < last and f"{token}_{tokens[t + 1]}" in verbs)
        else:
            joined = token in ATTACHED and before in words
        if joined:
            result[-1] = before + ZWNJ + token
            if t < last and tokens[t + 1] in joinable:
                after_join = t + 1
        else:
            result.append(token)
    result += tokens[copied:]
    return result


@functools.cache
def _line_tokenizer() -> Any:
    """``tokenize`` of the lexicon's hazm ``WordTokenizer`` for one line (no ``"\\n"``): its
    pattern's matches spaced, tabs made spaces, split at spaces, as hazm does."""
    tokenizer = _lexicon()[0]
    pattern = word_pattern(tokenizer)
    if pattern is None:
        return tokenizer.tokenize
    space = space_matches(pattern)

    def tokenize(line: str) -> list[str]:
        return list(filter(None, space(line.replace("\t", " ")).split(" ")))

    return tokenize


@functools.cache
def _punctuation_spacing() -> list[_Compiled]:
    """The punctuation rules, without the last two (a space between a digit and a letter) when
    the word pattern is hazm's: it spaces every run of digits, and no rule before those two
    removes a space or a mark between a digit and a letter, so they cannot match (a property test
    checks that they change nothing in what :func:`correct_spacing` gives)."""
    if word_pattern(_lexicon()[0]) is _FAST_WORD_PATTERN:
        return _PUNCTUATION_SPACING[:-2]
    return _PUNCTUATION_SPACING


def correct_spacing(text: str) -> str:
    """hazm 0.12's ``Normalizer.correct_spacing``: spaces, ZWNJs, affixes and punctuation."""
    tokenize = _line_tokenizer()
    text = _extra_space(text)
    lines = [line if not line.strip() else " ".join(token_spacing(tokenize(line)))
             for line in text.split("\n")]
    text = _replace(_AFFIX_SPACING, "\n".join(lines))
    return _replace(_punctuation_spacing(), text)


def separate_mi(text: str) -> str:
    """hazm 0.12's ``Normalizer.seperate_mi``: a ZWNJ after a glued ``می``/``نمی`` only where the
    result is a known verb form (``میگفت`` -> ``می‌گفت``; ``میز`` stays)."""
    if "می" not in text:
        return text
    return _MI_WORD.sub(_spaced_mi, text)


@functools.cache
def _spaced_mi_word(negative: bool, word: str) -> str:
    """``word`` (``می...``, after a ``ن`` when ``negative``) with a ZWNJ after its ``می`` when
    that makes a known verb form, else ``word``."""
    spaced = f"می{ZWNJ}{word[2:]}"
    return spaced if ("ن" + spaced if negative else spaced) in _lexicon()[2] else word


def _spaced_mi(match: re.Match[str]) -> str:
    start = match.start()
    return _spaced_mi_word(start > 0 and match.string[start - 1] == "ن", match.group())
