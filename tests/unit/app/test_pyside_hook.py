"""PySide6's import hook asks of every module imported after it whether its source mentions
PySide6; Kömek's quicker answer must be the same answer, module for module."""

from __future__ import annotations

import importlib
import math
import sys

import desktop.ui  # noqa: F401  (installs the quick answer)
from desktop.ui import pyside_hook


def test_the_quick_answer_is_installed_once():
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside.quick
    assert not pyside_hook.quicken()  # a second call changes nothing


def test_it_answers_as_pyside_does_for_every_kind_of_module():
    feature = sys.modules["shibokensupport.feature"]
    quick = feature._mod_uses_pyside
    original = quick.original
    names = ["desktop.ui.app", "desktop.ui.journal_view", "desktop.domain.model",
             "sqlalchemy.engine.base", "desktop.storage.database", "json", "PySide6"]
    modules = [importlib.import_module(name) for name in names] + [sys, math]
    answers = {m.__name__: quick(m) for m in modules}
    assert answers == {m.__name__: original(m) for m in modules}
    assert answers["desktop.ui.app"] and answers["desktop.ui.journal_view"]
    assert not answers["desktop.domain.model"] and not answers["sqlalchemy.engine.base"]
