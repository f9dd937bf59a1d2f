"""A record that meets its table's definition, as a desk writes it: for tests that push
records by hand (the sync integration tests and their fixtures)."""

from __future__ import annotations

import datetime as dt


def valid_record(table: str, record_id: str, version: int = 1, **values: object
                 ) -> dict[str, object]:
    """A record of ``table`` that meets its definition (desktop.sync.records), every column
    in the table's order as a desk writes it: ``values``, the column's default, or for a
    column without one a value of its kind. The columns each desk makes for itself
    (``scopes.LOCAL_COLUMNS``) are never sent, so not written unless given."""
    from desktop.domain.iin import make_iin
    from desktop.domain.model import Sex
    from desktop.storage.base import Base
    from desktop.sync.records import BOOLEAN, DATE, DATETIME, INTEGER, definition
    from desktop.sync.scopes import LOCAL_COLUMNS

    found = definition(table)
    assert found is not None, table
    given: dict[str, object] = {"id": record_id, "version": version,
                                "created_at": "2026-11-20 09:00:00.000000",
                                "updated_at": "2026-11-20 09:00:00.000000", **values}
    record: dict[str, object] = {}
    for field in found.fields.values():
        default = Base.metadata.tables[table].columns[field.name].default
        if field.name in given:
            record[field.name] = given[field.name]
        elif field.name in LOCAL_COLUMNS.get(table, ()):
            continue
        elif default is not None and default.is_scalar:
            record[field.name] = default.arg
        elif field.nullable:
            record[field.name] = None
        elif field.choices is not None:
            record[field.name] = sorted(field.choices)[0]
        elif field.check == "iin":
            record[field.name] = make_iin(dt.date(1990, 1, 1), Sex.FEMALE, 1)
        elif field.check == "quarter":
            record[field.name] = "2026-Q4"
        elif field.json is not None:
            record[field.name] = "{}"
        else:
            record[field.name] = {DATE: "2026-11-20", DATETIME: "2026-11-20 09:00:00.000000",
                                  INTEGER: 0, BOOLEAN: False}.get(field.kind, "x")
    record.update((k, v) for k, v in given.items() if k not in record)  # an unknown one
    return record
