"""The command line as a user meets it: help, exit codes, schema, init and new."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from deckgen.source import parse

from conftest import FIXTURES, SHIPPED, run_cli


def test_help_lists_the_commands_with_examples() -> None:
    done = run_cli("--help")
    assert done.returncode == 0
    for command in ("build", "validate", "new", "init", "schema"):
        assert command in done.stdout
        sub = run_cli(command, "--help")
        assert sub.returncode == 0 and "Example:" in sub.stdout, command


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0 and "deckgen, version" in done.stdout


def test_usage_errors_exit_2() -> None:
    assert run_cli("build", "-f", "odt").returncode == 2
    assert run_cli("nonsense").returncode == 2
    assert run_cli("build", "--no-such-option").returncode == 2


def test_unknown_template_or_recipe_is_a_clean_error(tmp_path: Path) -> None:
    done = run_cli("build", str(SHIPPED), "-o", str(tmp_path), "-t", "nope")
    assert done.returncode == 1 and "no template set named 'nope'" in done.stderr
    done = run_cli("build", str(SHIPPED), "-o", str(tmp_path), "--recipe", "nope")
    assert done.returncode == 1 and "has no recipe 'nope'" in done.stderr
    assert "Traceback" not in done.stderr and not list(tmp_path.iterdir())


def _instance(path: Path) -> object:
    """The YAML as JSON would see it (dates as text, as an editor's language server reads them)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_schema_accepts_good_briefings_and_rejects_type_errors() -> None:
    done = run_cli("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in (SHIPPED, FIXTURES / "three-actors.yaml", FIXTURES / "minimal.yaml"):
        errors = list(validator.iter_errors(_instance(path)))
        assert not errors, (path, errors[0].message)
    bad = _instance(FIXTURES / "minimal.yaml")
    assert isinstance(bad, dict)
    for broken in (
        {"titel": "x"},
        {"actors": "russia"},
        {"key_judgments": [{"text": "x", "confidence": "sure"}]},
    ):
        assert list(validator.iter_errors({**bad, **broken})), broken
    assert schema["properties"]["key_judgments"]["items"]["properties"]["likelihood"]


def test_init_makes_a_workspace_that_builds_at_once(tmp_path: Path) -> None:
    ws = tmp_path / "briefings"
    done = run_cli("init", str(ws), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (ws / "content" / "sample-briefing.yaml").is_file()
    done = run_cli("build", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert (ws / "build" / "sample-briefing-deck.pptx").is_file()
    assert (ws / "build" / "sample-briefing-memo.docx").is_file()
    assert run_cli("init", str(ws), cwd=tmp_path).returncode == 1  # never clobbers


def test_new_writes_a_skeleton_bound_to_the_schema(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    done = run_cli("new", "gulf-shipping", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "content" / "gulf-shipping.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../deckgen.schema.json"
    schema = json.loads((tmp_path / "deckgen.schema.json").read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(_instance(path)))
    assert run_cli("validate", str(path), cwd=tmp_path).returncode == 0
    assert run_cli("new", "gulf-shipping", cwd=tmp_path).returncode == 1
    assert run_cli("new", "Bad Name", cwd=tmp_path).returncode == 1


def test_validate_reports_every_error_of_every_file(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    good = tmp_path / "content" / "good.yaml"
    good.write_bytes((FIXTURES / "minimal.yaml").read_bytes())
    bad = tmp_path / "content" / "bad.yaml"
    bad.write_text(
        "deckgen: 1\ntitle: x\nactors:\n  - {id: a, name: A}\n  - {id: a, name: B}\n"
        "shared_goals:\n  - title: g\n    sources: [nope]\n",
        encoding="utf-8",
    )
    done = run_cli("validate", cwd=tmp_path)
    assert done.returncode == 1
    assert "content/bad.yaml:5:10: error: duplicate actor id 'a'" in done.stderr
    assert "bad.yaml:8:15: error: unknown source id 'nope'" in done.stderr
    assert "ok content/good.yaml" in done.stdout


def test_duplicate_keys_and_object_tags_are_refused() -> None:
    doc, problems = parse(b"title: a\ntitle: b\n", "x.yaml")
    assert doc is not None and problems[0].location and problems[0].location.line == 2
    doc, problems = parse(b"a: !!python/object/apply:os.system [ls]\n", "x.yaml")
    assert doc is None and "not allowed" in problems[0].message
