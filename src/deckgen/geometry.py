"""Rectangles in EMU, slide bands and layout areas to the geometry planning measures against.

Plain data shared by the template reader, the planner and the deck writer; it imports
nothing heavy. ``Geometry`` lives here, not in plan/, so the template reader that makes one
does not import the planner (templates sit below plan in the layer order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deckgen import metrics as measure

# Bands deckgen draws into on every slide (inches): marking on top; marking, number and
# footer at the bottom; the source line just above.
TOP_BAND = 0.42
BOTTOM_BAND = 0.45
SOURCE_BAND = 0.38
MIN_CONTENT_HEIGHT = 1.5
MIN_TITLE_HEIGHT = 0.9  # two lines of a 28 pt title; a smaller title box gets replaced
# The smallest slide a briefing fits on, measured with the shipped briefing on python-pptx's
# default deck scaled (tests/foreign.py _resize): no overflow at 20 x 4.2 in or 3.5 x 14 in,
# a table row taller than the content area even at the floor sizes at 13.33 x 4.1 in, 16 x 3.5
# in and 3 x 10 in. Below either measure no slide shape holds it: the template is refused.
MIN_SLIDE_WIDTH = 3.5
MIN_SLIDE_HEIGHT = 4.2


@dataclass(frozen=True)
class Box:
    """A rectangle in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def right(self) -> int:
        return self.left + self.width

    def inches(self) -> tuple[float, float]:
        return self.width / 914400, self.height / 914400

    def meets(self, other: Box) -> bool:
        """Whether the two rectangles share some area (touching edges do not count)."""
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)  # fmt: skip


@dataclass(frozen=True)
class Area:
    """Where things go on slides of one layout, and how its background reads."""

    title: Box
    content: Box
    source: Box  # the source line, just under the content
    busy_bands: bool  # a decoration runs under the marking bands: give the text a backing
    dark: bool  # the content area's background is dark: text deckgen writes turns light
    title_dark: bool  # the same for the title
    title_size: float = 32.0  # the layout's title size in points
    own_title: bool = False  # the layout's title placeholder could not hold a title: ours


CELL_MARGINS_IN = (0.16, 0.1)  # left+right, top+bottom insets the deck writer sets


@dataclass(frozen=True)
class Geometry:
    """Content area (width, height in inches) per slide role, and the body font to measure
    with; read from the deck template, so a 4:3 template paginates as a 4:3 slide."""

    areas: dict[str, tuple[float, float]]
    font: measure.Font = measure.DEFAULT
    titles: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # w, h, pt
    heading: measure.Font = measure.DEFAULT

    @classmethod
    def of_areas(
        cls, areas: dict[str, Area], font: measure.Font, heading: measure.Font
    ) -> Geometry:
        """What planning needs of a deck template's areas: content and title boxes in inches,
        the title sizes, and the fonts text is measured in."""
        return cls(
            {role: area.content.inches() for role, area in areas.items()},
            font,
            {role: (*area.title.inches(), area.title_size) for role, area in areas.items()},
            heading,
        )

    def area(self, role: str) -> tuple[float, float]:
        return self.areas.get(role) or self.areas.get("table") or (12.13, 4.8)

    def title(self, role: str) -> tuple[float, float, float]:
        return self.titles.get(role) or (12.13, 0.95, 30.0)


DEFAULT_GEOMETRY = Geometry({"table": (12.13, 4.9), "bullets": (12.13, 4.8)})
