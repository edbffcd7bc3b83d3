"""`deckgen diff`: a revision of the shipped briefing (one key judgment reworded, one section
removed, one added) is reported as exactly those changes, from the builds and from the YAML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from deckgen.review.diff import Part, compare

from conftest import ROOT, SHIPPED, run_cli

NEW_SECTION = "Caspian naval cooperation grows"
NEW_BULLET = "Joint exercises in the Caspian Sea double in 2017."


def revise(text: str) -> tuple[str, dict[str, str]]:
    """The shipped YAML with its first key judgment reworded, its last section replaced by a
    new one; and what was changed, read from the YAML itself."""
    data = yaml.safe_load(text)
    judgment = " ".join(data["key_judgments"][0]["text"].split())
    removed = data["sections"][-1]["title"]
    first_words = judgment.split()[:6]
    assert "military" in judgment, "the edit below rewords this word"
    lines = text.splitlines(keepends=True)
    # reword in place: the judgment wraps over lines, so change the word where it stands
    at = next(i for i, line in enumerate(lines) if " ".join(first_words) in " ".join(line.split()))
    end = next(i for i in range(at, len(lines)) if "military" in lines[i])
    lines[end] = lines[end].replace("military", "air", 1)
    revised = "".join(lines)
    start = revised.index(f"  - title: {removed}")
    stop = revised.index("\nnotes:", start)
    revised = (
        revised[:start]
        + f"  - title: {NEW_SECTION}\n    bullets:\n      - {NEW_BULLET}\n    sources: [sf-2017]\n"
        + revised[stop:]
    )
    assert yaml.safe_load(revised)["sections"][-1]["title"] == NEW_SECTION
    return revised, {"judgment": judgment, "removed": removed}


@pytest.fixture(scope="module")
def revision(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A workspace with the shipped briefing and its revision, each built into its folder."""
    ws = tmp_path_factory.mktemp("diff")
    shutil.copytree(ROOT / "content", ws / "content")
    text, changed = revise(SHIPPED.read_text(encoding="utf-8"))
    old = ws / "content" / SHIPPED.name
    new = ws / "content" / "revised.yaml"  # beside the original, so img/ resolves
    new.write_text(text, encoding="utf-8")
    for source, folder in ((old, "old"), (new, "new")):
        done = run_cli("build", str(source), "-o", folder, "-q", cwd=ws)
        assert done.returncode == 0, done.stderr
    return {"ws": ws, "old": old, "new": new, **changed}


def run_diff(ws: Path, *args: str) -> dict[str, Any]:
    done = run_cli("diff", *args, "--json", cwd=ws)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["version"] == 1 and data["command"] == "diff"
    return data


def summary(file: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["status"], c["title"]) for c in file["changes"]}


def expected(revision: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        ("changed", "Key judgments"),
        ("removed", revision["removed"]),
        ("added", NEW_SECTION),
    }


def check_judgment(file: dict[str, Any], judgment: str) -> None:
    [change] = [c for c in file["changes"] if c["status"] == "changed"]
    assert len(change["removed"]) == len(change["added"]) == 1, change
    assert judgment in change["removed"][0]
    assert judgment.replace("military", "air", 1) in change["added"][0]


def test_two_build_folders(revision: dict[str, Any]) -> None:
    data = run_diff(revision["ws"], "old", "new")
    assert data["same"] is False
    kinds = {f["kind"]: f for f in data["files"]}
    assert set(kinds) == {"deck", "memo"}
    for kind in ("deck", "memo"):
        assert kinds[kind]["status"] == "changed"
        assert summary(kinds[kind]) == expected(revision), kinds[kind]
        check_judgment(kinds[kind], revision["judgment"])
    [added] = [c for c in kinds["deck"]["changes"] if c["status"] == "added"]
    assert NEW_BULLET in added["added"] and added["old_number"] is None


def test_two_decks_two_memos_and_the_text_report(revision: dict[str, Any]) -> None:
    ws = revision["ws"]
    for suffix in ("deck.pptx", "memo.docx"):
        name = f"russia-iran-2017-{suffix}"
        data = run_diff(ws, f"old/{name}", f"new/{name}")
        [file] = data["files"]
        assert summary(file) == expected(revision)
    done = run_cli("diff", "old", "new", cwd=ws)
    assert done.returncode == 0
    assert "  removed  slide " in done.stdout and repr(revision["removed"]) in done.stdout
    assert "  added    slide " in done.stdout and repr(NEW_SECTION) in done.stdout
    assert "'Key judgments': 1 line removed, 1 line added" in done.stdout


def test_two_content_versions(revision: dict[str, Any]) -> None:
    data = run_diff(revision["ws"], str(revision["old"]), str(revision["new"]))
    kinds = {f["kind"]: f for f in data["files"]}
    for kind in ("deck", "memo"):
        assert summary(kinds[kind]) == expected(revision), kinds[kind]
        check_judgment(kinds[kind], revision["judgment"])


def test_no_changes_and_a_missing_output(revision: dict[str, Any]) -> None:
    ws = revision["ws"]
    data = run_diff(ws, "old", "old")
    assert data["same"] is True and all(f["status"] == "same" for f in data["files"])
    partial = ws / "partial"
    partial.mkdir(exist_ok=True)
    shutil.copy(ws / "old" / "russia-iran-2017-deck.pptx", partial)
    data = run_diff(ws, "old", "partial")
    statuses = {Path(f["old"] or f["new"]).name: f["status"] for f in data["files"]}
    assert statuses == {
        "russia-iran-2017-deck.pptx": "same",
        "russia-iran-2017-memo.docx": "removed",
    }


def test_unlike_inputs_are_a_clear_error(revision: dict[str, Any]) -> None:
    ws = revision["ws"]
    done = run_cli("diff", "old/russia-iran-2017-deck.pptx", str(revision["new"]), cwd=ws)
    assert done.returncode == 1 and "cannot compare" in done.stderr
    assert "Traceback" not in done.stderr
    assert run_cli("diff", "old", "no-such-folder", cwd=ws).returncode == 2


def test_continuations_reflow_and_retitles() -> None:
    """Text moving between a slide and its continuation is no change; a retitled part with
    the same text is one change, naming both titles."""
    before = [Part("Risks", 1, ["a", "b"]), Part("Outlook", 2, ["x", "y", "z"])]
    after = [Part("Risks", 1, ["a", "b"]), Part("Outlook and risks", 2, ["x", "y", "z", "w"])]
    [change] = compare(before, after)
    assert (change.status, change.old_title, change.title) == ("changed", "Outlook", after[1].title)
    assert change.added == ["w"] and change.removed == []
    assert compare(before, before) == []
