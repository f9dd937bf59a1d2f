"""The former name of tests.support.wizard_driver: that very module, for the tests that still
import it by this name."""

import importlib
import sys

sys.modules[__name__] = importlib.import_module("tests.support.wizard_driver")
