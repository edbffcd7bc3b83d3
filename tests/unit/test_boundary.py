"""deckgen.boundary in a scratch workspace: which paths may be read (links out refused,
paths named outside allowed), regular files only up to a limit, writes only into real
folders, never through a link, and where the output folder may be."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from deckgen import boundary
from deckgen.errors import DeckgenError


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace beside a folder `outside/` holding a secret, with links from one to the other."""
    workspace = tmp_path / "ws"
    (workspace / "content").mkdir(parents=True)
    (workspace / "content" / "brief.yaml").write_text("id: brief\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret\n", encoding="utf-8")
    (workspace / "content" / "leak.yaml").symlink_to(outside / "secret.txt")
    (workspace / "content" / "alias.yaml").symlink_to(workspace / "content" / "brief.yaml")
    (workspace / "out-link").symlink_to(outside)
    (workspace / "loop").symlink_to(workspace / "loop")
    return workspace


def test_a_file_in_the_workspace_may_be_read(ws: Path) -> None:
    assert boundary.read_problem(ws / "content" / "brief.yaml", ws) is None


def test_a_link_that_stays_inside_may_be_read(ws: Path) -> None:
    assert boundary.read_problem(ws / "content" / "alias.yaml", ws) is None


def test_a_link_that_leads_out_is_refused_and_named(ws: Path) -> None:
    problem = boundary.read_problem(ws / "content" / "leak.yaml", ws)
    assert problem is not None and "leads outside the workspace" in problem
    assert "secret.txt" in problem
    assert boundary.read_problem(ws / "out-link" / "secret.txt", ws) is not None


def test_a_path_named_outside_the_workspace_is_the_users_choice(ws: Path) -> None:
    assert boundary.read_problem(ws.parent / "outside" / "secret.txt", ws) is None


def test_a_workspace_reached_through_a_link_is_still_the_workspace(ws: Path) -> None:
    (ws.parent / "ws-link").symlink_to(ws)
    linked = ws.parent / "ws-link"
    assert boundary.read_problem(linked / "content" / "brief.yaml", linked) is None
    assert boundary.read_problem(linked / "content" / "leak.yaml", linked) is not None


def test_dot_dot_is_read_as_typed(ws: Path) -> None:
    climbing = ws / "content" / ".." / ".." / "outside" / "secret.txt"
    assert boundary.read_problem(climbing, ws) is None  # named outside, as typed


def test_check_read_raises_a_located_refusal_with_a_hint(ws: Path) -> None:
    with pytest.raises(DeckgenError) as caught:
        boundary.check_read(ws / "content" / "leak.yaml", ws)
    (found,) = caught.value.diagnostics
    assert found.hint == boundary.READ_HINT
    assert found.location is not None and found.location.path.endswith("leak.yaml")


def test_deckgens_own_files_may_be_read_from_anywhere(ws: Path) -> None:
    own = Path(boundary.__file__)
    link = ws / "content" / "own.py"
    link.symlink_to(own)
    assert boundary.read_problem(link, ws) is None


def test_read_regular_reads_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert boundary.read_regular(path, 100) == b"x" * 100
    with pytest.raises(boundary.TooLarge) as caught:
        boundary.read_regular(path, 99)
    assert caught.value.size == 100


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_read_regular_refuses_what_is_not_a_file_before_reading(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "thing"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # opening it for reading would block; it is never opened
    with pytest.raises(boundary.NotRegular, match="not a regular file"):
        boundary.read_regular(path, 10)


def test_read_regular_of_a_loop_is_an_os_error(ws: Path) -> None:
    with pytest.raises(OSError):
        boundary.read_regular(ws / "loop", 10)


@pytest.mark.parametrize(
    ("mode", "said"),
    [(stat.S_IFREG, "a file"), (stat.S_IFDIR, "a folder"), (stat.S_IFIFO, "a FIFO (named pipe)"),
     (stat.S_IFCHR, "a device"), (stat.S_IFBLK, "a device"), (stat.S_IFSOCK, "a socket"),
     (0, "something other than a file")],
)  # fmt: skip
def test_kind_of_names_a_file_type_in_a_users_words(mode: int, said: str) -> None:
    assert boundary.kind_of(mode) == said


def test_shown_replaces_control_characters() -> None:
    assert boundary.shown("a\x1b[31mb\nc") == "a\ufffd[31mb\ufffdc"
    assert boundary.shown("plain/ok.yaml") == "plain/ok.yaml"


@pytest.mark.parametrize("name", ["default", "classic", "my-set_2", "v1.0", "Ünïcode"])
def test_a_set_name_is_one_word(name: str) -> None:
    assert boundary.set_name_problem(name) is None


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../x", "/abs", "_hidden", ".hidden",
                                  "with space", "x" * 65])  # fmt: skip
def test_a_set_name_is_never_a_path_or_hidden(name: str) -> None:
    assert boundary.set_name_problem(name) is not None


def test_make_folders_makes_real_folders_under_the_root(tmp_path: Path) -> None:
    boundary.make_folders(tmp_path / "root", tmp_path / "root" / "a" / "b")
    assert (tmp_path / "root" / "a" / "b").is_dir()


def test_make_folders_refuses_a_link_or_a_file_on_the_way(ws: Path) -> None:
    with pytest.raises(DeckgenError, match="symbolic link"):
        boundary.make_folders(ws, ws / "out-link" / "deeper")
    with pytest.raises(DeckgenError, match="a file where deckgen needs a folder"):
        boundary.make_folders(ws, ws / "content" / "brief.yaml" / "x")
    assert not (ws.parent / "outside" / "deeper").exists()


def test_make_folders_refuses_a_folder_outside_its_root(tmp_path: Path) -> None:
    with pytest.raises(DeckgenError, match="is outside"):
        boundary.make_folders(tmp_path / "a", tmp_path / "b")


def test_create_writes_a_new_file_and_never_an_existing_one(ws: Path) -> None:
    boundary.create(ws, ws / "new" / "file.txt", b"hello")
    assert (ws / "new" / "file.txt").read_bytes() == b"hello"
    with pytest.raises(DeckgenError, match="already exists"):
        boundary.create(ws, ws / "new" / "file.txt", b"again")
    (ws / "dangling").symlink_to(ws / "nothing-here")
    with pytest.raises(DeckgenError, match="already exists"):
        boundary.create(ws, ws / "dangling", b"through")
    assert not (ws / "nothing-here").exists()


def test_a_target_may_be_absent_or_a_file_never_a_link_or_folder(ws: Path) -> None:
    assert boundary.target_problem(ws / "absent") is None
    assert boundary.target_problem(ws / "content" / "brief.yaml") is None
    assert "symbolic link" in (boundary.target_problem(ws / "content" / "leak.yaml") or "")
    assert "a folder where deckgen writes a file" in (boundary.target_problem(ws / "content") or "")
    with pytest.raises(DeckgenError):
        boundary.check_target(ws / "content" / "leak.yaml")


def test_the_default_output_folder_is_build_inside(ws: Path) -> None:
    assert boundary.output_folder(ws) == ws / "build"
    (ws / "build").symlink_to(ws.parent / "outside")
    with pytest.raises(DeckgenError, match="leads outside the workspace"):
        boundary.output_folder(ws)


def test_o_typed_goes_where_the_user_said_but_not_out_through_a_link(ws: Path) -> None:
    elsewhere = ws.parent / "elsewhere"
    assert boundary.output_folder(ws, given=elsewhere) == elsewhere
    with pytest.raises(DeckgenError, match="leads outside"):
        boundary.output_folder(ws, given=ws / "out-link")


def test_a_configured_output_folder_stays_inside(ws: Path) -> None:
    assert boundary.output_folder(ws, configured="site") == ws / "site"
    with pytest.raises(DeckgenError, match="`output: out-link` leads outside"):
        boundary.output_folder(ws, configured="out-link")


def test_a_settings_file_is_absent_a_regular_file_or_refused(ws: Path) -> None:
    assert boundary.settings_file(ws) is None
    (ws / "deckgen.yaml").write_text("deckgen: 1\noutput: site\n", encoding="utf-8")
    assert boundary.settings_file(ws) == ws / "deckgen.yaml"
    (ws / "deckgen.yaml").unlink()
    (ws / "deckgen.yaml").mkdir()
    with pytest.raises(DeckgenError, match="is a folder, not a settings file"):
        boundary.settings_file(ws)
    (ws / "deckgen.yaml").rmdir()
    (ws / "deckgen.yaml").symlink_to(ws.parent / "outside" / "secret.txt")
    with pytest.raises(DeckgenError, match="leads outside"):
        boundary.settings_file(ws)


def test_a_huge_settings_file_is_refused(ws: Path) -> None:
    with (ws / "deckgen.yaml").open("wb") as fh:
        fh.truncate(boundary.SETTINGS_BYTES + 1)
    with pytest.raises(DeckgenError, match="a settings file is a few lines"):
        boundary.settings_file(ws)


def test_setting_location_points_at_the_value(ws: Path) -> None:
    path = ws / "deckgen.yaml"
    path.write_text("deckgen: 1\noutput:   site\n", encoding="utf-8")
    found = boundary.setting_location(path, "output")
    assert (found.line, found.column) == (2, 11)
    assert boundary.setting_location(path, "absent").line == 0
    assert boundary.setting_location(ws / "missing.yaml", "output").line == 0
