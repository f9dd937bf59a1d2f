"""What a synced record must be: each table's definition, derived from the desk's own tables,
and the check of one record against it. The district server checks every record it is asked
to store with it, and the desk every record it pulls, so the two never disagree.

A definition is read from the SQLAlchemy model of the table (``desktop.storage.models``): a
column's type (text, whole number, true/false, date, date and time), its length, whether it
may be null and whether it has a default, its foreign key; and from the column's ``info``
(``desktop.storage.checks``): the domain's enumeration it holds, the IIN, IBAN or quarter
check of its text, JSON text, an office code. Nothing here is a second copy to keep in step.

Each table's check is compiled once into one plain function (its source is made from the
definition and compiled: one straight run of type, length and value tests per column, no call
per field). A check never raises on any JSON value: it gives the first problem, in column
order, or None.

The server checks the 360 000 records of a district's first sync, which it receives as JSON
text (protocol 2). Decoding each one to check it would cost more than the rest of the push,
so each table also has its *shape*: one regular expression, made from the same definition,
that matches the text a desk writes for a valid record (its columns in the table's order,
texts without escapes or control characters within their length, the enumerations, dates
that exist, whole numbers within 64 bits). A text of that shape is valid once the checks a
pattern cannot make are made on the values it captures (the IIN's and IBAN's check digits);
any other text is decoded and checked as above, which names the problem. The shape is
stricter, never looser: a test holds that every text it matches passes the check. The
server reads a run of one table's texts at a time, joined by line breaks, in one call of the
pattern engine (:func:`read_texts`), each read exactly as it would be alone.

References (a member's application, a staff member's office, an office code) need what the
server holds; :class:`Definition` names them and the server looks them up
(``desktop.sync.server.push``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Boolean, Date, Integer, String, Table, Text

from desktop.domain.iban import check_iban
from desktop.domain.iin import check_iin
from desktop.domain.quarters import Quarter
from desktop.storage import checks
from desktop.storage.base import UTCDateTime
from desktop.sync.protocol import FieldProblem

# characters of a free text (a ``Text`` column: notes, a draft's state, a decision's trace)
TEXT_BOUND = 1_000_000
# a whole number as SQLite stores it
INTEGER_RANGE = (-(2 ** 63), 2 ** 63 - 1)

# Unicode's control characters (category Cc): C0, DEL and C1. A line break, carriage return
# or tab is part of a free text, never of a one-line field (a name, a number, a code).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# a control character as JSON text escapes it (inside a JSON column's text)
_ESCAPED_CONTROL = re.compile(r"\\u00[0-1][0-9a-fA-F]|\\u00[89][0-9a-fA-F]|\\u007[fF]|\\[bf]")

TEXT, INTEGER, BOOLEAN, DATE, DATETIME = "text", "integer", "boolean", "date", "datetime"


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with a record: the column (``""`` for the record as a whole)
    and what is wrong with it."""

    field: str
    problem: FieldProblem


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a synced table as a record's JSON holds it."""

    name: str
    kind: str  # text, integer, boolean, date, datetime
    nullable: bool
    required: bool  # must be in the record: no default a desk could fill in
    length: int | None  # characters at most (text)
    free_text: bool  # a Text column: several lines, up to TEXT_BOUND characters
    choices: frozenset[str] | None
    listed: bool  # several values of ``choices``, comma-separated
    check: str | None  # iin, iban, quarter
    json: str | None  # object, any (an object or an array): the text is that JSON value
    office: bool  # an office code: one of the district's offices
    range: tuple[int, int] | None
    refers: str | None  # the table whose record this column names (a foreign key)
    empty_default: bool  # the default is "": an empty text is "not given", never a problem


@dataclass(frozen=True)
class Definition:
    table: str
    fields: dict[str, Field]
    check: Callable[[Mapping[str, Any]], tuple[str, str] | None]
    shape: re.Pattern[str]  # the text of a valid record as a desk writes it (see the module)
    digits: tuple[tuple[str, Callable[[str], bool]], ...]  # checks on captured values
    # columns naming another record (a foreign key), which must exist where the record is
    # stored, and columns holding an office code, which must be an office of the district:
    # together, in column order, what the server looks up
    references: tuple[Field, ...]
    offices: tuple[Field, ...]
    linked: tuple[Field, ...]
    # each line of records joined by line breaks: the shape, or any other line (captured in
    # a last group), and the columns the shape's groups capture, in the order of a read
    # (see :func:`read_texts`)
    lines: re.Pattern[str]
    columns: tuple[str, ...]


def _kind(table: Table, name: str) -> str:
    column_type = table.columns[name].type
    if isinstance(column_type, UTCDateTime):
        return DATETIME
    if isinstance(column_type, Date):
        return DATE
    if isinstance(column_type, Boolean):
        return BOOLEAN
    if isinstance(column_type, Integer):
        return INTEGER
    if isinstance(column_type, String | Text):
        return TEXT
    raise TypeError(f"{table.name}.{name}: no definition for {column_type!r}")


def _field(table: Table, name: str) -> Field:
    column = table.columns[name]
    default = column.default
    scalar = default is not None and getattr(default, "is_scalar", False)
    info = column.info
    column_type = column.type
    free = isinstance(column_type, Text)
    refers = next((key.column.table.name for key in column.foreign_keys), None)
    return Field(
        name=name, kind=_kind(table, name), nullable=bool(column.nullable),
        required=not column.nullable and not scalar,
        length=TEXT_BOUND if free else getattr(column_type, "length", None),
        free_text=free, choices=info.get(checks.CHOICES), listed=bool(info.get(checks.LISTED)),
        check=info.get(checks.CHECK), json=info.get(checks.JSON),
        office=bool(info.get(checks.OFFICE)), range=info.get(checks.RANGE), refers=refers,
        empty_default=scalar and default.arg == "")  # type: ignore[union-attr]


# --- the compiled check ------------------------------------------------------------------


def _valid_date(text: str) -> bool:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_datetime(text: str) -> bool:
    if not 10 <= len(text) <= 40 or text[4] != "-" or text[7] != "-":
        return False
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_quarter(text: str) -> bool:
    try:
        Quarter.parse(text)
    except ValueError:
        return False
    return True


def _holds_control(value: Any) -> bool:
    """Whether a JSON value (a JSON column's content) holds a control character other than
    a line break, carriage return or tab, in a text or a key."""
    if isinstance(value, str):
        return bool(_CONTROL_IN_TEXT.search(value))
    if isinstance(value, dict):
        return any(_holds_control(k) or _holds_control(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_control(v) for v in value)
    return False


def _json_problem(text: str, wanted: str) -> str | None:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return FieldProblem.TYPE.value
    if not isinstance(value, dict if wanted == "object" else dict | list):
        return FieldProblem.TYPE.value
    if _ESCAPED_CONTROL.search(text) and _holds_control(value):
        return FieldProblem.CONTROL_CHARACTER.value
    return None


_BASE: dict[str, Any] = {
    "MISSING": object(),
    "CONTROL": _CONTROL.search,
    "CONTROL_IN_TEXT": _CONTROL_IN_TEXT.search,
    "DATE": _valid_date,
    "DATETIME": _valid_datetime,
    "QUARTER": _valid_quarter,
    "IIN": lambda text: check_iin(text).valid,
    "IBAN": lambda text: check_iban(text).valid,
    "JSON": _json_problem,
}


def _text_lines(field: Field, problem: Callable[[FieldProblem], str],
                namespace: dict[str, Any]) -> list[str]:
    lines = []
    if field.length is not None:
        lines.append(f"if len(v) > {field.length}: return {problem(FieldProblem.LENGTH)}")
    control = "CONTROL_IN_TEXT" if field.free_text else "CONTROL"
    lines.append(f"if not v.isprintable() and {control}(v): "
                 f"return {problem(FieldProblem.CONTROL_CHARACTER)}")
    guard = "if v and " if field.empty_default or field.listed else "if "
    if field.choices is not None:
        name = f"CHOICES_{field.name}"
        namespace[name] = field.choices | {""} if field.listed else field.choices
        test = f"not {name}.issuperset(v.split(','))" if field.listed else f"v not in {name}"
        lines.append(f"{guard}{test}: return {problem(FieldProblem.CHOICE)}")
    if field.check is not None:
        code = {"iin": FieldProblem.IIN, "iban": FieldProblem.IBAN,
                "quarter": FieldProblem.DATE}[field.check]
        guard = "if v and " if field.empty_default else "if "
        lines.append(f"{guard}not {field.check.upper()}(v): return {problem(code)}")
    if field.json is not None:
        lines.append(f"p = JSON(v, {field.json!r})")
        lines.append(f"if p is not None: return ({field.name!r}, p)")
    return lines


def _value_lines(field: Field, namespace: dict[str, Any]) -> list[str]:
    """The tests of one column's value ``v``: each returns ``(column, problem)``."""

    def problem(code: FieldProblem) -> str:
        return repr((field.name, code.value))

    if field.kind == TEXT:
        kind, body = "str", _text_lines(field, problem, namespace)
    elif field.kind == INTEGER:
        kind = "int"
        low, high = INTEGER_RANGE
        body = [f"if not {low} <= v <= {high}: return {problem(FieldProblem.TOO_LARGE)}"]
        if field.range is not None:
            body.append(f"if not {field.range[0]} <= v <= {field.range[1]}: "
                        f"return {problem(FieldProblem.RANGE)}")
    elif field.kind == BOOLEAN:
        kind, body = "bool", []
    else:
        kind = "str"
        test = "DATE" if field.kind == DATE else "DATETIME"
        body = [f"if not {test}(v): return {problem(FieldProblem.DATE)}"]
    lines = [f"v = get({field.name!r}, MISSING)", f"if v.__class__ is {kind}:"]
    lines += [f"    {line}" for line in body or ["pass"]]
    lines.append("elif v is MISSING:")
    lines.append(f"    {'return ' + problem(FieldProblem.REQUIRED) if field.required else 'pass'}")
    lines.append("elif v is None:")
    lines.append(f"    {'pass' if field.nullable else 'return ' + problem(FieldProblem.REQUIRED)}")
    lines.append("else:")
    lines.append(f"    return {problem(FieldProblem.TYPE)}")
    return lines


def _compile(table: str, fields: dict[str, Field]
             ) -> Callable[[Mapping[str, Any]], tuple[str, str] | None]:
    namespace = dict(_BASE, UNKNOWN=_unknown, KNOWN=frozenset(fields))
    lines = [f"def check_{table}(d):",
             "    get = d.get",
             "    if not KNOWN.issuperset(d): return UNKNOWN(d, KNOWN)"]
    for field in fields.values():
        lines += [f"    {line}" for line in _value_lines(field, namespace)]
    lines.append("    return None")
    exec(compile("\n".join(lines), f"<checks of {table}>", "exec"), namespace)
    check: Callable[[Mapping[str, Any]], tuple[str, str] | None] = namespace[f"check_{table}"]
    return check


def _unknown(data: Mapping[str, Any], known: frozenset[str]) -> tuple[str, str]:
    """The first key of ``data`` that is no column, named only if it reads as one (it goes
    back to the desk and into the stored answer: no control character, no 10 kB key)."""
    key = sorted(str(k) for k in data if k not in known)[0]
    return (key if key.isidentifier() and len(key) <= 64 else "?",
            FieldProblem.UNKNOWN_FIELD.value)


# --- the shape of a record's text ------------------------------------------------------------

# a text of the record's JSON with nothing to unescape and no control character
_PLAIN = '[^"\\\\\x00-\x1f\x7f-\x9f]'
_YEAR = r"(?!0000)\d{4}"
# a day that exists, 29 February aside (left to the check: leap years)
_DAY = (r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
        r"|(?:0[13578]|1[02])-31)")
_DATE_SHAPE = f"{_YEAR}-{_DAY}"
_TIME_SHAPE = r"[ T](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{6})?(?:\+00:00)?"
_INTEGER_SHAPE = r"-?(?:0|[1-9]\d{0,17})"  # 18 digits at most: within 64 bits
_CAPTURED_CHECKS: dict[str, Callable[[str], bool]] = {
    "iin": lambda text: check_iin(text).valid,
    "iban": lambda text: check_iban(text).valid,
}


def _alternatives(values: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(v) for v in sorted(values, key=lambda v: (-len(v), v))) \
        + ")"


def _text_shape(field: Field) -> str:
    if field.json is not None:
        return r'"\{\}"' if field.json == "object" else r'"(?:\{\}|\[\])"'
    if field.choices is not None:
        one = _alternatives(field.choices)
        if field.listed:
            return f'"(?:{one}(?:,{one})*)?"'
        return f'"(?:{one})?"' if field.empty_default else f'"{one}"'
    if field.check == "quarter":
        return rf'"{_YEAR}-Q[1-4]"'
    if field.check == "iin":
        body = r"\d{12}"
    elif field.check == "iban":
        body = r"KZ\d{5}[A-Z0-9]{13}"
    elif field.refers is not None:  # "" names no record: left to the check, which says so
        return f'"{_PLAIN}{{1,{field.length}}}"'
    else:
        return f'"{_PLAIN}{{0,{field.length}}}"' if field.length else f'"{_PLAIN}*"'
    return f'"(?P<{field.name}>(?:{body})?)"' if field.empty_default else \
        f'"(?P<{field.name}>{body})"'


def _value_shape(field: Field, captured: frozenset[str]) -> str:
    if field.kind == TEXT:
        shape = _text_shape(field)
        if field.name in captured and "(?P<" not in shape:
            shape = f'"(?P<{field.name}>{shape[1:-1]})"'
    elif field.kind == INTEGER:
        low, high = field.range or (None, None)
        if low is not None and high is not None and high - low <= 100:
            shape = _alternatives(str(n) for n in range(low, high + 1))
        elif low == 1 and high is not None and re.fullmatch(r"10+", str(high)):
            # 1 .. 10^k (a quantity): up to k digits without a leading zero, or 10^k itself
            shape = f"(?:[1-9][0-9]{{0,{len(str(high)) - 2}}}|{high})"
        elif field.range is not None:
            shape = "(?!)"  # a wide range is left to the check
        else:
            shape = _INTEGER_SHAPE
        if field.name in captured:
            shape = f"(?P<{field.name}>{shape})"
    elif field.kind == BOOLEAN:
        shape = "(?:true|false)"
    elif field.kind == DATE:
        shape = f'"{_DATE_SHAPE}"'
    else:
        shape = f'"{_DATE_SHAPE}{_TIME_SHAPE}"'
    return f"(?:null|{shape})" if field.nullable else shape


def _captured(table: str, fields: dict[str, Field]) -> frozenset[str]:
    """The columns whose values the server needs of a record it does not decode: its id and
    version, the columns that tell its office, what it refers to, its office codes, and for
    a step of the case path which step it is (``scopes.STEP_FIELDS``)."""
    from desktop.sync import scopes

    wanted = {"id", "version", "application_id", scopes.BY_OFFICE_CODE.get(table, ""),
              *scopes.STEP_FIELDS.get(table, ())}
    wanted |= {f.name for f in fields.values() if f.refers or f.office or f.check in
               _CAPTURED_CHECKS}
    return frozenset(wanted & fields.keys())


def _shape(table: str, fields: dict[str, Field]) -> re.Pattern[str]:
    """The shape of the columns a desk sends, in the table's order: a column each desk
    makes for itself (``scopes.LOCAL_COLUMNS``) is never sent, so it is not in the shape (a
    text that holds one is decoded and checked)."""
    from desktop.sync import scopes

    captured = _captured(table, fields)
    local = scopes.LOCAL_COLUMNS.get(table, frozenset())
    members = ",".join(f'"{f.name}":{_value_shape(f, captured)}' for f in fields.values()
                       if f.name not in local)
    return re.compile("\\{" + members + "\\}")


def read_texts(table: str, texts: list[str]) -> list[tuple[str, ...] | None]:
    """:func:`read_text` of many records of one table at once, for the server's loop over a
    first sync: for each text, the values its shape captures (in the order of the
    definition's ``columns``; "" for a null), or None where the text does not have the shape
    (or an IIN or IBAN in it fails). The texts are matched joined by line breaks, one line
    each (no text of the shape holds a line break), by one call into the pattern engine."""
    found = definition(table)
    if found is None:
        return [None] * len(texts)
    reads: list[tuple[str, ...] | None]
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or not all(texts):  # a line break, or nothing
        reads = [read_one(found, text) for text in texts]
    else:  # one line each: the shape's groups, or the line itself in the last group
        reads = [None if line[-1] else line[:-1] for line in found.lines.findall(joined)]
        if len(reads) != len(texts):  # never: each line is one match
            reads = [read_one(found, text) for text in texts]
    if found.digits:
        index = {name: number for number, name in enumerate(found.columns)}
        checks = [(index[name], valid) for name, valid in found.digits]
        for number, read in enumerate(reads):
            if read is not None and any(read[i] and not valid(read[i]) for i, valid in checks):
                reads[number] = None
    return reads


def read_one(found: Definition, text: str) -> tuple[str, ...] | None:
    """The groups of ``text`` matched by the shape ("" for a null), or None."""
    match = found.shape.fullmatch(text)
    return match.groups("") if match else None


def read_text(table: str, text: str) -> dict[str, Any] | None:
    """The values the server needs of record ``text`` of ``table`` when the text has the
    shape of a valid record (see the module): id, version, what tells its office, what it
    refers to (the version a number, the rest texts or None). None: decode the text and
    :func:`validate` it, which names the problem if there is one."""
    return reader(table)(text)


@cache
def reader(table: str) -> Callable[[str], dict[str, Any] | None]:
    """:func:`read_text` of one table, for a loop over many records."""
    found = definition(table)
    if found is None:
        return lambda _text: None
    fullmatch, digits = found.shape.fullmatch, found.digits

    def read(text: str) -> dict[str, Any] | None:
        match = fullmatch(text)
        if match is None:
            return None
        values = match.groupdict()
        for name, valid in digits:
            value = values[name]
            if value and not valid(value):
                return None
        values["version"] = int(values["version"])
        return values

    return read


@cache
def definition(table: str) -> Definition | None:
    """The definition of synced table ``table``; None for a table that does not sync."""
    import desktop.storage.models  # noqa: F401 - registers every table
    from desktop.storage.base import Base
    from desktop.sync import scopes

    if table not in scopes.SYNCED:
        return None
    model = Base.metadata.tables[table]
    fields = {column.name: _field(model, column.name) for column in model.columns}
    digits = tuple((f.name, _CAPTURED_CHECKS[f.check]) for f in fields.values()
                   if f.check in _CAPTURED_CHECKS)
    shape = _shape(table, fields)
    return Definition(table, fields, _compile(table, fields), shape, digits,
                      references=tuple(f for f in fields.values() if f.refers is not None),
                      offices=tuple(f for f in fields.values() if f.office),
                      linked=tuple(f for f in fields.values() if f.refers or f.office),
                      lines=re.compile(f"^(?:{shape.pattern}|(?P<other>.*))$", re.MULTILINE),
                      columns=tuple(sorted(shape.groupindex, key=shape.groupindex.__getitem__)))


def validate(table: str, data: Mapping[str, Any]) -> Problem | None:
    """The first problem of ``data`` as a record of ``table`` (a synced table), or None.

    Any JSON object may be given: a check never raises, it names the field."""
    found = definition(table)
    if found is None:
        raise KeyError(table)
    problem = found.check(data)
    return None if problem is None else Problem(problem[0], FieldProblem(problem[1]))


def prepare() -> None:
    """Compile every synced table's check and shape now (a server does it at its start)."""
    from desktop.sync import scopes

    for table in scopes.SYNCED:
        reader(table)
