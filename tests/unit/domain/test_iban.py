"""IBAN of the bank account: KZ, 20 characters, mod 97, each failure with its own message."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.domain.iban import check_iban, iban_check_digits, make_kz_iban


def test_generated_iban_is_valid_with_spaces_and_lower_case() -> None:
    iban = make_kz_iban("601", "0000000012345")
    assert len(iban) == 20 and iban.startswith("KZ")
    spaced = " ".join(iban[i:i + 4] for i in range(0, 20, 4)).lower()
    result = check_iban(spaced)
    assert result.valid and result.iban == iban and result.bank_code == "601"


def test_iso_example_check_digits() -> None:
    # The check digits of ISO 13616's method recomputed for a known-good KZ sample layout.
    iban = make_kz_iban("125", "KZT5004100100")
    assert iban_check_digits("KZ", iban[4:]) == iban[2:4]
    assert check_iban(iban).valid


@pytest.mark.parametrize(("text", "code"), [
    ("KZ12", "iban.length"),
    ("RU" + "0" * 18, "iban.country"),
    ("KZ12601000000001234–", "iban.character"),
    ("KZAB601000000001234X", "iban.digits"),
])
def test_each_failure_has_its_own_code(text: str, code: str) -> None:
    result = check_iban(text)
    assert not result.valid
    assert result.issues[0].code == code


def test_a_mistyped_account_is_said_to_be_wrong_without_the_digits_that_would_pass() -> None:
    """Issue 17: printing the right check digits invited typing them, which makes a
    mistyped account pass (and the money go to somebody else's account)."""
    from desktop.i18n import render

    iban = make_kz_iban("601", "0000000012345")
    mistyped = iban[:10] + ("7" if iban[10] != "7" else "8") + iban[11:]
    issue = check_iban(mistyped).issues[0]
    assert issue.code == "iban.checksum"
    assert not issue.message.params
    for lang in ("kk", "ru"):
        said = render(issue.message, lang)
        assert "IBAN" in said
        assert not any(ch.isdigit() for ch in said)


@given(st.text(alphabet="0123456789", min_size=3, max_size=3),
       st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=13, max_size=13),
       st.integers(4, 19), st.sampled_from("0123456789"))
def test_a_single_changed_digit_is_always_detected(bank: str, account: str, position: int,
                                                   digit: str) -> None:
    iban = make_kz_iban(bank, account)
    assume(iban[position].isdigit())  # mod 97 detects every single-digit substitution
    changed = iban[:position] + digit + iban[position + 1:]
    assert check_iban(changed).valid == (changed == iban)


def test_make_kz_iban_needs_sixteen_characters() -> None:
    with pytest.raises(ValueError):
        make_kz_iban("601", "123")
