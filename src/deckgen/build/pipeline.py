"""Briefings, a template set and options to planned decks and memos and their bytes.

The one composition of load -> template set -> template facts -> plan -> write that build,
lint, diff, dist and watch share, so that what one of them plans is what the others build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.build.outputs import PAGE
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location

if TYPE_CHECKING:  # imported where used: a build with nothing to do never loads them
    from deckgen.build.options import Options
    from deckgen.content.model import Briefing
    from deckgen.plan import Deck, Memo
    from deckgen.templates.deck import DeckPrep
    from deckgen.templates.sets import TemplateSet


@dataclass
class Rendered:
    """One briefing's outputs: file name -> bytes, and the warnings met making them."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)


# -- load -----------------------------------------------------------------------------------


def content_paths(paths: Iterable[str], workspace: Path) -> list[Path]:
    """The files named, with folders expanded to their *.yaml; default: content/*.yaml."""
    from deckgen.boundary import read_problem

    found: list[Path] = []
    for p in paths or [str(workspace / "content")]:
        path = Path(p)
        if path.is_dir() and not read_problem(path, workspace):
            found += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        else:  # a file, or a folder that leads out of the workspace: load_file refuses it
            found.append(path)
    return [_relative(p) for p in found]


def _relative(path: Path) -> Path:
    """``path`` relative to the current folder when inside it: what a user typed or sees.
    Symlinks are not followed, so an error names the link the user gave, not its target."""
    try:
        return path.absolute().relative_to(Path.cwd().absolute())
    except ValueError:
        return path


def validate(paths: list[Path], workspace: Path) -> tuple[list[Briefing], list[DeckgenError]]:
    """Load every file; return the valid briefings and one error per failing file."""
    from deckgen.content.load import load_file

    briefings: list[Briefing] = []
    errors: list[DeckgenError] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            briefing = with_previous(load_file(path, workspace), workspace)
        except ContentError as exc:
            errors.append(exc)
            continue
        if briefing.id in seen:
            errors.append(
                ContentError(
                    [
                        Diagnostic(
                            id_location(path),
                            f"id {briefing.id!r} is also used by {seen[briefing.id]}",
                            "Give each briefing its own `id:`; outputs are named after it.",
                        )
                    ]
                )
            )
            continue
        seen[briefing.id] = str(path)
        briefings.append(briefing)
    return briefings, errors


def with_previous(briefing: Briefing, workspace: Path) -> Briefing:
    """The briefing with its `previous:` version loaded beside it, for planning to compare;
    a previous file that is missing, outside the workspace or invalid is an error at the
    `previous:` key."""
    from dataclasses import replace

    from deckgen.content.load import load_file

    ref = briefing.previous
    if ref is None:
        return briefing
    where = Location(briefing.path, ref.line, ref.column)
    target = Path(ref.path)

    def refuse(what: str, hint: str) -> ContentError:
        return ContentError([Diagnostic(where, f"previous: {ref.written!r} {what}", hint)])

    if target.resolve() == Path(briefing.path).resolve():
        raise refuse("is this file itself", "Name the earlier version's content file.")
    if not target.resolve().is_relative_to(workspace.resolve()):
        raise refuse(
            "lies outside the workspace",
            "Keep the earlier version among this workspace's content files.",
        )
    if not target.is_file():
        raise refuse(
            "does not exist",
            "Name the earlier version's content file, relative to this one, e.g. "
            "`previous: russia-iran-2017.yaml`.",
        )
    try:
        earlier = load_file(target, workspace)
    except ContentError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else None
        said = f": {first.location}: {first.message}" if first and first.location else ""
        raise refuse(
            f"is not a valid briefing{said}",
            f"Run `deckgen validate {ref.written}` and fix it, or name another file.",
        ) from None
    return replace(briefing, earlier=earlier)


def id_location(path: Path) -> Location:
    """Where the file sets its `id:` (or its start, when the id comes from the file name)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("id:"):
            return Location(str(path), number, len(line) - len(line[3:].lstrip()) + 1)
    return Location(str(path), 1, 1)


def editions(
    briefings: list[Briefing], variants: tuple[str, ...] = ()
) -> tuple[list[Briefing], list[DeckgenError]]:
    """What is planned of each briefing: each named variant (`all`: every variant it
    declares), or, with none named, the whole briefing under its widest variant's marking."""
    from deckgen.content.variants import narrow, whole

    if not variants:
        return [whole(b) for b in briefings], []
    out: list[Briefing] = []
    errors: list[DeckgenError] = []
    for briefing in briefings:
        wanted = [v.name for v in briefing.variants] if variants == ("all",) else list(variants)
        try:
            out += [narrow(briefing, name) for name in wanted]
        except DeckgenError as exc:
            errors.append(exc)
    return out, errors


# -- template set and its facts -------------------------------------------------------------


def resolve_template(options: Options, workspace: Path) -> TemplateSet:
    """The template set ``options`` name, with its --deck-template/--memo-template files;
    an unknown recipe fails here, before any work."""
    from deckgen.templates.sets import find

    template = find(options.template, workspace).with_files(
        options.deck_template, options.memo_template
    )
    template.recipe(options.recipe)
    return template


def deck_facts(template: TemplateSet, warnings: list[Diagnostic] | None = None) -> DeckPrep:
    """The set's deck template, prepared (cached: a batch reads it once); its fallbacks go
    to ``warnings``, once per file."""
    from deckgen.templates.deck import prepare

    prep = prepare(template.deck, template.layouts, template.fonts)
    if warnings is not None:
        template_warnings(warnings, template.deck, list(prep.warnings))
    return prep


def template_warnings(into: list[Diagnostic], path: Path, messages: list[str]) -> None:
    """Template warnings once per file, however many briefings a batch builds."""
    for message in messages:
        diagnostic = Diagnostic(Location(str(path)), message, severity="warning")
        if diagnostic not in into:
            into.append(diagnostic)


# -- plan -----------------------------------------------------------------------------------


def _plan_deck(
    briefing: Briefing, template: TemplateSet, options: Options, warnings: list[Diagnostic]
) -> tuple[Deck, DeckPrep]:
    """The deck planned in the deck template's own geometry, as it will be written."""
    from deckgen.plan import plan_deck

    prep = deck_facts(template, warnings)
    deck = plan_deck(briefing, template, template.recipe(options.recipe), prep.geometry())
    warnings.extend(Diagnostic(Location(briefing.path), note, severity="warning")
                    for note in deck.overflows)  # fmt: skip
    return deck, prep


def _plan_memo(briefing: Briefing, template: TemplateSet, options: Options) -> Memo:
    from deckgen.plan import plan_memo

    return plan_memo(briefing, template, template.recipe(options.recipe))


def plan_briefing(
    briefing: Briefing, template: TemplateSet, options: Options
) -> tuple[Deck, Memo, list[Diagnostic]]:
    """The deck and memo ``briefing`` (an edition: see `editions`) builds into with
    ``options``' recipe, exactly as `render_briefing` writes them, and the warnings met."""
    warnings: list[Diagnostic] = []
    deck, _prep = _plan_deck(briefing, template, options, warnings)
    return deck, _plan_memo(briefing, template, options), warnings


# -- write ----------------------------------------------------------------------------------


def render_briefing(
    briefing: Briefing,
    template: TemplateSet,
    options: Options,
    warnings: list[Diagnostic] | None = None,
) -> Rendered:
    """Output file name -> bytes for one briefing in ``options.formats`` (a PDF needs its
    deck and memo, a handout its deck); nothing is written to disk. ``warnings``, when
    given, collects the warnings as they come, so an error part-way keeps those said
    before it."""
    from deckgen.build.inputs import media

    said: list[Diagnostic] = [] if warnings is None else warnings
    out: dict[str, bytes] = {}
    # what the writers take beside the plans, read here: they read no file, clock or variable
    when = build_time(briefing)
    pictures = media(briefing, template)
    if {"pptx", "pdf", "handout"} & set(options.formats):  # a handout is made of the deck
        from deckgen.build.inputs import deck_parts
        from deckgen.writers.deck import write_deck

        deck, prep = _plan_deck(briefing, template, options, said)
        chosen: list[str] = []  # colours and bands the writer chose against the template
        out[f"{briefing.id}-deck.pptx"] = write_deck(
            deck, prep, template, deck_parts(prep), pictures, when, chosen
        )
        template_warnings(said, template.deck, chosen)
    if "docx" in options.formats or "pdf" in options.formats:
        from deckgen.templates.memo import prepare as prepare_memo
        from deckgen.writers.memo import write_memo

        memo = _plan_memo(briefing, template, options)
        data, memo_warnings = write_memo(memo, template, prepare_memo(template), pictures, when)
        template_warnings(said, template.memo, memo_warnings)
        out[f"{briefing.id}-memo.docx"] = data
    if "html" in options.formats:  # the web edition, from the plan the memo is written from
        from deckgen.writers.html import write_page

        if briefing.id.casefold() == "index":  # ID.html would replace the gallery's page
            raise ContentError([Diagnostic(
                id_location(Path(briefing.path)),
                "id 'index' would write the web edition as index.html, the gallery's page",
                "Give the briefing another `id:` to build it with -f html.")])  # fmt: skip

        page, page_warnings = write_page(
            _plan_memo(briefing, template, options), template, pictures
        )
        template_warnings(said, template.folder / "template.yaml", page_warnings)
        out[briefing.id + PAGE] = page
    return Rendered(out, said)


# -- time -----------------------------------------------------------------------------------


def build_time(briefing: Briefing) -> dt.datetime:
    """The timestamp written into a briefing's outputs: SOURCE_DATE_EPOCH, else the
    briefing's `date:`, else a fixed default; never the clock."""
    from deckgen.build.clock import time_of

    return time_of(briefing.date.iso() if briefing.date else "")


def build_time_source(briefing: Briefing) -> str:
    """Where `build_time` took the time from, as a bundle's manifest says it."""
    from deckgen.build.clock import source_date_epoch

    if source_date_epoch()[0] is not None:  # set, and a time outputs can hold
        return "SOURCE_DATE_EPOCH"
    return "content date" if briefing.date else "fixed default (no content date)"


def epoch_warning() -> Diagnostic | None:
    """The warning for a SOURCE_DATE_EPOCH that is set but cannot be used; None if none."""
    from deckgen.build.clock import epoch_warning as warning

    return warning()
