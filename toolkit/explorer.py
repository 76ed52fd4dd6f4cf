"""The documented import path of :mod:`toolkit.apps.explorer` (the same module object)."""

import sys

from .apps import explorer as _module

sys.modules[__name__] = _module
