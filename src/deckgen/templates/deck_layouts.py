"""A deck template file to the layout chosen for each role, and where titles and content go.

Any organization's .pptx or .potx must work: layouts are chosen by the names a template set
gives, then by known names in several languages, then by the layout's type, then by the
shape of its placeholders. Placeholders are found by type and position, never by index.
Geometry is read from the layouts and kept clear of the bands deckgen draws on every slide.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Inches

from deckgen import metrics as measure
from deckgen.contrast import on_dark
from deckgen.errors import TemplateError
from deckgen.geometry import (
    BOTTOM_BAND,
    MIN_CONTENT_HEIGHT,
    MIN_SLIDE_HEIGHT,
    MIN_SLIDE_WIDTH,
    MIN_TITLE_HEIGHT,
    SOURCE_BAND,
    TOP_BAND,
    Area,
    Box,
)
from deckgen.ooxml.theme import typefaces, with_typefaces
from deckgen.templates import placeholders
from deckgen.templates.manifest import ROLES

if TYPE_CHECKING:
    from deckgen.geometry import Geometry

# python-pptx's members for the placeholder types of templates.placeholders; its
# VERTICAL_TITLE has no XML name of its own (a vertical title is a title with orient="vert")
TITLE_TYPES = (*(m for m in PP_PLACEHOLDER if m.xml_value in placeholders.TITLE_TYPES),
               PP_PLACEHOLDER.VERTICAL_TITLE)  # fmt: skip
BODY_TYPES = tuple(m for m in PP_PLACEHOLDER if m.xml_value in placeholders.BODY_TYPES)
CONTENT_TYPES = (*BODY_TYPES, PP_PLACEHOLDER.TABLE, PP_PLACEHOLDER.CHART, PP_PLACEHOLDER.PICTURE)

# What each role wants, best first: layout kinds named after Office's defaults.
PREFERENCES = {
    "title": ("title", "section", "content", "title_only"),
    "section": ("section", "title", "title_only", "content"),
    "closing": ("section", "title", "title_only", "content"),
    "statement": ("content", "title_only"),
    "bullets": ("content", "title_only"),
    "table": ("title_only", "content"),
    "comparison": ("title_only", "content"),
    "chart": ("title_only", "content"),
    "image": ("title_only", "content"),
    "quote": ("title_only", "content"),
}
# Layout names in the languages and spellings seen in real templates.
KNOWN_NAMES = {
    "title": ("title slide", "diapositive de titre", "标题幻灯片", "タイトル スライド",
              "slide de título", "titelfolie", "diapositiva de título", "titeldia",
              "diapositiva titolo", "title"),
    "content": ("title and content", "title content", "titre et contenu", "标题和内容",
                "タイトルとコンテンツ", "título e conteúdo", "titel und inhalt",
                "título y objetos", "titolo e contenuto", "title and body", "title text",
                "titel en object"),
    "title_only": ("title only", "titre seul", "仅标题", "タイトルのみ", "somente título",
                   "apenas título", "nur titel", "solo el título", "solo titolo", "alleen titel"),
    "section": ("section header", "titre de section", "节标题", "セクション見出し",
                "cabeçalho da seção", "cabeçalho de seção", "abschnittsüberschrift",
                "encabezado de sección", "intestazione sezione", "section title"),
    "blank": ("blank", "blank slide", "vide", "空白", "白紙", "em branco", "leer", "en blanco",
              "vuoto"),
}  # fmt: skip
LAYOUT_TYPES = {"title": "title", "obj": "content", "tx": "content", "titleOnly": "title_only",
                "secHead": "section", "blank": "blank"}  # fmt: skip


def normal(name: str) -> str:
    """A layout name for comparison: case, accents' forms, punctuation and "and" folded."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[,;:&/_\-–—]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^(\d+ )|( \d+)$", "", text)  # LibreOffice and Office number duplicates


_KNOWN = {normal(n): kind for kind, names in KNOWN_NAMES.items() for n in names}


@dataclass
class Placeholder:
    """A placeholder of a layout: what `template inspect` prints and choice relies on."""

    type: Any
    idx: int
    name: str
    box: Box | None

    @property
    def type_name(self) -> str:
        return str(self.type).split(".")[-1].split(" ")[0].lower() if self.type else "none"


@dataclass
class Choice:
    layout: Any
    kind: str
    reason: str
    fallback: bool  # True when the role's preferred kind was not found


@dataclass
class DeckTemplate:
    """A deck template opened once: layout per role, title and content boxes, fonts."""

    path: Path
    prs: Any
    choices: dict[str, Choice]
    areas: dict[str, Area]
    font: measure.Font
    heading_font: measure.Font
    warnings: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return int(self.prs.slide_width)

    @property
    def height(self) -> int:
        return int(self.prs.slide_height)

    def geometry(self) -> Geometry:
        """What planning needs to know of this deck: content and title boxes, fonts."""
        from deckgen.geometry import Geometry

        return Geometry.of_areas(self.areas, self.font, self.heading_font)


def holders(layout: Any) -> list[Placeholder]:
    """Every placeholder of ``layout`` with its (inherited) position.

    A `p:ph` without a type is a body/object placeholder and one without an idx is idx 0,
    as the file format says; python-pptx reads both that way.
    """
    out = []
    for shape in layout.placeholders:
        fmt = shape.placeholder_format
        try:
            box = Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        except (TypeError, AttributeError):
            box = None  # no position here or on the master
        out.append(Placeholder(fmt.type, int(fmt.idx), shape.name, box))
    return out


def _area(box: Box | None) -> int:
    return box.width * box.height if box else 0


def classify(layout: Any, slide_area: int) -> str:
    """The kind of a layout from its placeholders: title, section, content, title_only, blank."""
    found = holders(layout)
    types = [h.type for h in found]
    has_title = any(t in TITLE_TYPES for t in types)
    if PP_PLACEHOLDER.CENTER_TITLE in types or (has_title and PP_PLACEHOLDER.SUBTITLE in types):
        return "title"
    bodies = [h for h in found if h.type in CONTENT_TYPES]
    if not has_title:
        return "blank" if not bodies else "other"
    if not bodies:
        return "title_only"
    largest = max(_area(h.box) for h in bodies)
    if len(bodies) == 1 and largest < slide_area * 0.15:
        return "section"
    return "content" if len(bodies) == 1 else "multi"


def _layouts(prs: Any) -> list[tuple[Any, int]]:
    """All layouts of all masters, with their master's number, the first master first."""
    return [(layout, i) for i, master in enumerate(prs.slide_masters)
            for layout in master.slide_layouts]  # fmt: skip


def _has_title(layout: Any) -> bool:
    return any(h.type in TITLE_TYPES for h in holders(layout))


def choose(prs: Any, wanted: dict[str, str]) -> tuple[dict[str, Choice], list[str]]:
    """The layout for every role, with the reason it was chosen, and warnings for fallbacks."""
    layouts = _layouts(prs)
    if not layouts:
        raise TemplateError("the deck template has no slide layouts")
    width, height = int(prs.slide_width), int(prs.slide_height)
    area = width * height
    by_name: dict[str, Any] = {}
    kinds: dict[str, list[tuple[Any, str]]] = {}
    for layout, _master in layouts:
        name = normal(layout.name or "")
        if name:
            by_name.setdefault(name, layout)
        if not _has_title(layout):
            continue  # every slide needs a real title placeholder (accessibility)
        if name in _KNOWN:
            kinds.setdefault(_KNOWN[name], []).append((layout, f"its name {layout.name!r}"))
        declared = LAYOUT_TYPES.get(layout._element.get("type", ""))
        if declared:
            kinds.setdefault(declared, []).append((layout, f"its type {declared!r}"))
        shape = classify(layout, area)
        kinds.setdefault(shape, []).append((layout, f"its placeholders ({shape})"))
    choices: dict[str, Choice] = {}
    warnings: list[str] = []
    for role in ROLES:
        named = wanted.get(role)
        if named and normal(named) in by_name and _has_title(by_name[normal(named)]):
            layout = by_name[normal(named)]
            choices[role] = Choice(layout, role, "named in template.yaml", False)
            continue
        if named:
            warnings.append(f"layout {named!r} for role {role} is not in the deck template")
        choices[role], better = _best(role, kinds, layouts, (width, height))
        if better and better not in warnings:
            warnings.append(better)
        if choices[role].fallback:
            warnings.append(
                f"no {PREFERENCES[role][0].replace('_', ' ')} layout for role {role}: "
                f"using {choices[role].layout.name!r} ({choices[role].reason})"
            )
    return choices, warnings


_EVIDENCE = ("its name", "its type", "its placeholders")  # strongest first


def _title_fits(layout: Any, size: tuple[int, int]) -> bool:
    """Whether ``layout``'s own title placeholder can hold a title (no box of deckgen's)."""
    title = title_holder(layout)
    return title is None or _own_title(layout, title, *size) is None


def _best(role: str, kinds: dict[str, list[tuple[Any, str]]], layouts: list[Any],
          size: tuple[int, int]) -> tuple[Choice, str | None]:  # fmt: skip
    """The role's layout, and a note when a layout of the same kind was passed over because
    its title placeholder is too small or off the slide (a better one was there)."""
    for rank, kind in enumerate(PREFERENCES[role]):
        if kinds.get(kind):
            found = kinds[kind]
            strength = [next(i for i, e in enumerate(_EVIDENCE) if why.startswith(e))
                        for _layout, why in found]  # fmt: skip
            first, first_why = found[strength.index(min(strength))]
            # only a layout known as surely as the first (by name when it was by name): a
            # layout merely shaped like one (a section header with a body) is no better
            fits = [i for i, (layout, _) in enumerate(found)
                    if strength[i] == min(strength) and _title_fits(layout, size)]  # fmt: skip
            note = None
            layout, why = first, first_why
            if fits and not _title_fits(first, size):
                layout, why = found[fits[0]]
                note = (f"layout {first.name!r} ({first_why}) has a title placeholder too "
                        f"small or off the slide: role {role} uses {layout.name!r} ({why}), "
                        "a layout of the same kind whose title fits")  # fmt: skip
            return Choice(layout, kind, why, rank > 0), note
    for layout, _ in layouts:  # anything with a title placeholder
        if _has_title(layout):
            return Choice(layout, "other", "the first layout with a title", True), None
    raise TemplateError("no slide layout of the deck template has a title placeholder")


def title_holder(layout: Any) -> Placeholder | None:
    found = [h for h in holders(layout) if h.type in TITLE_TYPES and h.box]
    found.sort(key=lambda h: (h.box.top, h.box.left))  # type: ignore[union-attr]
    return found[0] if found else None


def body_holder(layout: Any) -> Placeholder | None:
    """The largest body placeholder: the one content goes in when there are several."""
    found = [h for h in holders(layout) if h.type in BODY_TYPES and h.box]
    return max(found, key=lambda h: _area(h.box)) if found else None


def _clip(box: Box, width: int, height: int) -> Box:
    """``box`` kept inside the slide and out of the reserved bands."""
    top_min = Inches(TOP_BAND + 0.04)
    bottom_max = height - Inches(BOTTOM_BAND + SOURCE_BAND)
    left = max(box.left, Inches(0.25))
    right = min(box.right, width - Inches(0.25))
    top = max(box.top, top_min)
    bottom = min(box.bottom, bottom_max)
    return Box(int(left), int(top), int(max(right - left, Inches(1))),
               int(max(bottom - top, Inches(0.3))))  # fmt: skip


def decorations(layout: Any) -> list[tuple[Box, str | None]]:
    """Shapes of the layout (and its master, unless hidden) that are not placeholders, with
    their solid fill colour where one is set."""
    shapes = list(layout.shapes)
    if layout._element.get("showMasterSp") != "0":
        shapes = list(layout.slide_master.shapes) + shapes
    out = []
    for shape in shapes:
        if shape.is_placeholder:
            continue
        try:
            box = Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        except (TypeError, AttributeError):
            continue
        fill = None
        srgb = shape._element.find(".//" + qn("a:solidFill") + "/" + qn("a:srgbClr"))
        if srgb is not None and shape._element.find(qn("p:spPr")) is not None:
            fill = srgb.get("val")
        out.append((box, fill))
    return out


def geometry(layout: Any, width: int, height: int) -> Area:
    """Where the title, the content and the source line go on slides of ``layout``.

    Content keeps clear of the bands deckgen draws in and of wide decorations a designer
    put low on the slide (a picture strip, a coloured band): it ends above them.
    """
    title = title_holder(layout)
    margin = Inches(0.5)
    own = _own_title(layout, title, width, height)
    if own is not None:
        title_box = own
    elif title and title.box:
        title_box = _clip(title.box, width, height)
    else:
        title_box = Box(int(margin), int(Inches(TOP_BAND + 0.15)), int(width - 2 * margin),
                        int(Inches(0.9)))  # fmt: skip
    floor = height - Inches(BOTTOM_BAND)
    busy = False
    shapes = decorations(layout)
    lowest = title_box.bottom + Inches(0.1 + MIN_CONTENT_HEIGHT + SOURCE_BAND + 0.1)
    for box, _fill in shapes:
        wide = box.width >= width * 0.6 and box.height < height * 0.7
        # content ends above a low decoration only if it keeps its minimum height there;
        # else it runs over it (the text takes a legible colour or band on what is under)
        if wide and box.top > title_box.bottom + Inches(1.2) and box.top >= lowest:
            floor = min(floor, box.top - Inches(0.05))
        if wide and (box.bottom > height - Inches(BOTTOM_BAND) or box.top < Inches(TOP_BAND)):
            busy = True
    bottom_max = floor - Inches(SOURCE_BAND + 0.05)
    # A layout without a body (Title Only) still has its master's body area, which the
    # designer kept clear of the master's decorations: content goes there.
    body = body_holder(layout) or body_holder(layout.slide_master)
    content = None
    if body and body.box:
        box = _clip(body.box, width, height)
        top = max(box.top, title_box.bottom + Inches(0.1))
        above = box.bottom <= title_box.top + Inches(0.05)
        if above:
            top = box.top  # the designer put the body above the title (a section header)
        box = Box(box.left, int(top), box.width, int(min(box.bottom, bottom_max) - top))
        least = Inches(0.5 if above else MIN_CONTENT_HEIGHT)  # above: a line, not content
        if box.height >= least and box.width >= width * 0.4:
            content = box
    if content is None:
        top = title_box.bottom + Inches(0.2)
        left = max(min(title_box.left, width // 10), Inches(0.3))
        # at least an inch, moved up to end above the bottom band on a crowded layout
        tall = int(max(bottom_max - top, Inches(1)))
        top = min(top, max(title_box.bottom, bottom_max - tall))
        content = Box(int(left), int(top), int(width - 2 * left), tall)
    source = Box(content.left, int(floor - Inches(SOURCE_BAND)), content.width,
                 int(Inches(SOURCE_BAND)))  # fmt: skip
    return Area(title_box, content, source, busy, on_dark(content, shapes),
                on_dark(title_box, shapes), title_size(layout), own is not None)  # fmt: skip


def _on_slide(box: Box, width: int, height: int) -> bool:
    """Whether ``box`` lies wholly on the slide."""
    return box.left >= 0 and box.top >= 0 and box.right <= width and box.bottom <= height


def _own_title(layout: Any, title: Placeholder | None, width: int, height: int) -> Box | None:
    """deckgen's own title box where the layout's title placeholder cannot hold a title: off
    the slide, or smaller than two lines of a title once kept clear of the marking band (a
    0.4 in ribbon). On a title slide whose subtitle area is the large one, the title takes
    the top of that area (the subtitle goes beneath it); elsewhere the full width, under the
    marking band. None when the placeholder will do."""
    if title is None or title.box is None:
        return None
    clipped = _clip(title.box, width, height)
    small = clipped.height < Inches(MIN_TITLE_HEIGHT) or clipped.width < width * 0.4
    if _on_slide(title.box, width, height) and not small:
        return None
    top = int(Inches(TOP_BAND + 0.1))
    sub = next((h for h in holders(layout) if h.type == PP_PLACEHOLDER.SUBTITLE and h.box), None)
    if sub is not None and sub.box is not None and sub.box.height > 2 * clipped.height:
        area = _clip(sub.box, width, height)
        room = area.top - top
        if room >= Inches(MIN_TITLE_HEIGHT + 0.1):
            # room above the subtitle: the title sits just above it and the subtitle keeps
            # its whole area (the title slide's rows need the room below)
            tall = int(min(room, Inches(1.6)))
            return Box(area.left, int(area.top - tall), area.width, tall)
        return Box(area.left, max(area.top, top), area.width, int(Inches(1.6)))
    margin = int(Inches(0.5))
    return Box(margin, top, int(width - 2 * margin), int(Inches(MIN_TITLE_HEIGHT + 0.1)))


def title_note(layout: Any, area: Area, width: int, height: int) -> str | None:
    """The warning for a layout whose title deckgen placed itself, or None."""
    if not area.own_title:
        return None
    title = title_holder(layout)
    off = bool(title and title.box and not _on_slide(title.box, width, height))
    where = "off the slide" if off else "too small for a title"
    size = ""
    if title and title.box:
        size = f" ({title.box.width / 914400:.2f} x {title.box.height / 914400:.2f} in)"
    w, h = area.title.inches()
    return (
        f"layout {layout.name!r}: its title placeholder{size} is {where}; deckgen places "
        f"its own title box ({w:.2f} x {h:.2f} in) so titles keep their size"
    )


def title_size(layout: Any) -> float:
    """The point size titles have on ``layout``: its title placeholder's own list style,
    else the master's title style, else Office's default of 44 pt."""
    holder = next((ph for ph in layout.placeholders
                   if ph.placeholder_format.type in TITLE_TYPES), None)  # fmt: skip
    paths = []
    if holder is not None:
        paths.append((holder._element, ".//a:lstStyle/a:lvl1pPr/a:defRPr"))
        paths.append((holder._element, ".//a:p/a:r/a:rPr"))
    master = layout.slide_master._element
    paths.append((master, ".//p:titleStyle/a:lvl1pPr/a:defRPr"))
    return _first_size(paths, 44.0)


def number_size(layout: Any) -> float:
    """The point size the slide number has in ``layout``'s slide-number placeholder: its own
    list style or runs, the master's placeholder's, the master's other-text style, else
    Office's default of 18 pt."""
    paths = []
    for owner in (layout, layout.slide_master):
        holder = next((ph for ph in owner.placeholders
                       if ph._element.ph.get("type") == "sldNum"), None)  # fmt: skip
        if holder is not None:
            paths.append((holder._element, ".//a:lstStyle/a:lvl1pPr/a:defRPr"))
            paths.append((holder._element, ".//a:p/a:fld/a:rPr | .//a:p/a:r/a:rPr"))
    paths.append((layout.slide_master._element, ".//p:otherStyle/a:lvl1pPr/a:defRPr"))
    return _first_size(paths, 18.0)


def _first_size(paths: list[tuple[Any, str]], default: float) -> float:
    """The first ``sz`` (hundredths of a point) found along ``paths``, in points."""
    for element, path in paths:
        for found in element.xpath(path):
            if found.get("sz"):
                return int(found.get("sz")) / 100
    return default


def theme_fonts(prs: Any) -> tuple[str | None, str | None]:
    """The theme's heading (major) and body (minor) Latin typefaces."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = prs.slide_master.part.part_related_by(RT.THEME)
    except KeyError:
        return None, None
    return typefaces(theme.blob)


def _theme_fonts(prs: Any, fonts: dict[str, str]) -> None:
    """A template set's typefaces written into every theme of the deck (headings: major)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    for master in prs.slide_masters:
        try:
            theme = master.part.part_related_by(RT.THEME)
        except KeyError:
            continue
        theme._blob = with_typefaces(theme.blob, fonts)


def open_deck(path: Path, wanted: dict[str, str], fonts: dict[str, str]) -> DeckTemplate:
    """Open a .pptx/.potx deck template and decide every role's layout and geometry."""
    from deckgen.ooxml.safe_reader import package_bytes, read_package

    parts = read_package(Path(path), "deck")  # checked: no entity, no macro, no bomb
    try:
        return _open(path, Presentation(io.BytesIO(package_bytes(parts))), wanted, fonts)
    except TemplateError as exc:
        raise TemplateError(f"{path}: {exc.message}") from None
    except Exception as exc:  # python-pptx raises many kinds for a file of an odd shape
        raise TemplateError(f"{path}: cannot use the deck template: {exc}") from exc


def _slide_size(prs: Any) -> tuple[int, int]:
    """The slide's size in EMU, refused when no briefing could fit on it (the planner's floor:
    boxes.MIN_SLIDE_WIDTH and MIN_SLIDE_HEIGHT) rather than planned into boxes that cannot
    hold a line."""
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    if width < Inches(MIN_SLIDE_WIDTH) or height < Inches(MIN_SLIDE_HEIGHT):
        raise TemplateError(
            f"its slides are {width / 914400:.2f} x {height / 914400:.2f} in, too small to "
            f"hold a briefing (deckgen needs at least {MIN_SLIDE_WIDTH:g} in wide and "
            f"{MIN_SLIDE_HEIGHT:g} in tall: the marking bands, a title and a table row at the "
            "set's smallest sizes); make the slides larger in PowerPoint (Design > Slide Size) "
            "or Impress (Slide > Slide Properties), or use another deck template"
        )
    return width, height


def _open(path: Path, prs: Any, wanted: dict[str, str], fonts: dict[str, str]) -> DeckTemplate:
    width, height = _slide_size(prs)
    choices, warnings = choose(prs, wanted)
    areas = {role: geometry(choice.layout, width, height) for role, choice in choices.items()}
    for role, choice in choices.items():
        note = title_note(choice.layout, areas[role], width, height)
        if note and note not in warnings:
            warnings.append(note)
    major, minor = theme_fonts(prs)
    body = measure.font(fonts.get("body") or minor)
    heading = measure.font(fonts.get("heading") or major)
    for face in dict.fromkeys((heading, body)):  # in a fixed order, each face once
        if not face.exact:
            warnings.append(measure.conservative_note(face))
    warnings += _repeated_shape_ids(prs)
    if fonts:
        _theme_fonts(prs, fonts)
    return DeckTemplate(path, prs, choices, areas, body, heading, warnings)


def _repeated_shape_ids(prs: Any) -> list[str]:
    """The template's own masters and layouts that give two shapes one id (LibreOffice's
    exports do): deckgen copies those parts as they are, so the fault is the template's,
    and PowerPoint may offer to repair the file."""
    found = []
    for master in prs.slide_masters:
        for part in (master, *master.slide_layouts):
            ids = [el.get("id") for el in part.element.iter(qn("p:cNvPr"))]
            repeated = sorted({i for i in ids if ids.count(i) > 1}, key=lambda i: int(i or 0))
            if repeated:
                where = part.part.partname.lstrip("/")
                found.append(f"the template's {where} gives several shapes the same id "
                             f"({', '.join(repeated)}); deckgen copies it unchanged, so "
                             "PowerPoint may offer to repair the deck: save the template "
                             "again in PowerPoint to fix it")  # fmt: skip
    return found


def drop_slides(prs: Any) -> None:
    """Remove a template's sample slides: the slide-id entry and its relationship, so no
    orphan part is left for PowerPoint to repair."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
