"""Template set folders (template.yaml + deck + memo) to a TemplateSet, along the search path."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DeckgenError, TemplateError
from .schema import DECK_PARTS

BUILTIN = Path(__file__).parent / "data" / "templates"
MEMO_PARTS = (
    "header",
    "bluf",
    "key_judgments",
    "shared_goals",
    "divergences",
    "forecasts",
    "timeline",
    "sections",
    "sources",
    "estimative",
)
_KEYS = {
    "name",
    "description",
    "deck",
    "memo",
    "layouts",
    "styles",
    "palette",
    "fonts",
    "sizes",
    "labels",
    "recipes",
    "extends",
}


@dataclass(frozen=True)
class Recipe:
    name: str
    deck: tuple[str, ...]
    memo: tuple[str, ...]


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

    def recipe(self, name: str) -> Recipe:
        try:
            return self.recipes[name]
        except KeyError:
            known = ", ".join(self.recipes) or "none"
            raise TemplateError(
                f"template set {self.name!r} has no recipe {name!r} (it has: {known})"
            ) from None

    def files(self) -> list[Path]:
        return [self.folder / "template.yaml", self.deck, self.memo]


def search_path(workspace: Path | None) -> list[Path]:
    """Folders searched for template sets, first match wins."""
    folders = []
    if workspace is not None:
        folders.append(workspace / "templates")
    folders.append(BUILTIN)
    return folders


def find(name: str, workspace: Path | None = None) -> TemplateSet:
    """The template set ``name``: the workspace's templates/NAME, else the built-in one."""
    for folder in search_path(workspace):
        candidate = folder / name
        if (candidate / "template.yaml").is_file():
            return load(candidate)
    builtins = sorted(p.name for p in BUILTIN.iterdir() if (p / "template.yaml").is_file())
    raise TemplateError(
        f"no template set named {name!r}; built-in sets: {', '.join(builtins)}; "
        f"a workspace may add its own under templates/{name}/"
    )


def read_settings(
    path: Path, known: set[str], what: str, error: type[DeckgenError] = TemplateError
) -> dict[str, Any]:
    """A small YAML settings file (a manifest, deckgen.yaml) as a mapping of known keys."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read the {what}: {exc}") from None
    if not isinstance(data, dict):
        raise error(f"{path}: the {what} must be a mapping of `key: value` lines")
    unknown = set(data) - known
    if unknown:
        raise error(
            f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))} in the {what}; "
            f"known keys: {', '.join(sorted(known))}"
        )
    return data


def _read_manifest(folder: Path) -> dict[str, Any]:
    return read_settings(folder / "template.yaml", _KEYS, "template manifest")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load(folder: Path) -> TemplateSet:
    """Read the template set in ``folder``; anything it leaves out comes from the default set."""
    data = _read_manifest(folder)
    if folder.resolve() != (BUILTIN / "default").resolve():
        data = _merge(_read_manifest(BUILTIN / "default"), data)
    manifest = folder / "template.yaml"

    def member(key: str) -> Path:
        own = folder / str(data.get(key, ""))
        if data.get(key) and own.is_file():
            return own
        fallback = BUILTIN / "default" / str(data.get(key, ""))
        if fallback.is_file():
            return fallback
        raise TemplateError(f"{manifest}: the {key} file {data.get(key)!r} does not exist")

    recipes: dict[str, Recipe] = {}
    for rname, spec in (data.get("recipes") or {}).items():
        deck = tuple(spec.get("deck", ()))
        memo = tuple(spec.get("memo", ()))
        for part in deck:
            if part not in DECK_PARTS:
                raise TemplateError(
                    f"{manifest}: recipe {rname!r} names unknown deck part "
                    f"{part!r}; parts: {', '.join(DECK_PARTS)}"
                )
        for part in memo:
            if part not in MEMO_PARTS:
                raise TemplateError(
                    f"{manifest}: recipe {rname!r} names unknown memo part "
                    f"{part!r}; parts: {', '.join(MEMO_PARTS)}"
                )
        recipes[rname] = Recipe(rname, deck, memo)
    return TemplateSet(
        name=str(data.get("name", folder.name)),
        folder=folder,
        deck=member("deck"),
        memo=member("memo"),
        layouts=dict(data.get("layouts") or {}),
        styles=dict(data.get("styles") or {}),
        palette=dict(data.get("palette") or {}),
        fonts=dict(data.get("fonts") or {}),
        sizes={k: float(v) for k, v in (data.get("sizes") or {}).items()},
        labels=dict(data.get("labels") or {}),
        recipes=recipes,
    )
