"""A folder to the workspace it belongs to: the nearest one holding content/ or deckgen.yaml.

Kept apart from `load` so that commands that only need to know where they are (a build with
nothing to do, `--help`) import nothing else.
"""

from __future__ import annotations

from pathlib import Path


def find_workspace(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding `content/` or deckgen.yaml."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "deckgen.yaml").is_file() or (folder / "content").is_dir():
            return folder
    return here
