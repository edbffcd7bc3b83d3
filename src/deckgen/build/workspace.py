"""Workspace scaffolds and defaults: `deckgen init`, `deckgen new` and deckgen.yaml."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from deckgen.boundary import check_target, create, make_folders, real, replace, settings_file, shown
from deckgen.errors import DeckgenError
from deckgen.resources import SKELETON


def skeleton(ident: str, title: str | None = None) -> str:
    """The commented skeleton of a new briefing."""
    text = SKELETON.read_text(encoding="utf-8")
    return text.replace("__ID__", ident).replace(
        "__TITLE__", title or ident.replace("-", " ").capitalize()
    )


def new(name: str, workspace: Path) -> Path:
    """Write content/NAME.yaml from the skeleton, and the schema beside content/; refuse to
    overwrite, and write nothing through a link (both places are checked before either is
    written)."""
    from deckgen.checking.fields import Id

    if not re.fullmatch(Id.PATTERN, name):
        raise DeckgenError(
            f"{shown(name)!r} cannot name a briefing: use lower-case letters, digits, '-', '_' "
            "and '.'"
        )
    root = real(workspace)
    target = root / "content" / f"{name}.yaml"
    if os.path.lexists(target):
        raise DeckgenError(f"{shown(target)} already exists; choose another name or edit it")
    check_target(root / SCHEMA)
    make_folders(root, target.parent)
    create(root, target, skeleton(name).encode("utf-8"))
    write_schema(root)
    return target


SCHEMA = "deckgen.schema.json"


def write_schema(workspace: Path) -> Path:
    """deckgen.schema.json beside content/, which the skeleton's first line points editors at:
    replaced by rename, never written through a link."""
    from deckgen.content.schema import json_schema

    path = workspace / SCHEMA
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    replace(workspace, path, text.encode("utf-8"))
    return path


GITIGNORE = "build/\n"
README = (
    b"Template sets go here, one folder each (template.yaml, a deck and a memo file).\n"
    b"A folder named like a built-in set overrides it.\n"
)
CONFIG = (
    b"# Workspace defaults; command-line options win.\ntemplate: default\n"
    b"formats: [pptx, docx]\noutput: build\nrecipe: full\n"
)


def init(folder: Path) -> list[Path]:
    """A new workspace that builds at once: content/ with a sample, templates/, deckgen.yaml.
    Every place it writes is checked first, so a refusal leaves nothing half made: none may
    be a link, and content/ and deckgen.yaml must not exist. A .gitignore or a
    templates/README.md already there is kept (build/ is added to the .gitignore)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)  # DIR itself is where the user said
    except OSError as exc:
        raise DeckgenError(f"{shown(folder)}: cannot make the workspace here "
                           f"({exc.strerror or exc})") from None  # fmt: skip
    root = real(folder)
    if os.path.lexists(root / "content") or os.path.lexists(root / "deckgen.yaml"):
        raise DeckgenError(f"{shown(folder)} already holds a deckgen workspace")
    if os.path.lexists(root / "templates"):
        make_folders(root, root / "templates")  # refused unless a real folder
    for name in ("templates/README.md", ".gitignore", SCHEMA):
        check_target(root / name)
    made = []
    readme = root / "templates" / "README.md"
    make_folders(root, readme.parent)
    if not os.path.lexists(readme):
        create(root, readme, README)
        made.append(folder / "templates" / "README.md")
    create(root, root / "deckgen.yaml", CONFIG)
    made.append(folder / "deckgen.yaml")
    ignore = root / ".gitignore"
    kept = ignore.read_text(encoding="utf-8", errors="replace") if ignore.is_file() else None
    if kept is None:
        create(root, ignore, GITIGNORE.encode())
        made.append(folder / ".gitignore")
    elif "build/" not in kept.splitlines():
        ending = "" if kept.endswith("\n") or not kept else "\n"
        replace(root, ignore, (kept + ending + GITIGNORE).encode())
        made.append(folder / ".gitignore")
    new("sample-briefing", root)
    made.append(folder / "content" / "sample-briefing.yaml")
    made.append(folder / SCHEMA)
    return made


def defaults(workspace: Path) -> dict[str, Any]:
    """The workspace's deckgen.yaml, checked like a content file (settings.WORKSPACE_DEFAULTS);
    empty when there is none."""
    path = settings_file(workspace)  # refused when a link leads out, a FIFO, oversized
    if path is None:
        return {}  # the common case costs no YAML import: a no-op build stays quick
    from deckgen.build.settings import read

    return read(path)  # a folder, FIFO or dangling link there is an error, not "no defaults"
