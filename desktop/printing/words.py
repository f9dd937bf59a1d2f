"""Small text helpers of the documents: wordings, long dates, addresses, escaping."""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape

from desktop.domain.model import Address
from desktop.domain.quarters import Quarter
from desktop.domain.text import Text
from desktop.formspec.model import LocalizedText
from desktop.i18n import _, render
from desktop.printing.records import Wording

# glossary C.4: Russian months in the genitive, Kazakh months lower case, nominative.
MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
MONTHS_KK = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан")
# The locative, for a date that says when something was done («желтоқсанда қабылданды»).
MONTHS_KK_LOCATIVE = ("қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда",
                      "шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда")


def say(wording: Wording, lang: str) -> str:
    """A wording in ``lang``: both-language text, a gettext message, or a plain string."""
    if isinstance(wording, LocalizedText):
        return wording.text(lang)
    if isinstance(wording, Text):
        return render(wording, lang)
    return wording


_STRAIGHT_QUOTED = re.compile(r'"([^"]*)"')


def official_name(text: str) -> str:
    """An institution's name as a letterhead prints it: «…» quotes, a capital letter
    (an office set up from older reference data may still hold "…" and a lower case)."""
    text = _STRAIGHT_QUOTED.sub(r"«\1»", text.strip())
    return text[:1].upper() + text[1:]


def esc(text: str) -> str:
    """Text made safe for a reportlab Paragraph (which reads a little XML)."""
    return escape(text)


def long_date(day: dt.date | None, lang: str, when: bool = False) -> str:
    """A date as the blanks print it: «21» марта 2026 года / 2026 жылғы «21» наурыз; with
    ``when`` (the date something was done) the Kazakh month takes the locative:
    2026 жылғы «6» желтоқсанда (қабылданды)."""
    if day is None:
        return ""
    if lang == "kk":
        months = MONTHS_KK_LOCATIVE if when else MONTHS_KK
        return f"{day.year} жылғы «{day.day}» {months[day.month - 1]}"
    return f"«{day.day}» {MONTHS_RU[day.month - 1]} {day.year} года"


def locality_line(address: Address | None) -> str:
    """"(населенный пункт, район)": the first address line of the forms."""
    if address is None:
        return ""
    return ", ".join(part for part in (address.locality, address.district) if part)


def street_line(address: Address | None, phone: str, lang: str) -> str:
    """"(улица, № дома и квартиры, телефон)": the second address line of the forms."""
    parts: list[str] = []
    if address is not None:
        if address.street:
            parts.append(address.street)
        if address.house:
            parts.append(_("house {house}", lang).format(house=address.house))
        if address.flat:
            parts.append(_("flat {flat}", lang).format(flat=address.flat))
    if phone:
        parts.append(_("tel. {phone}", lang).format(phone=phone))
    return ", ".join(parts)


def full_address(address: Address | None, lang: str) -> str:
    """Locality, district, street, house, flat on one line (tables, journal)."""
    first = locality_line(address)
    second = street_line(address, "", lang)
    return ", ".join(part for part in (first, second) if part)


def quarter_in(quarter: Quarter, lang: str) -> str:
    """A quarter as the income sheet's blank takes it: "в {4 квартале 2025 года}" /
    "{2025 жылғы 4-тоқсанда} тапқан" (glossary C.2 ordinal hyphen, C.4 seed pattern)."""
    if lang == "kk":
        return f"{quarter.year} жылғы {quarter.number}-тоқсанда"
    return f"{quarter.number} квартале {quarter.year} года"
