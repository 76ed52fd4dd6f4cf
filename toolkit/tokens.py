"""The `Tokens` container: a tokenised corpus stored as integer ids into one vocabulary.

Layout (all numpy, so counting and windowing are vectorised):

- ``vocab``: 1-D object array, ``vocab[i]`` is the type (string) with id ``i``;
- ``ids``: 1-D int32 array, every token of the corpus in reading order, documents one after the
  other;
- ``doc_offsets``: int64 array of length ``n_docs + 1``; document ``d`` is
  ``ids[doc_offsets[d]:doc_offsets[d + 1]]``;
- ``sent_offsets``: int64 array of sentence boundaries into ``ids`` (length ``n_sents + 1``);
  every document boundary is also a sentence boundary, so nothing that respects sentences can
  cross a document;
- ``docs``: pandas DataFrame, one row per document (``doc_id`` and the metadata columns, no text).

Iterating yields each document as a list of token strings (``list(tokens)``); ``len(tokens)`` is
the number of documents.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: a glob wildcard: ``*``, ``?`` or a ``[...]`` set
WILDCARDS = re.compile(r"(\*|\?|\[[^\]]*\])")
#: how :meth:`Tokens.match` reads a pattern (quanteda's ``valuetype``)
VALUETYPES = ("glob", "regex", "fixed")


class Tokens:
    """A tokenised corpus (see the module docstring for the storage layout)."""

    def __init__(
        self,
        ids: np.ndarray,
        vocab: Sequence[str] | np.ndarray,
        doc_offsets: np.ndarray,
        sent_offsets: np.ndarray,
        docs: pd.DataFrame,
        options: dict[str, Any] | None = None,
    ) -> None:
        self.ids = np.asarray(ids, dtype=np.int32)
        self.vocab = np.asarray(vocab, dtype=object)
        self.doc_offsets = np.asarray(doc_offsets, dtype=np.int64)
        self.sent_offsets = np.asarray(sent_offsets, dtype=np.int64)
        self.docs = docs.reset_index(drop=True)
        self.options = dict(options or {})
        if len(self.doc_offsets) != len(self.docs) + 1:
            raise ValueError(
                f"doc_offsets has {len(self.doc_offsets)} entries for {len(self.docs)} documents; "
                "it needs one more than the number of documents"
            )
        if self.doc_offsets[-1] != len(self.ids) or self.sent_offsets[-1] != len(self.ids):
            raise ValueError("the last document and sentence offsets must equal the number of tokens")
        self._index: dict[str, int] | None = None

    @classmethod
    def from_sentences(
        cls,
        documents: Iterable[Sequence[Sequence[str]]],
        docs: pd.DataFrame,
        options: dict[str, Any] | None = None,
        vocab: Sequence[str] | None = None,
    ) -> Tokens:
        """Build from documents given as lists of sentences, each a list of token strings.

        ``vocab`` fixes the id of known types (new types are appended), so two ``Tokens`` built
        with the same vocabulary share ids.
        """
        index: dict[str, int] = {t: i for i, t in enumerate(vocab)} if vocab is not None else {}
        ids: list[int] = []
        doc_offsets = [0]
        sent_offsets = [0]
        for sentences in documents:
            for sentence in sentences:
                if not sentence:
                    continue
                ids.extend(index.setdefault(tok, len(index)) for tok in sentence)
                sent_offsets.append(len(ids))
            doc_offsets.append(len(ids))
            if sent_offsets[-1] != len(ids):
                sent_offsets.append(len(ids))
        # An empty document still ends a "sentence" at the same offset; drop duplicates.
        sent = np.unique(np.asarray(sent_offsets + doc_offsets, dtype=np.int64))
        vocab_arr = np.empty(len(index), dtype=object)
        for tok, i in index.items():
            vocab_arr[i] = tok
        return cls(np.asarray(ids, dtype=np.int32), vocab_arr, np.asarray(doc_offsets), sent, docs,
                   options)

    # -- sizes -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.doc_offsets) - 1

    @property
    def n_tokens(self) -> int:
        """Number of tokens in the corpus."""
        return len(self.ids)

    @property
    def n_types(self) -> int:
        """Number of distinct types that occur at least once."""
        return int(np.count_nonzero(self.type_counts()))

    # -- access ------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[list[str]]:
        for d in range(len(self)):
            yield self[d]

    def __getitem__(self, d: int) -> list[str]:
        lo, hi = self.doc_offsets[d], self.doc_offsets[d + 1]
        return self.vocab[self.ids[lo:hi]].tolist()

    def __repr__(self) -> str:
        return (f"<Tokens: {len(self)} documents, {self.n_tokens} tokens, "
                f"{self.n_types} types>")

    def sentences(self, d: int | None = None) -> list[list[str]] | list[list[list[str]]]:
        """Sentences of document ``d`` (a list of token lists), or of every document."""
        if d is None:
            return [self.sentences(i) for i in range(len(self))]
        lo, hi = self.doc_offsets[d], self.doc_offsets[d + 1]
        cuts = self.sent_offsets[(self.sent_offsets >= lo) & (self.sent_offsets <= hi)]
        return [self.vocab[self.ids[a:b]].tolist() for a, b in itertools.pairwise(cuts) if b > a]

    def doc_of_token(self) -> np.ndarray:
        """Document number (0-based row of ``docs``) of every token, int64 of length n_tokens."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.doc_offsets))

    def sent_of_token(self) -> np.ndarray:
        """Sentence number of every token (sentences counted across the corpus), int64."""
        return np.repeat(np.arange(len(self.sent_offsets) - 1, dtype=np.int64),
                         np.diff(self.sent_offsets))

    def type_counts(self) -> np.ndarray:
        """Token count of every type id, int64 of length ``len(vocab)``."""
        return np.bincount(self.ids, minlength=len(self.vocab)).astype(np.int64)

    def term_id(self, term: str) -> int | None:
        """The id of ``term`` in the vocabulary, or None when it is not a known type."""
        if self._index is None:
            self._index = {t: i for i, t in enumerate(self.vocab)}
        return self._index.get(term)

    def match(self, pattern: str | Sequence[str], valuetype: str = "glob") -> np.ndarray:
        """Ids (int64, ascending) of the types matching ``pattern`` or any of a list of them: the
        one matcher of every verb that takes a word or pattern (``kwic``, ``collocates``,
        ``clusters``, ``dispersion``, the explorer), after :mod:`toolkit.queries` has prepared it.

        ``valuetype`` as in quanteda: ``"glob"`` (the whole type matches; ``*`` any characters,
        ``?`` one, ``[...]`` a set, as :func:`fnmatch.fnmatchcase`; without a wildcard, the type
        itself), ``"regex"`` (:func:`re.search` anywhere in the type) or ``"fixed"`` (the type
        itself). Types of the vocabulary that no token uses still match. Raises ValueError for
        another valuetype or a bad regular expression.
        """
        if valuetype not in VALUETYPES:
            raise ValueError(f"valuetype must be one of {', '.join(map(repr, VALUETYPES))}, "
                             f"not {valuetype!r}")
        matching = np.zeros(len(self.vocab), dtype=bool)
        vocab: np.ndarray | None = None
        for item in [pattern] if isinstance(pattern, str) else list(pattern):
            if valuetype == "fixed" or (valuetype == "glob" and not WILDCARDS.search(item)):
                found = self.term_id(item)
                if found is not None:
                    matching[found] = True
                continue
            try:
                compiled = re.compile(fnmatch.translate(item) if valuetype == "glob" else item)
            except re.error as err:
                raise ValueError(f"bad regular expression {item!r}: {err}") from err
            test = compiled.fullmatch if valuetype == "glob" else compiled.search
            vocab = self.vocab.astype(str) if vocab is None else vocab
            matching |= np.fromiter((test(t) is not None for t in vocab), dtype=bool,
                                    count=len(vocab))
        return np.flatnonzero(matching).astype(np.int64)

    def keep(self, kinds: str | Sequence[str]) -> Tokens:
        """A new ``Tokens`` with only the tokens of the given kinds, as quanteda's
        ``tokens_keep`` (without padding): ``tokens.keep("emoji")`` for an emoji frequency list.

        ``kinds``: one or more of ``"word"``, ``"number"``, ``"punctuation"``, ``"emoji"``,
        ``"hashtag"``, ``"mention"``, ``"url"``, ``"email"`` (see
        :func:`toolkit.preparation.token_kind`). Documents and sentences stay (possibly empty);
        the vocabulary is kept, so ids stay comparable. Raises ``ValueError`` for an unknown kind.
        """
        from .preparation import TOKEN_KINDS, token_kind

        wanted = {kinds} if isinstance(kinds, str) else set(kinds)
        if not wanted <= set(TOKEN_KINDS):
            raise ValueError(f"unknown token kinds {sorted(wanted - set(TOKEN_KINDS))}; "
                             f"choose from {TOKEN_KINDS}")
        type_mask = np.array([token_kind(str(t)) in wanted for t in self.vocab], dtype=bool)
        mask = type_mask[self.ids] if len(self.vocab) else np.zeros(0, dtype=bool)
        before = np.concatenate([[0], np.cumsum(mask)]).astype(np.int64)
        return Tokens(self.ids[mask], self.vocab, before[self.doc_offsets],
                      np.unique(before[self.sent_offsets]), self.docs, self.options)

    def select(self, documents: np.ndarray | Sequence[bool] | Sequence[int] | pd.Series) -> Tokens:
        """A new ``Tokens`` with only the chosen documents (a boolean mask or row positions).

        The vocabulary is kept as it is, so ids stay comparable with the parent.
        """
        sel = np.asarray(documents)
        if sel.dtype == bool:
            if len(sel) != len(self):
                raise ValueError(f"mask has {len(sel)} entries for {len(self)} documents")
            rows = np.flatnonzero(sel)
        else:
            rows = sel.astype(np.int64)
        lengths = np.diff(self.doc_offsets)[rows]
        doc_offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        ids_parts, sent_parts = [], [np.zeros(1, dtype=np.int64)]
        for new_start, d in zip(doc_offsets[:-1], rows, strict=True):
            lo, hi = self.doc_offsets[d], self.doc_offsets[d + 1]
            ids_parts.append(self.ids[lo:hi])
            cuts = self.sent_offsets[(self.sent_offsets > lo) & (self.sent_offsets <= hi)]
            sent_parts.append(cuts - lo + new_start)
        ids = np.concatenate(ids_parts) if ids_parts else np.zeros(0, dtype=np.int32)
        sent = np.unique(np.concatenate([*sent_parts, doc_offsets]))
        return Tokens(ids, self.vocab, doc_offsets, sent, self.docs.iloc[rows], self.options)
