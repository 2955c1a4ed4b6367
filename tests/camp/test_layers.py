"""Imports run down the layers and no two packages import each other.

``tui -> camp.services -> camp.db -> camp.models``; the pure modules (the data the
renderers show among them) sit below the services, the renderers beside them. The
import graph is read from the source with ``ast``, so an import inside a function
counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

import camp
import tui

ROOT = Path(camp.__file__).parent.parent
TOP_PACKAGES = ("camp", "tui")

#: Plain data in, plain data out: no database, no clock, no terminal. ``camp`` itself is
#: the package's ``__init__``, which holds only the version.
PURE = (
    "camp.models",
    "camp.errors",
    "camp.calendar",
    "camp.judging",
    "camp.scoring",
    "camp.ramp",
    "camp.events",
    "camp.pairing",
    "camp.leaderboard",
    "camp.report",
    "camp.labels",
    "camp.textwidth",
    "camp.clock",
    "camp.resources",
    "camp.definition",
    "camp.collector",
)
RENDERERS = ("camp.announcements", "camp.exporters")
READERS = ("camp.importers",)
#: The network: robots that post (delivery) and bots that listen.
DELIVERY = ("camp.delivery", "camp.bots")
#: What the layers below the services must not reach.
ABOVE_THE_DATA = ("camp.db", "camp.services", "camp.scheduler", "camp.cli", "tui")

#: Packages that are one node of the package graph; any other module of ``camp`` is a
#: node of its own, and so is every direct child of ``tui``.
CAMP_PACKAGES = (
    "camp.db",
    "camp.services",
    "camp.exporters",
    "camp.importers",
    "camp.delivery",
    "camp.bots",
    "camp.definition",
)


@dataclass(frozen=True)
class Import:
    """One imported module: who imports it, where, and the statement as written."""

    source: str
    target: str
    path: Path
    line: int
    text: str
    typing_only: bool = False  # under ``if TYPE_CHECKING:``: never runs

    def __str__(self) -> str:
        return f"{self.source} ({self.path.relative_to(ROOT)}:{self.line}): {self.text}"


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    """True when ``name`` is one of ``prefixes`` or a module inside one of them."""
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _module_names() -> dict[str, Path]:
    modules = {}
    for package in (camp, tui):
        for path in sorted(Path(package.__file__).parent.rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _module_names()


def _absolute(node: ast.ImportFrom, source: str) -> str | None:
    """The module a ``from ... import`` names, relative imports resolved."""
    if not node.level:
        return node.module
    package = source.split(".")
    if MODULES[source].name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _type_checking_nodes(tree: ast.Module) -> set[ast.AST]:
    """The statements under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    nodes: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            for statement in node.body:
                nodes.update(ast.walk(statement))
    return nodes


def _imports_of(source: str, path: Path) -> list[Import]:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    typing_only = _type_checking_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, source)
            if module is None:
                continue
            # ``from camp import clock`` imports the module camp.clock.
            targets = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module
                for alias in node.names
            ]
        else:
            continue
        statement = " ".join((ast.get_source_segment(text, node) or "").split())
        for target in dict.fromkeys(targets):
            if target.split(".")[0] in TOP_PACKAGES:
                found.append(
                    Import(source, target, path, node.lineno, statement, node in typing_only)
                )
    return found


IMPORTS = [found for name, path in MODULES.items() for found in _imports_of(name, path)]


def test_the_graph_was_read():
    assert {"camp.cli", "camp.services.standings", "tui.app", "camp.exporters"} <= set(MODULES)
    pairs = {(i.source, i.target) for i in IMPORTS}
    assert ("camp.services.standings", "camp.db") in pairs
    # Imports inside functions count too (the CLI imports its services lazily).
    assert ("camp.cli", "camp.services.standings") in pairs


def _broken(rule, sources: tuple[str, ...], allowed) -> list[str]:
    return [
        f"{found}  -- {rule}"
        for found in IMPORTS
        if within(found.source, sources) and not allowed(found.target)
    ]


def test_imports_run_down_the_layers():
    below = PURE + RENDERERS + READERS + DELIVERY
    problems = [
        *_broken(
            "pure modules import only pure modules",
            PURE,
            lambda target: target == "camp" or within(target, PURE),
        ),
        *_broken(
            "pure modules, renderers, readers and delivery sit below the database and the services",
            below,
            lambda target: not within(target, ABOVE_THE_DATA),
        ),
        *_broken(
            "camp.db imports only pure modules",
            ("camp.db",),
            lambda target: target == "camp" or within(target, ("camp.db", *PURE)),
        ),
        *_broken(
            "services never import the command line, the scheduler or the terminal UI",
            ("camp.services",),
            lambda target: not within(target, ("camp.cli", "camp.scheduler", "tui")),
        ),
        *_broken("camp never imports tui", ("camp",), lambda target: not within(target, ("tui",))),
    ]
    if problems:
        pytest.fail("imports that run up the layers:\n" + "\n".join(problems), pytrace=False)


def node_of(module: str) -> str:
    """The node of the package graph that ``module`` belongs to."""
    for package in CAMP_PACKAGES:
        if within(module, (package,)):
            return package
    return ".".join(module.split(".")[:2])


def package_graph() -> dict[str, dict[str, Import]]:
    """Node -> node it imports -> the first import line that makes the edge.

    Imports under ``if TYPE_CHECKING:`` are left out: they name a type for the checker
    and never run, so they cannot make the order of first imports matter. (The layer
    rules above do count them: a type from a higher layer is still a dependency.)
    """
    graph: dict[str, dict[str, Import]] = {}
    for found in IMPORTS:
        if found.typing_only:
            continue
        source, target = node_of(found.source), node_of(found.target)
        if source != target:
            graph.setdefault(source, {}).setdefault(target, found)
    return graph


def find_cycle(graph: dict[str, dict[str, Import]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first and last the same), or None."""
    finished: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        path.append(node)
        for step in sorted(graph.get(node, {})):
            if step in path:
                return [*path[path.index(step) :], step]
            if step not in finished:
                cycle = visit(step)
                if cycle is not None:
                    return cycle
        path.pop()
        finished.add(node)
        return None

    for start in sorted(graph):
        if start not in finished:
            cycle = visit(start)
            if cycle is not None:
                return cycle
    return None


def test_find_cycle_reports_the_nodes_of_a_cycle():
    edge = IMPORTS[0]
    graph = {"a": {"b": edge}, "b": {"c": edge}, "c": {"a": edge, "d": edge}, "d": {}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": edge}, "b": {}, "c": {"b": edge}}) is None


#: Edges of the package graph that close a cycle known before this test; any other
#: cycle fails. (The terminal UI's tabs and screens imported each other until its
#: reshaping into screens, tabs, dialogs and widgets.)
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def test_no_cycle_between_packages():
    graph = package_graph()
    for source, target in KNOWN_CYCLE_EDGES:
        assert target in graph.get(source, {}), (
            f"{source} no longer imports {target}: take the edge out of KNOWN_CYCLE_EDGES"
        )
        del graph[source][target]
    cycle = find_cycle(graph)
    if cycle is not None:
        lines = [f"  {a} -> {b}: {graph[a][b]}" for a, b in pairwise(cycle)]
        pytest.fail(
            "packages import each other: " + " -> ".join(cycle) + "\n" + "\n".join(lines),
            pytrace=False,
        )
