"""The test tree to its shape: tests/unit mirrors src/deckgen, and every test folder is a
package, so two files of one name in two folders (plan/test_deck.py, templates/test_deck.py)
are two modules rather than a collection error."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PACKAGE = TESTS.parent / "src" / "deckgen"


def test_every_folder_holding_tests_is_a_package() -> None:
    for tree in ("unit", "acceptance", "support"):
        for folder in [TESTS / tree, *(p for p in (TESTS / tree).rglob("*") if p.is_dir())]:
            if folder.name == "__pycache__" or not any(folder.glob("*.py")):
                continue
            assert (folder / "__init__.py").is_file(), f"{folder} needs an __init__.py"


def test_the_unit_folders_mirror_the_source() -> None:
    for folder in (p for p in (TESTS / "unit").rglob("*") if p.is_dir()):
        if folder.name == "__pycache__":
            continue
        mirrored = PACKAGE / folder.relative_to(TESTS / "unit")
        assert mirrored.is_dir(), f"{folder} mirrors no folder of src/deckgen"


def test_the_unit_tests_start_no_process() -> None:
    """The inner loop stays fast: the command line is the acceptance tests' to run."""
    for path in (TESTS / "unit").rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("import subprocess", "run_cli", "need_tool"):
            assert banned not in text or path.name == "test_tree.py", f"{path}: {banned}"
