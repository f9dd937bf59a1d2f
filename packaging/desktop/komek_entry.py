"""Entry point of the frozen Kömek bundle: the same ``main`` as the ``komek`` console script."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
