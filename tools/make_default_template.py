"""Turn python-pptx's and python-docx's built-in templates into deckgen's default deck and memo."""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pptx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn as wqn
from docx.shared import Inches as DocxInches
from docx.shared import Pt as DocxPt
from docx.shared import RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part as PptxPart
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import SlideLayout

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = ROOT / "src" / "deckgen" / "data" / "templates" / "default"

# Fixed metadata and zip timestamps: the files are committed, so regenerating them must not
# produce a diff unless the design itself changed.
FIXED_DATETIME = dt.datetime(2020, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
DOC_TITLE = "deckgen default template"
DOC_AUTHOR = "deckgen"

THEME_NAME = "deckgen"
THEME_FONT = "Calibri"  # LibreOffice substitutes the metric-identical Carlito
THEME_COLOURS: dict[str, str] = {
    "dk1": "1A1A1A",
    "lt1": "FFFFFF",
    "dk2": "1F3A5F",
    "lt2": "EEF1F5",
    "accent1": "1F4E79",
    "accent2": "B5562B",
    "accent3": "2E7D5B",
    "accent4": "7A5C99",
    "accent5": "2F7F86",
    "accent6": "7F7F7F",
    "hlink": "1F4E79",
    "folHlink": "5B4A8B",
}
A_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
P_NS = {**A_NS, "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}

# ---------------------------------------------------------------------------------------------
# Deck geometry (inches). The renderer draws the classification banner in y 0-0.42, the source
# line in y 6.62-7.0 and the bottom marking / slide number in y 7.05-7.5, so every template
# shape stays inside y 0.42-6.6 (placeholders inside 0.5-6.6).
# ---------------------------------------------------------------------------------------------
EMU_PER_INCH = 914400
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 x 7.5 in, PowerPoint's "Widescreen"

Box = tuple[float, float, float, float]  # x, y, w, h in inches

MARGIN_X = 0.6
CONTENT_W = 12.13  # 0.6 .. 12.73 in
TITLE_BOX: Box = (MARGIN_X, 0.55, CONTENT_W, 0.95)
RULE_BOX: Box = (MARGIN_X, 1.55, CONTENT_W, 2.5 / 72)  # 2.5 pt tall accent rule
BODY_BOX: Box = (MARGIN_X, 1.75, CONTENT_W, 4.8)  # bottom at 6.55 in
COL_W = 5.9
LEFT_X, RIGHT_X = MARGIN_X, 6.83  # right column ends at 12.73 in, gutter 0.33 in
HEAD_Y, HEAD_H = 1.75, 0.55  # Comparison column headers
COL_BODY_Y, COL_BODY_H = 2.4, 4.15  # Comparison column bodies, bottom at 6.55 in

TITLE_BAND_BOX: Box = (0.0, 0.42, SLIDE_W / EMU_PER_INCH, 4.7 - 0.42)
COVER_TITLE_BOX: Box = (0.8, 1.3, 11.7, 1.9)
COVER_SUBTITLE_BOX: Box = (0.8, 3.3, 11.7, 1.1)
SECTION_BAND_BOX: Box = (0.0, 2.4, SLIDE_W / EMU_PER_INCH, 2.6)
SECTION_TITLE_BOX: Box = (0.8, 2.55, 11.7, 2.3)
SECTION_BODY_BOX: Box = (0.8, 5.2, 11.7, 0.9)

# Insets 0.08 in left/right and 0.05 in top/bottom, in EMU.
INSET_LR, INSET_TB = 73152, 45720

KEPT_LAYOUTS = (
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
)

TITLE_PROMPT = "Click to edit Master title style"
TEXT_PROMPTS = ("Click to edit Master text styles", "Second level", "Third level")


def _emu(inches: float) -> int:
    return round(inches * EMU_PER_INCH)


def _xfrm(box: Box) -> str:
    x, y, w, h = (_emu(v) for v in box)
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def _body_pr(anchor: str) -> str:
    # noAutofit: the renderer sizes text itself; "shrink on overflow" would make PowerPoint
    # silently rescale fonts the first time someone edits a slide.
    return (
        f'<a:bodyPr vert="horz" wrap="square" lIns="{INSET_LR}" tIns="{INSET_TB}" '
        f'rIns="{INSET_LR}" bIns="{INSET_TB}" rtlCol="0" anchor="{anchor}">'
        "<a:noAutofit/></a:bodyPr>"
    )


def _fill(colour: str) -> str:
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


def _placeholder(
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


def _rect(shape_id: int, name: str, box: Box, colour: str) -> str:
    return (
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{_fill(colour)}<a:ln><a:noFill/></a:ln></p:spPr>"
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def _lvl1(
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
        f'<a:defRPr sz="{round(size_pt * 100)}" b="{int(bold)}">{_fill(colour)}</a:defRPr>'
        "</a:lvl1pPr>"
    )


# Master body levels: (left margin in, hanging indent in, size pt, space before pt, bullet).
BODY_LEVELS: tuple[tuple[float, float, float, float, str], ...] = (
    (0.3, 0.3, 22, 10, "\u25aa"),  # small square
    (0.62, 0.28, 19, 6, "\u2013"),  # en dash
    (0.9, 0.24, 17, 4, "\u2022"),  # bullet
    (1.15, 0.22, 16, 3, "\u2013"),
    (1.4, 0.22, 16, 3, "\u2022"),
    (1.65, 0.22, 16, 3, "\u2022"),
    (1.9, 0.22, 16, 3, "\u2022"),
    (2.15, 0.22, 16, 3, "\u2022"),
    (2.4, 0.22, 16, 3, "\u2022"),
)
FONT_REFS = '<a:latin typeface="+{0}-lt"/><a:ea typeface="+{0}-ea"/><a:cs typeface="+{0}-cs"/>'
LVL_ATTRS = 'defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'


def _title_style_xml() -> str:
    # 90 % line spacing lets a two-line 30 pt title fit the 0.95 in box without autofit.
    return (
        f'<p:titleStyle {nsdecls("a", "p")}><a:lvl1pPr algn="l" {LVL_ATTRS}>'
        '<a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef>'
        '<a:buNone/><a:defRPr sz="3000" b="1" kern="1200">'
        f"{_fill('tx2')}{FONT_REFS.format('mj')}</a:defRPr></a:lvl1pPr></p:titleStyle>"
    )


def _body_style_xml() -> str:
    levels = []
    for n, (mar, hang, size, before, char) in enumerate(BODY_LEVELS, start=1):
        levels.append(
            f'<a:lvl{n}pPr marL="{_emu(mar)}" indent="{-_emu(hang)}" algn="l" {LVL_ATTRS}>'
            '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{before * 100}"/></a:spcBef>'
            '<a:buClr><a:schemeClr val="accent1"/></a:buClr>'
            f'<a:buFont typeface="Arial"/><a:buChar char="{char}"/>'
            f'<a:defRPr sz="{size * 100}" kern="1200">{_fill("tx1")}{FONT_REFS.format("mn")}'
            f"</a:defRPr></a:lvl{n}pPr>"
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


def _build_master(prs: PptxPresentation) -> None:
    master = prs.slide_master.element
    cSld = master.find("p:cSld", P_NS)
    # Solid white background instead of the theme's background-fill reference.
    bg = cSld.find("p:bg", P_NS)
    bg.getparent().replace(
        bg,
        parse_xml(
            f"<p:bg {nsdecls('a', 'p')}><p:bgPr>{_fill('bg1')}<a:effectLst/></p:bgPr></p:bg>"
        ),
    )
    sp_tree = _reset_sp_tree(cSld)
    # Date, footer and slide-number placeholders are dropped: the renderer draws its own
    # marking and numbering in the reserved bands.
    _append(
        sp_tree,
        [
            _placeholder(2, "Title Placeholder 1", '<p:ph type="title"/>', TITLE_BOX, "b"),
            _placeholder(
                3,
                "Text Placeholder 2",
                '<p:ph type="body" idx="1"/>',
                BODY_BOX,
                "t",
                prompts=(*TEXT_PROMPTS, "Fourth level", "Fifth level"),
            ),
            _rect(4, "Accent rule", RULE_BOX, "accent1"),
        ],
    )
    tx_styles = master.find("p:txStyles", P_NS)
    tx_styles.replace(tx_styles.find("p:titleStyle", P_NS), parse_xml(_title_style_xml()))
    tx_styles.replace(tx_styles.find("p:bodyStyle", P_NS), parse_xml(_body_style_xml()))


def _title(shape_id: int = 2) -> str:
    return _placeholder(shape_id, "Title 1", '<p:ph type="title"/>', TITLE_BOX, "b")


def _content(shape_id: int, name: str, ph: str, box: Box) -> str:
    return _placeholder(shape_id, name, ph, box, "t", prompts=TEXT_PROMPTS)


def _column_header(shape_id: int, name: str, ph: str, x: float) -> str:
    return _placeholder(
        shape_id,
        name,
        ph,
        (x, HEAD_Y, COL_W, HEAD_H),
        "b",
        _lvl1(20, "accent1", bold=True, no_bullet=True),
        prompts=TEXT_PROMPTS[:1],
    )


def _layout_shapes(name: str) -> list[str]:
    """Shapes of each kept layout, bottom of the z-order first."""
    if name == "Title Slide":
        return [
            _rect(2, "Title band", TITLE_BAND_BOX, "tx2"),
            _placeholder(
                3,
                "Title 1",
                '<p:ph type="ctrTitle"/>',
                COVER_TITLE_BOX,
                "b",
                _lvl1(40, "bg1", bold=True, line_pct=90),
            ),
            _placeholder(
                4,
                "Subtitle 2",
                '<p:ph type="subTitle" idx="1"/>',
                COVER_SUBTITLE_BOX,
                "t",
                _lvl1(22, "#D9E2EC", no_bullet=True),
                prompts=("Click to edit Master subtitle style",),
            ),
        ]
    if name == "Title and Content":
        return [_title(), _content(3, "Content Placeholder 2", '<p:ph idx="1"/>', BODY_BOX)]
    if name == "Section Header":
        return [
            _rect(2, "Section band", SECTION_BAND_BOX, "tx2"),
            _placeholder(
                3,
                "Title 1",
                '<p:ph type="title"/>',
                SECTION_TITLE_BOX,
                "ctr",
                _lvl1(36, "bg1", bold=True, line_pct=90),
            ),
            _placeholder(
                4,
                "Text Placeholder 2",
                '<p:ph type="body" idx="1"/>',
                SECTION_BODY_BOX,
                "t",
                _lvl1(20, "tx2", no_bullet=True),
                prompts=TEXT_PROMPTS[:1],
            ),
        ]
    if name == "Two Content":
        return [
            _title(),
            _content(
                3, "Content Placeholder 2", '<p:ph sz="half" idx="1"/>', (LEFT_X, 1.75, COL_W, 4.8)
            ),
            _content(
                4, "Content Placeholder 3", '<p:ph sz="half" idx="2"/>', (RIGHT_X, 1.75, COL_W, 4.8)
            ),
        ]
    if name == "Comparison":
        return [
            _title(),
            _column_header(3, "Text Placeholder 2", '<p:ph type="body" idx="1"/>', LEFT_X),
            _content(
                4,
                "Content Placeholder 3",
                '<p:ph sz="half" idx="2"/>',
                (LEFT_X, COL_BODY_Y, COL_W, COL_BODY_H),
            ),
            _column_header(
                5, "Text Placeholder 4", '<p:ph type="body" sz="quarter" idx="3"/>', RIGHT_X
            ),
            _content(
                6,
                "Content Placeholder 5",
                '<p:ph sz="quarter" idx="4"/>',
                (RIGHT_X, COL_BODY_Y, COL_W, COL_BODY_H),
            ),
        ]
    if name == "Title Only":
        return [_title()]
    if name == "Blank":
        return []
    raise ValueError(f"no design for layout {name!r}")


# Layouts with their own full-width band (or none at all) hide the master's accent rule.
HIDE_MASTER_SHAPES = {"Title Slide", "Section Header", "Blank"}


def _build_layout(layout: SlideLayout) -> None:
    element = layout.element
    sp_tree = _reset_sp_tree(element.find("p:cSld", P_NS))
    _append(sp_tree, _layout_shapes(layout.name))
    if layout.name in HIDE_MASTER_SHAPES:
        element.set("showMasterSp", "0")


def _retheme(blob: bytes) -> bytes:
    """Rename a DrawingML theme part to deckgen and set its colours and latin fonts."""
    root = etree.fromstring(blob)
    root.set("name", THEME_NAME)
    clr_scheme = root.find("a:themeElements/a:clrScheme", A_NS)
    clr_scheme.set("name", THEME_NAME)
    for slot, hex_value in THEME_COLOURS.items():
        el = clr_scheme.find(f"a:{slot}", A_NS)
        # dk1/lt1 are system colours in the Office theme; fixed RGB keeps rendering identical
        # across viewers whatever the OS window colours are.
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{A_NS['a']}}}srgbClr", val=hex_value)
    font_scheme = root.find("a:themeElements/a:fontScheme", A_NS)
    font_scheme.set("name", THEME_NAME)
    for which in ("majorFont", "minorFont"):
        font_scheme.find(f"a:{which}/a:latin", A_NS).set("typeface", THEME_FONT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _edit_xml_blob(part: PptxPart, edit: Callable[[etree._Element], None]) -> None:
    """Apply ``edit(root)`` to a generic (blob-backed) package part such as app.xml."""
    root = etree.fromstring(part.blob)
    edit(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_pptx_app_props(root: etree._Element) -> None:
    ns = {
        "e": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    }
    root.find("e:PresentationFormat", ns).text = "Widescreen"
    # TitlesOfParts lists the theme name; keep it in step with the renamed theme.
    root.find("e:TitlesOfParts/vt:vector/vt:lpstr", ns).text = THEME_NAME


def _set_view_guides(root: etree._Element) -> None:
    # Guides are in 1/8 pt; centre them on the widescreen slide instead of the 4:3 one.
    for guide in root.iterfind(".//p:guide", P_NS):
        if guide.get("orient") == "horz":
            guide.set("pos", str(SLIDE_H * 8 * 72 // EMU_PER_INCH // 2))
        else:
            guide.set("pos", str(SLIDE_W * 8 * 72 // EMU_PER_INCH // 2))


def build_deck(path: Path) -> None:
    prs = pptx.Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    # type="screen4x3" would contradict the new size; widescreen decks carry no type.
    prs.element.find("p:sldSz", P_NS).attrib.pop("type", None)

    # SlideLayouts.remove() drops the sldLayoutId entry and the master's relationship; the
    # now-unreachable layout part is then simply not written on save.
    layouts = prs.slide_layouts
    for layout in list(layouts):
        if layout.name not in KEPT_LAYOUTS:
            layouts.remove(layout)
    names = tuple(layout.name for layout in layouts)
    if names != KEPT_LAYOUTS:
        raise RuntimeError(f"unexpected layouts after pruning: {names}")

    _build_master(prs)
    for layout in layouts:
        _build_layout(layout)

    master_part = prs.slide_master.part
    theme_part = master_part.part_related_by(RT.THEME)
    theme_part._blob = _retheme(theme_part.blob)  # generic part: its XML lives in _blob

    package = prs.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            _edit_xml_blob(part, _set_pptx_app_props)
        elif str(part.partname) == "/ppt/viewProps.xml":
            _edit_xml_blob(part, _set_view_guides)
    # The bundled thumbnail shows a 4:3 Office slide; better none than a wrong one.
    for rel in list(package.iter_rels()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)

    props = prs.core_properties
    props.title = DOC_TITLE
    props.author = DOC_AUTHOR
    props.last_modified_by = DOC_AUTHOR
    props.comments = ""  # python-pptx ships "generated using python-pptx"
    props.revision = 1
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME

    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    _normalise_zip(path)


# ---------------------------------------------------------------------------------------------
# Memo
# ---------------------------------------------------------------------------------------------
INK = "1A1A1A"
NAVY = "1F3A5F"
ACCENT = "1F4E79"
SLATE = "4A5A6A"
QUOTE_GREY = "3A3A3A"
GRID_GREY = "7F7F7F"  # accent6


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


def _set_doc_defaults(doc: DocxDocument) -> None:
    """Body paragraph spacing (6 pt after, 1.08 lines) lives in docDefaults, not on Normal.

    Word ranks table-style paragraph properties above docDefaults but below paragraph styles;
    spacing set on Normal would override Table Grid's zero spacing and pad every table cell.
    Word's own 2013+ Normal template is built the same way.
    """
    defaults = doc.styles.element.find(wqn("w:docDefaults"))
    spacing = defaults.find(f"{wqn('w:pPrDefault')}/{wqn('w:pPr')}/{wqn('w:spacing')}")
    spacing.set(wqn("w:after"), "120")
    spacing.set(wqn("w:line"), "259")
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


def _build_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    _set_doc_defaults(doc)

    normal = styles["Normal"]
    normal.font.name = THEME_FONT  # also the theme minor font; explicit for non-theme readers
    _style_text(normal, size=11, colour=INK)

    title = styles["Title"]
    ppr = title.element.get_or_add_pPr()
    for el in ppr.findall(wqn("w:pBdr")):  # Office 2010's blue rule under the title
        ppr.remove(el)
    _style_text(title, size=20, colour=NAVY, bold=True)
    title.paragraph_format.space_after = DocxPt(4)

    subtitle = styles["Subtitle"]
    ppr = subtitle.element.get_or_add_pPr()
    for el in ppr.findall(wqn("w:numPr")):  # a level-only numPr with no list behind it
        ppr.remove(el)
    _style_text(subtitle, size=13, colour=SLATE, italic=False)
    subtitle.paragraph_format.space_after = DocxPt(8)

    for name, size, colour, before, after in (
        ("Heading 1", 14, NAVY, 14, 4),
        ("Heading 2", 12, ACCENT, 10, 3),
        ("Heading 3", 11, ACCENT, 8, 2),
    ):
        heading = styles[name]
        _style_text(heading, size=size, colour=colour, bold=True)
        heading.paragraph_format.space_before = DocxPt(before)
        heading.paragraph_format.space_after = DocxPt(after)
        heading.paragraph_format.keep_with_next = True

    quote = styles["Quote"]
    _style_text(quote, colour=QUOTE_GREY, italic=True)
    quote.paragraph_format.left_indent = DocxInches(0.4)

    caption = styles["Caption"]
    _style_text(caption, size=9, colour=SLATE, bold=False, italic=True)
    caption.paragraph_format.space_before = DocxPt(3)
    caption.paragraph_format.space_after = DocxPt(6)
    # Office marks Caption semiHidden; show it in the style gallery like the other styles.
    for el in caption.element.findall(wqn("w:semiHidden")):
        caption.element.remove(el)

    _soften_table_grid(doc)

    for name in ("Header", "Footer"):  # the classification marking repeats here
        hf = styles[name]
        _style_text(hf, size=9, colour=INK, bold=True)
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
    _style_text(memo_field, size=11)
    memo_field.paragraph_format.space_after = DocxPt(2)
    # One tab stop so "TO:<tab>name" lines align when the renderer uses a tab.
    memo_field.paragraph_format.tab_stops.add_tab_stop(DocxInches(1.0), WD_TAB_ALIGNMENT.LEFT)

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


def build_memo(path: Path) -> None:
    doc = docx.Document()

    section = doc.sections[0]
    section.page_width, section.page_height = DocxInches(8.5), DocxInches(11)
    section.top_margin = section.bottom_margin = DocxInches(1)
    section.left_margin = section.right_margin = DocxInches(1)
    section.header_distance = section.footer_distance = DocxInches(0.5)

    _build_styles(doc)

    package = doc.part.package
    # python-docx's theme has Cambria as the minor (body) font; switch both to Calibri and use
    # the deck's colours so theme-coloured elements match the briefing deck.
    for part in package.iter_parts():
        if part.content_type.endswith(".theme+xml"):
            part._blob = _retheme(part.blob)  # generic part: its XML lives in _blob
    # stylesWithEffects is a Word 2010 shadow copy of styles.xml; dropping it keeps one source
    # of truth for the styles edited above.
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(r_id)
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # stale image of an Office page
            del package.rels[r_id]

    props = doc.core_properties
    props.title = DOC_TITLE
    props.author = DOC_AUTHOR
    props.last_modified_by = DOC_AUTHOR
    props.comments = ""  # python-docx ships "generated by python-docx"
    props.revision = 1
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME

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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else DEFAULT_OUT_DIR
    build_deck(out_dir / "deck.pptx")
    build_memo(out_dir / "memo.docx")
    print(f"wrote {out_dir / 'deck.pptx'} and {out_dir / 'memo.docx'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
