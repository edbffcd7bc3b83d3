"""Content files to validated Briefings; every problem in a file is reported at once, located."""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from pathlib import Path as FsPath
from typing import Any

from deckgen import images as imageinfo
from deckgen.checking import source
from deckgen.checking.fields import INVALID, Id, Record, suggest
from deckgen.content.model import Briefing
from deckgen.content.schema import BRIEFING
from deckgen.errors import ContentError, Diagnostic, Location
from deckgen.paths import find_workspace

MAX_BYTES = 5_000_000  # a briefing is a few kB; larger input is a mistake, not content
# Like a compiler's error limit: past this many, more reports only bury the first ones, and
# checking on (a did-you-mean for each of 100,000 unknown keys) would take seconds.
MAX_DIAGNOSTICS = 100
MAX_SUGGESTIONS = MAX_DIAGNOSTICS  # ids looked up for a did-you-mean, per file
_COLLECTION_NAMES = {"actors": "actor", "sources": "source", "audiences": "audience",
                     "variants": "variant"}  # fmt: skip


class _TooMany(Exception):
    """A file reached MAX_DIAGNOSTICS errors: the rest of it is not checked."""


class _Context:
    """Collects diagnostics, id definitions and references while a file is loaded."""

    def __init__(self, doc: source.Document, workspace: FsPath) -> None:
        self.doc = doc
        self.workspace = workspace
        self.diagnostics: list[Diagnostic] = []
        self.defined: dict[str, dict[str, source.Path]] = {}
        self.refs: list[tuple[str, str, source.Path, bool]] = []
        self.duplicates: list[tuple[str, str, source.Path]] = []
        self.suggested: dict[tuple[str, str], str | None] = {}

    def error(self, path: source.Path, message: str, hint: str = "", key: bool = False) -> None:
        where = self.doc.where(path, key)
        if where.line in self.doc.repaired:
            return  # the reader repaired this line and said so: this would be its echo
        self.diagnostics.append(Diagnostic(where, message, hint))
        if len(self.diagnostics) >= MAX_DIAGNOSTICS:
            raise _TooMany

    def define(self, collection: str, ident: str, path: source.Path) -> None:
        known = self.defined.setdefault(collection, {})
        if ident in known:
            # reported by check_references, which knows the ids cited but defined nowhere
            self.duplicates.append((collection, ident, path))
        else:
            known[ident] = path

    def refer(self, collection: str, ident: str, path: source.Path, key: bool = False) -> None:
        self.refs.append((collection, ident, path, key))

    def check_references(self) -> None:
        """Report duplicate ids, then references to ids defined nowhere.

        An id pasted twice (`- id: alpha` where `- id: beta` was meant) leaves the other id
        undefined: every reference to it would be an error of its own. When the ids cited
        but defined nowhere are no more than the duplicates, they are what the duplicates
        were meant to be: the duplicate's one diagnostic names them, and they get none.
        """
        unknown: dict[str, dict[str, list[source.Path]]] = {}
        for collection, ident, path, _key in self.refs:
            known = self.defined.get(collection, {})
            if ident not in known and not self.suggest(collection, ident):
                unknown.setdefault(collection, {}).setdefault(ident, []).append(path)
        folded: set[str] = set()
        counts = Counter(c for c, _i, _p in self.duplicates)
        for collection, ident, path in self.duplicates:
            first = self.doc.where(self.defined[collection][ident])
            hint = "Give each one its own id."
            missing = unknown.get(collection, {})
            count = counts[collection]
            if missing and len(missing) <= count:
                folded.add(collection)
                names = " or ".join(repr(i) for i in missing)
                lines = sorted({self.doc.where(p).line for ps in missing.values() for p in ps})
                shown = ("lines " if len(lines) > 1 else "line ") + ", ".join(map(str, lines))
                hint = (
                    f"Give each one its own id: {names} is cited ({shown}) but defined "
                    "nowhere; is this it?"
                )
            self.error(
                path,
                f"duplicate {_COLLECTION_NAMES.get(collection, collection)} id "
                f"{ident!r} (first defined at line {first.line})",
                hint,
            )
        for collection, ident, path, key in self.refs:
            known = self.defined.get(collection, {})
            if ident in known or (collection in folded and ident in unknown[collection]):
                continue
            kind = _COLLECTION_NAMES.get(collection, collection)
            close = self.suggest(collection, ident)
            if close:
                hint = f"Did you mean {close!r}?"
            elif known:
                listed = ", ".join(itertools.islice(known, 20))
                hint = f"Known {collection}: {listed}{', …' if len(known) > 20 else ''}."
            elif collection == "audiences":
                hint = "Name it in the `audiences:` of a variant under `variants:`."
            else:
                hint = f"Define it under `{collection}:`."
            self.error(path, f"unknown {kind} id {ident!r}", hint, key=key)

    def suggest(self, collection: str, ident: str) -> str | None:
        """The defined id closest to ``ident`` (a did-you-mean), asked once per id and at
        most MAX_SUGGESTIONS times a file: thousands of unknown ids against thousands of
        known ones took minutes (2.6 MB ran past 300 s), where errors stop at 100 anyway."""
        asked = (collection, ident)
        if asked not in self.suggested:
            within = len(self.suggested) < MAX_SUGGESTIONS
            known = self.defined.get(collection, {})
            self.suggested[asked] = suggest(str(ident), known) if within else None
        return self.suggested[asked]

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
        try:
            return self._find_picture(relative, path, base)
        except (OSError, ValueError, RuntimeError) as exc:
            # a name too long for the file system, a NUL character (ValueError), a symlink
            # loop (RuntimeError before Python 3.13), a picture that may not be read
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.error(
                path,
                f"picture {relative!r} cannot be read ({reason})",
                "Check the path; give the name of a PNG or JPEG inside the workspace.",
            )
            return INVALID

    def _find_picture(self, relative: str, path: source.Path, base: FsPath) -> Any:
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
                # decoded whole, as the writers will read it: a PNG cut short, a 0×0 image
                # or a JPEG without a frame passes the first bytes but breaks the build
                try:
                    imageinfo.read_file(real)
                except imageinfo.NotAPicture:
                    self.error(path, f"{relative!r} is not a PNG, JPEG or GIF picture",
                               "Save the picture as PNG or JPEG.")  # fmt: skip
                    return INVALID
                except ValueError as exc:
                    self.error(path, f"picture {relative!r} cannot be used: {exc}",
                               "Open it in an image editor and save it again as PNG or "
                               "JPEG.")  # fmt: skip
                    return INVALID
                return str(real)
        self.error(
            path,
            f"picture {relative!r} not found",
            f"Looked in {base} and {self.workspace}; check the path.",
        )
        return INVALID


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
    try:
        value = record.load(doc.data, (), ctx)
        ctx.check_references()
    except _TooMany:
        value = INVALID
    found = sorted(
        ctx.diagnostics,
        key=lambda d: (d.location.line, d.location.column) if d.location else (0, 0),
    )
    if len(found) >= MAX_DIAGNOSTICS:
        found = found[:MAX_DIAGNOSTICS]
        found.append(
            Diagnostic(
                Location(path),
                f"deckgen stopped checking after {MAX_DIAGNOSTICS} errors",
                "Fix these and run again.",
                severity="note",
            )
        )
    return value, found


def load_text(raw: bytes, path: str, workspace: FsPath | None = None) -> Briefing:
    """Validate ``raw``, the bytes of the file at ``path``, into a Briefing (or ContentError)."""
    root = workspace or find_workspace(FsPath(path).parent)
    briefing, problems = validate_document(
        raw, path, BRIEFING, root, "Start from `deckgen new NAME`, which writes a skeleton."
    )
    if problems:
        raise ContentError(problems)
    assert isinstance(briefing, Briefing)  # BRIEFING's record makes one when nothing failed
    return briefing


def load_file(path: str | os.PathLike[str], workspace: FsPath | None = None) -> Briefing:
    """Read and validate one content file: only where the boundary lets deckgen read (never
    through a symlink out of the workspace), only a regular file, and only so many bytes."""
    from deckgen import boundary

    name = os.fspath(path)
    root = workspace or find_workspace(FsPath(name).parent)

    def refuse(message: str, hint: str, where: Location | None = None) -> ContentError:
        return ContentError([Diagnostic(where or Location(boundary.shown(name)), message, hint)])

    problem = boundary.read_problem(name, root)
    if problem:  # refused unopened: not one of its lines can reach a diagnostic
        raise refuse(problem, boundary.READ_HINT)
    try:
        raw = boundary.read_regular(name, MAX_BYTES)
    except boundary.NotRegular as exc:
        # a FIFO would block the build forever and /dev/zero would fill the memory
        raise refuse(str(exc), "Point deckgen at a YAML content file.") from None
    except boundary.TooLarge as exc:
        raise refuse(
            f"the file is {exc.size:,} bytes; content files are limited to {MAX_BYTES:,}",
            "Is this the right file? Split very large briefings.",
            Location(name, 1, 1),
        ) from None
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}", "Check the path.") from None
    return load_text(raw, name, root)
