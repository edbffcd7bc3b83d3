"""A memo template's styles to the style each memo role uses, adding what a template lacks.

Styles are matched by name ignoring case ("Heading 1" and "heading 1"), which also finds
Word's built-in styles in localized templates, whose ids are translated but names are not.
A missing style is created (with bullets, borders or superscript as its role needs) and a
warning says so; nothing a template lacks stops a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE


@dataclass(frozen=True)
class Need:
    """What a memo role needs from a style, and what to create when a template lacks it."""

    name: str
    type: Any
    base: str | None = None
    size: float | None = None
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    bullet_level: int | None = None  # a list style: which bullet level it shows


NEEDS: dict[str, Need] = {
    "title": Need("Title", P, "Normal", 20, bold=True),
    "subtitle": Need("Subtitle", P, "Normal", 13, italic=True),
    "heading1": Need("Heading 1", P, "Normal", 14, bold=True),
    "heading2": Need("Heading 2", P, "Normal", 12, bold=True),
    "body": Need("Normal", P),
    "bullet": Need("List Bullet", P, "Normal", bullet_level=0),
    "bullet2": Need("List Bullet 2", P, "Normal", bullet_level=1),
    "quote": Need("Quote", P, "Normal", italic=True),
    "caption": Need("Caption", P, "Normal", 9, italic=True),
    "memo_field": Need("Memo Field", P, "Normal"),
    "marking": Need("Marking", P, "Normal", 10, bold=True),
    "footnote_text": Need("Footnote Text", P, "Normal", 9),
    "footnote_reference": Need("Footnote Reference", C, superscript=True),
    "table": Need("Table Grid", T),
}
HEADING_ROLES = ("title", "subtitle", "heading1", "heading2")  # set in the heading face
_BULLETS = ("•", "–", "◦")


@dataclass
class Resolution:
    """The style of every memo role, the warnings for what was added or overridden, and the
    hazards found per role (for `template inspect`)."""

    styles: dict[str, Any]
    warnings: list[str]
    notes: dict[str, list[str]]


def resolve(
    doc: Any, names: dict[str, str], fonts: dict[str, str], palette: dict[str, Any] | None = None
) -> Resolution:
    """The style for every memo role, made safe for our content: inheritance loops cut,
    hidden, unreadable and numbered styles undone, the set's faces and heading colour set."""
    from deckgen.templates import memo_hazards as memohazards

    warnings = memohazards.cut_loops(doc)  # first: every walk below follows basedOn
    styles = doc.styles
    by_name = {s.name.casefold(): s for s in styles if s.name}
    out: dict[str, Any] = {}
    for role, need in NEEDS.items():
        wanted = names.get(role, need.name)
        style = by_name.get(wanted.casefold()) or by_name.get(need.name.casefold())
        if style is None or style.type != need.type:
            style = _add(doc, wanted, need, by_name)
            by_name[wanted.casefold()] = style
            if role not in ("memo_field", "marking"):  # deckgen's own, expected to be absent
                warnings.append(f"the memo template has no {wanted!r} style: added one")
        if need.bullet_level is not None and not _numbered(doc, style):
            _bulleted(doc, style, need.bullet_level)
        out[role] = style
    _nested_glyph(doc, out["bullet"], out["bullet2"])
    _widow_control(doc)
    hazards = memohazards.check(doc, out)
    warnings += hazards.warnings
    if fonts:
        _set_fonts(out, fonts)
    primary = (palette or {}).get("primary")
    if primary:
        warnings += _color_headings(doc, out, str(primary))
    warnings += font_warnings(faces(doc, out))
    return Resolution(out, warnings, hazards.notes)


def _color_headings(doc: Any, styles: dict[str, Any], primary: str) -> list[str]:
    """The set's primary colour on the title and headings, where it reads."""
    from deckgen.templates import memo_hazards as memohazards

    rgb = primary.lstrip("#").upper()
    warnings = []
    for role in ("title", "heading1", "heading2"):
        if not memohazards.colored(doc, styles[role], rgb):
            warnings.append(
                f"the set's primary colour #{rgb} does not read on the shading of the memo "
                f"template's style {styles[role].name!r}; deckgen left its {role} text "
                "colour automatic"
            )
            memohazards.set_color(styles[role], None)
    return warnings


def faces(doc: Any, styles: dict[str, Any]) -> list[str]:
    """The Latin typefaces Word shows the memo's headings and body in, each once."""
    found = [_face(doc, styles[role]) for role in (*HEADING_ROLES, "body")]
    return list(dict.fromkeys(face for face in found if face))


def body_face(doc: Any, styles: dict[str, Any]) -> str | None:
    """The Latin typeface Word shows the memo's body (and its table cells) in."""
    return _face(doc, styles["body"])


def font_warnings(named: list[str]) -> list[str]:
    """A warning for each memo face deckgen ships no twin of: its PDF needs the font here."""
    from deckgen import metrics as measure

    return [f"the memo's font {face!r} is not one deckgen ships a metric-compatible twin of: "
            "Word shows it where it is installed, and the memo's PDF shows it only if this "
            "machine has it (else LibreOffice draws another font and says so)"
            for face in named if measure.font(face).twin is None]  # fmt: skip


def _face(doc: Any, style: Any) -> str | None:
    """A style's Latin typeface: its own or its bases' (a theme font wins over a named one,
    as in Word), else the document defaults'."""
    from deckgen.templates.memo_hazards import chain

    rfonts = []
    for item in chain(style):
        rpr = item.element.rPr
        if rpr is not None and rpr.rFonts is not None:
            rfonts.append(rpr.rFonts)
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/"
                                       f"{qn('w:rPr')}/{qn('w:rFonts')}")  # fmt: skip
    if defaults is not None:
        rfonts.append(defaults)
    for element in rfonts:
        theme = element.get(qn("w:asciiTheme"))
        if theme:
            return _theme_face(doc, "major" if theme.startswith("major") else "minor")
        if element.get(qn("w:ascii")):
            return str(element.get(qn("w:ascii")))
    return None


def _theme_face(doc: Any, which: str) -> str | None:
    """The theme's major (headings) or minor (body) Latin typeface."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    try:
        theme = doc.part.part_related_by(RT.THEME)
    except KeyError:
        return None
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    latin = root.find(f".//a:{which}Font/a:latin", ns)
    return latin.get("typeface") if latin is not None else None


def _add(doc: Any, name: str, need: Need, by_name: dict[str, Any]) -> Any:
    style = doc.styles.add_style(name, need.type)
    if need.base and need.base.casefold() in by_name:
        style.base_style = by_name[need.base.casefold()]
    if need.type == T:
        # a grid table style: hairline borders and a little padding, as Table Grid has
        style.element.append(parse_xml(
            f'<w:tblPr {nsdecls("w")}><w:tblBorders>'
            + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        ))  # fmt: skip
        return style
    font = style.font
    if need.size:
        font.size = Pt(need.size)
    if need.bold:
        font.bold = True
    if need.italic:
        font.italic = True
    if need.superscript:
        font.superscript = True
    return style


def _numbered(doc: Any, style: Any) -> bool:
    """True when ``style`` (or a style it is based on) has numbering the document defines."""
    from deckgen.templates.memo_hazards import chain

    nums = _num_ids(doc)
    for item in chain(style):
        ppr = item.element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            return num_pr.numId.val in nums
    return False


def _num_ids(doc: Any) -> set[int]:
    numbering = _numbering(doc, create=False)
    if numbering is None:
        return set()
    return {int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))}


def _numbering(doc: Any, create: bool = True) -> Any:
    """The numbering part's root element, created when the template has none (python-docx
    cannot create one itself)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    try:
        return doc.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        if not create:
            return None
    blob = f"<w:numbering {nsdecls('w')}/>".encode()
    part = NumberingPart.load(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, blob,
                              doc.part.package)  # fmt: skip
    doc.part.relate_to(part, RT.NUMBERING)
    return part.element


def _bulleted(doc: Any, style: Any, level: int) -> None:
    """Give ``style`` a bullet list definition (creating the numbering part if needed)."""
    numbering = _numbering(doc)
    abstract_ids = [int(a.get(qn("w:abstractNumId")))
                    for a in numbering.findall(qn("w:abstractNum"))]  # fmt: skip
    abstract_id = max(abstract_ids, default=0) + 1
    num_id = max(_num_ids(doc), default=0) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{_BULLETS[i % 3]}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i in range(3)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum precedes every num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        "</w:num>"
    ))  # fmt: skip
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _level(doc: Any, style: Any) -> Any:
    """The numbering level (w:lvl) a list style shows, or None."""
    from deckgen.templates.memo_hazards import chain

    numbering = _numbering(doc, create=False)
    if numbering is None:
        return None
    for item in chain(style):
        ppr = item.element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None or num_pr.numId is None:
            continue
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_pr.numId.val):
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
                for a in numbering.findall(qn("w:abstractNum")):
                    if a.get(qn("w:abstractNumId")) == abstract:
                        for lvl in a.findall(qn("w:lvl")):
                            if lvl.get(qn("w:ilvl")) == str(ilvl):
                                return lvl
        return None
    return None


def _nested_glyph(doc: Any, outer: Any, inner: Any) -> None:
    """A nested bullet drawn with its own glyph ("–") and indented past its parent: Word's
    blank template draws "List Bullet 2" with the same "•" as "List Bullet"."""
    top, nested = _level(doc, outer), _level(doc, inner)
    if top is None or nested is None or top is nested:
        return
    glyph = [x.find(qn("w:lvlText")) for x in (top, nested)]
    if (
        glyph[0] is not None
        and glyph[1] is not None
        and (glyph[0].get(qn("w:val")) == glyph[1].get(qn("w:val")))
    ):
        glyph[1].set(qn("w:val"), "–" if glyph[0].get(qn("w:val")) != "–" else "◦")
        fonts = nested.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None:  # a symbol font would draw another character
            fonts.getparent().remove(fonts)

    def left(lvl: Any) -> int:
        ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        value = ind.get(qn("w:left")) if ind is not None else None
        return int(value) if value and value.lstrip("-").isdigit() else 0

    if left(nested) <= left(top):
        ind = nested.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if ind is not None:
            ind.set(qn("w:left"), str(left(top) + 360))


def _widow_control(doc: Any) -> None:
    """Widow and orphan control for every paragraph: the document default's pPr."""
    from docx.oxml import OxmlElement

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    if ppr.find(qn("w:widowControl")) is None:
        # schema order: widowControl follows pStyle, keepNext, keepLines, pageBreakBefore, framePr
        at = sum(1 for c in ppr if c.tag in {qn(f"w:{t}") for t in
                 ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr")})  # fmt: skip
        ppr.insert(at, OxmlElement("w:widowControl"))


def _set_fonts(styles: dict[str, Any], fonts: dict[str, str]) -> None:
    """A template set's typefaces on the memo's styles (headings and body)."""
    for role, style in styles.items():
        face = fonts.get("heading" if role in HEADING_ROLES else "body")
        if face and style.type in (P, C):
            style.font.name = face
            rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            rfonts.set(qn("w:cs"), face)
            rfonts.set(qn("w:eastAsia"), face)
            # a theme font wins over a named one in Word: without this, a heading style
            # that names the theme's keeps it, whatever the set says
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(theme), None)


# A symbol font's bullet (a private-use character, U+F000 + its code in the font) as the
# Unicode character it draws: every font has these, so no reader needs Symbol or Wingdings
# and a screen reader hears "bullet", not an unknown character.
_SYMBOL_BULLETS = {
    "symbol": {0xB7: "•", 0xA8: "♦", 0xAE: "→", 0xDE: "⇒", 0x2D: "−", 0xD7: "⋅"},
    "wingdings": {0xA7: "▪", 0xD8: "➢", 0xFC: "✓", 0x76: "❖", 0x6E: "■", 0x71: "❑",
                  0xA8: "◻", 0x9F: "•", 0x77: "⬥", 0xE0: "➔"},
}  # fmt: skip


def real_bullets(doc: Any) -> int:
    """Every bullet level drawn from a symbol font's private-use character rewritten as the
    real character in the text's own font; returns how many levels changed."""
    numbering = _numbering(doc, create=False)
    if numbering is None:
        return 0
    changed = 0
    for lvl in numbering.iter(qn("w:lvl")):
        text = lvl.find(qn("w:lvlText"))
        fonts = lvl.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        value = text.get(qn("w:val")) if text is not None else None
        if fonts is None or not value or len(value) != 1 or not 0xF000 <= ord(value) <= 0xF0FF:
            continue
        face = (fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or "").strip().lower()
        table = _SYMBOL_BULLETS.get(face)
        if table is None:
            continue
        text.set(qn("w:val"), table.get(ord(value) - 0xF000, "•"))
        fonts.getparent().remove(fonts)
        changed += 1
    return changed
