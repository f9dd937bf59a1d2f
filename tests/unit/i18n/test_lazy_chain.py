"""The chained translator reads a catalog only when a message is not in the ones before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import i18n

HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

'''


def _write(folder: Path, domain: str, body: str) -> Path:
    path = folder / f"{domain}.po"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def chain(tmp_path):
    paths = [
        _write(tmp_path, "domain", 'msgid "Family"\nmsgstr "Отбасы"\n\n'
                                   'msgctxt "case"\nmsgid "Open"\nmsgstr "Ашық"\n\n'
                                   'msgid "one day"\nmsgid_plural "{n} days"\n'
                                   'msgstr[0] "{n} күн"\nmsgstr[1] "{n} күн(дер)"\n'),
        _write(tmp_path, "ui", 'msgid "File"\nmsgstr "Файл"\n'),
    ]
    return i18n._Chain(paths)


def test_the_interface_catalog_is_read_first_and_alone(chain):
    assert chain.gettext("File") == "Файл"
    assert len(chain._read) == 1


def test_other_catalogs_are_read_when_a_message_is_missing(chain):
    assert chain.gettext("Family") == "Отбасы"
    assert chain.pgettext("case", "Open") == "Ашық"
    assert chain.ngettext("one day", "{n} days", 1) == "{n} күн"
    assert chain.ngettext("one day", "{n} days", 5) == "{n} күн(дер)"
    assert len(chain._read) == 2


def test_an_unknown_message_is_its_own_translation(chain):
    assert chain.gettext("Nowhere") == "Nowhere"
    assert chain.ngettext("a", "b", 1) == "a"
    assert chain.ngettext("a", "b", 2) == "b"
    assert chain.npgettext("x", "a", "b", 2) == "b"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_catalog_message_is_found_through_the_chain(lang):
    """The real catalogs: each translated message of each domain comes out of the chain."""
    chain = i18n._Chain(i18n._po_files(lang))
    for path in i18n._po_files(lang):
        catalog = i18n._Catalog(path.read_text(encoding="utf-8"))
        for key, value in catalog._catalog.items():
            if isinstance(key, str) and "\x04" not in key:
                assert chain.gettext(key) == value, (path.name, key)
