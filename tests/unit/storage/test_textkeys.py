"""Search keys fold Kazakh and Russian case; sort keys follow the Kazakh alphabet."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.storage.textkeys import KAZAKH_ALPHABET, kazakh_collation, search_key, sort_key


def test_surnames_sort_in_kazakh_alphabet_order() -> None:
    names = ["Яковлев", "Іскаков", "Ыбыраев", "Һасанов", "Үсенов", "Ұзақов", "Қасымов",
             "Кенжебаев", "Ғалиев", "Ершов", "Ёлкин", "Әбдіров", "Ахметов", "Өтегенов", "Оспанов",
             "Ңғ", "Нұрланов"]
    expected = ["Ахметов", "Әбдіров", "Ғалиев", "Ершов", "Ёлкин", "Кенжебаев", "Қасымов",
                "Нұрланов", "Ңғ", "Оспанов", "Өтегенов", "Ұзақов", "Үсенов", "Һасанов",
                "Ыбыраев", "Іскаков", "Яковлев"]
    assert sorted(names, key=sort_key) == expected


def test_sorting_ignores_case_and_puts_a_shorter_surname_first() -> None:
    assert sorted(["ахметова Б", "Ахметов А", "АХМЕТОВ Б"], key=sort_key) == [
        "Ахметов А", "АХМЕТОВ Б", "ахметова Б"
    ]


def test_search_key_folds_kazakh_capitals_and_mends_lookalikes() -> None:
    assert search_key("ӘБДІРОВ") == "әбдіров"
    assert search_key("Әбдiров") == "әбдіров"  # Latin i inside a Cyrillic word
    assert search_key("Əбдіров") == "әбдіров"  # Latin schwa
    assert search_key("  Семёнов   Иван ") == "семенов иван"
    assert search_key("Ұзақов") != search_key("Үзақов")  # never merges distinct letters


@given(st.text(alphabet=KAZAKH_ALPHABET, max_size=6), st.text(alphabet=KAZAKH_ALPHABET, max_size=6))
def test_sort_key_order_is_the_alphabet_order(a: str, b: str) -> None:
    rank = [[KAZAKH_ALPHABET.index(ch) for ch in word] for word in (a, b)]
    assert (sort_key(a) < sort_key(b)) == (rank[0] < rank[1])
    assert (kazakh_collation(a, b) < 0) == (rank[0] < rank[1])
