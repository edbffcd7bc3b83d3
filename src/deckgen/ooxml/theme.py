"""A DrawingML theme part's bytes to its heading and body typefaces, and to the same part with
a template set's typefaces written in (headings: the major font; body text: the minor)."""

from __future__ import annotations

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_SLOTS = (("majorFont", "heading"), ("minorFont", "body"))


def typefaces(theme: bytes) -> tuple[str | None, str | None]:
    """The theme's heading (major) and body (minor) Latin typefaces."""
    from lxml import etree

    root = etree.fromstring(theme)
    found = [root.find(f".//{_A}{slot}/{_A}latin") for slot, _ in _SLOTS]
    major, minor = (e.get("typeface") if e is not None else None for e in found)
    return major, minor


def with_typefaces(theme: bytes, fonts: dict[str, str]) -> bytes:
    """``theme`` with ``fonts["heading"]`` and ``fonts["body"]`` as its Latin typefaces, where
    given; what else the theme says is kept."""
    from lxml import etree

    root = etree.fromstring(theme)
    for slot, key in _SLOTS:
        latin = root.find(f".//{_A}{slot}/{_A}latin")
        if latin is not None and fonts.get(key):
            latin.set("typeface", fonts[key])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
