"""A drawing's non-visual properties to the same flagged decorative, as Office's "Mark as
decorative" writes it (one extension, shared by PowerPoint's and Word's drawings)."""

from __future__ import annotations

from typing import Any

DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
NS_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def flag(props: Any) -> bool:
    """``props`` (a ``p:cNvPr`` or ``wp:docPr`` element) flagged decorative; False when it
    already was."""
    from lxml import etree

    ext_lst = props.find(f"{_A}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(props, f"{_A}extLst", nsmap={"a": _A[1:-1]})
    if any(e.get("uri") == DECORATIVE_EXT for e in ext_lst):
        return False
    ext = etree.SubElement(ext_lst, f"{_A}ext", uri=DECORATIVE_EXT)
    etree.SubElement(ext, f"{{{NS_ADEC}}}decorative", nsmap={"adec": NS_ADEC}).set("val", "1")
    return True
