"""Command line: ``python -m app`` is the same as ``colliding-logics``."""

import sys

from app.cli import main

sys.exit(main())
