"""`python -m builder` does what the `beat` command does."""

import sys

from builder.cli import main

# Guarded: worker processes started with "spawn" import this module again.
if __name__ == "__main__":
    sys.exit(main())
