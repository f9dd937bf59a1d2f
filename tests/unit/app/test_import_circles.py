"""No module of Kömek imports in a circle, as the layering test keeps Qt out of the core.

Every ``import`` counts, those inside functions too: an import put off to run time to break a
circle still ties the modules together (a change to one reaches the other, and the first call
pays for the import). The graph is read from the source, so the test needs no import at all.

Two circles of the interface are known and listed below: the new-application flow
(amendments, the documents menu, the desk and the wizard window) and the main window with the
case panel and its session. They are untangled with the service chooser and the per-service
wizard (issue 18, phase 2); until then a circle that is not one of them, or a change to one of
them, fails here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "desktop"
KNOWN_CIRCLES: frozenset[frozenset[str]] = frozenset({
    frozenset({"desktop.ui.amend.action", "desktop.ui.printing.documents_menu",
               "desktop.ui.wizard.desk", "desktop.ui.wizard.wizard_window"}),
    frozenset({"desktop.ui.main_window", "desktop.ui.cases.panel",
               "desktop.ui.cases.session"}),
})


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:  # Alembic scripts run only under Alembic
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            if base in modules:
                yield base
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    yield f"{base}.{alias.name}"


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: set(_imported(name, path, modules)) - {name}
            for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(frozenset(group))
    return found


def test_no_module_imports_in_a_circle_but_the_two_known_ones():
    found = set(circles(import_graph()))
    new = [sorted(group) for group in found - KNOWN_CIRCLES]
    assert not new, f"modules importing in a circle: {new}"


def test_every_known_circle_is_still_there_or_off_the_list():
    # The list is kept honest: a circle that is gone must be taken off it.
    found = set(circles(import_graph()))
    gone = [sorted(group) for group in KNOWN_CIRCLES - found]
    assert not gone, f"no longer a circle, remove from KNOWN_CIRCLES: {gone}"


def test_the_circle_finder_finds_a_circle_through_a_function_level_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [frozenset({"a", "b", "c"})]


def test_the_services_layer_has_no_circle_left():
    graph = import_graph()
    services = {name: {n for n in targets if n.startswith("desktop.services.")}
                for name, targets in graph.items() if name.startswith("desktop.services.")}
    assert circles(services) == []
