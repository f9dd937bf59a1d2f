"""The forms agree with the domain model: bindings resolve, choice ids are enum values."""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any

import pytest

from desktop.domain import model
from desktop.formspec import FieldSpec, FieldType, load_all

FORMS = load_all()


def _unwrap(tp: Any) -> Any:
    """Strip Optional / X | None."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp


def resolve(path: str) -> Any:
    """The type a binding ends at, walking dataclass fields and properties of Application."""
    current: Any = model.Application
    for part in path.split("."):
        many = part.endswith("[]")
        name = part.removesuffix("[]")
        current = _unwrap(current)
        assert dataclasses.is_dataclass(current), f"{path}: {name} is inside a non-dataclass"
        hints = typing.get_type_hints(current, vars(model))
        if name in hints:
            current = hints[name]
        else:
            prop = getattr(current, name, None)
            assert isinstance(prop, property), f"{path}: no field {name!r} on {current.__name__}"
            assert prop.fget is not None
            current = typing.get_type_hints(prop.fget, vars(model))["return"]
        if many:
            current = _unwrap(current)
            assert typing.get_origin(current) is tuple, f"{path}: {name} is not a tuple"
            current = typing.get_args(current)[0]
    return _unwrap(current)


def bound_fields() -> list[tuple[str, FieldSpec]]:
    return [
        (spec.id, item)
        for spec in FORMS.values()
        for item in spec.fields()
        if item.binding
    ]


@pytest.mark.parametrize(("form_id", "item"), bound_fields(), ids=lambda v: getattr(v, "id", v))
def test_binding_resolves_in_the_domain_model(form_id: str, item: FieldSpec) -> None:
    target = resolve(item.binding)
    if item.type is FieldType.CHOICE and item.choices:
        if item.multiple:
            assert typing.get_origin(target) is frozenset
            target = typing.get_args(target)[0]
        assert isinstance(target, type) and issubclass(target, Enum), item.binding
        enum_values = {member.value for member in target}
        choice_ids = {choice.id for choice in item.choices}
        assert choice_ids == enum_values, (item.id, choice_ids ^ enum_values)


def test_documents_are_domain_document_kinds_and_channels_are_domain_channels() -> None:
    docs = FORMS["documents"]
    kinds = {k.value for k in model.DocumentKind}
    channels = {c.value for c in model.Channel}
    assert {d.id for d in docs.documents} <= kinds
    for checklist in docs.checklists:
        assert set(checklist.channels) <= channels


def test_checklist_rule_sets_are_the_domain_rule_sets() -> None:
    rulesets = pytest.importorskip("desktop.domain.rulesets")
    declared = {
        value.id: value
        for value in vars(rulesets).values()
        if type(value).__name__ == "RuleSet"
    }
    docs = FORMS["documents"]
    for checklist in docs.checklists:
        assert checklist.rule_set in declared
        ours = set(checklist.channels)
        theirs = {c.value for c in declared[checklist.rule_set].channels}
        assert ours == theirs, checklist.rule_set
