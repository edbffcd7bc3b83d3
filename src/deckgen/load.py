"""Content files to validated Briefings; every problem in a file is reported at once, located."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path as FsPath
from typing import Any

from . import source
from .errors import ContentError, Diagnostic, Location
from .kinds import INVALID, Id, Record
from .model import Briefing
from .schema import BRIEFING

MAX_BYTES = 5_000_000  # a briefing is a few kB; larger input is a mistake, not content
IMAGE_TYPES = {
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".gif": b"GIF8",
}
_COLLECTION_NAMES = {"actors": "actor", "sources": "source", "audiences": "audience",
                     "variants": "variant"}  # fmt: skip


class _Context:
    """Collects diagnostics, id definitions and references while a file is loaded."""

    def __init__(self, doc: source.Document, workspace: FsPath) -> None:
        self.doc = doc
        self.workspace = workspace
        self.diagnostics: list[Diagnostic] = []
        self.defined: dict[str, dict[str, source.Path]] = {}
        self.refs: list[tuple[str, str, source.Path, bool]] = []

    def error(self, path: source.Path, message: str, hint: str = "", key: bool = False) -> None:
        self.diagnostics.append(Diagnostic(self.doc.where(path, key), message, hint))

    def define(self, collection: str, ident: str, path: source.Path) -> None:
        known = self.defined.setdefault(collection, {})
        if ident in known:
            first = self.doc.where(known[ident])
            self.error(
                path,
                f"duplicate {_COLLECTION_NAMES.get(collection, collection)} id "
                f"{ident!r} (first defined at line {first.line})",
                "Give each one its own id.",
            )
        else:
            known[ident] = path

    def refer(self, collection: str, ident: str, path: source.Path, key: bool = False) -> None:
        self.refs.append((collection, ident, path, key))

    def check_references(self) -> None:
        for collection, ident, path, key in self.refs:
            known = self.defined.get(collection, {})
            if ident in known:
                continue
            kind = _COLLECTION_NAMES.get(collection, collection)
            close = difflib.get_close_matches(str(ident), list(known), 1, 0.6)
            if close:
                hint = f"Did you mean {close[0]!r}?"
            elif known:
                hint = f"Known {collection}: {', '.join(known)}."
            elif collection == "audiences":
                hint = "Name it in the `audiences:` of a variant under `variants:`."
            else:
                hint = f"Define it under `{collection}:`."
            self.error(path, f"unknown {kind} id {ident!r}", hint, key=key)

    def default_id(self) -> Any:
        stem = FsPath(self.doc.path).stem
        if re.fullmatch(Id.PATTERN, stem):
            return stem
        self.error(
            (),
            f"the file name {stem!r} cannot serve as the briefing id",
            "Add `id:` with lower-case letters, digits, '-', '_' or '.'.",
        )
        return INVALID

    def resolve_file(self, relative: str, path: source.Path) -> Any:
        """An image path made absolute, refused unless it is an image inside the workspace."""
        base = FsPath(self.doc.path).resolve().parent
        if os.path.isabs(relative):
            self.error(
                path,
                f"{relative!r} is an absolute path",
                "Give a path relative to the content file, inside the workspace.",
            )
            return INVALID
        candidates = [base / relative, self.workspace / relative]
        root = self.workspace.resolve()
        for candidate in candidates:
            real = candidate.resolve()
            if not real.is_relative_to(root):
                self.error(
                    path,
                    f"{relative!r} points outside the workspace ({root.name}/)",
                    "Copy the picture into the workspace and refer to it there.",
                )
                return INVALID
            if real.is_file():
                suffix = real.suffix.lower()
                magic = IMAGE_TYPES.get(suffix)
                with open(real, "rb") as fh:
                    head = fh.read(8)
                if magic is None or not head.startswith(magic):
                    self.error(
                        path,
                        f"{relative!r} is not a PNG, JPEG or GIF picture",
                        "Save the picture as PNG or JPEG.",
                    )
                    return INVALID
                return str(real)
        self.error(
            path,
            f"picture {relative!r} not found",
            f"Looked in {base} and {self.workspace}; check the path.",
        )
        return INVALID


def find_workspace(start: FsPath) -> FsPath:
    """The nearest folder at or above ``start`` holding `content/`, `templates/` or deckgen.yaml."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "deckgen.yaml").is_file() or (folder / "content").is_dir():
            return folder
    return here


def validate_document(
    raw: bytes, path: str, record: Record, workspace: FsPath, hint: str
) -> tuple[Any, list[Diagnostic]]:
    """Check ``raw`` (YAML at ``path``) against ``record``: the value, or every problem found."""
    doc, problems = source.parse(raw, path)
    if doc is None:
        return INVALID, problems
    ctx = _Context(doc, workspace)
    ctx.diagnostics.extend(problems)
    if not isinstance(doc.data, dict):
        ctx.error((), "the top level must be a mapping of `key: value` lines", hint)
        return INVALID, ctx.diagnostics
    value = record.load(doc.data, (), ctx)
    ctx.check_references()
    ctx.diagnostics.sort(
        key=lambda d: (d.location.line, d.location.column) if d.location else (0, 0)
    )
    return value, ctx.diagnostics


def load_text(raw: bytes, path: str, workspace: FsPath | None = None) -> Briefing:
    """Validate ``raw``, the bytes of the file at ``path``, into a Briefing (or ContentError)."""
    root = workspace or find_workspace(FsPath(path).parent)
    briefing, problems = validate_document(
        raw, path, BRIEFING, root, "Start from `deckgen new NAME`, which writes a skeleton."
    )
    if problems:
        raise ContentError(problems)
    return briefing


def load_file(path: str | os.PathLike[str], workspace: FsPath | None = None) -> Briefing:
    """Read and validate one content file."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_BYTES:
            raise ContentError(
                [
                    Diagnostic(
                        Location(name, 1, 1),
                        f"the file is {size:,} bytes; content files are limited to {MAX_BYTES:,}",
                        "Is this the right file? Split very large briefings.",
                    )
                ]
            )
        with open(name, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ContentError(
            [Diagnostic(Location(name), f"cannot read the file: {exc.strerror}", "Check the path.")]
        ) from None
    return load_text(raw, name, workspace)
