"""build.outputs: output names, atomic writes that never write through a link, the output
folder made or refused, and the temporary files a killed build left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deckgen.boundary import write_atomic
from deckgen.build.outputs import (
    OUTPUT_NAMES,
    clear_stale_temps,
    make_folder,
    output_names,
    write_output,
)
from deckgen.errors import RenderError
from deckgen.writers import FORMATS


def test_every_format_has_output_names() -> None:
    assert set(OUTPUT_NAMES) == set(FORMATS)


def test_output_names_in_the_order_of_the_formats() -> None:
    assert output_names("brief", ["pdf", "pptx", "html"]) == [
        "brief-deck.pdf", "brief-memo.pdf", "brief-deck.pptx", "brief.html"]  # fmt: skip
    assert output_names("brief-public", ["docx"]) == ["brief-public-memo.docx"]
    assert output_names("brief", ["unknown"]) == []


def test_write_atomic_writes_an_ordinary_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.pptx"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["out.pptx"]


def test_write_atomic_replaces_a_link_and_never_writes_through_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    link = tmp_path / "out.pptx"
    link.symlink_to(victim)
    write_atomic(link, b"new")
    assert victim.read_bytes() == b"keep" and not link.is_symlink()
    assert link.read_bytes() == b"new"


def test_write_atomic_within_refuses_a_linked_folder(tmp_path: Path) -> None:
    from deckgen.errors import DeckgenError

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "sub").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(DeckgenError):
        write_atomic(tmp_path / "root" / "sub" / "x.zip", b"z", within=tmp_path / "root")
    assert not list((tmp_path / "elsewhere").iterdir())


def test_clear_stale_temps_removes_only_the_named_outputs_temporaries(tmp_path: Path) -> None:
    for name in (".a-deck.pptx.x1.tmp", ".a-deck.pptx.x2.tmp", ".b-deck.pptx.x.tmp",
                 "a-deck.pptx"):  # fmt: skip
        (tmp_path / name).write_bytes(b"")
    clear_stale_temps(tmp_path, ["a-deck.pptx"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b-deck.pptx.x.tmp", "a-deck.pptx"]


def test_clear_stale_temps_takes_names_literally(tmp_path: Path) -> None:
    (tmp_path / ".ab.x.tmp").write_bytes(b"")
    clear_stale_temps(tmp_path, ["[a]b"])  # a glob character in a name matches only itself
    assert (tmp_path / ".ab.x.tmp").exists()


def test_make_folder_makes_it(tmp_path: Path) -> None:
    make_folder(tmp_path / "x" / "y")
    assert (tmp_path / "x" / "y").is_dir()


def test_make_folder_where_a_file_is_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(RenderError, match="choose another folder with -o"):
        make_folder(tmp_path / "file")


def test_write_output_failure_is_a_render_error(tmp_path: Path) -> None:
    (tmp_path / "folder.pptx").mkdir()
    with pytest.raises(RenderError, match="the previous file, if any, is unchanged"):
        write_output(tmp_path / "folder.pptx", b"x")
