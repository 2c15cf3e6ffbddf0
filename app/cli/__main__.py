"""``python -m app.cli``: the ``andock`` command."""
import sys

from app.cli import main

sys.exit(main())
