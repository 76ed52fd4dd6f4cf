"""``python -m toolkit``: the command line of :mod:`toolkit.apps.cli`."""

import sys

from .apps.cli import EXIT_STATUS, main

__all__ = ["EXIT_STATUS", "main"]

if __name__ == "__main__":
    sys.exit(main())
