"""A briefing, a recipe and a deck geometry to the Deck plan: the slides in recipe order.

Each deck part is a function of the planning context returning its slides; ``DECK_PARTS``
names them for recipes (templates.manifest lists the same names, and a test holds the two
together). Long tables and lists are split here, so the writer only serializes what fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import zip_longest

from deckgen.content.model import Briefing, Bullet, Forecast, Section
from deckgen.geometry import DEFAULT_GEOMETRY, Geometry
from deckgen.plan import footing, track_record
from deckgen.plan.blocks import (
    Block,
    BulletsBlock,
    Cell,
    ChartBlock,
    Deck,
    ImageBlock,
    QuoteBlock,
    Slide,
    StatementBlock,
    TableBlock,
    TitleBlock,
)
from deckgen.plan.context import Context, issue_width, shared_horizon
from deckgen.plan.fit import fits, proportional
from deckgen.plan.structure import STRUCTURE_PARTS, assemble
from deckgen.plan.wording import chart_alt, estimate, issue_text
from deckgen.templates.sets import Recipe, TemplateSet
from deckgen.text import Text, plain
from deckgen.vocabulary import SIGNIFICANCE


def plan_deck(briefing: Briefing, template: TemplateSet, recipe: Recipe,
              geometry: Geometry = DEFAULT_GEOMETRY) -> Deck:  # fmt: skip
    """The slides of the briefing's deck, split to fit ``geometry``, in recipe order."""
    ctx = Context.of(briefing, template, geometry, recipe.condense)
    slides, main = assemble(ctx, recipe.deck, DECK_PARTS, section_slides)
    return _fitted_deck(ctx, _unique_titles(slides), main)


def _fitted_deck(ctx: Context, planned: list[Slide], main: int) -> Deck:
    """The deck of ``planned`` slides with titles fitted and table rows measured as they are
    written, and what fitting did (for `deckgen lint`) and could not do (build warns)."""
    fitter = ctx.fitter
    slides: list[Slide] = []
    fitting: list[str] = []
    overflows: list[str] = []
    for number, slide in enumerate(planned, 1):
        shrunk = fitter.title(slide.title, slide.role)
        if shrunk is not None:
            asked = fitter.geometry.title(slide.role)[2]
            slide = replace(slide, title_size=shrunk)
            fitting.append(f"slide {number} {slide.title.plain!r}: title shrunk from "
                           f"{asked:g} pt to {shrunk:g} pt to fit")  # fmt: skip
        size = slide.title_size or fitter.geometry.title(slide.role)[2]
        if not fitter.title_fits(slide.title.bold(), size, slide.role):
            note = (f"slide {number} {slide.title.plain!r}: the title is too long for its "
                    f"box even at {size:g} pt; shorten it")  # fmt: skip
            fitting.append(note)
            overflows.append(note)
        body = slide.body
        if isinstance(body, TableBlock):
            # parts regroup a page's rows after fitting (the outlook sorts them by actor):
            # measure the rows as they are written
            body = replace(body, heights=fitter.heights(body, slide.role))
            slide = replace(slide, body=body)
            room = fitter.geometry.area(slide.role)[1]
            if not fits(body, room):
                note = (f"slide {number} {slide.title.plain!r}: a table row is taller than "
                        f"the content area even at {body.size:g} pt, so the table runs "
                        f"{sum(body.heights) - room:.2f} in past it; shorten that row's "
                        "text or split it into rows")  # fmt: skip
                fitting.append(note)
                overflows.append(note)
        if isinstance(body, (TableBlock, BulletsBlock, StatementBlock)) and body.shrunk_from:
            fitting.append(
                f"slide {number} {slide.title.plain!r}: text shrunk from "
                f"{body.shrunk_from:g} pt to {body.size:g} pt to fit"
            )
        if slide.continued:
            fitting.append(f"slide {number} {slide.title.plain!r}: continues the "
                           "slide before")  # fmt: skip
        slides.append(slide)
    b = ctx.b
    numbered = ctx.label("slide_number", total=str(main))
    return Deck(slides, b.marking, ctx.properties(), b.language, fitting, overflows, main,
                numbered)  # fmt: skip


def _unique_titles(slides: list[Slide]) -> list[Slide]:
    """The slides with a repeated title numbered: "Sources", "Sources (2)"."""
    seen: dict[str, int] = {}
    out = []
    for slide in slides:
        key = slide.title.plain
        if key in seen:
            seen[key] += 1
            slide = replace(slide, title=slide.title + f" ({seen[key]})")
        else:
            seen[key] = 1
        out.append(slide)
    return out


def table_slides(ctx: Context, role: str, title: Text, table: TableBlock, notes: str,
                 cites: list[str]) -> list[Slide]:  # fmt: skip
    """A table fitted to slides: shrunk, continued, or (condensed recipes) cut to one
    slide with a pointer to the memo. A group's name (a forecast's area or actor) stands
    on every row of it: a blank cell is an empty TD to a screen reader, and a row read
    alone must say what it is about."""
    pages, dropped = ctx.fitter.table(table, role, ctx.condense)
    return _fitted(ctx, role, title, pages, dropped, notes, cites)


def _fitted(ctx: Context, role: str, title: Text, pages: list[TableBlock], dropped: int, notes: str,
            cites: list[str]) -> list[Slide]:  # fmt: skip
    line = ctx.source_line(cites)
    if dropped:
        more = ctx.label("more_in_memo", count=str(dropped))
        line = f"{line} · {more}" if line else more
    return _continued(ctx, role, title, list(pages), notes, line)


def _continued(
    ctx: Context, role: str, title: Text, blocks: list[Block], notes: str, source_line: str
) -> list[Slide]:
    out = []
    for i, block in enumerate(blocks):
        t = title if i == 0 else ctx.continued(title, i)
        out.append(Slide(role, t, block, notes if i == 0 else "", source_line, i > 0))
    return out


def deck_title(ctx: Context) -> list[Slide]:
    b = ctx.b
    meta = [
        x
        for x in (
            b.date.long() if b.date else None,
            f"{ctx.label('version')} {b.version}" if b.version else None,
        )
        if x
    ]
    who = " · ".join(x for x in (b.author, b.organization) if x)
    lines = [" · ".join(meta)] if meta else []
    if who:
        lines.append(who)
    return [
        Slide(
            "title",
            b.title,
            TitleBlock(b.subtitle, lines, b.distribution, b.marking),
            ctx.note("title"),
        )
    ]


def deck_bluf(ctx: Context) -> list[Slide]:
    if not ctx.b.bluf:
        return []
    pages = ctx.fitter.statement(StatementBlock(ctx.b.bluf, ctx.size("statement")))
    return _continued(ctx, "statement", plain(ctx.label("bluf")), list(pages),
                           ctx.note("bluf"), "")  # fmt: skip


def deck_key_judgments(ctx: Context) -> list[Slide]:
    kjs = ctx.b.key_judgments
    if not kjs:
        return []
    table = TableBlock(
        [
            ctx.header_cell(ctx.label("judgment")),
            ctx.header_cell(ctx.label("likelihood")),
            ctx.header_cell(ctx.label("confidence")),
        ],
        [
            [
                Cell(k.text),
                Cell(plain(estimate(k.estimate), bold=True)),
                Cell(plain(ctx.confidence(k.confidence))),
            ]
            for k in kjs
        ],
        [0.64, 0.22, 0.14],
        ctx.size("table"),
    )
    cites = [s for k in kjs for s in k.sources]
    return table_slides(
        ctx, "table", plain(ctx.label("key_judgments")), table, ctx.note("key_judgments"), cites
    )


def deck_shared_goals(ctx: Context) -> list[Slide]:
    """The shared goals as a matrix: a goal per row, a narrow column per actor marked
    "●" where the actor holds the goal and "–" where it does not (the set's `shares` and
    `does_not_share` labels). The header names each actor, and the table's alt text and
    the notes say what the marks mean, so the matrix reads without seeing it."""
    goals = ctx.b.shared_goals
    if not goals:
        return []
    actors = ctx.b.actors
    yes, no = ctx.label("shares"), ctx.label("does_not_share")
    rows = []
    for g in goals:
        text = Text(tuple(r.__class__(r.text, True, r.italic) for r in g.title.runs))
        if g.detail:
            text = text + plain(" — ") + g.detail
        held = set(g.actors) or {a.id for a in actors}  # none listed: every actor
        rows.append([Cell(text)] + [Cell(plain(yes if a.id in held else no), align="ctr")
                                    for a in actors])  # fmt: skip
    header = [ctx.header_cell(ctx.label("goal"))]
    header += [ctx.header_cell(a.name, ctx.colors[a.id]) for a in actors]
    key = ctx.label("shares_key", yes=yes, no=no)
    table = TableBlock(header, rows, [0.8] + [0.2 / len(actors)] * len(actors),
                       ctx.size("table"), alt=key)  # fmt: skip
    cites = [s for g in goals for s in g.sources]
    notes = "\n".join(x for x in (ctx.note("shared_goals"), key) if x)
    return table_slides(ctx, "table", plain(ctx.label("shared_goals")), table, notes, cites)


def deck_divergences(ctx: Context) -> list[Slide]:
    divs = ctx.b.divergences
    if not divs:
        return []
    actors = ctx.b.actors
    issue_w, sig_w = issue_width(divs), 0.11
    actor_w = (1 - issue_w - sig_w) / len(actors)
    header = [ctx.header_cell(ctx.label("issue"))]
    header += [ctx.header_cell(a.name, ctx.colors[a.id]) for a in actors]
    header.append(ctx.header_cell(ctx.label("significance")))
    sig_colors = ctx.palette.get("significance", {})
    rows = []
    if ctx.condense:  # one slide: the most significant divergences first
        divs = tuple(sorted(divs, key=lambda d: SIGNIFICANCE.index(d.significance or "low")))
    for d in divs:
        row = [Cell(issue_text(d))]
        for a in actors:
            pos = d.positions.get(a.id)
            row.append(Cell(pos) if pos else Cell(plain(ctx.label("no_position"), italic=True)))
        sig = d.significance or ""
        row.append(Cell(plain(ctx.level("significance_levels", sig), bold=True),
                        color=sig_colors.get(sig)))  # fmt: skip
        rows.append(row)
    table = TableBlock(
        header,
        rows,
        [issue_w] + [actor_w] * len(actors) + [sig_w],
        ctx.size("dense_table"),
    )
    cites = [s for d in divs for s in d.sources]
    return table_slides(
        ctx, "comparison", plain(ctx.label("divergences")), table, ctx.note("divergences"), cites
    )


def forecast_row(ctx: Context, f: Forecast, first: Cell, horizon: bool = False) -> list[Cell]:
    """A forecast's table row; with ``horizon``, its own horizon in a column of its own."""
    own = [Cell(plain(f.horizon or "—"))] if horizon else []
    return [first, Cell(f.statement), *own, Cell(plain(estimate(f.estimate), bold=True)),
            Cell(plain(ctx.confidence(f.confidence)))]  # fmt: skip


def forecast_table(ctx: Context, first: str, rows: list[list[Cell]], horizon: bool,
                   fill: str | None = None) -> TableBlock:  # fmt: skip
    """The forecast table: ``first`` names the first column (area or actor); a narrow
    Horizon column follows the statement when the rows' horizons differ."""
    keys = [first, "forecast", *(["horizon"] if horizon else []), "likelihood", "confidence"]
    widths = [0.13, 0.43, 0.1, 0.22, 0.12] if horizon else [0.13, 0.53, 0.22, 0.12]
    header = [ctx.header_cell(ctx.label(k), fill) for k in keys]
    return TableBlock(header, rows, widths, ctx.size("dense_table"))


def deck_forecasts(ctx: Context) -> list[Slide]:
    slides: list[Slide] = []
    for n, (actor, items) in enumerate(ctx.forecasts_by_actor()):
        shared, own = shared_horizon(items)
        rows = [forecast_row(ctx, f, Cell(plain(ctx.area_name(f.area), bold=True)), own)
                for f in items]  # fmt: skip
        table = forecast_table(ctx, "area", rows, own, ctx.colors[actor.id])
        title = ctx.label("forecasts", actor=actor.name)
        if shared:
            title += f" ({shared})"
        cites = [s for f in items for s in f.sources]
        notes = ctx.note("forecasts") if n == 0 else ""
        slides += table_slides(ctx, "table", plain(title), table, notes, cites)
    return slides


def deck_outlook(ctx: Context) -> list[Slide]:
    """Every actor's forecasts in one table: the executive recipe's single outlook slide.

    Condensed, actors take turns (most likely forecast first), so each keeps a share
    of the rows that fit; kept rows are then grouped by actor again.
    """
    ranked: list[list[tuple[Forecast, int]]] = []
    for a, (_actor, items) in enumerate(ctx.forecasts_by_actor()):
        order = sorted(items, key=lambda f: -(f.estimate.band[0] if f.estimate else 0))
        ranked.append([(f, a) for f in order])
    turns = [entry for group in zip_longest(*ranked) for entry in group if entry]
    if not turns:
        return []
    shared, own = shared_horizon([f for f, _a in turns])
    rows = []
    for f, _a in turns:
        actor = ctx.b.actor(f.actor)
        first = Cell(plain(actor.name, bold=True), color=ctx.colors[actor.id])
        rows.append(forecast_row(ctx, f, first, own))
    table = forecast_table(ctx, "actor", rows, own)
    title = ctx.label("outlook") + (f" ({shared})" if shared else "")
    position = {id(row): (a, i) for i, (row, (_f, a)) in enumerate(zip(rows, turns))}
    pages, dropped = ctx.fitter.table(table, "table", ctx.condense)
    pages = [replace(page, rows=sorted(page.rows, key=lambda row: position[id(row)]))
             for page in pages]  # fmt: skip
    cites = [s for f, _a in turns for s in f.sources]
    return _fitted(ctx, "table", plain(title), pages, dropped, ctx.note("forecasts"), cites)


def deck_timeline(ctx: Context) -> list[Slide]:
    events = sorted(ctx.b.timeline, key=lambda e: e.date.sort_key)
    if not events:
        return []
    table = TableBlock(
        [ctx.header_cell(ctx.label("date")), ctx.header_cell(ctx.label("event"))],
        [[Cell(plain(e.date.long(), bold=True)), Cell(e.event)] for e in events],
        [0.2, 0.8],
        ctx.size("table"),
    )
    cites = [s for e in events for s in e.sources]
    return table_slides(
        ctx, "table", plain(ctx.label("timeline")), table, ctx.note("timeline"), cites
    )


def deck_sections(ctx: Context) -> list[Slide]:
    """Every section's slides; plan.structure calls ``section_slides`` itself where the
    recipe has the appendix hold some."""
    return [slide for n, s in enumerate(ctx.b.sections) for slide in section_slides(ctx, s, n)]


def section_slides(ctx: Context, s: Section, n: int, see: str = "") -> list[Slide]:
    """A section's slides, a slide per block; ``see`` ("(see Appendix A)") ends the first
    slide's source line, pointing to the backup slides that follow the section."""
    slides: list[Slide] = []
    # the part's own notes (`notes: sections:`) open the first section's slide
    notes = "\n".join(x for x in (ctx.note("sections") if n == 0 else "", s.notes) if x)
    line = ctx.source_line(list(s.sources))
    blocks: list[tuple[str, Block]] = []
    if s.bullets:
        bullets = BulletsBlock(list(s.bullets), ctx.size("body"))
        blocks += [("bullets", b) for b in ctx.fitter.bullets(bullets)]
    if s.table:
        header = [ctx.header_cell(c.plain) for c in s.table.columns]
        width = proportional([[c.plain for c in row] for row in
                               (s.table.columns, *s.table.rows)])  # fmt: skip
        table = TableBlock(
            header,
            [[Cell(c) for c in r] for r in s.table.rows],
            width,
            ctx.size("table"),
        )
        blocks += [("table", t) for t in ctx.fitter.table(table, "table")[0]]
    if s.chart:
        colors = list(ctx.palette.get("actors", []))
        alt = chart_alt(s.chart, s.title.plain)
        blocks.append(("chart", ChartBlock(s.chart, colors, alt)))
    if s.image:
        blocks.append(("image", ImageBlock(s.image.path, s.image.alt)))
    if s.quote:
        blocks.append(("quote", QuoteBlock(s.quote.text, s.quote.by, ctx.size("quote"))))
    for i, (role, block) in enumerate(blocks):
        title = s.title if i == 0 else ctx.continued(s.title, i)
        first = " · ".join(x for x in (line, see) if x) if i == 0 else line
        slides.append(Slide(role, title, block, notes if i == 0 else "", first, i > 0))
    return slides


def deck_sources(ctx: Context) -> list[Slide]:
    if not ctx.b.sources:
        return []
    items = [Bullet(t) for t in footing.source_bullets(ctx)]
    pages = ctx.fitter.bullets(BulletsBlock(items, min(20.0, ctx.size("body"))))
    return _continued(
        ctx, "bullets", plain(ctx.label("sources")), list(pages), ctx.note("sources"), ""
    )


def deck_closing(ctx: Context) -> list[Slide]:
    return [Slide("closing", plain(ctx.label("closing")), None, ctx.note("closing"))]


# -- memo


def _arranged(ctx: Context) -> list[Slide]:
    """A structure part's slides are made by plan.structure from the others' slides."""
    return []


DeckPart = Callable[[Context], list[Slide]]
# The deck parts a recipe may name, in the default order (templates.manifest.RECIPE_DECK_PARTS)
DECK_PARTS: dict[str, DeckPart] = {
    "title": deck_title,
    "bluf": footing.with_changes(deck_bluf),
    "key_judgments": deck_key_judgments,
    "shared_goals": deck_shared_goals,
    "divergences": deck_divergences,
    "forecasts": deck_forecasts,
    "timeline": deck_timeline,
    "sections": deck_sections,
    "sources": deck_sources,
    "closing": deck_closing,
    "outlook": deck_outlook,
    # where plan.structure puts the agenda, a divider, and the start of the appendix
    **{part: _arranged for part in STRUCTURE_PARTS},
    "assumptions": footing.deck_assumptions,
    "indicators": footing.deck_indicators,
    "track_record": track_record.deck_track_record,
}
