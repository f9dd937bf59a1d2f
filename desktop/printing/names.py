"""A person's name in the dative, as the certificate's sentence needs it (i18n/glossary.md).

Russian: «Справка дана Серикбаевой Дане Ерлановне»: surname, first name and patronymic each
take the dative by the rules of Russian grammar for the names written in Kazakhstan (a
woman's first name ending in a consonant, a Kazakh patronymic in -ұлы/-қызы, a surname in -о or
-ых stay as they are). Kazakh: the ending goes on the last word, «Серікбаева Дана
Ерланқызына», by vowel harmony and the last sound (-ға/-ге, -қа/-ке, -на/-не after the
possessive of -ұлы/-қызы).
"""

from __future__ import annotations

from desktop.domain.iin import check_iin
from desktop.domain.model import FamilyMember, PersonName, Sex

_BACK_VOWELS = set("аоұыуяюё")
_FRONT_VOWELS = set("әөүіеиэ")
_VOICELESS = set("кқпстфхцчшщбвгд")
_KAZAKH_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы", "уулу", "кизи")


def dative(name: PersonName, sex: Sex | None, lang: str) -> str:
    """The full name in the dative: «Серикбаевой Дане Ерлановне» / «… Ерланқызына»."""
    if lang == "kk":
        return _kazakh_dative(name.full)
    female = sex is Sex.FEMALE
    parts = [_surname_ru(name.surname, female), _first_name_ru(name.first_name, female),
             _patronymic_ru(name.patronymic)]
    return " ".join(part for part in parts if part)


def _kazakh_dative(full: str) -> str:
    if not full:
        return full
    head, _space, last = full.rpartition(" ")
    word = last.lower()
    back = _is_back(word)
    if word.endswith(_KAZAKH_PATRONYMIC):
        suffix = "на" if back else "не"
    elif word[-1] in _VOICELESS:
        suffix = "қа" if back else "ке"
    else:
        suffix = "ға" if back else "ге"
    return f"{head} {last}{suffix}".strip()


def _is_back(word: str) -> bool:
    for letter in reversed(word):
        if letter in _FRONT_VOWELS:
            return False
        if letter in _BACK_VOWELS:
            return True
    return True


def _replace_end(word: str, end: str, new: str) -> str:
    return word[: len(word) - len(end)] + new


def _surname_ru(word: str, female: bool) -> str:
    if not word or "-" in word:
        return "-".join(_surname_ru(part, female) for part in word.split("-")) if word else word
    low = word.lower()
    if low.endswith(("о", "е", "и", "у", "ю", "ых", "их", "э")):
        return word
    if female:
        for end in ("ова", "ева", "ёва", "ина", "ына"):
            if low.endswith(end):
                return _replace_end(word, "а", "ой")
        if low.endswith("ая"):
            return _replace_end(word, "ая", "ой")
        if low.endswith("а") and len(low) > 1 and low[-2] not in "аеиоуыэюяё":
            return _replace_end(word, "а", "е")
        if low.endswith("я"):
            return _replace_end(word, "я", "е")
        return word
    if low.endswith(("ский", "цкий", "ый", "ой")):
        return _replace_end(word, word[-2:], "ому")
    if low.endswith("ий"):
        return _replace_end(word, "ий", "ию")
    if low.endswith(("й", "ь")):
        return _replace_end(word, word[-1], "ю")
    if low.endswith("а"):
        return _replace_end(word, "а", "е")
    if low.endswith("я"):
        return _replace_end(word, "я", "е")
    return word + "у"


def _first_name_ru(word: str, female: bool) -> str:
    if not word:
        return word
    low = word.lower()
    if low.endswith("ия"):
        return _replace_end(word, "я", "и")
    if low.endswith(("а", "я")):
        return _replace_end(word, word[-1], "е")
    if female:
        if low.endswith("ь"):
            return _replace_end(word, "ь", "и")
        return word
    if low.endswith(("о", "е", "и", "у", "ю", "э")):
        return word
    if low.endswith(("й", "ь")):
        return _replace_end(word, word[-1], "ю")
    return word + "у"


def _patronymic_ru(word: str) -> str:
    low = word.lower()
    if low.endswith("ич"):
        return word + "у"
    if low.endswith("на"):
        return _replace_end(word, "а", "е")
    return word


def member_sex(member: FamilyMember) -> Sex | None:
    """The member's sex as entered, or as the IIN tells it."""
    if member.sex is not None:
        return member.sex
    info = check_iin(member.iin).info
    return info.sex if info is not None else None
