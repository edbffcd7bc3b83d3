"""Briefing × recipe × template set to a Deck and a Memo plan, in the outputs' own terms.

Planning is pure: no python-pptx, no python-docx, no files. Long tables and lists are split
here, so the writers only serialize what fits. Measurement is a character-width estimate
calibrated on Calibri; it errs on the side of splitting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from deckgen import metrics as measure
from deckgen.content.model import Actor, Briefing, Bullet, Chart, Divergence, Forecast, Source
from deckgen.content.schema import AREAS, SIGNIFICANCE
from deckgen.templates.sets import Recipe, TemplateSet
from deckgen.text import Text, joined, plain, sentences
from deckgen.vocabulary import Estimate

# `{name}` in a label, and `{{` and `}}`, which stand for one brace each (as in str.format)
_FILLED = re.compile(r"\{\{|\}\}|\{(\w+)\}")

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
    shrunk_from: float | None = None  # the size asked for, when fitting made it smaller
    # inches per row, header first, as the fitter measured them: the writer declares these
    # heights, so the table's frame is the extent it is drawn at
    heights: list[float] = field(default_factory=list)


@dataclass
class BulletsBlock:
    items: list[Bullet]
    size: float = 22
    shrunk_from: float | None = None


@dataclass
class StatementBlock:
    text: Text
    size: float = 26
    shrunk_from: float | None = None


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
    size: float = 28


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
    continued: bool = False  # a continuation of the slide before ("… (cont.)")
    title_size: float | None = None  # set when the template's title size had to shrink


@dataclass
class Deck:
    slides: list[Slide]
    marking: str | None
    properties: dict[str, str]
    language: str
    fitting: list[str] = field(default_factory=list)  # what fitting did, for `deckgen lint`
    overflows: list[str] = field(default_factory=list)  # what it could not fit: build warns


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
    # set when the table is a chart's data: a writer that can draw the chart (the web
    # edition) shows it above, described by ``alt``; the Word memo gives the table alone
    chart: Chart | None = None
    alt: str = ""


@dataclass
class MemoImage:
    path: str
    alt: str
    caption: Text | None


@dataclass
class Front:
    """The memo's header block: marking, MEMORANDUM, title, TO/FROM/DATE/SUBJECT, rule."""


MemoBlock = Front | Para | Heading | MemoTable | MemoImage


@dataclass
class Memo:
    title: Text
    fields: list[tuple[str, Text]]  # TO, FROM, DATE (with the version), SUBJECT
    marking: str | None
    distribution: str | None
    blocks: list[MemoBlock]
    notes: dict[str, str]  # source id -> full footnote text
    short_notes: dict[str, str]  # source id -> shortened note for repeats
    properties: dict[str, str]
    language: str
    subtitle: Text | None = None  # under the title, in the template's subtitle style


# -- measuring ---------------------------------------------------------------------------

CELL_MARGINS_IN = (0.16, 0.1)  # left+right, top+bottom insets the deck writer sets


@dataclass(frozen=True)
class Geometry:
    """Content area (width, height in inches) per slide role, and the body font to measure
    with; read from the deck template, so a 4:3 template paginates as a 4:3 slide."""

    areas: dict[str, tuple[float, float]]
    font: measure.Font = measure.DEFAULT
    titles: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # w, h, pt
    heading: measure.Font = measure.DEFAULT

    def area(self, role: str) -> tuple[float, float]:
        return self.areas.get(role) or self.areas.get("table") or (12.13, 4.8)

    def title(self, role: str) -> tuple[float, float, float]:
        return self.titles.get(role) or (12.13, 0.95, 30.0)


DEFAULT_GEOMETRY = Geometry({"table": (12.13, 4.9), "bullets": (12.13, 4.8)})
TITLE_FLOOR = 16.0  # a title never shrinks below this


class _Fitter:
    """Splits tables and lists so every slide's content fits its area, shrinking first."""

    def __init__(self, geometry: Geometry, floor: float) -> None:
        self.geometry = geometry
        self.floor = floor
        self.font = geometry.font

    def row_height(self, cells: list[Cell], widths: list[float], size: float, width: float
                   ) -> float:  # fmt: skip
        """Inches a table row needs: its tallest cell, wrapped at the cell's inner width."""
        tallest = 0
        for cell, fraction in zip(cells, widths):
            inner = (fraction * width - CELL_MARGINS_IN[0]) * 72
            text = plain(cell.text.plain, bold=True) if cell.bold else cell.text
            tallest = max(tallest, measure.lines(text, inner, size, self.font))
        return tallest * measure.line_height(size, self.font) / 72 + CELL_MARGINS_IN[1] + 0.02

    def heights(self, table: TableBlock, role: str) -> list[float]:
        """Inches each row of ``table`` needs on a slide of ``role``, header first."""
        width = self.geometry.area(role)[0]
        return [self.row_height(row, table.widths, table.size, width)
                for row in (table.header, *table.rows)]  # fmt: skip

    def table(self, table: TableBlock, role: str, condense: bool = False
              ) -> tuple[list[TableBlock], int]:  # fmt: skip
        """Pages of ``table``, and how many rows were left out (only when condensing).

        Shrink first, never below the floor: to one slide if any size allows, else to the
        largest size that needs the fewest slides; then continue on following slides.
        Condensed recipes keep the first slide's rows and say how many were left out.
        A size at which a row alone is taller than the area does not fit, however few
        slides it needs; if none fits, the floor size overflows least.
        """
        height = self.geometry.area(role)[1]
        trials = {}
        size = table.size
        while size >= self.floor:
            pages = self.rows(TableBlock(table.header, table.rows, table.widths, size), role)
            trials[size] = pages
            if len(pages) == 1 and fits(pages[0], height):
                return _shrunk(pages, table.size), 0
            size -= 1
        if not trials:
            return self.rows(table, role), 0
        if condense:
            first = trials[min(trials)][0]
            return _shrunk([first], table.size), len(table.rows) - len(first.rows)
        floor = min(trials)
        fitting = {s: pages for s, pages in trials.items()
                   if all(fits(page, height) for page in pages)}  # fmt: skip
        fitting = fitting or {floor: trials[floor]}  # none fits: the floor overflows least
        # the largest size that needs no more slides than the smallest fitting size does
        fewest = min(len(pages) for pages in fitting.values())
        best = max(s for s, pages in fitting.items() if len(pages) == fewest)
        return _shrunk(fitting[best], table.size), 0

    def columns(self, table: TableBlock, width: float) -> list[float]:
        """Column fractions widened where a column is narrower than its longest word, so no
        word breaks mid-word; the width comes from the columns with the most room to spare."""
        need = []
        for c in range(len(table.widths)):
            cells = [table.header[c], *(row[c] for row in table.rows)]
            longest = max(
                measure.width(word, table.size, cell.bold or run.bold, self.font)
                for cell in cells for run in cell.text.runs for word in run.text.split() or [""]
            )  # fmt: skip
            need.append((longest / 72 + CELL_MARGINS_IN[0] + 0.02) / width)
        widths = list(table.widths)
        if sum(need) >= 1:
            return widths  # nothing to take from: long words will wrap inside the column
        for c, (have, want) in enumerate(zip(widths, need)):
            if have < want:
                spare = {i: w - need[i] for i, w in enumerate(widths) if i != c and w > need[i]}
                total = sum(spare.values())
                deficit = min(want - have, total)
                for i, room in spare.items():
                    widths[i] -= deficit * room / total
                widths[c] += deficit
        return widths

    def rows(self, table: TableBlock, role: str) -> list[TableBlock]:
        """Split a table between rows, repeating the header row, so each page fits."""
        width, height = self.geometry.area(role)
        table = TableBlock(table.header, table.rows, self.columns(table, width), table.size)
        header_h = self.row_height(table.header, table.widths, table.size, width)
        pages: list[TableBlock] = []
        current: list[list[Cell]] = []
        heights = [header_h]
        used = header_h
        for row in table.rows:
            h = self.row_height(row, table.widths, table.size, width)
            if current and used + h > height:
                pages.append(TableBlock(table.header, current, table.widths, table.size,
                                        heights=heights))  # fmt: skip
                current, heights, used = [], [header_h], header_h
            current.append(row)
            heights.append(h)
            used += h
        pages.append(TableBlock(table.header, current, table.widths, table.size, heights=heights))
        return pages

    def title(self, slide: Slide) -> float | None:
        """Give ``slide`` a smaller title size if its title overflows the layout's title box
        at the layout's size; returns the size asked for when it had to shrink."""
        size = self.geometry.title(slide.role)[2]
        asked = size
        # measured bold: most templates set titles bold, and bold is the wider of the two
        title = slide.title.bold()
        while size > TITLE_FLOOR and not self.title_fits(title, size, slide.role):
            size -= 1
        if size < asked:
            slide.title_size = size
            return asked
        return None

    def title_fits(self, title: Text, size: float, role: str = "") -> bool:
        """Whether ``title`` at ``size`` fits the title box of ``role`` (titles are set at
        90% line spacing in most templates)."""
        width, height, _ = self.geometry.title(role)
        face = self.geometry.heading
        lines = measure.lines(title, (width - 0.16) * 72, size, face)
        return lines * measure.line_height(size, face) * 0.9 <= (height - 0.1) * 72

    def statement(self, block: StatementBlock, role: str = "statement") -> list[StatementBlock]:
        """A statement (the BLUF) at the largest size, down to the floor, that fits its box;
        too long for one box even at the floor, it continues between sentences."""
        width, height = self.geometry.area(role)
        box = (width - 0.16) * 72

        def fits(text: Text | str, size: float) -> bool:
            lines = measure.lines(text, box, size, self.font)
            return lines * measure.line_height(size, self.font) / 72 + 0.1 <= height

        size = block.size
        while size > self.floor and not fits(block.text, size):
            size -= 1
        shrunk = block.size if size < block.size else None
        if fits(block.text, size):
            return [StatementBlock(block.text, size, shrunk)]
        pages: list[StatementBlock] = []
        chunk: list[Text] = []
        for sentence in sentences(block.text):
            if chunk and not fits(joined([*chunk, sentence]), size):
                pages.append(StatementBlock(joined(chunk), size, shrunk))
                chunk = []
            chunk.append(sentence)
        pages.append(StatementBlock(joined(chunk), size, shrunk))
        return pages

    def bullets(self, block: BulletsBlock, role: str = "bullets") -> list[BulletsBlock]:
        """Split bullets between items, shrinking first (never below the floor) to the
        largest size that needs the fewest slides. An item too tall for a slide on its own
        is split between sentences, never inside one."""
        items = self._split_long(block, role)
        trials = {}
        size = block.size
        while size >= self.floor:
            trials[size] = self._bullet_pages(BulletsBlock(items, size), role)
            if len(trials[size]) == 1:
                return _shrunk(trials[size], block.size)
            size -= 1
        if not trials:
            return self._bullet_pages(BulletsBlock(items, block.size), role)
        fewest = len(trials[min(trials)])
        best = max(s for s, pages in trials.items() if len(pages) == fewest)
        return _shrunk(trials[best], block.size)

    def _split_long(self, block: BulletsBlock, role: str) -> list[Bullet]:
        """Items taller than a whole slide at the floor size, cut into runs of sentences."""
        width, height = self.geometry.area(role)
        out: list[Bullet] = []
        for item in block.items:
            box = (width - 0.16 - 0.35 * (item.level + 1)) * 72
            size = self.floor if item.level == 0 else self.floor - 3
            pitch = measure.line_height(size, self.font) / 72
            if measure.lines(item.text, box, size, self.font) * pitch <= height:
                out.append(item)
                continue
            chunk: list[Text] = []
            for sentence in sentences(item.text):
                trial = joined([*chunk, sentence])
                if chunk and measure.lines(trial, box, size, self.font) * pitch > height * 0.9:
                    out.append(Bullet(joined(chunk), item.level))
                    chunk = []
                chunk.append(sentence)
            out.append(Bullet(joined(chunk), item.level))
        return out

    def _bullet_pages(self, block: BulletsBlock, role: str) -> list[BulletsBlock]:
        width, height = self.geometry.area(role)
        pages: list[BulletsBlock] = []
        current: list[Bullet] = []
        used = 0.0
        for item in block.items:
            size = block.size if item.level == 0 else block.size - 3
            box = (width - 0.16 - 0.35 * (item.level + 1)) * 72
            lines = measure.lines(item.text, box, size, self.font)
            h = (lines * measure.line_height(size, self.font) + 10) / 72
            if current and used + h > height and item.level == 0:
                pages.append(BulletsBlock(current, block.size))
                current, used = [], 0.0
            current.append(item)
            used += h
        pages.append(BulletsBlock(current, block.size))
        return pages


# -- planning ----------------------------------------------------------------------------


DEFAULT_SIZES = {"body": 24, "statement": 26, "quote": 28, "table": 18, "dense_table": 16,
                 "source_line": 11, "marking": 12, "floor": 14}  # fmt: skip


class _Planner:
    def __init__(self, briefing: Briefing, template: TemplateSet, geometry: Geometry,
                 condense: bool = False) -> None:  # fmt: skip
        self.b = briefing
        self.t = template
        self.labels = template.labels
        self.palette = template.palette
        self.sizes = template.sizes
        self.condense = condense
        self.fitter = _Fitter(geometry, self.size("floor"))
        actor_colors = list(self.palette.get("actors", ["#1F4E79", "#2E7D5B"]))
        self.colors = {
            a.id: a.color or actor_colors[i % len(actor_colors)]
            for i, a in enumerate(briefing.actors)
        }

    def label(self, key: str, **kw: str) -> str:
        """The set's words for ``key`` with its ``{name}`` values filled in. Not str.format:
        a label is checked on loading (manifest.Label), and were one to slip through, a
        format spec could grow it without bound or a stray brace stop the build."""
        text = str(self.labels.get(key, key.replace("_", " ").capitalize()))
        return _FILLED.sub(lambda m: kw.get(m[1], m[0]) if m[1] else m[0][0], text)

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
        return self.level("confidence_levels", c) if c else "—"

    def level(self, table: str, value: str | None) -> str:
        """A level's printed name (significance, confidence) from the labels."""
        if not value:
            return ""
        return str(self.labels.get(table, {}).get(value, value.capitalize()))

    def actor_names(self, ids: tuple[str, ...]) -> str:
        if not ids or set(ids) == {a.id for a in self.b.actors}:
            return ", ".join(a.name for a in self.b.actors)
        return ", ".join(self.b.actor(i).name for i in ids)

    def issue_text(self, d: Divergence) -> Text:
        """A divergence's Issue cell: the issue in bold, then why it matters ("**Issue** —
        detail"), as a shared goal reads, so the reason sits beside what it explains."""
        text = Text(tuple(r.__class__(r.text, True, r.italic) for r in d.issue.runs))
        return text + plain(" — ") + d.detail if d.detail else text

    @staticmethod
    def issue_width(divs: tuple[Divergence, ...]) -> float:
        """The Issue column's share of the table: wider when it also holds the details."""
        return 0.28 if any(d.detail for d in divs) else 0.2

    @staticmethod
    def shared_horizon(items: list[Forecast]) -> tuple[str | None, bool]:
        """The horizon every forecast in ``items`` shares (it then goes in the title), and
        whether each row must show its own instead, because they differ (or some have none)."""
        horizons = {f.horizon for f in items}
        if len(horizons) == 1:
            return horizons.pop(), False
        return None, True

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
        slides = self._unique_titles(slides)
        deck = Deck(slides, self.b.marking, self.properties(), self.b.language)
        for number, slide in enumerate(slides, 1):
            asked = self.fitter.title(slide)
            if asked:
                deck.fitting.append(f"slide {number} {slide.title.plain!r}: title shrunk from "
                                    f"{asked:g} pt to {slide.title_size:g} pt to fit")  # fmt: skip
            size = slide.title_size or self.fitter.geometry.title(slide.role)[2]
            if not self.fitter.title_fits(slide.title.bold(), size, slide.role):
                note = (f"slide {number} {slide.title.plain!r}: the title is too long for its "
                        f"box even at {size:g} pt; shorten it")  # fmt: skip
                deck.fitting.append(note)
                deck.overflows.append(note)
            body = slide.body
            if isinstance(body, TableBlock):
                # parts regroup a page's rows after fitting (the outlook sorts them by actor,
                # a repeated group name is blanked): measure the rows as they are written
                body.heights = self.fitter.heights(body, slide.role)
                room = self.fitter.geometry.area(slide.role)[1]
                if not fits(body, room):
                    note = (f"slide {number} {slide.title.plain!r}: a table row is taller than "
                            f"the content area even at {body.size:g} pt, so the table runs "
                            f"{sum(body.heights) - room:.2f} in past it; shorten that row's "
                            "text or split it into rows")  # fmt: skip
                    deck.fitting.append(note)
                    deck.overflows.append(note)
            if isinstance(body, (TableBlock, BulletsBlock, StatementBlock)) and body.shrunk_from:
                deck.fitting.append(
                    f"slide {number} {slide.title.plain!r}: text shrunk from "
                    f"{body.shrunk_from:g} pt to {body.size:g} pt to fit"
                )
            if slide.continued:
                deck.fitting.append(f"slide {number} {slide.title.plain!r}: continues the "
                                    "slide before")  # fmt: skip
        return deck

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

    def size(self, key: str) -> float:
        return float(self.sizes.get(key, DEFAULT_SIZES[key]))

    def table_slides(self, role: str, title: Text, table: TableBlock, notes: str,
                     cites: list[str], group: bool = False) -> list[Slide]:  # fmt: skip
        """A table fitted to slides: shrunk, continued, or (condensed recipes) cut to one
        slide with a pointer to the memo. ``group`` names a first-column value once a slide."""
        pages, dropped = self.fitter.table(table, role, self.condense)
        return self._fitted(role, title, pages, dropped, notes, cites, group)

    def _fitted(self, role: str, title: Text, pages: list[TableBlock], dropped: int, notes: str,
                cites: list[str], group: bool) -> list[Slide]:  # fmt: skip
        if group:
            for page in pages:
                previous = ""
                for row in page.rows:
                    shown = row[0].text.plain
                    if shown == previous:
                        row[0] = Cell(plain(""), color=row[0].color)
                    previous = shown
        line = self.source_line(cites)
        if dropped:
            more = self.label("more_in_memo", count=str(dropped))
            line = f"{line} · {more}" if line else more
        return self._continued(role, title, list(pages), notes, line)

    def _continued(
        self, role: str, title: Text, blocks: list[Block], notes: str, source_line: str
    ) -> list[Slide]:
        out = []
        for i, block in enumerate(blocks):
            t = title if i == 0 else self.continued(title, i)
            out.append(Slide(role, t, block, notes if i == 0 else "", source_line, i > 0))
        return out

    def continued(self, title: Text, n: int) -> Text:
        """The title of the n-th continuation slide: "X (cont.)", then "X (cont. 2)"."""
        if n == 1:
            return plain(self.label("continued", title=title.plain))
        return plain(self.label("continued_more", title=title.plain, n=str(n)))

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
        pages = self.fitter.statement(StatementBlock(self.b.bluf, self.size("statement")))
        return self._continued("statement", plain(self.label("bluf")), list(pages),
                               self.note("bluf"), "")  # fmt: skip

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
            self.size("table"),
        )
        cites = [s for k in kjs for s in k.sources]
        return self.table_slides(
            "table", plain(self.label("key_judgments")), table, self.note("key_judgments"), cites
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
            self.size("table"),
        )
        cites = [s for g in goals for s in g.sources]
        return self.table_slides(
            "table", plain(self.label("shared_goals")), table, self.note("shared_goals"), cites
        )

    def deck_divergences(self) -> list[Slide]:
        divs = self.b.divergences
        if not divs:
            return []
        actors = self.b.actors
        issue_w, sig_w = self.issue_width(divs), 0.11
        actor_w = (1 - issue_w - sig_w) / len(actors)
        header = [self.header_cell(self.label("issue"))]
        header += [self.header_cell(a.name, self.colors[a.id]) for a in actors]
        header.append(self.header_cell(self.label("significance")))
        sig_colors = self.palette.get("significance", {})
        rows = []
        if self.condense:  # one slide: the most significant divergences first
            divs = tuple(sorted(divs, key=lambda d: SIGNIFICANCE.index(d.significance or "low")))
        for d in divs:
            row = [Cell(self.issue_text(d))]
            for a in actors:
                pos = d.positions.get(a.id)
                row.append(
                    Cell(pos) if pos else Cell(plain(self.label("no_position"), italic=True))
                )
            sig = d.significance or ""
            row.append(Cell(plain(self.level("significance_levels", sig), bold=True),
                            color=sig_colors.get(sig)))  # fmt: skip
            rows.append(row)
        table = TableBlock(
            header,
            rows,
            [issue_w] + [actor_w] * len(actors) + [sig_w],
            self.size("dense_table"),
        )
        cites = [s for d in divs for s in d.sources]
        return self.table_slides(
            "comparison", plain(self.label("divergences")), table, self.note("divergences"), cites
        )

    def _forecasts_by_actor(self) -> Iterator[tuple[Actor, list[Forecast]]]:
        for actor in self.b.actors:
            items = [f for f in self.b.forecasts if f.actor == actor.id]
            items.sort(key=lambda f: AREAS.index(f.area))
            if items:
                yield actor, items

    def forecast_row(self, f: Forecast, first: Cell, horizon: bool = False) -> list[Cell]:
        """A forecast's table row; with ``horizon``, its own horizon in a column of its own."""
        own = [Cell(plain(f.horizon or "—"))] if horizon else []
        return [first, Cell(f.statement), *own, Cell(plain(self.estimate(f.estimate), bold=True)),
                Cell(plain(self.confidence(f.confidence)))]  # fmt: skip

    def forecast_table(self, first: str, rows: list[list[Cell]], horizon: bool,
                       fill: str | None = None) -> TableBlock:  # fmt: skip
        """The forecast table: ``first`` names the first column (area or actor); a narrow
        Horizon column follows the statement when the rows' horizons differ."""
        keys = [first, "forecast", *(["horizon"] if horizon else []), "likelihood", "confidence"]
        widths = [0.13, 0.43, 0.1, 0.22, 0.12] if horizon else [0.13, 0.53, 0.22, 0.12]
        header = [self.header_cell(self.label(k), fill) for k in keys]
        return TableBlock(header, rows, widths, self.size("dense_table"))

    def area_name(self, area: str) -> str:
        return str(self.labels.get("areas", {}).get(area, area.capitalize()))

    def deck_forecasts(self) -> list[Slide]:
        slides: list[Slide] = []
        for n, (actor, items) in enumerate(self._forecasts_by_actor()):
            shared, own = self.shared_horizon(items)
            rows = [self.forecast_row(f, Cell(plain(self.area_name(f.area), bold=True)), own)
                    for f in items]  # fmt: skip
            table = self.forecast_table("area", rows, own, self.colors[actor.id])
            title = self.label("forecasts", actor=actor.name)
            if shared:
                title += f" ({shared})"
            cites = [s for f in items for s in f.sources]
            notes = self.note("forecasts") if n == 0 else ""
            slides += self.table_slides("table", plain(title), table, notes, cites, group=True)
        return slides

    def deck_outlook(self) -> list[Slide]:
        """Every actor's forecasts in one table: the executive recipe's single outlook slide.

        Condensed, actors take turns (most likely forecast first), so each keeps a share
        of the rows that fit; kept rows are then grouped by actor again.
        """
        ranked: list[list[tuple[Forecast, int]]] = []
        for a, (_actor, items) in enumerate(self._forecasts_by_actor()):
            order = sorted(items, key=lambda f: -(f.estimate.band[0] if f.estimate else 0))
            ranked.append([(f, a) for f in order])
        turns = [entry for group in zip_longest(*ranked) for entry in group if entry]
        if not turns:
            return []
        shared, own = self.shared_horizon([f for f, _a in turns])
        rows = []
        for f, _a in turns:
            actor = self.b.actor(f.actor)
            first = Cell(plain(actor.name, bold=True), color=self.colors[actor.id])
            rows.append(self.forecast_row(f, first, own))
        table = self.forecast_table("actor", rows, own)
        title = self.label("outlook") + (f" ({shared})" if shared else "")
        position = {id(row): (a, i) for i, (row, (_f, a)) in enumerate(zip(rows, turns))}
        pages, dropped = self.fitter.table(table, "table", self.condense)
        for page in pages:
            page.rows.sort(key=lambda row: position[id(row)])
        cites = [s for f, _a in turns for s in f.sources]
        return self._fitted("table", plain(title), pages, dropped, self.note("forecasts"), cites,
                            group=True)  # fmt: skip

    def deck_timeline(self) -> list[Slide]:
        events = sorted(self.b.timeline, key=lambda e: e.date.sort_key)
        if not events:
            return []
        table = TableBlock(
            [self.header_cell(self.label("date")), self.header_cell(self.label("event"))],
            [[Cell(plain(e.date.long(), bold=True)), Cell(e.event)] for e in events],
            [0.2, 0.8],
            self.size("table"),
        )
        cites = [s for e in events for s in e.sources]
        return self.table_slides(
            "table", plain(self.label("timeline")), table, self.note("timeline"), cites
        )

    def deck_sections(self) -> list[Slide]:
        slides: list[Slide] = []
        for n, s in enumerate(self.b.sections):
            # the part's own notes (`notes: sections:`) open the first section's slide
            notes = "\n".join(x for x in (self.note("sections") if n == 0 else "", s.notes) if x)
            line = self.source_line(list(s.sources))
            blocks: list[tuple[str, Block]] = []
            if s.bullets:
                bullets = BulletsBlock(list(s.bullets), self.size("body"))
                blocks += [("bullets", b) for b in self.fitter.bullets(bullets)]
            if s.table:
                header = [self.header_cell(c.plain) for c in s.table.columns]
                width = _proportional([[c.plain for c in row] for row in
                                       (s.table.columns, *s.table.rows)])  # fmt: skip
                table = TableBlock(
                    header,
                    [[Cell(c) for c in r] for r in s.table.rows],
                    width,
                    self.size("table"),
                )
                blocks += [("table", t) for t in self.fitter.table(table, "table")[0]]
            if s.chart:
                colors = list(self.palette.get("actors", []))
                alt = self.chart_alt(s.chart, s.title.plain)
                blocks.append(("chart", ChartBlock(s.chart, colors, alt)))
            if s.image:
                blocks.append(("image", ImageBlock(s.image.path, s.image.alt)))
            if s.quote:
                blocks.append(("quote", QuoteBlock(s.quote.text, s.quote.by, self.size("quote"))))
            for i, (role, block) in enumerate(blocks):
                title = s.title if i == 0 else self.continued(s.title, i)
                slides.append(Slide(role, title, block, notes if i == 0 else "", line, i > 0))
        return slides

    def chart_alt(self, chart: Chart, takeaway: str = "") -> str:
        """A chart told in words: the takeaway first (the slide's title, which states it), then
        what is charted and every value, so a listener gets the point before the numbers."""
        parts = []
        for name, values in chart.series:
            pairs = ", ".join(f"{c} {v:g}" for c, v in zip(chart.categories, values))
            parts.append(f"{name}: {pairs}")
        title = f"{chart.title}. " if chart.title else ""
        unit = f" ({chart.unit})" if chart.unit else ""
        point = takeaway.rstrip(".") + ". " if takeaway else ""
        return f"{point}{chart.type.capitalize()} chart. {title}{'; '.join(parts)}{unit}."

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
        pages = self.fitter.bullets(BulletsBlock(items, min(20.0, self.size("body"))))
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
        notes = {s.id: self.source_text(s) for s in b.sources}
        short = {s.id: f"{s.publisher or s.author or s.title}, “{s.title}”" for s in b.sources}
        return Memo(
            b.title,
            self.memo_fields(),
            b.marking,
            b.distribution,
            blocks,
            notes,
            short,
            self.properties(),
            b.language,
            b.subtitle,
        )

    def memo_fields(self) -> list[tuple[str, Text]]:
        """The TO, FROM, DATE and SUBJECT lines. FROM defaults to the author and the
        organization, SUBJECT to the title; the version stands beside the date, as on the
        title slide, or on a VERSION line of its own when there is no date."""
        b = self.b
        fields: list[tuple[str, Text]] = []
        if b.memo.to:
            fields.append((self.label("to"), b.memo.to))
        sender = b.memo.sender
        if sender is None and (b.author or b.organization):
            sender = plain(", ".join(x for x in (b.author, b.organization) if x))
        if sender:
            fields.append((self.label("from"), sender))
        version = f"{self.label('version')} {b.version}" if b.version else ""
        if b.date:
            when = " · ".join(x for x in (b.date.long(), version) if x)
            fields.append((self.label("date_field"), plain(when)))
        elif b.version:
            fields.append((self.label("version_field"), plain(b.version)))
        fields.append((self.label("subject"), b.memo.subject or b.title))
        return fields

    def memo_header(self) -> list[MemoBlock]:
        return [Front()]  # the writer draws it from Memo.fields, where the recipe puts it

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
                tail.append(f"{self.label('confidence')}: {self.confidence(k.confidence).lower()}.")
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
            row = [self.issue_text(d)]
            row += [
                d.positions.get(a.id) or plain(self.label("no_position"), italic=True)
                for a in actors
            ]
            row.append(plain(self.level("significance_levels", d.significance)))
            rows.append(row)
            cites.append(d.sources)
        issue_w, sig_w = self.issue_width(divs), 0.13
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
            shared, own = self.shared_horizon(items)
            out.append(Heading(plain(actor.name + (f" ({shared})" if shared else "")), 2))
            for f in items:
                area = str(areas.get(f.area, f.area.capitalize()))
                if own and f.horizon:  # the heading cannot carry it: the bullet does
                    area += f" ({f.horizon})"
                text = plain(f"{area}. ", bold=True) + f.statement
                tail = []
                if f.estimate:
                    tail.append(f"{self.label('likelihood')}: {f.estimate.label()}.")
                if f.confidence:
                    tail.append(
                        f"{self.label('confidence')}: {self.confidence(f.confidence).lower()}."
                    )
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
                unit = f" ({c.unit})" if c.unit else ""  # "Distance (km)", as an axis reads
                out.append(
                    MemoTable(
                        # the corner names its column: a header cell left empty is an
                        # unlabelled header to a screen reader
                        [plain(self.label("chart_category"))]
                        + [plain(n + unit) for n, _ in c.series],
                        [
                            [plain(cat)] + [plain(f"{v[i]:g}") for _, v in c.series]
                            for i, cat in enumerate(c.categories)
                        ],
                        [1 / (len(c.series) + 1)] * (len(c.series) + 1),
                        chart=c,
                        alt=self.chart_alt(c, s.title.plain),  # the takeaway, then the data
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


def _proportional(rows: list[list[str]]) -> list[float]:
    """Column widths for a free-form table: wider where the text is longer (by the square
    root, so one wordy column does not starve the others), each between 10% and 70%."""
    columns = len(rows[0])
    weights = []
    for c in range(columns):
        lengths = [len(row[c]) for row in rows]
        weights.append(max(4.0, sum(lengths) / len(lengths)) ** 0.5)
    widths = [max(0.1, min(0.7, w / sum(weights))) for w in weights]
    return [w / sum(widths) for w in widths]


def fits(page: TableBlock, height: float) -> bool:
    """Whether ``page``'s measured rows fit an area ``height`` inches tall."""
    return sum(page.heights) <= height + 1e-9  # rows() compared a running sum of these floats


def _shrunk(pages: list[Any], asked: float) -> list[Any]:
    """Record on each page the size asked for, when fitting chose a smaller one."""
    for page in pages:
        if page.size < asked:
            page.shrunk_from = asked
    return pages


def plan_deck(briefing: Briefing, template: TemplateSet, recipe: Recipe,
              geometry: Geometry = DEFAULT_GEOMETRY) -> Deck:  # fmt: skip
    """The slides of the briefing's deck, split to fit ``geometry``, in recipe order."""
    return _Planner(briefing, template, geometry, recipe.condense).deck(recipe)


def plan_memo(briefing: Briefing, template: TemplateSet, recipe: Recipe) -> Memo:
    """The blocks of the briefing's memo, in recipe order, with footnote texts."""
    return _Planner(briefing, template, DEFAULT_GEOMETRY).memo(recipe)
