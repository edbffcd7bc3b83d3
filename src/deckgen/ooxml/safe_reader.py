"""Office files (.pptx/.potx/.docx/.dotx) to their parts, checked before any parser sees them.

Template files arrive by email from other organizations, so every byte is suspect. This is
the one reader of template packages: it refuses, with a message naming the file and the part,
anything that is not a plain Office package deckgen can use safely: not a zip, a damaged zip,
unsafe entry names, zip bombs, missing or malformed parts, XML with a DOCTYPE (entities are
never resolved, nothing is fetched), macros and ActiveX, links that would reach the network or
read a file outside the package, embedded objects (OLE objects, packages) other than a chart's
workbook, a file of the wrong kind, and a deck without slide layouts. Nothing is cached on
disk; a package already checked in this process is not read twice. The zip itself (limits,
names, inflating) is read by deckgen.ooxml.unzip; this module judges the parts it yields.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from deckgen.errors import TemplateError
from deckgen.ooxml.unzip import APP, MAX_ENTRIES, MAX_FILE_BYTES, ArchiveReader
from deckgen.ooxml.wordpage import MEASURE, PAGE_MEASURES, page_room

__all__ = ["MAX_ENTRIES", "MAX_FILE_BYTES", "check_template_file", "package_bytes", "read_package",
           "xml_parser"]  # fmt: skip

CONTENT_TYPES = "[Content_Types].xml"
_CORE_PROPERTIES = "docProps/core.xml"  # where python-docx and python-pptx make new ones
PACKAGE_RELS = "_rels/.rels"
_OPC = "http://schemas.openxmlformats.org/package/2006/"
_CT_NS = f"{{{_OPC}content-types}}"
_REL_NS = f"{{{_OPC}relationships}}"
_P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# The root element each part deckgen's libraries read must have (by the end of its content
# type), and a child it cannot do without: well-formed XML of the wrong shape would
# otherwise fail deep inside python-pptx or python-docx, or worse, not fail.
_SHAPES = {
    "presentationml.presentation.main+xml": (f"{_P_NS}presentation", f"{_P_NS}sldSz"),
    "presentationml.template.main+xml": (f"{_P_NS}presentation", f"{_P_NS}sldSz"),
    "presentationml.slideshow.main+xml": (f"{_P_NS}presentation", f"{_P_NS}sldSz"),
    "presentationml.slideMaster+xml": (f"{_P_NS}sldMaster", f"{_P_NS}cSld"),
    "presentationml.slideLayout+xml": (f"{_P_NS}sldLayout", f"{_P_NS}cSld"),
    "presentationml.slide+xml": (f"{_P_NS}sld", f"{_P_NS}cSld"),
    "officedocument.theme+xml": (f"{_A_NS}theme", None),
    "wordprocessingml.document.main+xml": (f"{_W_NS}document", f"{_W_NS}body"),
    "wordprocessingml.template.main+xml": (f"{_W_NS}document", f"{_W_NS}body"),
    "wordprocessingml.styles+xml": (f"{_W_NS}styles", None),
    "wordprocessingml.numbering+xml": (f"{_W_NS}numbering", None),
    "wordprocessingml.settings+xml": (f"{_W_NS}settings", None),
    "wordprocessingml.footnotes+xml": (f"{_W_NS}footnotes", None),
    "wordprocessingml.header+xml": (f"{_W_NS}hdr", None),
    "wordprocessingml.footer+xml": (f"{_W_NS}ftr", None),
}
# PowerPoint's slide sizes run from 1 to 56 inches (ECMA-376 ST_SlideSizeCoordinate, EMU).
SLIDE_SIZE = (914_400, 51_206_400)
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type
_HYPERLINK = "/hyperlink"  # external on purpose, followed only when a reader clicks
# Relationships to embedded objects: OLE objects and packages (an .exe, a script, a document
# a reader opens with a double click). Charts' workbooks are packages too, and are kept.
_OBJECT_RELS = {"oleObject", "package", "control"}
_SLIDE_MASTER = "presentationml.slideMaster+xml"

_MAIN = "application/vnd.openxmlformats-officedocument."
MAIN_TYPES = {
    "deck": {
        f"{_MAIN}presentationml.presentation.main+xml",
        f"{_MAIN}presentationml.template.main+xml",
        f"{_MAIN}presentationml.slideshow.main+xml",
    },
    "memo": {
        f"{_MAIN}wordprocessingml.document.main+xml",
        f"{_MAIN}wordprocessingml.template.main+xml",
    },
}
# A template's (or slideshow's) main content type, as the document type python-pptx and
# python-docx open: a .potx or .dotx differs from its .pptx or .docx only here.
_AS_DOCUMENT = {
    b"presentationml.template.main+xml": b"presentationml.presentation.main+xml",
    b"presentationml.slideshow.main+xml": b"presentationml.presentation.main+xml",
    b"wordprocessingml.template.main+xml": b"wordprocessingml.document.main+xml",
}
_OTHER_KINDS = {
    "presentationml": "a PowerPoint deck",
    "wordprocessingml": "a Word document",
    "spreadsheetml": "an Excel workbook",
}
_XML_SUFFIXES = (".xml", ".rels")
_XML_LIKE = (".xml", ".rels", ".vml", ".svg")  # scanned for DOCTYPE, as other readers parse them
_DOCTYPE = (b"<!DOCTYPE", b"<!ENTITY")
# How XML in a wide encoding begins (XML 1.0, appendix F): with a byte order mark, or "<?".
_WIDE = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)

# Packages checked in this process (a build checks in find() and reads again in the
# writers; `deckgen watch` rebuilds): memory only, keyed by the file's identity and mtime.
_cache: dict[tuple[object, ...], dict[str, bytes]] = {}
_CACHE_SIZE = 8
_CACHE_MAX_BYTES = 64_000_000  # a package larger than this is re-read rather than kept


def read_package(path: Path, kind: str) -> dict[str, bytes]:
    """Every part of the Office file at ``path`` (member name -> bytes, in the zip's order),
    checked; a .potx/.dotx/.ppsx main content type is made a document's.

    ``kind`` is "deck" or "memo". Raises TemplateError naming the file, the part at fault
    and what to do. A package unchanged since this process last checked it is not re-read.
    """
    if kind not in MAIN_TYPES:
        raise ValueError(f"kind must be 'deck' or 'memo', not {kind!r}")
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the {kind} template: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise TemplateError(f"{path}: the {kind} template is not a regular file")
    key = (str(path.resolve()), kind, info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)
    if key in _cache:
        return dict(_cache[key])  # a caller may add or drop parts; the checked copy stays
    parts = _Reader(path, kind, info.st_size).read()
    if sum(map(len, parts.values())) <= _CACHE_MAX_BYTES:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = dict(parts)
    return parts


def xml_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and touches no network: for any
    XML deckgen reads from a template (lxml's default resolves internal entities)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_template_file(path: Path, kind: str) -> None:
    """Refuse a hostile or broken deck or memo file before python-pptx or python-docx parse it."""
    read_package(path, kind)


def package_bytes(parts: dict[str, bytes]) -> bytes:
    """``parts`` as a zip python-pptx or python-docx can open from memory; stored, not
    deflated, since it is read once and thrown away."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for name, blob in parts.items():
            dst.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), blob)
    return out.getvalue()


class _Reader(ArchiveReader):
    """One package read and checked: the zip by ArchiveReader, then its parts."""

    # -- the parts: required ones, XML, macros, links, the kind, slide layouts

    def check(self, parts: dict[str, bytes]) -> None:
        for required in (CONTENT_TYPES, PACKAGE_RELS):
            if required not in parts:
                raise self.fail(
                    "a required part is missing: this is not a complete Office package",
                    f"get a fresh copy of the file, or {self.resave()}",
                    required,
                )
        parser = xml_parser()
        types = self.xml(CONTENT_TYPES, parts[CONTENT_TYPES], parser)
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in types.iter(f"{_CT_NS}Default")
        }
        overrides = {
            o.get("PartName", "").lstrip("/").casefold(): o.get("ContentType", "")
            for o in types.iter(f"{_CT_NS}Override")
        }
        for content_type in (*defaults.values(), *overrides.values()):
            if _is_macro_type(content_type):
                raise self.macro(CONTENT_TYPES)

        def type_of(name: str) -> str:
            found = overrides.get(name.casefold())
            if found is None:
                found = defaults.get(name.rsplit(".", 1)[-1].lower() if "." in name else "", "")
            return found

        folded = {name.casefold() for name in parts}
        self.names = set(parts)  # as spelled: python-pptx and python-docx match names exactly
        package_rels = self.xml(PACKAGE_RELS, parts[PACKAGE_RELS], parser)
        main = self.main_part(package_rels, folded, type_of)  # the wrong kind of file: say so
        self.core_properties(package_rels, folded)
        masters: list[tuple[str, etree._Element]] = []
        rels: dict[str, etree._Element] = {}
        presentation = package_rels
        for name, blob in parts.items():
            if name == CONTENT_TYPES:
                continue
            content_type = type_of(name)
            lower = name.lower()
            xml_type = content_type.endswith("+xml") or content_type.endswith("/xml")
            if lower.endswith(_XML_SUFFIXES) or xml_type:
                root = package_rels if name == PACKAGE_RELS else self.xml(name, blob, parser)
                self.shape(name, content_type, root)
                if lower.endswith(".rels"):
                    self.relationships(name, root, folded)
                    rels[name] = root
                elif content_type.endswith(_SLIDE_MASTER):
                    masters.append((name, root))
                elif name == main:
                    presentation = root
            elif lower.endswith(_XML_LIKE):
                self.no_doctype(name, blob)
        if self.kind == "deck":
            self.listed(main, presentation, ("sldMasterId", "sldId", "notesMasterId"), rels, folded)
            for name, root in masters:
                self.listed(name, root, ("sldLayoutId",), rels, folded)
            self.layouts(main, masters)
        for old, new in _AS_DOCUMENT.items():
            parts[CONTENT_TYPES] = parts[CONTENT_TYPES].replace(old, new)

    def no_doctype(self, name: str, blob: bytes) -> None:
        """A scan before any parser: a DOCTYPE is refused, never read. XML may be UTF-16
        (or UTF-32), where an ASCII byte scan would see nothing."""
        text = blob
        for marks, codec in _WIDE:
            if blob.startswith(marks):
                text = blob.decode(codec, errors="replace").encode("utf-8")
                break
        if any(marker in text for marker in _DOCTYPE):
            raise self.doctype(name)

    def doctype(self, name: str) -> TemplateError:
        return self.fail(
            "the XML declares a DOCTYPE or ENTITY, which Office never writes; deckgen resolves "
            "no entity and fetches nothing, and refuses the file",
            f"{self.resave()}, or get the organization's original template",
            name,
        )

    def xml(self, name: str, blob: bytes, parser: etree.XMLParser) -> etree._Element:
        """The part parsed with entities, DTDs and the network off, after a byte scan."""
        self.no_doctype(name, blob)
        try:
            root = etree.fromstring(blob, parser)
        except etree.XMLSyntaxError as exc:
            line, column = exc.position
            raise self.fail(
                f"the part is not well-formed XML (line {line}, column {column}: {exc.msg})",
                f"get a fresh copy of the file, or {self.resave()}",
                name,
            ) from None
        if root.getroottree().docinfo.doctype:  # e.g. a UTF-16 part the byte scan cannot read
            raise self.doctype(name)
        return root

    def shape(self, name: str, content_type: str, root: etree._Element) -> None:
        """The part has the root element and the children its content type promises, and
        the measures deckgen reads from it are numbers in range."""
        expected = next((v for k, v in _SHAPES.items() if content_type.endswith(k)), None)
        if expected is None:
            return
        tag, child = expected
        damaged = f"get a fresh copy of the file, or {self.resave()}"
        if root.tag != tag:
            raise self.fail(
                f"the part's root element is {_local(root.tag)!r} where its content type "
                f"promises {_local(tag)!r} (a damaged part, or a Strict Open XML file, which "
                "deckgen cannot read)",
                damaged,
                name,
            )
        if child is not None and root.find(child) is None:
            raise self.fail(f"the part lacks its required <{_local(child)}> element", damaged,
                            name)  # fmt: skip
        if tag == f"{_P_NS}presentation":
            size = root.find(f"{_P_NS}sldSz")
            values = ["", ""] if size is None else [size.get("cx", ""), size.get("cy", "")]
            low, high = SLIDE_SIZE
            if not all(v.isdigit() and low <= int(v) <= high for v in values):
                raise self.fail(
                    f"the slide size ({values[0] or '?'} × {values[1] or '?'} EMU) is not one "
                    "PowerPoint allows (1 to 56 inches a side)",
                    "open it in PowerPoint, set Design > Slide Size, and save it again",
                    name,
                )
        if tag == f"{_W_NS}document":
            self.page_setup(name, root)

    def page_setup(self, name: str, root: etree._Element) -> None:
        """Every page size and margin is a measure (``orient`` a word Word knows), and the
        final section's, which the memo keeps, leaves room for text."""
        redo = (
            f"open it in Word, set Layout > Size and Margins, and save it again as a {self.suffix}"
        )
        for element in root.iter(f"{_W_NS}pgSz", f"{_W_NS}pgMar"):
            for attr, value in element.attrib.items():
                local = _local(attr)
                if not attr.startswith(_W_NS) or local not in PAGE_MEASURES:
                    continue  # w:code (a paper number) and others python-docx never reads
                if local == "orient":
                    if value not in ("portrait", "landscape"):
                        raise self.fail(
                            f"the page setup has {_local(element.tag)} orient={value!r}, "
                            "which is neither 'portrait' nor 'landscape'",
                            redo,
                            name,
                        )
                elif not MEASURE.fullmatch(value):
                    raise self.fail(
                        f"the page setup has {_local(element.tag)} {local}={value!r}, "
                        "which is not a measure",
                        redo,
                        name,
                    )
        problem = page_room(root.find(f"{_W_NS}body/{_W_NS}sectPr"))
        if problem:
            raise self.fail(
                problem,
                "open it in Word, make the margins narrower (Layout > Margins) or the page "
                f"larger (Layout > Size), and save it again as a {self.suffix}",
                name,
            )

    def relationships(self, name: str, root: etree._Element, folded: set[str]) -> None:
        """Internal targets must exist; external ones must not reach the network, except
        hyperlinks, which only a reader's click follows."""
        folder = posixpath.dirname(posixpath.dirname(name))  # x/_rels/a.xml.rels -> x
        for rel in root.iter(f"{_REL_NS}Relationship"):
            target = rel.get("Target", "")
            rel_type = rel.get("Type", "")
            if _is_macro_type(rel_type) or rel_type.endswith("/control"):
                raise self.macro(name)
            what = rel_type.rsplit("/", 1)[-1]
            if rel.get("TargetMode") == "External":
                if rel_type.endswith(_HYPERLINK):
                    continue  # followed only when a reader clicks it
                todo = (
                    "detach the template (Word: Developer > Document Template, clear "
                    "the attached template)"
                    if what == "attachedTemplate"
                    else "embed the linked file instead of linking it, or remove it"
                )
                if _remote(target):
                    raise self.fail(
                        f"relationship {rel.get('Id')} ({what}) links to {target!r}, which "
                        f"{self.app} and LibreOffice would fetch from the network whenever a "
                        "briefing made from this template is opened or converted",
                        f"{todo}, then save the file again as a {self.suffix}",
                        name,
                    )
                if what == "attachedTemplate":
                    continue  # Word's own note of the template it came from: memo preparation
                    # removes it, with a warning, so no reader looks for that file
                raise self.fail(
                    f"relationship {rel.get('Id')} ({what}) links to {target!r}, a file "
                    f"outside the template, which {self.app} and LibreOffice would read "
                    "whenever a briefing made from this template is opened or converted",
                    f"{todo}, then save the file again as a {self.suffix}",
                    name,
                )
            if what in _OBJECT_RELS and not self.droppable(name, what, target):
                raise self.fail(
                    f"relationship {rel.get('Id')} embeds an object ({what}: {target}) that "
                    "deckgen cannot vouch for (it may hold a program), and would carry into "
                    "every briefing",
                    "remove the embedded object, or replace it with a picture, then save the "
                    f"file again as a {self.suffix}",
                    name,
                )
            path = target.split("#", 1)[0]
            if not path:
                continue
            member = _resolve(folder, path, folded)
            if member.casefold() in folded:
                self.spelled(name, f"relationship {rel.get('Id')}", member)
                continue
            if self.kind == "deck" and posixpath.basename(member).upper() == "NULL":
                # Add-ins "remove" a relationship by voiding its target to NULL; PowerPoint
                # and python-pptx skip such links (python-docx does not, so memos are refused).
                continue
            raise self.fail(
                f"relationship {rel.get('Id')} points to {member}, which is not in the file",
                f"get a fresh copy of the file, or {self.resave()}",
                name,
            )

    def core_properties(self, package_rels: etree._Element, folded: set[str]) -> None:
        """docProps/core.xml, when there, is what _rels/.rels names as the properties: else
        python-docx and python-pptx make properties of their own under that very name, and
        the saved file holds the part twice."""
        named = any(
            r.get("Type", "").endswith("/metadata/core-properties")
            for r in package_rels.iter(f"{_REL_NS}Relationship")
        )
        if not named and _CORE_PROPERTIES.casefold() in folded:
            raise self.fail(
                f"the package holds {_CORE_PROPERTIES}, but no relationship names it as the "
                "document's properties (its relationship type is missing or wrong)",
                f"get a fresh copy of the file, or {self.resave()}",
                PACKAGE_RELS,
            )

    def spelled(self, part: str, what: str, member: str) -> None:
        """``member`` is in the package as spelled: Office matches part names whatever their
        case, but python-pptx and python-docx would lose the part (and fail later)."""
        if member in self.names:
            return
        actual = next(n for n in self.names if n.casefold() == member.casefold())
        raise self.fail(
            f"{what} names {member}, but the part is spelled {actual} (only the case "
            "differs), which deckgen's readers cannot follow",
            f"{self.resave()} (it rewrites every part name)",
            part,
        )

    def droppable(self, rels: str, what: str, target: str) -> bool:
        """An embedded object deckgen may leave in place: a macro-free Office file (a chart's
        workbook, an embedded Excel table), or anything on a deck's sample slides, which no
        briefing keeps."""
        source = rels.replace("/_rels/", "/").removesuffix(".rels")
        if what == "package" and target.lower().endswith((".xlsx", ".docx", ".pptx")):
            return True  # Office refuses macros in these; the .xlsm kinds are refused above
        return self.kind == "deck" and source.startswith("ppt/slides/")

    def main_part(
        self, root: etree._Element, folded: set[str], type_of: Callable[[str], str]
    ) -> str:
        """The part _rels/.rels names as the document, of this kind."""
        targets = [
            r.get("Target", "")
            for r in root.iter(f"{_REL_NS}Relationship")
            if r.get("Type", "").endswith(_OFFICE_DOCUMENT) and r.get("TargetMode") != "External"
        ]
        expected = "ppt/presentation.xml" if self.kind == "deck" else "word/document.xml"
        if not targets:
            raise self.fail(
                f"no main part is named (the {expected} a {self.suffix} has)",
                f"get a fresh copy of the file, or {self.resave()}",
                PACKAGE_RELS,
            )
        main = _resolve("", targets[0], folded)
        if main.casefold() not in folded:
            raise self.fail(
                "the main part is missing: this is not a complete Office package",
                f"get a fresh copy of the file, or {self.resave()}",
                main,
            )
        self.spelled(PACKAGE_RELS, "the main part", main)
        content_type = type_of(main)
        if _is_macro_type(content_type):
            raise self.macro(main)
        if content_type not in MAIN_TYPES[self.kind]:
            other = next((v for k, v in _OTHER_KINDS.items() if k in content_type), None)
            wanted = "a PowerPoint deck" if self.kind == "deck" else "a Word document"
            other_kind = "memo" if self.kind == "deck" else "deck"
            todo = (
                f"use it as the {other_kind} template ({APP[other_kind][2]}) instead"
                if other and other != wanted and other != "an Excel workbook"
                else f"give a {'.pptx or .potx' if self.kind == 'deck' else '.docx or .dotx'}"
            )
            found = other or f"content type {content_type or 'none'!r}"
            raise self.fail(f"this file is {found}, not {wanted}", todo, main)
        return main

    def listed(
        self,
        part: str,
        root: etree._Element,
        tags: tuple[str, ...],
        rels: dict[str, etree._Element],
        folded: set[str],
    ) -> None:
        """Masters, slides and layouts a deck lists must each name a part that is there:
        python-pptx skips a dangling relationship, then fails on the list that uses it."""
        folder, base = posixpath.split(part)
        own = rels.get(posixpath.join(folder, "_rels", f"{base}.rels"))
        targets = {
            rel.get("Id"): _resolve(folder, rel.get("Target", ""), folded)
            for rel in (own.iter(f"{_REL_NS}Relationship") if own is not None else ())
            if rel.get("TargetMode") != "External"
        }
        for tag in tags:
            for item in root.iter(f"{_P_NS}{tag}"):
                rid = item.get(_R_ID)
                if targets.get(rid, "").casefold() not in folded:
                    raise self.fail(
                        f"its {tag} list names relationship {rid}, whose part is not in the file",
                        f"get a fresh copy of the file, or {self.resave()}",
                        part,
                    )

    def layouts(self, main: str, masters: list[tuple[str, etree._Element]]) -> None:
        """A deck needs at least one slide layout: every slide deckgen makes uses one."""
        count = sum(
            len(root.findall(f"{_P_NS}sldLayoutIdLst/{_P_NS}sldLayoutId")) for _, root in masters
        )
        if count == 0:
            where = masters[0][0] if masters else main
            raise self.fail(
                "the deck template has no slide layouts"
                + ("" if masters else " (it has no slide master)"),
                "open it in PowerPoint, add layouts in View > Slide Master, and save it again",
                where,
            )


def _local(tag: object) -> str:
    """An element's name without its namespace: "{ns}sldSz" -> "sldSz"."""
    return str(tag).rsplit("}", 1)[-1]


def _resolve(folder: str, target: str, folded: set[str]) -> str:
    """The part a relationship's target names, relative to the folder of its source; as
    written, or percent-decoded when only that form is in the package."""
    found = ""
    for form in (target, unquote(target)):
        joined = form.lstrip("/") if form.startswith("/") else posixpath.join(folder, form)
        found = posixpath.normpath(joined)
        if found.casefold() in folded:
            break
    return found


def _is_macro_type(content_type: str) -> bool:
    lowered = content_type.lower()
    return any(m in lowered for m in ("macroenabled", "vbaproject", "vbadata", "activex"))


def _remote(target: str) -> bool:
    """A link another program would fetch over the network: a URL with a host, or a UNC path."""
    if target.startswith(("\\\\", "//")):
        return True
    parts = urlsplit(target)
    if len(parts.scheme) <= 1:  # relative, or a Windows drive letter (C:\...)
        return False
    if parts.scheme.lower() == "file":
        return parts.netloc.lower() not in ("", "localhost")
    return parts.scheme.lower() not in ("mailto",)
