"""Preparation: normalise, split into sentences and words, filter, and store as :class:`Tokens`.

One document goes through :func:`prepare_document` (a plain, picklable function of a text and a
frozen :class:`Options`, so a parallel path can map it over documents):

1. normalisation with a preset of :mod:`toolkit.normalization` (built once per option set);
2. numbers with separators, dotted abbreviations, URLs and e-mails are held as placeholders so
   that neither tokenizer cuts them (cases B03, B05);
3. every line break ends a sentence; inside a line, hazm's ``SentenceTokenizer`` splits
   sentences;
4. words come from ONE reused ``hazm.WordTokenizer`` per option set (``join_verb_parts=False``
   by default, case B08); every Unicode space (NBSP, U+2028, thin spaces) separates words (B09);
5. per token: bidi/format controls are removed and a ZWNJ or ``_`` at either edge is stripped
   (B09, B23); an affixed word written glued becomes its standard ZWNJ spelling
   (:func:`toolkit.folding.fold_affix`: ``آنها`` -> ``آن‌ها``, ``مهمترین`` -> ``مهم‌ترین``) unless
   ``fold_affixes=False``; punctuation-only tokens are dropped unless ``punctuation=True``; number tokens are dropped when
   ``numbers=False``; stopwords (hazm's list, normalised like the text, plus a user list, case B11)
   are removed; then the lemmatizer (lemmas such as ``رفت#رو`` for verbs) or the stemmer of
   :mod:`toolkit.stemming` (hazm's, with one stemmer on every hazm version).

:func:`tokenize` prepares a batch of documents at once (:class:`DocumentPreparer`): steps 1-4 per
document, then Arrow splits every line of the batch into raw tokens and numbers the distinct
ones, so step 5 runs once per distinct raw token and the tokens become integer ids in C++ and
numpy (:func:`toolkit.parallel.encode_lines`); the tokens are those of :func:`prepare_document`.

Every step gives the same tokens on hazm 0.10 and 0.12: where the two versions disagree, the
toolkit owns the rule (:mod:`toolkit.spacing`, :mod:`toolkit.stemming`), and
``tests/fingerprints.json`` holds hashes of the tokens of ``seeds/`` and the shared corpora for
every option set, recomputed by the test suite on both CI stacks.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import folding, stemming
from .folding import fold_affix
from .normalization import (
    _EMAIL,
    _LINK,
    CLEAN_PRESETS,
    EMOJI,
    PROGRESS_MIN_DOCS,
    ZWNJ,
    clean_controls,
    normalizer,
    protect,
    restore,
)
from .spacing import bmp_class, space_matches, word_pattern, word_tokenizer
from .tokens import Tokens

if TYPE_CHECKING:
    from .parallel import Encoded

_SPACES = re.compile(r"\s+")
#: white space other than a space and a line feed (``[^\S \n]``, written out: every white-space
#: character is below U+10000, and re finds such a class twice as fast as a category)
_OTHER_SPACE = re.compile("[" + bmp_class(lambda ch: ch.isspace() and ch not in " \n") + "]")
#: characters of spaced text encoded at a time by :meth:`_Preparer.encode` (the Arrow arrays of
#: a part take a few times that in bytes)
ENCODE_CHARS = 1 << 23
_NUMBER_TOKEN = re.compile(r"[+\-−]?[0-9۰-۹٠-٩]+(?:[.,٫٬:/'][0-9۰-۹٠-٩]+)*[%٪]?")
#: stripped from both ends of every token: ZWNJ (B09) and the underscore some sites write as a
#: separator ("تماسی _تحریکی"); inside a token both stay (``گفته_شده`` with join_verb_parts)
_EDGES = ZWNJ + "_"


@dataclass(frozen=True)
class Options:
    """The preparation options (hashable; the cache key includes them)."""

    normalize: str = "standard"
    stopwords: bool | tuple[str, ...] = False
    lemmatize: bool = False
    stem: bool = False
    punctuation: bool = False
    numbers: bool = True
    join_verb_parts: bool = False
    fold_affixes: bool = True
    emoji: bool = True

    def as_dict(self) -> dict[str, Any]:
        """The options as a JSON-ready dict (stopword tuples become lists)."""
        out = asdict(self)
        if isinstance(self.stopwords, tuple):
            out["stopwords"] = list(self.stopwords)
        return out


@functools.cache
def is_punctuation(token: str) -> bool:
    """True when every character of ``token`` is punctuation or a symbol (Unicode P* or S*)."""
    if token[:1].isalnum():  # a letter or a number first (most tokens): not punctuation
        return False
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


def is_emoji(token: str) -> bool:
    """True for one emoji (a grapheme cluster such as ``👍🏽``, ``🇮🇷``, ``1️⃣`` or ``👨‍👩‍👧``)."""
    return EMOJI.fullmatch(token) is not None


#: the kinds :func:`token_kind` returns
TOKEN_KINDS = ("word", "number", "punctuation", "emoji", "hashtag", "mention", "url", "email")


def token_kind(token: str) -> str:
    """What a token is: ``"emoji"``, ``"url"``, ``"email"``, ``"hashtag"`` (``#تهران``),
    ``"mention"`` (``@user``), ``"number"``, ``"punctuation"`` (punctuation and symbols) or
    ``"word"``."""
    if is_emoji(token):
        return "emoji"
    if _LINK.fullmatch(token):
        return "url"
    if _EMAIL.fullmatch(token):
        return "email"
    if len(token) > 1 and token[0] in "#@" and not is_punctuation(token[1:]):
        return "hashtag" if token[0] == "#" else "mention"
    if is_number(token):
        return "number"
    if is_punctuation(token):
        return "punctuation"
    return "word"


def is_number(token: str) -> bool:
    """True for a number token: digits of any system with separators, sign or percent sign."""
    return _NUMBER_TOKEN.fullmatch(token) is not None


def _word_splitter(tokenizer: Any) -> Callable[[str], list[str]]:
    """``tokenizer.tokenize`` of a sentence whose white space runs become one space (B09).

    With none of ``toolkit.spacing.WORD_TOKENIZER_EXTRAS`` on, hazm's
    ``WordTokenizer.tokenize`` puts spaces around the matches of its pattern
    (``toolkit.spacing.word_pattern``) and splits at spaces; its pattern never matches
    white space, so ``str.split()`` (any run of white space, the characters of ``\\s``) gives the
    same tokens in one pass, without replacing the white space first."""
    pattern = word_pattern(tokenizer)
    if pattern is None:
        return lambda sentence: tokenizer.tokenize(_SPACES.sub(" ", sentence))
    space = space_matches(pattern)

    def split(sentence: str) -> list[str]:
        return space(sentence).split()

    return split


#: hazm's ``SentenceTokenizer.pattern`` (the same in hazm 0.10 and 0.12): a run of sentence
#: marks and the spaces or line breaks after it end a sentence
_SENTENCE_MARKS = "!.?⸮؟"
HAZM_SENTENCE_PATTERN = rf"([{_SENTENCE_MARKS}]+)[ \n]+"


Splitter = Callable[[str, list[str]], list[list[str]]]


def _restored(raws: list[str], spans: list[str]) -> list[str]:
    """The tokens with the spans :func:`~toolkit.normalization.protect` held put back."""
    return [restore(raw, spans) if "\ue000" in raw else raw for raw in raws]


#: ``(text, spans)`` -> the text written so that its lines are the sentences and the
#: white-space-separated parts of a line its tokens (see :func:`_document_spacer`)
Spacer = Callable[[str, list[str]], str]


def _document_spacer(sentences: Any, words: Any) -> Spacer | None:
    """``spaced(text, spans)``: a text whose spans ``protect`` held, written so that its lines
    are the sentences and the white-space-separated parts of a line its word tokens (spans put
    back): what splitting the text into lines, each line with ``sentences.tokenize`` and each
    sentence with ``words.tokenize`` gives, in one pass per step over the whole text. None when a
    tokenizer does more than hazm's patterns (:func:`_document_splitter` then calls it line by
    line and sentence by sentence).

    Every line break ends a sentence. hazm's sentence pattern puts ``"\n\n"`` after each run of
    sentence marks followed by spaces or line breaks, and eats those; since a line break ends a
    line anyway and only the tokens count (white space between them does not), a line break
    after each mark followed by a space ends the same sentences (``str.replace``, no match
    object per sentence). The word pattern spaces its matches (never a line break, which it does
    not match), which is what hazm's per-sentence ``replace("\n", " ").strip()`` and word split
    give. The spans go back into the whole text: a span holds no white space (an emoji cluster,
    a URL, an e-mail address, a hashtag, a number, a date or a dotted abbreviation; a property
    test checks it), so each lands inside the token that held its placeholder."""
    pattern = word_pattern(words)
    sentence = sentences.pattern
    if pattern is None or (sentence.pattern, sentence.flags) != (HAZM_SENTENCE_PATTERN, re.U):
        return None
    space = space_matches(pattern)

    def spaced(text: str, spans: list[str]) -> str:
        for mark in _SENTENCE_MARKS:
            if mark in text:
                text = text.replace(mark + " ", mark + "\n")
        text = space(text)
        return restore(text, spans) if spans else text

    return spaced


def _document_splitter(sentences: Any, words: Any) -> Splitter:
    """``split(text, spans)``: the sentences of a text whose spans ``protect`` held, each as its
    word tokens with the spans put back (blank lines and empty sentences left out): the lines of
    :func:`_document_spacer`'s text split at white space (``str.splitlines``, which knows every
    line break, and ``str.split``); when a tokenizer does more than hazm's patterns, what it
    does, line by line and sentence by sentence."""
    spacer = _document_spacer(sentences, words)
    if spacer is None:
        split_words = _word_splitter(words)

        def split_lines(text: str, spans: list[str]) -> list[list[str]]:
            return [_restored(split_words(part), spans) if "\ue000" in part else split_words(part)
                    for line in text.splitlines() if line.strip()
                    for part in sentences.tokenize(line)]

        return split_lines

    def split(text: str, spans: list[str]) -> list[list[str]]:
        return [raws for line in spacer(text, spans).splitlines() if (raws := line.split())]

    return split


@functools.cache
def _hazm_tool(name: str) -> Any:
    """One shared hazm ``SentenceTokenizer``, ``Lemmatizer`` or ``Stemmer``."""
    import hazm

    return getattr(hazm, name)()


class _Memo(dict[str, "str | None"]):
    """Raw token -> token as counted (None when dropped): ``finals`` (of a list of raw tokens)
    runs once per raw token, on its first look-up (``__missing__``, so a map over the tokens
    stays in C) or for every new one of a list (:meth:`counted`)."""

    def __init__(self, finals: Callable[[list[str]], list[str | None]]) -> None:
        super().__init__()
        self.finals = finals

    def __missing__(self, raw: str) -> str | None:
        value = self[raw] = self.finals([raw])[0]
        return value

    def counted(self, raws: list[str]) -> list[str | None]:
        """Each of ``raws`` as counted; ``finals`` runs once, on those not seen before."""
        new = [raw for raw in raws if raw not in self]
        if new:
            self.update(zip(new, self.finals(new), strict=True))
        return list(map(self.__getitem__, raws))


class _Preparer:
    """Everything one option set needs, built once: normaliser, tokenizers, stopwords, lemmatizer."""

    def __init__(self, options: Options) -> None:
        import hazm

        self.options = options
        self.normalize = normalizer(options.normalize)
        #: the standard and light presets give text without controls and private-use characters
        self.clean = options.normalize in CLEAN_PRESETS
        self.sentences = _hazm_tool("SentenceTokenizer")
        self.words = word_tokenizer(options.join_verb_parts)
        self.split = _document_splitter(self.sentences, self.words)
        self.spacer = _document_spacer(self.sentences, self.words)
        if options.fold_affixes:
            folding.load()
        self.stopwords: frozenset[str] = frozenset()
        if options.stopwords is not False:
            listed = list(hazm.stopwords_list())
            user = list(options.stopwords) if isinstance(options.stopwords, tuple) else []
            self.stopwords = frozenset(self._spelling(self._token(self.normalize(w)))
                                       for w in [*listed, *user] if w.strip())
        self.memo = _Memo(self._finals)
        self.transform: Callable[[str], str] | None = None
        if options.lemmatize:
            self.transform = stemming.lemmatizer().lemmatize
        elif options.stem:
            self.transform = stemming.stemmer().stem

    @staticmethod
    def _token(raw: str) -> str:
        return clean_controls(raw).strip(_EDGES)

    def _spelling(self, token: str) -> str:
        return fold_affix(token) if self.options.fold_affixes else token

    def _finals(self, raws: list[str]) -> list[str | None]:
        """Each raw token as counted (ZWNJ and ``_`` edges stripped, lemma or stem), or None
        when dropped (one list at a time: a Python call per step and token costs more than the
        step itself for most tokens)."""
        tokens = [raw.strip(_EDGES) for raw in raws]
        if self.options.fold_affixes:
            tokens = list(map(fold_affix, tokens))
        options, drop, transform = self.options, self.stopwords, self.transform
        out: list[str | None] = []
        for token in tokens:
            if not token or token in drop:
                out.append(None)
            elif is_emoji(token):
                out.append(token if options.emoji else None)
            elif (not options.punctuation and is_punctuation(token)) or (
                    not options.numbers and is_number(token)):
                out.append(None)
            else:
                out.append(transform(token) if transform is not None else token)
        return out

    def _held(self, text: str) -> tuple[str, list[str]]:
        """The normalised text with its spans held (:func:`~toolkit.normalization.protect`)."""
        text = self.normalize(text)
        if not self.clean:
            text = clean_controls(text)
        return protect(text, canonical=False, separate_emoji=True, private_use=not self.clean)

    def __call__(self, text: str) -> list[list[str]]:
        held, spans = self._held(text)
        get = self.memo.__getitem__
        return [tokens for raws in self.split(held, spans)
                if (tokens := [t for t in map(get, raws) if t is not None])]

    def encode(self, texts: Iterable[str]) -> Encoded:
        """The documents ``texts`` encoded (:func:`toolkit.parallel.encode`): the same tokens as
        :meth:`__call__` of each text. With hazm's patterns, each document's lines of raw tokens
        (:func:`_document_spacer`) go to :func:`toolkit.parallel.encode_lines` (Arrow splits
        them and finds the distinct raw tokens; this memo is asked once per distinct raw token),
        :data:`ENCODE_CHARS` characters at a time."""
        from .parallel import encode_lines, encode_sentences, merge

        if self.spacer is None:
            return encode_sentences(map(self, texts))
        parts: list[Encoded] = []
        lines: list[str] = []
        doc_lines: list[int] = []
        size = 0
        for text in texts:
            spaced = self.spacer(*self._held(text))
            # encode_lines splits at " " only: other white space (rare) becomes one space
            found = (spaced.split("\n") if _OTHER_SPACE.search(spaced) is None
                     else [" ".join(line.split()) for line in spaced.splitlines()])
            lines += found
            doc_lines.append(len(found))
            size += len(spaced)
            if size >= ENCODE_CHARS:
                parts.append(encode_lines(lines, doc_lines, self.memo.counted))
                lines, doc_lines, size = [], [], 0
        if doc_lines or not parts:
            parts.append(encode_lines(lines, doc_lines, self.memo.counted))
        return parts[0] if len(parts) == 1 else merge(parts)


@functools.lru_cache(maxsize=8)
def _preparer(options: Options) -> _Preparer:
    return _Preparer(options)


def prepare_document(text: str, options: Options) -> list[list[str]]:
    """One document's sentences, each a list of token strings (see the module docstring)."""
    return _preparer(options)(text)


@dataclass(frozen=True)
class DocumentPreparer:
    """The preparation of ``options`` as a picklable ``Prepare`` of :mod:`toolkit.parallel`:
    calling it gives :func:`prepare_document`; its ``encode`` encodes a batch of documents at
    once (the same :class:`~toolkit.parallel.Encoded` as encoding each call's sentences)."""

    options: Options

    def __call__(self, text: str) -> list[list[str]]:
        return _preparer(self.options)(text)

    def encode(self, texts: Iterable[str]) -> Encoded:
        """``texts`` prepared and encoded: each document's lines of raw tokens (its spaced text)
        go to :func:`toolkit.parallel.encode_lines`, :data:`ENCODE_CHARS` characters at a time;
        the same :class:`~toolkit.parallel.Encoded` as :func:`toolkit.parallel.encode_sentences`
        of :func:`prepare_document` of each text."""
        return _preparer(self.options).encode(texts)


def make_options(*, normalize: str = "standard", stopwords: bool | Iterable[str] = False,
                 lemmatize: bool = False, stem: bool = False, punctuation: bool = False,
                 numbers: bool = True, join_verb_parts: bool = False,
                 fold_affixes: bool = True, emoji: bool = True) -> Options:
    """Validated :class:`Options`; a user stopword list is sorted into a tuple.

    Raises ``ValueError`` for an unknown preset or ``lemmatize`` together with ``stem``.
    """
    normalizer(normalize)
    if lemmatize and stem:
        raise ValueError("choose lemmatize=True or stem=True, not both")
    if isinstance(stopwords, str):
        raise TypeError("stopwords takes True/False or a list of words, not a single string")
    words: bool | tuple[str, ...] = (stopwords if isinstance(stopwords, bool)
                                     else tuple(sorted(set(stopwords))))
    return Options(normalize, words, lemmatize, stem, punctuation, numbers, join_verb_parts,
                   fold_affixes, emoji)


def as_documents(corpus: Any) -> pd.DataFrame:
    """A DataFrame with ``doc_id`` and ``text`` (plus metadata) from any input :func:`tokenize`
    accepts; raises ``TypeError``/``ValueError`` naming what is wrong."""
    from .corpus import Corpus

    if isinstance(corpus, Corpus):
        return corpus.docs
    if isinstance(corpus, pd.DataFrame):
        if "text" not in corpus.columns:
            raise ValueError(f"the DataFrame has no 'text' column (columns: {list(corpus.columns)});"
                             " rename the text column to 'text' or use load_corpus(df, text=...)")
        docs = corpus.reset_index(drop=True)
    elif isinstance(corpus, str):  # object dtype: pandas 3's Arrow strings reject lone surrogates
        docs = pd.DataFrame({"text": pd.Series([corpus], dtype=object)})
    elif isinstance(corpus, Sequence) and all(isinstance(t, str) for t in corpus):
        docs = pd.DataFrame({"text": pd.Series(list(corpus), dtype=object)})
    else:
        raise TypeError("tokenize() takes a Corpus, a DataFrame with a 'text' column, a str or a "
                        f"list of str, not {type(corpus).__name__}")
    return with_default_ids(docs)


def with_default_ids(docs: pd.DataFrame) -> pd.DataFrame:
    """``docs`` with a ``doc_id`` column: its own, or the row numbers ``"0"``, ``"1"``, ...
    (the one default-id rule of the local and Dask paths)."""
    if "doc_id" in docs.columns:
        return docs
    return docs.assign(doc_id=[str(i) for i in range(len(docs))])


def document_texts(docs: pd.DataFrame) -> list[str]:
    """The ``text`` column as str, a missing text as ``""`` (the one text coercion of
    :func:`tokenize`, :func:`~toolkit.diagnostics.diagnose` and the Dask engine)."""
    return [t if type(t) is str else "" if pd.isna(t) else str(t) for t in docs["text"].tolist()]


def _encodable(docs: pd.DataFrame, errors: str) -> pd.DataFrame:
    """``docs`` without the documents whose text is not valid Unicode (``errors="skip"``), or
    ``ValueError`` naming the first one (``errors="raise"``)."""
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    bad = []
    for row, text in enumerate(docs["text"].tolist()):
        if isinstance(text, str) and not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as error:
                bad.append((row, error.start))
    if not bad:
        return docs
    names = [f"document {docs['doc_id'].iloc[row]!r} (row {row}, character {at})"
             for row, at in bad]
    if errors == "raise":
        raise ValueError(
            f"{names[0]} holds a lone surrogate (\\ud800-\\udfff), which is not a character: the "
            "text was decoded wrongly or an emoji was cut in half; re-read the file with "
            "load_corpus (it names such records), fix the text, or pass errors='skip' to leave "
            f"the document out{f' ({len(bad)} documents in all)' if len(bad) > 1 else ''}")
    import warnings

    warnings.warn(f"left out {len(bad)} document(s) holding a lone surrogate: "
                  + "; ".join(names[:5]) + (" ..." if len(bad) > 5 else ""), stacklevel=3)
    return docs.drop(index=docs.index[[row for row, _ in bad]]).reset_index(drop=True)


def tokenize(corpus: Any, *, normalize: str = "standard", stopwords: bool | Iterable[str] = False,
             lemmatize: bool = False, stem: bool = False, punctuation: bool = False,
             numbers: bool = True, join_verb_parts: bool = False, fold_affixes: bool = True,
             emoji: bool = True, cache: bool = True,
             progress: bool | None = None, n_jobs: int | None = None,
             errors: str = "raise") -> Tokens:
    """Prepare a corpus into :class:`~toolkit.tokens.Tokens` (see the module docstring).

    ``corpus``: a :class:`~toolkit.corpus.Corpus`, a DataFrame with a ``text`` column, a str (one
    document) or a list of str (one document each). ``stopwords``: ``True`` removes hazm's list;
    a list/set of words removes hazm's list and those words (an empty list is the same as
    ``True``), all normalised like the text. ``fold_affixes``: an affixed word written glued
    counts as its standard ZWNJ spelling (``آنها`` as ``آن‌ها``; :mod:`toolkit.folding`); turn
    off to study spelling itself. ``emoji``: keep each emoji as a token of its own (one
    grapheme cluster: ``👍🏽``, ``🇮🇷``, ``👨‍👩‍👧``; never glued to a word), or drop it with
    ``False``; :func:`token_kind` tells emoji, hashtags, mentions, URLs, e-mails, numbers,
    punctuation and words apart (``tokens.keep("emoji")`` for an emoji frequency list).
    ``cache``: reuse prepared tokens stored in
    Parquet under ``$TOOLKIT_CACHE_DIR`` or ``~/.cache/persian-toolkit`` (keyed by a hash of the
    texts and options). ``progress``: a tqdm bar (default: when there are 50+ documents).
    ``n_jobs``: worker processes (default: all cores; 1: serial in this process); the tokens are
    identical either way (see :mod:`toolkit.parallel`).

    ``errors``: a text that cannot be written as UTF-8 (a lone surrogate such as ``"\\ud800"``,
    left by a broken decoder or a cut emoji) raises ``ValueError`` naming the document
    (``"raise"``), or the document is left out with a warning naming it (``"skip"``), as in
    :func:`~toolkit.corpus.load_corpus`.

    Returns ``Tokens`` whose ``docs`` holds ``doc_id``, ``title`` and the metadata (no text).
    """
    from . import cache as token_cache

    options = make_options(normalize=normalize, stopwords=stopwords, lemmatize=lemmatize,
                           stem=stem, punctuation=punctuation, numbers=numbers,
                           join_verb_parts=join_verb_parts, fold_affixes=fold_affixes,
                           emoji=emoji)
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    docs = as_documents(corpus)
    # the UTF-8 bytes are what the cache key hashes: straight from Arrow's buffers when the
    # column is stored in Arrow (which cannot hold a lone surrogate), else encoded here
    data: list[bytes] | list[memoryview] | None = (token_cache.arrow_texts(docs["text"])
                                                   if cache else None)
    texts: list[str] | None = None
    if data is None:
        texts = document_texts(docs)
        try:
            data = [t.encode("utf-8") for t in texts]
        except UnicodeEncodeError:  # name the documents with a lone surrogate, or leave them out
            docs = _encodable(docs, errors)
            texts = document_texts(docs)
            data = [t.encode("utf-8") for t in texts]
    if not len(docs):
        from .queries import EmptyCorpusWarning, warn

        warn("tokenize(): the corpus is empty (0 documents), so every count will be empty; "
             "check what load_corpus found", EmptyCorpusWarning)
    meta = docs.drop(columns=["text"]).reset_index(drop=True)
    key = token_cache.cache_key(data, options.as_dict()) if cache else None
    if key is not None:
        stored = token_cache.load(key)
        if stored is not None:
            return Tokens(*stored, docs=meta, options=options.as_dict())
    if texts is None:
        texts = document_texts(docs)
    show = len(texts) >= PROGRESS_MIN_DOCS if progress is None else progress
    from .parallel import encode_parallel

    tokens = encode_parallel(texts, DocumentPreparer(options), n_jobs=n_jobs, progress=show,
                             labels=meta["doc_id"].astype(str).tolist()).to_tokens(
        meta, options.as_dict())
    if key is not None:
        token_cache.save(key, tokens)
    return tokens
