"""Check one value against its ``FieldSpec``: the problems as codes and translatable messages.

The wizard calls ``validate_value`` as the person types (and again before going on); the
same function checks imported or synced data. A value may be the text of a line edit or an
already typed Python value (``date``, ``Decimal``, ``int``, ``bool``, a set of choice ids).
Empty values are only a problem when the field is required.

Named validators: ``iin`` and ``iban`` call the domain's own checks
(``desktop.domain.iin.check_iin``, ``desktop.domain.iban.check_iban``) and pass their
issue codes and messages through, so the wizard says exactly what the domain says.
Messages belong to the gettext domain ``forms`` (``i18n/*/LC_MESSAGES/forms.po``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.domain.text import Text
from desktop.formspec.model import FieldSpec, FieldType


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a value is not acceptable. ``code`` is stable (tests, logs)."""

    code: str
    message: Text
    warning: bool = False  # shown, but does not block going on


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Collection) and not isinstance(value, str | bytes):
        return len(value) == 0
    return False


# A date as typed at the desk: digits with dots (15.03.2019, 1.3.2019) or without (15032019).
_TYPED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{2})(\d{2})(\d{4})")


def parse_date(value: Any) -> dt.date | None:
    """A date from a ``date`` or from text as typed: ``dd.mm.yyyy``, ``d.m.yyyy`` or the
    eight digits ``ddmmyyyy`` (also ``yyyy-mm-dd``, as stored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _TYPED_DATE.fullmatch(text)
        if match:
            day, month, year = (int(g) for g in (match.groups()[:3] if match.group(1)
                                                  else match.groups()[3:]))
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            return None
    return None


# No field of the forms holds a number of this many digits before the point (a sum of money
# in tenge, a count of heads, an area in square metres). Larger input is refused as too large
# before any arithmetic, which Decimal's 28 digits of precision could not do exactly.
MAX_WHOLE_DIGITS = 15


def parse_number(value: Any) -> Decimal | None:
    """A finite number from ``int``/``Decimal``/``float`` or from text with a comma or point
    and spaces; ``None`` when it is not one (``NaN`` and infinities are not numbers)."""
    if isinstance(value, bool):
        return None
    number: Decimal
    try:
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str):
            number = Decimal("".join(value.split()).replace("\u00a0", "").replace(",", "."))
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def number_too_large(number: Decimal) -> bool:
    """More whole digits than any field of the forms holds (see ``MAX_WHOLE_DIGITS``)."""
    return number.adjusted() >= MAX_WHOLE_DIGITS


def _check_iin(value: str, today: dt.date) -> list[Problem]:
    from desktop.domain.iin import check_iin  # the domain decides what a valid IIN is

    result = check_iin(value)
    return [
        Problem(issue.code, issue.message, warning=issue.severity.value == "warning")
        for issue in result.issues
    ]


def _check_iban(value: str, today: dt.date) -> list[Problem]:
    from desktop.domain.iban import check_iban  # the domain decides what a valid IBAN is

    return [Problem(issue.code, issue.message) for issue in check_iban(value).issues]


def _check_not_future(value: str, today: dt.date) -> list[Problem]:
    date = parse_date(value)
    if date is not None and date > today:
        return [Problem("date.future", Text("The date cannot be later than today."))]
    return []


def _check_digits(value: str, today: dt.date) -> list[Problem]:
    if not value.strip().isdigit():
        return [Problem("text.digits", Text("Enter digits only."))]
    return []


NAMED_VALIDATORS: dict[str, Callable[[str, dt.date], list[Problem]]] = {
    "iin": _check_iin,
    "iban": _check_iban,
    "not_future": _check_not_future,
    "digits": _check_digits,
}


def _as_text(value: Any) -> str | None:
    """The value as the person sees it; ``None`` for a value that has no printable text (an
    integer of more digits than Python prints)."""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    try:
        return str(value).strip()
    except ValueError:
        return None


def validate_value(
    spec: FieldSpec, value: Any, *, required: bool | None = None, today: dt.date | None = None
) -> list[Problem]:
    """Every problem of ``value`` for ``spec`` (empty list: acceptable).

    ``required`` overrides ``spec.required`` (for ``required_if`` fields the caller knows
    whether the condition holds). A required bool must be true (a consent ticked).
    """
    today = today or dt.date.today()
    must = spec.required if required is None else required
    if spec.type is FieldType.TABLE:
        return _validate_rows(spec, value, must)
    if spec.type is FieldType.BOOL:
        if value is not None and not isinstance(value, bool):
            return [Problem("bool.type", Text("Tick the box or leave it empty."))]
        if must and value is not True:
            return [Problem("required", Text("This must be ticked."))]
        return []
    if _empty(value):
        return [Problem("required", Text("Fill in this field."))] if must else []

    problems: list[Problem] = []
    rules = spec.validation
    if spec.type is FieldType.CHOICE:
        problems += _validate_choice(spec, value)
    elif spec.type is FieldType.DATE:
        if parse_date(value) is None:
            return [Problem("date.format", Text("Enter a date as dd.mm.yyyy."))]
    elif spec.type in (FieldType.MONEY, FieldType.INTEGER, FieldType.DECIMAL):
        problems += _validate_number(spec, value)
    text = _as_text(value) if spec.type is not FieldType.CHOICE else ""
    if text is None:
        return [Problem("value.unreadable", Text("This value cannot be read."))]
    if text:
        if rules.min_length is not None and len(text) < rules.min_length:
            problems.append(
                Problem(
                    "text.too_short",
                    Text("Enter at least {count} characters.", count=rules.min_length),
                )
            )
        if rules.max_length is not None and len(text) > rules.max_length:
            problems.append(
                Problem(
                    "text.too_long",
                    Text("Enter at most {count} characters.", count=rules.max_length),
                )
            )
        if rules.pattern is not None and not re.fullmatch(rules.pattern, text):
            problems.append(Problem("text.pattern", Text("The value has a wrong format.")))
        if spec.type is FieldType.PHONE and sum(ch.isdigit() for ch in text) < 5:
            problems.append(Problem("phone.format", Text("Enter a telephone number.")))
    validators = list(rules.validators)
    if spec.type is FieldType.IIN and "iin" not in validators:
        validators.append("iin")
    if spec.type is FieldType.IBAN and "iban" not in validators:
        validators.append("iban")
    # A named validator explains a bad IIN better than the length or pattern does.
    named: list[Problem] = []
    for name in validators:
        check = NAMED_VALIDATORS.get(name)
        if check is not None and text:
            named += check(text, today)
    if any(not p.warning for p in named):
        problems = [p for p in problems if not p.code.startswith("text.")]
    return problems + named


def _validate_choice(spec: FieldSpec, value: Any) -> list[Problem]:
    if spec.choices_from:  # run-time choices (offices, members): checked by the caller
        return []
    known = {choice.id for choice in spec.choices}
    values = (
        list(value)
        if spec.multiple and isinstance(value, Collection) and not isinstance(value, str)
        else [value]
    )
    if any(_as_text(v) not in known for v in values):
        return [Problem("choice.unknown", Text("Choose one of the listed values."))]
    return []


def _validate_number(spec: FieldSpec, value: Any) -> list[Problem]:
    number = parse_number(value)
    if number is None:
        return [Problem("number.format", Text("Enter a number."))]
    if number_too_large(number):
        return [Problem("number.too_many_digits", Text(
            "The number is too large: at most {count} digits before the decimal point.",
            count=MAX_WHOLE_DIGITS))]
    problems: list[Problem] = []
    if spec.type is FieldType.INTEGER and number != number.to_integral_value():
        problems.append(Problem("number.whole", Text("Enter a whole number.")))
    if spec.type is FieldType.MONEY and number != number.quantize(Decimal("0.01")):
        problems.append(Problem("money.tiyn", Text("An amount has at most two decimals.")))
    rules = spec.validation
    if rules.min is not None and number < Decimal(str(rules.min)):
        problems.append(
            Problem(
                "number.too_small",
                Text("The value must be at least {limit}.", limit=_plain(rules.min)),
            )
        )
    if rules.max is not None and number > Decimal(str(rules.max)):
        problems.append(
            Problem(
                "number.too_large",
                Text("The value must be at most {limit}.", limit=_plain(rules.max)),
            )
        )
    return problems


def _plain(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _validate_rows(spec: FieldSpec, value: Any, must: bool) -> list[Problem]:
    rows = list(value) if isinstance(value, Collection) and not isinstance(value, str) else []
    limits = spec.rows
    problems: list[Problem] = []
    minimum = max(limits.min if limits else 0, 1 if must else 0)
    if len(rows) < minimum:
        problems.append(
            Problem("table.too_few_rows", Text("Add at least {count} rows.", count=minimum))
        )
    if limits is not None and limits.max is not None and len(rows) > limits.max:
        problems.append(
            Problem(
                "table.too_many_rows", Text("At most {count} rows are allowed.", count=limits.max)
            )
        )
    return problems


def validate_row(
    spec: FieldSpec, row: dict[str, Any], *, today: dt.date | None = None
) -> dict[str, list[Problem]]:
    """Problems of one table row, by column id (columns without problems are left out)."""
    found: dict[str, list[Problem]] = {}
    for column in spec.columns:
        problems = validate_value(column, row.get(column.id), today=today)
        if problems:
            found[column.id] = problems
    return found
