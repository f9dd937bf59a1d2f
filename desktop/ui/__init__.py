"""Qt widgets and models: they show and collect, the services decide."""

import PySide6

from desktop.ui import pyside_hook

pyside_hook.quicken()  # before any other module of the interface is imported
del PySide6
