"""IIN: every test vector of rules-research.md §4.4, each failure's own message, generation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.iin import ZeroCenturyPolicy, check_digit, check_iin, make_iin
from desktop.domain.issues import Severity
from desktop.domain.model import Sex

VALID = [
    ("900101300126", dt.date(1990, 1, 1), Sex.MALE),
    ("061211600012", dt.date(2006, 12, 11), Sex.FEMALE),
    ("850315401231", dt.date(1985, 3, 15), Sex.FEMALE),
    ("000202500010", dt.date(2000, 2, 2), Sex.MALE),
    ("780512304562", dt.date(1978, 5, 12), Sex.MALE),
    ("951231407892", dt.date(1995, 12, 31), Sex.FEMALE),
    ("010701500104", dt.date(2001, 7, 1), Sex.MALE),
    ("121229602028", dt.date(2012, 12, 29), Sex.FEMALE),
    ("890101100018", dt.date(1889, 1, 1), Sex.MALE),
    ("450509401232", dt.date(1945, 5, 9), Sex.FEMALE),
    ("920229400777", dt.date(1992, 2, 29), Sex.FEMALE),
    ("000229600034", dt.date(2000, 2, 29), Sex.FEMALE),
    ("050315500420", dt.date(2005, 3, 15), Sex.MALE),
    ("100101612344", dt.date(2010, 1, 1), Sex.FEMALE),
    ("870715345671", dt.date(1987, 7, 15), Sex.MALE),
]


@pytest.mark.parametrize(("iin", "birth", "sex"), VALID)
def test_valid_vectors_decode_birth_date_and_sex(iin: str, birth: dt.date, sex: Sex) -> None:
    result = check_iin(iin)
    assert result.valid and result.issues == ()
    assert result.info is not None
    assert (result.info.birth_date, result.info.sex) == (birth, sex)


def test_second_pass_is_used_when_the_first_gives_ten() -> None:
    # rules-research.md Example B: pass 1 gives 87 mod 11 = 10, pass 2 gives 2.
    assert check_digit("06121160001") == 2
    assert check_digit("90010130012") == 6


@pytest.mark.parametrize("prefix", ["90010130080", "23123150500"])
def test_prefix_giving_ten_twice_is_never_issued(prefix: str) -> None:
    assert check_digit(prefix) is None
    for last in "0123456789":
        result = check_iin(prefix + last)
        assert not result.valid
        assert result.issues[0].code == "iin.unusable_prefix"
        assert result.issues[0].message.params["prefix"] == prefix


@pytest.mark.parametrize(("iin", "expected", "actual"), [
    ("900101300127", 6, "7"), ("061211600013", 2, "3")])
def test_wrong_check_digit_says_what_it_should_be(iin: str, expected: int, actual: str) -> None:
    result = check_iin(iin)
    issue = result.issues[0]
    assert issue.code == "iin.check_digit"
    assert issue.message.params == {"expected": expected, "actual": actual}


@pytest.mark.parametrize(("iin", "code"), [
    ("901301300126", "iin.month"),
    ("900230300128", "iin.day"),
    ("900101700121", "iin.century_digit"),
    ("12345678901", "iin.length"),
    ("1234567890123", "iin.length"),
    ("90010130012a", "iin.not_digit"),
    ("", "iin.length"),
])
def test_invalid_vectors_each_have_their_own_code(iin: str, code: str) -> None:
    result = check_iin(iin)
    assert not result.valid
    assert result.info is None
    assert [issue.code for issue in result.issues] == [code]


def test_messages_carry_the_offending_part() -> None:
    assert check_iin("12345678901").issues[0].message.params["count"] == 11
    bad_char = check_iin("90010130012a").issues[0].message.params
    assert bad_char == {"position": 12, "char": "a"}
    assert check_iin("900230300128").issues[0].message.params == {
        "day": "30", "month": "02", "year": 1990}
    assert check_iin("900101700121").issues[0].message.params["digit"] == 7


def test_seventh_digit_zero_is_accepted_with_a_warning_by_default() -> None:
    # A real-looking checksum-valid number with digit 7 = 0 (rules-research.md §4.2).
    result = check_iin("980109050588")
    assert result.valid
    assert result.info is not None and result.info.birth_date is None and result.info.sex is None
    assert [(i.code, i.severity) for i in result.issues] == [
        ("iin.century_zero", Severity.WARNING)]
    rejected = check_iin("980109050588", ZeroCenturyPolicy.REJECT)
    assert not rejected.valid and rejected.issues[0].severity is Severity.ERROR


def test_surrounding_spaces_are_ignored() -> None:
    assert check_iin(" 900101300126 ").valid


@given(st.dates(dt.date(1800, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(list(Sex)),
       st.integers(0, 9999))
def test_generated_iins_check_and_decode(birth: dt.date, sex: Sex, serial: int) -> None:
    digit7 = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (sex is Sex.FEMALE)
    prefix = f"{birth:%y%m%d}{digit7}{serial:04d}"
    try:
        iin = make_iin(birth, sex, serial)
    except ValueError:
        assert check_digit(prefix) is None
        return
    assert iin[:11] == prefix
    result = check_iin(iin)
    assert result.valid
    assert result.info is not None
    assert (result.info.birth_date, result.info.sex) == (birth, sex)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_any_twelve_digits_are_valid_only_with_the_right_check_digit(iin: str) -> None:
    result = check_iin(iin)
    if check_digit(iin[:11]) != int(iin[11]):
        assert not result.valid


def test_make_iin_refuses_prefixes_that_are_never_issued() -> None:
    with pytest.raises(ValueError, match="never issued"):
        make_iin(dt.date(1990, 1, 1), Sex.MALE, 80)  # prefix 90010130080
