"""Value validation of single fields against their specs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.formspec import load_all
from desktop.formspec.validate import validate_row, validate_value

FORMS = load_all()
APP = FORMS["application"]
TODAY = dt.date(2026, 3, 2)


def codes(field_id: str, value: object, form: str = "application", **kw: object) -> list[str]:
    spec = FORMS[form].field(field_id)
    return [p.code for p in validate_value(spec, value, today=TODAY, **kw)]  # type: ignore[arg-type]


def test_required_and_optional_empty_values() -> None:
    assert codes("applicant_surname", "") == ["required"]
    assert codes("applicant_patronymic", "  ") == []
    assert codes("representative_surname", "", required=True) == ["required"]


def test_iin_goes_through_the_domain_check() -> None:
    from desktop.domain.iin import make_iin
    from desktop.domain.model import Sex

    good = make_iin(dt.date(1985, 4, 12), Sex.FEMALE, 1234)
    assert codes("applicant_iin", good) == []
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    assert codes("applicant_iin", bad) == ["iin.check_digit"]
    assert codes("applicant_iin", "12345") == ["iin.length"]


def test_iban_goes_through_the_domain_check() -> None:
    from desktop.domain.iban import make_kz_iban

    good = make_kz_iban("125", "KZT5004100100")
    assert codes("applicant_iban", good) == []
    assert codes("applicant_iban", good[:-1] + ("1" if good[-1] != "1" else "2")) == [
        "iban.checksum"
    ]


def test_dates_numbers_choices_and_consents() -> None:
    assert codes("applicant_id_issue_date", "31.02.2020") == ["date.format"]
    assert codes("applicant_id_issue_date", "01.03.2026") == []
    assert codes("applicant_id_issue_date", dt.date(2027, 1, 1)) == ["date.future"]
    assert codes("applicant_account_type", "card") == []
    assert codes("applicant_account_type", "savings") == ["choice.unknown"]
    assert codes("consent_personal_data", False) == ["required"]
    assert codes("consent_personal_data", True) == []
    assert codes("livestock_heads", "-1", form="farm") == ["number.too_small"]
    assert codes("livestock_heads", "2,5", form="farm") == ["number.whole"]
    assert codes("income_amount", "1 234 567,50", form="income") == []
    assert codes("income_amount", Decimal("1.005"), form="income") == ["money.tiyn"]
    assert codes("income_month", 13, form="income") == ["number.too_large"]
    assert codes("member_statuses", {"pensioner", "full_time_student"}, form="family") == []
    assert codes("member_statuses", {"pensioner", "retired"}, form="family") == ["choice.unknown"]


def test_text_length_pattern_and_phone() -> None:
    assert codes("applicant_surname", "А" * 101) == ["text.too_long"]
    assert codes("applicant_phone", "8 701 234 56 78") == []
    assert codes("applicant_phone", "call me") == ["text.pattern", "phone.format"]


def test_tables_and_rows() -> None:
    family = FORMS["family"].field("family_members")
    assert [p.code for p in validate_value(family, [])] == ["table.too_few_rows"]
    problems = validate_row(family, {"member_iin": "1", "member_surname": "Асқаров"}, today=TODAY)
    assert set(problems) >= {"member_iin", "member_first_name", "member_relationship"}


def test_messages_are_translatable_texts() -> None:
    (problem,) = validate_value(APP.field("applicant_surname"), "А" * 101)
    assert problem.message.msgid == "Enter at most {count} characters."
    assert problem.message.params == {"count": 100}
