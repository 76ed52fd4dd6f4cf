"""The documented import path of :mod:`toolkit.engines.dask_engine` (the same module object)."""

import sys

from .engines import dask_engine as _module

sys.modules[__name__] = _module
