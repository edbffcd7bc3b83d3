"""A Memo plan and a template set to the web edition: one self-contained, accessible HTML page.

The page is written from the same plan as the Word memo, block by block: the title as the one
``h1`` and the memo's headings one level below (never skipping one), tables with ``th`` and
``scope`` and a caption, pictures embedded as data: URIs with their alt text, a chart drawn
as inline SVG above its data table, citations as numbered notes linked both ways, and the
marking as a banner at the top and bottom (and on every printed page). Nothing is fetched:
a Content-Security-Policy forbids the page any request but its own embedded pictures.
The pictures' bytes come from the caller (``media``): the writer reads no file.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING

from deckgen import images as imageinfo
from deckgen.markings import banner
from deckgen.plan import Front, Heading, Memo, MemoBlock, MemoImage, MemoTable, Para
from deckgen.text import Text, language_is_rtl, paragraph_rtl
from deckgen.writers.html import chart as htmlchart
from deckgen.writers.html import style as htmlstyle
from deckgen.writers.html.colour import TEXT_AA, WHITE, Checker, parse
from deckgen.writers.html.text import Notes, inline

if TYPE_CHECKING:
    from deckgen.templates.sets import TemplateSet

# The page's own words; a template set's labels name none of these yet
NOTES_HEADING = "Notes"
# Only the pictures inside the page may load; no script, no font, no connection
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_LISTS = {"bullet": ("ul", ""), "bullet2": ("ul", ""), "source": ("ul", "sources")}


class _PageWriter:
    def __init__(self, memo: Memo, template: TemplateSet, media: Mapping[str, bytes]) -> None:
        self.memo = memo
        self.media = media
        self.t = template
        self.lang = memo.language
        self.check = Checker()
        self.colors = htmlstyle.colors(template, self.check)
        self.notes = Notes(memo)
        self.out: list[str] = []
        self.level = 1  # the last heading level written: the title is the h1
        self.heading = memo.title.plain  # the section a table belongs to, for its caption
        self.tables = 0
        self.charts = 0
        self.titled = False

    # -- text

    def text(self, text: Text) -> str:
        return inline(text, self.lang)

    def dir_attr(self, text: Text, rtl: bool = False) -> str:
        """``dir`` for a block whose direction differs from the page's."""
        block_rtl = rtl or paragraph_rtl(text, self.lang)
        if block_rtl == language_is_rtl(self.lang):
            return ""
        return f' dir="{"rtl" if block_rtl else "ltr"}"'

    # -- the page

    def write(self) -> tuple[bytes, list[str]]:
        blocks = self.memo.blocks
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if isinstance(block, Para) and block.role in _LISTS:
                items = _list_run(blocks[i:], block)
                self.list(items)
                i += len(items)
                continue
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if (isinstance(block, Para) and block.role == "caption"
                    and isinstance(following, MemoTable) and following.chart):  # fmt: skip
                self.table(following, caption=block)
                i += 2
                continue
            self.block(block)
            i += 1
        return self.page().encode("utf-8"), list(self.check.notes)

    def block(self, block: MemoBlock) -> None:
        if isinstance(block, Front):
            self.front()
        elif isinstance(block, Heading):
            self.title_once()
            # one below the title, and never deeper than one below the heading before
            level = min(block.level + 1, self.level + 1, 6)
            self.level = level
            self.heading = block.text.plain
            self.out.append(f"<h{level}{self.dir_attr(block.text)}>{self.text(block.text)}"
                            f"</h{level}>")  # fmt: skip
        elif isinstance(block, Para):
            self.para(block)
        elif isinstance(block, MemoTable):
            self.table(block)
        elif isinstance(block, MemoImage):
            self.image(block)

    def title_once(self) -> None:
        """The title as h1 where the recipe's memo has no header part to carry it."""
        if not self.titled:
            self.titled = True
            self.out.append(f"<h1{self.dir_attr(self.memo.title)}>{self.text(self.memo.title)}"
                            "</h1>")  # fmt: skip

    def front(self) -> None:
        m = self.memo
        add = self.out.append
        if self.t.logo:
            logo = self.t.logo
            side = "right" if logo.position.endswith("right") else "left"
            add(f'<img class="logo {side}" src="{_data_uri(self.media[logo.path])}" '
                f'alt="{escape(logo.alt)}">')  # fmt: skip
        memorandum = str(self.t.labels.get("memorandum", "MEMORANDUM"))
        add(f'<p class="kicker">{escape(memorandum)}</p>')
        self.titled = False
        self.title_once()
        if m.subtitle:
            add(f'<p class="subtitle"{self.dir_attr(m.subtitle)}>{self.text(m.subtitle)}</p>')
        if m.fields:
            rows = "".join(f"<dt>{escape(label)}</dt><dd{self.dir_attr(value)}>"
                           f"{self.text(value)}</dd>" for label, value in m.fields)  # fmt: skip
            add(f'<dl class="fields">{rows}</dl>')
        if m.distribution:
            add(f'<p class="distribution">{escape(m.distribution)}</p>')

    def para(self, block: Para) -> None:
        if not block.text and not block.cites:
            return  # an empty paragraph is spacing in Word; the stylesheet spaces the page
        self.title_once()
        body = self.text(block.text) + self.notes.ref(block.cites)
        d = self.dir_attr(block.text, block.rtl)
        if block.role == "quote":
            self.out.append(f"<blockquote{d}><p>{body}</p></blockquote>")
        elif block.role in ("bluf", "caption", "attribution"):
            self.out.append(f'<p class="{block.role}"{d}>{body}</p>')
        else:
            self.out.append(f"<p{d}>{body}</p>")

    def list(self, items: list[Para]) -> None:
        """Consecutive bullets as one list; a second-level bullet nests in the one before."""
        self.title_once()
        tag, cls = _LISTS[items[0].role]
        opening = f'<{tag} class="{cls}">' if cls else f"<{tag}>"
        out = [opening]
        nested = False  # a list of second-level bullets is open inside the item before
        for n, item in enumerate(items):
            li = f"<li{self.dir_attr(item.text, item.rtl)}>"
            li += self.text(item.text) + self.notes.ref(item.cites)
            if item.role == "bullet2" and n:
                if not nested:
                    out.append(f"<{tag}>")
                    nested = True
                out.append(li + "</li>")
                continue
            if nested:
                out.append(f"</{tag}>")
                nested = False
            if n:
                out.append("</li>")
            out.append(li)
        out.append(f"</{tag}></li></{tag}>" if nested else f"</li></{tag}>")
        self.out.append("".join(out))

    def table(self, block: MemoTable, caption: Para | None = None) -> None:
        """A table with a caption, column headers and (the first cell of each row) row
        headers; a chart's data table comes after the chart, drawn as SVG."""
        self.title_once()
        self.tables += 1
        cap_id = f"table-{self.tables}"
        if block.chart is not None:
            self.charts += 1
            svg = htmlchart.svg(block.chart, self.colors.chart, block.alt, f"chart-{self.charts}")
            title = block.chart.title
            cap = f"<figcaption>{escape(title)}</figcaption>" if title else ""
            self.out.append(f'<figure class="chart">{svg}{cap}</figure>')
        if caption is not None:
            body = self.text(caption.text) + self.notes.ref(caption.cites)
            cap = f'<caption id="{cap_id}">{body}</caption>'
        else:  # the section's heading names the table for a reader moving table to table
            cap = f'<caption id="{cap_id}" class="vh">{escape(self.heading)}</caption>'
        fills = block.header_fills or [None] * len(block.header)
        head = []
        for c, text in enumerate(block.header):
            if not text and c == 0:
                head.append("<td></td>")  # the corner above the row headers names nothing
                continue
            fill = fills[c] if c < len(fills) else None
            style = ""
            if fill:
                safe = self.check.meet(parse(fill, self.colors.primary), WHITE, TEXT_AA,
                                       "a table header's fill (white text)")  # fmt: skip
                style = f' style="background: {safe}"' if safe != self.colors.primary else ""
            head.append(f'<th scope="col"{style}>{self.text(text)}</th>')
        rows = []
        for r, values in enumerate(block.rows):
            cites = block.cites[r] if r < len(block.cites) else ()
            cells = []
            for c, value in enumerate(values):
                body = self.text(value) + (self.notes.ref(cites) if c == 0 else "")
                d = self.dir_attr(value)
                cells.append(f'<th scope="row"{d}>{body}</th>' if c == 0 else f"<td{d}>{body}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        self.out.append(
            f'<div class="table-wrap" role="region" aria-labelledby="{cap_id}" tabindex="0">'
            f"<table>{cap}<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}"
            "</tbody></table></div>"
        )

    def image(self, block: MemoImage) -> None:
        self.title_once()
        cap = f"<figcaption>{self.text(block.caption)}</figcaption>" if block.caption else ""
        src = _data_uri(self.media[block.path])
        self.out.append(f'<figure><img src="{src}" alt="{escape(block.alt)}">{cap}</figure>')

    def page(self) -> str:
        m = self.memo
        self.title_once()
        notes = self.notes.section(NOTES_HEADING, 2)
        mark = banner(m.marking, self.colors.marking) if m.marking else None
        css = htmlstyle.stylesheet(self.t, self.colors, mark)
        top = bottom = ""
        if mark is not None:
            band = f'<p class="marking">{escape(mark.text)}</p>'
            top = f"<header>{band}</header>"
            bottom = band
        footer = f'<p class="footer">{escape(self.t.footer)}</p>' if self.t.footer else ""
        foot = f'<footer class="page-foot">{footer}{bottom}</footer>' if footer or bottom else ""
        props = m.properties
        meta = "".join(
            f'<meta name="{name}" content="{escape(props[key])}">'
            for name, key in (("author", "author"), ("description", "subject"),
                              ("keywords", "keywords"))
            if props.get(key)
        )  # fmt: skip
        rtl = ' dir="rtl"' if language_is_rtl(self.lang) else ""
        return (
            f'<!DOCTYPE html>\n<html lang="{escape(self.lang)}"{rtl}>\n<head>\n'
            '<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(m.title.plain)}</title>\n{meta}\n"
            '<meta name="generator" content="deckgen">\n'
            f"<style>{css}</style>\n</head>\n<body>\n{top}\n<main>\n<article>\n"
            + "\n".join(self.out)
            + f"\n{notes}\n</article>\n</main>\n{foot}\n</body>\n</html>\n"
        )


def _list_run(blocks: list[MemoBlock], first: Para) -> list[Para]:
    """The paragraphs at the start of ``blocks`` that make one list with ``first``."""
    kind = _LISTS[first.role]
    run: list[Para] = []
    for block in blocks:
        if not (isinstance(block, Para) and _LISTS.get(block.role) == kind):
            break
        run.append(block)
    return run


def _data_uri(blob: bytes) -> str:
    """The picture ``blob`` inside the page, as a data: URI of its own type."""
    info = imageinfo.read(blob)
    return f"data:{info.content_type};base64,{base64.b64encode(blob).decode('ascii')}"


def write_page(
    memo: Memo, template: TemplateSet, media: Mapping[str, bytes]
) -> tuple[bytes, list[str]]:
    """The web edition of ``memo``: UTF-8 HTML bytes, and what was changed to meet WCAG.
    Pictures come from ``media`` (path -> bytes; every picture the plan and the set's logo
    name)."""
    return _PageWriter(memo, template, media).write()
