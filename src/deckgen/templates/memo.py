"""A memo template to its prepared package: every part no briefing changes, cached on disk.

Everything the memo writer does to a template before it writes content (styles resolved or
added, numbering and footnotes parts added, sample body removed, headers and footers given
their own parts) depends only on the template and the set's style settings. It is done
here once with python-docx, and saved with prepcache; later builds read the result and never
import python-docx. Parts that content does change are saved split at the point where
content goes (document body, footnotes, header and footer ends) or with named slots (core
properties, the document language), so the writer only joins strings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import zipfile
from dataclasses import asdict, dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen import usercache as prepcache
from deckgen.errors import TemplateError
from deckgen.ooxml import wordxml
from deckgen.ooxml import zip as ooxml
from deckgen.ooxml.safe_reader import package_bytes, read_package

if TYPE_CHECKING:
    from deckgen.templates.sets import TemplateSet

KIND = "memo"
FORMAT = 3  # bump when the prepared layout changes
CORE_SLOTS = ("title", "subject", "author", "keywords", "category", "language", "version")
_BODY, _HEAD, _TAIL, _NOTES = "DECKGEN-BODY", "DECKGEN-HEAD", "DECKGEN-TAIL", "DECKGEN-NOTES"
_SLOT = "DECKGENSLOT{}DECKGEN"
_SLOT_RE = re.compile(r"DECKGENSLOT(\w+?)DECKGEN")
LANG_SLOT = _SLOT.format("lang").encode()
_FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{wordxml.W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)
_INCHES = 914400


@dataclass
class HdrFtr:
    """A header or footer part split where the writer adds paragraphs: ``head`` ends with
    the root's start tag, ``middle`` is the template's own content, ``tail`` the end tag."""

    head: str
    middle: str
    tail: str
    has_p: bool  # the template's content holds a paragraph
    has_page: bool  # ... or PAGE and NUMPAGES fields (then no page numbers are added)
    decl: str  # xmlns the root lacks for paragraphs the writer adds


@dataclass
class Prepared:
    """A memo template ready for content; see the module docstring."""

    order: list[str]  # zip members in the order python-docx saves them
    static: dict[str, bytes]  # members no content changes
    document: str  # document.xml with BODY where content goes
    document_name: str
    rels_name: str  # the document's relationships
    footnotes: str  # footnotes.xml with NOTES where notes go
    footnotes_name: str
    styles: bytes | None  # styles.xml with the lang slot, when it has a default run style
    styles_name: str
    core: str  # core.xml with slots
    core_name: str
    parts: dict[str, HdrFtr]
    sections: list[tuple[list[str], list[str]]]  # header and footer members per section
    defaults: dict[str, str]  # [Content_Types].xml: extension -> type
    overrides: dict[str, str]  # part name -> type
    base_uri: str  # the document's folder, for relative relationship targets
    rids: list[str]  # relationship ids the document uses
    image_rels: dict[str, str]  # image part name -> the document's rId for it
    images: list[tuple[str, str]]  # every image part: name, sha1 (python-docx's order)
    media_at: int  # where new media members go in ``order``
    roles: dict[str, str]  # memo role -> style id
    cell_style: str | None  # the body style as a paragraph's style setter writes it
    cell_face: str | None  # the typeface of that style: table columns are measured in it
    table_style: str | None
    warnings: list[str]
    kept_marks: list[tuple[str, str, str]]  # (word, text, part) kept with keep_header_text
    text_width: int  # EMU between the margins
    block_width: int | None  # python-docx's idea of the same, for new tables' grids
    next_note: int
    next_shape: int
    body_decl: str
    inline_decl: str
    note_decl: str

    def to_json(self) -> dict[str, Any]:
        value = asdict(self)
        value["static"] = {k: prepcache.pack(v) for k, v in self.static.items()}
        value["styles"] = prepcache.pack(self.styles) if self.styles is not None else None
        value["format"] = FORMAT
        return value

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Prepared:
        """The prepared template in ``value``; KeyError, TypeError or ValueError when it is
        not one (a damaged or foreign cache entry)."""
        if value.pop("format") != FORMAT:
            raise ValueError("another layout")
        value["static"] = {k: prepcache.unpack(v) for k, v in value["static"].items()}
        if value["styles"] is not None:
            value["styles"] = prepcache.unpack(value["styles"])
        value["parts"] = {k: HdrFtr(**v) for k, v in value["parts"].items()}
        value["sections"] = [(list(h), list(f)) for h, f in value["sections"]]
        value["images"] = [(str(n), str(s)) for n, s in value["images"]]
        prepared = cls(**value)
        prepared.validate()
        return prepared

    def validate(self) -> None:
        """ValueError unless every member can be written: each is stored or made by the
        writer, and each split part holds its mark once."""
        made = {self.document_name, self.footnotes_name, self.core_name, self.rels_name,
                self.styles_name, "[Content_Types].xml", *self.parts}  # fmt: skip
        if any(name not in self.static and name not in made for name in self.order):
            raise ValueError("a member is missing")
        if self.styles is None and self.styles_name not in self.static:
            raise ValueError("no styles part")
        for name in (self.rels_name, "[Content_Types].xml"):
            if name not in self.static:
                raise ValueError(f"no {name}")
        marks = [(self.document, f"<!--{_BODY}-->"), (self.footnotes, f"<!--{_NOTES}-->")]
        if any(text.count(mark) != 1 for text, mark in marks) or (
            self.styles is not None and self.styles.count(LANG_SLOT) != 1
        ):
            raise ValueError("a prepared part lost its mark")
        if not set(_SLOT_RE.findall(self.core)) <= {*CORE_SLOTS, "when"}:
            raise ValueError("unknown slot in the core properties")
        names = {n for headers, footers in self.sections for n in headers + footers}
        if not names <= set(self.parts):
            raise ValueError("a section names a header or footer that is not prepared")


def prepare(template: TemplateSet) -> Prepared:
    """The memo template of ``template`` prepared: from the cache, else analysed and cached."""
    path = Path(template.memo)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the memo template: {exc}") from exc
    keep = bool(template.memo_options.get("keep_header_text"))
    settings = json.dumps({"styles": template.styles, "fonts": template.fonts,
                           "palette": template.memo_palette, "keep_header_text": keep},
                          sort_keys=True, default=str)  # fmt: skip
    cache_key = prepcache.key(raw, settings, _library_stamp(), str(FORMAT))
    cached = prepcache.load(KIND, cache_key)
    if cached is not None:
        try:
            return Prepared.from_json(cached)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # damaged or from another layout: analyse again
    prepared = analyse(
        path,
        package_bytes(read_package(path, "memo")),
        template.styles,
        template.fonts,
        template.memo_palette,
        keep,
    )
    prepcache.store(KIND, cache_key, prepared.to_json())
    return prepared


def _library_stamp() -> str:
    """Which python-docx analyses (its version may change what it writes), found without
    importing it."""
    spec = find_spec("docx")
    if spec is None or not spec.origin:
        return "no python-docx"
    stat = os.stat(spec.origin)
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


# -- analysis (python-docx) ----------------------------------------------------------------


def analyse(
    path: Path,
    data: bytes,
    names: dict[str, str],
    fonts: dict[str, str],
    palette: dict[str, Any] | None = None,
    keep_header_text: bool = False,
) -> Prepared:
    """Do to the template what every memo needs, in the order the writer always did it, and
    save the result split where content goes."""
    from docx import Document

    from deckgen.templates import memo_frame as memoframe
    from deckgen.templates import memo_styles as memostyles
    from deckgen.templates import memo_theme as memotheme

    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a bad file
        raise TemplateError(f"{path}: cannot open the memo template: {exc}") from exc
    warnings = memoframe.page_defaults(doc)
    resolution = memostyles.resolve(doc, names, fonts, palette)
    styles = resolution.styles
    warnings += resolution.warnings
    warnings += memotheme.apply(doc, fonts, palette or {})
    memostyles.real_bullets(doc)  # a Symbol-font bullet is U+F0B7 to every reader
    warnings += _detach(doc)
    frames = memoframe.Frames(keep_header_text)
    edits = _edit(doc, frames)
    warnings += frames.warnings
    saved = _save(doc)
    order, media_at = _order(doc)
    if order != list(saved):
        raise AssertionError(f"python-docx saved {list(saved)}, expected {order}")
    split = _split(saved, doc, edits.parts, edits.notes_part, edits.has_lang)
    static = split.pop("static")
    defaults, overrides = _content_types(doc)
    part = doc.part
    return Prepared(
        order=order,
        static=static,
        **split,
        parts=edits.parts,
        sections=edits.sections,
        defaults=defaults,
        overrides=overrides,
        base_uri=part.partname.baseURI,
        rids=list(part.rels.keys()),
        image_rels=_image_rels(doc),
        images=[(str(p.partname), p.sha1) for p in part.package.image_parts],
        media_at=media_at,
        roles={role: style.style_id for role, style in styles.items()},
        cell_style=part.get_style_id(styles["body"], styles["body"].type),
        cell_face=memostyles.body_face(doc, styles),
        table_style=part.get_style_id(styles["table"], styles["table"].type),
        warnings=warnings,
        kept_marks=frames.kept_marks,
        text_width=_text_width(doc),
        block_width=_block_width(doc),
        next_note=edits.next_note,
        next_shape=edits.next_shape,
        body_decl=wordxml.declarations(("w",), edits.body_nsmap),
        inline_decl=wordxml.declarations(("wp", "a", "pic", "r"), edits.body_nsmap),
        note_decl=wordxml.declarations(("w",), edits.notes.nsmap),
    )


@dataclass
class _Edits:
    """What editing the template found out on the way."""

    notes_part: Any
    notes: Any  # the footnotes root, separators only
    next_note: int
    sections: list[tuple[list[str], list[str]]]
    parts: dict[str, HdrFtr]
    next_shape: int
    body_nsmap: dict[str | None, str]
    has_lang: bool


def _edit(doc: Any, frames: Any) -> _Edits:
    """The content-independent edits, in the old writer's order (part names and relationship
    ids depend on it), then marks and slots where content goes."""
    _settings(doc)
    notes_part, notes = _footnotes(doc)
    next_note = 1 + max([int(n.get(_qn("w:id"))) for n in notes] + [0])
    _clear_body(doc)
    sections = _unlink_headers_footers(doc, frames)
    parts = {name: _hdrftr(part) for name, part in _unique_parts(doc, sections)}
    next_shape = doc.part.next_id  # before the body mark; python-docx numbers pictures so
    body_nsmap = dict(doc.element.body.nsmap)
    _mark_body(doc)
    notes_part._blob = _serialize_notes(notes)
    has_lang = _lang_slot(doc)
    _core_slots(doc)
    return _Edits(notes_part, notes, next_note, sections, parts, next_shape, body_nsmap, has_lang)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _detach(doc: Any) -> list[str]:
    """Remove the link Word keeps to the template a file came from (w:attachedTemplate, a
    path on its author's machine): Word and LibreOffice would look for that file, outside
    the briefing, whenever a memo is opened or converted."""
    settings = doc.settings.element
    attached = settings.find(_qn("w:attachedTemplate"))
    if attached is None:
        return []
    rid = attached.get(_qn("r:id"))
    rels = doc.part._settings_part.rels  # the Settings proxy has no way to its part
    target = rels[rid].target_ref if rid in rels else "?"
    settings.remove(attached)
    if rid in rels:
        rels.pop(rid)
    return [f"the memo template is attached to {target!r} (w:attachedTemplate); deckgen "
            "removed that link, so no reader of the memo looks for that file"]  # fmt: skip


def _settings(doc: Any) -> None:
    """Repair what Word tolerates but the standard refuses: a ``w:zoom`` without the
    required ``w:percent`` (python-docx's own default template has one)."""
    zoom = doc.settings.element.find(_qn("w:zoom"))
    if zoom is not None and zoom.get(_qn("w:percent")) is None:
        zoom.set(_qn("w:percent"), "100")


def _footnotes(doc: Any) -> tuple[Any, Any]:
    """The footnotes part and its root without the template's own notes; a new part (which
    python-docx cannot make) when the template has none."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    part = doc.part
    for rel in part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            root = parse_xml(rel.target_part.blob)
            # a template's own sample notes would survive into every memo
            for note in list(root):
                if note.get(_qn("w:type")) not in ("separator", "continuationSeparator"):
                    root.remove(note)
            return rel.target_part, root
    notes_part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", part.package)
    part.relate_to(notes_part, RT.FOOTNOTES)
    return notes_part, parse_xml(_FOOTNOTES_XML)


def _clear_body(doc: Any) -> None:
    """Drop the template's sample content; keep the final section's page setup."""
    body = doc.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)


def _unlink_headers_footers(doc: Any, frames: Any) -> list[tuple[list[str], list[str]]]:
    """Give every section its own header and footer parts of each kind the memo shows, emptied
    of placeholder paragraphs and (unless kept on purpose) of the template's own text; the
    member names in the order the writer visits them."""
    even = doc.settings.element.find(_qn("w:evenAndOddHeaders")) is not None
    out = []
    for section in doc.sections:
        headers, footers = [section.header], [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if even:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        for item in headers + footers:
            item.is_linked_to_previous = False
            frames.clear(item.part, _member(item.part))
            _drop_empty(item)
        out.append(([_member(h.part) for h in headers], [_member(f.part) for f in footers]))
    return out


def _drop_empty(part: Any) -> None:
    """Remove a header's or footer's empty paragraphs (the template's placeholders)."""
    for para in list(part.paragraphs):
        p = para._p
        if not para.text.strip() and not p.xpath(".//w:drawing|.//w:pict|.//w:fldChar|"
                                                 ".//w:fldSimple|.//w:object"):  # fmt: skip
            p.getparent().remove(p)


def _unique_parts(doc: Any, sections: list[tuple[list[str], list[str]]]) -> list[tuple[str, Any]]:
    by_name = {_member(p): p for p in doc.part.package.iter_parts()}
    names = [n for headers, footers in sections for n in headers + footers]
    return [(n, by_name[n]) for n in dict.fromkeys(names)]


def _hdrftr(part: Any) -> HdrFtr:
    """What the writer needs to know of a header or footer part; marks its two ends."""
    from lxml import etree

    root = part.element
    fields = _instructions(root).split()
    has_page = "PAGE" in fields and "NUMPAGES" in fields  # a bare PAGE ("1") is not "X of Y"
    info = HdrFtr("", "", "", bool(root.xpath("./w:p")), has_page,
                  wordxml.declarations(("w",), root.nsmap))  # fmt: skip
    root.insert(0, etree.Comment(_HEAD))
    root.append(etree.Comment(_TAIL))
    return info


def _instructions(root: Any) -> str:
    """Field instructions in a header or footer (PAGE fields the template already has)."""
    simple = " ".join(f.get(_qn("w:instr"), "") for f in root.iter(_qn("w:fldSimple")))
    complex_ = " ".join(t.text or "" for t in root.iter(_qn("w:instrText")))
    return f"{simple} {complex_}"


def _mark_body(doc: Any) -> None:
    """Mark where content goes: before the final section's properties, as python-docx adds."""
    from lxml import etree

    body = doc.element.body
    sect = body.find(_qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(etree.Comment(_BODY))
    else:
        body.append(etree.Comment(_BODY))


def _serialize_notes(root: Any) -> bytes:
    from lxml import etree

    root.append(etree.Comment(_NOTES))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _lang_slot(doc: Any) -> bool:
    """A slot for the memo's language in the default run properties, when there are any."""
    from docx.oxml import OxmlElement

    styles = doc.styles.element
    rpr = styles.find(_qn("w:docDefaults") + "/" + _qn("w:rPrDefault") + "/" + _qn("w:rPr"))
    if rpr is None:
        return False
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(_qn("w:val"), _SLOT.format("lang"))
    return True


def _core_slots(doc: Any) -> None:
    """Core properties as every memo sets them, with slots for their values."""
    core = doc.core_properties
    ooxml.set_core_properties(core, {k: _SLOT.format(k) for k in CORE_SLOTS},
                              dt.datetime(2000, 1, 1))  # fmt: skip
    for name in ("created", "modified"):
        core._element.find(_qn(f"dcterms:{name}")).text = _SLOT.format("when")


def _save(doc: Any) -> dict[str, bytes]:
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {name: z.read(name) for name in z.namelist()}


def _member(part: Any) -> str:
    return str(part.partname)[1:]


def _order(doc: Any) -> tuple[list[str], int]:
    """Members in python-docx's save order (a depth-first walk of the relationships), and
    the index just after the document's subtree, where a new image part would be written."""
    package = doc.part.package
    members = ["[Content_Types].xml", "_rels/.rels"]
    visited: list[Any] = []
    media_at = -1

    def walk(source: Any) -> None:
        nonlocal media_at
        for rel in source.rels.values():
            if rel.is_external or rel.target_part in visited:
                continue
            part = rel.target_part
            visited.append(part)
            members.append(_member(part))
            if len(part.rels):
                members.append(part.partname.rels_uri.membername)
            walk(part)
            if part is doc.part:
                media_at = len(members)

    walk(package)
    return members, media_at


def _content_types(doc: Any) -> tuple[dict[str, str], dict[str, str]]:
    from docx.opc.pkgwriter import _ContentTypesItem

    item = _ContentTypesItem.from_parts(doc.part.package.iter_parts())
    defaults = {str(k): str(v) for k, v in item._defaults.items()}
    overrides = {str(k): str(v) for k, v in item._overrides.items()}
    return defaults, overrides


def _image_rels(doc: Any) -> dict[str, str]:
    """The first image relationship of the document to each part (python-docx reuses it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    out: dict[str, str] = {}
    for rel in doc.part.rels.values():
        if rel.reltype == RT.IMAGE and not rel.is_external:
            out.setdefault(str(rel.target_part.partname), rel.rId)
    return out


def _split(
    saved: dict[str, bytes], doc: Any, parts: dict[str, HdrFtr], notes_part: Any, lang: bool
) -> dict[str, Any]:
    """The saved members: those content changes, split at their marks; the rest as they are."""
    doc_name = _member(doc.part)
    notes_name = _member(notes_part)
    styles_name = _member(doc.part._styles_part)
    core_name = _member(doc.part.package._core_properties_part)
    changed = {doc_name, notes_name, core_name, *parts}
    if lang:
        changed.add(styles_name)
    for name, info in parts.items():
        text = saved[name].decode("utf-8")
        info.head, rest = _cut(text, f"<!--{_HEAD}-->", name)
        info.middle, info.tail = _cut(rest, f"<!--{_TAIL}-->", name)
    document = saved[doc_name].decode("utf-8")
    footnotes = saved[notes_name].decode("utf-8")
    _cut(document, f"<!--{_BODY}-->", doc_name)
    _cut(footnotes, f"<!--{_NOTES}-->", notes_name)
    return {
        "static": {n: b for n, b in saved.items() if n not in changed},
        "document": document,
        "document_name": doc_name,
        "rels_name": doc.part.partname.rels_uri.membername,
        "footnotes": footnotes,
        "footnotes_name": notes_name,
        "styles": saved[styles_name] if lang else None,
        "styles_name": styles_name,
        "core": saved[core_name].decode("utf-8"),
        "core_name": core_name,
    }


def _cut(text: str, mark: str, name: str) -> tuple[str, str]:
    before, found, after = text.partition(mark)
    if not found or mark in after:
        raise AssertionError(f"{name}: expected one {mark} in the prepared part")
    return before, after


def _text_width(doc: Any) -> int:
    """The width between the margins; Word's defaults where a template sets none."""
    if not doc.sections:  # page_defaults gives every memo one; kept for safety
        return int(8.5 * _INCHES - 2 * _INCHES)
    section = doc.sections[-1]
    page = section.page_width or int(8.5 * _INCHES)
    left = section.left_margin if section.left_margin is not None else _INCHES
    right = section.right_margin if section.right_margin is not None else _INCHES
    return int(page - left - right)


def _block_width(doc: Any) -> int | None:
    try:
        return int(doc._block_width)
    except (IndexError, TypeError):
        return None


# -- slots (the writer's side) -------------------------------------------------------------


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each slot replaced by its value (already escaped)."""
    return _SLOT_RE.sub(lambda m: values[m.group(1)], template)


def cut(template: str, mark: str) -> tuple[str, str]:
    """A prepared part's text before and after its content mark."""
    return _cut(template, f"<!--{mark}-->", "prepared part")


BODY, NOTES = _BODY, _NOTES
