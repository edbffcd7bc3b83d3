"""A slide layout's backgrounds and shapes to the colours under a box, and WCAG contrast maths.

One module answers "what is really behind this text box, and can text of this colour be read
on it" for the deck writer (which picks legible colours or a backing band) and for `lint`
(which checks the built deck). The backdrop is plain data, so the deck template cache keeps it:
the background of the slide's layout or master (`p:bg`: a solid fill, a gradient, a picture,
or a theme `bgRef`), then every shape of the master and layout with a fill or a picture, each a
grid of colours over its box. Pictures are decoded with Pillow and sampled cell by cell.
"""

from __future__ import annotations

import colorsys
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from deckgen.geometry import Box

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = f"{{{NS_A}}}"
_P = f"{{{NS_P}}}"
WHITE = "#FFFFFF"
BLACK = "#000000"
GRID = (24, 14)  # cells a picture is sampled into (across, down): fine enough for a ribbon
OPAQUE = 128  # a picture's pixels below this alpha let what lies beneath show through


# -- WCAG 2.1 ------------------------------------------------------------------------------


def rgb(color: Any) -> tuple[float, float, float] | None:
    """A hex colour as three fractions, or None when it is not one."""
    found = re.fullmatch(r"#?([0-9A-Fa-f]{6})", str(color or "").strip())
    if not found:
        return None
    h = found.group(1)
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a hex colour (0 black to 1 white)."""
    value = rgb(color)
    if value is None:
        raise ValueError(f"not a hex colour: {color!r}")
    r, g, b = (_linear(c) for c in value)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _linear(c: float) -> float:
    """An sRGB channel (0-1) in linear light."""
    # 0.04045 is the sRGB threshold; WCAG's 0.03928 differs only for values no 8-bit colour has
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    """A linear-light channel (0-1) back in sRGB."""
    c = min(1.0, max(0.0, c))
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two hex colours, from 1 (same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(color: str) -> bool:
    """Whether white text reads better on ``color`` than black: the one test of a dark
    background, by WCAG contrast (as deepened and the writers judge text)."""
    return ratio("#FFFFFF", color) > ratio("#000000", color)


def on_dark(area: Box, shapes: list[tuple[Box, str | None]]) -> bool:
    """True when the top-most filled shape under ``area``'s middle is dark."""
    x, y = area.left + area.width // 2, area.top + area.height // 2
    under = [fill for box, fill in shapes
             if fill and box.left <= x <= box.right and box.top <= y <= box.bottom]  # fmt: skip
    return bool(under) and is_dark(under[-1])


def needed(size: float, bold: bool) -> float:
    """WCAG 1.4.3's minimum ratio: large text (18 pt, or 14 pt bold) needs 3:1, the rest 4.5:1."""
    return 3.0 if size >= 18 or (bold and size >= 14) else 4.5


def deepened(color: str, ground: str, floor: float) -> str:
    """``color`` made darker (on a light ground) or lighter (on a dark one), its hue kept, just
    until it reads at ``floor`` on ``ground``: a designer's pale blue heading becomes a deeper
    blue, not black. Black or white when no shade of the hue reaches it."""
    value = rgb(color)
    if value is None or ratio(color, ground) >= floor:
        return color
    hue, light, sat = colorsys.rgb_to_hls(*value)
    toward = -1 if luminance(ground) > 0.18 else 1  # 0.18: the middle grey of contrast
    for step in range(1, 51):
        shade = min(1.0, max(0.0, light + toward * step / 50))
        r, g, b = colorsys.hls_to_rgb(hue, shade, sat)
        candidate = "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))
        if ratio(candidate, ground) >= floor:
            return candidate
    return BLACK if toward < 0 else WHITE


def worst(color: str, under: Iterable[str]) -> float:
    """The lowest contrast ``color`` has against any of the colours ``under`` it."""
    return min((ratio(color, c) for c in under), default=21.0)


# -- the backdrop ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """One thing behind the slide's text: its box and a grid of colours over it (rows of
    cells, top row first; "" where a picture is transparent). ``spread`` says every colour of
    the grid may lie anywhere under it (a gradient: the worst stop counts everywhere)."""

    box: Box
    grid: tuple[tuple[str, ...], ...]
    spread: bool = False

    def at(self, x: int, y: int) -> list[str] | None:
        """The colours this layer shows at (x, y); None where it does not cover the point."""
        b = self.box
        if not (b.left <= x <= b.right and b.top <= y <= b.bottom) or not self.grid:
            return None
        if self.spread:
            return [c for row in self.grid for c in row if c]
        rows, cols = len(self.grid), len(self.grid[0])
        r = min(rows - 1, max(0, (y - b.top) * rows // max(1, b.height)))
        c = min(cols - 1, max(0, (x - b.left) * cols // max(1, b.width)))
        found = self.grid[r][c]
        return [found] if found else None


@dataclass(frozen=True)
class Backdrop:
    """What lies behind the text of slides of one layout, bottom layer first."""

    layers: tuple[Layer, ...]

    def under(self, box: Box, steps: tuple[int, int] = (9, 5)) -> list[str]:
        """Every colour that lies under ``box``, sampled on a grid of points inside it: at
        each point, the top-most layer that covers it (white where nothing does, as Office
        shows a slide without a background)."""
        found: dict[str, None] = {}
        across, down = steps
        for i in range(across):
            for j in range(down):
                x = box.left + box.width * (2 * i + 1) // (2 * across)
                y = box.top + box.height * (2 * j + 1) // (2 * down)
                colors = None
                for layer in reversed(self.layers):
                    colors = layer.at(x, y)
                    if colors:
                        break
                for color in colors or [WHITE]:
                    found[color] = None
        return list(found)


@dataclass(frozen=True)
class Choice:
    """A legible colour for one text box: the colour, a backing band's fill if one is
    needed, and whether it departs from the colour the palette or template asked for."""

    color: str
    fill: str | None
    departs: bool
    contrast: float


def choose(wanted: str, under: list[str], size: float, bold: bool,
           band: str = WHITE, band_text: str | None = None) -> Choice:  # fmt: skip
    """``wanted`` when it reads on everything ``under`` the box; else white or near-black,
    whichever reads; else a backing band of ``band`` with ``band_text`` (or ``wanted``) on it."""
    floor = needed(size, bold)
    have = worst(wanted, under)
    if have >= floor:
        return Choice(wanted, None, False, have)
    for other in (WHITE, "#1A1A1A"):
        if worst(other, under) >= floor:
            return Choice(other, None, True, worst(other, under))
    on_band = band_text or wanted
    if ratio(on_band, band) < floor:
        on_band = "#1A1A1A" if ratio("#1A1A1A", band) >= ratio(WHITE, band) else WHITE
    return Choice(on_band, band, True, ratio(on_band, band))


# -- reading a layout (python-pptx objects, at template-preparation or lint time) ----------


def _hex(value: str) -> str:
    return "#" + value.upper()


class Colors:
    """A master's colour map and its theme's colour scheme: scheme names to hex colours."""

    def __init__(self, master: Any) -> None:
        self.scheme: dict[str, str] = {}
        self.fill_styles: list[Any] = []
        self.map: dict[str, str] = {}
        clr_map = master._element.find(f"{_P}clrMap")
        if clr_map is not None:
            self.map = dict(clr_map.attrib)
        theme = _theme(master)
        if theme is not None:
            scheme = theme.find(f".//{_A}clrScheme")
            for child in scheme if scheme is not None else []:
                value = child[0] if len(child) else None
                if value is None:
                    continue
                color = value.get("val") if value.tag == f"{_A}srgbClr" else value.get("lastClr")
                if color:
                    self.scheme[child.tag.split("}")[1]] = _hex(color)
            styles = theme.find(f".//{_A}bgFillStyleLst")
            self.fill_styles = list(styles) if styles is not None else []

    def resolve(self, element: Any, placeholder: str | None = None) -> str | None:
        """The hex colour of a colour element (srgbClr, schemeClr, sysClr, prstClr), with
        its luminance, shade and tint changes."""
        tag = element.tag.split("}")[1]
        value = element.get("val", "")
        if tag == "srgbClr":
            base = _hex(value)
        elif tag == "sysClr":
            base = _hex(element.get("lastClr") or "000000")
        elif tag == "schemeClr":
            if value == "phClr":
                if placeholder is None:
                    return None
                base = placeholder
            else:
                name = self.map.get(value, value)
                found = self.scheme.get(name)
                if found is None:
                    return None
                base = found
        elif tag == "prstClr":
            base = {"black": BLACK, "white": WHITE}.get(value, BLACK)
        else:
            return None
        return _modified(base, element)

    def first(self, parent: Any, placeholder: str | None = None) -> str | None:
        """The colour of the first colour element under ``parent``."""
        for child in parent.iter():
            if child.tag.split("}")[-1] in ("srgbClr", "schemeClr", "sysClr", "prstClr"):
                return self.resolve(child, placeholder)
        return None


def _modified(base: str, element: Any) -> str:
    """``base`` with DrawingML's lumMod/lumOff (in HSL), shade and tint applied."""
    r, g, b = rgb(base) or (0.0, 0.0, 0.0)
    for mod in element:
        name = mod.tag.split("}")[-1]
        amount = int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, light, s = colorsys.rgb_to_hls(r, g, b)
            light = light * amount if name == "lumMod" else light + amount
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, light)), s)
        # shade and tint work in linear light, as PowerPoint and LibreOffice draw them: tx1
        # at tint 75% (a slide number's usual grey) is #898989, not #404040
        elif name == "shade":
            r, g, b = (_gamma(_linear(c) * amount) for c in (r, g, b))
        elif name == "tint":
            r, g, b = (_gamma(1 - (1 - _linear(c)) * amount) for c in (r, g, b))
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def _theme(master: Any) -> Any:
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return None


def picture_grid(data: bytes, under: str = WHITE) -> tuple[tuple[str, ...], ...]:
    """A picture decoded and sampled into a grid of colours (transparent cells left "")."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (GRID[0] * 4, GRID[1] * 4))  # JPEGs decode small, fast
            small = image.convert("RGBA").resize(GRID, Image.Resampling.BOX)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return ()  # a picture Pillow cannot read (EMF, WMF, SVG): nothing is known of it
    rows = []
    for y in range(GRID[1]):
        row = []
        for x in range(GRID[0]):
            r, g, b, a = small.getpixel((x, y))
            row.append(f"#{r:02X}{g:02X}{b:02X}" if a >= OPAQUE else "")
        rows.append(tuple(row))
    return tuple(rows)


def _fill_layer(fill: Any, box: Box, colors: Colors, part: Any,
                placeholder: str | None = None) -> Layer | None:  # fmt: skip
    """The layer a fill element (solidFill, gradFill, blipFill, pattFill) paints over ``box``."""
    name = fill.tag.split("}")[-1]
    if name == "solidFill":
        color = colors.first(fill, placeholder)
        return Layer(box, ((color,),)) if color else None
    if name == "gradFill":
        stops = [colors.first(gs, placeholder) for gs in fill.iter(f"{_A}gs")]
        found = tuple(c for c in stops if c)
        return Layer(box, (found,), spread=True) if found else None
    if name == "pattFill":
        found = tuple(c for c in (colors.first(e, placeholder) for e in fill
                                  if e.tag in (f"{_A}fgClr", f"{_A}bgClr")) if c)  # fmt: skip
        return Layer(box, (found,), spread=True) if found else None
    if name == "blipFill":
        blip = fill.find(f"{_A}blip")
        rid = blip.get(f"{{{NS_R}}}embed") if blip is not None else None
        if not rid:
            return None
        try:
            data = part.related_part(rid).blob
        except (KeyError, AttributeError):
            return None
        grid = picture_grid(data)
        return Layer(box, grid) if grid else None
    return None


_FILLS = ("solidFill", "gradFill", "blipFill", "pattFill")


def _background(element: Any, part: Any, colors: Colors, box: Box) -> Layer | None:
    """The layer a `p:cSld/p:bg` paints, or None where the part sets no background."""
    bg = element.find(f"{_P}cSld/{_P}bg")
    if bg is None:
        return None
    bg_pr = bg.find(f"{_P}bgPr")
    if bg_pr is not None:
        for child in bg_pr:
            if child.tag.split("}")[-1] in _FILLS:
                return _fill_layer(child, box, colors, part)
        return None
    ref = bg.find(f"{_P}bgRef")
    if ref is None:
        return None
    color = colors.first(ref)
    idx = int(ref.get("idx", "0") or 0)
    styles = colors.fill_styles
    # idx 1001 and up name the theme's background fill styles; 1-999 its plain fill styles
    style = styles[idx - 1001] if 1001 <= idx < 1001 + len(styles) else None
    if style is not None:
        found = _fill_layer(style, box, colors, _theme_part(part), color)
        if found is not None:
            return found
    return Layer(box, ((color,),)) if color else None


def _theme_part(part: Any) -> Any:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        master = part if "slideMaster" in str(part.partname) else part.part_related_by(
            RT.SLIDE_MASTER)  # fmt: skip
        return master.part_related_by(RT.THEME)
    except (KeyError, AttributeError):
        return part


def _shape_layers(shapes: Any, part: Any, colors: Colors) -> list[Layer]:
    """Layers for the shapes of a master or layout that paint something: filled shapes and
    pictures (placeholders are ours to fill, and left out)."""
    out = []
    for shape in shapes:
        if getattr(shape, "is_placeholder", False):
            continue
        try:
            box = Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        except (TypeError, AttributeError):
            continue
        element = shape._element
        if element.tag == f"{_P}pic":
            fill = element.find(f"{_P}blipFill")
            layer = _fill_layer(fill, box, colors, part) if fill is not None else None
        else:
            sp_pr = element.find(f"{_P}spPr")
            layer = None
            for child in sp_pr if sp_pr is not None else []:
                if child.tag.split("}")[-1] in _FILLS:
                    layer = _fill_layer(child, box, colors, part)
                    break
            if layer is None and sp_pr is not None and sp_pr.find(f"{_A}noFill") is None:
                style = element.find(f"{_P}style/{_A}fillRef")
                if style is not None and style.get("idx", "0") != "0":
                    color = colors.first(style)  # a theme-styled shape: its fill colour
                    layer = Layer(box, ((color,),)) if color else None
        if layer is not None:
            out.append(layer)
    return out


def backdrop(layout: Any, width: int, height: int) -> Backdrop:
    """Everything behind the text of slides of ``layout``: its (or its master's) background,
    then the master's shapes unless the layout hides them, then the layout's own shapes."""
    master = layout.slide_master
    colors = Colors(master)
    slide = Box(0, 0, width, height)
    layers: list[Layer] = []
    bg = _background(layout._element, layout.part, colors, slide)
    if bg is None:
        bg = _background(master._element, master.part, colors, slide)
    if bg is not None:
        layers.append(bg)
    if layout._element.get("showMasterSp") != "0":
        layers += _shape_layers(master.shapes, master.part, colors)
    layers += _shape_layers(layout.shapes, layout.part, colors)
    return Backdrop(tuple(layers))


_STYLE = {"title": "titleStyle", "ctrTitle": "titleStyle", "vertTitle": "titleStyle",
          "body": "bodyStyle", "obj": "bodyStyle", "subTitle": "bodyStyle"}  # fmt: skip


def _ph_type(shape: Any) -> str:
    ph = shape._element.find(f".//{_P}nvPr/{_P}ph")
    return ph.get("type", "obj") if ph is not None else ""


def _level_color(element: Any, colors: Colors, level: int = 1) -> str | None:
    """The text colour a list style (lstStyle, titleStyle...) gives paragraphs of ``level``."""
    if element is None:
        return None
    fill = element.find(f"{_A}lvl{level}pPr/{_A}defRPr/{_A}solidFill")
    return colors.first(fill) if fill is not None else None


def text_color(layout: Any, ph_type: str | None, level: int = 1) -> str:
    """The colour text of a placeholder of ``ph_type`` (None: a text box) takes on slides of
    ``layout`` when its runs set none: the layout's placeholder, the master's, the master's
    text styles, and last the theme's text colour (tx1)."""
    master = layout.slide_master
    colors = Colors(master)
    if ph_type:
        same = ("title", "ctrTitle") if ph_type in ("title", "ctrTitle") else (ph_type,)
        for part in (layout, master):
            for shape in part.placeholders:
                if _ph_type(shape) in same:
                    found = _level_color(shape._element.find(f".//{_A}lstStyle"), colors, level)
                    if found:
                        return found
                    break
        style = master._element.find(f"{_P}txStyles/{_P}{_STYLE.get(ph_type, 'otherStyle')}")
        found = _level_color(style, colors, level)
        if found:
            return found
    name = colors.map.get("tx1", "dk1")
    return colors.scheme.get(name, BLACK)


def bullets_hidden(layout: Any, level: int = 1) -> bool:
    """True when body text of ``level`` on ``layout`` would show no bullet marker: the first
    list style that says anything about bullets (layout placeholder, master placeholder,
    master body style) says buNone, or none says anything."""
    master = layout.slide_master
    styles = []
    for part in (layout, master):
        for shape in part.placeholders:
            if _ph_type(shape) in ("body", "obj"):
                styles.append(shape._element.find(f".//{_A}lstStyle"))
                break
    styles.append(master._element.find(f"{_P}txStyles/{_P}bodyStyle"))
    for style in styles:
        ppr = style.find(f"{_A}lvl{level}pPr") if style is not None else None
        if ppr is None:
            continue
        if ppr.find(f"{_A}buNone") is not None:
            return True
        if ppr.find(f"{_A}buChar") is not None or ppr.find(f"{_A}buAutoNum") is not None:
            return False
    return True
