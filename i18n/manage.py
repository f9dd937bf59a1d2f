"""Maintain Kömek's gettext catalogs: extract, update and check (run from the repository root).

    python i18n/manage.py update [DOMAIN...]  # add new msgids to the kk/ru catalogs, drop obsolete
    python i18n/manage.py check    # fail on missing, untranslated or fuzzy entries, and on
                                   # wording that breaks i18n/glossary.md

Each gettext domain collects the strings of one layer, so people working on different layers
never edit the same catalog. The ``.po`` files are read at run time; nothing is compiled.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("kk", "ru")
LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ"}
# gettext domain -> source paths whose strings it holds
DOMAINS: dict[str, tuple[str, ...]] = {
    "ui": ("desktop/ui", "desktop/__main__.py", "desktop/startup.py", "desktop/cli",
           "desktop/services", "desktop/storage", "desktop/i18n.py", "desktop/demo"),
    "domain": ("desktop/domain",),
    "printing": ("desktop/printing",),
    "forms": ("desktop/formspec",),
    "sync": ("desktop/sync",),
}
KEYWORDS = {
    "_": None,
    "N_": None,
    "Text": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}


def _sources(domain: str) -> Iterator[Path]:
    for rel in DOMAINS[domain]:
        path = ROOT / rel
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(path.rglob("*.py"))


def extract(domain: str) -> Catalog:
    """A fresh template catalog of one domain, straight from the sources."""
    template = Catalog(project="Kömek", fuzzy=False)
    for path in _sources(domain):
        for lineno, message, comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            rel = path.relative_to(ROOT).as_posix()
            template.add(message, None, [(rel, lineno)], auto_comments=comments, context=context)
    return template


def po_path(lang: str, domain: str) -> Path:
    return ROOT / "i18n" / lang / "LC_MESSAGES" / f"{domain}.po"


def load(lang: str, domain: str) -> Catalog:
    path = po_path(lang, domain)
    if not path.exists():
        return Catalog(locale=LOCALES[lang], project="Kömek", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=LOCALES[lang])


def update(domains: list[str]) -> None:
    for domain in domains or list(DOMAINS):
        template = extract(domain)
        if not len(template) and not any(po_path(lang, domain).exists() for lang in LANGUAGES):
            continue
        for lang in LANGUAGES:
            catalog = load(lang, domain)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            path = po_path(lang, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, sort_by_file=True, ignore_obsolete=True)
            print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def problems() -> list[str]:
    """Every reason the catalogs are not complete, one line each."""
    found: list[str] = []
    for domain in DOMAINS:
        template = extract(domain)
        for lang in LANGUAGES:
            catalog = load(lang, domain)
            for message in template:
                if not message.id:
                    continue
                entry = catalog.get(message.id, context=message.context)
                where = f"{lang}/{domain}.po: {message.id!r}"
                if entry is None:
                    found.append(f"{where} is missing (run: python i18n/manage.py update)")
                elif entry.fuzzy:
                    found.append(f"{where} is fuzzy")
                elif not entry.string or (
                    isinstance(entry.string, tuple) and not all(entry.string)
                ):
                    found.append(f"{where} is not translated")
            for message, errors in catalog.check():
                for error in errors:
                    found.append(f"{lang}/{domain}.po: {message.id!r}: {error}")
    return found


GLOSSARY = ROOT / "i18n" / "glossary.md"
CYRILLIC = "\u0400-\u04ff"
MIXED_SCRIPT = re.compile(rf"[{CYRILLIC}][A-Za-z]|[A-Za-z][{CYRILLIC}]")
KAZAKH_ONLY = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
STRAIGHT_QUOTES = re.compile('["“”„]')
DOUBLE_STOP = re.compile(r"\b[гж]\.\s*\.")
FOR_EXAMPLE = re.compile(r"(?<!\w)(мысалы|например) (?!,)", re.IGNORECASE)
FORBIDDEN_COLUMNS = {"kk": 3, "ru": 4}


def forbidden_variants(path: Path = GLOSSARY) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The variants i18n/glossary.md refuses, per language: ``word*`` as the start of a word,
    ``word`` as a whole word, case-insensitively."""
    found: dict[str, list[tuple[str, re.Pattern[str]]]] = {"kk": [], "ru": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 5:
            continue
        for lang, column in FORBIDDEN_COLUMNS.items():
            for variant in re.findall(r"`([^`]+)`", cells[column]):
                prefix = variant.endswith("*")
                body = re.escape(variant.rstrip("*"))
                pattern = re.compile(rf"(?<!\w){body}" + ("" if prefix else r"(?!\w)"),
                                     re.IGNORECASE)
                found[lang].append((variant, pattern))
    return found


def _yaml_texts(node: object, where: str) -> Iterator[tuple[str, str, str]]:
    """(language, place, text) of every {kk: ..., ru: ...} text in a loaded YAML tree."""
    if isinstance(node, dict):
        if isinstance(node.get("kk"), str) and isinstance(node.get("ru"), str):
            yield "kk", where, node["kk"]
            yield "ru", where, node["ru"]
        for key, value in node.items():
            if key not in ("kk", "ru"):
                yield from _yaml_texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _yaml_texts(value, f"{where}[{index}]")


def texts() -> Iterator[tuple[str, str, str]]:
    """(language, place, text) of every Kazakh and Russian text a person reads: the catalogs'
    translations, the forms, the reference offices and the printed titles."""
    for domain in DOMAINS:
        for lang in LANGUAGES:
            for message in load(lang, domain):
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple) else (
                    message.string,)
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                for text in strings:
                    if text:
                        yield lang, f"{lang}/{domain}.po: {key!r}", text
    for path in sorted((ROOT / "forms").glob("*.yaml")):
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield from _yaml_texts(tree, f"forms/{path.name}")
    offices = ROOT / "resources" / "reference" / "offices.json"
    for index, office in enumerate(json.loads(offices.read_text(encoding="utf-8"))):
        for key, value in office.items():
            if isinstance(value, str) and key.endswith(("_kk", "_ru")):
                yield key[-2:], f"offices.json[{index}].{key}", value
    sys.path.insert(0, str(ROOT))
    from desktop.formspec.model import LocalizedText
    from desktop.printing import wording

    for name, value in vars(wording).items():
        if isinstance(value, LocalizedText):
            yield "kk", f"printing/wording.py: {name}", value.kk
            yield "ru", f"printing/wording.py: {name}", value.ru


def wording_problems() -> list[str]:
    """What i18n/glossary.md's writing rules and terms refuse, one line each."""
    variants = forbidden_variants()
    return [problem for lang, where, text in texts()
            for problem in text_problems(lang, where, text, variants)]


def text_problems(lang: str, where: str, text: str,
                  variants: dict[str, list[tuple[str, re.Pattern[str]]]]) -> list[str]:
    """What the writing rules and the settled terms refuse in one text of ``lang``."""
    found: list[str] = []
    if lang == "ru" and ("ё" in text or "Ё" in text):
        found.append(f"{where}: ё in Russian (write е)")
    if lang == "ru" and KAZAKH_ONLY.search(text):
        found.append(f"{where}: a Kazakh letter in Russian")
    if STRAIGHT_QUOTES.search(text):
        found.append(f"{where}: straight quotes (write «»)")
    if DOUBLE_STOP.search(text):
        found.append(f"{where}: a double full stop after an abbreviated year")
    if FOR_EXAMPLE.search(text):
        found.append(f"{where}: a comma after «мысалы» / «например»")
    for word in re.findall(r"\S+", text):
        if MIXED_SCRIPT.search(word):
            found.append(f"{where}: Latin and Cyrillic letters in one word: {word!r}")
    for variant, pattern in variants[lang]:
        if pattern.search(text):
            found.append(f"{where}: {variant!r} (see i18n/glossary.md)")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update(argv[2:])
        return 0
    if command == "check":
        issues = problems() + wording_problems()
        for line in issues:
            print(line)
        print(f"{len(issues)} problem(s)")
        return 1 if issues else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
