"""Briefing × recipe × template set to a Deck and a Memo plan, in the outputs' own terms.

Planning is pure: no python-pptx, no python-docx, no files. Long tables and lists are split
here, so the writers only serialize what fits. Measurement is a character-width estimate
calibrated on Calibri; it errs on the side of splitting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import measure
from .analytic import Estimate
from .model import Briefing, Bullet, Chart, Source
from .schema import AREAS
from .template import Recipe, TemplateSet
from .text import Text, plain

# -- the deck plan ----------------------------------------------------------------------


@dataclass
class Cell:
    text: Text
    fill: str | None = None
    color: str | None = None
    bold: bool = False


@dataclass
class TableBlock:
    header: list[Cell]
    rows: list[list[Cell]]
    widths: list[float]  # fractions of the content width
    size: float = 16


@dataclass
class BulletsBlock:
    items: list[Bullet]
    size: float = 22


@dataclass
class StatementBlock:
    text: Text
    size: float = 26


@dataclass
class ChartBlock:
    chart: Chart
    colors: list[str]
    alt: str


@dataclass
class ImageBlock:
    path: str
    alt: str


@dataclass
class QuoteBlock:
    text: Text
    by: Text | None


@dataclass
class TitleBlock:
    subtitle: Text | None
    lines: list[str]
    distribution: str | None
    marking: str | None


Block = (
    TableBlock
    | BulletsBlock
    | StatementBlock
    | ChartBlock
    | ImageBlock
    | QuoteBlock
    | TitleBlock
    | None
)


@dataclass
class Slide:
    role: str
    title: Text
    body: Block = None
    notes: str = ""
    source_line: str = ""


@dataclass
class Deck:
    slides: list[Slide]
    marking: str | None
    properties: dict[str, str]
    language: str


# -- the memo plan ----------------------------------------------------------------------


@dataclass
class Para:
    """A paragraph; ``cites`` become footnote references at its end."""

    text: Text
    role: str = "body"  # body, bullet, quote, caption, bluf
    cites: tuple[str, ...] = ()
    rtl: bool = False


@dataclass
class Heading:
    text: Text
    level: int = 1


@dataclass
class MemoTable:
    header: list[Text]
    rows: list[list[Text]]
    widths: list[float]
    cites: list[tuple[str, ...]] = field(default_factory=list)  # per row, on its first cell
    header_fills: list[str | None] = field(default_factory=list)


@dataclass
class MemoImage:
    path: str
    alt: str
    caption: Text | None


MemoBlock = Para | Heading | MemoTable | MemoImage


@dataclass
class Memo:
    title: Text
    fields: list[tuple[str, Text]]  # TO, FROM, DATE, SUBJECT
    marking: str | None
    distribution: str | None
    blocks: list[MemoBlock]
    notes: dict[str, str]  # source id -> full footnote text
    short_notes: dict[str, str]  # source id -> shortened note for repeats
    properties: dict[str, str]
    language: str


# -- measuring ---------------------------------------------------------------------------

CONTENT_WIDTH_IN = 12.13
CONTENT_HEIGHT_IN = 4.8
CELL_MARGINS_IN = (0.16, 0.1)  # left+right, top+bottom insets the deck writer sets


def _row_height(cells: list[Cell], widths: list[float], size: float) -> float:
    """Inches a table row needs: its tallest cell, wrapped at the cell's inner width."""
    tallest = 0
    for cell, fraction in zip(cells, widths):
        inner = (fraction * CONTENT_WIDTH_IN - CELL_MARGINS_IN[0]) * 72
        text = plain(cell.text.plain, bold=True) if cell.bold else cell.text
        tallest = max(tallest, measure.lines(text, inner, size))
    return tallest * measure.line_height(size) / 72 + CELL_MARGINS_IN[1] + 0.02


FLOOR_PT = 14  # body text never shrinks below this; past it, content continues instead


def _fit_table(table: TableBlock, height: float = CONTENT_HEIGHT_IN) -> list[TableBlock]:
    """Shrink a table by up to 2 pt if that keeps it on one slide; else continue it."""
    for size in (table.size, table.size - 1, table.size - 2):
        if size < FLOOR_PT:
            break
        trial = TableBlock(table.header, table.rows, table.widths, size)
        pages = _paginate_rows(trial, height)
        if len(pages) == 1:
            return pages
    return _paginate_rows(table, height)


def _paginate_rows(table: TableBlock, height: float = CONTENT_HEIGHT_IN) -> list[TableBlock]:
    """Split a table between rows, repeating the header row, so each page fits ``height``."""
    header_h = _row_height(table.header, table.widths, table.size)
    pages: list[TableBlock] = []
    current: list[list[Cell]] = []
    used = header_h
    for row in table.rows:
        h = _row_height(row, table.widths, table.size)
        if current and used + h > height:
            pages.append(TableBlock(table.header, current, table.widths, table.size))
            current, used = [], header_h
        current.append(row)
        used += h
    pages.append(TableBlock(table.header, current, table.widths, table.size))
    return pages


def _paginate_bullets(block: BulletsBlock, height: float = CONTENT_HEIGHT_IN) -> list[BulletsBlock]:
    """Split bullets between items (never inside one) so each page fits ``height`` inches."""
    pages: list[BulletsBlock] = []
    current: list[Bullet] = []
    used = 0.0
    for item in block.items:
        size = block.size if item.level == 0 else block.size - 3
        box = (CONTENT_WIDTH_IN - 0.16 - 0.35 * (item.level + 1)) * 72
        h = (measure.lines(item.text, box, size) * measure.line_height(size) + 10) / 72
        if current and used + h > height and item.level == 0:
            pages.append(BulletsBlock(current, block.size))
            current, used = [], 0.0
        current.append(item)
        used += h
    pages.append(BulletsBlock(current, block.size))
    return pages


# -- planning ----------------------------------------------------------------------------


class _Planner:
    def __init__(self, briefing: Briefing, template: TemplateSet) -> None:
        self.b = briefing
        self.t = template
        self.labels = template.labels
        self.palette = template.palette
        self.sizes = template.sizes
        actor_colors = list(self.palette.get("actors", ["#1F4E79", "#2E7D5B"]))
        self.colors = {
            a.id: a.color or actor_colors[i % len(actor_colors)]
            for i, a in enumerate(briefing.actors)
        }

    def label(self, key: str, **kw: str) -> str:
        return str(self.labels.get(key, key.replace("_", " ").capitalize())).format(**kw)

    # -- shared helpers

    def short_source(self, source: Source) -> str:
        who = source.publisher or source.author or source.title
        return f"{who} ({source.date.year})" if source.date else who

    def source_line(self, ids: list[str]) -> str:
        unique = list(dict.fromkeys(ids))
        if not unique:
            return ""
        names = "; ".join(self.short_source(self.b.source(i)) for i in unique)
        key = "source_line" if len(unique) == 1 else "sources_line"
        return self.label(key, sources=names)

    def estimate(self, e: Estimate | None) -> str:
        return e.label() if e else "—"

    def confidence(self, c: str | None) -> str:
        """The level alone: it always stands under a "Confidence" heading, apart from likelihood."""
        return c.capitalize() if c else "—"

    def actor_names(self, ids: tuple[str, ...]) -> str:
        if not ids or set(ids) == {a.id for a in self.b.actors}:
            return ", ".join(a.name for a in self.b.actors)
        return ", ".join(self.b.actor(i).name for i in ids)

    def header_cell(self, text: str, fill: str | None = None) -> Cell:
        return Cell(
            plain(text, bold=True),
            fill=fill or self.palette.get("primary"),
            color="#FFFFFF",
            bold=True,
        )

    def properties(self) -> dict[str, str]:
        b = self.b
        return {
            "title": b.title.plain,
            "subject": (
                b.memo.subject.plain
                if b.memo.subject
                else b.subtitle.plain
                if b.subtitle
                else b.title.plain
            ),
            "author": b.author or b.organization or "",
            "keywords": ", ".join(a.name for a in b.actors),
            "category": b.marking or "",
            "version": b.version or "",
            "language": b.language,
            "date": b.date.iso() if b.date else "",
        }

    # -- deck

    def deck(self, recipe: Recipe) -> Deck:
        slides: list[Slide] = []
        for part in recipe.deck:
            slides.extend(getattr(self, f"deck_{part}")())
        return Deck(self._unique_titles(slides), self.b.marking, self.properties(), self.b.language)

    def _unique_titles(self, slides: list[Slide]) -> list[Slide]:
        seen: dict[str, int] = {}
        for slide in slides:
            key = slide.title.plain
            if key in seen:
                seen[key] += 1
                slide.title = slide.title + f" ({seen[key]})"
            else:
                seen[key] = 1
        return slides

    def _continued(
        self, role: str, title: Text, blocks: list[Block], notes: str, source_line: str
    ) -> list[Slide]:
        out = []
        for i, block in enumerate(blocks):
            t = title if i == 0 else plain(self.label("continued", title=title.plain))
            out.append(Slide(role, t, block, notes if i == 0 else "", source_line))
        return out

    def note(self, part: str) -> str:
        return self.b.notes.get(part, "")

    def deck_title(self) -> list[Slide]:
        b = self.b
        meta = [
            x
            for x in (
                b.date.long() if b.date else None,
                f"{self.label('version')} {b.version}" if b.version else None,
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
                self.note("title"),
            )
        ]

    def deck_bluf(self) -> list[Slide]:
        if not self.b.bluf:
            return []
        return [
            Slide(
                "statement",
                plain(self.label("bluf")),
                StatementBlock(self.b.bluf),
                self.note("bluf"),
            )
        ]

    def deck_key_judgments(self) -> list[Slide]:
        kjs = self.b.key_judgments
        if not kjs:
            return []
        table = TableBlock(
            [
                self.header_cell(self.label("judgment")),
                self.header_cell(self.label("likelihood")),
                self.header_cell(self.label("confidence")),
            ],
            [
                [
                    Cell(k.text),
                    Cell(plain(self.estimate(k.estimate), bold=True)),
                    Cell(plain(self.confidence(k.confidence))),
                ]
                for k in kjs
            ],
            [0.64, 0.22, 0.14],
            self.sizes.get("table", 16),
        )
        cites = [s for k in kjs for s in k.sources]
        return self._continued(
            "table",
            plain(self.label("key_judgments")),
            _fit_table(table),
            self.note("key_judgments"),
            self.source_line(cites),
        )

    def deck_shared_goals(self) -> list[Slide]:
        goals = self.b.shared_goals
        if not goals:
            return []
        rows = []
        for g in goals:
            text = Text(tuple(r.__class__(r.text, True, r.italic) for r in g.title.runs))
            if g.detail:
                text = text + plain(" — ") + g.detail
            rows.append([Cell(text), Cell(plain(self.actor_names(g.actors)))])
        table = TableBlock(
            [self.header_cell(self.label("goal")), self.header_cell(self.label("shared_by"))],
            rows,
            [0.8, 0.2],
            self.sizes.get("table", 16),
        )
        cites = [s for g in goals for s in g.sources]
        return self._continued(
            "table",
            plain(self.label("shared_goals")),
            _fit_table(table),
            self.note("shared_goals"),
            self.source_line(cites),
        )

    def deck_divergences(self) -> list[Slide]:
        divs = self.b.divergences
        if not divs:
            return []
        actors = self.b.actors
        issue_w, sig_w = 0.2, 0.11
        actor_w = (1 - issue_w - sig_w) / len(actors)
        header = [self.header_cell(self.label("issue"))]
        header += [self.header_cell(a.name, self.colors[a.id]) for a in actors]
        header.append(self.header_cell(self.label("significance")))
        sig_colors = self.palette.get("significance", {})
        rows = []
        for d in divs:
            row = [Cell(Text(tuple(r.__class__(r.text, True, r.italic) for r in d.issue.runs)))]
            for a in actors:
                pos = d.positions.get(a.id)
                row.append(
                    Cell(pos) if pos else Cell(plain(self.label("no_position"), italic=True))
                )
            sig = d.significance or ""
            row.append(Cell(plain(sig.capitalize(), bold=True), color=sig_colors.get(sig)))
            rows.append(row)
        table = TableBlock(
            header,
            rows,
            [issue_w] + [actor_w] * len(actors) + [sig_w],
            self.sizes.get("dense_table", 14),
        )
        cites = [s for d in divs for s in d.sources]
        return self._continued(
            "comparison",
            plain(self.label("divergences")),
            _fit_table(table),
            self.note("divergences"),
            self.source_line(cites),
        )

    def _forecasts_by_actor(self):  # type: ignore[no-untyped-def]
        for actor in self.b.actors:
            items = [f for f in self.b.forecasts if f.actor == actor.id]
            items.sort(key=lambda f: AREAS.index(f.area))
            if items:
                yield actor, items

    def deck_forecasts(self) -> list[Slide]:
        slides: list[Slide] = []
        areas = self.labels.get("areas", {})
        first = True
        for actor, items in self._forecasts_by_actor():
            rows = []
            for f in items:
                area = str(areas.get(f.area, f.area.capitalize()))
                rows.append(
                    [
                        Cell(plain(area, bold=True)),
                        Cell(f.statement),
                        Cell(plain(self.estimate(f.estimate), bold=True)),
                        Cell(plain(self.confidence(f.confidence))),
                    ]
                )
            header = [
                self.header_cell(self.label("area"), self.colors[actor.id]),
                self.header_cell(self.label("forecast"), self.colors[actor.id]),
                self.header_cell(self.label("likelihood"), self.colors[actor.id]),
                self.header_cell(self.label("confidence"), self.colors[actor.id]),
            ]
            table = TableBlock(
                header, rows, [0.13, 0.53, 0.22, 0.12], self.sizes.get("dense_table", 14)
            )
            horizons = sorted({f.horizon for f in items if f.horizon})
            title = self.label("forecasts", actor=actor.name)
            if horizons:
                title += f" ({', '.join(horizons)})"
            cites = [s for f in items for s in f.sources]
            pages = _fit_table(table)
            for page in pages:  # name each area once per slide, on its first row there
                previous = ""
                for row in page.rows:
                    shown = row[0].text.plain
                    row[0] = Cell(plain("" if shown == previous else shown, bold=True))
                    previous = shown
            slides += self._continued(
                "table",
                plain(title),
                list(pages),
                self.note("forecasts") if first else "",
                self.source_line(cites),
            )
            first = False
        return slides

    def deck_timeline(self) -> list[Slide]:
        events = sorted(self.b.timeline, key=lambda e: e.date.sort_key)
        if not events:
            return []
        table = TableBlock(
            [self.header_cell(self.label("date")), self.header_cell(self.label("event"))],
            [[Cell(plain(e.date.long(), bold=True)), Cell(e.event)] for e in events],
            [0.2, 0.8],
            self.sizes.get("table", 16),
        )
        cites = [s for e in events for s in e.sources]
        return self._continued(
            "table",
            plain(self.label("timeline")),
            _fit_table(table),
            self.note("timeline"),
            self.source_line(cites),
        )

    def deck_sections(self) -> list[Slide]:
        slides: list[Slide] = []
        for s in self.b.sections:
            notes = s.notes or ""
            line = self.source_line(list(s.sources))
            blocks: list[tuple[str, Block]] = []
            if s.bullets:
                blocks += [
                    ("bullets", b)
                    for b in _paginate_bullets(
                        BulletsBlock(list(s.bullets), self.sizes.get("body", 22))
                    )
                ]
            if s.table:
                header = [self.header_cell(c.plain) for c in s.table.columns]
                width = [1 / len(header)] * len(header)
                table = TableBlock(
                    header,
                    [[Cell(c) for c in r] for r in s.table.rows],
                    width,
                    self.sizes.get("table", 16),
                )
                blocks += [("table", t) for t in _fit_table(table)]
            if s.chart:
                colors = list(self.palette.get("actors", []))
                blocks.append(("chart", ChartBlock(s.chart, colors, self.chart_alt(s.chart))))
            if s.image:
                blocks.append(("image", ImageBlock(s.image.path, s.image.alt)))
            if s.quote:
                blocks.append(("quote", QuoteBlock(s.quote.text, s.quote.by)))
            for i, (role, block) in enumerate(blocks):
                title = s.title if i == 0 else plain(self.label("continued", title=s.title.plain))
                slides.append(Slide(role, title, block, notes if i == 0 else "", line))
        return slides

    def chart_alt(self, chart: Chart) -> str:
        parts = []
        for name, values in chart.series:
            pairs = ", ".join(f"{c} {v:g}" for c, v in zip(chart.categories, values))
            parts.append(f"{name}: {pairs}")
        title = f"{chart.title}. " if chart.title else ""
        unit = f" ({chart.unit})" if chart.unit else ""
        return f"{chart.type.capitalize()} chart. {title}{'; '.join(parts)}{unit}."

    def source_text(self, s: Source) -> str:
        """A full citation in Chicago notes style: Publisher, “Title,” Date, URL."""
        tail = [x for x in (s.date.long() if s.date else None, s.url) if x]
        stop = "" if s.title.endswith(("?", "!")) else ("," if tail else ".")
        title = f"“{s.title}{stop}”"
        text = ", ".join([x for x in (s.author, s.publisher) if x] + [title])
        return f"{text} {', '.join(tail)}." if tail else text

    def deck_sources(self) -> list[Slide]:
        if not self.b.sources:
            return []
        items = [Bullet(plain(self.source_text(s))) for s in self.b.sources]
        pages = _paginate_bullets(BulletsBlock(items, 18))
        return self._continued(
            "bullets", plain(self.label("sources")), list(pages), self.note("sources"), ""
        )

    def deck_closing(self) -> list[Slide]:
        return [Slide("closing", plain(self.label("closing")), None, self.note("closing"))]

    # -- memo

    def memo(self, recipe: Recipe) -> Memo:
        blocks: list[MemoBlock] = []
        for part in recipe.memo:
            blocks.extend(getattr(self, f"memo_{part}")())
        b = self.b
        fields: list[tuple[str, Text]] = []
        if b.memo.to:
            fields.append((self.label("to"), b.memo.to))
        if b.memo.sender:
            fields.append((self.label("from"), b.memo.sender))
        if b.date:
            fields.append((self.label("date_field"), plain(b.date.long())))
        fields.append((self.label("subject"), b.memo.subject or b.title))
        notes = {s.id: self.source_text(s) for s in b.sources}
        short = {s.id: f"{s.publisher or s.author or s.title}, “{s.title}”" for s in b.sources}
        return Memo(
            b.title,
            fields,
            b.marking,
            b.distribution,
            blocks,
            notes,
            short,
            self.properties(),
            b.language,
        )

    def memo_header(self) -> list[MemoBlock]:
        return []  # the writer draws the header block from Memo.fields

    def memo_bluf(self) -> list[MemoBlock]:
        if not self.b.bluf:
            return []
        return [Para(plain(self.label("bluf_label") + " ", bold=True) + self.b.bluf, "bluf")]

    def memo_key_judgments(self) -> list[MemoBlock]:
        if not self.b.key_judgments:
            return []
        out: list[MemoBlock] = [Heading(plain(self.label("key_judgments")))]
        for k in self.b.key_judgments:
            text = k.text
            tail = []
            if k.estimate:
                tail.append(f"{self.label('likelihood')}: {k.estimate.label()}.")
            if k.confidence:
                tail.append(f"{self.label('confidence')}: {k.confidence}.")
            if tail:
                text = text + plain(" " + " ".join(tail), italic=True)
            out.append(Para(text, "bullet", k.sources))
        return out

    def memo_shared_goals(self) -> list[MemoBlock]:
        if not self.b.shared_goals:
            return []
        out: list[MemoBlock] = [Heading(plain(self.label("shared_goals")))]
        for g in self.b.shared_goals:
            text = Text(tuple(r.__class__(r.text, True, r.italic) for r in g.title.runs))
            text = text + plain(". ")
            if g.detail:
                text = text + g.detail + plain(" ")
            text = text + plain(
                f"({self.label('shared_by')}: {self.actor_names(g.actors)}.)", italic=True
            )
            out.append(Para(text, "bullet", g.sources))
        return out

    def memo_divergences(self) -> list[MemoBlock]:
        divs = self.b.divergences
        if not divs:
            return []
        actors = self.b.actors
        header = [plain(self.label("issue"))] + [plain(a.name) for a in actors]
        header.append(plain(self.label("significance")))
        rows, cites = [], []
        for d in divs:
            row = [d.issue]
            row += [
                d.positions.get(a.id) or plain(self.label("no_position"), italic=True)
                for a in actors
            ]
            row.append(plain((d.significance or "").capitalize()))
            rows.append(row)
            cites.append(d.sources)
        issue_w, sig_w = 0.2, 0.13
        widths = [issue_w] + [(1 - issue_w - sig_w) / len(actors)] * len(actors) + [sig_w]
        fills = [self.palette.get("primary")] + [self.colors[a.id] for a in actors]
        fills.append(self.palette.get("primary"))
        return [
            Heading(plain(self.label("divergences"))),
            MemoTable(header, rows, widths, cites, fills),
        ]

    def memo_forecasts(self) -> list[MemoBlock]:
        if not self.b.forecasts:
            return []
        out: list[MemoBlock] = [Heading(plain(self.label("forecasts_heading")))]
        areas = self.labels.get("areas", {})
        for actor, items in self._forecasts_by_actor():
            horizons = sorted({f.horizon for f in items if f.horizon})
            title = actor.name + (f" ({', '.join(horizons)})" if horizons else "")
            out.append(Heading(plain(title), 2))
            for f in items:
                area = str(areas.get(f.area, f.area.capitalize()))
                text = plain(f"{area}. ", bold=True) + f.statement
                tail = []
                if f.estimate:
                    tail.append(f"{self.label('likelihood')}: {f.estimate.label()}.")
                if f.confidence:
                    tail.append(f"{self.label('confidence')}: {f.confidence}.")
                if tail:
                    text = text + plain(" " + " ".join(tail), italic=True)
                out.append(Para(text, "bullet", f.sources))
        return out

    def memo_timeline(self) -> list[MemoBlock]:
        events = sorted(self.b.timeline, key=lambda e: e.date.sort_key)
        if not events:
            return []
        return [
            Heading(plain(self.label("timeline"))),
            MemoTable(
                [plain(self.label("date")), plain(self.label("event"))],
                [[plain(e.date.long()), e.event] for e in events],
                [0.22, 0.78],
                [e.sources for e in events],
            ),
        ]

    def memo_sections(self) -> list[MemoBlock]:
        out: list[MemoBlock] = []
        for s in self.b.sections:
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
                    Para(plain(self.label("chart_data", title=c.title or s.title.plain)), "caption")
                )
                out.append(
                    MemoTable(
                        [plain("")] + [plain(n) for n, _ in c.series],
                        [
                            [plain(cat)] + [plain(f"{v[i]:g}") for _, v in c.series]
                            for i, cat in enumerate(c.categories)
                        ],
                        [1 / (len(c.series) + 1)] * (len(c.series) + 1),
                    )
                )
            if s.image:
                out.append(MemoImage(s.image.path, s.image.alt, plain(s.image.alt)))
            if s.quote:
                out.append(Para(s.quote.text, "quote", rtl=s.quote.text.is_rtl))
                if s.quote.by:
                    out.append(Para(plain("— ") + s.quote.by, "attribution"))
            if s.sources:
                # cite the section's sources once, at the end of its first paragraph
                for block in out[first_para:]:
                    if isinstance(block, Para):
                        block.cites = tuple(s.sources)
                        break
                    if isinstance(block, MemoTable):
                        block.cites = [tuple(s.sources)] + [()] * (len(block.rows) - 1)
                        break
        return out

    def memo_sources(self) -> list[MemoBlock]:
        if not self.b.sources:
            return []
        out: list[MemoBlock] = [Heading(plain(self.label("sources")))]
        out += [Para(plain(self.source_text(s)), "source") for s in self.b.sources]
        return out

    def memo_estimative(self) -> list[MemoBlock]:
        if not (self.b.key_judgments or self.b.forecasts):
            return []
        return [
            Heading(plain(self.label("estimative_heading")), 2),
            Para(plain(" ".join(str(self.label("estimative_note")).split())), "caption"),
        ]


def plan_deck(briefing: Briefing, template: TemplateSet, recipe: Recipe) -> Deck:
    """The slides of the briefing's deck, split to fit, in recipe order."""
    return _Planner(briefing, template).deck(recipe)


def plan_memo(briefing: Briefing, template: TemplateSet, recipe: Recipe) -> Memo:
    """The blocks of the briefing's memo, in recipe order, with footnote texts."""
    return _Planner(briefing, template).memo(recipe)
