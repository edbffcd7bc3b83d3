"""`--json` output: it parses, it has exactly the keys docs/cli.md documents, and it says the
same as the exit status and the files on disk."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, SHIPPED, run_cli

DOCS = ROOT / "docs" / "cli.md"
DIAGNOSTIC_KEYS = {"file", "line", "column", "severity", "code", "message", "hint"}
ENVELOPE = ["version", "command", "ok", "errors", "warnings"]


def documented() -> dict[str, dict[str, Any]]:
    """The example result of each command in docs/cli.md, by command."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.findall(r"<!-- shape: (\w+) -->\s*```json\n(.*?)```", text, re.S)
    return {name: json.loads(body) for name, body in found}


def same_shape(actual: Any, example: Any, where: str = "$") -> None:
    """Every object has exactly the documented keys, and values the documented types
    (null standing for "string or null"); list items are checked against the first example."""
    if isinstance(example, dict):
        assert isinstance(actual, dict), where
        assert list(actual) == list(example), f"{where}: keys {list(actual)} != {list(example)}"
        for key, value in example.items():
            same_shape(actual[key], value, f"{where}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), where
        if example:
            for i, item in enumerate(actual):
                same_shape(item, example[0], f"{where}[{i}]")
    elif example is None:
        assert actual is None or isinstance(actual, (str, int)), where
    elif isinstance(example, bool):
        assert isinstance(actual, bool), where
    elif isinstance(example, (int, str)):
        assert isinstance(actual, type(example)) or actual is None, where


def check_diagnostic(d: dict[str, Any]) -> None:
    assert set(d) == DIAGNOSTIC_KEYS
    assert d["severity"] in ("error", "warning", "info")
    assert (d["line"] is None) == (d["column"] is None)
    assert d["line"] is None or (d["line"] >= 1 and d["column"] >= 1)


def run_json(*args: str, cwd: Path = ROOT) -> tuple[dict[str, Any], int, str]:
    done = run_cli(*args, "--json", cwd=cwd, env={"FORCE_COLOR": "1"})
    assert "\x1b" not in done.stdout  # colour never reaches JSON, even when forced
    return json.loads(done.stdout), done.returncode, done.stderr


def test_the_docs_document_every_json_command() -> None:
    shapes = documented()
    assert set(shapes) == {"build", "validate", "lint", "diff"}
    for name, example in shapes.items():
        assert list(example)[:5] == ENVELOPE, name
        assert example["version"] == 1 and example["command"] == name


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "content" / "good.yaml")
    (tmp_path / "content" / "bad.yaml").write_text(
        "deckgen: 1\ntitle: x\nactors:\n  - {id: a, name: A}\n  - {id: a, name: B}\n"
        "shared_goals:\n  - title: g\n    sources: [nope]\n",
        encoding="utf-8",
    )
    return tmp_path


def test_build_json(workspace: Path) -> None:
    data, code, stderr = run_json("build", cwd=workspace)
    same_shape(data, documented()["build"])
    assert code == 1 and data["ok"] is False and not stderr  # everything is in the JSON
    assert data["built"] == ["good"]  # minimal.yaml has no id: the file name gives it
    assert all((workspace / p).is_file() for p in data["outputs"]) and len(data["outputs"]) == 2
    places = {(e["file"], e["line"], e["column"]) for e in data["errors"]}
    assert places == {("content/bad.yaml", 5, 10), ("content/bad.yaml", 8, 15)}
    for d in data["errors"] + data["warnings"]:
        check_diagnostic(d)
    (workspace / "content" / "bad.yaml").unlink()
    data, code, _ = run_json("build", cwd=workspace)
    assert code == 0 and data["ok"] is True and data["errors"] == []


def test_build_json_when_nothing_can_start(workspace: Path) -> None:
    data, code, _ = run_json("build", "-t", "nope", cwd=workspace)
    same_shape(data, documented()["build"])
    assert code == 1 and data["ok"] is False and data["outputs"] == []
    assert data["errors"][0]["file"] is None and "nope" in data["errors"][0]["message"]


def test_validate_json(workspace: Path) -> None:
    data, code, _ = run_json("validate", cwd=workspace)
    same_shape(data, documented()["validate"])
    assert code == 1 and data["valid"] == ["content/good.yaml"]
    assert {e["message"] for e in data["errors"]} == {
        "duplicate actor id 'a' (first defined at line 4)",
        "unknown source id 'nope'",
    }
    data, code, _ = run_json("validate", "content/good.yaml", cwd=workspace)
    assert code == 0 and data["ok"] is True and data["errors"] == []


def test_validate_json_without_content_files(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    data, code, _ = run_json("validate", cwd=tmp_path)
    same_shape(data, documented()["validate"])
    assert code == 1 and "no content files" in data["errors"][0]["message"]


def test_lint_json_carries_rule_codes_and_agrees_with_the_text() -> None:
    files = [str(SHIPPED), str(FIXTURES / "lint" / "multi-year.yaml")]
    data, code, _ = run_json("lint", *files)
    same_shape(data, documented()["lint"])
    text = run_cli("lint", *files, "--color", "never")
    assert code == text.returncode
    findings = data["errors"] + data["warnings"] + data["infos"]
    assert findings and all(re.fullmatch(r"[A-Z][A-Z0-9]*-\d\d", f["code"]) for f in findings)
    for bucket, severity in (("errors", "error"), ("warnings", "warning"), ("infos", "info")):
        assert all(f["severity"] == severity for f in data[bucket])
    for f in findings:
        check_diagnostic(f)
        place = f"{f['file']}:{f['line']}:{f['column']}" if f["line"] else f["file"]
        assert f"{place}: {f['severity']}: {f['code']}: {f['message']}" in text.stdout
    strict, strict_code, _ = run_json("lint", *files, "--strict")
    assert data["warnings"] and strict["strict"] is True  # multi-year.yaml has a warning
    assert strict["ok"] is False and strict_code == 1


def test_a_rule_code_is_one_key_whether_carried_apart_or_in_the_message() -> None:
    from deckgen.cli.output import diagnostic
    from deckgen.errors import Diagnostic, Location

    where = Location("c.yaml", 3, 5)
    apart = Diagnostic(where, "a source that nothing cites", severity="warning", code="CITE-04")
    inline = Diagnostic(where, "CITE-04: a source that nothing cites", severity="warning")
    assert diagnostic(apart) == diagnostic(inline)
    assert diagnostic(apart)["code"] == "CITE-04"
    assert apart.format().splitlines()[0] == inline.format().splitlines()[0]
    assert diagnostic(Diagnostic(where, "EST: not a rule"))["code"] is None
