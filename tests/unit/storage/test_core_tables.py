"""The Core views of the tables the start reads before the ORM agree with the models' tables,
which own the schema: every column named there exists, with the same type."""

from __future__ import annotations

import pytest
from sqlalchemy import Date, Integer, String, Text

import desktop.storage.models  # noqa: F401 - registers every table
from desktop.storage import core_tables
from desktop.storage.base import Base
from desktop.storage.types import UTCDateTime

VIEWS = [core_tables.settings, core_tables.offices, core_tables.staff, core_tables.accounts,
         core_tables.applications]


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_every_column_is_the_models_column_with_its_type(view) -> None:
    table = Base.metadata.tables[view.name]
    assert view.c.keys(), "a view with no columns reads nothing"
    for column in view.c:
        assert column.name in table.c, f"{view.name}.{column.name} is not in the models"
        model_type, view_type = table.c[column.name].type, column.type
        assert isinstance(view_type, (String, Text, Integer, Date, UTCDateTime))
        # String(200) and String are the same column to SQLite; Text is a String
        assert type(model_type) is type(view_type) or (
            isinstance(model_type, String) and type(view_type) is String), (
            f"{view.name}.{column.name}: {model_type!r} in the models, {view_type!r} here")


def test_the_journal_reads_every_sort_and_search_column_from_the_view() -> None:
    """The journal's query is written against the Core view only (one query, no ORM twin)."""
    import inspect

    from desktop.services import journal

    source = inspect.getsource(journal)
    assert "desktop.storage.models" not in source and "ApplicationRecord" not in source
