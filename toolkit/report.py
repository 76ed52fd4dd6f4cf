"""The documented import path of :mod:`toolkit.apps.report` (the same module object)."""

import sys

from .apps import report as _module

sys.modules[__name__] = _module
