"""Turn python-pptx's and python-docx's built-in templates into a deck and memo for a given Look."""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import docx
import pptx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.coreprops import CoreProperties as DocxCoreProperties
from docx.oxml.ns import qn as wqn
from docx.shared import Inches as DocxInches
from docx.shared import Pt as DocxPt
from docx.shared import RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part as PptxPart
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.parts.coreprops import CorePropertiesPart as PptxCoreProperties
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import SlideLayout

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

# Fixed metadata and zip timestamps: the files are committed, so regenerating them must not
# produce a diff unless the design itself changed.
FIXED_DATETIME = dt.datetime(2020, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
DOC_AUTHOR = "deckgen"

A_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
P_NS = {**A_NS, "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}

EMU_PER_INCH = 914400
Box = tuple[float, float, float, float]  # x, y, w, h in inches

# Insets 0.08 in left/right and 0.05 in top/bottom, in EMU.
INSET_LR, INSET_TB = 73152, 45720

TITLE_PROMPT = "Click to edit Master title style"
SUBTITLE_PROMPT = "Click to edit Master subtitle style"
TEXT_PROMPTS = ("Click to edit Master text styles", "Second level", "Third level")

FONT_REFS = '<a:latin typeface="+{0}-lt"/><a:ea typeface="+{0}-ea"/><a:cs typeface="+{0}-cs"/>'
LVL_ATTRS = 'defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'

# Memo colours every look shares: quotations in a near-black grey and table hairlines in the
# theme's neutral accent6.
QUOTE_GREY = "3A3A3A"
GRID_GREY = "7F7F7F"


# ---------------------------------------------------------------------------------------------
# Looks
# ---------------------------------------------------------------------------------------------
class BodyLevel(NamedTuple):
    """One level of the master's body text: indents in inches, sizes in points."""

    margin: float
    hanging: float
    size: float
    space_before: float
    bullet: str


class Layout(NamedTuple):
    """One slide layout of a set, made from the python-pptx layout it is listed under."""

    shapes: list[str]  # shape XML, bottom of the z-order first
    name: str | None = None  # the name in this set; None keeps python-pptx's
    # Layouts that draw their own band (or nothing at all) hide the master's rule.
    hide_master_shapes: bool = False


class Heading(NamedTuple):
    """A memo heading style: sizes in points."""

    size: float
    colour: str
    space_before: float
    space_after: float
    italic: bool | None = None  # None keeps the Office style's own setting


@dataclass(frozen=True)
class DeckLook:
    """What sets one deck template apart: size, layouts and the master's text styles."""

    slide_size: tuple[int, int]  # EMU
    presentation_format: str  # PowerPoint's name for that size, shown in app.xml
    # python-pptx's layout name -> the layout made from it, in the order the master lists them.
    layouts: Mapping[str, Layout]
    background: str  # theme slot of the master's page colour
    title_box: Box
    body_box: Box
    rule_box: Box  # the master's accent rule, drawn in accent1
    rule_name: str
    title_size: float
    title_bold: bool
    body_levels: tuple[BodyLevel, ...]
    bullet_font: str


@dataclass(frozen=True)
class MemoLook:
    """What sets one memo template apart: body text, title and heading styles."""

    body_size: float  # Normal and Memo Field
    line: int  # body line spacing in 240ths of a line
    ink: str  # body, header and footer text
    title_size: float
    title_colour: str
    title_bold: bool
    muted: str  # subtitle and caption text
    subtitle_italic: bool
    headings: tuple[Heading, Heading, Heading]  # Heading 1 to Heading 3
    quote_left_indent: float  # inches
    field_tab: float  # Memo Field's tab stop, inches
    quote_right_indent: float | None = None  # None leaves the Office style's right indent
    heading1_small_caps: bool = False


@dataclass(frozen=True)
class Look:
    """One built-in template set: its folder name, theme, deck and memo."""

    name: str  # folder under templates/ and the documents' "deckgen NAME template" title
    theme_name: str
    theme_font: str
    theme_colours: Mapping[str, str]  # DrawingML colour slot -> hex RGB
    deck: DeckLook
    memo: MemoLook

    @property
    def doc_title(self) -> str:
        return f"deckgen {self.name} template"


# ---------------------------------------------------------------------------------------------
# Shape XML
# ---------------------------------------------------------------------------------------------
def emu(inches: float) -> int:
    return round(inches * EMU_PER_INCH)


def _xfrm(box: Box) -> str:
    x, y, w, h = (emu(v) for v in box)
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def _body_pr(anchor: str) -> str:
    # noAutofit: the renderer sizes text itself; "shrink on overflow" would make PowerPoint
    # silently rescale fonts the first time someone edits a slide.
    return (
        f'<a:bodyPr vert="horz" wrap="square" lIns="{INSET_LR}" tIns="{INSET_TB}" '
        f'rIns="{INSET_LR}" bIns="{INSET_TB}" rtlCol="0" anchor="{anchor}">'
        "<a:noAutofit/></a:bodyPr>"
    )


def fill(colour: str) -> str:
    # Theme slots are referenced by scheme name so a re-themed copy of the template recolours.
    if colour.startswith("#"):
        return f'<a:solidFill><a:srgbClr val="{colour[1:]}"/></a:solidFill>'
    return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'


def _prompt_paragraphs(prompts: tuple[str, ...]) -> str:
    paras = []
    for level, text in enumerate(prompts):
        ppr = f'<a:pPr lvl="{level}"/>' if level else ""
        paras.append(f'<a:p>{ppr}<a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p>')
    return "".join(paras)


def placeholder(
    shape_id: int,
    name: str,
    ph: str,
    box: Box,
    anchor: str,
    lst_style: str = "",
    prompts: tuple[str, ...] = (TITLE_PROMPT,),
) -> str:
    return (
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr>{ph}</p:nvPr></p:nvSpPr>"
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f"<p:txBody>{_body_pr(anchor)}<a:lstStyle>{lst_style}</a:lstStyle>"
        f"{_prompt_paragraphs(prompts)}</p:txBody></p:sp>"
    )


def rect(shape_id: int, name: str, box: Box, colour: str) -> str:
    return (
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{fill(colour)}<a:ln><a:noFill/></a:ln></p:spPr>"
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def lvl1(
    size_pt: float,
    colour: str,
    *,
    bold: bool = False,
    align: str = "l",
    no_bullet: bool = False,
    line_pct: int | None = None,
) -> str:
    """A layout-level ``a:lvl1pPr`` override (children in schema order)."""
    indent = ' marL="0" indent="0"' if no_bullet else ""
    line = f'<a:lnSpc><a:spcPct val="{line_pct * 1000}"/></a:lnSpc>' if line_pct else ""
    spc = '<a:spcBef><a:spcPts val="0"/></a:spcBef>' if no_bullet else ""
    bu = "<a:buNone/>" if no_bullet else ""
    return (
        f'<a:lvl1pPr{indent} algn="{align}">{line}{spc}{bu}'
        f'<a:defRPr sz="{round(size_pt * 100)}" b="{int(bold)}">{fill(colour)}</a:defRPr>'
        "</a:lvl1pPr>"
    )


# Layout placeholders every set draws; the look chooses where they sit and how their text looks.
def title(box: Box, shape_id: int = 2) -> str:
    return placeholder(shape_id, "Title 1", '<p:ph type="title"/>', box, "b")


def content(shape_id: int, name: str, ph: str, box: Box) -> str:
    return placeholder(shape_id, name, ph, box, "t", prompts=TEXT_PROMPTS)


def cover_title(shape_id: int, box: Box, style: str) -> str:
    return placeholder(shape_id, "Title 1", '<p:ph type="ctrTitle"/>', box, "b", style)


def cover_subtitle(shape_id: int, box: Box, style: str) -> str:
    ph = '<p:ph type="subTitle" idx="1"/>'
    return placeholder(shape_id, "Subtitle 2", ph, box, "t", style, prompts=(SUBTITLE_PROMPT,))


def section_title(shape_id: int, box: Box, style: str) -> str:
    return placeholder(shape_id, "Title 1", '<p:ph type="title"/>', box, "ctr", style)


def section_body(shape_id: int, box: Box, style: str) -> str:
    ph = '<p:ph type="body" idx="1"/>'
    return placeholder(
        shape_id, "Text Placeholder 2", ph, box, "t", style, prompts=TEXT_PROMPTS[:1]
    )


# ---------------------------------------------------------------------------------------------
# Deck
# ---------------------------------------------------------------------------------------------
def _title_style_xml(deck: DeckLook) -> str:
    # 90 % line spacing lets a two-line title fit the 0.95 in box without autofit.
    return (
        f'<p:titleStyle {nsdecls("a", "p")}><a:lvl1pPr algn="l" {LVL_ATTRS}>'
        '<a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef>'
        f'<a:buNone/><a:defRPr sz="{round(deck.title_size * 100)}" b="{int(deck.title_bold)}"'
        f' kern="1200">{fill("tx2")}{FONT_REFS.format("mj")}</a:defRPr></a:lvl1pPr></p:titleStyle>'
    )


def _body_style_xml(deck: DeckLook) -> str:
    levels = []
    for n, (mar, hang, size, before, char) in enumerate(deck.body_levels, start=1):
        levels.append(
            f'<a:lvl{n}pPr marL="{emu(mar)}" indent="{-emu(hang)}" algn="l" {LVL_ATTRS}>'
            '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{round(before * 100)}"/></a:spcBef>'
            '<a:buClr><a:schemeClr val="accent1"/></a:buClr>'
            f'<a:buFont typeface="{deck.bullet_font}"/><a:buChar char="{char}"/>'
            f'<a:defRPr sz="{round(size * 100)}" kern="1200">{fill("tx1")}'
            f"{FONT_REFS.format('mn')}</a:defRPr></a:lvl{n}pPr>"
        )
    return f"<p:bodyStyle {nsdecls('a', 'p')}>{''.join(levels)}</p:bodyStyle>"


def _reset_sp_tree(cSld: etree._Element) -> etree._Element:
    """Empty ``p:spTree`` except its two mandatory group-properties children."""
    sp_tree = cSld.find("p:spTree", P_NS)
    for child in list(sp_tree)[2:]:
        sp_tree.remove(child)
    return sp_tree


def _append(sp_tree: etree._Element, shapes: list[str]) -> None:
    for xml in shapes:
        sp_tree.append(parse_xml(xml))


def _build_master(prs: PptxPresentation, deck: DeckLook) -> None:
    master = prs.slide_master.element
    cSld = master.find("p:cSld", P_NS)
    # A solid fill of a theme slot instead of the theme's background-fill reference; being a
    # slot, it recolours with a re-themed copy.
    bg = cSld.find("p:bg", P_NS)
    bg.getparent().replace(
        bg,
        parse_xml(
            f"<p:bg {nsdecls('a', 'p')}><p:bgPr>{fill(deck.background)}<a:effectLst/>"
            "</p:bgPr></p:bg>"
        ),
    )
    sp_tree = _reset_sp_tree(cSld)
    # Date, footer and slide-number placeholders are dropped: the renderer draws its own
    # marking and numbering in the reserved bands.
    _append(
        sp_tree,
        [
            placeholder(2, "Title Placeholder 1", '<p:ph type="title"/>', deck.title_box, "b"),
            placeholder(
                3,
                "Text Placeholder 2",
                '<p:ph type="body" idx="1"/>',
                deck.body_box,
                "t",
                prompts=(*TEXT_PROMPTS, "Fourth level", "Fifth level"),
            ),
            rect(4, deck.rule_name, deck.rule_box, "accent1"),
        ],
    )
    tx_styles = master.find("p:txStyles", P_NS)
    tx_styles.replace(tx_styles.find("p:titleStyle", P_NS), parse_xml(_title_style_xml(deck)))
    tx_styles.replace(tx_styles.find("p:bodyStyle", P_NS), parse_xml(_body_style_xml(deck)))


def _build_layout(layout: SlideLayout, spec: Layout) -> None:
    element = layout.element
    cSld = element.find("p:cSld", P_NS)
    if spec.name is not None:
        cSld.set("name", spec.name)
    sp_tree = _reset_sp_tree(cSld)
    _append(sp_tree, spec.shapes)
    if spec.hide_master_shapes:
        element.set("showMasterSp", "0")
    else:
        element.attrib.pop("showMasterSp", None)


def _order_layouts(prs: PptxPresentation, names: tuple[str, ...]) -> None:
    """List the layouts in ``names`` order and number their parts 1..n without gaps."""
    id_list = prs.slide_master.element.find("p:sldLayoutIdLst", P_NS)
    by_name = {}
    for entry in list(id_list):
        layout = prs.slide_master.part.related_slide_layout(entry.rId)
        by_name[layout.name] = (entry, layout)
        id_list.remove(entry)
    for number, name in enumerate(names, start=1):
        entry, layout = by_name[name]
        id_list.append(entry)
        # Part names follow the new order so slideLayout1.xml is the cover, as in Office files.
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")


def _retheme(blob: bytes, look: Look) -> bytes:
    """Rename a DrawingML theme part to the look's theme and set its colours and latin fonts."""
    root = etree.fromstring(blob)
    root.set("name", look.theme_name)
    clr_scheme = root.find("a:themeElements/a:clrScheme", A_NS)
    clr_scheme.set("name", look.theme_name)
    for slot, hex_value in look.theme_colours.items():
        el = clr_scheme.find(f"a:{slot}", A_NS)
        # dk1/lt1 are system colours in the Office theme; fixed RGB keeps rendering identical
        # across viewers whatever the OS window colours are.
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{A_NS['a']}}}srgbClr", val=hex_value)
    font_scheme = root.find("a:themeElements/a:fontScheme", A_NS)
    font_scheme.set("name", look.theme_name)
    for which in ("majorFont", "minorFont"):
        font_scheme.find(f"a:{which}/a:latin", A_NS).set("typeface", look.theme_font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _edit_xml_blob(part: PptxPart, edit: Callable[[etree._Element], None]) -> None:
    """Apply ``edit(root)`` to a generic (blob-backed) package part such as app.xml."""
    root = etree.fromstring(part.blob)
    edit(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_pptx_app_props(root: etree._Element, look: Look) -> None:
    ns = {
        "e": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    }
    root.find("e:PresentationFormat", ns).text = look.deck.presentation_format
    # TitlesOfParts lists the theme name; keep it in step with the renamed theme.
    root.find("e:TitlesOfParts/vt:vector/vt:lpstr", ns).text = look.theme_name


def _set_view_guides(root: etree._Element, slide_size: tuple[int, int]) -> None:
    # Guides are in 1/8 pt; centre them on the new slide size instead of the 4:3 one.
    width, height = slide_size
    for guide in root.iterfind(".//p:guide", P_NS):
        if guide.get("orient") == "horz":
            guide.set("pos", str(height * 8 * 72 // EMU_PER_INCH // 2))
        else:
            guide.set("pos", str(width * 8 * 72 // EMU_PER_INCH // 2))


def _set_core_props(props: PptxCoreProperties | DocxCoreProperties, look: Look) -> None:
    props.title = look.doc_title
    props.author = DOC_AUTHOR
    props.last_modified_by = DOC_AUTHOR
    props.comments = ""  # python-pptx and python-docx ship "generated by/using python-..."
    props.revision = 1
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME


def build_deck(path: Path, look: Look) -> None:
    deck = look.deck
    prs = pptx.Presentation()
    # python-pptx's built-in deck is 4:3 (type="screen4x3", view guides centred on it). The
    # size is set even when it matches so the file does not depend on that default.
    resized = (prs.slide_width, prs.slide_height) != deck.slide_size
    prs.slide_width, prs.slide_height = deck.slide_size
    if resized:
        # The 4:3 type would contradict the new size; widescreen decks carry no type.
        prs.element.find("p:sldSz", P_NS).attrib.pop("type", None)

    # SlideLayouts.remove() drops the sldLayoutId entry and the master's relationship; the
    # now-unreachable layout part is then simply not written on save.
    layouts = prs.slide_layouts
    for layout in list(layouts):
        if layout.name not in deck.layouts:
            layouts.remove(layout)
    _build_master(prs, deck)
    for layout in layouts:
        _build_layout(layout, deck.layouts[layout.name])
    kept = tuple(spec.name or source for source, spec in deck.layouts.items())
    _order_layouts(prs, kept)
    names = tuple(layout.name for layout in prs.slide_layouts)
    if names != kept:
        raise RuntimeError(f"unexpected layouts after pruning: {names}")

    master_part = prs.slide_master.part
    theme_part = master_part.part_related_by(RT.THEME)
    theme_part._blob = _retheme(theme_part.blob, look)  # generic part: its XML lives in _blob

    package = prs.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            _edit_xml_blob(part, lambda root: _set_pptx_app_props(root, look))
        elif str(part.partname) == "/ppt/viewProps.xml" and resized:
            _edit_xml_blob(part, lambda root: _set_view_guides(root, deck.slide_size))
    # The bundled thumbnail shows a blank 4:3 Office slide; better none than a wrong one.
    for rel in list(package.iter_rels()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)

    _set_core_props(prs.core_properties, look)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    _normalise_zip(path)


# ---------------------------------------------------------------------------------------------
# Memo
# ---------------------------------------------------------------------------------------------
def _clean_rpr(style: BaseStyle) -> None:
    """Drop theme-colour links and letter-spacing the Office defaults put on a style's runs."""
    rpr = style.element.rPr
    if rpr is None:
        return
    for tag in ("w:spacing", "w:kern"):
        for el in rpr.findall(wqn(tag)):
            rpr.remove(el)
    color = rpr.find(wqn("w:color"))
    if color is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(wqn(attr), None)


def _style_text(
    style: BaseStyle,
    *,
    size: float | None = None,
    colour: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    font = style.font
    if size is not None:
        font.size = DocxPt(size)
        # python-docx sets only w:sz; keep the complex-script size (w:szCs) in step with it.
        sz = style.element.rPr.find(wqn("w:sz"))
        sz_cs = style.element.rPr.find(wqn("w:szCs"))
        if sz_cs is None:
            sz_cs = etree.Element(wqn("w:szCs"))
            sz.addnext(sz_cs)
        sz_cs.set(wqn("w:val"), sz.get(wqn("w:val")))
    if colour is not None:
        font.color.rgb = RGBColor.from_string(colour)
    if bold is not None:
        font.bold = bold
        font.cs_bold = bold
    if italic is not None:
        font.italic = italic
        font.cs_italic = italic
    _clean_rpr(style)


def _sync_linked_char_style(doc: DocxDocument, style: ParagraphStyle) -> None:
    """Copy a paragraph style's run formatting onto its linked "... Char" style.

    Word applies the linked character style when a paragraph style is used on part of a
    paragraph; a stale copy would bring back the old Office 2010 look there.
    """
    link = style.element.find(wqn("w:link"))
    if link is None:
        return
    char_el = doc.styles.element.get_by_id(link.get(wqn("w:val")))
    if char_el is None:
        return
    old = char_el.find(wqn("w:rPr"))
    if old is not None:
        char_el.remove(old)
    if style.element.rPr is not None:
        char_el.append(copy.deepcopy(style.element.rPr))


def _para_style(doc: DocxDocument, name: str, builtin: bool = False) -> ParagraphStyle:
    """Return the paragraph style ``name``, adding it (based on Normal) if missing.

    ``builtin`` leaves out ``w:customStyle`` so Word maps the style onto its own built-in of
    that name (Word compares style names case-insensitively) instead of adding a look-alike.
    """
    try:
        return doc.styles[name]  # type: ignore[return-value]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        return style  # type: ignore[return-value]


def _set_doc_defaults(doc: DocxDocument, line: int) -> None:
    """Body paragraph spacing (6 pt after, ``line`` 240ths) lives in docDefaults, not on Normal.

    Word ranks table-style paragraph properties above docDefaults but below paragraph styles;
    spacing set on Normal would override Table Grid's zero spacing and pad every table cell.
    Word's own 2013+ Normal template is built the same way.
    """
    defaults = doc.styles.element.find(wqn("w:docDefaults"))
    spacing = defaults.find(f"{wqn('w:pPrDefault')}/{wqn('w:pPr')}/{wqn('w:spacing')}")
    spacing.set(wqn("w:after"), "120")
    spacing.set(wqn("w:line"), str(line))
    spacing.set(wqn("w:lineRule"), "auto")


def _soften_table_grid(doc: DocxDocument) -> None:
    """Grey hairlines and a little vertical cell padding for the "Table Grid" style.

    Office's version has black borders and zero top/bottom cell margins, so text sits on the
    rule; both read as heavy in a printed memo.
    """
    tbl_pr = doc.styles["Table Grid"].element.find(wqn("w:tblPr"))
    for border in tbl_pr.find(wqn("w:tblBorders")):
        border.set(wqn("w:color"), GRID_GREY)
    margins = tbl_pr.find(wqn("w:tblCellMar"))
    for side in ("w:top", "w:bottom"):
        margins.find(wqn(side)).set(wqn("w:w"), "43")  # twips, about 0.03 in


def _build_styles(doc: DocxDocument, look: Look) -> None:
    memo = look.memo
    styles = doc.styles
    _set_doc_defaults(doc, memo.line)

    normal = styles["Normal"]
    normal.font.name = look.theme_font  # also the theme minor font; explicit for other readers
    _style_text(normal, size=memo.body_size, colour=memo.ink)

    title_style = styles["Title"]
    ppr = title_style.element.get_or_add_pPr()
    for el in ppr.findall(wqn("w:pBdr")):  # Office 2010's blue rule under the title
        ppr.remove(el)
    _style_text(title_style, size=memo.title_size, colour=memo.title_colour, bold=memo.title_bold)
    title_style.paragraph_format.space_after = DocxPt(4)

    subtitle = styles["Subtitle"]
    ppr = subtitle.element.get_or_add_pPr()
    for el in ppr.findall(wqn("w:numPr")):  # a level-only numPr with no list behind it
        ppr.remove(el)
    _style_text(subtitle, size=13, colour=memo.muted, italic=memo.subtitle_italic)
    subtitle.paragraph_format.space_after = DocxPt(8)

    for level, spec in enumerate(memo.headings, start=1):
        heading = styles[f"Heading {level}"]
        _style_text(heading, size=spec.size, colour=spec.colour, bold=True, italic=spec.italic)
        heading.paragraph_format.space_before = DocxPt(spec.space_before)
        heading.paragraph_format.space_after = DocxPt(spec.space_after)
        heading.paragraph_format.keep_with_next = True
    if memo.heading1_small_caps:
        styles["Heading 1"].font.small_caps = True

    quote = styles["Quote"]
    _style_text(quote, colour=QUOTE_GREY, italic=True)
    quote.paragraph_format.left_indent = DocxInches(memo.quote_left_indent)
    if memo.quote_right_indent is not None:
        quote.paragraph_format.right_indent = DocxInches(memo.quote_right_indent)

    caption = styles["Caption"]
    _style_text(caption, size=9, colour=memo.muted, bold=False, italic=True)
    caption.paragraph_format.space_before = DocxPt(3)
    caption.paragraph_format.space_after = DocxPt(6)
    # Office marks Caption semiHidden; show it in the style gallery like the other styles.
    for el in caption.element.findall(wqn("w:semiHidden")):
        caption.element.remove(el)

    _soften_table_grid(doc)

    for name in ("Header", "Footer"):  # the classification marking repeats here
        hf = styles[name]
        _style_text(hf, size=9, colour=memo.ink, bold=True)
        hf.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    footnote_text = _para_style(doc, "Footnote Text", builtin=True)
    _style_text(footnote_text, size=9)
    footnote_text.paragraph_format.space_after = DocxPt(0)
    footnote_text.paragraph_format.line_spacing = 1.0

    try:
        styles["Footnote Reference"]
    except KeyError:
        ref = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
        ref.base_style = styles["Default Paragraph Font"]
        ref.font.superscript = True

    memo_field = _para_style(doc, "Memo Field")
    _style_text(memo_field, size=memo.body_size)
    memo_field.paragraph_format.space_after = DocxPt(2)
    # One tab stop so "TO:<tab>name" lines align when the renderer uses a tab.
    tab = DocxInches(memo.field_tab)
    memo_field.paragraph_format.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.LEFT)

    marking = _para_style(doc, "Marking")
    _style_text(marking, size=10, bold=True)
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for name in (
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Quote",
        "Header",
        "Footer",
    ):
        _sync_linked_char_style(doc, styles[name])  # type: ignore[arg-type]


def build_memo(path: Path, look: Look) -> None:
    doc = docx.Document()

    section = doc.sections[0]
    section.page_width, section.page_height = DocxInches(8.5), DocxInches(11)
    section.top_margin = section.bottom_margin = DocxInches(1)
    section.left_margin = section.right_margin = DocxInches(1)
    section.header_distance = section.footer_distance = DocxInches(0.5)

    _build_styles(doc, look)

    package = doc.part.package
    # python-docx's theme pairs a sans major font with a Cambria minor one; give both the look's
    # font and the deck's colours so theme-coloured elements match the briefing deck.
    for part in package.iter_parts():
        if part.content_type.endswith(".theme+xml"):
            part._blob = _retheme(part.blob, look)  # generic part: its XML lives in _blob
    # stylesWithEffects is a Word 2010 shadow copy of styles.xml; dropping it keeps one source
    # of truth for the styles edited above.
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(r_id)
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # stale image of an Office page
            del package.rels[r_id]

    _set_core_props(doc.core_properties, look)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    _normalise_zip(path)


def _normalise_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed timestamps so identical content gives identical bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:  # original order: [Content_Types].xml must stay first
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as Office writes; the default depends on the host OS
            info.external_attr = 0
            dst.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def run(look: Look, argv: list[str] | None = None) -> int:
    """Write the look's deck.pptx and memo.docx to argv[0], or to its folder under data/."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else TEMPLATES_DIR / look.name
    build_deck(out_dir / "deck.pptx", look)
    build_memo(out_dir / "memo.docx", look)
    print(f"wrote {out_dir / 'deck.pptx'} and {out_dir / 'memo.docx'}")
    return 0
