"""Shared by tests/unit and tests/acceptance: the session cache, run_cli, need_tool, and the
shipped briefing and fixtures built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Template analyses and build records go to a cache of the test session's own, so tests
# neither read a developer's cache nor leave anything in it.
os.environ["DECKGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="deckgen-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "content" / "russia-iran-2017.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# For a workspace copied from content/ that holds the shipped briefing alone (and its
# picture): the review briefing beside it is another briefing's worth of outputs.
ONLY_SHIPPED = shutil.ignore_patterns("*-review.yaml")
# The smallest valid briefing; bad-input cases are built on it, so their places are known.
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def run_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `python -m deckgen ARGS` as a user would, capturing its output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "deckgen", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def need_tool(name: str) -> str:
    """The path of an external tool; in CI its absence is a failure, elsewhere a skip."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI (.ci/run installs it)")
    pytest.skip(f"{name} not installed")
    raise AssertionError  # unreachable


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped briefing built with the default template: deck and memo paths."""
    out = tmp_path_factory.mktemp("shipped")
    done = run_cli("build", str(SHIPPED), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return {"deck": out / "russia-iran-2017-deck.pptx", "memo": out / "russia-iran-2017-memo.docx"}


@pytest.fixture(scope="session")
def three(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three-actor fixture (unicode names, a right-to-left quote) built."""
    out = tmp_path_factory.mktemp("three")
    done = run_cli("build", str(FIXTURES / "three-actors.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return {"deck": out / "three-actors-deck.pptx", "memo": out / "three-actors-memo.docx"}


# The ECMA-376 validator and its schemas live beside the project (never inside it: the
# schemas come from other repositories). CI always has them; elsewhere their tests skip.
VALIDATOR = ROOT.parent / "shared" / "tools" / "ooxml_validate.py"


def ooxml_problems(*packages: Path) -> list[dict[str, object]]:
    """Every problem the ECMA-376 validator finds in ``packages`` (embedded ones included)."""
    if not (VALIDATOR.is_file() and (VALIDATOR.parent.parent / "ooxml-schemas").is_dir()):
        if os.environ.get("CI"):
            pytest.fail(f"the OOXML validator is required in CI ({VALIDATOR} and its schemas)")
        pytest.skip(f"the OOXML validator is not beside the project ({VALIDATOR})")
    done = subprocess.run(
        [sys.executable, str(VALIDATOR), "--json", *map(str, packages)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    import json

    reports = json.loads(done.stdout)
    return [problem for report in reports for problem in report["problems"]]


_TYPESET = str.maketrans({"\u00a0": " ", "\u2011": "-", "\u2060": None})


def untypeset(text: str) -> str:
    """The memo's text as typed: the no-break spaces, no-break hyphens and word joiners the
    memo sets inside dates, ranges and units (writers/memo/typeset.py) read as plain ones."""
    return text.translate(_TYPESET)
