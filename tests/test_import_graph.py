"""The package's modules import each other in one direction only: no module or sub-package is part of
an import circle, and the query language depends on nothing else of ours.

The graph is built from the source text (every ``import`` and ``from ... import``, including those
inside functions, which are circles too when they run; only ``if TYPE_CHECKING:`` blocks are left out),
so a circle added anywhere fails here before it fails at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import searchcraft

SRC = Path(searchcraft.__file__).resolve().parent.parent


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in (SRC / "searchcraft").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _modules()


class _Imports(ast.NodeVisitor):
    def __init__(self, name: str, is_package: bool) -> None:
        self.name, self.is_package, self.found = name, is_package, set()

    def visit_If(self, node: ast.If) -> None:
        if "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.update(alias.name for alias in node.names if alias.name.startswith("searchcraft"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            here = self.name.split(".") if self.is_package else self.name.split(".")[:-1]
            here = here[: len(here) - (node.level - 1)]
            base = ".".join(here + ([node.module] if node.module else []))
        if base.startswith("searchcraft"):
            for alias in node.names:
                self.found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for name, (path, is_package) in MODULES.items():
        visitor = _Imports(name, is_package)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        graph[name] = {target for target in visitor.found if target in MODULES and target != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _subpackage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and MODULES.get(".".join(parts[:2]), (None, False))[1] else "(top)"


def test_the_graph_sees_lazy_imports_inside_functions():
    graph = import_graph()
    assert "searchcraft.practice" in graph["searchcraft.sources"]  # open_source imports it when asked


def test_no_module_is_part_of_an_import_circle():
    assert circles(import_graph()) == []


def test_no_subpackage_is_part_of_an_import_circle():
    packages: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        packages.setdefault(_subpackage(module), set()).update(
            _subpackage(t) for t in targets if _subpackage(t) != _subpackage(module))
    packages.pop("(top)", None)
    for targets in packages.values():
        targets.discard("(top)")
    assert circles(packages) == []


def test_the_query_language_depends_on_nothing_else_of_ours():
    outside = {target for module, targets in import_graph().items() if module.startswith("searchcraft.query")
               for target in targets if not target.startswith("searchcraft.query")}
    assert outside <= {"searchcraft.errors"}, outside
