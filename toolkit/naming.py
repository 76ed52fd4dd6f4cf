"""Renamed keyword arguments: an old spelling keeps working for one release, with a
:class:`DeprecationWarning` naming the new one (the project's rule for public names; the naming
table is in the README, "How the code is laid out")."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any


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
                warnings.warn(f"{function.__name__}(): {old}= is now called {new}=; the old name "
                              "will be removed in the next release", DeprecationWarning,
                              stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        wrapper.renamed = dict(old_to_new)  # type: ignore[attr-defined]
        return wrapper

    return decorate
