"""One type per word: affixed words written glued, with a ZWNJ, a space or an NBSP become one type.

Persian writes the plural suffix ``ها`` (and its possessive forms) and the comparative and
superlative suffixes ``تر``/``ترین`` either glued to the stem (``آنها``, ``مهمترین``), after a
ZWNJ (``آن‌ها``, ``مهم‌ترین``), after a space or after an NBSP. Normalisation already joins the
space and NBSP spellings with a ZWNJ (:mod:`toolkit.spacing`); this module decides, per token,
when a glued spelling is the same word as the ZWNJ spelling, and returns the standard spelling of
the Academy of Persian Language and Literature (*Dastur-e Khatt-e Farsi*): the ZWNJ form.

The rule (:func:`fold_affix`), for a token written glued as stem + affix:

- the affix is one of :data:`AFFIXES` (``ها``, ``های``, ``هایی``, ``هایم`` ... ``هایشان``,
  ``تر``, ``ترین``), the longest that matches;
- the stem ends in a letter that joins to the left (after ``ا د ذ ر ز ژ و`` the glued and the
  ZWNJ spelling look the same, and the ZWNJ is removed: ``کشورها``);
- the glued token is not itself a dictionary word of hazm's lexicon (an entry of ``words.dat``
  with part-of-speech tags; the same file in hazm 0.10 and 0.12: ``تنها``, ``دفتر``, ``منتها``),
  and not one of :data:`GLUED_WORDS` (loanwords and names that merely end in these letters:
  ``فیلتر``, ``دکترین``, ``کارتر``);
- before the plural: a stem of three letters or more (``فعالیتها``, ``تکنولوژیهای``, any noun,
  known or not), or a two-letter stem that is a dictionary word (``آنها``; not the Arabic plurals
  ``فقها``, ``سفها``);
- before ``تر``/``ترین``: a stem that is a dictionary adjective or adverb (``مهم``, ``بزرگ``), an
  adjective in ``ی`` (``قدیمیتر``, ``اولیتر``), or a dictionary noun that is the second part of a
  compound adjective written apart: ``با شکوهتر`` (``باشکوه``), ``بی طرفتر`` (``بی‌طرف``); the
  compound, prefix (:data:`ADJECTIVE_PREFIXES`) + stem, is a dictionary adjective or adverb.

Then the token becomes stem + ZWNJ + affix. The Academy writes five comparatives glued
(:data:`GLUED_COMPARATIVES`: ``بهتر بیشتر کمتر کهتر مهتر`` and their ``ترین`` forms), so their
ZWNJ spelling is folded the other way; so is the ZWNJ spelling of a word of :data:`GLUED_WORDS`
(``سلام الله علی‌ها`` is the Arabic ``علیها`` 'upon her', not a plural of ``علی``).

**A glued form that is another word.** ``تنها`` 'alone, only' is a dictionary word, so it stays
``تنها``; ``تن‌ها`` 'bodies', written with its ZWNJ, stays ``تن‌ها``. A text that writes 'bodies'
glued (``تنها``) is counted under 'alone': no rule can tell the two apart without reading the
sentence. The same holds for ``منتها`` 'but' and ``دفتر`` 'notebook' (never ``دف‌تر``).

``tokenize(..., fold_affixes=False)`` turns this off for studies of spelling itself.
"""

from __future__ import annotations

import functools

from .spacing import ZWNJ

#: plural (with possessive) and comparative/superlative suffixes that are folded
AFFIXES = ("هایشان", "هایتان", "هایمان", "هایم", "هایت", "هایش", "هایی", "های", "ها",
           "ترین", "تر")
_COMPARATIVE = ("ترین", "تر")
#: letters that never join the following letter (a ZWNJ after them is invisible)
NON_JOINING = "اآأإدذرزژوؤءة"
#: comparatives the Academy writes glued (the ZWNJ spelling folds to these)
GLUED_COMPARATIVES = frozenset({"بهتر", "بیشتر", "کمتر", "کهتر", "مهتر",
                                "بهترین", "بیشترین", "کمترین", "کهترین", "مهترین"})
#: words that end in these letters but are not stem + affix, and are not (or not tagged) in
#: hazm's lexicon
GLUED_WORDS = frozenset({"فیلتر", "دکترین", "لوستر", "مستر", "میلیتر", "سنتر", "ویترین",
                         "کاترین", "پوستر", "کاراکتر", "اسکوتر", "روتر", "کنتر", "کارتر",
                         "جوپیتر", "اکستر", "باکستر", "دکستر",
                         # Arabic prepositions with the pronoun ها 'her, it'
                         "علیها", "الیها", "فیها", "عنها", "لدیها", "معها"})
#: prefixes that make a compound adjective of a noun (با شکوه, بی طرف, پر رنگ)
ADJECTIVE_PREFIXES = ("با", "بی", "بی" + ZWNJ, "پر")


@functools.cache
def _lexicon() -> dict[str, tuple[str, ...]]:
    """hazm's dictionary words (entries of ``words.dat`` with part-of-speech tags) -> tags."""
    from .spacing import _lexicon as spacing_lexicon

    untagged = ("0",)
    return {word: entry[1] for word, entry in spacing_lexicon()[1].items()
            if entry[1] != untagged}


def load() -> None:
    """Build the lexicon :func:`fold_affix` looks words up in (hazm's word list), once per
    process (otherwise the first affixed word builds it)."""
    _lexicon()


def _modifier(tags: tuple[str, ...]) -> bool:
    return "AJ" in tags or "ADV" in tags


def fold_affix(token: str) -> str:
    """The standard spelling of ``token`` when it is an affixed word (see the module docstring).

    ``"آنها"`` -> ``"آن‌ها"``, ``"مهمترین"`` -> ``"مهم‌ترین"``, ``"فعالیتهای"`` -> ``"فعالیت‌های"``,
    ``"شکوهتر"`` -> ``"شکوه‌تر"``, ``"بیش‌تر"`` -> ``"بیشتر"``; ``"تنها"``, ``"دفتر"``, ``"کشورها"`` are returned unchanged.
    """
    if not token.endswith(AFFIXES):  # most tokens: one test in C
        return token
    for affix in AFFIXES:
        if token.endswith(affix):
            stem = token[:-len(affix)]
            break
    else:
        return token
    if stem.endswith(ZWNJ):  # the ZWNJ spelling: only the Academy's glued comparatives change
        glued = stem[:-1] + affix
        return glued if glued in GLUED_COMPARATIVES or glued in GLUED_WORDS else token
    if len(stem) < 2 or stem[-1] in NON_JOINING:
        return token
    lexicon = _lexicon()
    if token in lexicon or token in GLUED_WORDS or token in GLUED_COMPARATIVES:
        return token
    tags = lexicon.get(stem, ())
    if affix in _COMPARATIVE:
        fold = (_modifier(tags) or stem.endswith("ی")
                or (bool(tags) and any(_modifier(lexicon.get(prefix + stem, ()))
                                      for prefix in ADJECTIVE_PREFIXES)))
    else:
        fold = len(stem) >= 3 or bool(tags)
    return stem + ZWNJ + affix if fold else token
