"""A Word section's page setup (pgSz, pgMar) to page measures in twips, and whether a memo's
text fits between its margins."""

from __future__ import annotations

import re

from lxml import etree

_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A Word measure as python-docx reads it: twips, or a number with a unit.
MEASURE = re.compile(r"-?\d+|-?\d+(\.\d+)?(mm|cm|in|pt|pc|pi)")
# The page setup attributes python-docx reads, and what Word assumes where one is missing
# (US Letter, 1 inch margins), in twips.
PAGE_MEASURES = {"w", "h", "orient", "top", "right", "bottom", "left", "header", "footer",
                  "gutter"}  # fmt: skip
WORD_PAGE = {"w": 12240, "h": 15840, "top": 1440, "right": 1440, "bottom": 1440, "left": 1440}
MIN_TEXT_WIDTH = 2880  # 2 in: less cannot hold a memo's table or its field labels
MIN_TEXT_HEIGHT = 1440  # 1 in
_TWIPS_PER = {"in": 1440.0, "cm": 1440 / 2.54, "mm": 1440 / 25.4, "pt": 20.0, "pc": 240.0,
              "pi": 240.0}  # fmt: skip


def twips(value: str) -> int:
    """A Word measure (checked by MEASURE) in twips."""
    unit = value[-2:]
    if unit in _TWIPS_PER:
        return round(float(value[:-2]) * _TWIPS_PER[unit])
    return int(value)


def page_measures(sect_pr: etree._Element | None) -> dict[str, int]:
    """A section's page size and margins in twips, Word's defaults where one is unset; the
    top and bottom margins as distances (Word lets a negative one keep text off headers)."""
    out = dict(WORD_PAGE)
    if sect_pr is None:
        return out
    for tag in ("pgSz", "pgMar"):
        element = sect_pr.find(f"{_W_NS}{tag}")
        if element is None:
            continue
        for key in ("w", "h") if tag == "pgSz" else ("top", "right", "bottom", "left"):
            value = element.get(f"{_W_NS}{key}")
            if value is not None and MEASURE.fullmatch(value):
                out[key] = abs(twips(value))
    return out


def page_room(sect_pr: etree._Element | None) -> str | None:
    """Why the section's margins leave no room for a memo's text, or None."""
    m = page_measures(sect_pr)

    def inch(value: int) -> str:
        return f"{value / 1440:.2f} in"

    width = m["w"] - m["left"] - m["right"]
    if width < MIN_TEXT_WIDTH:
        return (
            f"the page is {inch(m['w'])} wide and its left and right margins take "
            f"{inch(m['left'])} + {inch(m['right'])}, which leaves {inch(max(width, 0))} for "
            f"text; a memo needs at least {inch(MIN_TEXT_WIDTH)}"
        )
    height = m["h"] - m["top"] - m["bottom"]
    if height < MIN_TEXT_HEIGHT:
        return (
            f"the page is {inch(m['h'])} tall and its top and bottom margins take "
            f"{inch(m['top'])} + {inch(m['bottom'])}, which leaves {inch(max(height, 0))} for "
            f"text; a memo needs at least {inch(MIN_TEXT_HEIGHT)}"
        )
    return None
