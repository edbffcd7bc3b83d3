"""A deck template file to the plain facts the deck writer needs, cached between builds.

`decktemplate` reads a template with python-pptx: which layout each role uses, where the
title and content go, what lies under them. That answer depends only on the template's bytes
and the set's settings, so it is saved (`prepcache`) as plain data; a later build reads it
back and writes slides without importing python-pptx at all.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen import metrics as measure
from deckgen import usercache as prepcache
from deckgen.contrast import Backdrop, Layer
from deckgen.geometry import Area, Box

if TYPE_CHECKING:
    from deckgen.geometry import Geometry

_KIND = "deck"

# python-pptx's names for placeholders it clones onto a new slide, by `p:ph/@type`
BASENAMES = {
    "clipArt": "ClipArt Placeholder", "body": "Text Placeholder", "ctrTitle": "Title",
    "chart": "Chart Placeholder", "dt": "Date Placeholder", "ftr": "Footer Placeholder",
    "hdr": "Header Placeholder", "media": "Media Placeholder", "obj": "Content Placeholder",
    "dgm": "SmartArt Placeholder", "pic": "Picture Placeholder",
    "sldNum": "Slide Number Placeholder", "subTitle": "Subtitle", "tbl": "Table Placeholder",
    "title": "Title", "sldImg": "Slide Image Placeholder",
}  # fmt: skip


@dataclass(frozen=True)
class Holder:
    """A placeholder a new slide of a layout starts with (as python-pptx clones it)."""

    type: str  # p:ph/@type; "obj" when absent
    idx: int
    orient: str  # "horz" unless the layout says "vert"
    sz: str  # "full" unless the layout says otherwise
    box: Box | None  # the position it inherits from the layout (or its master)


@dataclass(frozen=True)
class Layout:
    """One role's layout: its part, its placeholders and where things go on it."""

    part: str  # e.g. ppt/slideLayouts/slideLayout2.xml
    holders: tuple[Holder, ...]
    # every placeholder's idx and position in document order: a slide's placeholder takes
    # its position from the first of its layout's with the same idx
    by_idx: tuple[tuple[int, Box | None], ...]
    area: Area
    decorations: tuple[tuple[Box, str | None], ...]  # shapes under the text, for dark areas
    backdrop: Backdrop = field(
        default_factory=lambda: Backdrop(())
    )  # everything behind the text, for legible colours
    # the colours text takes where deckgen sets none: titles, subtitles, body, text boxes
    colors: tuple[tuple[str, str], ...] = ()
    bullets_hidden: tuple[bool, ...] = ()  # per level 1-3: the layout's lists show no marker
    # the layout's slide-number placeholder (python-pptx does not clone it): where the
    # template's designer put the number, in the template's style
    number: Holder | None = None
    number_size: float = 18.0  # its type size, in points, as the template sets it

    def color(self, kind: str) -> str:
        return dict(self.colors).get(kind, "#000000")


@dataclass(frozen=True)
class DeckPrep:
    """Everything the deck writer and the planner need to know of a deck template."""

    path: Path
    width: int
    height: int
    layouts: dict[str, Layout]  # by role
    themes: tuple[str, ...]  # theme parts of the masters, where the set's fonts go
    body_font: str | None
    heading_font: str | None
    warnings: tuple[str, ...]

    @property
    def areas(self) -> dict[str, Area]:
        return {role: layout.area for role, layout in self.layouts.items()}

    def geometry(self) -> Geometry:
        """What planning needs: content and title boxes, and the fonts text is measured in."""
        from deckgen.geometry import Geometry

        return Geometry.of_areas(
            self.areas, measure.font(self.body_font), measure.font(self.heading_font)
        )


def prepare(path: Path, wanted: dict[str, str], fonts: dict[str, str]) -> DeckPrep:
    """The facts of the deck template at ``path``: from the cache, else read with python-pptx."""
    data = Path(path).read_bytes()
    settings = json.dumps([wanted, fonts], sort_keys=True)
    cache_key = prepcache.key(data, settings)
    stored = prepcache.load(_KIND, cache_key)
    if stored is not None:
        try:
            return _from_json(path, stored)
        except (KeyError, TypeError, ValueError):
            pass  # an entry of another shape: analyse again and overwrite it
    prep = _analyse(path, wanted, fonts)
    prepcache.store(_KIND, cache_key, _to_json(prep))
    return prep


def _analyse(path: Path, wanted: dict[str, str], fonts: dict[str, str]) -> DeckPrep:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from deckgen import contrast
    from deckgen.templates.deck_layouts import decorations, number_size, open_deck

    dt = open_deck(path, wanted, fonts)
    layouts = {}
    for role, choice in dt.choices.items():
        layout = choice.layout
        by_idx = [(int(ph._element.ph_idx), _position(ph)) for ph in layout.placeholders]
        holders = [_holder_of(ph) for ph in layout.iter_cloneable_placeholders()]
        number = next((_holder_of(ph) for ph in layout.placeholders
                       if ph._element.ph.get("type") == "sldNum"), None)  # fmt: skip
        found = decorations(layout) if role == "title" else []
        colors = tuple((kind, contrast.text_color(layout, ph_type)) for kind, ph_type in
                       (("title", "title"), ("subtitle", "subTitle"), ("body", "body"),
                        ("text", None), ("number", "sldNum")))  # fmt: skip
        layouts[role] = Layout(
            str(layout.part.partname).lstrip("/"),
            tuple(holders),
            tuple(by_idx),
            dt.areas[role],
            tuple(found),
            contrast.backdrop(layout, dt.width, dt.height),
            colors,
            tuple(contrast.bullets_hidden(layout, level) for level in (1, 2, 3)),
            number,
            number_size(layout),
        )
    themes = []
    for master in dt.prs.slide_masters:
        try:
            themes.append(str(master.part.part_related_by(RT.THEME).partname).lstrip("/"))
        except KeyError:
            continue
    return DeckPrep(
        Path(path), dt.width, dt.height, layouts, tuple(themes), dt.font.name,
        dt.heading_font.name, tuple(dt.warnings),
    )  # fmt: skip


def _holder_of(ph: Any) -> Holder:
    """A layout's placeholder as a slide of it takes it: type, idx, orientation, size, box."""
    element = ph._element.ph
    return Holder(element.get("type", "obj"), int(ph._element.ph_idx),
                  str(element.get("orient", "horz")), str(element.get("sz", "full")),
                  _position(ph))  # fmt: skip


def _position(ph: Any) -> Box | None:
    try:
        return Box(int(ph.left), int(ph.top), int(ph.width), int(ph.height))
    except (TypeError, AttributeError):
        return None  # no position on the layout or its master


def _to_json(prep: DeckPrep) -> dict[str, Any]:
    value = asdict(prep)
    value.pop("path")
    return value


def _box(value: dict[str, int] | None) -> Box | None:
    return Box(**value) if value else None


def _holder(value: dict[str, Any]) -> Holder:
    return Holder(value["type"], value["idx"], value["orient"], value["sz"], _box(value["box"]))


def _from_json(path: Path, value: dict[str, Any]) -> DeckPrep:
    layouts = {}
    for role, layout in value["layouts"].items():
        area = dict(layout["area"])
        for name in ("title", "content", "source"):
            area[name] = Box(**area[name])
        layouts[role] = Layout(
            layout["part"],
            tuple(_holder(h) for h in layout["holders"]),
            tuple((idx, _box(box)) for idx, box in layout["by_idx"]),
            Area(**area),
            tuple((Box(**box), fill) for box, fill in layout["decorations"]),
            Backdrop(
                tuple(
                    Layer(Box(**la["box"]), tuple(tuple(r) for r in la["grid"]), bool(la["spread"]))
                    for la in layout["backdrop"]["layers"]
                )
            ),
            tuple((kind, color) for kind, color in layout["colors"]),
            tuple(bool(b) for b in layout["bullets_hidden"]),
            _holder(layout["number"]) if layout.get("number") else None,
            float(layout["number_size"]),
        )
    return DeckPrep(
        Path(path), value["width"], value["height"], layouts, tuple(value["themes"]),
        value["body_font"], value["heading_font"], tuple(value["warnings"]),
    )  # fmt: skip
