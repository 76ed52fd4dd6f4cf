"""Normalisation of Persian text: hazm's ``Normalizer`` plus the corrections its known faults need.

Presets (``normalize(..., preset=...)``):

- ``"standard"``: hazm's ``Normalizer`` with its defaults, wrapped in the corrections below;
- ``"light"``: characters only: Arabic yeh/kaf and other letter variants, Arabic presentation
  forms, the three digit systems (to Persian digits), diacritics (harakat), kashida, bidi/format
  controls, and NBSP used as a half-space (before a plural/comparative suffix or after the verb
  prefix ``می``/``نمی``) becomes ZWNJ; spacing is not touched otherwise;
- ``"none"``: the text unchanged.

Corrections applied around hazm (cases in ``../shared/cases/persian_cases.json``):

- bidi and format controls (U+200B, U+200E/F, U+202A-E, U+2060, U+2066-9, U+FEFF, soft hyphen
  U+00AD): between two letters they were typed as a half-space and become ZWNJ; elsewhere they are
  removed. U+2028/U+2029 (line/paragraph separator) become a newline (B09, B23). The zero-width
  joiner U+200D is removed everywhere: Persian letters join without it, so it only makes a
  word with a ZWJ at its edge look like the word without it while being another type;
- HTML entities are decoded and tags (``<br />``) become spaces (standard only);
- numbers: a decimal point (``4.2``, ``۱۲٫۵``) becomes the Persian decimal separator ``٫`` and a
  thousands separator (``1,000``, ``۱٬۰۰۰``, ``1'000``) the Persian ``٬``, without the spaces
  hazm puts around them (B05); digits become Persian digits (B13);
- dotted abbreviations (``ه.ق.``, ``آ.د.ک``, ``U.S.A.``), URLs and e-mail addresses are kept
  whole instead of being spaced at every dot (B03);
- ZWNJ: runs collapse to one; a ZWNJ at a word edge, or after a letter that never joins to the
  left (ا آ أ إ د ذ ر ز ژ و ؤ ء ة), is removed, so ``بندر‌ها`` and ``بندرها`` are one word (B01);
- a participle and an auxiliary verb are not glued into one word (``گفته شده`` stays two words,
  and a typed ``انجام‌شده`` becomes ``انجام شده``), case B08; ``می‌شود`` stays one word.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import regex

from . import spacing

if TYPE_CHECKING:
    from .corpus import Corpus

PRESETS = ("standard", "light", "none")
#: presets whose output holds no control characters (:func:`clean_controls` leaves it as it is)
#: and no private-use characters U+E000-U+E1FF (tests/test_spacing_fast.py checks both)
CLEAN_PRESETS = ("standard", "light")
#: a progress bar is shown from this many documents on (here and in tokenize)
PROGRESS_MIN_DOCS = 50

ZWNJ = "\u200c"
#: zero-width joiner: never meaningful in Persian text, removed by clean_controls
ZWJ = "\u200d"
#: letters that never join the following letter, so a ZWNJ after them is invisible (B01)
NON_JOINING = "اآأإدذرزژوؤءة"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_DIGITS = dict(zip("0123456789٠١٢٣٤٥٦٧٨٩", PERSIAN_DIGITS * 2, strict=True))
#: one letter for every encoding of the same written letter: Arabic yeh, alef maksura and kaf;
#: the heh forms (ae, heh goal, heh doachashmee); heh with yeh or hamza above (the ezafe ``ۀ``,
#: ``ۂ``) as plain heh, like ``ه`` + hamza above once diacritics are removed (C03); alef wasla
_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ہ": "ه", "ھ": "ه", "ۀ": "ه", "ۂ": "ه",
            "ۃ": "ة", "ٱ": "ا", "ـ": ""}
#: bidi marks (LRM, RLM, ALM U+061C), embeddings, overrides and isolates, zero-width space, word
#: joiner, BOM/ZWNBSP, soft hyphen, invisible operators, deprecated format characters and the
#: Mongolian vowel separator: never part of a word (C05)
FORMAT_CONTROLS = ("\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062"
                   "\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
                   "\ufeff\u00ad\u180e")
_DIACRITICS = "\u064b-\u065f\u0670\u06d6-\u06ed"


def _char_mapper(table: dict[str, str]) -> Callable[[str], str]:
    """A fast ``str.translate`` with ``table`` (character -> string).

    ``str.translate`` with a dict costs microseconds per character on non-ASCII text. When no
    replacement holds a character of the table, replacing one character after the other gives
    what ``translate`` gives, and ``str.replace`` is the fastest way: for a small table each
    character is looked for (``in``), for a large one a regex pass finds the characters present.
    Otherwise one regex pass replaces each character found."""
    pattern = re.compile("[" + re.escape("".join(table)) + "]")
    if not any(ch in new for new in table.values() for ch in table):
        items = tuple(table.items())

        def replace(text: str) -> str:
            for old, new in items:
                if old in text:
                    text = text.replace(old, new)
            return text

        def replace_found(text: str) -> str:
            for old in set(pattern.findall(text)):
                text = text.replace(old, table[old])
            return text

        return replace if len(table) <= 32 else replace_found

    def apply(text: str) -> str:
        return pattern.sub(lambda m: table[m.group()], text)

    return apply


persian_digits = _char_mapper(_DIGITS)
fold_letters = _char_mapper(_LETTERS)

_CONTROL_BETWEEN_LETTERS = re.compile(rf"(?<=\w)[{FORMAT_CONTROLS}{ZWNJ}]+(?=\w)")
#: C0 and C1 control characters that are not white space (NUL, ESC, DEL, ...): never text
CONTROL_CHARACTERS = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_ANY_CONTROL = re.compile(f"[{FORMAT_CONTROLS}{ZWJ}\u2028\u2029{CONTROL_CHARACTERS}]")
_CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CHARACTERS}]+")
#: a ZWJ that does not join two parts of an emoji ZWJ sequence (👨‍👩‍👧 keeps its joiners)
_ZWJ_OUTSIDE_EMOJI = regex.compile(
    r"(?<![\p{Extended_Pictographic}\uFE0F\p{Emoji_Modifier}])\u200d|\u200d(?!\p{Extended_Pictographic})")
#: one emoji: a grapheme cluster (``\X``) that starts with a pictograph, a regional indicator
#: (flags) or a keycap; skin tones, variation selectors, ZWJ sequences and tags stay inside it
EMOJI = regex.compile(r"(?=[\p{Extended_Pictographic}\p{Regional_Indicator}]|[#*0-9]\uFE0F?\u20E3)\X")
#: a superset of the characters an :data:`EMOJI` match needs (every Extended_Pictographic and
#: Regional_Indicator character and the keycap U+20E3 lie in these ranges): a text without any
#: holds no emoji, and ``re`` finds that ten times faster than the ``\X`` pass would
_MAYBE_EMOJI = re.compile("[\u00a9\u00ae\u203c-\u3299\U0001f000-\U0010ffff]")
_CONTROLS = re.compile(f"[{FORMAT_CONTROLS}]+")
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_DIACRITICS_RE = re.compile(f"[{_DIACRITICS}]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_PRIVATE_USE = re.compile("[\ue000-\ue1ff]")
#: every character that clean_controls, the presentation forms, the private-use clean-up or the
#: emoji pass look for: a text without any skips all four in one pass
_RARE = re.compile("[" + "".join(p.pattern[1:-1] for p in (
    _ANY_CONTROL, _PRESENTATION_FORMS, _PRIVATE_USE, _MAYBE_EMOJI)) + "]")

# The patterns below start with a character class and check the character before it with a
# lookbehind placed after it ("D(?<![\w.]D)" = a digit not preceded by a word character or a dot):
# the same match as a leading lookbehind, but re can skip ahead to the class (25x faster).
_DIGIT = r"[0-9٠-٩۰-۹]"
_D = _DIGIT
#: a number with decimal/thousands separators; groups after a ',' / '٬' / "'" have three digits
_NUMBER = re.compile(
    rf"{_D}(?<![\w.]{_D}){_D}{{0,2}}(?:[,٬']{_D}{{3}})+(?:[.٫]{_D}+)?(?![\w٫٬]|[.,]\d)"
    rf"|{_D}(?<![\w.٫]{_D}){_D}*[.٫]{_D}+(?![\w.٫]|[,]\d)"
)
#: a date or time written with / - . or : between digit groups (kept whole, digits made Persian)
_DATE = re.compile(
    rf"{_D}(?<![\w.٫/-]{_D}){_D}{{0,3}}(?P<sep>[/.-]){_D}{{1,2}}(?P=sep){_D}{{1,4}}(?![\w.٫/-])"
    rf"|{_D}(?<![\w.٫/]{_D}){_D}{{0,3}}/{_D}{{1,4}}(?![\w.٫/])")
_L = r"[^\W\d_]"
_ABBREVIATION = re.compile(rf"{_L}(?<![\w.]{_L})\.(?:{_L}\.)*{_L}(?:\.(?!\w))?(?!\w)")
#: the first dot of every :data:`_ABBREVIATION` match (a one-letter word, a dot, a letter): found
#: from the literal dot, so a text is searched 100 times faster than by the abbreviation pattern,
#: which is run only where this finds a place (in 9 of the 1,500 fars-news texts)
_ABBREVIATION_DOT = re.compile(rf"\.(?<=(?<![\w.]){_L}\.){_L}")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,،؛:!?)\]]")
_EMAIL = re.compile(r"[\w.+-](?<![\w.+-][\w.+-])[\w.+-]*@[\w-]+(?:\.[\w-]+)+")
#: a hashtag or a mention (``#ایران_قوی``, ``@user_1``): starts with a letter, kept whole
_HANDLE = re.compile(r"[#@](?<![\w@#.][#@])[^\W\d_](?:[\w\u200c]*\w)?")
_NUMBER_OR_DATE = re.compile(f"{_NUMBER.pattern}|{_DATE.pattern}")
_PLACEHOLDER = re.compile("\ue000([\ue100-\ue1ff]+)\ue001")

_AFFIX_NBSP = re.compile(
    r"(?<![^\W\d_])(ن?می)\u00a0(?=\w)"
    r"|(?<=\w)\u00a0(?=(?:ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان|تر|ترین|ای|ام|اید|ایم)(?!\w))"
)
#: auxiliary verbs of compound tenses and passives (شدن, بودن, استن, گردیدن)
AUXILIARIES = (
    "شد", "شدم", "شدی", "شدیم", "شدید", "شدند", "شده", "شدن", "شود", "شوم", "شوی", "شویم", "شوید",
    "شوند", "بود", "بودم", "بودی", "بودیم", "بودید", "بودند", "بوده", "باشد", "باشم", "باشی",
    "باشیم", "باشید", "باشند", "است", "هست", "نیست", "گردید", "گردیده", "گردد", "گردند", "گردیدند",
)
_AUX_JOIN = re.compile(f"{ZWNJ}(?=(?:{'|'.join(AUXILIARIES)})(?![\\w{ZWNJ}]))")
_MI_BEFORE = re.compile(r"(?:^|[\s\u200c])ن?می$")
_ZWNJ_RUN = re.compile(f"{ZWNJ}{{2,}}")
_ZWNJ_EDGE = re.compile(rf"{ZWNJ}(?:(?<!\w{ZWNJ})|(?!\w))")
_ZWNJ_AFTER_NON_JOINING = re.compile(f"{ZWNJ}(?<=[{NON_JOINING}]{ZWNJ})")


def clean_controls(text: str) -> str:
    """Bidi/format controls between letters become ZWNJ, the rest are removed (B09, B23, C05);
    control characters that are not white space (NUL, ESC, DEL, C1) are removed.

    The zero-width joiner is removed everywhere except inside an emoji ZWJ sequence (before the
    rule above, so ``ZWJ ZWNJ`` between letters is one ZWNJ). U+2028/U+2029 become ``"\\n"``.
    Returns a new string; shape and units unchanged otherwise.
    """
    if not _ANY_CONTROL.search(text):
        return text
    text = _CONTROL_CHARACTERS.sub("", text)
    if ZWJ in text:
        text = _ZWJ_OUTSIDE_EMOJI.sub("", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _CONTROL_BETWEEN_LETTERS.sub(ZWNJ, text)
    return _CONTROLS.sub("", text)


def clean_zwnj(text: str) -> str:
    """Collapse ZWNJ runs and drop a ZWNJ at a word edge or after a non-joining letter (B01, B09)."""
    if ZWNJ + ZWNJ in text:
        text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _ZWNJ_EDGE.sub("", text)
    return _ZWNJ_AFTER_NON_JOINING.sub("", text)


def split_auxiliaries(text: str) -> str:
    """Undo a ZWNJ join of a participle and an auxiliary (``گفته‌شده`` -> ``گفته شده``, B08).

    hazm's spacing joins pairs found in its lexicon (``گفته شده`` -> ``گفته‌شده``), creating words
    that do not occur in the text and splitting one verb form over two spellings. The verb prefix
    stays joined: ``می‌شود`` is kept.
    """

    def space(match: re.Match[str]) -> str:
        start = match.start()
        return ZWNJ if _MI_BEFORE.search(text[max(0, start - 4):start]) else " "

    return _AUX_JOIN.sub(space, text)


def canonical_number(number: str) -> str:
    """One spelling of a number: Persian digits, ``٫`` as decimal and ``٬`` as thousands separator.

    ``"4.2"``, ``"۴٫۲"`` and ``"٤.٢"`` all give ``"۴٫۲"``; ``"1,000"`` gives ``"۱٬۰۰۰"`` (B05, B13).
    """
    return persian_digits(number).replace(".", "٫").replace(",", "٬").replace("'", "٬")


def _fold_characters(text: str) -> str:
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = fold_letters(text)
    return _DIACRITICS_RE.sub("", text)


def _canonical_span(span: str) -> str:
    if _NUMBER.fullmatch(span):
        return canonical_number(span)
    if _LINK.fullmatch(span) or _EMAIL.fullmatch(span):
        return span
    if _HANDLE.fullmatch(span):
        return _fold_characters(span)
    if _DATE.fullmatch(span):
        return persian_digits(span)
    return _fold_characters(span)


def protect(text: str, canonical: bool = True, separate_emoji: bool = False, *,
            private_use: bool = True, emoji: bool = True) -> tuple[str, list[str]]:
    """Replace emoji, numbers with separators, dates, dotted abbreviations, URLs, e-mails,
    hashtags and mentions by placeholders.

    The placeholders are private-use characters that hazm's normaliser and tokenisers keep as
    one word; :func:`restore` puts the spans back, in their canonical spelling (Persian digits,
    ``٫``/``٬`` separators, Persian letters) when ``canonical`` is true, else as written. An emoji
    (:data:`EMOJI`, one grapheme cluster) is held whole; with ``separate_emoji`` its placeholder
    stands between spaces, so that it is a token of its own (``بود😍`` -> ``بود``, ``😍``; C02).
    Private-use characters U+E000-U+E1FF (the placeholders' own) are removed first; pass
    ``private_use=False`` for a text known to hold none (the output of :func:`normalizer`'s
    standard and light presets), and ``emoji=False`` for a text known to hold no emoji.
    Returns ``(text, spans)``.
    """
    spans: list[str] = []

    def hold(match: Any) -> str:
        spans.append(_canonical_span(match.group()) if canonical else match.group())
        return _placeholder(len(spans) - 1)

    def hold_emoji(match: Any) -> str:
        spans.append(match.group())
        held = _placeholder(len(spans) - 1)
        return f" {held} " if separate_emoji else held

    if private_use:
        text = _PRIVATE_USE.sub("", text)
    if emoji and not text.isascii() and _MAYBE_EMOJI.search(text):
        text = EMOJI.sub(hold_emoji, text)
    # one pass per kind, each only when its marker occurs (URLs first: they hold digits and dots)
    if "://" in text or "www." in text:
        text = _LINK.sub(hold, text)
    if "@" in text:
        text = _EMAIL.sub(hold, text)
    if "#" in text or "@" in text:
        text = _HANDLE.sub(hold, text)
    text = _NUMBER_OR_DATE.sub(hold, text)
    if _ABBREVIATION_DOT.search(text):
        text = _ABBREVIATION.sub(hold, text)
    return text, spans


def _placeholder(index: int) -> str:
    digits = ""
    while True:
        index, rest = divmod(index, 256)
        digits = chr(0xE100 + rest) + digits
        if index == 0:
            return f"\ue000{digits}\ue001"


def restore(text: str, spans: list[str]) -> str:
    """Put back the spans :func:`protect` held (works on a whole text or on a single token)."""
    if not spans:
        return text

    def back(match: re.Match[str]) -> str:
        index = 0
        for ch in match.group(1):
            index = index * 256 + ord(ch) - 0xE100
        return spans[index]

    return _PLACEHOLDER.sub(back, text)


def _light(text: str) -> str:
    text = clean_controls(text)
    text = _AFFIX_NBSP.sub(lambda m: f"{m.group(1)}{ZWNJ}" if m.group(1) else ZWNJ, text)
    text = text.replace("\u00a0", " ")
    text, spans = protect(text)
    text = persian_digits(_fold_characters(text))
    return clean_zwnj(restore(text, spans))


HAZM_FLAGS = {"correct_spacing": True, "remove_diacritics": True, "remove_specials_chars": True,
              "decrease_repeated_chars": True, "persian_style": True, "persian_numbers": True,
              "unicodes_replacement": True, "seperate_mi": True}
#: hazm's ``persian_style`` rules (the same in hazm 0.10 and 0.12: quotes to guillemets, a dot
#: between digits to the Persian decimal separator, three dots to an ellipsis), each with a
#: gate: a pattern that starts with a literal (found fast) and matches wherever the rule can
PERSIAN_STYLE = ((r'"([^\n"]+)"', r"«\1»", '"'),
                 (r"([\d+])\.([\d+])", r"\1٫\2", r"\.(?<=[\d+]\.)[\d+]"),
                 (r" ?\.\.\.", " …", r"\.\.\."))
_PERSIAN_STYLE = [(re.compile(pattern), repl, re.compile(gate))
                  for pattern, repl, gate in PERSIAN_STYLE]
#: the characters hazm's ``remove_diacritics`` deletes: its pattern is a class of these eight
#: harakat (fathatan to sukun) in hazm 0.10 and 0.12 (a test checks it on every character)
DIACRITIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
_REPEATED = re.compile(r"([آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])\1\1")
#: any character (a line break too) three times in a row: found faster than a letter three
#: times (``_REPEATED``), and rare, so it gates that search (:func:`_thrice`)
_ANY_REPEATED = re.compile(r"(.)\1\1", re.S)


def _thrice(text: str) -> bool:
    """True when a character (a line break too) occurs three times in a row, as
    :data:`_ANY_REPEATED` finds. For a long text numpy compares the code points (7 against
    19 ms for the normalised fars-news, where 67 of 1,500 texts hold one); a short one is
    searched by ``re`` (numpy costs microseconds a call)."""
    if len(text) < 1000:
        return _ANY_REPEATED.search(text) is not None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return bool(((codes[2:] == codes[1:-1]) & (codes[1:-1] == codes[:-2])).any())


#: hazm's ``unicodes_replacement`` table (``Normalizer.replacements`` in hazm 0.10,
#: ``constants.UNICODE_REPLACEMENTS`` in 0.12): a ligature of a word or phrase -> its letters.
#: hazm 0.10 applies each entry with ``re.sub``; hazm 0.12 with ``str.replace``, so its two entries
#: written as alternatives (``(ﷰ|ﷹ)`` and the eight lam-alef ligatures ``ﻵ|ﻶ|...``) never match
#: there. The toolkit owns the rule: every character of the table is replaced, on both versions
UNICODE_REPLACEMENTS = {
    "\ufdfd": "بسم الله الرحمن الرحیم", "\ufdfc": "ریال", "\ufdf0": "صلی", "\ufdf9": "صلی",
    "\ufdf2": "الله", "\ufdf3": "اکبر", "\ufdf4": "محمد", "\ufdf5": "صلعم", "\ufdf6": "رسول",
    "\ufdf7": "علیه", "\ufdf8": "وسلم",
    **dict.fromkeys("\ufef5\ufef6\ufef7\ufef8\ufef9\ufefa\ufefb\ufefc", "لا"),
}


def unicodes_replacement(text: str) -> str:
    """hazm's ``unicodes_replacement`` with every entry of :data:`UNICODE_REPLACEMENTS` applied
    (``"﷼"`` -> ``"ریال"``, ``"ﻻ"`` -> ``"لا"``), the same on hazm 0.10 and 0.12: a
    ``str.replace`` for each character that occurs (no replacement holds one of them, so the
    order does not matter)."""
    for old, new in UNICODE_REPLACEMENTS.items():
        if old in text:
            text = text.replace(old, new)
    return text


class HazmNormalizer:
    """``hazm.Normalizer(**flags).normalize`` with the same steps in the same order, faster.

    hazm maps characters with ``str.translate`` and a dict (its two slowest steps on Persian
    text); here the same tables (read from hazm) are applied by :func:`_char_mapper`, and
    ``decrease_repeated_chars`` only runs when a letter occurs three times in a row and
    ``remove_diacritics`` when a diacritic occurs (otherwise they cannot match).
    ``correct_spacing`` and ``seperate_mi``, two steps on which hazm 0.10 and 0.12 disagree,
    are the toolkit's own port of hazm 0.12's rules (:mod:`toolkit.spacing`), so both stacks
    give hazm 0.12's output; on the third, ``unicodes_replacement``, hazm 0.12 skips ten
    ligatures of its own table, and :func:`unicodes_replacement` replaces them all (hazm 0.10's
    output). Every other step is the hazm instance's own method.
    """

    def __init__(self, **flags: Any) -> None:
        import hazm

        unknown = set(flags) - set(HAZM_FLAGS)
        if unknown:
            raise ValueError(f"unknown hazm Normalizer flags {sorted(unknown)}; known: "
                             f"{sorted(HAZM_FLAGS)}")
        self.flags = {**HAZM_FLAGS, **flags}
        self.hazm = hazm.Normalizer(**flags)
        try:  # hazm 0.12 keeps the tables in hazm.constants, 0.10 on the instance
            from hazm.constants import NUMBERS_DST, NUMBERS_SRC, TRANSLATION_DST, TRANSLATION_SRC
        except ImportError:
            TRANSLATION_SRC, TRANSLATION_DST = self.hazm.translation_src, self.hazm.translation_dst
            NUMBERS_SRC = getattr(self.hazm, "number_translation_src", "0123456789%٠١٢٣٤٥٦٧٨٩")
            NUMBERS_DST = getattr(self.hazm, "number_translation_dst", "۰۱۲۳۴۵۶۷۸۹٪۰۱۲۳۴۵۶۷۸۹")
        self._characters = _char_mapper(dict(zip(TRANSLATION_SRC, TRANSLATION_DST, strict=False)))
        numbers = _char_mapper(dict(zip(NUMBERS_SRC, NUMBERS_DST, strict=False)))
        h = self.hazm
        order = (("persian_style", self._persian_style), ("persian_numbers", numbers),
                 ("remove_diacritics", self._remove_diacritics),
                 ("correct_spacing", spacing.correct_spacing),
                 ("unicodes_replacement", unicodes_replacement),
                 ("remove_specials_chars", h.remove_specials_chars),
                 ("decrease_repeated_chars", self._decrease_repeated_chars),
                 ("seperate_mi", spacing.separate_mi))
        self._steps = [step for flag, step in order if self.flags[flag]]

    def _persian_style(self, text: str) -> str:
        """hazm's ``persian_style`` (``PERSIAN_STYLE``), each rule run only when its gate finds
        a place where it can match."""
        for pattern, repl, gate in _PERSIAN_STYLE:
            if gate.search(text):
                text = pattern.sub(repl, text)
        return text

    def _remove_diacritics(self, text: str) -> str:
        """hazm's ``remove_diacritics``, run only when one of :data:`DIACRITIC_MARKS` (the
        characters its pattern matches) occurs: eight searches for one character each take
        about 2 ms for fars-news, hazm's pattern 9-16 ms."""
        for mark in DIACRITIC_MARKS:
            if mark in text:
                return self.hazm.remove_diacritics(text)
        return text

    def _decrease_repeated_chars(self, text: str) -> str:
        if _thrice(text) and _REPEATED.search(text):
            return self.hazm.decrease_repeated_chars(text)
        return text

    def normalize(self, text: str) -> str:
        """Normalise ``text`` exactly as ``hazm.Normalizer(**flags).normalize`` does."""
        text = self._characters(text)
        for step in self._steps:
            text = step(text)
        return text


@functools.lru_cache(maxsize=16)
def hazm_normalizer(**flags: Any) -> HazmNormalizer:
    """One shared :class:`HazmNormalizer` per set of flags (built once, reused)."""
    return HazmNormalizer(**flags)


#: documents whose standard normalisation is remembered (a notebook or the report normalises the
#: same texts for diagnose() and for each tokenize() option set; hazm is the slow part)
MEMO_DOCUMENTS = 8192


def _standard(text: str, flags: tuple[tuple[str, Any], ...]) -> str:
    normalizer = hazm_normalizer(**dict(flags))
    rare = _RARE.search(text) is not None  # most texts hold none: four passes skipped
    if rare:
        text = clean_controls(text)
    if "<" in text or "&" in text:  # an entity may stand for a control (&lrm;, &zwj;)
        text = clean_controls(_HTML_TAG.sub(" ", html.unescape(text)))
        rare = _RARE.search(text) is not None
    if rare:
        text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text, spans = protect(fold_letters(text), private_use=rare, emoji=rare)
    text = normalizer.normalize(text)
    text = fold_letters(text.replace("\u00a0", " "))
    return split_auxiliaries(clean_zwnj(restore(text, spans)))


_standard_memo = functools.lru_cache(maxsize=MEMO_DOCUMENTS)(_standard)


def normalizer(preset: str = "standard", *, memo: bool = True, **hazm_flags: Any
               ) -> Callable[[str], str]:
    """The string -> string function of a preset (``hazm_flags`` go to ``hazm.Normalizer``).

    ``memo``: remember the last :data:`MEMO_DOCUMENTS` results of ``standard`` (turn off for
    many short strings, such as every type of a vocabulary, so they do not push documents out).
    Raises ``ValueError`` for an unknown preset or hazm flags with a preset other than standard.
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown normalisation preset {preset!r}; choose one of {PRESETS}")
    if hazm_flags and preset != "standard":
        raise ValueError(f"hazm flags {sorted(hazm_flags)} only apply to preset='standard'")
    if preset == "none":
        return str
    if preset == "light":
        return _light
    flags = tuple(sorted(hazm_flags.items()))
    hazm_normalizer(**dict(flags))  # fail early on a misspelt flag
    return functools.partial(_standard_memo if memo else _standard, flags=flags)


@overload
def normalize(corpus_or_str: str, preset: str = ..., **hazm_flags: Any) -> str: ...
@overload
def normalize(corpus_or_str: Corpus, preset: str = ..., **hazm_flags: Any) -> Corpus: ...
def normalize(corpus_or_str: str | Corpus, preset: str = "standard", **hazm_flags: Any
              ) -> str | Corpus:
    """Normalise a string or every document (``title`` and ``text``) of a :class:`Corpus`.

    A str gives a str; a Corpus gives a new Corpus (the original is not modified). ``preset`` is
    one of :data:`PRESETS` (see the module docstring); ``hazm_flags`` (e.g.
    ``correct_spacing=False``) are passed to ``hazm.Normalizer`` under ``standard``.
    """
    func = normalizer(preset, **hazm_flags)
    if isinstance(corpus_or_str, str):
        return func(corpus_or_str)
    from .corpus import Corpus

    if not isinstance(corpus_or_str, Corpus):
        raise TypeError(f"normalize() takes a str or a Corpus, not {type(corpus_or_str).__name__}")
    from tqdm.auto import tqdm

    docs = corpus_or_str.docs.copy()
    bar = tqdm(docs["text"], desc="normalize", unit="doc", disable=len(docs) < PROGRESS_MIN_DOCS)
    docs["text"] = [func(t) if isinstance(t, str) else t for t in bar]  # missing text stays missing
    docs["title"] = [func(t) if isinstance(t, str) else t for t in docs["title"]]
    return Corpus(docs, corpus_or_str.skipped.copy())
