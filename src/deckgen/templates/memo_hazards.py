"""A memo template's styles to what they would do to our content, each hazard overridden and named.

A template may carry styles that hide, blank out or number what deckgen writes: a Title with
``w:vanish``, headings white on the white page, a quote in the colour of its own shading, Heading
1 and 2 outline-numbered ("10.1 Estimative language" under "10 Sources"), or inheritance that
never ends (a style based on itself). Each is found before a memo is written, undone in the
memo's copy of the styles, and reported in words that name the style and what was done; `deckgen
template inspect` reports the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from docx.shared import RGBColor

from deckgen.contrast import deepened, needed, ratio

MAX_DEPTH = 64  # Word's own style chains are a few deep; nothing real comes near this
_HIDING = ("w:vanish", "w:specVanish")
_OFF = {"0", "false", "off"}
# Roles whose paragraphs deckgen numbers itself (or never): a template's list numbering on
# them would print "10.1" before our heading. Bullet roles want their list.
UNNUMBERED = ("title", "subtitle", "heading1", "heading2", "body", "quote", "caption",
              "memo_field", "marking", "footnote_text")  # fmt: skip


@dataclass
class Report:
    """What was found and done: warnings in order, and notes per role for `template inspect`."""

    warnings: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, role: str, note: str, warning: str) -> None:
        self.notes.setdefault(role, []).append(note)
        self.warnings.append(warning)


def _name(style: Any) -> str:
    return str(style.get(qn("w:styleId")) if style.find(qn("w:name")) is None
               else style.find(qn("w:name")).get(qn("w:val")))  # fmt: skip


def _elements(doc: Any) -> dict[str, Any]:
    """Every style element by id (the first one, as Word takes it)."""
    out: dict[str, Any] = {}
    for style in doc.styles.element.findall(qn("w:style")):
        out.setdefault(style.get(qn("w:styleId"), ""), style)
    return out


def cut_loops(doc: Any) -> list[str]:
    """Break every ``w:basedOn`` chain that comes back on itself, at the link that closes it,
    so that no walk of the styles (python-docx's, Word's, ours) runs for ever."""
    by_id = _elements(doc)
    warnings: list[str] = []
    done: set[str] = set()
    for start in by_id:
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in by_id and current not in done:
            if current in chain:  # the last style in the chain points back into it
                loop = chain[chain.index(current) :]
                last = by_id[chain[-1]]
                last.remove(last.find(qn("w:basedOn")))
                names = " -> ".join(repr(_name(by_id[i])) for i in [*loop, current])
                warnings.append(
                    f"the memo template's styles are based on each other in a loop ({names}); "
                    f"deckgen cut the loop at {_name(last)!r}, which is now based on no style"
                )
                break
            chain.append(current)
            if len(chain) > MAX_DEPTH:
                last = by_id[chain[-1]]
                last.remove(last.find(qn("w:basedOn")))
                warnings.append(
                    f"the memo template's style {_name(by_id[start])!r} is based on a chain of "
                    f"more than {MAX_DEPTH} styles; deckgen cut it at {_name(last)!r}"
                )
                break
            based = by_id[current].find(qn("w:basedOn"))
            current = based.get(qn("w:val")) if based is not None else None
        done.update(chain)
    return warnings


def chain(style: Any) -> Iterator[Any]:
    """``style`` (python-docx) and the styles it is based on, nearest first, bounded."""
    seen: set[int] = set()
    for _ in range(MAX_DEPTH):
        if style is None or id(style.element) in seen:
            return
        seen.add(id(style.element))
        yield style
        style = style.base_style


def _defaults(doc: Any, kind: str) -> Any:
    """docDefaults' w:rPr or w:pPr, or None."""
    outer = "w:rPrDefault" if kind == "rPr" else "w:pPrDefault"
    return doc.styles.element.find(f"{qn('w:docDefaults')}/{qn(outer)}/{qn('w:' + kind)}")


def _props(style: Any, kind: str) -> Any:
    return style.element.find(qn(f"w:{kind}"))


def _on(element: Any) -> bool:
    return element.get(qn("w:val"), "true").lower() not in _OFF


def _nearest(doc: Any, style: Any, kind: str, tag: str) -> Any:
    """The nearest ``tag`` in the style's chain, then the document defaults."""
    for item in chain(style):
        props = _props(item, kind)
        found = props.find(qn(tag)) if props is not None else None
        if found is not None:
            return found
    props = _defaults(doc, kind)
    return props.find(qn(tag)) if props is not None else None


# -- hidden --------------------------------------------------------------------------------


def _hidden_at(doc: Any, style: Any) -> list[tuple[Any, str, str]]:
    """(rPr, tag, where) for every hiding property the style inherits, the defaults' too."""
    found = []
    for item in chain(style):
        rpr = _props(item, "rPr")
        for tag in _HIDING:
            element = rpr.find(qn(tag)) if rpr is not None else None
            if element is not None and _on(element):
                where = "its own" if item is style else f"from {item.name!r}"
                found.append((rpr, tag, where))
    rpr = _defaults(doc, "rPr")
    for tag in _HIDING:
        element = rpr.find(qn(tag)) if rpr is not None else None
        if element is not None and _on(element):
            found.append((rpr, tag, "from the document defaults"))
    return found


def _unhide(doc: Any, role: str, style: Any, report: Report) -> None:
    found = _hidden_at(doc, style)
    if not found:
        return
    # Removed where they are, not overridden: in a style Word toggles w:vanish (a second
    # "on" shows the text again, an "off" changes nothing), so only removal is sure.
    for rpr, tag, _ in found:
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)
    what = ", ".join(f"{tag.removeprefix('w:')} ({where})" for _, tag, where in found)
    report.add(role, f"hidden ({what}): shown",
               f"the memo template's style {style.name!r} (deckgen's {role}) hides its text "
               f"({what}); deckgen removed that, so the memo shows every {role}")  # fmt: skip


# -- colour --------------------------------------------------------------------------------


def _theme_colors(doc: Any) -> dict[str, str]:
    """The theme's colour scheme: dk1, lt1, accent1 … as RRGGBB."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    try:
        theme = doc.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme.blob)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = root.find(f"{a}themeElements/{a}clrScheme")
    out: dict[str, str] = {}
    for slot in scheme if scheme is not None else []:
        color = next(iter(slot), None)
        if color is None:
            continue
        value = color.get("lastClr") if color.tag == f"{a}sysClr" else color.get("val")
        if value and len(value) == 6:
            out[etree.QName(slot).localname] = value.upper()
    return out


_THEME_ALIASES = {"text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2",
                  "dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2"}  # fmt: skip


def _color(element: Any, theme: dict[str, str], attr: str = "w:val") -> str | None:
    """An element's colour as RRGGBB; None for "auto" or none. A theme colour wins, as in Word."""
    if element is None:
        return None
    slot = element.get(qn("w:themeColor" if attr == "w:val" else "w:themeFill"))
    if slot:
        found = theme.get(_THEME_ALIASES.get(slot, slot))
        if found:
            return found
    value = (element.get(qn(attr)) or "").upper()
    return value if len(value) == 6 and value != "AUTO" else None


def background(doc: Any, style: Any, theme: dict[str, str]) -> tuple[str, bool]:
    """What is behind the style's text: its shading (run, then paragraph), else the white page;
    and whether it is the style's own shading."""
    for kind in ("rPr", "pPr"):
        shd = _nearest(doc, style, kind, "w:shd")
        fill = _color(shd, theme, "w:fill")
        if fill:
            return fill, True
    return "FFFFFF", False


def text_color(doc: Any, style: Any, theme: dict[str, str]) -> str | None:
    """The style's text colour, None for "auto" (which Word and LibreOffice choose to contrast
    with what is behind it)."""
    return _color(_nearest(doc, style, "rPr", "w:color"), theme)


def set_color(style: Any, rgb: str | None) -> None:
    """Give ``style`` this text colour (None: "auto"), with no theme colour to win over it."""
    color = style.element.get_or_add_rPr().get_or_add_color()
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attr), None)
    color.set(qn("w:val"), rgb or "auto")


def _size_bold(doc: Any, style: Any) -> tuple[float, bool]:
    """The point size and boldness the style's text has (Word's 10 pt when nothing sets it)."""
    size = _nearest(doc, style, "rPr", "w:sz")
    bold = _nearest(doc, style, "rPr", "w:b")
    try:
        points = int(size.get(qn("w:val"))) / 2 if size is not None else 10.0
    except (TypeError, ValueError):
        points = 10.0
    return points, bold is not None and _on(bold)


def _legible(doc: Any, role: str, style: Any, report: Report) -> None:
    theme = _theme_colors(doc)
    fore = text_color(doc, style, theme)
    back, shaded = background(doc, style, theme)
    size, bold = _size_bold(doc, style)
    wanted = needed(size, bold)  # WCAG 1.4.3: 3:1 only from 18 pt, or 14 pt bold
    if fore is None or ratio("#" + fore, "#" + back) >= wanted:
        return
    have = ratio("#" + fore, "#" + back)
    # deepened to body text's 4.5:1 even where its size would allow 3:1: a heading that only
    # just passes looks washed out
    deeper = deepened("#" + fore, "#" + back, max(wanted, 4.5)).lstrip("#")
    set_color(style, deeper)
    behind = f"its shading #{back}" if shaded else "the white page"
    now = ratio("#" + deeper, "#" + back)
    report.add(role, f"text #{fore} on {behind} ({have:.1f}:1): deepened to #{deeper}",
               f"the memo template's style {style.name!r} (deckgen's {role}) writes #{fore} on "
               f"{behind} ({have:.1f}:1, where its {size:g} pt{' bold' if bold else ''} text "
               f"needs {wanted:g}:1); deckgen set its text to #{deeper}, the same hue "
               f"deepened until it reads ({now:.1f}:1)")  # fmt: skip


def colored(doc: Any, style: Any, rgb: str) -> bool:
    """Colour ``style``'s text ``rgb`` when that reads on what is behind it; True if done."""
    back, _ = background(doc, style, _theme_colors(doc))
    if ratio("#" + rgb.lstrip("#"), "#" + back) < needed(*_size_bold(doc, style)):
        return False
    set_color(style, rgb)
    return True


# -- numbering -----------------------------------------------------------------------------


def _num_pr(style: Any) -> tuple[Any, Any] | None:
    """The nearest numPr in the chain that names a list, with its style."""
    for item in chain(style):
        ppr = _props(item, "pPr")
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            return item, num_pr
    return None


def _numbering_root(doc: Any) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return doc.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None


def _unnumber(doc: Any, role: str, style: Any, report: Report) -> None:
    numbering = _numbering_root(doc)
    style_id = style.style_id
    linked = []  # list levels that name the style (LibreOffice numbers headings from these)
    if numbering is not None:
        for level in numbering.iter(qn("w:lvl")):
            pstyle = level.find(qn("w:pStyle"))
            if pstyle is not None and pstyle.get(qn("w:val")) == style_id:
                linked.append((level, pstyle))
    found = _num_pr(style)
    num_id = None
    if found is not None:
        num_id = found[1].find(qn("w:numId")).get(qn("w:val"))
    if (num_id in (None, "0")) and not linked:
        return
    for level, pstyle in linked:
        level.remove(pstyle)
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    for child in list(num_pr):
        num_pr.remove(child)
    num_pr.get_or_add_numId().val = 0  # "no numbering", whatever a base style says
    where = "" if found is None or found[0] is style else f" (from {found[0].name!r})"
    report.add(role, f"auto-numbered{where}: numbering removed",
               f"the memo template numbers the paragraphs of its style {style.name!r}{where} "
               f"(deckgen's {role}), which would print numbers before ours; deckgen removed "
               "that numbering from the memo")  # fmt: skip


def check(doc: Any, styles: dict[str, Any]) -> Report:
    """Find and undo every hazard in the styles our content uses (each style once)."""
    report = Report()
    seen: set[int] = set()
    for role, style in styles.items():
        if id(style.element) in seen or style.type is None:
            continue
        seen.add(id(style.element))
        _unhide(doc, role, style, report)
        if role != "table":
            _legible(doc, role, style, report)
        if role in UNNUMBERED:
            _unnumber(doc, role, style, report)
    return report


def as_rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())
