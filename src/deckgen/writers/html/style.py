"""A template set's palette, fonts and the marking to the web edition's stylesheet (screen and
print), every colour checked for WCAG 2.1 AA contrast first."""

from __future__ import annotations

from dataclasses import dataclass

from deckgen.markings import Banner
from deckgen.templates.sets import TemplateSet
from deckgen.writers.html.colour import GRAPHIC_AA, TEXT_AA, WHITE, Checker, parse

# Faces a reader may have in place of an Office face, metric-compatible where one exists
_STAND_INS = {"calibri": "Carlito", "cambria": "Caladea"}
_SERIF = {"cambria", "caladea", "georgia", "times new roman", "garamond", "book antiqua",
          "palatino linotype", "constantia", "baskerville", "minion pro"}  # fmt: skip
_RULE = "#C9D0D8"  # hairlines between rows: decoration, not information (no contrast asked)


@dataclass
class Colors:
    """The colours the page uses, each already meeting its contrast ratio."""

    text: str
    primary: str  # headings; white header-row text stands on it
    link: str
    muted: str
    light: str  # zebra rows and the BLUF box: text and links stand on it
    marking: str
    chart: list[str]


def colors(template: TemplateSet, check: Checker) -> Colors:
    """The palette's colours made safe for the page; ``check`` records every change."""
    p = template.palette
    light = parse(p.get("light"), "#EEF1F5")
    text = check.meet(parse(p.get("text"), "#1A1A1A"), light, TEXT_AA, "palette `text`")
    primary = check.meet(parse(p.get("primary"), "#1F3A5F"), WHITE, TEXT_AA, "palette `primary`")
    link = check.meet(parse(p.get("accent"), primary), light, TEXT_AA, "palette `accent` (links)")
    muted = check.meet(parse(p.get("muted"), "#4A5A6A"), light, TEXT_AA, "palette `muted`")
    marking = check.meet(parse(p.get("marking"), text), WHITE, TEXT_AA, "palette `marking`")
    chart = [check.meet(parse(c, primary), WHITE, GRAPHIC_AA, "palette `actors` (charts)")
             for c in p.get("actors") or [primary]]  # fmt: skip
    return Colors(text, primary, link, muted, light, marking, chart)


def font_stack(face: str | None) -> str:
    """A CSS font list: the template's face, its stand-in, then the generic family."""
    face = (face or "Calibri").strip()
    names = [face]
    if face.lower() in _STAND_INS:
        names.append(_STAND_INS[face.lower()])
    generic = "serif" if face.lower() in _SERIF else "sans-serif"
    return ", ".join(css_string(n) for n in names) + f", {generic}"


def css_string(s: str) -> str:
    """``s`` as a CSS string: every character but letters, digits and spaces escaped, so
    nothing in it can end the string or the style element."""
    out = []
    for ch in s:
        if ch.isascii() and (ch.isalnum() or ch == " "):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06X}")
    return '"' + "".join(out) + '"'


def stylesheet(template: TemplateSet, c: Colors, banner: Banner | None) -> str:
    """The page's CSS: a reading column on screen; on paper, the marking at the top and
    bottom of every page (CSS page-margin boxes), headers repeated, rows kept whole."""
    body = font_stack(template.fonts.get("body"))
    heading = font_stack(template.fonts.get("heading"))
    page_marks = ""
    if banner is not None:
        where = "right" if banner.align == "right" else "center"
        # a band prints even where the reader's browser leaves backgrounds out
        band = (f"background: {banner.fill}; print-color-adjust: exact; "
                "-webkit-print-color-adjust: exact; " if banner.fill else "")  # fmt: skip
        color = banner.color if banner.fill else c.marking
        mark = (f"content: {css_string(banner.text)}; {band}color: {color}; font: bold 9pt "
                f"{heading}; letter-spacing: .06em;")  # fmt: skip
        page_marks = f"@top-{where} {{ {mark} }} @bottom-{where} {{ {mark} }}"
    # the page number takes the corner a right-justified (TLP) marking leaves free
    number = "left" if banner is not None and banner.align == "right" else "right"
    tlp = ""
    if banner is not None and banner.fill:
        tlp = (f".marking {{ background: {banner.fill}; color: {banner.color}; "
               "text-align: right; border: 0; }")  # fmt: skip
    return f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: #FFFFFF; color: {c.text}; font-family: {body};
  font-size: 1.0625rem; line-height: 1.6; }}
.marking {{ margin: 0; padding: .4rem 1rem; text-align: center; color: {c.marking};
  font: bold .85em/1.3 {heading}; letter-spacing: .08em; border-bottom: 1px solid {_RULE}; }}
.page-foot .marking {{ border-bottom: 0; border-top: 1px solid {_RULE}; }}
{tlp}
main {{ max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 3rem; }}
.logo {{ display: block; max-height: 3rem; width: auto; margin: 0 0 1.5rem; }}
.logo.right {{ margin-left: auto; }}
.kicker {{ margin: 0 0 .6rem; color: {c.muted}; font: bold .8em/1.2 {heading};
  letter-spacing: .16em; }}
h1, h2, h3, h4 {{ font-family: {heading}; color: {c.primary}; line-height: 1.2; }}
h1 {{ font-size: 2.15em; margin: 0 0 .5rem; }}
.subtitle {{ font-size: 1.25em; color: {c.muted}; margin: 0 0 1.5rem; line-height: 1.35; }}
.fields {{ display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem;
  margin: 1.25rem 0 .75rem; padding: .9rem 0; font-size: .95em;
  border-top: 1px solid {_RULE}; border-bottom: 3px solid {c.primary}; }}
.fields dt {{ font-weight: bold; color: {c.muted}; }}
.fields dd {{ margin: 0; }}
.distribution {{ font-style: italic; color: {c.muted}; font-size: .92em; }}
h2 {{ font-size: 1.5em; margin: 2.6rem 0 .9rem; padding-bottom: .35rem;
  border-bottom: 1px solid {_RULE}; }}
h3 {{ font-size: 1.2em; margin: 1.8rem 0 .6rem; }}
h4 {{ font-size: 1.05em; margin: 1.4rem 0 .5rem; }}
p {{ margin: 0 0 1rem; }}
.bluf {{ background: {c.light}; border-inline-start: 6px solid {c.primary}; padding: 1.1rem 1.35rem;
  margin: 1.75rem 0; font-size: 1.12em; line-height: 1.55; }}
ul {{ padding-inline-start: 1.4rem; margin: 0 0 1.2rem; }}
li {{ margin-bottom: .6rem; }}
li > ul {{ margin: .5rem 0 0; }}
.sources li {{ overflow-wrap: anywhere; }}
blockquote {{ margin: 1.75rem 0 .5rem; padding-block: .2rem; padding-inline: 1.35rem 0;
  font-size: 1.2em; line-height: 1.5; border-inline-start: 4px solid {c.primary}; }}
.attribution {{ text-align: end; color: {c.muted}; font-size: .95em; }}
.caption {{ color: {c.muted}; font-size: .92em; }}
.table-wrap {{ overflow-x: auto; margin: 1rem 0 1.75rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: .93em; line-height: 1.45; }}
caption {{ text-align: start; font-weight: bold; color: {c.muted}; padding: 0 0 .5rem;
  font-size: .92em; }}
th, td {{ text-align: start; vertical-align: top; padding: .55rem .65rem;
  border-bottom: 1px solid {_RULE}; }}
thead th, thead td {{ background: {c.primary}; color: #FFFFFF; font-weight: bold;
  vertical-align: bottom; }}
tbody th {{ font-weight: normal; }}
tbody tr:nth-child(even) {{ background: {c.light}; }}
figure {{ margin: 1.75rem 0; }}
figure img {{ display: block; max-width: 100%; height: auto; margin: 0 auto; }}
figcaption {{ color: {c.muted}; font-size: .92em; margin-top: .6rem; }}
svg.chart {{ display: block; width: 100%; height: auto; font-family: {body}; }}
svg.chart text {{ fill: {c.text}; }}
svg.chart .axis {{ stroke: {c.text}; stroke-width: 1; }}
a {{ color: {c.link}; text-decoration: underline; text-underline-offset: .15em; }}
a:focus-visible {{ outline: 3px solid {c.link}; outline-offset: 2px; }}
.noteref {{ font-size: .72em; line-height: 0; }}
.noteref a {{ padding: 0 .12em; text-decoration: none; }}
.notes {{ margin-top: 3rem; font-size: .9em; }}
.notes li {{ margin-bottom: .4rem; overflow-wrap: anywhere; }}
.page-foot {{ margin-top: 2rem; }}
.page-foot .footer {{ margin: 0; padding: .75rem 1rem; text-align: center; color: {c.muted};
  font-size: .85em; }}
.vh {{ position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
  border: 0; }}
@page {{ size: letter; margin: .9in .85in; {page_marks}
  @bottom-{number} {{ content: counter(page) " / " counter(pages); font: 8pt {body};
    color: {c.muted}; }} }}
@media print {{
  body {{ font-size: 10.5pt; line-height: 1.45; }}
  main {{ max-width: none; padding: 0; }}
  .marking {{ border: 0; }}
  a {{ color: inherit; }}
  .table-wrap {{ overflow: visible; }}
  thead {{ display: table-header-group; }}
  tr, figure, blockquote, .bluf {{ break-inside: avoid; }}
  h2, h3, h4, caption {{ break-after: avoid; }}
  .bluf, thead th, tbody tr, .marking {{ print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }}
}}
"""
