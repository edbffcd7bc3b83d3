"""deckgen.yaml to the workspace's checked defaults, each problem at file:line:column."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from deckgen.checking.fields import INVALID, Choice, Context, Field, Kind, ListOf, Record, Str
from deckgen.checking.source import Path as KeyPath
from deckgen.errors import DeckgenError
from deckgen.writers import FORMATS


class Formats(Kind):
    """The output formats: a list (`[pptx, docx]`) or, as `-f` takes them, one line
    (`pptx,docx`); each one deckgen writes."""

    def load(self, value: Any, path: KeyPath, ctx: Context) -> Any:
        if isinstance(value, str):  # as -f reads it; a typo is located at the line
            value = [v.strip() for v in value.split(",")]
        formats = ListOf(Choice(FORMATS), min_items=1, unique=True).load(value, path, ctx)
        return INVALID if formats is INVALID else list(formats)

    def json(self) -> dict[str, Any]:
        return {"type": "array", "items": {"enum": list(FORMATS)}, "minItems": 1}


class Folder(Str):
    """A folder inside the workspace, relative to it. deckgen.yaml travels with the
    workspace and may come from someone else: it may not send outputs outside (`-o DIR` on
    the command line may, as the user typed it)."""

    def load(self, value: Any, path: KeyPath, ctx: Context) -> Any:
        name = super().load(value, path, ctx)
        if name is INVALID:
            return INVALID
        posix = PurePosixPath(name.replace("\\", "/"))
        if posix.is_absolute() or PureWindowsPath(name).drive or ".." in posix.parts:
            ctx.error(
                path,
                f"the output folder {name!r} is outside the workspace",
                "Name a folder inside the workspace, e.g. `build`; to write elsewhere, give "
                "`-o DIR` on the command line.",
            )
            return INVALID
        return name


WORKSPACE_DEFAULTS = Record(
    "workspace defaults",
    [
        Field("template", Str(), "template set used when -t is not given", example="default"),
        Field("formats", Formats(), "formats built when -f is not given", example=["pptx"]),
        Field("output", Folder(), "output folder, inside the workspace", example="build"),
        Field("recipe", Str(), "recipe used when --recipe is not given", example="full"),
    ],
    dict,
    "Workspace defaults (deckgen.yaml); command-line options win.",
)


def read(path: Path) -> dict[str, Any]:
    """The checked defaults in the deckgen.yaml at ``path``; a DeckgenError lists every
    problem, located."""
    from deckgen.templates.sets import read_settings

    data: dict[str, Any] = read_settings(
        path,
        WORKSPACE_DEFAULTS,
        "workspace defaults",
        "Write `key: value` lines: template, formats, output, recipe.",
        DeckgenError,
    )
    return data
