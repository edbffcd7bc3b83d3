"""The command line as a user meets it: help, exit codes, schema, init and new."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import deckgen
import deckgen.cli as cli
from deckgen.checking.source import parse

from conftest import FIXTURES, ROOT, SHIPPED, run_cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand of the group, as the words that call it."""
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example() -> None:
    words = list(_commands(cli.main))
    assert {("build",), ("watch",), ("diff",), ("templates", "init")} <= set(words)
    runner = CliRunner()
    for command in [(), *words]:
        done = runner.invoke(cli.main, [*command, "--help"])
        assert done.exit_code == 0, command
        example = done.output.split("Example:", 1)
        assert len(example) == 2, f"`deckgen {' '.join(command)} --help` has no Example:"
        assert "deckgen" in example[1].splitlines()[1], command  # a command line follows


def test_help_imports_nothing_heavy() -> None:
    """`deckgen --help` must stay instant: the Office, YAML and XML libraries load only
    inside the commands that use them."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "deckgen", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    heavy = {m for m in loaded if m.split(".")[0] in {"pptx", "docx", "lxml", "yaml", "watchfiles"}}
    assert not heavy, heavy
    assert "deckgen.cli" in loaded


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"deckgen, version {deckgen.__version__}"


def test_jobs_and_force_reach_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from deckgen.build import run as build

    seen = []

    def fake(paths: object, options: build.Options, *rest: object) -> build.Report:
        seen.append(options)
        return build.Report()

    monkeypatch.setattr(build, "build", fake)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli.main, ["build", "-j", "3", "--force"]).exit_code == 0
    assert runner.invoke(cli.main, ["build"]).exit_code == 0
    assert [(o.jobs, o.force) for o in seen] == [(3, True), (1, False)]
    assert runner.invoke(cli.main, ["build", "-j", "0"]).exit_code == 2


def test_quiet_and_verbose(tmp_path: Path) -> None:
    quiet = run_cli("build", str(SHIPPED), "-o", str(tmp_path), "-q")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    loud = run_cli("build", str(SHIPPED), "-o", str(tmp_path), "-v", "--recipe", "executive")
    assert loud.returncode == 0, loud.stderr
    assert re.search(r"^template: default \(.*templates/default\)$", loud.stderr, re.M)
    assert "recipe: executive" in loud.stderr
    assert re.search(r"^\[1/1\] russia-iran-2017 +\(\d+\.\d\d s\)$", loud.stderr, re.M)
    assert re.search(r"^built 1 briefing in \d+\.\d\d s$", loud.stderr, re.M)
    assert re.search(r"^wrote .*russia-iran-2017-deck\.pptx \(\d+ kB\)$", loud.stdout, re.M)


def test_batch_progress_shows_on_a_terminal_only(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    (tmp_path / "content").mkdir()
    for name in ("one", "two"):
        shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "content" / f"{name}.yaml")
    piped = run_cli("build", cwd=tmp_path)
    assert piped.returncode == 0 and "[1/2]" not in piped.stderr
    main, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "deckgen", "build", "--force"],  # past the build cache
            cwd=tmp_path,
            stderr=secondary,
            stdout=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=120,
            check=False,
        )
        os.close(secondary)
        secondary = -1
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # Linux: EIO once the writer has closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        if secondary >= 0:
            os.close(secondary)
    assert done.returncode == 0
    text = shown.decode()
    assert "[1/2] one" in text and "[2/2] two" in text
    quiet = run_cli("build", "-q", "--force", cwd=tmp_path)
    assert "[1/2]" not in quiet.stderr


def test_shell_completion_script_and_template_names(tmp_path: Path) -> None:
    script = shutil.which("deckgen", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("the deckgen command is not installed beside this Python")
    env = {**os.environ, "_DECKGEN_COMPLETE": "bash_source"}
    done = subprocess.run([script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "_deckgen_completion" in done.stdout
    env = {
        **os.environ,
        "_DECKGEN_COMPLETE": "bash_complete",
        "COMP_WORDS": "deckgen build -t ",
        "COMP_CWORD": "3",
    }
    done = subprocess.run(
        [script], env=env, capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert {"plain,default", "plain,classic"} <= set(done.stdout.split())


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
    assert "next: cd " in done.stdout
    schema = json.loads((ws / "deckgen.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(run_cli("schema").stdout)  # the workspace's copy is current
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


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    """`deckgen schema | head -1`: the pipe closes under deckgen, which exits quietly."""
    with subprocess.Popen(  # the with closes stderr too (no ResourceWarning)
        [sys.executable, "-m", "deckgen", "schema"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # gone before deckgen (still starting up) writes a byte
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
    assert "internal error" not in err and "Traceback" not in err
