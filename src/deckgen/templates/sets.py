"""Template sets (template.yaml + deck + memo) to a TemplateSet, found along the search path."""

from __future__ import annotations

import copy
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen.errors import DeckgenError, Diagnostic, Location, TemplateError
from deckgen.resources import BUILTIN_TEMPLATES

if TYPE_CHECKING:
    from deckgen.checking.fields import Record

BUILTIN = BUILTIN_TEMPLATES
DECK_SUFFIXES = (".pptx", ".potx")
MEMO_SUFFIXES = (".docx", ".dotx")


@dataclass(frozen=True)
class Recipe:
    """Which parts appear, in which order; ``condense`` keeps each part to one slide."""

    name: str
    deck: tuple[str, ...]
    memo: tuple[str, ...]
    condense: bool = False


@dataclass(frozen=True)
class Logo:
    path: str
    alt: str = "Logo"
    position: str = "top-left"
    height: float = 0.3  # inches


@dataclass
class TemplateSet:
    """A resolved template set: its files, role mappings, look, words and recipes."""

    name: str
    folder: Path
    deck: Path
    memo: Path
    layouts: dict[str, str]
    styles: dict[str, str]
    palette: dict[str, Any]
    fonts: dict[str, str]
    sizes: dict[str, float]
    labels: dict[str, Any]
    recipes: dict[str, Recipe] = field(default_factory=dict)
    logo: Logo | None = None
    footer: str | None = None
    description: str = ""
    # Colours the set's own template.yaml names, for its own deck and memo files (their themes,
    # the memo's headings); a foreign file given on the command line keeps its own colours, as
    # it keeps its own faces.
    deck_palette: dict[str, Any] = field(default_factory=dict)
    memo_palette: dict[str, Any] = field(default_factory=dict)
    memo_options: dict[str, Any] = field(default_factory=dict)  # template.yaml `memo_options`

    def recipe(self, name: str) -> Recipe:
        try:
            return self.recipes[name]
        except KeyError:
            known = ", ".join(self.recipes) or "none"
            raise TemplateError(
                f"template set {self.name!r} has no recipe {name!r} (it has: {known})"
            ) from None

    def files(self) -> list[Path]:
        """Every file the set's outputs depend on."""
        out = [self.folder / "template.yaml", self.deck, self.memo]
        if self.logo:
            out.append(Path(self.logo.path))
        return out

    def with_files(self, deck: Path | None = None, memo: Path | None = None) -> TemplateSet:
        """This set with another organization's deck or memo file. The set's layout names
        and typefaces described its own files, so a foreign file keeps its own: layouts are
        chosen by name and shape, and text is measured in the file's theme fonts."""
        changed = self
        if deck is not None:
            check_file(deck, "deck")
            changed = replace(changed, deck=deck, layouts={}, fonts={}, deck_palette={})
        if memo is not None:
            check_file(memo, "memo")
            changed = replace(changed, memo=memo, fonts={}, memo_palette={})
        return changed


def check_file(path: Path, kind: str) -> None:
    """Refuse a deck or memo file that is of the wrong type, missing, hostile or broken, before
    python-pptx or python-docx parse it (see package.py)."""
    from deckgen.ooxml.safe_reader import check_template_file

    allowed = DECK_SUFFIXES if kind == "deck" else MEMO_SUFFIXES
    if path.suffix.lower() not in allowed:
        found = path.suffix or "no suffix"
        if path.suffix.lower() in (".pptm", ".potm", ".docm", ".dotm"):
            check_template_file(path, kind)  # says: macro-enabled, save it without macros
        raise TemplateError(f"{path}: a {kind} template must be {' or '.join(allowed)} ({found})")
    if not path.is_file():
        raise TemplateError(f"{path}: no such {kind} template")
    check_template_file(path, kind)


def search_path(workspace: Path | None) -> list[Path]:
    """Folders searched for template sets, first match wins."""
    folders = []
    if workspace is not None:
        folders.append(workspace / "templates")
    folders.append(BUILTIN)
    return folders


def _outside(path: Path, workspace: Path | None) -> str | None:
    """Why a set's folder or file may not be read (it leads out of the workspace through a
    link), or None. Built-in sets are deckgen's own."""
    from deckgen.boundary import read_problem

    return read_problem(path, workspace) if workspace is not None else None


SET_HINT = (
    "Copy the set's folder into templates/ (not a link to it), or pass its files with "
    "--deck-template FILE and --memo-template FILE."
)


def _refused(path: Path, problem: str) -> TemplateError:
    from deckgen.boundary import display

    message = f"{display(path)}: {problem}"
    return TemplateError(message, [Diagnostic(Location(display(path)), problem, SET_HINT)])


def available(workspace: Path | None = None) -> list[tuple[str, Path]]:
    """Every template set on the search path as (name, folder); a workspace set hides a
    built-in one of the same name. A set folder that leads out of the workspace is listed
    (`find` refuses it, and says why) without a look inside it."""
    found: dict[str, Path] = {}
    for folder in search_path(workspace):
        problem = _outside(folder, workspace)
        if problem:
            raise _refused(folder, problem)
        if folder.is_dir():
            for sub in sorted(folder.iterdir()):
                # listed when it has a template.yaml of any kind: `find` says what is wrong
                if _outside(sub, workspace) or os.path.lexists(sub / "template.yaml"):
                    found.setdefault(sub.name, sub)
    return sorted(found.items())


def find(name: str, workspace: Path | None = None) -> TemplateSet:
    """The template set ``name``: the workspace's templates/NAME, else the built-in one.
    ``name`` is one word, never a path; a workspace set must lie inside the workspace, links
    resolved, and so must its template.yaml, a regular file."""
    from deckgen.boundary import SET_NAME_HINT, kind_of, set_name_problem, shown

    problem = set_name_problem(name)
    if problem:
        message = f"{shown(name)!r} is not a template set name: {problem}"
        raise TemplateError(message, [Diagnostic(None, message, SET_NAME_HINT)])
    for folder in search_path(workspace):
        candidate = folder / name
        manifest = candidate / "template.yaml"
        if folder != BUILTIN and os.path.lexists(candidate):
            for path in (folder, candidate, manifest):
                problem = _outside(path, workspace)
                if problem:
                    raise _refused(path, problem)  # never a silent fall back to a built-in
            if os.path.lexists(manifest) and not manifest.is_file():
                mode = os.stat(manifest).st_mode if manifest.exists() else 0
                what = kind_of(mode) if mode else "a link to nothing"
                raise _refused(manifest, f"is {what}, not a template manifest")
        if manifest.is_file():
            return load(candidate)
    names = ", ".join(n for n, _ in available(workspace))
    raise TemplateError(
        f"no template set named {name!r}; available: {names}; "
        f"a workspace may add its own under templates/{name}/"
    )


MAX_SETTINGS_BYTES = 1_000_000  # template.yaml and deckgen.yaml are a few kB


def read_settings(
    path: Path, record: Record, what: str, hint: str, error: type[DeckgenError] = TemplateError
) -> Any:
    """A small YAML settings file (template.yaml, deckgen.yaml) checked against ``record``
    through the one located loader, as content files are: every problem at
    file:line:column, the file read bounded (a FIFO or /dev/zero is no settings file)."""
    from deckgen.content.load import validate_document

    shown = _shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            regular = stat.S_ISREG(os.fstat(fd).st_mode)
            raw = b""
            if regular:
                with os.fdopen(fd, "rb", closefd=False) as fh:
                    raw = fh.read(MAX_SETTINGS_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise error(f"{shown}: cannot read the {what}: {exc.strerror or exc}") from None
    if not regular:
        raise error(f"{shown} is not a regular file: the {what} must be a YAML file")
    if len(raw) > MAX_SETTINGS_BYTES:
        raise error(
            f"{shown}: the {what} is larger than {MAX_SETTINGS_BYTES:,} bytes; "
            "is this the right file?"
        )
    lines = raw.removeprefix(b"\xef\xbb\xbf").splitlines()
    if all(not line.strip() or line.lstrip().startswith(b"#") for line in lines):
        return {}  # nothing but comments: no settings, every one its default
    data, problems = validate_document(raw, str(shown), record, path.parent, hint)
    if problems:
        raise error(f"{shown}: the {what} has errors", problems)
    return data


def _shown(path: Path) -> Path:
    """``path`` as diagnostics name it: relative to the current folder when inside it, as
    content files are named."""
    try:
        return path.absolute().relative_to(Path.cwd().absolute())
    except ValueError:
        return path


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "recipes":
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load(folder: Path) -> TemplateSet:
    """Read the template set in ``folder``; anything it leaves out comes from the default set."""
    from deckgen.templates import manifest

    own = manifest.read(folder)
    default = BUILTIN / "default"
    data = own if folder.resolve() == default.resolve() else _merge(manifest.read(default), own)
    if "recipes" not in own:
        data["recipes"] = manifest.read(default)["recipes"]

    def member(key: str) -> Path:
        name = str(data.get(key, ""))
        for base in (folder, default):
            found = manifest.inside(base, name) if name else None  # checked again: defence
            if found is not None and found.is_file():
                check_file(found, key)
                return found
        raise TemplateError(f"{folder / 'template.yaml'}: the {key} file {name!r} does not exist")

    logo = data.get("logo")
    return TemplateSet(
        name=str(data.get("name", folder.name)),
        folder=folder,
        deck=member("deck"),
        memo=member("memo"),
        layouts=dict(data.get("layouts") or {}),
        styles=dict(data.get("styles") or {}),
        palette=dict(data.get("palette") or {}),
        fonts=dict(own.get("fonts") or {}),  # only a set's own fonts override its files'
        sizes=dict(data.get("sizes") or {}),
        labels=dict(data.get("labels") or {}),
        recipes={
            name: Recipe(name, tuple(r["deck"]), tuple(r["memo"]), bool(r.get("condense")))
            for name, r in (data.get("recipes") or {}).items()
        },
        logo=Logo(**logo) if logo else None,
        footer=data.get("footer"),
        description=str(data.get("description", "")),
        deck_palette=dict(own.get("palette") or {}),
        memo_palette=dict(own.get("palette") or {}),
        memo_options=dict(data.get("memo_options") or {}),
    )
