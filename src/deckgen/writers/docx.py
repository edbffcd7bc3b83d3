"""A Memo plan and a memo template to Word bytes, with real footnotes and page fields."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import _Cell

from ..errors import TemplateError
from ..markings import banner
from ..plan import Front, Heading, Memo, MemoImage, MemoTable, Para
from ..template import TemplateSet
from ..text import Text, is_rtl
from ..text import plain as _plain
from . import memostyles, ooxml

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def _hex(color: str | None) -> str:
    return (color or "#1A1A1A").lstrip("#").upper()


class _MemoWriter:
    def __init__(self, memo: Memo, template: TemplateSet) -> None:
        self.memo = memo
        self.t = template
        try:
            self.doc = Document(io.BytesIO(ooxml.read_package(str(template.memo))))
        except Exception as exc:  # python-docx raises several kinds for a bad file
            raise TemplateError(f"{template.memo}: cannot open the memo template: {exc}") from exc
        self.palette = template.palette
        self.styles, self.warnings = memostyles.resolve(self.doc, template.styles, template.fonts)
        self.footnotes = self._footnotes_root()
        self.next_note = 1 + max([int(n.get(qn("w:id"))) for n in self.footnotes] + [0])
        self.cited: set[str] = set()
        self.lang = memo.language

    # -- footnotes part (python-docx has none)

    def _footnotes_root(self) -> Any:
        part = self.doc.part
        for rel in part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                self._notes_part = rel.target_part
                root = parse_xml(self._notes_part.blob)
                # a template's own sample notes would survive into every memo
                for note in list(root):
                    if note.get(qn("w:type")) not in ("separator", "continuationSeparator"):
                        root.remove(note)
                return root
        self._notes_part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", part.package)
        part.relate_to(self._notes_part, RT.FOOTNOTES)
        return parse_xml(_FOOTNOTES_XML)

    def footnote(self, paragraph: Any, source_ids: tuple[str, ...]) -> None:
        """Add one footnote citing ``source_ids`` at the end of ``paragraph``: each source in
        full the first time, shortened after (Chicago notes style)."""
        if not source_ids:
            return
        note_id = self.next_note
        self.next_note += 1
        texts = []
        for source_id in source_ids:
            table = self.memo.short_notes if source_id in self.cited else self.memo.notes
            texts.append(_open_end(table[source_id]))
            self.cited.add(source_id)
        text = _close_end("; ".join(texts))
        ref_style = self.styles["footnote_reference"].style_id
        text_style = self.styles["footnote_text"].style_id
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{text_style}"/></w:pPr><w:r><w:rPr><w:rStyle w:val="{ref_style}"/>'
            f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
            f"</w:p></w:footnote>"
        )
        note[0][-1][0].text = " " + text
        self.footnotes.append(note)
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), ref_style)
        rpr.insert(0, rstyle)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(note_id))
        run._r.append(ref)

    # -- paragraphs

    def paragraph(
        self, text: Text, role: str = "body", container: Any = None, rtl: bool = False
    ) -> Any:
        target = container if container is not None else self.doc
        para = target.add_paragraph()
        para._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), self.styles[role].style_id)
        rtl = rtl or is_rtl(text.plain)
        if rtl:
            bidi = OxmlElement("w:bidi")
            para._p.get_or_add_pPr().append(bidi)
        for r in text.runs:
            run = para.add_run(r.text)
            if r.bold:
                run.bold = True
            if r.italic:
                run.italic = True
            if rtl:
                run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        return para

    # -- document

    def write(self) -> tuple[bytes, list[str]]:
        self._clear_body()
        self._header_footer()
        for block in self.memo.blocks:
            if isinstance(block, Front):
                self._front()
            elif isinstance(block, Heading):
                self.paragraph(block.text, "heading1" if block.level == 1 else "heading2")
            elif isinstance(block, Para):
                self.para(block)
            elif isinstance(block, MemoTable):
                self.table(block)
            elif isinstance(block, MemoImage):
                self.image(block)
        self._notes_part._blob = _serialize(self.footnotes)
        self._language()
        when = ooxml.build_time(self.memo.properties.get("date", ""))
        ooxml.set_core_properties(self.doc.core_properties, self.memo.properties, when)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return ooxml.normalize_zip(buffer.getvalue(), when), self.warnings

    def _clear_body(self) -> None:
        """Drop the template's sample content; keep the final section's page setup."""
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    def _language(self) -> None:
        styles = self.doc.styles.element
        rpr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is None:
            return
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), self.lang)

    def _header_footer(self) -> None:
        """The marking at the top of every header and the foot of every footer, with
        "Page X of Y" and the set's footer line; the template's own header content stays."""
        mark = banner(self.memo.marking) if self.memo.marking else None
        even = self.doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
        for section in self.doc.sections:
            headers, footers = [section.header], [section.footer]
            if section.different_first_page_header_footer:
                headers.append(section.first_page_header)
                footers.append(section.first_page_footer)
            if even:
                headers.append(section.even_page_header)
                footers.append(section.even_page_footer)
            for header in headers:
                header.is_linked_to_previous = False
                _drop_empty(header)
                if mark:
                    self._marking(header, first=True)
            for footer in footers:
                footer.is_linked_to_previous = False
                _drop_empty(footer)
                if self.t.footer:
                    para = footer.add_paragraph()
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    para.add_run(self.t.footer).font.size = Pt(9)
                if mark:
                    self._marking(footer, first=False)
                if " PAGE " not in footer._element.xml and "PAGE" not in _instructions(footer):
                    self._page_numbers(footer)
                if not footer.paragraphs:
                    footer.add_paragraph()
            for header in headers:
                if not header.paragraphs:
                    header.add_paragraph()  # a header part must hold a paragraph

    def _marking(self, part: Any, first: bool) -> None:
        mark = banner(self.memo.marking or "")
        para = part.add_paragraph()
        if first:
            part._element.insert(0, para._p)  # above whatever the template's header holds
        para.alignment = (WD_ALIGN_PARAGRAPH.RIGHT if mark.align == "right"
                          else WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
        run = para.add_run(mark.text)
        run.bold = True
        run.font.size = Pt(max(10, mark.min_size))
        if mark.fill:
            run.font.color.rgb = RGBColor.from_string(_hex(mark.color))
            _shade(run, mark.fill)

    def _page_numbers(self, footer: Any) -> None:
        para = footer.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        label = str(self.t.labels.get("page", "Page {page} of {pages}"))
        before, _, rest = label.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        for piece, field in ((before, None), ("", "PAGE"), (middle, None), ("", "NUMPAGES"),
                             (after, None)):  # fmt: skip
            if field:
                _field(para, field, "1")
            elif piece:
                para.add_run(piece).font.size = Pt(9)

    def _front(self) -> None:
        m = self.memo
        if self.t.logo:
            para = self.doc.add_paragraph()
            para.alignment = (WD_ALIGN_PARAGRAPH.LEFT if self.t.logo.position.endswith("left")
                              else WD_ALIGN_PARAGRAPH.RIGHT)  # fmt: skip
            shape = para.add_run().add_picture(self.t.logo.path,
                                               height=Inches(self.t.logo.height * 1.5))  # fmt: skip
            _describe(shape, self.t.logo.alt)
        if m.marking:
            self.paragraph(_plain(m.marking), "marking").alignment = WD_ALIGN_PARAGRAPH.CENTER
        memorandum = str(self.t.labels.get("memorandum", "MEMORANDUM"))
        self.paragraph(_plain(memorandum), "memo_field").runs[0].bold = True
        self.paragraph(m.title, "title")
        for label, value in m.fields:
            para = self.paragraph(_plain(label + "\t", bold=True) + value, "memo_field")
            tabs = para.paragraph_format.tab_stops
            tabs.add_tab_stop(Inches(1.1))
        rule = self.paragraph(_plain(""), "body")
        _bottom_border(rule, _hex(self.palette.get("primary")))
        if m.distribution:
            self.paragraph(_plain(m.distribution, italic=True), "caption")

    def para(self, block: Para) -> None:
        role = {"bluf": "body", "source": "body", "attribution": "body"}.get(block.role, block.role)
        para = self.paragraph(block.text, role, rtl=block.rtl)
        if block.role == "attribution":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if block.role == "bluf":
            para.paragraph_format.space_after = Pt(10)
        self.footnote(para, block.cites)

    def table(self, block: MemoTable) -> None:
        cols = len(block.header)
        table = self.doc.add_table(rows=0, cols=cols)
        table.style = self.styles["table"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        width = self._text_width()
        widths = [int(width * w) for w in block.widths]
        grid = table._tbl.tblGrid
        for col, w in zip(grid.gridCol_lst, widths):
            col.w = w
        fills = block.header_fills or [self.palette.get("primary")] * cols
        self._row(table, block.header, widths, header=True, fills=fills)
        for i, row in enumerate(block.rows):
            cites = block.cites[i] if i < len(block.cites) else ()
            self._row(table, row, widths, cites=cites)
        self.doc.add_paragraph()  # Word needs a paragraph between consecutive tables

    def _row(
        self,
        table: Any,
        cells: list[Text],
        widths: list[int],
        header: bool = False,
        fills: list[str | None] | None = None,
        cites: tuple[str, ...] = (),
    ) -> None:
        row = table.add_row()
        tr = row._tr
        if header:
            trpr = tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))  # repeats on every page
        for c, tc in enumerate(tr.tc_lst):  # no Table.cell(): it rebuilds the grid each call
            cell = _Cell(tc, table)
            cell.width = widths[c]
            text = cells[c]
            para = cell.paragraphs[0]
            para.style = self.styles["body"]
            para.paragraph_format.space_after = Pt(2)
            for r in text.runs:
                run = para.add_run(r.text)
                run.bold = True if (r.bold or header) else None
                run.italic = r.italic or None
                if header:
                    run.font.color.rgb = RGBColor.from_string("FFFFFF")
                run.font.size = Pt(9.5)
            if header and fills:
                shd = parse_xml(
                    f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                    f'w:fill="{_hex(fills[c])}"/>'
                )
                tc.get_or_add_tcPr().append(shd)
            if c == 0:
                self.footnote(para, cites)

    def image(self, block: MemoImage) -> None:
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        width = min(Inches(6), self._text_width())
        _describe(para.add_run().add_picture(block.path, width=width), block.alt)
        if block.caption:
            self.paragraph(block.caption, "caption")

    def _text_width(self) -> int:
        """The width between the margins; Word's defaults where a template sets none."""
        section = self.doc.sections[-1]
        page = section.page_width or Inches(8.5)
        left = section.left_margin if section.left_margin is not None else Inches(1)
        right = section.right_margin if section.right_margin is not None else Inches(1)
        return int(page - left - right)


def _open_end(note: str) -> str:
    """A citation without its final full stop, so several can share one note."""
    return note.removesuffix(".").replace(".”", "”") if note.endswith((".", ".”")) else note


def _close_end(note: str) -> str:
    """End a note with a full stop, inside closing quotes as Chicago style wants."""
    if note.endswith(("?”", "!”")):
        return note
    if note.endswith("”"):
        return note[:-1] + ".”"
    return note + "."


def _serialize(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph: Any, instruction: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a cached value that readers refresh."""
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()
        run.font.size = Pt(9)
        r = run._r
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            r.append(instr)
        elif kind == "text":
            t = OxmlElement("w:t")
            t.text = cached
            r.append(t)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r.append(fld)


def _shade(run: Any, fill: str) -> None:
    """Run shading: a TLP label shows in its colour on black."""
    shd = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{_hex(fill)}"/>')
    run._r.get_or_add_rPr().append(shd)


def _bottom_border(paragraph: Any, color: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="8" '
        f'w:space="1" w:color="{color}"/></w:pBdr>'
    )
    # pBdr must precede spacing/ind/jc in CT_PPr; insert right after pStyle
    style = ppr.find(qn("w:pStyle"))
    ppr.insert(1 if style is not None else 0, border)


def _drop_empty(part: Any) -> None:
    """Remove a header's or footer's empty paragraphs (the template's placeholders)."""
    for para in list(part.paragraphs):
        p = para._p
        if not para.text.strip() and not p.xpath(".//w:drawing|.//w:pict|.//w:fldChar|"
                                                 ".//w:fldSimple|.//w:object"):  # fmt: skip
            p.getparent().remove(p)


def _instructions(part: Any) -> str:
    """Field instructions in a header or footer (PAGE fields the template already has)."""
    simple = " ".join(f.get(qn("w:instr"), "") for f in part._element.iter(qn("w:fldSimple")))
    complex_ = " ".join(t.text or "" for t in part._element.iter(qn("w:instrText")))
    return f"{simple} {complex_}"


def _describe(shape: Any, alt: str) -> None:
    """Alt text on an inline picture, and a name that is not the file's."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("name", f"Picture {doc_pr.get('id')}")
    for el in shape._inline.xpath(".//pic:cNvPr"):
        el.set("name", f"Picture {doc_pr.get('id')}")
        el.set("descr", alt)


def write_memo(memo: Memo, template: TemplateSet) -> tuple[bytes, list[str]]:
    """Serialize ``memo`` through the template set's memo file: .docx bytes and warnings."""
    return _MemoWriter(memo, template).write()
