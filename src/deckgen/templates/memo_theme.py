"""A template set's faces and colours to the memo's theme (word/theme/theme1.xml).

The memo's styles carry the set's faces and heading colour themselves; the theme carries them
too, so that what a user adds later in Word (a new heading, a chart, SmartArt) follows the same
look. Mapping (documented in docs/templates.md): the major (headings) Latin font is
``fonts.heading``, the minor (body) one ``fonts.body``; ``palette.primary`` is Text/Background
Dark 2 (dk2), ``palette.accent`` Accent 1, ``palette.text`` Dark 1 (dk1), as the default set's
own theme has them.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
COLOR_SLOTS = {"primary": ("dk2",), "accent": ("accent1",), "text": ("dk1",)}


def apply(doc: Any, fonts: dict[str, str], palette: dict[str, Any]) -> list[str]:
    """Write ``fonts`` and ``palette`` into the memo's theme; a warning when there is none."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    colors = {
        slot: str(palette[key]).lstrip("#").upper()
        for key, slots in COLOR_SLOTS.items()
        if palette.get(key)
        for slot in slots
    }
    faces = {which: fonts[key] for which, key in (("major", "heading"), ("minor", "body"))
             if fonts.get(key)}  # fmt: skip
    if not colors and not faces:
        return []
    try:
        part = doc.part.part_related_by(RT.THEME)
    except KeyError:
        return [
            "the memo template has no theme part: the set's fonts and colours are on the "
            "memo's styles, but what is added later in Word takes Word's default theme"
        ]
    root = etree.fromstring(part.blob)
    elements = root.find(f"{_A}themeElements")
    if elements is None:
        return []
    for which, face in faces.items():
        latin = elements.find(f"{_A}fontScheme/{_A}{which}Font/{_A}latin")
        if latin is not None:
            latin.set("typeface", face)
            for attr in ("panose", "pitchFamily", "charset"):  # they described the old face
                latin.attrib.pop(attr, None)
    scheme = elements.find(f"{_A}clrScheme")
    for slot, rgb in colors.items():
        holder = scheme.find(f"{_A}{slot}") if scheme is not None else None
        if holder is None:
            continue
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, f"{_A}srgbClr", val=rgb)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return []
