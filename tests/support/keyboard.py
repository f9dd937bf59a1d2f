"""Type as a person does: every character and key a key event to the widget with the focus.

``QTest.keyClicks`` knows only ASCII; Kazakh and Russian letters go as key events that carry
their text, which is what a keyboard layout sends. ``Keyboard.count`` is the number of keys
pressed (a chord such as Alt+→ is one).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def activate(qtbot, window: QWidget) -> None:
    """Make ``window`` the active window, as a click on it would (keys go to its focus)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


class Keyboard:
    def __init__(self) -> None:
        self.count = 0

    def type(self, text: str, widget: QWidget | None = None) -> None:
        """Type ``text`` into ``widget`` (default: the focused widget), key by key."""
        for char in text:
            target = widget or focused()
            if char.isascii() and (char.isalnum() or char in " .-+()/,"):
                QTest.keyClick(target, char)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key.Key_unknown, char,
                                   Qt.KeyboardModifier.NoModifier)
            self.count += 1
        QApplication.processEvents()

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              widget: QWidget | None = None, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(widget or focused(), key, modifiers)
            self.count += 1
            QApplication.processEvents()


def type_keys(text: str, widget: QWidget | None = None) -> None:
    Keyboard().type(text, widget)
