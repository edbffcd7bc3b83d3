"""Command-line values, deckgen.yaml and built-in defaults to one set of build options.

The command line wins, then the workspace's deckgen.yaml, then deckgen's own; None is unset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckgen.errors import Diagnostic, TemplateError

# What a value left unset everywhere becomes (deckgen.yaml can set template, formats and
# recipe, and `output:`, whose default, build/, output_folder knows).
DEFAULTS: dict[str, Any] = {
    "template": "default",
    "formats": ("pptx", "docx"),
    "recipe": "full",
    "variants": (),
    "jobs": 1,
    "force": False,
    "strict": False,
}
# The command-line key each deckgen.yaml setting stands in for.
SETTINGS = {"template": "template", "formats": "formats", "out_dir": "output", "recipe": "recipe"}
KEYS = ("out_dir", "template", "deck_template", "memo_template", "formats", "recipe",
        "variants", "jobs", "force", "strict")  # fmt: skip


@dataclass
class Options:
    """What to build and where; None means the workspace default."""

    out_dir: Path | None = None
    template: str = DEFAULTS["template"]
    deck_template: Path | None = None
    memo_template: Path | None = None
    formats: tuple[str, ...] = DEFAULTS["formats"]
    # formats chosen by -f or deckgen.yaml; when not, a build also remakes the PDFs an
    # earlier build made (the build record remembers them), so none is left stale
    formats_chosen: bool = False
    recipe: str = DEFAULTS["recipe"]
    variants: tuple[str, ...] = DEFAULTS["variants"]  # these variants (ID-VARIANT-…), not ID-…
    jobs: int = DEFAULTS["jobs"]  # briefings rendered in parallel processes
    force: bool = DEFAULTS["force"]  # rebuild even when the build cache says all is current
    strict: bool = DEFAULTS["strict"]  # a PDF failing the PDF/UA checks is an error


def resolve_options(given: Mapping[str, Any], workspace: Path) -> Options:
    """The options of one command: each key of ``given`` (None or an empty tuple: unset)
    as given, else as the workspace's deckgen.yaml sets it, else deckgen's default.

    Only the keys a command takes are resolved: a command without -o (lint, diff) leaves
    ``out_dir`` None and never judges deckgen.yaml's `output:`. Named template files are
    checked to be readable and the set's name to be a name, each blamed on where it was
    given (the command line or deckgen.yaml)."""
    unknown = set(given) - set(KEYS)
    if unknown:
        raise TypeError(f"unknown options: {', '.join(sorted(unknown))}")
    from deckgen.build.workspace import defaults

    conf = defaults(workspace) if any(k in given for k in SETTINGS) else {}
    values: dict[str, Any] = {}
    for key in KEYS:
        if key not in given:
            continue
        value = given[key]
        if _unset(value) and SETTINGS.get(key) in conf:
            value = conf[SETTINGS[key]]
        values[key] = value
    options = Options()
    if "out_dir" in given:
        options.out_dir = _output(workspace, given["out_dir"], conf)
    if "template" in given:
        options.template = _template(workspace, given["template"], conf)
    for key in ("deck_template", "memo_template"):
        if key in given:
            setattr(options, key, named_file(workspace, given[key]))
    if "formats" in given:
        chosen = tuple(values["formats"] or ())
        options.formats = chosen or DEFAULTS["formats"]
        options.formats_chosen = bool(chosen)  # else the record's PDFs are remade with theirs
    for key in ("recipe", "variants", "jobs", "force", "strict"):
        if key in given:
            value = values[key]
            setattr(options, key, DEFAULTS[key] if _unset(value) else _typed(key, value))
    return options


def _unset(value: object) -> bool:
    """None, empty text or an empty list: what a command line gives for an option not used."""
    return value is None or value == "" or value == () or value == []


def _typed(key: str, value: Any) -> Any:
    if key == "variants":
        return tuple(value)
    return value


def named_file(workspace: Path, given: str | Path | None) -> Path | None:
    """A file named on the command line, where the boundary lets deckgen read it: anywhere
    the user pointed, but not out of the workspace through a link inside it."""
    if not given:
        return None
    from deckgen.boundary import check_read

    check_read(given, workspace)
    return Path(given)


def _output(workspace: Path, given: str | Path | None, conf: dict[str, Any]) -> Path:
    """The output folder: -o as typed (the user means it), else deckgen.yaml's `output:`,
    which must stay inside the workspace, else build/ (docs/hardening.md, "The boundary")."""
    from deckgen.boundary import output_folder, setting_location

    if given:
        return output_folder(workspace, given)
    if "output" in conf:
        where = setting_location(workspace / "deckgen.yaml", "output")
        return output_folder(workspace, configured=conf["output"], where=where)
    return output_folder(workspace)


def _template(workspace: Path, given: str | None, conf: dict[str, Any]) -> str:
    """The template set's name, checked to be a name and not a path (`../../x`) before
    anything looks for it, and blamed on where it was given: -t or deckgen.yaml."""
    from deckgen.boundary import SET_NAME_HINT, refusal, set_name_problem, setting_location, shown

    name = given or conf.get("template", DEFAULTS["template"])
    problem = set_name_problem(name) if isinstance(name, str) else "it is not a name"
    if problem:
        if given:
            message = f"-t {shown(given)!r}: {problem}"
            raise TemplateError(message, [Diagnostic(None, message, SET_NAME_HINT)])
        where = setting_location(workspace / "deckgen.yaml", "template")
        raise refusal(where.path, f"`template: {shown(str(name))}` is not a template set name: "
                      f"{problem}", SET_NAME_HINT, where)  # fmt: skip
    return str(name)


def check_set_name(name: str) -> None:
    """Refuse a template set name that is a path (`-t ../../x`) before anything looks it up."""
    from deckgen.boundary import SET_NAME_HINT, set_name_problem, shown

    problem = set_name_problem(name)
    if problem:
        raise TemplateError(f"{shown(name)!r} is not a template set name: {problem}",
                            [Diagnostic(None, f"{shown(name)!r} is not a template set name: "
                                        f"{problem}", SET_NAME_HINT)])  # fmt: skip
