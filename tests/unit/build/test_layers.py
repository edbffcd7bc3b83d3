"""The I/O edge keeps its layer order: build/ imports neither review/, publish/ nor cli/
(not even inside a function), only cli/ imports click, and nothing imports cli/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "deckgen"
ABOVE_BUILD = ("deckgen.review", "deckgen.publish", "deckgen.cli", "click")


def imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return found


def modules(folder: str) -> list[Path]:
    return sorted((SRC / folder).rglob("*.py")) if folder else sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", modules("build"), ids=lambda p: p.name)
def test_build_imports_nothing_above_it(path: Path) -> None:
    above = {m for m in imported(path) if m.startswith(ABOVE_BUILD)}
    assert not above, f"{path.name} imports {sorted(above)}"


def test_review_and_publish_do_not_import_each_other() -> None:
    for folder, other in (("review", "deckgen.publish"), ("publish", "deckgen.review")):
        for path in modules(folder):
            assert not {m for m in imported(path) if m.startswith(other)}, path


def test_only_cli_imports_click_and_nothing_imports_cli() -> None:
    for path in modules(""):
        if path.is_relative_to(SRC / "cli") or path.name == "__main__.py":
            continue
        names = imported(path)
        assert "click" not in names and not any(m.startswith("deckgen.cli") for m in names), path
