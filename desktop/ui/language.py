"""The run-time language switch: one signal every window listens to."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.ui.qt_l10n import install_qt_translations


class LanguageController(QObject):
    """Switches the interface language and tells the open windows to retranslate.

    Signals:
        language_changed(str): emitted after the switch, with the new language code.
    """

    language_changed = Signal(str)

    def __init__(self, remember: object | None = None) -> None:
        super().__init__()
        self._remember = remember

    @property
    def language(self) -> str:
        return i18n.current_language()

    def switch(self, lang: str) -> None:
        i18n.set_language(lang)
        install_qt_translations(lang)
        if callable(self._remember):
            self._remember(lang)
        self.language_changed.emit(lang)
        follow_language()


def follow_language() -> None:
    """The windows opened from other windows (a case, a print preview, a document made at the
    desk) do not know the controller: each one open on the screen says ``language_switched()``.
    A closed one is deleted or hidden, and never touched."""
    for widget in QApplication.topLevelWidgets():
        hook = getattr(widget, "language_switched", None)
        if callable(hook) and widget.isVisible():
            hook()
