"""deckgen.paths: the workspace a folder belongs to, and the lock held on a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.paths import find_workspace, hold


def test_the_workspace_is_the_nearest_folder_with_content(tmp_path: Path) -> None:
    (tmp_path / "content" / "deep" / "er").mkdir(parents=True)
    assert find_workspace(tmp_path / "content" / "deep" / "er") == tmp_path.resolve()


def test_a_deckgen_yaml_marks_a_workspace_too_and_the_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    inner = tmp_path / "projects" / "one"
    inner.mkdir(parents=True)
    (inner / "deckgen.yaml").write_text("deckgen: 1\n", encoding="utf-8")
    assert find_workspace(inner) == inner.resolve()
    assert find_workspace(tmp_path / "projects") == tmp_path.resolve()


def test_a_folder_named_deckgen_yaml_or_a_file_named_content_marks_nothing(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    start = tmp_path / "a"
    (start / "deckgen.yaml").mkdir(parents=True)
    (start / "content").write_text("", encoding="utf-8")
    assert find_workspace(start) == tmp_path.resolve()


def test_without_a_workspace_the_start_itself_is_it(tmp_path: Path) -> None:
    start = tmp_path / "nowhere"
    start.mkdir()
    found = find_workspace(start)
    assert (
        found == start.resolve()
        or (found / "content").is_dir()
        or (found / "deckgen.yaml").is_file()
    )


def test_a_link_is_resolved_before_looking_up(tmp_path: Path) -> None:
    (tmp_path / "real" / "content").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real" / "content")
    assert find_workspace(tmp_path / "link") == (tmp_path / "real").resolve()


def test_a_held_folder_cannot_be_held_again_without_waiting(tmp_path: Path) -> None:
    pytest.importorskip("fcntl")
    with hold(tmp_path) as held:
        assert held
        with hold(tmp_path, wait=False) as again:
            assert not again
    with hold(tmp_path, wait=False) as after:
        assert after  # released on exit
    assert list(tmp_path.iterdir()) == []  # no lock file left behind


def test_holding_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), hold(tmp_path / "gone"):
        pass
