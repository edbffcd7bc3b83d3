"""Turn python-pptx's and python-docx's built-in templates into deckgen's classic deck and memo."""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import pptx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn as wqn
from docx.shared import Inches as DocxInches
from docx.shared import Pt as DocxPt
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import SlideLayout

# The default set's generator lives next to this file; its helpers (zip normalisation, shape
# XML, Word style edits) are shared so both sets are built the same way.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_default_template import (
    A_NS,
    EMU_PER_INCH,
    FIXED_DATETIME,
    FONT_REFS,
    LVL_ATTRS,
    P_NS,
    TEXT_PROMPTS,
    Box,
    _append,
    _edit_xml_blob,
    _emu,
    _fill,
    _lvl1,
    _normalise_zip,
    _para_style,
    _placeholder,
    _rect,
    _reset_sp_tree,
    _soften_table_grid,
    _style_text,
    _sync_linked_char_style,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = ROOT / "src" / "deckgen" / "data" / "templates" / "classic"

DOC_TITLE = "deckgen classic template"
DOC_AUTHOR = "deckgen"

THEME_NAME = "deckgen classic"
THEME_FONT = "Cambria"  # LibreOffice substitutes the metric-identical Caladea
THEME_COLOURS: dict[str, str] = {
    "dk1": "222222",
    "lt1": "FFFFFF",
    "dk2": "5A1E2B",  # deep burgundy: titles
    "lt2": "FBFAF7",  # off-white: slide background
    "accent1": "7A2E3A",
    "accent2": "3C5A6E",
    "accent3": "8A6D3B",
    "accent4": "4F6B4A",
    "accent5": "6B5B7A",
    "accent6": "7F7F7F",
    "hlink": "3C5A6E",
    "folHlink": "6B5B7A",
}

# ---------------------------------------------------------------------------------------------
# Deck geometry (inches), 4:3. The renderer draws the classification banner in y 0-0.42, the
# source line in y 6.62-7.0 and the bottom marking / slide number in y 7.05-7.5, so every
# template shape stays inside y 0.42-7.05 and placeholders inside y 0.5-6.6.
# ---------------------------------------------------------------------------------------------
SLIDE_W, SLIDE_H = 9144000, 6858000  # 10 x 7.5 in, PowerPoint's "On-screen Show (4:3)"
SLIDE_W_IN = SLIDE_W / EMU_PER_INCH
TOP_BAND, BOTTOM_BAND_TOP = 0.42, 7.05

MARGIN_X = 0.5
CONTENT_W = 9.0  # 0.5 .. 9.5 in
TITLE_BOX: Box = (MARGIN_X, 0.6, CONTENT_W, 0.95)
BODY_BOX: Box = (MARGIN_X, 1.75, CONTENT_W, 4.8)  # bottom at 6.55 in
# The rule above the title spans the content width, the same edges as the tables and charts
# deckgen places in the body area; it sits in the 0.08 in gap above the title placeholder.
RULE_BOX: Box = (MARGIN_X, 0.5, CONTENT_W, 1 / 72)  # 1 pt hairline

# Cover: a burgundy spine on the left, title and subtitle on the off-white page. deckgen writes
# the date/author lines from x 0.8 in, y 4.95 in down, so the cover text starts at x 0.8 in too.
COVER_BAND_BOX: Box = (0.0, TOP_BAND, 0.35, BOTTOM_BAND_TOP - TOP_BAND)
COVER_TITLE_BOX: Box = (0.8, 2.2, 8.7, 1.6)
COVER_RULE_BOX: Box = (0.88, 3.9, 1.6, 1.5 / 72)  # short 1.5 pt rule between title and subtitle
COVER_SUBTITLE_BOX: Box = (0.8, 4.0, 8.7, 0.85)
DIVIDER_BAND_BOX: Box = (0.0, 2.6, SLIDE_W_IN, 2.0)
DIVIDER_TITLE_BOX: Box = (0.8, 2.7, 8.4, 1.8)
DIVIDER_BODY_BOX: Box = (0.8, 4.8, 8.4, 0.8)

MUTED = "#5F5A55"  # warm grey for subtitles and divider descriptions

# python-pptx's layout -> classic name, in the order the classic master lists them.
LAYOUT_NAMES: dict[str, str] = {
    "Title Slide": "Cover",
    "Section Header": "Divider",
    "Title and Content": "Text",
    "Title Only": "Text Only Title",
    "Blank": "Blank",
}
KEPT_LAYOUTS = tuple(LAYOUT_NAMES.values())


# Master body levels: (left margin in, hanging indent in, size pt, space before pt). Every level
# uses an en dash in accent1; the indent alone shows the level.
BODY_LEVELS: tuple[tuple[float, float, float, float], ...] = (
    (0.3, 0.3, 20, 10),
    (0.6, 0.28, 18, 5),
    (0.88, 0.26, 16, 4),
    (1.12, 0.24, 16, 3),
    (1.36, 0.24, 16, 3),
    (1.6, 0.24, 16, 3),
    (1.84, 0.24, 16, 3),
    (2.08, 0.24, 16, 3),
    (2.32, 0.24, 16, 3),
)


def _title_style_xml() -> str:
    # Regular-weight serif titles read as "classic" next to the default's bold sans; 90 % line
    # spacing lets a two-line 28 pt title fit the 0.95 in box without autofit.
    return (
        f'<p:titleStyle {nsdecls("a", "p")}><a:lvl1pPr algn="l" {LVL_ATTRS}>'
        '<a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef>'
        '<a:buNone/><a:defRPr sz="2800" b="0" kern="1200">'
        f"{_fill('tx2')}{FONT_REFS.format('mj')}</a:defRPr></a:lvl1pPr></p:titleStyle>"
    )


def _body_style_xml() -> str:
    levels = []
    for n, (mar, hang, size, before) in enumerate(BODY_LEVELS, start=1):
        # The dash is drawn in the body face itself (LibreOffice ignores buFontTx and falls back
        # to OpenSymbol), so it matches the serif text in every viewer.
        levels.append(
            f'<a:lvl{n}pPr marL="{_emu(mar)}" indent="{-_emu(hang)}" algn="l" {LVL_ATTRS}>'
            '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{round(before * 100)}"/></a:spcBef>'
            '<a:buClr><a:schemeClr val="accent1"/></a:buClr>'
            f'<a:buFont typeface="{THEME_FONT}"/><a:buChar char="\u2013"/>'
            f'<a:defRPr sz="{round(size * 100)}" kern="1200">{_fill("tx1")}'
            f"{FONT_REFS.format('mn')}</a:defRPr></a:lvl{n}pPr>"
        )
    return f"<p:bodyStyle {nsdecls('a', 'p')}>{''.join(levels)}</p:bodyStyle>"


def _build_master(prs: PptxPresentation) -> None:
    master = prs.slide_master.element
    cSld = master.find("p:cSld", P_NS)
    # The off-white page is the theme's lt2 (bg2), so a re-themed copy recolours it.
    bg = cSld.find("p:bg", P_NS)
    bg.getparent().replace(
        bg,
        parse_xml(
            f"<p:bg {nsdecls('a', 'p')}><p:bgPr>{_fill('bg2')}<a:effectLst/></p:bgPr></p:bg>"
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
            _rect(4, "Rule above title", RULE_BOX, "accent1"),
        ],
    )
    tx_styles = master.find("p:txStyles", P_NS)
    tx_styles.replace(tx_styles.find("p:titleStyle", P_NS), parse_xml(_title_style_xml()))
    tx_styles.replace(tx_styles.find("p:bodyStyle", P_NS), parse_xml(_body_style_xml()))


def _title(shape_id: int = 2) -> str:
    return _placeholder(shape_id, "Title 1", '<p:ph type="title"/>', TITLE_BOX, "b")


def _layout_shapes(name: str) -> list[str]:
    """Shapes of each classic layout, bottom of the z-order first."""
    if name == "Cover":
        return [
            _rect(2, "Cover band", COVER_BAND_BOX, "tx2"),
            _placeholder(
                3,
                "Title 1",
                '<p:ph type="ctrTitle"/>',
                COVER_TITLE_BOX,
                "b",
                _lvl1(36, "tx2", line_pct=90),
            ),
            _rect(4, "Cover rule", COVER_RULE_BOX, "accent1"),
            _placeholder(
                5,
                "Subtitle 2",
                '<p:ph type="subTitle" idx="1"/>',
                COVER_SUBTITLE_BOX,
                "t",
                _lvl1(20, MUTED, no_bullet=True),
                prompts=("Click to edit Master subtitle style",),
            ),
        ]
    if name == "Divider":
        return [
            _rect(2, "Divider band", DIVIDER_BAND_BOX, "tx2"),
            _placeholder(
                3,
                "Title 1",
                '<p:ph type="title"/>',
                DIVIDER_TITLE_BOX,
                "ctr",
                _lvl1(32, "bg1", line_pct=90),
            ),
            _placeholder(
                4,
                "Text Placeholder 2",
                '<p:ph type="body" idx="1"/>',
                DIVIDER_BODY_BOX,
                "t",
                _lvl1(18, MUTED, no_bullet=True),
                prompts=TEXT_PROMPTS[:1],
            ),
        ]
    if name == "Text":
        return [
            _title(),
            _placeholder(
                3,
                "Text Placeholder 2",
                '<p:ph type="body" idx="1"/>',
                BODY_BOX,
                "t",
                prompts=TEXT_PROMPTS,
            ),
        ]
    if name == "Text Only Title":
        return [_title()]
    if name == "Blank":
        return []
    raise ValueError(f"no design for layout {name!r}")


# Layouts with their own band (or none at all) hide the master's rule above the title.
HIDE_MASTER_SHAPES = {"Cover", "Divider", "Blank"}


def _build_layout(layout: SlideLayout, name: str) -> None:
    element = layout.element
    cSld = element.find("p:cSld", P_NS)
    cSld.set("name", name)
    sp_tree = _reset_sp_tree(cSld)
    _append(sp_tree, _layout_shapes(name))
    if name in HIDE_MASTER_SHAPES:
        element.set("showMasterSp", "0")
    else:
        element.attrib.pop("showMasterSp", None)


def _retheme(blob: bytes) -> bytes:
    """Rename a DrawingML theme part to the classic theme and set its colours and latin fonts.

    The default generator's ``_retheme`` is bound to its own colours and font, hence this copy.
    """
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


def _set_pptx_app_props(root: etree._Element) -> None:
    ns = {
        "e": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    }
    root.find("e:PresentationFormat", ns).text = "On-screen Show (4:3)"
    # TitlesOfParts lists the theme name; keep it in step with the renamed theme.
    root.find("e:TitlesOfParts/vt:vector/vt:lpstr", ns).text = THEME_NAME


def _order_layouts(prs: PptxPresentation) -> None:
    """List the layouts in LAYOUT_NAMES order and number their parts 1..n without gaps."""
    id_list = prs.slide_master.element.find("p:sldLayoutIdLst", P_NS)
    by_name = {}
    for entry in list(id_list):
        layout = prs.slide_master.part.related_slide_layout(entry.rId)
        by_name[layout.name] = (entry, layout)
        id_list.remove(entry)
    for number, name in enumerate(KEPT_LAYOUTS, start=1):
        entry, layout = by_name[name]
        id_list.append(entry)
        # Part names follow the new order so slideLayout1.xml is the cover, as in Office files.
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")


def build_deck(path: Path) -> None:
    prs = pptx.Presentation()
    # python-pptx's built-in deck is already 4:3 (type="screen4x3"); set the size anyway so the
    # file does not depend on that default.
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H

    # SlideLayouts.remove() drops the sldLayoutId entry and the master's relationship; the
    # now-unreachable layout part is then simply not written on save.
    layouts = prs.slide_layouts
    for layout in list(layouts):
        if layout.name not in LAYOUT_NAMES:
            layouts.remove(layout)
    _build_master(prs)
    for layout in layouts:
        _build_layout(layout, LAYOUT_NAMES[layout.name])
    _order_layouts(prs)
    names = tuple(layout.name for layout in prs.slide_layouts)
    if names != KEPT_LAYOUTS:
        raise RuntimeError(f"unexpected layouts after pruning: {names}")

    master_part = prs.slide_master.part
    theme_part = master_part.part_related_by(RT.THEME)
    theme_part._blob = _retheme(theme_part.blob)  # generic part: its XML lives in _blob

    package = prs.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            _edit_xml_blob(part, _set_pptx_app_props)
    # The bundled thumbnail shows a white Office slide; better none than a wrong one.
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
INK = "222222"
BURGUNDY = "5A1E2B"
SLATE_BLUE = "3C5A6E"
WARM_GREY = "5F5A55"
QUOTE_GREY = "3A3A3A"


def _set_doc_defaults(doc: DocxDocument) -> None:
    """Body spacing (6 pt after, 1.15 lines) lives in docDefaults, not on Normal.

    Word ranks table-style paragraph properties above docDefaults but below paragraph styles;
    spacing set on Normal would override Table Grid's zero spacing and pad every table cell.
    """
    defaults = doc.styles.element.find(wqn("w:docDefaults"))
    spacing = defaults.find(f"{wqn('w:pPrDefault')}/{wqn('w:pPr')}/{wqn('w:spacing')}")
    spacing.set(wqn("w:after"), "120")
    spacing.set(wqn("w:line"), "276")  # 240ths of a line
    spacing.set(wqn("w:lineRule"), "auto")


def _build_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    _set_doc_defaults(doc)

    normal = styles["Normal"]
    normal.font.name = THEME_FONT  # also the theme minor font; explicit for non-theme readers
    _style_text(normal, size=11.5, colour=INK)

    title = styles["Title"]
    ppr = title.element.get_or_add_pPr()
    for el in ppr.findall(wqn("w:pBdr")):  # Office 2010's blue rule under the title
        ppr.remove(el)
    _style_text(title, size=22, colour=BURGUNDY, bold=False)
    title.paragraph_format.space_after = DocxPt(4)

    subtitle = styles["Subtitle"]
    ppr = subtitle.element.get_or_add_pPr()
    for el in ppr.findall(wqn("w:numPr")):  # a level-only numPr with no list behind it
        ppr.remove(el)
    _style_text(subtitle, size=13, colour=WARM_GREY, italic=True)
    subtitle.paragraph_format.space_after = DocxPt(8)

    for name, size, colour, before, after in (
        ("Heading 1", 14, BURGUNDY, 16, 4),
        ("Heading 2", 12, SLATE_BLUE, 10, 3),
        ("Heading 3", 11.5, SLATE_BLUE, 8, 2),
    ):
        heading = styles[name]
        _style_text(heading, size=size, colour=colour, bold=True, italic=name == "Heading 2")
        heading.paragraph_format.space_before = DocxPt(before)
        heading.paragraph_format.space_after = DocxPt(after)
        heading.paragraph_format.keep_with_next = True
    # Small caps set the section headings apart without a second colour or a larger size.
    styles["Heading 1"].font.small_caps = True

    quote = styles["Quote"]
    _style_text(quote, colour=QUOTE_GREY, italic=True)
    quote.paragraph_format.left_indent = DocxInches(0.5)
    quote.paragraph_format.right_indent = DocxInches(0.5)

    caption = styles["Caption"]
    _style_text(caption, size=9, colour=WARM_GREY, bold=False, italic=True)
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
    _style_text(memo_field, size=11.5)
    memo_field.paragraph_format.space_after = DocxPt(2)
    # One tab stop so "SUBJECT:<tab>text" lines align when the renderer uses a tab; the
    # serif labels run a little wider than the default set's, hence 1.1 in.
    memo_field.paragraph_format.tab_stops.add_tab_stop(DocxInches(1.1), WD_TAB_ALIGNMENT.LEFT)

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
    # python-docx's theme pairs a sans major font with Cambria; make both Cambria and use the
    # deck's colours so theme-coloured elements match the briefing deck.
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else DEFAULT_OUT_DIR
    build_deck(out_dir / "deck.pptx")
    build_memo(out_dir / "memo.docx")
    print(f"wrote {out_dir / 'deck.pptx'} and {out_dir / 'memo.docx'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
