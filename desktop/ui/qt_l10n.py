"""Qt's own texts (file dialogs, message boxes, context menus) in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop import i18n
from desktop.i18n import N_

_installed: list[QTranslator] = []

# Qt's standard buttons (QDialogButtonBox, QMessageBox, QWizard's Cancel) read their texts in the
# context "QPlatformTheme". Qt's own catalogs leave Russian "OK" in Latin letters and call Cancel
# «Бас тарту» in Kazakh, the word of the legal refusals; Kömek's catalog answers instead
# (i18n/glossary.md: Cancel «Болдырмау» / «Отмена»).
STANDARD_BUTTONS = {
    text: text for text in (
        N_("OK"), N_("Open"), N_("Save"), N_("Cancel"), N_("Close"), N_("Apply"), N_("Reset"),
        N_("Help"), N_("Discard"), N_("Don't Save"), N_("&Yes"), N_("&No"), N_("Abort"),
        N_("Retry"), N_("Ignore"))
}


class StandardButtonTexts(QTranslator):
    """Qt's standard button texts from Kömek's catalog, in the current language."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context == "QPlatformTheme" and source_text in STANDARD_BUTTONS:
            return i18n._(source_text)
        return None  # a null string: "not mine", the next translator answers

    def isEmpty(self) -> bool:  # Qt's name
        return False

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
    buttons = StandardButtonTexts(app)
    app.installTranslator(buttons)  # the last installed is asked first
    _installed.append(buttons)
    QLocale.setDefault(QLocale(QT_LOCALES[lang]))
