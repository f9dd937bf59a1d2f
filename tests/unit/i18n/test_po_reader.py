"""The start-up's own .po reader gives the translator Babel's read_po + write_mo would."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop import i18n
from desktop.i18n import _Catalog, _po_files


def _babel(text: str, locale: str) -> gettext.GNUTranslations:
    catalog = read_po(io.BytesIO(text.encode("utf-8")), locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _same(text: str, locale: str) -> None:
    reference, ours = _babel(text, locale), _Catalog(text)
    assert ours._catalog == {k: v for k, v in reference._catalog.items() if k != ""}
    assert [ours.plural(n) for n in range(130)] == [reference.plural(n) for n in range(130)]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_catalog_reads_as_babel_reads_it(lang):
    paths = list(_po_files(lang))
    assert paths
    for path in paths:
        _same(path.read_text(encoding="utf-8"), i18n.BABEL_LOCALES[lang])


SAMPLE = r'''# A comment
msgid ""
msgstr ""
"Language: ru_KZ\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"Content-Type: text/plain; charset=utf-8\n"

#: somewhere.py:1
msgid "Plain"
msgstr "Простой"

#, python-format
msgid ""
"Two lines\n"
"with \"quotes\" and a \\ backslash\t"
msgstr ""
"Две строки\n"
"с \"кавычками\" и \\ чертой\t"

#, fuzzy
msgid "Fuzzy"
msgstr "Нечёткий"

msgid "Untranslated"
msgstr ""

msgctxt "menu"
msgid "Open"
msgstr "Открыть"

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} файл"
msgstr[1] ""
msgstr[2] "{n} файлов"

#~ msgid "Obsolete"
#~ msgstr "Устаревший"
'''


def test_escapes_fuzzy_context_plurals_and_obsolete_entries():
    _same(SAMPLE, "ru_KZ")
    ours = _Catalog(SAMPLE)
    assert ours.gettext("Fuzzy") == "Fuzzy"
    assert ours.gettext("Obsolete") == "Obsolete"
    assert ours.pgettext("menu", "Open") == "Открыть"
    assert ours.ngettext("{n} file", "{n} files", 5) == "{n} файлов"
    assert ours.ngettext("{n} file", "{n} files", 3) == "{n} files"
