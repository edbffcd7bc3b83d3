"""A briefing and a recipe to the Memo plan: headings, paragraphs and tables with their cites.

Each memo part is a function of the planning context returning its blocks; ``MEMO_PARTS``
names them for recipes (templates.manifest.MEMO_PARTS lists the same names, and a test holds
the two together). Footnote texts are made here; the writers number them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from deckgen.content.model import Briefing
from deckgen.geometry import DEFAULT_GEOMETRY
from deckgen.plan import footing, track_record
from deckgen.plan.blocks import Front, Heading, Memo, MemoBlock, MemoImage, MemoTable, Para
from deckgen.plan.citations import shared_notes, short_note
from deckgen.plan.context import Context, issue_width, shared_horizon
from deckgen.plan.wording import chart_alt, issue_text, source_text
from deckgen.templates.sets import Recipe, TemplateSet
from deckgen.text import Text, plain


def plan_memo(briefing: Briefing, template: TemplateSet, recipe: Recipe) -> Memo:
    """The blocks of the briefing's memo, in recipe order, with footnote texts; items citing
    the same sources in a row share one note (plan.citations)."""
    blocks = memo_blocks(briefing, template, recipe)
    b = briefing
    ctx = Context.of(briefing, template, DEFAULT_GEOMETRY)
    memo = Memo(
        b.title,
        memo_fields(ctx),
        b.marking,
        b.distribution,
        blocks,
        {s.id: source_text(s) for s in b.sources},
        {s.id: short_note(s) for s in b.sources},
        ctx.properties(),
        b.language,
        b.subtitle,
    )
    # grades first: a source cited at two credibilities is two notes, never one shared note
    memo = footing.graded_memo(ctx, memo)
    return replace(memo, blocks=shared_notes(memo.blocks))


def memo_blocks(briefing: Briefing, template: TemplateSet, recipe: Recipe) -> list[MemoBlock]:
    """The memo's blocks in recipe order, each item with every source it cites."""
    ctx = Context.of(briefing, template, DEFAULT_GEOMETRY)
    blocks: list[MemoBlock] = []
    for part in recipe.memo:
        blocks.extend(MEMO_PARTS[part](ctx))
    return blocks


def memo_fields(ctx: Context) -> list[tuple[str, Text]]:
    """The TO, FROM, DATE and SUBJECT lines. FROM defaults to the author and the
    organization, SUBJECT to the title; the version stands beside the date, as on the
    title slide, or on a VERSION line of its own when there is no date."""
    b = ctx.b
    fields: list[tuple[str, Text]] = []
    if b.memo.to:
        fields.append((ctx.label("to"), b.memo.to))
    sender = b.memo.sender
    if sender is None and (b.author or b.organization):
        sender = plain(", ".join(x for x in (b.author, b.organization) if x))
    if sender:
        fields.append((ctx.label("from"), sender))
    version = f"{ctx.label('version')} {b.version}" if b.version else ""
    if b.date:
        when = " · ".join(x for x in (b.date.long(), version) if x)
        fields.append((ctx.label("date_field"), plain(when)))
    elif b.version:
        fields.append((ctx.label("version_field"), plain(b.version)))
    fields.append((ctx.label("subject"), b.memo.subject or b.title))
    return fields


def memo_header(ctx: Context) -> list[MemoBlock]:
    return [Front()]  # the writer draws it from Memo.fields, where the recipe puts it


def memo_bluf(ctx: Context) -> list[MemoBlock]:
    if not ctx.b.bluf:
        return []
    return [Para(plain(ctx.label("bluf_label") + " ", bold=True) + ctx.b.bluf, "bluf")]


def memo_key_judgments(ctx: Context) -> list[MemoBlock]:
    if not ctx.b.key_judgments:
        return []
    out: list[MemoBlock] = [Heading(plain(ctx.label("key_judgments")))]
    for k in ctx.b.key_judgments:
        text = k.text
        tail = []
        if k.estimate:
            tail.append(f"{ctx.label('likelihood')}: {k.estimate.label()}.")
        if k.confidence:
            tail.append(f"{ctx.label('confidence')}: {ctx.confidence(k.confidence).lower()}.")
        if tail:
            text = text + plain(" " + " ".join(tail), italic=True)
        out.append(Para(text, "bullet", k.sources))
        out += footing.footing_paras(ctx, k)
    return out


def memo_shared_goals(ctx: Context) -> list[MemoBlock]:
    if not ctx.b.shared_goals:
        return []
    out: list[MemoBlock] = [Heading(plain(ctx.label("shared_goals")))]
    for g in ctx.b.shared_goals:
        text = Text(tuple(r.__class__(r.text, True, r.italic) for r in g.title.runs))
        text = text + plain(". ")
        if g.detail:
            text = text + g.detail + plain(" ")
        text = text + plain(
            f"({ctx.label('shared_by')}: {ctx.actor_names(g.actors)}.)", italic=True
        )
        out.append(Para(text, "bullet", g.sources))
    return out


def memo_divergences(ctx: Context) -> list[MemoBlock]:
    divs = ctx.b.divergences
    if not divs:
        return []
    actors = ctx.b.actors
    header = [plain(ctx.label("issue"))] + [plain(a.name) for a in actors]
    header.append(plain(ctx.label("significance")))
    rows, cites = [], []
    for d in divs:
        row = [issue_text(d)]
        row += [
            d.positions.get(a.id) or plain(ctx.label("no_position"), italic=True) for a in actors
        ]
        row.append(plain(ctx.level("significance_levels", d.significance)))
        rows.append(row)
        cites.append(d.sources)
    issue_w, sig_w = issue_width(divs), 0.13
    widths = [issue_w] + [(1 - issue_w - sig_w) / len(actors)] * len(actors) + [sig_w]
    fills = [ctx.palette.get("primary")] + [ctx.colors[a.id] for a in actors]
    fills.append(ctx.palette.get("primary"))
    return [
        Heading(plain(ctx.label("divergences"))),
        MemoTable(header, rows, widths, cites, fills),
    ]


def memo_forecasts(ctx: Context) -> list[MemoBlock]:
    if not ctx.b.forecasts:
        return []
    out: list[MemoBlock] = [Heading(plain(ctx.label("forecasts_heading")))]
    areas = ctx.labels.get("areas", {})
    for actor, items in ctx.forecasts_by_actor():
        shared, own = shared_horizon(items)
        out.append(Heading(plain(actor.name + (f" ({shared})" if shared else "")), 2))
        for f in items:
            area = str(areas.get(f.area, f.area.capitalize()))
            if own and f.horizon:  # the heading cannot carry it: the bullet does
                area += f" ({f.horizon})"
            text = plain(f"{area}. ", bold=True) + f.statement
            tail = []
            if f.estimate:
                tail.append(f"{ctx.label('likelihood')}: {f.estimate.label()}.")
            if f.confidence:
                tail.append(f"{ctx.label('confidence')}: {ctx.confidence(f.confidence).lower()}.")
            if tail:
                text = text + plain(" " + " ".join(tail), italic=True)
            out.append(Para(text, "bullet", f.sources))
            out += footing.footing_paras(ctx, f)
    return out


def memo_timeline(ctx: Context) -> list[MemoBlock]:
    events = sorted(ctx.b.timeline, key=lambda e: e.date.sort_key)
    if not events:
        return []
    return [
        Heading(plain(ctx.label("timeline"))),
        MemoTable(
            [plain(ctx.label("date")), plain(ctx.label("event"))],
            [[plain(e.date.long()), e.event] for e in events],
            [0.22, 0.78],
            [e.sources for e in events],
        ),
    ]


def memo_sections(ctx: Context) -> list[MemoBlock]:
    out: list[MemoBlock] = []
    for s in ctx.b.sections:
        out.append(Heading(s.title))
        first_para = len(out)
        for bullet in s.bullets:
            out.append(Para(bullet.text, "bullet" if bullet.level == 0 else "bullet2"))
        if s.table:
            out.append(
                MemoTable(
                    list(s.table.columns),
                    [list(r) for r in s.table.rows],
                    [1 / len(s.table.columns)] * len(s.table.columns),
                )
            )
        if s.chart:
            c = s.chart
            out.append(
                Para(plain(ctx.label("chart_data", title=c.title or s.title.plain)), "caption")
            )
            unit = f" ({c.unit})" if c.unit else ""  # "Distance (km)", as an axis reads
            out.append(
                MemoTable(
                    # the corner names its column: a header cell left empty is an
                    # unlabelled header to a screen reader
                    [plain(ctx.label("chart_category"))] + [plain(n + unit) for n, _ in c.series],
                    [
                        [plain(cat)] + [plain(f"{v[i]:g}") for _, v in c.series]
                        for i, cat in enumerate(c.categories)
                    ],
                    [1 / (len(c.series) + 1)] * (len(c.series) + 1),
                    chart=c,
                    alt=chart_alt(c, s.title.plain),  # the takeaway, then the data
                )
            )
        if s.image:
            out.append(MemoImage(s.image.path, s.image.alt, plain(s.image.alt)))
        if s.quote:
            out.append(Para(s.quote.text, "quote"))
            if s.quote.by:
                out.append(Para(plain("— ") + s.quote.by, "attribution"))
        if s.sources:
            # cite the section's sources once, at the end of its first paragraph
            for at in range(first_para, len(out)):
                block = out[at]
                if isinstance(block, Para):
                    out[at] = replace(block, cites=tuple(s.sources))
                    break
                if isinstance(block, MemoTable):
                    cites = [tuple(s.sources)] + [()] * (len(block.rows) - 1)
                    out[at] = replace(block, cites=cites)
                    break
    return out


def memo_sources(ctx: Context) -> list[MemoBlock]:
    if not ctx.b.sources:
        return []
    out: list[MemoBlock] = [Heading(plain(ctx.label("sources")))]
    out += footing.source_paras(ctx)
    return out


def memo_estimative(ctx: Context) -> list[MemoBlock]:
    if not (ctx.b.key_judgments or ctx.b.forecasts):
        return []
    return [
        Heading(plain(ctx.label("estimative_heading")), 2),
        Para(plain(" ".join(str(ctx.label("estimative_note")).split())), "caption"),
    ]


MemoPart = Callable[[Context], list[MemoBlock]]
# The memo parts a recipe may name, in the default order (templates.manifest.MEMO_PARTS)
MEMO_PARTS: dict[str, MemoPart] = {
    "header": memo_header,
    "bluf": footing.memo_with_changes(memo_bluf),
    "key_judgments": memo_key_judgments,
    "shared_goals": memo_shared_goals,
    "divergences": memo_divergences,
    "forecasts": memo_forecasts,
    "timeline": memo_timeline,
    "sections": memo_sections,
    "sources": memo_sources,
    "estimative": memo_estimative,
    "track_record": track_record.memo_track_record,
}
