"""Each command resolves its options once (build.options) and makes one library call; run
in-process with click's CliRunner, the library calls replaced where they would build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import deckgen.cli as cli
from deckgen.build import run
from deckgen.build.options import Options

COMMANDS = {"build", "validate", "lint", "score", "watch", "diff", "new", "init", "schema",
            "template", "templates", "dist", "gallery", "preview"}  # fmt: skip


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "deckgen.yaml").write_text("template: classic\nrecipe: executive\n"
                                           "formats: [docx]\n", encoding="utf-8")  # fmt: skip
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_command_family_is_registered() -> None:
    assert set(cli.main.commands) == COMMANDS


def test_build_hands_the_resolved_options_and_the_gallery_refresh(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Options, Any]] = []

    def fake(paths: object, options: Options, workspace: Path, progress: object = None,
             after_write: object = None) -> run.Report:  # fmt: skip
        seen.append((options, after_write))
        return run.Report()

    monkeypatch.setattr(run, "build", fake)
    done = CliRunner().invoke(cli.main, ["build", "-t", "default", "-j", "2"])
    assert done.exit_code == 0, done.output
    options, after_write = seen[0]
    assert (options.template, options.recipe, options.formats, options.jobs) == (
        "default", "executive", ("docx",), 2)  # fmt: skip
    assert options.formats_chosen and options.out_dir == ws / "build"
    from deckgen.cli.build import refresh_gallery

    assert after_write is refresh_gallery


def test_the_gallery_refresh_is_nothing_without_a_gallery(tmp_path: Path) -> None:
    from deckgen.cli.build import refresh_gallery

    assert refresh_gallery(tmp_path, [tmp_path / "x-deck.pptx"], False) == []


def test_the_gallery_refresh_rewrites_a_gallery_there(tmp_path: Path) -> None:
    from deckgen.cli.build import refresh_gallery

    (tmp_path / "index.html").write_text("old", encoding="utf-8")
    assert refresh_gallery(tmp_path, [tmp_path / "x-deck.pptx"], False) == []
    assert "old" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_lint_hands_the_options_build_would_use(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deckgen.review import lint

    (ws / "content" / "x.yaml").write_text("", encoding="utf-8")
    seen: list[Options] = []

    def fake(files: list[Path], workspace: Path, options: Options) -> list[object]:
        seen.append(options)
        return []

    monkeypatch.setattr(lint, "lint_files", fake)
    done = CliRunner().invoke(cli.main, ["lint", "--recipe", "full"])
    assert done.exit_code == 0, done.output
    assert (seen[0].template, seen[0].recipe, seen[0].out_dir) == ("classic", "full", None)


def test_diff_plans_with_the_workspace_defaults(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deckgen.review import diff

    seen: list[Options] = []
    monkeypatch.setattr(diff, "diff", lambda old, new, options: seen.append(options) or [])
    (ws / "a.yaml").write_text("", encoding="utf-8")
    done = CliRunner().invoke(cli.main, ["diff", "a.yaml", "a.yaml"])
    assert done.exit_code == 0, done.output
    assert (seen[0].template, seen[0].recipe) == ("classic", "executive")


def test_dist_hands_output_template_and_recipe(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deckgen.publish import dist

    seen: list[Options] = []

    def fake(paths: object, options: Options, *rest: object) -> dist.DistReport:
        seen.append(options)
        return dist.DistReport()

    monkeypatch.setattr(dist, "dist", fake)
    done = CliRunner().invoke(cli.main, ["dist", "-o", "elsewhere"])
    assert done.exit_code == 0, done.output
    assert (seen[0].out_dir, seen[0].template, seen[0].recipe) == (
        Path("elsewhere"), "classic", "executive")  # fmt: skip


def test_a_bad_format_is_a_usage_error(ws: Path) -> None:
    done = CliRunner().invoke(cli.main, ["build", "-f", "pptx,bogus"])
    assert done.exit_code == 2 and "Invalid value for '-f': bogus" in done.output


def test_a_set_name_that_is_a_path_exits_1_with_the_error(ws: Path) -> None:
    done = CliRunner().invoke(cli.main, ["build", "-t", "../x"])
    assert done.exit_code == 1 and "-t '../x'" in done.output


def test_gallery_of_a_folder_not_built_says_build_first(ws: Path) -> None:
    done = CliRunner().invoke(cli.main, ["gallery"])
    assert done.exit_code == 1 and "build something first" in done.output


def test_json_results_carry_every_key(ws: Path) -> None:
    import json

    done = CliRunner().invoke(cli.main, ["validate", "--json"])
    data = json.loads(done.output)
    assert done.exit_code == 1 and data["command"] == "validate" and data["valid"] == []
