"""The paper forms as data: typed specs loaded from ``forms/*.yaml`` (no Qt, no database).

``load_all()`` gives every form by id; the wizard and the printed sheets are built from them.
"""

from __future__ import annotations

from desktop.formspec.load import FormSpecError, load_all, load_form
from desktop.formspec.model import FieldSpec, FieldType, FormSpec, LocalizedText, PageSpec

__all__ = [
    "FieldSpec",
    "FieldType",
    "FormSpec",
    "FormSpecError",
    "LocalizedText",
    "PageSpec",
    "load_all",
    "load_form",
]
