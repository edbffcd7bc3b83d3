"""A briefing, its template set and its built deck to contrast findings (A11Y-06, -07)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from deckgen.content.model import Briefing
from deckgen.contrast import needed, ratio, rgb
from deckgen.errors import Diagnostic, Location
from deckgen.markings import banner
from deckgen.plan.fit import DEFAULT_SIZES
from deckgen.review.where import TemplateWhere, Where, finding, shown
from deckgen.templates.sets import TemplateSet

if TYPE_CHECKING:
    from deckgen.templates.deck import DeckPrep

WHITE = "#FFFFFF"
ACTOR_MIN_RATIO = 1.3  # below this, two actor colours read as one at a glance
MEMO_HEADER_PT = 9.5  # the memo writer's table header text: white, bold, on primary or actor fills


def actor_colors(b: Briefing, template: TemplateSet) -> list[str]:
    """The colour each actor gets, as planning assigns it: its own, else the palette's in turn."""
    palette = list(template.palette.get("actors") or ["#1F4E79", "#2E7D5B"])
    return [a.color or palette[i % len(palette)] for i, a in enumerate(b.actors)]


def palette_contrast(b: Briefing, template: TemplateSet, at: Where) -> Iterator[Diagnostic]:
    """A11Y-06 per failing text/background pair, A11Y-07 per pair of look-alike actors."""
    palette = template.palette
    sizes = {**DEFAULT_SIZES, **template.sizes}
    in_set = TemplateWhere(template)
    # (what, text colour, background, point size, bold, where the colour is set)
    pairs: list[tuple[str, Any, Any, float, bool, Location]] = [
        # body text also fills table cells, which fitting may shrink down to the floor
        (
            "body text (palette `text`)",
            palette.get("text"),
            WHITE,
            min(sizes["dense_table"], sizes["floor"]),
            False,
            in_set("palette", "text"),
        ),
        (
            "source lines (palette `muted`)",
            palette.get("muted"),
            WHITE,
            sizes["source_line"],
            False,
            in_set("palette", "muted"),
        ),
        # the memo's table headers are small: white bold 9.5 pt on primary or actor colours
        (
            "white header text on palette `primary`",
            WHITE,
            palette.get("primary"),
            MEMO_HEADER_PT,
            True,
            in_set("palette", "primary"),
        ),
    ]
    mark = banner(b.marking or "", str(palette.get("marking") or "#1A1A1A"))
    pairs.append(
        (
            f"the marking banner{f' {mark.text!r}' if mark.text else ''}",
            mark.color,
            mark.fill or WHITE,
            max(sizes["marking"], mark.min_size),
            True,
            at("marking") if mark.fill else in_set("palette", "marking"),
        )
    )
    colors = actor_colors(b, template)
    cycle = max(1, len(palette.get("actors") or []))

    def color_set_at(i: int) -> Location:
        """The actor's own `color:`, else the palette entry it took in turn."""
        if b.actors[i].color:
            return at("actors", i, "color")
        return in_set("palette", "actors", i % cycle)

    for i, (actor, color) in enumerate(zip(b.actors, colors)):
        where = color_set_at(i)
        pairs.append(
            (
                f"white header text on {actor.name}'s colour",
                WHITE,
                color,
                MEMO_HEADER_PT,
                True,
                where,
            )
        )
    significance = palette.get("significance") or {}
    for level in dict.fromkeys(d.significance for d in b.divergences if d.significance):
        if level in significance:
            pairs.append(
                (
                    f"{level} significance (palette `significance.{level}`)",
                    significance[level],
                    WHITE,
                    min(sizes["dense_table"], sizes["floor"]),
                    True,
                    in_set("palette", "significance", level),
                )
            )
    for what, fg, bg, size, bold, where in pairs:
        if rgb(fg) is None or rgb(bg) is None:
            continue  # the manifest check reports malformed colours; nothing to measure here
        have, floor = ratio(fg, bg), needed(size, bold)
        if have < floor:
            yield finding(
                "A11Y-06",
                "error",
                where,
                f"{what}: {fg} on {bg} has contrast {have:.2f}:1, below {floor:g}:1 for "
                f"{size:g} pt{' bold' if bold else ''} text",
                "Darken the text colour (or lighten the background) in the template set's "
                "palette until the ratio is reached.",
            )
    for i in range(len(colors)):
        for j in range(i + 1, len(colors)):
            if rgb(colors[i]) is None or rgb(colors[j]) is None:
                continue
            apart = ratio(colors[i], colors[j])
            if apart < ACTOR_MIN_RATIO:
                a, c = b.actors[i], b.actors[j]
                yield finding(
                    "A11Y-07",
                    "info",  # actors are always named too: in header cells, legends, labels
                    color_set_at(j),
                    f"actors {a.name} and {c.name} differ by colour only a little "
                    f"({colors[i]} and {colors[j]}, {apart:.2f}:1)",
                    "Header fills and chart series tell actors apart by colour: choose colours "
                    f"further apart in lightness (at least {ACTOR_MIN_RATIO:g}:1), or give the "
                    "actors their own `color:`.",
                )


_BOXES = {"Marking (top)": "the marking", "Marking (bottom)": "the bottom marking",
          "Slide number": "the slide number", "Footer": "the footer",
          "Source line": "the source line", "Title detail": "a title-slide line",
          "Quote": "the quote", "Attribution": "the attribution",
          "Content": "body text"}  # fmt: skip
_HOLDERS = {"title": "the slide title", "ctrTitle": "the slide title",
            "subTitle": "the subtitle", "body": "body text", "obj": "body text"}  # fmt: skip


def deck_contrast(
    deck: Any,
    dt: DeckPrep,
    template: TemplateSet,
    pictures: dict[str, bytes],
    data: bytes | None = None,
) -> Iterator[Diagnostic]:
    """A11Y-06 for each text box of the built deck whose text does not read on what really
    lies behind it (contrast.py: the layout's and master's backgrounds, pictures, shapes),
    once per kind of box and layout, naming the slides. ``pictures``: build.inputs.media;
    ``data``: the deck as the pipeline wrote it, else it is written here."""
    import io

    from pptx import Presentation
    from pptx.oxml.ns import qn

    from deckgen import contrast
    from deckgen.build.clock import time_of
    from deckgen.build.inputs import deck_parts
    from deckgen.geometry import Box
    from deckgen.writers.deck import write_deck

    if data is None:
        when = time_of(deck.properties.get("date", ""))  # dates nothing lint looks at
        data = write_deck(deck, dt, template, deck_parts(dt), pictures, when)
    prs = Presentation(io.BytesIO(data))
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    backdrops: dict[str, contrast.Backdrop] = {}
    found: dict[tuple[str, str], tuple[list[int], str, str, float, float]] = {}
    for number, slide in enumerate(prs.slides, 1):
        layout = slide.slide_layout
        part = str(layout.part.partname).lstrip("/")
        if part not in backdrops:
            backdrops[part] = contrast.backdrop(layout, width, height)
        for shape in slide.shapes:
            ph_type = None
            if shape.is_placeholder:
                ph = shape._element.find(".//" + qn("p:ph"))
                ph_type = ph.get("type", "obj") if ph is not None else "obj"
                what = _HOLDERS.get(ph_type)
            else:
                what = _BOXES.get(shape.name)
            if not what or not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            try:
                box = Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
            except (TypeError, AttributeError):
                continue
            own = shape._element.find(qn("p:spPr") + "/" + qn("a:solidFill"))
            fill = own.find(qn("a:srgbClr")) if own is not None else None
            under = (["#" + fill.get("val").upper()] if fill is not None
                     else backdrops[part].under(box))  # fmt: skip
            default = contrast.text_color(layout, ph_type)
            big = 44.0 if ph_type in ("title", "ctrTitle") else 18.0
            for run in shape._element.iter(qn("a:r")):
                props = run.find(qn("a:rPr"))
                srgb = props.find(qn("a:solidFill") + "/" + qn("a:srgbClr")) if (
                    props is not None) else None  # fmt: skip
                color = "#" + srgb.get("val").upper() if srgb is not None else default
                size = int(props.get("sz")) / 100 if props is not None and props.get("sz") else big
                bold = props is not None and props.get("b") == "1"
                have, floor = contrast.worst(color, under), contrast.needed(size, bold)
                if have < floor:
                    worst_bg = min(under, key=lambda c: contrast.ratio(color, c))
                    key = (part, what)
                    slides, *_ = found.setdefault(key, ([], color, worst_bg, have, floor))
                    if number not in slides:
                        slides.append(number)
                    break
    for (part, what), (slides, color, bg, have, floor) in found.items():
        listed = ", ".join(map(str, slides[:8])) + (" …" if len(slides) > 8 else "")
        yield finding(
            "A11Y-06",
            "error",
            Location(str(shown(template.deck))),
            f"{what} on slide{'s' if len(slides) > 1 else ''} {listed} ({part}): {color} on "
            f"the template's background ({bg}) has contrast {have:.2f}:1, below {floor:g}:1",
            "The deck writer picks a colour that reads or a backing band; if this persists, "
            "change the template's background or the palette colour.",
        )
