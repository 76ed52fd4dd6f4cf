"""The documented import path of :mod:`toolkit.engines.streaming` (the same module object)."""

import sys

from .engines import streaming as _module

sys.modules[__name__] = _module
