"""Briefings and a template set to lint findings: the rule table and the runner.

The runner plans and builds each briefing through the pipeline and asks every rule family
(analytic, colours, document) about it, so lint judges what `build` makes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.content.model import Briefing
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location
from deckgen.review import analytic, colours, document, footing, forecasts
from deckgen.review.colours import deck_contrast as _deck_contrast  # its old name here
from deckgen.review.where import Where, finding, shown
from deckgen.templates.sets import Recipe, TemplateSet

if TYPE_CHECKING:
    from deckgen.build.options import Options
    from deckgen.templates.deck import DeckPrep

# Rule ids: DOMAIN.md §7a's where one fits; CITE-03/-04, GOAL-01, LINK-01 (DOMAIN §5's
# "hyperlink text makes sense on its own"), FIT-… and TPL-01 are deckgen's own.
RULES: dict[str, str] = {
    "EST-01": "a probability printed with a term of the set the briefing does not otherwise use",
    "EST-02": "a sentence states both a confidence level and a likelihood term",
    "EST-03": "estimative term sets A and B are mixed",
    "EST-06": "high confidence on a forecast reaching more than a year ahead",
    "GOAL-01": "a shared goal that lists one actor",
    "CITE-01": "a table or chart section without sources: its slide has no Source: line",
    "CITE-03": "a claim without sources",
    "CITE-04": "a source that nothing cites",
    "SRC-01": "high confidence resting only on sources graded E or F or on credibility 5–6",
    "CHG-01": "a judgment whose likelihood moved since the previous version with no change note",
    "A11Y-01": "a slide has no title in its title placeholder",
    "A11Y-02": "two slides have the same title",
    "A11Y-03": "a picture or chart has no alt text, or alt text that is a file name or too short",
    "A11Y-04": "a table has no semantic header row",
    "A11Y-05": "a table has merged or blank cells",
    "A11Y-06": "text contrast below 4.5:1 (3:1 for large text)",
    "A11Y-07": "actor colours too alike to tell apart",
    "A11Y-08": "a built document has no core title or language",
    "A11Y-10": "the memo skips a heading level or holds its title in the page header",
    "LINK-01": "link text that means nothing on its own (“click here”, a source titled “link”)",
    "FIT-01": "text or a title was shrunk to fit its slide",
    "FIT-02": "a slide continues the one before",
    "TPL-01": "the deck template needed a fallback",
}
RULES.update(forecasts.RULES)  # the SCORE rules, kept beside their checks

SEVERITIES = ("error", "warning", "info")


def _built(
    b: Briefing, template: TemplateSet, recipe: Recipe, dt: DeckPrep | None, at: Where
) -> Iterator[Diagnostic]:
    """FIT-01/02 per thing fitting did (worth a look, not wrong); TPL-01 per template
    fallback; then the rules that judge the built deck and memo. Both are planned and
    written by the pipeline (build.pipeline), so lint judges what `build` makes."""
    from deckgen.build.inputs import media
    from deckgen.build.options import Options
    from deckgen.build.pipeline import deck_facts, plan_briefing, render_briefing

    if dt is None:
        dt = deck_facts(template)
    for message in dt.warnings:
        yield finding("TPL-01", "warning", Location(str(shown(template.deck))), message)
    options = Options(recipe=recipe.name, formats=("pptx", "docx"))
    deck, memo, _warnings = plan_briefing(b, template, options)
    for note in deck.fitting:
        rule = "FIT-02" if "continues" in note else "FIT-01"
        yield finding(rule, "info", Location(b.path), note)
    files = render_briefing(b, template, options).files
    pptx = files[f"{b.id}-deck.pptx"]
    yield from _deck_contrast(deck, dt, template, media(b, template), pptx)
    yield from document.deck_titles(b, deck, pptx, template, at)
    yield from document.deck_media(b, deck, pptx, at, template)
    yield from document.memo_document(b, memo, files[f"{b.id}-memo.docx"], template, at)
    yield from document.core_properties(b, files, at)
    yield from document.links(b, files, at)


def ordered(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings, then infos; by place within each; each finding once (template
    findings repeat for every briefing of a batch)."""
    unique = list(dict.fromkeys(found))
    paths = dict.fromkeys(d.location.path if d.location else "" for d in unique)
    order = {path: n for n, path in enumerate(paths)}

    def key(d: Diagnostic) -> tuple[int, int, int, int]:
        loc = d.location or Location("")
        rank = SEVERITIES.index(d.severity) if d.severity in SEVERITIES else len(SEVERITIES)
        return (rank, order[loc.path], loc.line, loc.column)

    return sorted(unique, key=key)


def lint(
    briefing: Briefing,
    template: TemplateSet,
    recipe_name: str,
    deck_template: DeckPrep | None = None,
) -> list[Diagnostic]:
    """Every finding for one briefing built with ``template``'s recipe ``recipe_name``.

    ``deck_template`` is the set's deck already opened, so a batch opens it once.
    """
    recipe = template.recipe(recipe_name)
    at = Where(briefing.path)
    return ordered(
        [
            *analytic.estimates(briefing, recipe, at),
            *analytic.sentences(briefing, at),
            *analytic.horizons(briefing, at),
            *analytic.goals(briefing, at),
            *analytic.citations(briefing, at),
            *footing.weak_grounds(briefing, at),
            *footing.unexplained_moves(briefing, at),
            *forecasts.forecasts(briefing, at),
            *document.images(briefing, at),
            *colours.palette_contrast(briefing, template, at),
            *_built(briefing, template, recipe, deck_template, at),
        ]
    )


def lint_files(files: list[Path], workspace: Path, options: Options) -> list[Diagnostic]:
    """Validate and lint ``files`` with the set and files ``options`` name, resolved as
    `build` resolves them; a file that does not validate contributes its errors."""
    from deckgen.build.pipeline import deck_facts, editions, resolve_template, validate

    template = resolve_template(options, workspace)  # an unknown recipe fails here, first
    recipe_name = options.recipe
    loaded, errors = validate(files, workspace)
    briefings, _none = editions(loaded)  # each whole, as `build` plans it without --variant
    found: list[Diagnostic] = []
    for exc in errors:
        found += exc.diagnostics or [Diagnostic(None, exc.message)]
    if briefings:
        dt = deck_facts(template)
        for briefing in briefings:
            try:
                found += lint(briefing, template, recipe_name, dt)
            except ContentError as exc:
                found += exc.diagnostics
            except DeckgenError as exc:  # planning refused this briefing: report, go on
                found.append(Diagnostic(Location(briefing.path), exc.message))
    return ordered(found)
