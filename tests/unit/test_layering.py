"""deckgen's modules to the layer contract: nothing imports upward, only cli imports click.

Every import counts, function-local and TYPE_CHECKING ones included (they hide a dependency
from the first lines of a module, not from the design). The layers, lowest first:

    foundation < checking < content < ooxml < templates < plan < writers < pdf < build
        < review = publish < cli

review and publish may use build and below, not each other; nothing imports deckgen.cli;
no two modules import each other at module level; no two packages depend on each other; the
foundation modules may import one another, without a cycle.

KNOWN lists the violations that exist today, each with why: the test fails for any other, and
also for a KNOWN entry that no longer occurs, so the list only shrinks. To see the current
violations in KNOWN's format: python tests/unit/test_layering.py
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "deckgen"

FOUNDATION = {
    "errors", "console", "text", "vocabulary", "geometry", "metrics", "images", "usercache",
    "paths", "contrast", "markings", "boundary", "resources", "scratch",
}  # fmt: skip
# Lowest first; one rank may hold two layers that must not import each other.
ORDER: list[tuple[str, ...]] = [
    ("foundation",), ("checking",), ("content",), ("ooxml",), ("templates",), ("plan",),
    ("writers",), ("pdf",), ("build",), ("review", "publish"), ("cli",),
]  # fmt: skip
RANK = {layer: rank for rank, layers in enumerate(ORDER) for layer in layers}

# (importer, imported) -> why it is still there. Remove an entry when its import is gone.
KNOWN: dict[tuple[str, str], str] = {
}  # fmt: skip


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the module that holds it sees it."""

    importer: str
    imported: str  # a deckgen module, or the top-level name of a third-party one
    line: int
    runtime_top: bool  # executed when the importer is imported (not in a function or TYPE_CHECKING)


def module_name(path: Path) -> str:
    """deckgen/build/run.py -> deckgen.build.run; a package's __init__ is the package."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    """The layer of a deckgen module: its subpackage, or foundation for the top-level ones."""
    parts = module.split(".")
    if len(parts) == 1:
        return "foundation"  # deckgen/__init__.py: the version
    if parts[1] == "__main__":
        return "cli"  # `python -m deckgen` is the command line's other door
    if len(parts) == 2 and parts[1] in FOUNDATION:
        return "foundation"
    if (PACKAGE / parts[1]).is_dir():
        return parts[1]
    raise AssertionError(f"{module} has no layer: add it to FOUNDATION or a subpackage")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(node: ast.ImportFrom, importer: str, is_package: bool, known: set[str]) -> list[str]:
    """The modules ``from X import a, b`` reaches: X.a where that is a module, else X."""
    base = node.module or ""
    if node.level:  # relative: the rules ask for absolute imports, but read them right anyway
        anchor = importer.split(".")
        anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
        base = ".".join([*anchor, base] if base else anchor)
    found = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        found.append(candidate if candidate in known else base)
    return found


def imports_of(module: str, path: Path, known: set[str]) -> Iterator[Import]:
    """Every import in ``path``, wherever it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"

    def visit(nodes: Iterable[ast.stmt | ast.AST], top: bool) -> Iterator[Import]:
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(module, _target(alias.name, known), node.lineno, top)
            elif isinstance(node, ast.ImportFrom):
                for target in _resolve(node, module, is_package, known):
                    yield Import(module, _target(target, known), node.lineno, top)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from visit(ast.iter_child_nodes(node), False)
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from visit(node.body, False)
                yield from visit(node.orelse, top)
            else:
                yield from visit(ast.iter_child_nodes(node), top)

    yield from visit(tree.body, True)


def _target(name: str, known: set[str]) -> str:
    """A deckgen module as named, or a third-party module by its top-level name."""
    if name == "deckgen" or name.startswith("deckgen."):
        while name not in known and "." in name:
            name = name.rsplit(".", 1)[0]  # `import deckgen.x.y.attr`: the module holding it
        return name
    return name.split(".")[0]


@functools.cache
def all_imports() -> list[Import]:
    """Every import of every deckgen module."""
    modules = all_modules()
    known = set(modules)
    return [found for name, path in modules.items() for found in imports_of(name, path, known)]


def cyclic_edges(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges that lie on a cycle: both ends in one strongly connected component."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    component: dict[str, int] = {}

    def connect(start: str) -> None:  # Tarjan's algorithm, iterative: no recursion limit
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = index[node]
                        if member == node:
                            break
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return {(a, b) for a, b in edges if a != b and component[a] == component[b]}


def violations(imports: list[Import], allowed: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(importer, imported) -> the rule it breaks. Cycles are looked for with the ``allowed``
    edges taken out (so a known back-edge does not make every edge of its loop a finding),
    and with them kept in (so a known edge that closes a loop is still found)."""
    found: dict[tuple[str, str], str] = {}
    inner = [i for i in imports if i.imported.startswith("deckgen")]
    for i in imports:
        key = (i.importer, i.imported)
        if i.imported == "click" and not i.importer.startswith("deckgen.cli"):
            found[key] = f"line {i.line}: click outside deckgen.cli"
    for i in inner:
        key = (i.importer, i.imported)
        mine, theirs = layer_of(i.importer), layer_of(i.imported)
        if theirs == "cli" and mine != "cli":  # deckgen.__main__ counts as cli
            found[key] = f"line {i.line}: imports deckgen.cli"
        elif RANK[theirs] > RANK[mine]:
            found[key] = f"line {i.line}: upward, {mine} -> {theirs}"
        elif {mine, theirs} == {"review", "publish"}:
            found[key] = f"line {i.line}: review and publish import each other"

    def loops(pairs: set[tuple[str, str]], what: str, keys: dict[tuple[str, str], str]) -> None:
        for edge in sorted(cyclic_edges(pairs - allowed) | (cyclic_edges(pairs) & allowed)):
            found.setdefault(edge, f"{what} cycle ({keys.get(edge, '')})")

    top = {(i.importer, i.imported): f"line {i.line}" for i in inner if i.runtime_top}
    loops({e for e in top if e[0] != e[1]}, "module-level", top)
    every = {(i.importer, i.imported): f"line {i.line}" for i in inner}
    foundation = {e for e in every if layer_of(e[0]) == layer_of(e[1]) == "foundation"}
    loops({e for e in foundation if e[0] != e[1]}, "foundation", every)
    # Package cycles: each edge between two packages stands for the module edges behind it.
    by_package: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for edge in every:
        a, b = layer_of(edge[0]), layer_of(edge[1])
        if a != b:
            by_package.setdefault((a, b), []).append(edge)
    free = {p for p, edges in by_package.items() if any(e not in allowed for e in edges)}
    for pair in cyclic_edges(free) | cyclic_edges(set(by_package)):
        edges = by_package[pair]
        if pair in cyclic_edges(free):
            edges = [e for e in edges if e not in allowed]
        else:
            edges = [e for e in edges if e in allowed]
        for edge in edges:
            found.setdefault(edge, f"{every[edge]}: package cycle {pair[0]} <-> {pair[1]}")
    return found


def test_every_module_has_a_layer() -> None:
    for module in all_modules():
        layer_of(module)  # raises for a module placed nowhere


def test_the_layer_table_names_every_subpackage() -> None:
    subpackages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "data"}
    subpackages = {name for name in subpackages if any((PACKAGE / name).rglob("*.py"))}
    assert subpackages <= set(RANK), f"not in ORDER: {sorted(subpackages - set(RANK))}"
    on_disk = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert on_disk == FOUNDATION, f"top-level modules not in FOUNDATION: {on_disk ^ FOUNDATION}"


def test_the_reader_sees_hidden_imports(tmp_path: Path) -> None:
    """Function-local, TYPE_CHECKING and relative imports are all read, each where it stands."""
    path = tmp_path / "mod.py"
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "import deckgen.text\n"
        "if TYPE_CHECKING:\n    from deckgen.plan.planner import Deck\n"
        "def f():\n    from deckgen.build import run\n    import click\n"
        "from . import geometry\n",
        encoding="utf-8",
    )
    known = {"deckgen.text", "deckgen.plan.planner", "deckgen.build.run", "deckgen.geometry"}
    seen = {(i.imported, i.runtime_top) for i in imports_of("deckgen.mod", path, known)}
    assert seen == {
        ("typing", True), ("deckgen.text", True), ("deckgen.plan.planner", False),
        ("deckgen.build.run", False), ("click", False), ("deckgen.geometry", True),
    }  # fmt: skip


def test_cycles_are_found_and_known_edges_do_not_hide_others() -> None:
    assert cyclic_edges({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == {
        ("a", "b"), ("b", "c"), ("c", "a")
    }  # fmt: skip
    assert cyclic_edges({("a", "b")}) == set()


def test_each_rule_is_enforced() -> None:
    def imp(a: str, b: str, top: bool = False) -> Import:
        return Import(a, b, 1, top)

    found = violations(
        [
            imp("deckgen.text", "deckgen.plan.planner"),  # upward, though function-local
            imp("deckgen.review.lint", "deckgen.publish.dist"),
            imp("deckgen.plan.planner", "click"),
            imp("deckgen.build.run", "deckgen.cli.commands"),
            imp("deckgen.metrics", "deckgen.images", top=True),  # a foundation loop
            imp("deckgen.images", "deckgen.metrics", top=True),
            imp("deckgen.cli.commands", "click"),  # allowed: cli is click's only importer
            imp("deckgen.__main__", "deckgen.cli", top=True),
        ],
        set(),
    )
    assert {edge: why.split(": ", 1)[-1] for edge, why in found.items()} == {
        ("deckgen.text", "deckgen.plan.planner"): "upward, foundation -> plan",
        ("deckgen.review.lint", "deckgen.publish.dist"): "review and publish import each other",
        ("deckgen.plan.planner", "click"): "click outside deckgen.cli",
        ("deckgen.build.run", "deckgen.cli.commands"): "imports deckgen.cli",
        ("deckgen.metrics", "deckgen.images"): "module-level cycle (line 1)",
        ("deckgen.images", "deckgen.metrics"): "module-level cycle (line 1)",
    }


def test_no_import_breaks_the_layers() -> None:
    found = violations(all_imports(), set(KNOWN))
    new = {edge: why for edge, why in found.items() if edge not in KNOWN}
    assert not new, "imports that break the layer contract:\n" + "\n".join(
        f"  {a} -> {b}: {why}" for (a, b), why in sorted(new.items())
    )


def test_every_known_violation_still_occurs() -> None:
    """A KNOWN entry whose import was fixed must leave the list, so it cannot come back."""
    found = violations(all_imports(), set(KNOWN))
    gone = sorted(edge for edge in KNOWN if edge not in found)
    assert not gone, "fixed, so remove from KNOWN:\n" + "\n".join(f"  {a} -> {b}" for a, b in gone)


def test_known_violations_still_present() -> None:
    """Not a failure: says how many violations are waiting to be fixed (-rA shows it)."""
    for (a, b), why in sorted(KNOWN.items()):
        print(f"still present: {a} -> {b} ({why})")


MAX_LINES = 600  # a module a newcomer can read at one sitting


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for path in sorted(PACKAGE.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules (over {MAX_LINES} lines): {long}"


def test_every_module_says_what_it_turns_into_what() -> None:
    """A module's docstring opens with one sentence of its job, as the house style asks."""
    missing = [
        str(path.relative_to(SRC))
        for path in sorted(PACKAGE.rglob("*.py"))
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not missing, f"modules without a docstring: {missing}"


def current() -> dict[tuple[str, str], str]:
    """Today's violations as KNOWN would list them: the edges that break a rule by themselves,
    then whatever cycles remain with those edges taken out."""
    imports = all_imports()
    breaking = {e for e, why in violations(imports, set()).items() if "cycle" not in why}
    return violations(imports, breaking)


if __name__ == "__main__":
    for (a, b), why in sorted(current().items()):
        print(f'    ("{a}", "{b}"): "{why}",')
