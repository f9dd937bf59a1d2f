"""Maintain Kömek's gettext catalogs: extract, update and check (run from the repository root).

    python i18n/manage.py update [DOMAIN...]  # add new msgids to the kk/ru catalogs, drop obsolete
    python i18n/manage.py check    # fail on missing, untranslated or fuzzy entries

Each gettext domain collects the strings of one layer, so people working on different layers
never edit the same catalog. The ``.po`` files are read at run time; nothing is compiled.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

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


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update(argv[2:])
        return 0
    if command == "check":
        issues = problems()
        for line in issues:
            print(line)
        print(f"{len(issues)} problem(s)")
        return 1 if issues else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
