"""The Deck and Memo plans' types to what the writers, lint and diff read: frozen records.

A plan is built complete and never changed afterwards: fitting and regrouping make new
blocks (dataclasses.replace) rather than edit ones a writer may already hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deckgen.content.model import Bullet, Chart
from deckgen.text import Text

# -- the deck plan ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    text: Text
    fill: str | None = None
    color: str | None = None
    bold: bool = False
    align: str | None = None  # "ctr" for a narrow mark column; None: the template's own


@dataclass(frozen=True, slots=True)
class TableBlock:
    header: list[Cell]
    rows: list[list[Cell]]
    widths: list[float]  # fractions of the content width
    size: float = 16
    shrunk_from: float | None = None  # the size asked for, when fitting made it smaller
    # inches per row, header first, as the fitter measured them: the writer declares these
    # heights, so the table's frame is the extent it is drawn at
    heights: list[float] = field(default_factory=list)
    # what the table shows, in words, for a screen reader (the frame's alt text): set where
    # its cells are marks whose meaning the header and this sentence give
    alt: str = ""


@dataclass(frozen=True, slots=True)
class BulletsBlock:
    items: list[Bullet]
    size: float = 22
    shrunk_from: float | None = None


@dataclass(frozen=True, slots=True)
class StatementBlock:
    text: Text
    size: float = 26
    shrunk_from: float | None = None
    aside: Aside | None = None  # a boxed note under the statement (what changed)


@dataclass(frozen=True, slots=True)
class Aside:
    """A boxed note at the foot of a slide's content: a bold heading, then one line per item;
    ``height`` (inches) is what the planner measured, the statement keeps the rest."""

    title: Text
    items: list[Text]
    size: float
    height: float


@dataclass(frozen=True, slots=True)
class ChartBlock:
    chart: Chart
    colors: list[str]
    alt: str


@dataclass(frozen=True, slots=True)
class ImageBlock:
    path: str
    alt: str


@dataclass(frozen=True, slots=True)
class QuoteBlock:
    text: Text
    by: Text | None
    size: float = 28


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Slide:
    role: str
    title: Text
    body: Block = None
    notes: str = ""
    source_line: str = ""
    continued: bool = False  # a continuation of the slide before ("… (cont.)")
    title_size: float | None = None  # set when the template's title size had to shrink
    # the slide number as printed: None for the live field of the main deck ("7 of 17"),
    # "" for none, or a backup slide's own ("A-1"), which the main deck's count leaves out
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Deck:
    slides: list[Slide]
    marking: str | None
    properties: dict[str, str]
    language: str
    fitting: list[str] = field(default_factory=list)  # what fitting did, for `deckgen lint`
    overflows: list[str] = field(default_factory=list)  # what it could not fit: build warns
    main: int = 0  # slides in the main deck (the title slide included; not the appendix)
    # how a main slide's number reads, the count filled in: "{n} of 17"; {n} is the field
    slide_number: str = "{n}"


# -- the memo plan ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph; ``cites`` become footnote references at its end."""

    text: Text
    role: str = "body"  # body, bullet, quote, caption, bluf
    cites: tuple[str, ...] = ()
    rtl: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    text: Text
    level: int = 1


@dataclass(frozen=True, slots=True)
class MemoTable:
    header: list[Text]
    rows: list[list[Text]]
    widths: list[float]
    cites: list[tuple[str, ...]] = field(default_factory=list)  # per row, on its first cell
    header_fills: list[str | None] = field(default_factory=list)
    # set when the table is a chart's data: the writers draw the chart above it (the Word
    # memo natively, the web edition as SVG), described by ``alt``; the table stays
    chart: Chart | None = None
    alt: str = ""


@dataclass(frozen=True, slots=True)
class MemoImage:
    path: str
    alt: str
    caption: Text | None


@dataclass(frozen=True, slots=True)
class Front:
    """The memo's header block: marking, MEMORANDUM, title, TO/FROM/DATE/SUBJECT, rule."""


MemoBlock = Front | Para | Heading | MemoTable | MemoImage


@dataclass(frozen=True, slots=True)
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
