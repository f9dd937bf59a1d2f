"""Fast multi-row INSERT for large loads (demo data, imports), bypassing the ORM unit of work.

Values go through each column's own SQLAlchemy bind processor, so what is stored is exactly
what an ORM insert would store; only the per-row statement compilation is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import DeclarativeBase, Session

_MISSING: Any = object()


def bulk_insert(
    session: Session, model: type[DeclarativeBase], rows: Sequence[dict[str, Any]]
) -> None:
    """INSERT ``rows`` (dicts keyed by ORM attribute name) into ``model``'s table, in the
    session's transaction. A key left out takes the column's default (None if it has none)."""
    if not rows:
        return
    mapper = inspect(model)
    table = mapper.local_table
    connection = session.connection()
    dialect = connection.dialect
    plan: list[tuple[str, Callable[[Any], Any] | None, Any, Callable[[], Any] | None]] = []
    table_name = model.__table__.name  # type: ignore[attr-defined]
    for column in table.columns:
        key = mapper.get_property_by_column(column).key
        fixed: Any = None
        make: Callable[[], Any] | None = None
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            fixed = default.arg
        elif default is not None and getattr(default, "is_callable", False):
            arg = default.arg
            make = lambda arg=arg: arg(None)  # noqa: E731 - SQLAlchemy wraps it as fn(context)
        process: Callable[[Any], Any] | None = column.type.dialect_impl(dialect).bind_processor(
            dialect
        )
        plan.append((key, process, fixed, make))
    # Many rows share one object (a batch timestamp, a date): remember the last conversion.
    last_in: list[Any] = [_MISSING] * len(plan)
    last_out: list[Any] = [None] * len(plan)
    params = []
    for row in rows:
        get = row.get
        values = []
        for i, (key, process, fixed, make) in enumerate(plan):
            item = get(key, _MISSING)
            if item is _MISSING:
                item = make() if make is not None else fixed
            if process is not None and item is not None:
                if item is last_in[i]:
                    item = last_out[i]
                else:
                    last_in[i] = item
                    item = last_out[i] = process(item)
            values.append(item)
        params.append(tuple(values))
    names = ", ".join(dialect.identifier_preparer.quote(c.name) for c in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    connection.exec_driver_sql(f"INSERT INTO {table_name} ({names}) VALUES ({marks})", params)
