"""Every interface string is translated into Kazakh and Russian, with the right letters."""

from __future__ import annotations

import importlib.util
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("i18n_manage", ROOT / "i18n" / "manage.py")
assert spec and spec.loader
manage = importlib.util.module_from_spec(spec)
spec.loader.exec_module(manage)

PO_FILES = sorted((ROOT / "i18n").glob("*/LC_MESSAGES/*.po"))
MIXED_SCRIPT = re.compile(r"[\u0400-\u04FF][A-Za-z]|[A-Za-z][\u0400-\u04FF]")
KAZAKH_ONLY = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def _entries(path: Path):
    lang = path.parts[-3]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale={"kk": "kk_KZ", "ru": "ru_KZ"}[lang])
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            yield lang, ids, strings


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_are_complete_and_not_fuzzy():
    assert manage.problems() == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_letters_are_right_for_the_language(path: Path):
    wrong = []
    for lang, _ids, strings in _entries(path):
        for text in strings:
            if lang == "kk":
                for word in re.findall(r"\S+", text):
                    if MIXED_SCRIPT.search(word) or "ə" in word or "Ə" in word:
                        wrong.append(word)
            elif KAZAKH_ONLY & set(text):
                wrong.append(text)
    assert wrong == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_placeholders_match(path: Path):
    mismatched = []
    for _lang, ids, strings in _entries(path):
        expected = _fields(ids[-1])
        for text in strings:
            if text and _fields(text) != expected:
                mismatched.append((ids[0], text))
    assert mismatched == []


def test_a_message_means_the_same_in_every_layer():
    """All catalogs of a language are chained into one translator, so a msgid that two
    layers translate differently would show one layer's wording in the other's place."""
    seen: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {}
    conflicts = []
    for path in PO_FILES:
        for lang, ids, strings in _entries(path):
            key = (lang, ids)
            if key in seen and seen[key][1] != tuple(strings):
                conflicts.append((lang, ids[0], seen[key][0], path.name))
            seen.setdefault(key, (path.name, tuple(strings)))
    assert conflicts == []


def test_every_text_follows_the_settled_terms_and_writing_rules():
    """Catalogs, forms, reference offices and printed titles (i18n/glossary.md)."""
    assert manage.wording_problems() == []


def _problems(lang: str, text: str) -> list[str]:
    return manage.text_problems(lang, "sample", text, manage.forbidden_variants())


@pytest.mark.parametrize(("lang", "text", "reason"), [
    ("ru", "Учётная запись", "ё in Russian"),
    ("ru", 'Закон "О государственных услугах"', "straight quotes"),
    ("kk", "“Өтініш”", "straight quotes"),
    ("ru", "Решение от 01.07.2026 г..", "double full stop"),
    ("ru", "IV квартал 2026 г. .", "double full stop"),
    ("kk", "мемлекеттiк", "Latin and Cyrillic"),
    ("ru", "Cправка", "Latin and Cyrillic"),
    ("ru", "Справка ІІН", "a Kazakh letter in Russian"),
    ("kk", "Отбасы мүшесі еңбекке жарамды", "'еңбекке жарамды*'"),
    ("kk", "Еңбекке жарамдылар", "'еңбекке жарамды*'"),
    ("kk", "Абай селолық округі", "'селолық*'"),
    ("kk", "Мүгедек баланы бағып-күтеді", "'мүгедек бала*'"),
    ("kk", "Отбасыдан шықты", "'отбасыдан'"),
    ("ru", "отказывается на срок (мес.): 6", "'на срок (мес.)*'"),
    ("ru", "постановление акимата или решение акимата", "'решение акимата*'"),
    ("ru", "код учреждения, например AKT-05", "a comma after"),
    ("kk", "мекеме коды, мысалы AKT-05", "a comma after"),
])
def test_the_check_finds(lang: str, text: str, reason: str):
    assert any(reason in problem for problem in _problems(lang, text)), _problems(lang, text)


@pytest.mark.parametrize(("lang", "text"), [
    ("kk", "Мүгедектігі бар бала; уақытша еңбекке жарамсыз; құжаттар жарамды"),
    ("kk", "Отбасынан шықты; жерлеуге арналған біржолғы төлем; Kömek-тің нұсқасы; IBAN-ның"),
    ("ru", "Закон 2001 года «О государственной адресной социальной помощи»; IV квартал 2026 г."),
    ("ru", "Ребенок с инвалидностью; в течение шести месяцев; ИИН, PDF, Excel"),
])
def test_the_check_lets_the_settled_words_pass(lang: str, text: str):
    assert _problems(lang, text) == []
