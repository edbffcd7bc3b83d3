"""The boundary class by class, several variants each, through the CLI: deckgen.yaml's
`output:` and `template:`, names that are paths, output paths that collide or are links, and
the files `new`, `init` and `templates init` write. Every refusal exits 1 with the place and
what to do, before anything is written; nothing outside the workspace changes."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from deckgen.templates.sets import BUILTIN

from conftest import MINIMAL, run_cli

DECK = BUILTIN / "default" / "deck.pptx"
NO_SOFFICE = {"DECKGEN_SOFFICE": str(Path("nowhere") / "soffice")}


def briefing(ident: str, extra: str = "") -> str:
    return f"id: {ident}\n" + MINIMAL + extra


def variants(*names: str) -> str:
    return "variants:\n" + "".join(f"  - name: {n}\n    audiences: [everyone]\n" for n in names)


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under ``folder`` (links not followed) with its digest and mtime."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = (hashlib.sha256(path.read_bytes()).hexdigest()
                  if path.is_file() and not path.is_symlink() else "")  # fmt: skip
        found[str(path.relative_to(folder))] = (digest, info.st_mtime_ns)
    return found


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with one good briefing, beside a folder ``outside/`` with a file in it."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "keep.txt").write_text("outside\n", encoding="utf-8")
    ws = tmp_path / "ws"
    (ws / "content").mkdir(parents=True)
    (ws / "content" / "good.yaml").write_text(briefing("good"), encoding="utf-8")
    return ws


def refused(done: object, *says: str) -> None:
    out = getattr(done, "stdout", "") + getattr(done, "stderr", "")
    assert getattr(done, "returncode", None) == 1, out
    assert "Traceback" not in out and "internal error" not in out, out
    for phrase in says:
        assert phrase in out, f"{phrase!r} not said:\n{out}"


# -- deckgen.yaml: `output:` and `template:` stay inside the workspace ----------------------

SETTINGS = {
    "output-dotdot": ("output: ../elsewhere\n", "deckgen.yaml:1:9: error: the output folder "
                      "'../elsewhere' is outside the workspace"),
    "output-deep-dotdot": ("formats: [pptx]\noutput: sub/../../elsewhere\n",
                           "deckgen.yaml:2:9: error: the output folder 'sub/../../elsewhere' is "
                           "outside"),
    "output-absolute": ("output: {outside}\n", "deckgen.yaml:1:9: error: the output folder "
                        "'{outside}' is outside the workspace"),
    "output-link": ("output: linked\n", "deckgen.yaml:1:9: error: `output: linked` leads outside "
                    "the workspace through a symbolic link"),
    "template-path": ("template: ../../outside\n", "deckgen.yaml:1:11: error: `template: "
                      "../../outside` is not a template set name"),
    "template-absolute": ("template: {outside}\n", "is not a template set name"),
}  # fmt: skip


# lint writes nothing, so only `template:` concerns it; the gallery uses no template
SETTINGS_RUNS = [(case, command) for case in SETTINGS for command in ("build", "dist", "gallery",
                 "lint") if (command != "lint" or case.startswith("template"))
                 and (command != "gallery" or case.startswith("output"))]  # fmt: skip


@pytest.mark.parametrize(("case", "command"), SETTINGS_RUNS)
def test_deckgen_yaml_cannot_send_outputs_or_reads_outside(ws: Path, case: str,
                                                           command: str) -> None:  # fmt: skip
    outside = ws.parent / "outside"
    (ws / "linked").symlink_to(outside, target_is_directory=True)
    (ws / "build").mkdir()  # `deckgen gallery` needs a folder to list
    text, says = SETTINGS[case]
    (ws / "deckgen.yaml").write_text(text.format(outside=outside), encoding="utf-8")
    before = tree(ws.parent)
    done = run_cli(command, cwd=ws, env=NO_SOFFICE)
    refused(done, says.format(outside=outside), "-o DIR" if "output" in case else "")
    assert tree(ws.parent) == before  # nothing made, inside or out


def test_deckgen_yaml_that_is_a_link_fifo_or_huge_is_refused(ws: Path) -> None:
    outside = ws.parent / "outside" / "settings.yaml"
    outside.write_text("output: ../elsewhere\n", encoding="utf-8")
    settings = ws / "deckgen.yaml"
    settings.symlink_to(outside)
    refused(run_cli("build", cwd=ws), "deckgen.yaml: error: it leads outside the workspace")
    settings.unlink()
    os.mkfifo(settings)
    refused(run_cli("build", cwd=ws), "deckgen.yaml: error: is a FIFO (named pipe)")
    settings.unlink()
    settings.write_text("# padding\n" * 200_000, encoding="utf-8")
    refused(run_cli("build", cwd=ws), "deckgen.yaml: error: is 2,000,000 bytes")
    assert not (ws / "build").exists() and not (ws.parent / "elsewhere").exists()


def test_the_default_build_folder_cannot_be_a_link_out(ws: Path) -> None:
    (ws / "build").symlink_to(ws.parent / "outside", target_is_directory=True)
    before = tree(ws.parent / "outside")
    done = run_cli("build", cwd=ws)
    refused(done, "build: error: leads outside the workspace through a symbolic link",
            "pass -o DIR to write elsewhere")  # fmt: skip
    assert tree(ws.parent / "outside") == before


def test_o_typed_outside_the_workspace_is_where_the_user_said(ws: Path) -> None:
    """A user typing -o means it: outside the workspace too (docs/hardening.md)."""
    done = run_cli("build", "-o", "../typed-out", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert (ws.parent / "typed-out" / "good-deck.pptx").is_file()
    # but not a link inside the workspace that leads out of it
    (ws / "out").symlink_to(ws.parent / "outside", target_is_directory=True)
    refused(run_cli("build", "-o", "out", cwd=ws), "out: error: it leads outside",
            f"-o {ws.parent / 'outside'}")  # fmt: skip


# -- names that are paths --------------------------------------------------------------------

BAD_SET_NAMES = ["../../outside", "/etc", "a/b", "..", ".hidden", "a\\b", "a b", "x\x1b[2J"]


@pytest.mark.parametrize("name", BAD_SET_NAMES)
def test_a_set_name_is_never_a_path(ws: Path, name: str) -> None:
    before = tree(ws.parent)
    for args in (("build", "-t", name), ("lint", "-t", name), ("dist", "-t", name),
                 ("templates", "show", name)):  # fmt: skip
        done = run_cli(*args, cwd=ws, env=NO_SOFFICE)
        refused(done, "a template set is named by one word")
        assert "\x1b" not in done.stderr  # an escape sequence never reaches the terminal
    done = run_cli("templates", "init", name, "--from", str(DECK), cwd=ws)
    refused(done, "cannot name a template set")
    assert tree(ws.parent) == before


# -- output paths across the whole run -------------------------------------------------------


def test_an_id_and_a_variant_that_spell_one_name_are_both_refused(ws: Path) -> None:
    content = ws / "content"
    (content / "x.yaml").write_text(briefing("x", variants("public-v")), encoding="utf-8")
    (content / "x-public.yaml").write_text(briefing("x-public", variants("v")), "utf-8")
    done = run_cli("build", "--variant", "all", "-o", "out", cwd=ws)
    refused(
        done,
        "content/x.yaml:1:5: error: variant 'public-v' of 'x' and variant 'v' of 'x-public' "
        "(content/x-public.yaml) would both write x-public-v-deck.pptx",
        "content/x-public.yaml:1:5: error: variant 'v' of 'x-public' and variant 'public-v' "
        "of 'x' (content/x.yaml) would both write",
        "neither was built",
    )
    assert not list((ws / "out").glob("x-*"))  # neither written; the other briefings are
    done = run_cli("build", "--variant", "v", "-o", "out2", cwd=ws)  # no clash: x has no v
    refused(done, "has no variant 'v'")
    assert (ws / "out2" / "x-public-v-deck.pptx").is_file()


def test_a_clash_leaves_the_previous_outputs_untouched(ws: Path) -> None:
    content = ws / "content"
    (content / "x.yaml").write_text(briefing("x", variants("public-v")), encoding="utf-8")
    assert run_cli("build", "--variant", "all", "-o", "out", cwd=ws).returncode == 0
    before = tree(ws / "out")
    (content / "x-public.yaml").write_text(briefing("x-public", variants("v")), "utf-8")
    refused(run_cli("build", "--variant", "all", "-o", "out", "--force", cwd=ws),
            "would both write x-public-v-deck.pptx")  # fmt: skip
    after = tree(ws / "out")
    assert {k: v for k, v in after.items() if k.startswith("x-public-v")} == {
        k: v for k, v in before.items() if k.startswith("x-public-v")
    }


def test_two_bundles_of_one_name_are_both_refused(ws: Path) -> None:
    content = ws / "content"
    (content / "x.yaml").write_text(briefing("x", 'version: "public-1"\n'), encoding="utf-8")
    (content / "x-public.yaml").write_text(briefing("x-public", 'version: "1"\n'), "utf-8")
    done = run_cli("dist", "-o", "out", cwd=ws, env=NO_SOFFICE)
    refused(done, "briefing 'x' (version 'public-1') and briefing 'x-public' (version '1', "
            "content/x-public.yaml) would both be bundled as dist/x-public-1.zip")  # fmt: skip
    assert [p.name for p in (ws / "out" / "dist").iterdir()] == ["good-0.zip"]


@pytest.mark.parametrize("kind", ["link", "folder", "fifo"])
def test_an_output_path_that_is_not_a_file_is_refused_before_writing(ws: Path, kind: str) -> None:
    (ws / "content" / "other.yaml").write_text(briefing("other"), encoding="utf-8")
    out = ws / "out"
    out.mkdir()
    victim = ws.parent / "outside" / "keep.txt"
    target = out / "good-memo.docx"
    {"link": lambda: target.symlink_to(victim), "folder": target.mkdir,
     "fifo": lambda: os.mkfifo(target)}[kind]()  # fmt: skip
    done = run_cli("build", "-o", "out", cwd=ws)
    what = {"link": "is a symbolic link", "folder": "is a folder", "fifo": "is a FIFO"}[kind]
    refused(done, f"out/good-memo.docx: error: {what}", "Remove it")
    assert not (out / "good-deck.pptx").exists()  # nothing of this briefing was written
    assert (out / "other-deck.pptx").is_file()  # the rest of the batch was
    assert victim.read_text(encoding="utf-8") == "outside\n"


@pytest.mark.parametrize("kind", ["link", "file"])
def test_dist_refuses_a_dist_folder_or_bundle_that_is_a_link(ws: Path, kind: str) -> None:
    out = ws / "out"
    out.mkdir()
    outside = ws.parent / "outside"
    if kind == "link":
        (out / "dist").symlink_to(outside, target_is_directory=True)
        says = "out/dist: error: is a symbolic link"
    else:
        (out / "dist").mkdir()
        (out / "dist" / "good-0.zip").symlink_to(outside / "keep.txt")
        says = "out/dist/good-0.zip: error: is a symbolic link"
    before = tree(outside)
    refused(run_cli("dist", "-o", "out", cwd=ws, env=NO_SOFFICE), says)
    assert tree(outside) == before


# -- the files `new`, `init` and `templates init` write ---------------------------------------


def test_new_writes_nothing_through_a_link(ws: Path) -> None:
    outside = ws.parent / "outside"
    (ws / "deckgen.schema.json").symlink_to(outside / "keep.txt")
    refused(run_cli("new", "fresh", cwd=ws), "deckgen.schema.json: error: is a symbolic link")
    assert not (ws / "content" / "fresh.yaml").exists()  # checked before either was written
    (ws / "deckgen.schema.json").unlink()
    (ws / "content" / "dangling.yaml").symlink_to(outside / "made.yaml")
    refused(run_cli("new", "dangling", cwd=ws), "already exists")
    assert not (outside / "made.yaml").exists()
    shutil.rmtree(ws / "content")
    (ws / "content").symlink_to(outside, target_is_directory=True)
    refused(run_cli("new", "fresh", cwd=ws), "content: error: is a symbolic link")
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert run_cli("new", "--help", cwd=ws).returncode == 0


@pytest.mark.parametrize("link", ["deckgen.schema.json", "templates", "templates/README.md",
                                  ".gitignore"])  # fmt: skip
def test_init_checks_every_place_before_writing_any(tmp_path: Path, link: str) -> None:
    target = tmp_path / "outside"
    target.mkdir()
    (target / "README.md").write_text("outside\n", encoding="utf-8")
    folder = tmp_path / "new"
    (folder / "templates").mkdir(parents=True)
    place = folder / link
    if link == "templates":
        place.rmdir()
        place.symlink_to(target, target_is_directory=True)
    else:
        place.symlink_to(target / "README.md")
    done = run_cli("init", "new", cwd=tmp_path)
    refused(done, "is a symbolic link")
    assert not (folder / "deckgen.yaml").exists() and not (folder / "content").exists()
    assert sorted(p.name for p in target.iterdir()) == ["README.md"]
    assert (target / "README.md").read_text(encoding="utf-8") == "outside\n"


def test_init_keeps_a_gitignore_and_adds_build(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / ".gitignore").write_text("*.pyc", encoding="utf-8")
    done = run_cli("init", "repo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "*.pyc\nbuild/\n"
    again = tmp_path / "again"
    again.mkdir()
    (again / ".gitignore").write_text("build/\n", encoding="utf-8")
    assert run_cli("init", "again", cwd=tmp_path).returncode == 0
    assert (again / ".gitignore").read_text(encoding="utf-8") == "build/\n"


@pytest.mark.parametrize("case", ["templates-link", "name-dangling", "source-link"])
def test_templates_init_writes_only_a_new_folder_inside(ws: Path, case: str) -> None:
    outside = ws.parent / "outside"
    source = str(DECK)
    if case == "templates-link":
        (ws / "templates").symlink_to(outside, target_is_directory=True)
        says = "templates: error: is a symbolic link"
    elif case == "name-dangling":
        (ws / "templates").mkdir()
        (ws / "templates" / "acme").symlink_to(outside / "acme")
        says = "already exists"
    else:
        shutil.copy(DECK, outside / "org.pptx")
        (ws / "org.pptx").symlink_to(outside / "org.pptx")
        source, says = "org.pptx", "org.pptx: error: it leads outside the workspace"
    before = tree(outside)
    refused(run_cli("templates", "init", "acme", "--from", source, cwd=ws), says)
    assert tree(outside) == before
    assert not (outside / "acme").exists()
