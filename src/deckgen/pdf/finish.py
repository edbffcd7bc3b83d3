"""A PDF LibreOffice tagged to one that PDF/UA-1 checkers pass: the document's language, alt
text on chart figures, undecorated paint marked as artifacts, footnotes with ids and their
back-links in the structure tree. Nothing drawn changes: only structure and marks are added."""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf

# path construction, clipping and painting operators: a path is built, then painted at once
_PATH = {"m", "l", "c", "v", "y", "h", "re"}
_CLIP = {"W", "W*"}
_PAINT = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "n"}
_ALONE = {"sh", "Do", "INLINE IMAGE"}
_TEXT = {
    "Tj",
    "TJ",
    "'",
    '"',
}  # the text-showing operators  # shadings, XObjects, inline images paint alone
# PDF 1.7's standard structure types (14.8.4): a RoleMap may map other names onto them only
STANDARD = frozenset({
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
})  # fmt: skip
_DESCR = re.compile(rb"<p:cNvPr\b[^>]*?\bdescr=\"([^\"]*)\"")
_FRAME = re.compile(rb"<p:graphicFrame\b.*?</p:graphicFrame>", re.S)
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml$")
_INLINE = re.compile(rb"<wp:(?:inline|anchor)\b.*?</wp:(?:inline|anchor)>", re.S)
_DOCPR = re.compile(rb"<wp:docPr\b[^>]*?\bdescr=\"([^\"]*)\"")
_SHAPE = re.compile(rb"<p:sp>.*?</p:sp>", re.S)
_TITLE_PH = re.compile(rb"<p:ph\b[^>]*\btype=\"(?:title|ctrTitle)\"")
_RUN_TEXT = re.compile(rb"<a:t>([^<]*)</a:t>")
# Office's "Mark as decorative" flag on a memo header's or footer's drawing
_DECORATIVE = re.compile(rb"<adec:decorative\b[^>]*\bval=\"(?:1|true)\"")
_FURNITURE = re.compile(r"word/(?:header|footer)\d*\.xml$")


def finish(pdf_bytes: bytes, office: bytes, language: str, handout: bool = False) -> bytes:
    """``pdf_bytes`` with the rest of PDF/UA-1 done; ``office`` is the .pptx or .docx it was
    made from (for the charts' alt text), ``language`` the briefing's (BCP 47). ``handout``:
    the deck's notes pages, where each page's first figure is its slide's picture."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return pdf_bytes  # untagged: the caller warns; nothing here can tag it
        pdf.Root.Lang = pikepdf.String(language)  # LibreOffice writes its process locale
        structure = elements(tree)
        _roles(tree, structure)
        if handout:
            _slide_alt(pdf, structure, _slide_titles(office))
        if _has_decoration(office):  # first: the furniture is no chart to name
            structure = _decorations(pdf, structure)
        _figure_alt(pdf, structure, _chart_alts(office))
        _note_ids(pdf, tree, structure)
        _back_links(pdf, tree, structure)
        for page in pdf.pages:
            _artifacts(pdf, page)
        out = io.BytesIO()
        # no object streams: the catalog and XMP stay readable as bytes (pdf.tagged, pin_pdf);
        # a deterministic /ID: the same PDF in gives the same bytes out
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def elements(root: Any) -> list[Any]:
    """Every structure element under ``root`` (the tree's root or an element), in document
    order, each once: a damaged tree that links back into itself cannot loop."""
    found: list[Any] = []
    stack = [root.get("/K")]
    seen: set[tuple[int, int]] = set()
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(reversed(list(kid)))
            continue
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue  # a marked-content id, or a reference to content
        if kid.is_indirect:
            if kid.objgen in seen:
                continue
            seen.add(kid.objgen)
        found.append(kid)
        stack.append(kid.get("/K"))
    return found


def _roles(tree: Any, elements: list[Any]) -> None:
    """Structure types as a reader should hear them. LibreOffice names a paragraph's type after
    its style and maps it in the RoleMap: a style named like a standard type ("Quote") is then
    remapped to /P, which PDF/UA forbids; it becomes /BlockQuote (what a quoted paragraph is)
    or, for any other standard name, a type of its own. The memo's "Title" (mapped to /P)
    becomes the one /H1, the headings below it one level down."""
    role_map = tree.get("/RoleMap")
    if role_map is None:
        return
    for key in list(role_map.keys()):
        name = key[1:]
        if name not in STANDARD:
            continue
        own = "BlockQuote" if name == "Quote" else f"{name} (style)"
        for element in elements:
            if _kind(element) == name:
                element.S = pikepdf.Name("/" + own)
        if own != "BlockQuote":
            role_map[pikepdf.Name("/" + own)] = role_map[key]
        del role_map[key]
    if "/Title" in role_map and not any(_kind(e) == "H6" for e in elements):
        for element in elements:
            kind = _kind(element)
            if len(kind) == 2 and kind[0] == "H" and kind[1] in "12345":
                element.S = pikepdf.Name(f"/H{int(kind[1]) + 1}")
        role_map.Title = pikepdf.Name.H1


def _kind(element: Any) -> str:
    return str(element.S)[1:]


def _chart_alts(office: bytes) -> dict[int, list[str]]:
    """Slide number -> the alt text of its charts, in order (a deck); for a memo, 0 -> the
    alt text of all its charts in document order (LibreOffice drops a Word chart's
    ``wp:docPr descr``; its figures without /Alt are its charts, in order)."""
    import zipfile
    from xml.sax.saxutils import unescape

    found: dict[int, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(office)) as package:
        if "word/document.xml" in package.namelist():
            inlines = _INLINE.findall(package.read("word/document.xml"))
            alts = [_DOCPR.search(i) for i in inlines if b"drawingml/2006/chart" in i]
            found[0] = [unescape(m.group(1).decode("utf-8"), {"&quot;": '"'}) for m in alts if m]
        for member in package.namelist():
            slide = _SLIDE.match(member)
            if not slide:
                continue
            frames = _FRAME.findall(package.read(member))
            alts = [_DESCR.search(f) for f in frames if b"/chart" in f]
            found[int(slide.group(1))] = [
                unescape(m.group(1).decode("utf-8"), {"&quot;": '"'}) for m in alts if m
            ]
    return found


def _slide_titles(office: bytes) -> dict[int, str]:
    """Slide number -> the text of its title placeholder ("" when it has none)."""
    import zipfile
    from xml.sax.saxutils import unescape

    found: dict[int, str] = {}
    with zipfile.ZipFile(io.BytesIO(office)) as package:
        for member in package.namelist():
            slide = _SLIDE.match(member)
            if not slide:
                continue
            shapes = [s for s in _SHAPE.findall(package.read(member)) if _TITLE_PH.search(s)]
            runs = _RUN_TEXT.findall(shapes[0]) if shapes else []
            text = unescape(b"".join(runs).decode("utf-8"), {"&quot;": '"', "&apos;": "'"})
            found[int(slide.group(1))] = " ".join(text.split())
    return found


def _slide_alt(pdf: Any, elements: list[Any], titles: dict[int, str]) -> None:
    """A handout page's slide picture, the page's first figure, which LibreOffice leaves
    without /Alt, named for what it is: "Slide N: its title" (the slide's text follows it
    in the structure tree, so the picture needs no more)."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
    done: set[int] = set()
    for element in elements:
        page = element.get("/Pg")
        number = pages.get(page.objgen, 0) if page is not None else 0
        if _kind(element) != "Figure" or not number or number in done:
            continue
        done.add(number)
        if not str(element.get("/Alt", "")).strip():
            title = titles.get(number, "")
            element.Alt = pikepdf.String(f"Slide {number}: {title}" if title else f"Slide {number}")


def _figure_alt(pdf: Any, elements: list[Any], alts: dict[int, list[str]]) -> None:
    """Chart figures LibreOffice left without /Alt take the chart's own alt text: the
    figures of a slide's page that lack one are its charts, in order (a memo's: its charts
    in document order, key 0)."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
    left = {number: list(texts) for number, texts in alts.items()}
    for element in elements:
        if _kind(element) != "Figure" or str(element.get("/Alt", "")).strip():
            continue
        page = element.get("/Pg")
        texts = left.get(pages.get(page.objgen, 0), []) if page is not None else []
        texts = texts or left.get(0, [])  # a memo's charts: the next, whatever its page
        if texts:
            element.Alt = pikepdf.String(texts.pop(0))


def _has_decoration(office: bytes) -> bool:
    """True when a memo's header or footer holds a drawing flagged decorative (the template's
    own page furniture: a coloured band, a rule, an unnamed logo)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(office)) as package:
        return any(_FURNITURE.match(m) and _DECORATIVE.search(package.read(m))
                   for m in package.namelist())  # fmt: skip


def _decorations(pdf: Any, elements: list[Any]) -> list[Any]:
    """Figures still without /Alt in a memo whose page furniture is flagged decorative are
    that furniture (LibreOffice tags a header's drawing as a /Figure and drops the flag):
    each becomes an /Artifact, its marked content retagged and its element taken out of the
    tree, as PDF/UA 7.1 asks of decoration. A figure that draws words (a chart: LibreOffice
    drops a Word chart's alt text too) is never furniture; the memo's pictures keep their alt
    text, so none of them is touched."""
    pages = {page.objgen: page for page in pdf.pages}
    gone: set[tuple[int, int]] = set()
    for element in elements:
        if _kind(element) != "Figure" or str(element.get("/Alt", "")).strip():
            continue
        page = pages.get(element.Pg.objgen) if "/Pg" in element else None
        ids = _mcids(element)
        if page is None or not ids or not _retag(pdf, page, ids):
            continue
        parent = element.P
        kids = parent.get("/K")
        if isinstance(kids, pikepdf.Array):
            parent.K = pikepdf.Array([k for k in kids if not _same(k, element)])
        else:
            del parent["/K"]
        _unparent(pdf, page, ids)
        gone.add(element.objgen)
    return [e for e in elements if not (e.is_indirect and e.objgen in gone)]


def _same(kid: Any, element: Any) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and kid.is_indirect and kid.objgen == element.objgen


def _mcids(element: Any) -> set[int]:
    """The marked-content ids an element holds directly (integers or /MCR references), or
    none when it holds anything else (a child element: then it is not plain furniture)."""
    kids = element.get("/K")
    found: set[int] = set()
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            found.add(int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid and "/Pg" not in kid:
            found.add(int(kid.MCID))
        else:
            return set()
    return found


def _retag(pdf: Any, page: Any, ids: set[int]) -> bool:
    """The page's marked content with these ids retagged /Artifact; False when not all are
    found in the page's own stream (then nothing is changed)."""
    ops: list[Any] = list(pikepdf.parse_content_stream(page))
    hits = [i for i, (operands, op) in enumerate(ops)
            if str(op) == "BDC" and len(operands) == 2
            and isinstance(operands[1], pikepdf.Dictionary)
            and int(operands[1].get("/MCID", -1)) in ids]  # fmt: skip
    if len({int(ops[i][0][1].MCID) for i in hits}) != len(ids):
        return False
    if any(_paints_text(ops, i) for i in hits):
        return False  # words drawn: a chart or a text box, not furniture
    out: list[Any] = list(ops)
    for i in hits:
        out[i] = ([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return True


def _paints_text(ops: list[Any], start: int) -> bool:
    """True when the marked content opened at ``start`` shows text before it closes."""
    depth = 0
    for _operands, op in ops[start:]:
        name = str(op)
        if name in ("BMC", "BDC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
            if depth == 0:
                return False
        elif name in _TEXT:
            return True
    return False


def _unparent(pdf: Any, page: Any, ids: set[int]) -> None:
    """The parent tree's entries for these ids on this page cleared: they are no content now."""
    key = page.get("/StructParents")
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums")
    if key is None or nums is None:
        return
    for i in range(0, len(nums), 2):
        if int(nums[i]) == int(key) and isinstance(nums[i + 1], pikepdf.Array):
            entries = nums[i + 1]
            for mcid in ids:
                if mcid < len(entries):
                    entries[mcid] = None


def _note_ids(pdf: Any, tree: Any, elements: list[Any]) -> None:
    """An /ID on every /Note (PDF/UA 7.9), registered in the tree's /IDTree."""
    names = []
    for number, note in enumerate((e for e in elements if _kind(e) == "Note"), 1):
        ident = pikepdf.String(f"note-{number}")
        note.ID = ident
        names += [ident, note if note.is_indirect else pdf.make_indirect(note)]
    if names:
        tree.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(names))


def _back_links(pdf: Any, tree: Any, elements: list[Any]) -> None:
    """The footnotes' back-links (a Link annotation whose text is the note's number, outside
    the structure tree) become /Link elements of their note, as PDF/UA 7.18 asks."""
    notes = [e for e in elements if _kind(e) == "Note"]
    parents = tree.ParentTree
    nums = parents.get("/Nums")
    if nums is None:
        return
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    following = max([int(tree.get("/ParentTreeNextKey", 0)), *(k + 1 for k in keys)])
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            if "/StructParent" in annot or str(annot.get("/Subtype")) != "/Link":
                continue
            number = str(annot.get("/Contents", ""))
            note = notes[int(number) - 1] if number.isdigit() and 0 < int(number) <= len(notes) \
                else None  # fmt: skip
            host = note if note is not None else _document(tree)
            link = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=host, Pg=page.obj,
                K=pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot,
                                                    Pg=page.obj)]),
            ))  # fmt: skip
            kids = host.get("/K")
            host.K = pikepdf.Array([*(kids if isinstance(kids, pikepdf.Array) else
                                      [kids] if kids is not None else []), link])  # fmt: skip
            annot.StructParent = following
            nums.append(following)
            nums.append(link)
            following += 1
    tree.ParentTreeNextKey = following


def _document(tree: Any) -> Any:
    """The tree's top element (LibreOffice's /Document), where an unmatched link goes."""
    kid = tree.K
    return kid[0] if isinstance(kid, pikepdf.Array) else kid


def _artifacts(pdf: Any, page: Any) -> None:
    """Paint outside any marked content (backgrounds, rules, decoration LibreOffice neither
    tags nor marks) wrapped as /Artifact, so a reader skips it (PDF/UA 7.1)."""
    ops = pikepdf.parse_content_stream(page)
    out: list[Any] = []
    depth = 0
    pending: list[Any] = []  # a path being built at depth 0, not yet painted
    changed = False
    for instruction in ops:
        op = str(instruction.operator)
        if depth == 0 and (op in _PATH or op in _CLIP or (pending and op in _PAINT)):
            pending.append(instruction)
            if op in _PAINT:
                clip_only = op == "n"
                out += pending if clip_only else _artifact(pending)
                changed |= not clip_only
                pending = []
            continue
        out += pending
        pending = []
        if op in ("BMC", "BDC"):
            depth += 1
        elif op == "EMC":
            depth = max(0, depth - 1)
        if depth == 0 and op in _ALONE:
            out += _artifact([instruction])
            changed = True
            continue
        out.append(instruction)
    out += pending
    if changed:
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _artifact(run: list[Any]) -> list[Any]:
    return [([pikepdf.Name.Artifact], pikepdf.Operator("BMC")), *run,
            ([], pikepdf.Operator("EMC"))]  # fmt: skip
