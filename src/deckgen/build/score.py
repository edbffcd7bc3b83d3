"""Content files to their forecasts' track record, and to a track-record deck and memo made
through the normal pipeline (plan, template set, writers) from one briefing of them all."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from deckgen.build.options import Options
from deckgen.content.model import Actor, Briefing, Forecast, Source
from deckgen.content.score import TrackRecord, track_record
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location
from deckgen.templates.sets import Recipe
from deckgen.text import plain

STEM = "track-record"  # names the outputs: track-record-deck.pptx, track-record-memo.docx
RECIPE = Recipe(STEM, ("title", "track_record", "sources", "closing"),
                ("header", "track_record", "sources"))  # fmt: skip


@dataclass
class Scores:
    """What `deckgen score` found and wrote."""

    briefings: list[Briefing]
    record: TrackRecord
    errors: list[DeckgenError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def combined(briefings: list[Briefing]) -> Briefing:
    """One briefing holding every forecast of ``briefings`` (a forecast carried into a
    later version counts once, see content.score), the actors they name and the sources
    their outcomes cite, for the track-record deck and memo. Its marking is theirs: files
    that carry different markings are refused, not merged under one of them."""
    markings = {b.marking for b in briefings}
    if len(markings) > 1:
        shown = ", ".join(sorted(m or "(none)" for m in markings))
        raise ContentError([Diagnostic(
            Location(briefings[-1].path),
            f"the briefings scored carry different markings ({shown}), so one track-record "
            "deck cannot carry the right one",
            "Score the files of each marking separately: deckgen score FILE...")])  # fmt: skip
    record = track_record(briefings)
    forecasts: list[Forecast] = [s.forecast for s in record.forecasts]
    actors: dict[str, Actor] = {}
    sources: dict[str, Source] = {}
    for b in briefings:
        for a in b.actors:
            actors.setdefault(a.id, a)
    cited = {s for f in forecasts if f.outcome for s in f.outcome.sources}
    for b in reversed(briefings):  # the latest file's description of a source wins
        for s in b.sources:
            if s.id in cited:
                sources.setdefault(s.id, s)
    used = {f.actor for f in forecasts}
    last = max(briefings, key=_when)
    return Briefing(
        STEM,
        plain("Track record"),
        tuple(a for a in actors.values() if a.id in used),
        path=last.path,
        subtitle=plain("; ".join(b.title.plain for b in sorted(briefings, key=_when))),
        date=last.date,
        author=last.author,
        organization=last.organization,
        marking=last.marking,
        distribution=last.distribution,
        language=last.language,
        forecasts=tuple(forecasts),
        sources=tuple(s for s in last.sources if s.id in sources)
        + tuple(s for s in sources.values() if s not in last.sources),
    )


def score(files: list[Path], workspace: Path, options: Options, write: bool = True) -> Scores:
    """Load ``files``, score their forecasts, and (``write``) render the track-record deck
    and memo in ``options.formats`` into ``options.out_dir`` (default: the workspace's)."""
    from deckgen.boundary import output_folder
    from deckgen.build.outputs import make_folder, write_output
    from deckgen.build.pipeline import editions, render_briefing, resolve_template, validate

    loaded, errors = validate(files, workspace)
    briefings, _none = editions(loaded)
    result = Scores(briefings, track_record(briefings), errors)
    if not write or not briefings or not result.record.resolved:
        if write and briefings:
            result.warnings.append(Diagnostic(
                None, "no forecast is resolved yet, so no track-record deck or memo is "
                "written", "Give forecasts an `outcome:` (see README, Forecasts that can be "
                "scored).", severity="warning"))  # fmt: skip
        return result
    template = resolve_template(options, workspace)
    template = replace(template, recipes={**template.recipes, STEM: RECIPE})
    whole = combined(briefings)
    formats = tuple(f for f in options.formats if f != "handout")
    rendered = render_briefing(whole, template, replace(options, recipe=STEM, formats=formats),
                               result.warnings)  # fmt: skip
    out_dir = options.out_dir or output_folder(workspace)
    make_folder(out_dir)
    for name, data in rendered.files.items():
        if name.endswith((".pptx", ".docx", ".html")) and _wanted(name, formats):
            write_output(out_dir / name, data)
            result.written.append(out_dir / name)
    if "pdf" in formats:
        from deckgen.build.pdfs import make_pdfs

        result.written += make_pdfs([(whole, rendered.files)], out_dir, result, template)
    return result


def _when(b: Briefing) -> tuple[int, int, int]:
    return b.date.sort_key if b.date else (0, 0, 0)


def _wanted(name: str, formats: tuple[str, ...]) -> bool:
    """Whether output ``name`` was asked for (a PDF renders the deck and memo it is made of,
    which are written only when asked for too)."""
    kind = {".pptx": "pptx", ".docx": "docx", ".html": "html"}[Path(name).suffix]
    return kind in formats
