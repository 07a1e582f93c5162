"""``python -m cnnviz``: see `cnnviz.cli`."""
import sys

from .cli import main

sys.exit(main())
