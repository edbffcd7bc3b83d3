"""A shared goal that lists one actor is valid content with a lint note (GOAL-01).

Three-actor briefings have goals only two share and aims only one holds; refusing the one-
actor goal ("`actors` needs at least 2 items", no hint) made authors drop true content.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

THREE = """deckgen: 1
title: Three actors
actors:
  - {id: russia, name: Russia}
  - {id: iran, name: Iran}
  - {id: turkey, name: Turkey}
shared_goals:
  - title: Defeat ISIS
    actors: [russia, iran]
  - title: Keep Assad in power
    actors: iran
"""


def test_a_one_actor_goal_validates_and_lint_says_where_else_it_could_go(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "three.yaml").write_text(THREE, encoding="utf-8")
    assert run_cli("validate", cwd=tmp_path).returncode == 0
    done = run_cli("lint", "content/three.yaml", cwd=tmp_path)
    assert "Traceback" not in done.stdout + done.stderr
    notes = [line for line in done.stdout.splitlines() if "GOAL-01" in line]
    assert notes == [
        "content/three.yaml:11:13: info: GOAL-01: shared goal 'Keep Assad in power' lists "
        "one actor, Iran"
    ], done.stdout
    assert "`actor: iran` under `forecasts:`" in done.stdout  # the suggestion names the place
