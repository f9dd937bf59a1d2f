"""YAML read with the line of every mapping, key and list item, for messages that name it.

A service file is checked as a whole and every problem is reported as
``services/<code>/service.yaml:<line>: <path inside>: <message>``; the reader keeps where each
value was written so that a problem points at its line, not only at its path.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["LocatedList", "LocatedMap", "line_of", "read_yaml"]

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedMap(dict[str, Any]):
    """A mapping with the line it starts on and the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A list with the line it starts on and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class _Loader(_Base):  # type: ignore[misc]
    pass


def _mapping(loader: Any, node: yaml.MappingNode) -> LocatedMap:
    loader.flatten_mapping(node)
    result = LocatedMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key) if not isinstance(key, bool) else str(key).lower()] = \
            loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _sequence(loader: Any, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def read_yaml(text: str) -> Any:
    """The document in ``text``; mappings and lists carry their lines. Raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_Loader)


def line_of(node: Any, key: str | int | None = None) -> int:
    """The line of ``node`` itself, or of its ``key`` (a mapping's key, a list's index)."""
    if isinstance(node, LocatedMap):
        if isinstance(key, str) and key in node.key_lines:
            return node.key_lines[key]
        return node.line
    if isinstance(node, LocatedList):
        if isinstance(key, int) and 0 <= key < len(node.item_lines):
            return node.item_lines[key]
        return node.line
    return 0
