"""Either spelling of a Kazakh name has one key (issue 17)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.spelling import FOLDED_LETTERS, names_agree, spelling_key

RUSSIAN_FOR = {"і": "и", "ә": "а", "ө": "о", "ұ": "у", "ү": "у", "қ": "к", "ғ": "г", "ң": "н",
               "һ": "х"}


def test_a_surname_written_both_ways_has_one_key() -> None:
    assert spelling_key("Серікбаева") == spelling_key("серикбаева") == "серикбаева"
    assert spelling_key("ҰЗАҚОВА Әсел") == spelling_key("Узакова Асел")
    assert spelling_key("Үсенов") == spelling_key("Усенов") == spelling_key("Ұсенов")
    assert spelling_key("Ғалиева Мөлдір") == spelling_key("Галиева Молдир")
    assert spelling_key("Ңұрлан Һ") == spelling_key("нурлан х")
    assert spelling_key("Семёнов") == spelling_key("Семенов")
    assert spelling_key("Серiкбаева") == "серикбаева"  # Latin i inside a Cyrillic word
    assert spelling_key("  Әбдіров   Ерлан ") == "абдиров ерлан"


def test_letters_of_one_spelling_stay_apart() -> None:
    assert spelling_key("Ыбыраев") != spelling_key("Ибираев")
    assert spelling_key("Бек") != spelling_key("Бак")


def test_a_name_being_typed_agrees_with_the_known_one_while_it_can_still_become_it() -> None:
    assert names_agree("", "Серікбаева Әсел")
    assert names_agree("Серикбаева", "Серікбаева Әсел")
    assert names_agree("СЕРІКБАЕВА АСЕЛ", "Серікбаева Әсел")
    assert not names_agree("Ахметова", "Серікбаева Әсел")
    assert not names_agree("Серікбаева Дана", "Серікбаева Әсел")


kazakh_word = st.text(alphabet="аәбгғдеикқлмнңоөрстуұүхһшыі", min_size=1, max_size=12)


@given(kazakh_word)
def test_the_russian_keyboard_spelling_of_any_kazakh_word_has_its_key(word: str) -> None:
    russian = "".join(RUSSIAN_FOR.get(ch, ch) for ch in word)
    assert spelling_key(word) == spelling_key(russian) == spelling_key(word.upper())
    assert not set(spelling_key(word)) & set(RUSSIAN_FOR)
    assert set(RUSSIAN_FOR) | set(RUSSIAN_FOR.values()) <= FOLDED_LETTERS
