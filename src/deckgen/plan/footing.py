"""Judgments' footing, graded sources and what changed to slides and memo blocks.

The footing of a key judgment or forecast (its basis, assumptions and indicators) shows under
it in the memo and on the "Key assumptions" and "Indicators to watch" slides of recipes that
name the `assumptions` and `indicators` parts. Sources carry their Admiralty grades beside
them. What changed since the `previous:` version (content.changes) is a box on the BLUF slide
and a memo section after the BLUF. plan.deck and plan.memo register these with one line each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from deckgen import metrics as measure
from deckgen.content.changes import Change, Changes, compare
from deckgen.content.model import Bullet, Forecast, KeyJudgment, Source
from deckgen.plan.blocks import (
    Aside,
    BulletsBlock,
    Cell,
    Heading,
    Memo,
    MemoBlock,
    MemoTable,
    Para,
    Slide,
    StatementBlock,
    TableBlock,
)
from deckgen.plan.citations import short_note
from deckgen.plan.context import Context
from deckgen.plan.wording import citation_grade, graded, source_text
from deckgen.text import Text, plain
from deckgen.vocabulary import CONFIDENCE_LEVELS, RELIABILITY, Estimate

Item = KeyJudgment | Forecast
DIRECTION_WORDS = {"up": "more likely", "down": "less likely"}
STATUS_WORDS = {"not-seen": "not seen", "emerging": "emerging", "seen": "seen"}
KIND_WORDS = {"added": "Added", "dropped": "Dropped", "reworded": "Reworded"}
ASIDE_SIZE = 14.0  # the what-changed box's text, at the usual floor
ASIDE_SHARE = 0.55  # the most of the content area the box may take from the BLUF
BOX_WORDS = 10  # a judgment's words the box quotes; the memo and the notes give all of it
REASONS_ELSEWHERE = "Each change's reason: in the speaker notes and the memo."
GRADE_KEY = (
    "Grades (Admiralty code): the letter is the source's reliability, A completely reliable, "
    "B usually, C fairly, D not usually, E unreliable, F cannot be judged; the number is the "
    "credibility of what it reported, 1 confirmed by other sources, 2 probably true, "
    "3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged."
)


# -- the judgments with footing -------------------------------------------------------------


def _items(ctx: Context) -> list[tuple[Text, Item]]:
    """Key judgments, then forecasts, each with how a row names it."""
    out: list[tuple[Text, Item]] = [(k.text, k) for k in ctx.b.key_judgments]
    for actor, forecasts in ctx.forecasts_by_actor():
        for f in forecasts:
            out.append((plain(f"{actor.name}, {ctx.area_name(f.area).lower()}: ") + f.statement, f))
    return out


def _table_slides(
    ctx: Context,
    part: str,
    title: str,
    header: list[str],
    rows: list[tuple[list[Cell], Item]],
    widths: list[float],
) -> list[Slide]:
    if not rows:
        return []
    table = TableBlock(
        [ctx.header_cell(h) for h in header], [r for r, _i in rows], widths, ctx.size("dense_table")
    )
    pages, dropped = ctx.fitter.table(table, "table", ctx.condense)
    cites = [s for _r, item in rows for s in item.sources]
    line = ctx.source_line(cites)
    if dropped:
        more = ctx.label("more_in_memo", count=str(dropped))
        line = f"{line} · {more}" if line else more
    heading = plain(title)
    return [
        Slide(
            "table",
            heading if i == 0 else ctx.continued(heading, i),
            page,
            ctx.note(part) if i == 0 else "",
            line,
            i > 0,
        )
        for i, page in enumerate(pages)
    ]


def deck_assumptions(ctx: Context) -> list[Slide]:
    """The Key Assumptions Check: each judgment's assumptions, how sure, and if wrong."""
    rows = [
        (
            [
                Cell(name),
                Cell(a.text),
                Cell(plain(ctx.confidence(a.confidence))),
                Cell(a.if_wrong or plain("—")),
            ],
            item,
        )
        for name, item in _items(ctx)
        for a in item.assumptions
    ]
    header = ["Judgment", "Assumption", ctx.label("confidence"), "If wrong"]
    return _table_slides(
        ctx, "assumptions", "Key assumptions", header, rows, [0.32, 0.3, 0.12, 0.26]
    )


def deck_indicators(ctx: Context) -> list[Slide]:
    """Indicators of change: what to watch, which way it would move the judgment, status."""
    rows = [
        (
            [
                Cell(name),
                Cell(ind.text),
                Cell(plain(DIRECTION_WORDS.get(ind.direction or "", "—").capitalize())),
                Cell(plain(STATUS_WORDS.get(ind.status or "", "—").capitalize())),
            ],
            item,
        )
        for name, item in _items(ctx)
        for ind in item.indicators
    ]
    header = ["Judgment", "Indicator", "Would make it", "Status"]
    return _table_slides(
        ctx, "indicators", "Indicators to watch", header, rows, [0.34, 0.4, 0.14, 0.12]
    )


def footing_paras(ctx: Context, item: Item) -> list[MemoBlock]:
    """A judgment's basis, assumptions and indicators, as sub-points under it in the memo."""
    out: list[MemoBlock] = []
    if item.basis:
        out.append(Para(plain("Basis: ", bold=True) + item.basis, "bullet2"))
    for a in item.assumptions:
        sure = f" ({ctx.confidence(a.confidence).lower()} confidence)" if a.confidence else ""
        text = plain(f"Assumption{sure}: ", bold=True) + a.text
        if a.if_wrong:
            text = text + plain(" If wrong: ", italic=True) + a.if_wrong
        out.append(Para(text, "bullet2"))
    for ind in item.indicators:
        how = [
            f"would make it {DIRECTION_WORDS[ind.direction]}" if ind.direction else "",
            STATUS_WORDS[ind.status] if ind.status else "",
        ]
        said = "; ".join(x for x in how if x)
        text = plain("Indicator" + (f" ({said})" if said else "") + ": ", bold=True) + ind.text
        out.append(Para(text, "bullet2"))
    return out


# -- graded sources -------------------------------------------------------------------------


def _cited(ctx: Context) -> list[str]:
    b = ctx.b
    parts = (b.key_judgments, b.shared_goals, b.divergences, b.forecasts, b.timeline, b.sections)
    return [c for part in parts for item in part for c in item.sources]


def _graded(ctx: Context) -> bool:
    return any(s.reliability for s in ctx.b.sources) or any(
        getattr(c, "credibility", None) for c in _cited(ctx)
    )


def _with_grade(text: str, grade: str) -> str:
    """A full citation with its grade before the closing stop: "…, 2017 [C3]."."""
    if grade and text.endswith("."):
        return f"{text[:-1]} [{grade}]."
    return graded(text, grade)


def _listed(ctx: Context, s: Source) -> str:
    """A source as the sources slide and section list it: in full, with every grade it is
    cited with, and its reliability in words."""
    text = _with_grade(source_text(s), citation_grade(s, _cited(ctx), s.id))
    if s.reliability:
        text += f" Reliability {s.reliability}: {RELIABILITY[s.reliability]}."
    return text


def source_bullets(ctx: Context) -> list[Text]:
    """The sources slide's items; the key to the grades last, when any source is graded."""
    items = [plain(_listed(ctx, s)) for s in ctx.b.sources]
    return items + ([plain(GRADE_KEY, italic=True)] if _graded(ctx) else [])


def source_paras(ctx: Context) -> list[MemoBlock]:
    """The memo's source section entries, then the key to the grades."""
    out: list[MemoBlock] = [Para(plain(_listed(ctx, s)), "source") for s in ctx.b.sources]
    return out + ([Para(plain(GRADE_KEY), "caption")] if _graded(ctx) else [])


def _key(cite: str) -> str:
    credibility = getattr(cite, "credibility", None)
    return f"{cite}#{credibility}" if credibility is not None else str(cite)


def graded_memo(ctx: Context, memo: Memo) -> Memo:
    """The memo with its footnotes graded: a citation carrying a credibility gets a note of
    its own ("SouthFront, “…,” 2017 [C3]."), a graded source's reliability stands in every
    note citing it. Ungraded briefings are returned unchanged."""
    if not _graded(ctx):
        return memo
    notes, shorts = dict(memo.notes), dict(memo.short_notes)
    for s in ctx.b.sources:
        notes[s.id] = _with_grade(source_text(s), s.reliability or "")
        shorts[s.id] = graded(short_note(s), s.reliability or "")
    for cite in _cited(ctx):
        key = _key(cite)
        if key != cite:
            s = ctx.b.source(cite)
            grade = citation_grade(s, [cite], cite)
            notes[key] = _with_grade(source_text(s), grade)
            shorts[key] = graded(short_note(s), grade)
    blocks: list[MemoBlock] = []
    for block in memo.blocks:
        if isinstance(block, Para) and block.cites:
            block = replace(block, cites=tuple(_key(c) for c in block.cites))
        elif isinstance(block, MemoTable) and block.cites:
            block = replace(block, cites=[tuple(_key(c) for c in row) for row in block.cites])
        blocks.append(block)
    # the writers give a key in full the first time it is cited; a source cited before at
    # another grade is already known to the reader, so its new key starts shortened
    sources_seen: set[str] = set()
    keys_seen: set[str] = set()
    for key in _keys_in_order(blocks):
        source_id = key.split("#", 1)[0]
        if source_id in sources_seen and key not in keys_seen:
            notes[key] = shorts[key]
        sources_seen.add(source_id)
        keys_seen.add(key)
    return replace(memo, blocks=blocks, notes=notes, short_notes=shorts)


def _keys_in_order(blocks: list[MemoBlock]) -> list[str]:
    """The footnote keys in the order the writers number them."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out += block.cites
        elif isinstance(block, MemoTable):
            out += [key for row in block.cites for key in row]
    return out


# -- what changed ---------------------------------------------------------------------------


def changes_title(changes: Changes) -> str:
    return f"What changed since {changes.since}"


def _quoted(text: Text, words: int | None) -> Text:
    """The judgment's words, the first ``words`` of them with an ellipsis (the box's room)."""
    if words is None:
        return text
    split = text.plain.split()
    return text if len(split) <= words else plain(" ".join(split[:words]) + "…")


def _head(c: Change) -> str:
    """What kind of change, in a word or two: the likelihood's way first, else confidence's."""
    if c.kind != "moved":
        return KIND_WORDS[c.kind]
    if c.direction:
        return "Up" if c.direction > 0 else "Down"
    levels = CONFIDENCE_LEVELS
    before, after = c.confidence_before, c.confidence_after
    if before in levels and after in levels:
        return "Confidence up" if levels.index(after) > levels.index(before) else "Confidence down"
    return "Confidence changed"


def change_line(ctx: Context, c: Change, words: int | None = None, why: bool = True) -> Text:
    """One change in a line: what kind, the judgment, its estimates before and after, and
    (``why``) the author's reason."""
    who = f"{_actor_name(ctx, c.actor)}: " if c.actor else ""
    head = _head(c)
    text = plain(f"{head}: ", bold=True) + plain(who) + _quoted(c.text, words)
    moves = []
    if c.kind in ("moved", "reworded") and c.likelihood_moved:
        moves.append(f"{_estimate(c.before)} → {_estimate(c.after)}")
    if c.kind in ("moved", "reworded") and c.confidence_moved:
        moves.append(
            f"{_level(ctx, c.confidence_before)} → {_level(ctx, c.confidence_after)} confidence"
        )
    if c.kind == "added" and (c.after or c.confidence_after):
        moves.append(
            ", ".join(
                x
                for x in (
                    _estimate(c.after) if c.after else "",
                    f"{_level(ctx, c.confidence_after)} confidence" if c.confidence_after else "",
                )
                if x
            )
        )
    if c.kind == "dropped" and c.before:
        moves.append(f"was {_estimate(c.before)}")
    if moves:
        text = text + plain(" (" + "; ".join(moves) + ")")
    if c.note and why:
        text = text + plain(" — ") + plain("Why: ", italic=True) + c.note
    return text


def _actor_name(ctx: Context, actor: str) -> str:
    """An actor's name in this version, else in the previous one (a dropped forecast's)."""
    earlier = ctx.b.earlier.actors if ctx.b.earlier else ()
    return next((a.name for a in (*ctx.b.actors, *earlier) if a.id == actor), actor)


def _estimate(e: Estimate | None) -> str:
    return e.label() if e is not None else "no likelihood"


def _level(ctx: Context, c: str | None) -> str:
    return ctx.confidence(c).lower() if c else "no stated"


def _lines(ctx: Context, changes: Changes, words: int | None, why: bool = True) -> list[Text]:
    if not changes.items:
        return [plain("No key judgment or forecast changed.")]
    return [change_line(ctx, c, words, why) for c in changes.items]


def with_changes(part: Callable[[Context], list[Slide]]) -> Callable[[Context], list[Slide]]:
    """The BLUF part with a "What changed since …" box on its slide; when the box and the
    BLUF do not both fit, the box's lines get a slide of their own after it."""

    def planned(ctx: Context) -> list[Slide]:
        slides = part(ctx)
        changes = compare(ctx.b)
        if changes is None:
            return slides
        title = plain(changes_title(changes), bold=True)
        full = "\n".join(line.plain for line in _lines(ctx, changes, None))
        first = slides[0] if len(slides) == 1 else None
        if first is not None and isinstance(first.body, StatementBlock):
            # the reasons in the box if they fit; else the box points to where they are
            shorter = [*_lines(ctx, changes, BOX_WORDS, why=False)]
            if any(c.note for c in changes.items):
                shorter.append(plain(REASONS_ELSEWHERE, italic=True))
            for items in (_lines(ctx, changes, BOX_WORDS), shorter):
                boxed = _boxed(ctx, first.body, title, items)
                if boxed is not None:
                    notes = "\n".join(x for x in (first.notes, f"{title.plain}:\n{full}") if x)
                    return [replace(first, body=boxed, notes=notes)]
        lines = [Bullet(t) for t in _lines(ctx, changes, None)]
        pages = ctx.fitter.bullets(BulletsBlock(lines, ctx.size("body")))
        heading = plain(changes_title(changes))
        return slides + [
            Slide(
                "bullets",
                heading if i == 0 else ctx.continued(heading, i),
                page,
                full if i == 0 else "",
                "",
                i > 0,
            )
            for i, page in enumerate(pages)
        ]

    return planned


def _boxed(
    ctx: Context, block: StatementBlock, title: Text, items: list[Text]
) -> StatementBlock | None:
    """The statement refitted above a box of ``items``, or None when the two do not fit."""
    fitter = ctx.fitter
    width, height = fitter.geometry.area("statement")
    inner = (width - 0.4) * 72  # the box's insets
    lines = sum(measure.lines(t, inner, ASIDE_SIZE, fitter.font) for t in (title, *items))
    box = lines * measure.line_height(ASIDE_SIZE, fitter.font) / 72 + 0.3
    if box > height * ASIDE_SHARE:
        return None
    room = height - box - 0.2
    text_box = (width - 0.16) * 72
    size = block.size
    while size >= fitter.floor:
        needed = measure.lines(block.text, text_box, size, fitter.font)
        if needed * measure.line_height(size, fitter.font) / 72 + 0.1 <= room:
            shrunk = block.shrunk_from or (block.size if size < block.size else None)
            return StatementBlock(block.text, size, shrunk, Aside(title, items, ASIDE_SIZE, box))
        size -= 1
    return None


def memo_with_changes(
    part: Callable[[Context], list[MemoBlock]],
) -> Callable[[Context], list[MemoBlock]]:
    """The memo's BLUF part followed by its "What changed since …" section."""

    def planned(ctx: Context) -> list[MemoBlock]:
        blocks = part(ctx)
        changes = compare(ctx.b)
        if changes is None:
            return blocks
        paras: list[MemoBlock] = [Para(t, "bullet") for t in _lines(ctx, changes, None)]
        return [*blocks, Heading(plain(changes_title(changes))), *paras]

    return planned
