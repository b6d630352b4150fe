"""``python -m starlight COMMAND`` (the same as the ``starlight`` command)."""

import sys

from starlight.cli import main

sys.exit(main())
