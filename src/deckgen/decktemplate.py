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
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu, Inches

from . import measure
from .errors import TemplateError
from .manifest import ROLES
from .writers.ooxml import read_package

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
CONTENT_TYPES = (*BODY_TYPES, PP_PLACEHOLDER.TABLE, PP_PLACEHOLDER.CHART, PP_PLACEHOLDER.PICTURE)
FURNITURE_TYPES = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)

# Bands deckgen draws into on every slide (inches): marking on top; marking, number and
# footer at the bottom; the source line just above.
TOP_BAND = 0.42
BOTTOM_BAND = 0.45
SOURCE_BAND = 0.38
MIN_CONTENT_HEIGHT = 1.5

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


@dataclass
class Holder:
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
    titles: dict[str, Box]
    contents: dict[str, Box]
    font: measure.Font
    heading_font: measure.Font
    warnings: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return int(self.prs.slide_width)

    @property
    def height(self) -> int:
        return int(self.prs.slide_height)

    def content_inches(self, role: str) -> tuple[float, float]:
        return self.contents[role].inches()


def holders(layout: Any) -> list[Holder]:
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
        out.append(Holder(fmt.type, int(fmt.idx), shape.name, box))
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
    area = int(prs.slide_width) * int(prs.slide_height)
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
        choices[role] = _best(role, kinds, layouts)
        if choices[role].fallback:
            warnings.append(
                f"no {PREFERENCES[role][0].replace('_', ' ')} layout for role {role}: "
                f"using {choices[role].layout.name!r} ({choices[role].reason})"
            )
    return choices, warnings


def _best(role: str, kinds: dict[str, list[tuple[Any, str]]], layouts: list[Any]) -> Choice:
    for rank, kind in enumerate(PREFERENCES[role]):
        if kinds.get(kind):
            layout, why = kinds[kind][0]
            return Choice(layout, kind, why, rank > 0)
    for layout, _ in layouts:  # anything with a title placeholder
        if _has_title(layout):
            return Choice(layout, "other", "the first layout with a title", True)
    raise TemplateError("no slide layout of the deck template has a title placeholder")


def title_holder(layout: Any) -> Holder | None:
    found = [h for h in holders(layout) if h.type in TITLE_TYPES and h.box]
    found.sort(key=lambda h: (h.box.top, h.box.left))  # type: ignore[union-attr]
    return found[0] if found else None


def body_holder(layout: Any) -> Holder | None:
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


def geometry(layout: Any, width: int, height: int) -> tuple[Box, Box]:
    """Where the title goes and where content goes on slides of ``layout``."""
    title = title_holder(layout)
    margin = Inches(0.5)
    if title and title.box:
        title_box = _clip(title.box, width, height)
        if title_box.height < Inches(0.5):
            title_box = Box(title_box.left, title_box.top, title_box.width, int(Inches(0.6)))
    else:
        title_box = Box(int(margin), int(Inches(TOP_BAND + 0.15)), int(width - 2 * margin),
                        int(Inches(0.9)))  # fmt: skip
    bottom_max = height - Inches(BOTTOM_BAND + SOURCE_BAND + 0.05)
    body = body_holder(layout)
    if body and body.box:
        box = _clip(body.box, width, height)
        top = max(box.top, title_box.bottom + Inches(0.1))
        box = Box(box.left, int(top), box.width, int(min(box.bottom, bottom_max) - top))
        if box.height >= Inches(MIN_CONTENT_HEIGHT) and box.width >= width * 0.4:
            return title_box, box
    top = title_box.bottom + Inches(0.2)
    left = max(min(title_box.left, width // 10), Inches(0.3))
    return title_box, Box(int(left), int(top), int(width - 2 * left), int(bottom_max - top))


def theme_fonts(prs: Any) -> tuple[str | None, str | None]:
    """The theme's heading (major) and body (minor) Latin typefaces."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = prs.slide_master.part.part_related_by(RT.THEME)
    except KeyError:
        return None, None
    from lxml import etree

    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    major = root.find(".//a:majorFont/a:latin", ns)
    minor = root.find(".//a:minorFont/a:latin", ns)
    return (major.get("typeface") if major is not None else None,
            minor.get("typeface") if minor is not None else None)  # fmt: skip


def open_deck(path: Path, wanted: dict[str, str], fonts: dict[str, str]) -> DeckTemplate:
    """Open a .pptx/.potx deck template and decide every role's layout and geometry."""
    try:
        prs = Presentation(io.BytesIO(read_package(str(path))))
    except Exception as exc:  # python-pptx raises several kinds for a bad file
        raise TemplateError(f"{path}: cannot open the deck template: {exc}") from exc
    choices, warnings = choose(prs, wanted)
    width, height = int(prs.slide_width), int(prs.slide_height)
    titles, contents = {}, {}
    for role, choice in choices.items():
        titles[role], contents[role] = geometry(choice.layout, width, height)
    major, minor = theme_fonts(prs)
    body = measure.font(fonts.get("body") or minor)
    heading = measure.font(fonts.get("heading") or major)
    for face in {body, heading}:
        if not face.exact:
            warnings.append(f"no metrics for font {face.name!r}: measuring text with the "
                            f"closest by width ({face.table})")  # fmt: skip
    return DeckTemplate(path, prs, choices, titles, contents, body, heading, warnings)


def placeholder_on(slide: Any, types: tuple[Any, ...], largest: bool = False) -> Any:
    """A slide's placeholder of one of ``types``: top-most first, or the largest."""
    found = [ph for ph in slide.placeholders if ph.placeholder_format.type in types]
    if not found:
        return None
    if largest:
        return max(found, key=lambda p: (p.width or 0) * (p.height or 0))
    return min(found, key=lambda p: (p.top or 0, p.left or 0))


def place(shape: Any, box: Box) -> None:
    """Give a slide's placeholder its own position, overriding its layout's."""
    shape.left, shape.top, shape.width, shape.height = (
        Emu(box.left),
        Emu(box.top),
        Emu(box.width),
        Emu(box.height),
    )


def strip_furniture(slide: Any) -> None:
    """Drop date, footer and slide-number placeholders: deckgen draws its own furniture."""
    for ph in list(slide.placeholders):
        element = ph._element.ph
        if element is not None and element.get("type") in ("dt", "ftr", "sldNum"):
            ph._element.getparent().remove(ph._element)
