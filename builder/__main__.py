"""`python -m builder` does what the `beat` command does."""

import sys

from builder.cli import main

sys.exit(main())
