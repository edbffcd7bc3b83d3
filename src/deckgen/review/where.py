"""Content and template files to the file:line:column lint findings point at."""

from __future__ import annotations

import contextlib
from pathlib import Path

from deckgen.checking import source
from deckgen.errors import Diagnostic, Location
from deckgen.templates.sets import BUILTIN, TemplateSet


def finding(rule: str, severity: str, where: Location, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(where, message, hint, severity, code=rule)


class Where:
    """Locations in one YAML file by key path, from a fresh parse: the model keeps no places."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.doc: source.Document | None = None
        # should the file vanish after loading, findings fall back to the file itself
        with contextlib.suppress(OSError):
            self.doc, _ = source.parse(Path(path).read_bytes(), self.path)

    def has(self, *keys: str | int) -> bool:
        return self.doc is not None and keys in self.doc.values

    def __call__(self, *keys: str | int) -> Location:
        return self.doc.where(keys) if self.doc else Location(self.path)


def shown(path: Path) -> Path:
    """``path`` relative to the current folder when inside it, as content files are shown."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def excerpt(text: str, width: int = 50) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


class TemplateWhere:
    """Where a palette key is set: the set's own template.yaml, else the default set's (which
    every set inherits from)."""

    def __init__(self, template: TemplateSet) -> None:
        self.own = Where(shown(template.folder / "template.yaml"))
        default = BUILTIN / "default" / "template.yaml"
        self.default = Where(default) if default.is_file() else self.own

    def __call__(self, *keys: str | int) -> Location:
        for where in (self.own, self.default):
            if where.has(*keys):
                return where(*keys)
        return self.own()
