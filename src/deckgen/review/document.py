"""A briefing and its built deck and memo to document accessibility findings.

Slide titles, alt text, tables, links, core properties and memo headings: A11Y-01…05, -08,
-10 and LINK-01."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen.content.model import Briefing
from deckgen.errors import Diagnostic, Location
from deckgen.review.where import TemplateWhere, Where, excerpt, finding, shown

if TYPE_CHECKING:
    from deckgen.plan import Deck, Memo
    from deckgen.templates.sets import TemplateSet

MIN_ALT = 10  # characters; shorter alt text cannot say what a picture shows
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".emf", ".wmf", ".tif", ".tiff")
# Link text that says nothing once read out of its sentence, as a screen reader's list of
# links reads it (WCAG 2.4.4).
VAGUE_LINKS = frozenset(
    {"here", "click here", "click", "link", "this link", "more", "read more", "learn more",
     "this", "website", "web site", "page", "this page", "url", "go", "details"}
)  # fmt: skip
_VAGUE_BEFORE_URL = re.compile(
    r"\b(click here|here|this link|link|read more|more)\s*[:(\-–—]?\s*<?(https?://[^\s<>)]+)",
    re.I,
)
_CONT = re.compile(r"\s*\(cont\.(?: \d+)?\)$")
_HEADING = re.compile(r"^heading\s*(\d)$", re.I)
_TITLE_TYPES = ("title", "ctrTitle")

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
_W = "{" + NS["w"] + "}"
_A = "{" + NS["a"] + "}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def alt_problem(alt: str, name: str = "") -> str | None:
    """What is wrong with ``alt`` as a description of a picture named ``name``, or None."""
    alt = _flat(alt)
    lower = alt.lower()
    if not alt:
        return "is missing"
    # a drawing's own name ("Logo", "Chart 3") is no file name; a picture file's is
    file = name.lower().endswith(IMAGE_SUFFIXES)
    if lower.endswith(IMAGE_SUFFIXES) or (
        file and lower in (name.lower(), Path(name).stem.lower())
    ):
        return "looks like a file name"
    if len(alt) < MIN_ALT:
        return f"is only {len(alt)} characters"
    return None


def _decorative(element: Any) -> bool:
    """Whether a drawing's properties carry Office's decorative flag (adec:decorative)."""
    return any(d.get("val") in ("1", "true") for d in element.iterfind(".//adec:decorative", NS))


def images(b: Briefing, at: Where) -> Iterator[Diagnostic]:
    """A11Y-03: alt text is what a screen reader says instead of the picture."""
    for i, s in enumerate(b.sections):
        if s.image is None:
            continue
        alt = _flat(s.image.alt)
        name = Path(s.image.path).name
        problem = alt_problem(alt, name)
        if problem is None:
            continue
        yield finding(
            "A11Y-03",
            "error",
            at("sections", i, "image", "alt"),
            f"the alt text {alt!r} of picture {name!r} {problem}",
            "Say what the picture shows and why it is there, in a sentence or two.",
        )


# -- where in the content a slide or table comes from ---------------------------------------

# The parts whose tables list items, with the field that leads each row.
_ROWS = {"key_judgments": "text", "shared_goals": "title", "divergences": "issue",
         "forecasts": "statement", "timeline": "event"}  # fmt: skip


def _section(b: Briefing, title: str) -> int | None:
    """The index of the section whose slide is titled ``title`` (continuations included)."""
    bare = _CONT.sub("", _flat(title))
    return next((i for i, s in enumerate(b.sections) if _flat(s.title.plain) == bare), None)


def _table_at(b: Briefing, at: Where, title: str, cells: list[str]) -> Location:
    """The content a table (or a row of it: ``cells``) shows: its section's `table:`, else
    the item of a part whose row it is, else the briefing itself."""
    i = _section(b, title)
    if i is not None:
        s = b.sections[i]
        key = "table" if s.table else "chart" if s.chart else "title"
        return at("sections", i, key) if at.has("sections", i, key) else at("sections", i)
    shown_cells = {_flat(c) for c in cells}
    for part, field in _ROWS.items():
        for n, item in enumerate(getattr(b, part)):
            if _flat(getattr(item, field).plain) in shown_cells:
                return at(part, n) if at.has(part, n, field) else at(part)
    return Location(b.path)


# -- the deck -------------------------------------------------------------------------------


def deck_titles(b: Briefing, deck: Deck, data: bytes, template: TemplateSet,
                at: Where) -> Iterator[Diagnostic]:  # fmt: skip
    """A11Y-01 per slide without text in a title placeholder; A11Y-02 per repeated title."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    seen: dict[str, list[int]] = {}
    for number, (slide, plan) in enumerate(zip(prs.slides, deck.slides, strict=False), 1):
        title = ""
        for shape in slide.placeholders:
            ph = shape._element.find(".//p:nvPr/p:ph", NS)
            if ph is not None and ph.get("type") in _TITLE_TYPES and shape.has_text_frame:
                title = _flat(shape.text_frame.text)
                break
        if not title:
            layout = slide.slide_layout.name
            if plan.title:  # planned, but the layout had nowhere to put it
                yield finding(
                    "A11Y-01", "error", Location(str(shown(template.deck))),
                    f"slide {number} {excerpt(plan.title.plain)!r}: its layout {layout!r} "
                    "has no title placeholder, so the slide has no title a screen reader finds",
                    "Give the layout a title placeholder in the deck template (View > Slide "
                    "Master), or map the role to a layout that has one in `layouts:`.",
                )  # fmt: skip
            else:
                i = _section(b, "")
                yield finding(
                    "A11Y-01", "error", at("sections", i, "title") if i is not None
                    else Location(b.path), f"slide {number} ({plan.role}) has no title",
                    "Give the section a `title:`: screen reader users move between slides "
                    "by their titles.",
                )  # fmt: skip
            continue
        seen.setdefault(title.casefold(), []).append(number)
    titles = {n: _flat(s.title.plain) for n, s in enumerate(deck.slides, 1)}
    for numbers in seen.values():
        if len(numbers) < 2:
            continue
        title = titles.get(numbers[1], "")
        i = _section(b, title)
        where = at("sections", i, "title") if i is not None else Location(b.path)
        yield finding(
            "A11Y-02", "warning", where,
            f"slides {', '.join(map(str, numbers))} have the same title {excerpt(title)!r}",
            "Give each slide its own title: a screen reader's list of slides shows titles "
            "alone, and identical ones cannot be told apart.",
        )  # fmt: skip


def _logo(template: TemplateSet, problem: str) -> Diagnostic:
    """A11Y-03 for the set's logo, once however many slides and pages carry it."""
    assert template.logo is not None
    in_set = TemplateWhere(template)
    return finding(
        "A11Y-03", "error", in_set("logo", "alt") if in_set.own.has("logo", "alt")
        else in_set("logo"), f"the logo's alt text {_flat(template.logo.alt)!r} {problem}",
        "Give the logo an `alt:` naming whose logo it is (“Ministry of Trade logo”) in the "
        "template set's `logo:`.",
    )  # fmt: skip


def deck_media(b: Briefing, deck: Deck, data: bytes, at: Where,
               template: TemplateSet | None = None) -> Iterator[Diagnostic]:  # fmt: skip
    """A11Y-03 for each picture or chart of the built deck without usable alt text, or a
    chart marked decorative; A11Y-04/-05 for each table without a header row, or with
    merged or blank cells. ``template``: the set, whose logo is blamed on it."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    authored = {_flat(s.image.alt) for s in b.sections if s.image}  # judged by `images`
    for number, (slide, plan) in enumerate(zip(prs.slides, deck.slides, strict=False), 1):
        title = plan.title.plain
        for element in slide.shapes._spTree.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "pic":
                what = "picture"
            elif (
                tag == "graphicFrame"
                and element.find(
                    ".//c:chart", {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
                )
                is not None
            ):
                what = "chart"  # fmt: skip
            elif tag == "tbl":
                yield from _deck_table(b, at, number, title, element)
                continue
            else:
                continue
            props = element.find(".//p:cNvPr", NS)
            if props is None:
                continue
            i = _section(b, title)
            if _decorative(props):
                if what == "chart":  # its data is content: a screen reader must not skip it
                    yield finding(
                        "A11Y-03", "error", at("sections", i, "chart") if i is not None
                        else Location(b.path), f"the chart on slide {number} "
                        f"({excerpt(title)!r}) is marked decorative, so a screen reader "
                        "skips it", "A chart carries data: describe it, never mark it "
                        "decorative.",
                    )  # fmt: skip
                continue
            alt = props.get("descr") or ""
            problem = alt_problem(alt, props.get("name", ""))
            if problem is None or (what == "picture" and _flat(alt) in authored):
                continue
            if template is not None and template.logo and _flat(alt) == _flat(
                    template.logo.alt) and props.get("name") == "Logo":  # fmt: skip
                yield _logo(template, problem)
                continue
            key = "image" if what == "picture" else "chart"
            where = at("sections", i, key) if i is not None and at.has("sections", i, key) \
                else Location(b.path)  # fmt: skip
            yield finding(
                "A11Y-03", "error", where,
                f"the {what} on slide {number} ({excerpt(title)!r}): its alt text {problem}",
                "Give the picture an `alt:` that says what it shows; a chart's alt text comes "
                "from its section's title and data, so give the section a sentence title.",
            )  # fmt: skip


def _deck_table(b: Briefing, at: Where, number: int, title: str, tbl: Any) -> Iterator[Diagnostic]:
    props = tbl.find("a:tblPr", NS)
    rows = tbl.findall("a:tr", NS)
    cells = [["".join(t.text or "" for t in tc.iter(_A + "t")) for tc in
              tr.findall("a:tc", NS)] for tr in rows]  # fmt: skip
    where = _table_at(b, at, title, [c for row in cells for c in row])
    if props is None or props.get("firstRow") not in ("1", "true"):
        yield finding(
            "A11Y-04", "error", where,
            f"the table on slide {number} ({excerpt(title)!r}) has no header row a screen "
            "reader knows (a:tblPr firstRow)",
            "Tables need a header row marked as one; deckgen marks its own, so the deck "
            "template's table style or a writer change has lost it.",
        )  # fmt: skip
    merged = [tc for tr in rows for tc in tr.findall("a:tc", NS)
              if tc.get("hMerge") or tc.get("vMerge") or int(tc.get("gridSpan", "1")) > 1
              or int(tc.get("rowSpan", "1")) > 1]  # fmt: skip
    yield from _cells("slide", number, title, where, cells[1:], len(merged),
                      lambda row: _table_at(b, at, title, row))  # fmt: skip


def _cells(kind: str, number: int, title: str, where: Location, body: list[list[str]],
           merged: int, row_at: Any = None) -> Iterator[Diagnostic]:  # fmt: skip
    """A11Y-05 once per table: merged cells, or blank cells below the header, found at the
    first row holding a blank (``row_at``: a row's cells -> its content)."""
    rows = [row for row in body if any(not cell.strip() for cell in row)]
    blank = sum(1 for row in rows for cell in row if not cell.strip())
    if not (merged or blank):
        return
    if rows and row_at is not None:
        where = row_at(rows[0])
    said = " and ".join(x for x in (f"{merged} merged" if merged else "",
                                    f"{blank} blank" if blank else "") if x)  # fmt: skip
    yield finding(
        "A11Y-05", "warning", where,
        f"the table on {kind} {number} ({excerpt(title)!r}) has {said} cell(s): a screen "
        "reader announces a blank cell as empty, not as the value above it",
        "Fill every cell (repeat a group's name on each of its rows, or write “—” for "
        "nothing); do not merge cells.",
    )  # fmt: skip


# -- the memo -------------------------------------------------------------------------------


def memo_document(b: Briefing, memo: Memo, data: bytes, template: TemplateSet,
                  at: Where) -> Iterator[Diagnostic]:  # fmt: skip
    """A11Y-03 for the memo's pictures, A11Y-04/-05 for its tables, A11Y-10 for its
    headings: levels in order, the title in the body and not in the page header."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    authored = {_flat(s.image.alt) for s in b.sections if s.image}
    body = doc.element.body
    pictures = list(body.iterfind(".//wp:docPr", NS))
    for section in doc.sections:  # the logo stands in the first page's header
        for part in (section.header, section.first_page_header, section.even_page_header):
            if not part.is_linked_to_previous:
                pictures += part._element.iterfind(".//wp:docPr", NS)
    logo = _flat(template.logo.alt) if template.logo else None
    for number, props in enumerate(pictures, 1):
        if _decorative(props):
            continue
        alt = props.get("descr") or ""
        problem = alt_problem(alt, props.get("name", ""))
        if problem and _flat(alt) == logo:
            yield _logo(template, problem)
        elif problem and _flat(alt) not in authored:
            yield finding(
                "A11Y-03", "error", Location(b.path),
                f"picture {number} of the memo: its alt text {problem}",
                "Give each section's `image:` an `alt:` that says what it shows.",
            )  # fmt: skip
    heading = ""
    for number, tbl in enumerate(body.iter(_W + "tbl"), 1):
        rows = tbl.findall("w:tr", NS)
        cells = [["".join(t.text or "" for t in tc.iter(_W + "t")) for tc in
                  tr.findall("w:tc", NS)] for tr in rows]  # fmt: skip
        before = tbl.getprevious()
        while before is not None and not "".join(before.itertext()).strip():
            before = before.getprevious()
        heading = _flat("".join(before.itertext())) if before is not None else heading
        where = _table_at(b, at, heading, [c for row in cells for c in row])
        if not rows or rows[0].find("w:trPr/w:tblHeader", NS) is None:
            yield finding(
                "A11Y-04", "error", where,
                f"memo table {number} (under {excerpt(heading)!r}) has no header row "
                "(“repeat as header row”, w:tblHeader)",
                "Tables need a header row marked as one; deckgen marks its own, so the "
                "memo template or a writer change has lost it.",
            )  # fmt: skip
        merged = sum(1 for tc in tbl.iter(_W + "tc") if _word_merged(tc))
        yield from _cells("memo table", number, heading, where, cells[1:], merged,
                          lambda row, h=heading: _table_at(b, at, h, row))  # fmt: skip
    yield from _headings(b, doc, template)


def _word_merged(tc: Any) -> bool:
    """Whether a Word table cell spans rows (w:vMerge) or columns (w:gridSpan > 1)."""
    if tc.find("w:tcPr/w:vMerge", NS) is not None:
        return True
    span = tc.find("w:tcPr/w:gridSpan", NS)
    return span is not None and int(span.get(_W + "val", "1")) > 1


def _level(paragraph: Any) -> int | None:
    """A paragraph's heading level: its style's outline level (as Word and LibreOffice tag
    it), else a "Heading N" style name; None for body text."""
    style = paragraph.style
    while style is not None:
        lvl = style.element.find("w:pPr/w:outlineLvl", NS)
        if lvl is not None:
            value = int(lvl.get(_W + "val"))
            return value + 1 if value < 9 else None  # 9: body text
        found = _HEADING.match(style.name or "")
        if found:
            return int(found.group(1))
        style = style.base_style
    return None


def _headings(b: Briefing, doc: Any, template: TemplateSet) -> Iterator[Diagnostic]:
    memo_file = Location(str(shown(template.memo)))
    last = 0
    for paragraph in doc.paragraphs:
        level = _level(paragraph)
        if level is None or not paragraph.text.strip():
            continue
        if level > last + 1:
            yield finding(
                "A11Y-10", "warning", memo_file,
                f"the memo's heading {excerpt(paragraph.text)!r} is level {level} "
                + (f"after level {last}" if last else "with no heading above it")
                + ": a level is skipped",
                f"Headings go down one level at a time; check the outline level of style "
                f"{paragraph.style.name!r} in the memo template.",
            )  # fmt: skip
            break  # one skip shifts every heading after it: say it once
        last = level
    title = _flat(b.title.plain) if b.title else ""
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            if part.is_linked_to_previous:  # no header of its own (reading one would add it)
                continue
            text = _flat("".join(part._element.itertext()))
            fields = " ".join(
                part._element.xpath(".//w:instrText/text() | .//w:fldSimple/@w:instr")
            )
            if (title and title in text) or re.search(r"\bTITLE\b", fields, re.I):
                yield finding(
                    "A11Y-10", "warning", memo_file,
                    "the memo's page header holds the document title: a screen reader "
                    "skips headers, and Word's navigation finds no title there",
                    "Keep the title in the body (deckgen writes it under the marking); take "
                    "the title or its TITLE field out of the memo template's header.",
                )  # fmt: skip
                return


# -- both: core properties and links ----------------------------------------------------------


def core_properties(b: Briefing, files: dict[str, bytes], at: Where) -> Iterator[Diagnostic]:
    """A11Y-08 per built document whose core title or language is missing."""
    for name, data in files.items():
        if name.endswith(".pptx"):
            from pptx import Presentation

            props: Any = Presentation(io.BytesIO(data)).core_properties
        elif name.endswith(".docx"):
            from docx import Document

            props = Document(io.BytesIO(data)).core_properties
        else:
            continue
        for field, key in (("title", "title"), ("language", "language")):
            if not (getattr(props, field) or "").strip():
                yield finding(
                    "A11Y-08", "error", at(key) if at.has(key) else Location(b.path),
                    f"{name} has no document {field} (core property dc:{field})",
                    f"Give the briefing a `{key}:`; readers announce the document by its "
                    "title and choose a voice by its language.",
                )  # fmt: skip


def _texts(data: Any) -> Iterator[str]:
    """Every text the briefing holds (model values: hand-built briefings have no file)."""
    from dataclasses import fields, is_dataclass

    from deckgen.text import Text

    if isinstance(data, Text):
        yield data.plain
    elif isinstance(data, str):
        yield data
    elif is_dataclass(data) and not isinstance(data, type):
        for f in fields(data):
            yield from _texts(getattr(data, f.name))
    elif isinstance(data, dict):
        for v in data.values():
            yield from _texts(v)
    elif isinstance(data, (list, tuple)):
        for v in data:
            yield from _texts(v)


def _strings(
    data: Any, keys: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        yield keys, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, (*keys, str(k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, (*keys, i))


def links(b: Briefing, files: dict[str, bytes], at: Where) -> Iterator[Diagnostic]:
    """LINK-01: link text that means nothing on its own ("click here https://…", a source
    titled "link"), in the content and in the links of the built documents."""
    blamed = False
    written = list(_strings(at.doc.data)) if at.doc is not None else []
    for text in dict.fromkeys(_texts(b)):
        found = _VAGUE_BEFORE_URL.search(text)
        if found:
            blamed = True
            # where the file writes it: the raw string holding the same words and address
            url = found.group(2)
            keys = next((k for k, raw in written if url in raw and found.group(1) in raw), None)
            yield finding(
                    "LINK-01", "warning", at(*keys) if keys else Location(b.path),
                    f"{found.group(1)!r} introduces a web address: on paper nothing can be "
                    "clicked, and read out of its sentence the words say nothing",
                    "Name what the address leads to (“the ministry's 2017 budget”), or cite "
                    "it as a source with `url:`.",
                )  # fmt: skip
    for i, src in enumerate(b.sources):
        if src.url and _flat(src.title).casefold().strip(" .:") in VAGUE_LINKS:
            blamed = True
            yield finding(
                "LINK-01", "warning", at("sources", i, "title"),
                f"source {src.id!r} is titled {src.title!r}: its citation and link say "
                "nothing about where they lead",
                "Give the source its real title, as the page or report names itself.",
            )  # fmt: skip
    if blamed:
        return  # the built documents show the same words: say it once, where to fix it
    for name, text in _built_links(files):
        if _flat(text).casefold().strip(" .:") in VAGUE_LINKS:
            yield finding(
                "LINK-01", "warning", Location(b.path),
                f"{name} has a link reading {text!r}, which says nothing on its own",
                "Write link text that names where it leads.",
            )  # fmt: skip


def _built_links(files: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """(file name, text) of each hyperlink in the built deck and memo."""
    import zipfile

    from lxml import etree

    for name, data in files.items():
        if not name.endswith((".pptx", ".docx")):
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for part in z.namelist():
                wanted = "/slides/slide" in part or part in ("word/document.xml",
                                                             "word/footnotes.xml")  # fmt: skip
                if not part.endswith(".xml") or not wanted:
                    continue
                root = etree.fromstring(z.read(part))
                for link in root.iter(_W + "hyperlink"):
                    yield name, "".join(link.itertext())
                for run in root.iter(_A + "r"):
                    if run.find("a:rPr/a:hlinkClick", NS) is not None:
                        yield name, "".join(run.itertext())
