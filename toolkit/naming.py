"""One vocabulary: old spellings of renamed keywords and columns keep working for one release.

The project's rule for public names: a rename keeps the old name working, with a
:class:`DeprecationWarning` that names the new one. Each call that uses an old spelling warns
once (one warning per old name, however many verbs the call goes through); Python's warning
filters then decide how often it is shown (by default once per line of the caller's code in
``__main__`` and notebooks), and the toolkit never changes those filters.

- :func:`renamed`: a keyword argument renamed, same meaning (``measures=`` -> ``measure=``);
- :func:`warn_old_meaning`: a keyword whose old meaning differs from the vocabulary
  (``cooccurrence(window=5)``, a 5-token span): the old meaning is kept and the warning names
  the new spelling that gives the same result;
- :class:`toolkit.tables.RTLFrame` reads a renamed column under its old name (see
  :func:`toolkit.tables.rtl_frame`'s ``renamed``).

The naming table (one name per idea, after quanteda's verbs and the field's terms) is in the
README ("One vocabulary") and on the documentation site.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

_PACKAGE = str(Path(__file__).resolve().parent)


def outside_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning issued by the function calling this one point at
    the first caller outside the toolkit: the user's line, however many toolkit functions and
    decorators lie between (Python 3.12's ``skip_file_prefixes``, on 3.11 too)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level


def deprecated(message: str) -> None:
    """Issue ``message`` as a :class:`DeprecationWarning` pointing at the user's call, adding
    when the old spelling goes away."""
    warnings.warn(f"{message}; the old name will be removed in the next release",
                  DeprecationWarning, stacklevel=outside_stacklevel())


def renamed(**old_to_new: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: each keyword ``old=`` of the call is passed on as ``new=`` with a
    DeprecationWarning pointing at the caller. TypeError when both spellings are given."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(f"{function.__name__}() got {old}= and {new}=; {old}= is the "
                                    f"old name of {new}=, give only {new}=")
                deprecated(f"{function.__name__}(): {old}= is now called {new}=")
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        wrapper.renamed = dict(old_to_new)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def warn_old_meaning(verb: str, keyword: str, given: str, meaning: str, instead: str,
                     why: str) -> None:
    """DeprecationWarning for a keyword kept with its old meaning for one release: ``given``
    (``"window=5"``) means ``meaning`` here, ``instead`` gives the same result, ``why`` says
    what the keyword means in the vocabulary. Points at the user's call."""
    warnings.warn(f"{verb}({given}) counts {meaning}; write {verb}({instead}) for the same "
                  f"result. {verb}({keyword}=...) is deprecated because {why}; it will be "
                  "removed in the next release", DeprecationWarning, stacklevel=outside_stacklevel())
