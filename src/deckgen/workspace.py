"""Workspace scaffolds and defaults: `deckgen init`, `deckgen new` and deckgen.yaml."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .errors import DeckgenError

DATA = Path(__file__).parent / "data"


def skeleton(ident: str, title: str | None = None) -> str:
    """The commented skeleton of a new briefing."""
    text = (DATA / "skeleton.yaml").read_text(encoding="utf-8")
    return text.replace("__ID__", ident).replace(
        "__TITLE__", title or ident.replace("-", " ").capitalize()
    )


def new(name: str, workspace: Path) -> Path:
    """Write content/NAME.yaml from the skeleton; refuse to overwrite."""
    from .kinds import Id

    if not re.fullmatch(Id.PATTERN, name):
        raise DeckgenError(
            f"{name!r} cannot name a briefing: use lower-case letters, digits, '-', '_' and '.'"
        )
    target = workspace / "content" / f"{name}.yaml"
    if target.exists():
        raise DeckgenError(f"{target} already exists; choose another name or edit it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(name), encoding="utf-8")
    write_schema(workspace)
    return target


def write_schema(workspace: Path) -> Path:
    """deckgen.schema.json beside content/, which the skeleton's first line points editors at."""
    from .schema import json_schema

    path = workspace / "deckgen.schema.json"
    path.write_text(
        json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def init(folder: Path) -> list[Path]:
    """A new workspace that builds at once: content/ with a sample, templates/, deckgen.yaml."""
    if (folder / "content").exists() or (folder / "deckgen.yaml").exists():
        raise DeckgenError(f"{folder} already holds a deckgen workspace")
    made = []
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    readme = folder / "templates" / "README.md"
    readme.write_text(
        "Template sets go here, one folder each (template.yaml, a deck and a "
        "memo file).\nA folder named like a built-in set overrides it.\n",
        encoding="utf-8",
    )
    made.append(readme)
    config = folder / "deckgen.yaml"
    config.write_text(
        "# Workspace defaults; command-line options win.\ntemplate: default\n"
        "formats: [pptx, docx]\noutput: build\nrecipe: full\n",
        encoding="utf-8",
    )
    made.append(config)
    (folder / ".gitignore").write_text("build/\n", encoding="utf-8")
    made.append(folder / ".gitignore")
    made.append(new("sample-briefing", folder))
    made.append(folder / "deckgen.schema.json")
    return made


def defaults(workspace: Path) -> dict[str, Any]:
    """The workspace's deckgen.yaml, checked like a content file (settings.WORKSPACE_DEFAULTS);
    empty when there is none."""
    path = workspace / "deckgen.yaml"
    if not os.path.lexists(path):
        return {}  # the common case costs no YAML import: a no-op build stays quick
    from .settings import read

    return read(path)  # a folder, FIFO or dangling link there is an error, not "no defaults"
