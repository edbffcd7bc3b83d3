"""The code is checked by tools, not by hope: ruff's lint and format, and mypy over src/.

They run from the suite so that CI fails on them, with the versions pyproject.toml pins.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def _tool(name: str) -> list[str]:
    found = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if found is None:
        try:
            __import__(name)
        except ImportError:
            pytest.fail(f"{name} is a test dependency: python -m pip install -e '.[test]'")
        return [sys.executable, "-m", name]
    return [found]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "tools", "bench"],
        ["ruff", "format", "--check", "src", "tests", "tools", "bench"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_passes(command: list[str]) -> None:
    done = subprocess.run([*_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
