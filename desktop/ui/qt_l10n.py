"""Qt's own texts (file dialogs, message boxes, context menus) in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []

# Qt's Russian locale for Kazakhstan, and Kazakh: dates and numbers follow them.
QT_LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ"}


def install_qt_translations(lang: str) -> None:
    """Replace Qt's translators with the ones for ``lang`` (qtbase_kk / qtbase_ru)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in (f"qtbase_{lang}", f"qt_{lang}"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
            break
    QLocale.setDefault(QLocale(QT_LOCALES[lang]))
