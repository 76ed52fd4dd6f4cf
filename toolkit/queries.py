"""What every verb does with its input before it counts: the tokens and the words asked for.

**The input rule.** Every verb that counts (``frequency``, ``ngrams``, ``clusters``, ``tfidf``,
``keyness``, ``dispersion``, ``zipf``, ``vocabulary_growth``, ``lexical_diversity``, ``kwic``,
``cooccurrence``, ``collocates``, ``collocations``, ``explore``) takes :class:`~toolkit.Tokens`.
Given what :func:`toolkit.tokenize` accepts instead (a :class:`~toolkit.Corpus`, a DataFrame with
a ``text`` column, or with a text column under another usual name such as ``متن`` or ``body``
that :func:`toolkit.load_corpus` recognises, a str, a list of str), it tokenises it first with ``tokenize``'s defaults
(standard normalisation; punctuation dropped; stopwords and numbers kept); a reference corpus for :func:`toolkit.keyness` is tokenised with the options of the
target's tokens. Anything else (a frequency table, a list of token lists, a number) is a
``TypeError`` that names ``toolkit.tokenize``.

**Queries are prepared like the tokens.** A word, a phrase or a pattern is normalised with the
options the tokens were prepared with (``Tokens.options``): a word or a phrase goes through the
same preparation as a document (normalisation, the tokenizer, lemma or stem when the tokens have
them; stopwords are not removed from a query), so ``كتاب`` (Arabic kaf) finds ``کتاب``; the letters
between the wildcards of a glob pattern are normalised character by character (``light`` preset);
a regular expression gets Persian yeh and kaf only. Tokens built by hand (no options) are matched
as given. A query that matches nothing gives an empty result (zero counts) and a
:class:`NoMatchWarning` naming the query and its normalised form, in every verb.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .naming import outside_stacklevel
from .normalization import fold_letters, normalizer
from .tokens import WILDCARDS, Tokens

__all__ = ["EmptyCorpusWarning", "NoMatchWarning", "as_tokens", "prepare_pattern",
           "prepare_query", "warn_no_match"]

_WILDCARDS = WILDCARDS
#: options that only drop tokens: a query is never dropped, so they are not applied to it
_FILTERS = ("stopwords", "punctuation", "numbers")


def _preparation_options(options: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``Tokens.options`` that are preparation options (not ``ngram``)."""
    from .preparation import Options

    names = {f.name for f in dataclasses.fields(Options)}
    return {k: v for k, v in options.items() if k in names}


class NoMatchWarning(UserWarning):
    """A word or pattern asked for matches no token of the corpus."""


class EmptyCorpusWarning(UserWarning):
    """A corpus without documents was tokenised: every count will be empty."""


_QUIET: contextvars.ContextVar[tuple[type[Warning], ...]] = contextvars.ContextVar(
    "toolkit_quiet", default=())


@contextlib.contextmanager
def quiet(*categories: type[Warning]) -> Iterator[None]:
    """Inside the block the toolkit does not issue warnings of ``categories`` (for a caller that
    reports the condition itself, such as the explorer's status line). Unlike
    ``warnings.catch_warnings`` this touches no process-wide filter, so the user's filters and
    once-only warnings are left as they are; it holds for the current thread or task only."""
    token = _QUIET.set(_QUIET.get() + categories)
    try:
        yield
    finally:
        _QUIET.reset(token)


def warn(message: str, category: type[Warning], stacklevel: int | None = None) -> None:
    """``warnings.warn`` for the toolkit's own warnings: silent for a category :func:`quiet`
    holds; pointing at the user's call (the first frame outside the toolkit) by default."""
    if issubclass(category, _QUIET.get()):
        return
    warnings.warn(message, category, stacklevel=stacklevel or outside_stacklevel())


def _describe(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with the columns {', '.join(map(str, value.columns)) or '(none)'}"
    if isinstance(value, list | tuple) and value and isinstance(value[0], list | tuple):
        return "a list of lists (token lists?)"
    return f"a {type(value).__name__}"


def as_tokens(value: Any, verb: str, like: Tokens | None = None) -> Tokens:
    """``value`` as :class:`Tokens` under the input rule (module docstring): Tokens as they are;
    a Corpus, a DataFrame with a ``text`` column, a str or a list of str tokenised with
    :func:`toolkit.tokenize`'s defaults (or with the options of ``like``); anything else raises
    a ``TypeError`` naming ``verb`` and ``toolkit.tokenize``."""
    if isinstance(value, Tokens):
        return value
    from .corpus import Corpus, load_corpus
    from .loaders import Fields, field_roles
    from .preparation import tokenize

    if (isinstance(value, pd.DataFrame) and "text" not in value.columns and len(value)
            and not isinstance(field_roles(tuple(map(str, value.columns)), Fields()), str)):
        value = load_corpus(value)  # a text column under another usual name (متن, body, ...)
    text_table = isinstance(value, pd.DataFrame) and "text" in value.columns
    strings = (isinstance(value, str) or (isinstance(value, Sequence) and not isinstance(value, bytes)
               and all(isinstance(item, str) for item in value)))
    if not (isinstance(value, Corpus) or text_table or strings):
        raise TypeError(
            f"{verb}() counts Tokens: build them with tokens = toolkit.tokenize(corpus) (a Corpus, "
            "a DataFrame with a 'text' column, a str or a list of str are tokenised that way "
            f"automatically); got {_describe(value)}")
    return tokenize(value, **({} if like is None else _preparation_options(like.options)))


def _prepare_text(tokens: Tokens, text: str) -> list[str]:
    """``text`` prepared as the tokens' documents were (stopwords, punctuation and numbers
    kept), as a flat list of tokens."""
    from .preparation import make_options, prepare_document

    kept = {k: v for k, v in _preparation_options(tokens.options).items() if k not in _FILTERS}
    options = make_options(**kept, punctuation=True)
    return [t for sentence in prepare_document(text, options) for t in sentence]


def prepare_query(tokens: Tokens, query: str) -> str:
    """A word or phrase as the tokens spell it: prepared with ``tokens.options`` (see the module
    docstring), its tokens joined by one space. A query the tokens hold as given, or tokens
    without options, are returned unchanged."""
    query = str(query).strip()
    if not tokens.options or tokens.term_id(query) is not None:
        return query
    words = _prepare_text(tokens, query)
    if tokens.options.get("ngram"):
        return " ".join(words)
    return " ".join(words) if words else query


def prepare_pattern(tokens: Tokens, pattern: str, valuetype: str = "glob") -> str:
    """A glob pattern (``*``, ``?``, ``[...]``) with the letters between its wildcards normalised
    (``light`` preset), or a regular expression with Persian yeh and kaf; unchanged for tokens
    without options or ``normalize="none"``."""
    if not tokens.options or tokens.options.get("normalize", "standard") == "none":
        return pattern
    if valuetype == "regex":
        return fold_letters(pattern)
    light = normalizer("light")
    return "".join(piece if _WILDCARDS.fullmatch(piece) else light(piece)
                   for piece in _WILDCARDS.split(pattern))


def prepare_any(tokens: Tokens, query: str, valuetype: str = "glob") -> str:
    """A query as the tokens spell it: a glob pattern with wildcards or a regular expression by
    :func:`prepare_pattern`, a word or phrase by :func:`prepare_query`."""
    if valuetype == "regex" or (valuetype == "glob" and has_wildcard(query)):
        return prepare_pattern(tokens, query, valuetype)
    return prepare_query(tokens, query)


def match_query(tokens: Tokens, verb: str, query: str | Sequence[str],
                valuetype: str = "glob", stacklevel: int | None = None) -> np.ndarray:
    """Ids (ascending) of the types that occur in ``tokens`` and match ``query`` (a word, glob
    pattern or regular expression, or a list of them), each prepared by :func:`prepare_any` and
    matched by :meth:`Tokens.match`; a query matching nothing gives no ids and a
    :class:`NoMatchWarning` naming ``verb``, pointing at the user's call (or ``stacklevel``)."""
    asked = [query] if isinstance(query, str) else list(query)
    prepared = [prepare_any(tokens, q, valuetype) for q in asked]
    ids = tokens.match(prepared, valuetype)
    ids = ids[tokens.type_counts()[ids] > 0]
    if not len(ids):
        warn_no_match(verb, query, prepared[0] if isinstance(query, str) else prepared,
                      stacklevel=stacklevel)
    return ids


def has_wildcard(pattern: str) -> bool:
    """True when ``pattern`` holds a glob wildcard (``*``, ``?`` or ``[...]``)."""
    return _WILDCARDS.search(pattern) is not None


def warn_no_match(verb: str, query: Any, prepared: Any, stacklevel: int | None = None) -> None:
    """The one warning for a query that matches nothing, naming it and its normalised form,
    pointing at the user's call (the first caller outside the toolkit) unless ``stacklevel``
    says otherwise."""
    shown = (f"{query!r} (normalised: {prepared!r})" if prepared != query
             else f"{query!r} (normalised, it is unchanged)")
    warn(f"{verb}(): no token matches {shown}; the result is empty. Check the spelling "
         "or use a glob pattern such as 'روس*'", NoMatchWarning, stacklevel)
