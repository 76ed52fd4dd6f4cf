"""The documented import path of :mod:`toolkit.apps.figures` (the same module object)."""

import sys

from .apps import figures as _module

sys.modules[__name__] = _module
