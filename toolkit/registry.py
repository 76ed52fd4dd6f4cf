"""Engine registry: how a statistic finds the engine that computes it elsewhere (Dask, ...).

Statistics (``frequency``, ``cooccurrence``) sit below the engines and never import them. An
engine module fills this registry when it is imported (:func:`register`); a statistic asks for
the implementation of a verb by engine name (:func:`implementation`). The registry knows only the
module each engine lives in (:data:`ENGINES`), and imports it the first time the engine is asked
for, so ``frequency(tokens, engine="dask")`` works without importing :mod:`toolkit.dask_engine`
first, and ``import toolkit`` loads no engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: engine name -> module that registers its verbs when imported ("local" is the statistic itself)
ENGINES: dict[str, str] = {"dask": "toolkit.engines.dask_engine"}

_VERBS: dict[tuple[str, str], Callable[..., Any]] = {}


def register(engine: str, verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: ``function`` computes ``verb`` (``"frequency"``, ``"cooccurrence"``) on
    ``engine``. Raises ValueError for an engine not listed in :data:`ENGINES`."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; add it to toolkit.registry.ENGINES")

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        _VERBS[(engine, verb)] = function
        return function

    return decorate


def implementation(verb: str, engine: str) -> Callable[..., Any] | None:
    """The function computing ``verb`` on ``engine``; None for ``engine="local"`` (the caller
    computes it itself). Raises ValueError naming the engines for an unknown one or one that
    does not compute ``verb``."""
    if engine == "local":
        return None
    if engine not in ENGINES:
        names = " or ".join(repr(name) for name in ["local", *sorted(ENGINES)])
        raise ValueError(f"engine must be {names}, not {engine!r}")
    if (engine, verb) not in _VERBS:
        importlib.import_module(ENGINES[engine])
    if (engine, verb) not in _VERBS:
        raise ValueError(f"the {engine!r} engine does not compute {verb}()")
    return _VERBS[(engine, verb)]
