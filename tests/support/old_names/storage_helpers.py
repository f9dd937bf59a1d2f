"""The former name of tests.support.storage: that very module, for the tests that still
import it by this name."""

import importlib
import sys

sys.modules[__name__] = importlib.import_module("tests.support.storage")
