"""Each package's ``__all__`` to the names it really exports (httpx's test_exported_members).

Read from the source, so a package that gains an ``__all__`` is checked without a change here.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "deckgen"


def declared() -> dict[str, list[str]]:
    """Module name -> the names its ``__all__`` lists, for every module that has one."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                value = node.value
                assert isinstance(value, (ast.List, ast.Tuple)), f"{path}: __all__ is not a list"
                names = [e.value for e in value.elts if isinstance(e, ast.Constant)]
                assert len(names) == len(value.elts), f"{path}: __all__ holds a non-string"
                found[".".join(parts)] = [str(n) for n in names]
    return found


DECLARED = declared()


def test_the_packages_declare_their_api() -> None:
    assert "deckgen" in DECLARED and "deckgen.cli" in DECLARED


@pytest.mark.parametrize("module", sorted(DECLARED))
def test_exported_members(module: str) -> None:
    names = DECLARED[module]
    assert len(names) == len(set(names)), f"{module}.__all__ repeats a name"
    assert all(not n.startswith("_") or n.startswith("__") for n in names), names
    imported = importlib.import_module(module)
    assert list(imported.__all__) == names
    missing = [n for n in names if not hasattr(imported, n)]
    assert not missing, f"{module}.__all__ names what it does not have: {missing}"
    star: dict[str, object] = {}
    exec(f"from {module} import *", star)  # what a user's star import gets
    assert set(star) - {"__builtins__"} == set(names)


def test_the_command_line_entry_point_is_cli_main() -> None:
    from deckgen.cli import main

    assert callable(main)
