"""Test-wide settings: offscreen Qt, an isolated user data folder, generated data only."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KOMEK_NO_KEYRING", "1")
