"""A generated family's application to any service of the catalogue, answered from the
service's own form spec: what the desk would type in its wizard.

The family (``desktop.demo.families``) is put into the service's ``IntakeSession`` as a stored
application is shown (every field bound to the application: the applicant's name, IIN,
address, identity document, bank account, the family and its incomes), then each field still
empty is answered by its kind: a text, a date in its place among the other dates of its page
or row, a choice among the listed ones, a number within its bounds, a tick, a table of rows.
A table of people (a column bound to a name, an IIN or a birth date) lists the family's own
members, so an IIN always goes with the birth date and sex it encodes. Words come from
:data:`TEXTS` by the field's binding where a generic word would read wrong (a workplace, a
speciality, an e-mail address that must match its pattern). The documents presented are the
service's checklist for the channel, required ones shown.

A service added to the catalogue as data is answered the same way, with no code; a required
field this cannot answer (a choice offered at run time from data the district has not entered,
as the maslikhat's categories) leaves the application incomplete, which
:func:`unanswered` names so that the demo leaves that service out.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.demo.families import EMPLOYERS
from desktop.domain import model as m
from desktop.domain.intake_session import DOCUMENTS, INCOMES, MEMBERS, ROW_ID, IntakeSession
from desktop.formspec.model import Entry, FieldSpec, FieldType

__all__ = ["TEXTS", "ChoiceSource", "answer_session", "unanswered"]

# Words for a text field, by the last name of its binding (``details.workplace`` → workplace).
TEXTS: Mapping[str, tuple[str, ...]] = {
    "marital_status": ("женат", "замужем", "холост", "не замужем", "үйленген",
                       "тұрмыс құрған", "разведен(а)"),
    "education_level": ("среднее", "среднее специальное", "высшее", "жалпы орта",
                        "техникалық және кәсіптік", "жоғары"),
    "education_institution": ("Карагандинский политехнический колледж",
                              "Қарағанды аграрлық колледжі", "Балқаш гуманитарлық колледжі",
                              "Карагандинский университет им. Е. А. Букетова"),
    "education_speciality": ("бухгалтер", "тракторист-машинист", "учитель начальных классов",
                             "электромонтер", "тігінші", "аспаз", "медицинская сестра"),
    "workplace": EMPLOYERS,
    "organisation": EMPLOYERS,
    "position": ("учитель", "медицинская сестра", "фельдшер", "библиотекарь", "тракторист",
                 "продавец", "мұғалім", "дәрігер", "кітапханашы", "әлеуметтік қызметкер"),
    "industry": ("сельское хозяйство", "образование", "торговля", "строительство",
                 "ауыл шаруашылығы", "денсаулық сақтау"),
    "languages": ("казахский, русский", "қазақ, орыс", "русский", "қазақ, орыс, ағылшын"),
    "additional_information": ("водительское удостоверение категории B",
                               "жүргізуші куәлігі (В санаты)", "готов к переобучению"),
    "aids_requested": ("кресло-коляска комнатная", "кресло-коляска прогулочная",
                       "слуховой аппарат", "тифлотехнические средства",
                       "бөлмелік кресло-арба"),
    "status": ("многодетная семья", "пенсионер", "лицо с инвалидностью",
               "көпбалалы отбасы", "зейнеткер"),
    "payment_kind": ("единовременная", "біржолғы"),
    "branch_code": ("01", "02", "03"),
    "registry_office": ("Отдел ЗАГС Актогайского района", "Ақтоғай ауданының АХАЖ бөлімі"),
    "record_number": ("112", "348", "57", "1024", "763"),
    "school_class": ("2", "3 А", "5Б", "7", "9 Ә", "11"),
}
_EMAIL_HOSTS = ("mail.kz", "mail.ru", "gmail.com", "inbox.kz")
_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n",
                   "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "sh", "", "y", "",
                   "e", "yu", "ya", "a", "g", "k", "n", "o", "u", "u", "h", "i"], strict=True))
# Numbers where the bounds alone give implausible values (a person of 380 kg).
_NUMBERS: Mapping[str, tuple[int, int]] = {
    "weight_kg": (42, 115), "height_cm": (148, 192), "hip_cm": (84, 126),
    "hours_per_year": (240, 960),
}
_DEFAULT_NUMBERS = {FieldType.MONEY: (5_000, 150_000), FieldType.INTEGER: (1, 10),
                    FieldType.DECIMAL: (1, 100)}
_PERSON_PARTS = ("surname", "first_name", "patronymic", "full_name", "iin", "birth_date",
                 "birth_year", "sex", "relationship")

# Choices offered at run time (``choices_from``), by source: the ids for this application.
ChoiceSource = Callable[[IntakeSession], Sequence[str]]


def _last(binding: str) -> str:
    return binding.removesuffix("[]").rsplit(".", 1)[-1]


def _latin(text: str) -> str:
    return "".join(_LATIN.get(c, c if c.isascii() and c.isalnum() else "")
                   for c in text.lower())


@dataclass
class _Context:
    rng: random.Random
    day: dt.date
    applicant: m.FamilyMember
    family: m.Application


def _person_value(part: str, person: m.FamilyMember, spec: FieldSpec) -> Any:
    name = person.name
    if part == "surname":
        return name.surname
    if part == "first_name":
        return name.first_name
    if part == "patronymic":
        return name.patronymic
    if part == "full_name":
        return name.full
    if part == "iin":
        return person.iin
    if part == "birth_date":
        return person.birth_date.strftime("%d.%m.%Y") if person.birth_date else ""
    if part == "birth_year":
        return str(person.birth_date.year) if person.birth_date else ""
    if part == "sex":
        return person.sex.value if person.sex else None
    if part == "relationship":
        value = person.relationship.value
        return value if spec.choice(value) is not None else (
            spec.choices[-1].id if spec.choices else None)
    return None


def _text(spec: FieldSpec, ctx: _Context) -> str:
    rules = spec.validation
    name = _last(spec.binding)
    if name in TEXTS:
        value = ctx.rng.choice(TEXTS[name])
    elif rules.pattern and "@" in rules.pattern:
        who = ctx.applicant.name
        value = (f"{_latin(who.first_name)}.{_latin(who.surname)}{ctx.rng.randint(1, 99)}"
                 f"@{ctx.rng.choice(_EMAIL_HOSTS)}")
    elif "digits" in rules.validators:
        value = str(ctx.rng.randint(1, 9999))
    else:
        value = "—"  # stated as not given: no word of ours would be the applicant's
    if rules.max_length is not None:
        value = value[:rules.max_length]
    return value


def _number(spec: FieldSpec, ctx: _Context) -> str:
    low, high = _NUMBERS.get(_last(spec.binding), _DEFAULT_NUMBERS.get(spec.type, (1, 10)))
    rules = spec.validation
    if rules.min is not None:
        low = max(low, int(rules.min) + (rules.min != int(rules.min)))
    if rules.max is not None:
        high = min(high, int(rules.max))
    return str(ctx.rng.randint(low, max(low, high)))


def _choice(spec: FieldSpec, session: IntakeSession, ctx: _Context,
            sources: Mapping[str, ChoiceSource]) -> Any:
    if spec.choices_from:
        source = sources.get(spec.choices_from)
        offered = list(source(session)) if source is not None else []
        return ctx.rng.choice(offered) if offered else None
    if not spec.choices:
        return None
    if spec.multiple:
        return sorted({ctx.rng.choice(spec.choices).id})
    return ctx.rng.choice(spec.choices).id


def _date_list(count: int, low: dt.date, high: dt.date, rng: random.Random) -> list[str]:
    """``count`` dates between ``low`` and ``high``, in order, as typed."""
    low = min(low, high)
    days = sorted(rng.randint(0, (high - low).days) for _ in range(count))
    return [(low + dt.timedelta(days=d)).strftime("%d.%m.%Y") for d in days]


def _dates(specs: Sequence[FieldSpec], low: dt.date, high: dt.date,
           rng: random.Random) -> dict[str, str]:
    """Dates for ``specs`` in their order (an issue before an expiry, hired before
    dismissed), between ``low`` and ``high``."""
    return dict(zip((s.id for s in specs), _date_list(len(specs), low, high, rng),
                    strict=True))


def _wanted(spec: FieldSpec, session: IntakeSession, rng: random.Random) -> bool:
    """Whether the desk fills this field: every required one, most optional ones."""
    if spec.entry is not Entry.INPUT or not session.visible(spec):
        return False
    required = spec.required or bool(spec.required_if
                                     and session.values.get(spec.required_if) is True)
    return required or rng.random() < 0.7


def _switches(session: IntakeSession) -> frozenset[str]:
    """The ticks that open or require other fields (a representative): left unticked."""
    fields = [session.field(f) for f in session._fields]
    return frozenset(f.visible_if or f.required_if for f in fields) - {""}


def _answer(spec: FieldSpec, session: IntakeSession, ctx: _Context,
            sources: Mapping[str, ChoiceSource], switches: frozenset[str]) -> Any:
    kind = spec.type
    if kind is FieldType.BOOL:
        if spec.id in switches:
            return False
        return True if spec.required else ctx.rng.random() < 0.8
    if kind is FieldType.CHOICE:
        return _choice(spec, session, ctx, sources)
    if kind in (FieldType.MONEY, FieldType.INTEGER, FieldType.DECIMAL):
        return _number(spec, ctx)
    if kind is FieldType.PHONE:
        r = ctx.rng
        return f"8 70{r.randint(0, 8)} {r.randint(100, 999)} {r.randint(10, 99)} " \
               f"{r.randint(10, 99)}"
    if kind is FieldType.IBAN:
        from desktop.demo.identity import BANKS, iban

        return iban(ctx.rng.choice(BANKS)[1], ctx.rng)
    if kind is FieldType.IIN:
        return ctx.applicant.iin
    return _text(spec, ctx)


def _empty(spec: FieldSpec, value: Any) -> bool:
    """Not answered by the family's application (a tick it has no value for is unticked)."""
    return value in (None, "", []) or (spec.type is FieldType.BOOL and value is False)


def _header_fields(session: IntakeSession) -> Iterator[FieldSpec]:
    for step, _pages in session.steps:
        for spec in session.step_fields(step):
            if spec.type is not FieldType.TABLE:
                yield spec


def _is_person_table(spec: FieldSpec) -> bool:
    return any(_last(c.binding) in ("surname", "full_name", "iin") for c in spec.columns)


def _people(spec: FieldSpec, family: m.Application) -> list[m.FamilyMember]:
    """The family's members a table of people lists: the whole family when it asks each
    one's relationship to the applicant, else the children (the dependants of a form)."""
    if any(_last(c.binding) == "relationship" for c in spec.columns):
        return list(family.members)
    return [x for x in family.members if x.relationship is m.Relationship.CHILD]


def _fill_table(spec: FieldSpec, session: IntakeSession, ctx: _Context,
                sources: Mapping[str, ChoiceSource], switches: frozenset[str]) -> None:
    table = spec.binding
    rows = session.tables[table]
    if rows:
        return
    low = spec.rows.min if spec.rows else 0
    high = spec.rows.max if spec.rows and spec.rows.max is not None else low + 3
    people: list[m.FamilyMember | None]
    if _is_person_table(spec):  # every person of the family the table asks about
        family: list[m.FamilyMember | None] = list(_people(spec, ctx.family))
        people = family[:spec.rows.max if spec.rows else None]
    else:
        wanted = low if low else (ctx.rng.randint(0, min(high, 3)) if not spec.required
                                  else max(1, low))
        people = [None] * max(low, wanted)
    dates = [c for c in spec.columns if c.type is FieldType.DATE
             and _last(c.binding) != "birth_date" and c.entry is Entry.INPUT]
    adult = ctx.applicant.birth_date or ctx.day
    # a working life's dates (hired, dismissed, row after row) in order, after 18
    ordered = iter(_date_list(len(people) * len(dates), min(ctx.day, adult.replace(
        year=adult.year + 18, day=min(adult.day, 28))), ctx.day, ctx.rng))
    for person in people:
        values: dict[str, Any] = {}
        for column in spec.columns:
            if column.entry is not Entry.INPUT:
                continue
            part = _last(column.binding)
            if person is not None and part in _PERSON_PARTS:
                values[column.id] = _person_value(part, person, column)
            elif column in dates:
                values[column.id] = next(ordered)
            elif column.required or ctx.rng.random() < 0.7:
                values[column.id] = _answer(column, session, ctx, sources, switches)
        if person is not None:  # a child's record of birth comes after the birth
            born = person.birth_date or ctx.day
            for column in dates:
                values[column.id] = _dates([column], born, ctx.day, ctx.rng)[column.id]
        session.add_row(table, **values)


def _present_documents(session: IntakeSession, family: m.Application,
                       rng: random.Random) -> None:
    """The checklist of the service at the channel: required documents shown (a copy taken
    where one is asked), a conditional one now and then, the identity document with its
    number and dates."""
    identity = family.applicant.identity_document
    session.tables[DOCUMENTS] = []
    for item in session.checklist():
        required = session.document_required(item)
        if not required and rng.random() < 0.7:
            continue
        values: dict[str, Any] = {"document_kind": item.document}
        if item.waivable and rng.random() < 0.25:
            values["document_from_state_systems"] = True
        else:
            values["document_original_shown"] = True
            values["document_copy_taken"] = "copy" in item.presentation
        if item.document == "identity_document" and identity is not None:
            values["document_number"] = identity.number
            if identity.issue_date:
                values["document_issue_date"] = identity.issue_date.strftime("%d.%m.%Y")
            if identity.expiry_date:
                values["document_expiry_date"] = identity.expiry_date.strftime("%d.%m.%Y")
        session.add_row(DOCUMENTS, **values)


def _own_tables(session: IntakeSession, family_sheet: bool) -> None:
    """Without a family sheet the applicant alone is a member (the income sheet's rows are
    the applicant's); tables the service's sheets do not ask are emptied."""
    if not family_sheet:
        applicant = session.tables[MEMBERS][0][ROW_ID]
        session.tables[MEMBERS] = session.tables[MEMBERS][:1]
        session.tables[INCOMES] = [r for r in session.tables[INCOMES]
                                   if r.get("income_member") == applicant]
    for table in session.table_names:
        if table != MEMBERS and not session._columns(table):
            session.tables[table] = []


def answer_session(session: IntakeSession, family: m.Application, rng: random.Random, *,
                   facts: Mapping[str, Any] | None = None,
                   sources: Mapping[str, ChoiceSource] | None = None) -> None:
    """Answer every field of ``session`` (made by ``IntakeSession.from_application`` over
    ``family``) the family's application does not answer itself. ``facts``: values the desk
    knows of the person by field id (the disability's group), used as they are."""
    sources = dict(sources or {})
    sources.setdefault("offices", lambda s: [s.office.code])
    sources.setdefault("members", lambda s: [r[ROW_ID] for r in s.tables[MEMBERS]])
    family_sheet = "member_surname" in session._columns(MEMBERS)
    _own_tables(session, family_sheet)
    ctx = _Context(rng, session.application_date, family.applicant_member, family)
    switches = _switches(session)
    for field_id, value in (facts or {}).items():
        if session.has_field(field_id):
            session.values[field_id] = value
    header = [spec for spec in _header_fields(session) if _empty(spec, session.values.get(
        spec.id)) and spec.id not in (facts or {}) and _wanted(spec, session, rng)]
    dates = [spec for spec in header if spec.type is FieldType.DATE]
    born = ctx.applicant.birth_date or ctx.day
    grown = born.replace(year=born.year + 16, day=min(born.day, 28))
    session.values.update(_dates(dates, min(grown, ctx.day), ctx.day, rng))
    for spec in header:
        if spec.type is not FieldType.DATE:
            session.values[spec.id] = _answer(spec, session, ctx, sources, switches)
    for step, _pages in session.steps:
        for spec in session.step_fields(step):
            if spec.type is FieldType.TABLE and spec.binding.startswith("details."):
                _fill_table(spec, session, ctx, sources, switches)
    _present_documents(session, family, rng)
    session.revision += 1


def unanswered(session: IntakeSession) -> list[str]:
    """The required fields still empty after answering (the ids), e.g. a choice whose
    run-time source is empty: an application that cannot be registered."""
    missing = []
    for spec in _header_fields(session):
        if spec.entry is Entry.INPUT and spec.required and session.visible(spec) \
                and session.values.get(spec.id) in (None, "", []):
            missing.append(spec.id)
    return missing

