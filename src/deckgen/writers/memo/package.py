"""A prepared memo package plus a memo's parts and pictures to the .docx zip bytes.

Pictures are placed the way python-docx's add_picture places them (an image part per
distinct picture, named /word/media/imageN.ext with the first free N, the document's first
image relationship to it reused), and the package is written in python-docx's member order,
so a memo built here matches one python-docx would have saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from deckgen import images as imageinfo
from deckgen.ooxml import package as opc
from deckgen.ooxml import wordxml
from deckgen.ooxml import zip as ooxml
from deckgen.templates.memo import CORE_SLOTS, LANG_SLOT, Prepared, fill
from deckgen.writers.memo.notes import ENDNOTES_NAME, ENDNOTES_RELS, ENDNOTES_TYPE, RT_ENDNOTES

RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_RELS_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
              'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">')  # fmt: skip
_INDEXED = re.compile("([a-zA-Z]+)([1-9][0-9]*)?")  # python-docx's PackURI.idx


@dataclass(frozen=True)
class Picture:
    """A picture placed in the document: its relationship id and size in EMU."""

    rid: str
    cx: int
    cy: int


@dataclass
class Media:
    """The package's image parts and the document's image relationships, as pictures add them."""

    prepared: Prepared
    pictures: Mapping[str, bytes]  # path -> bytes, as the caller read them
    parts: list[tuple[str, str]] = field(default_factory=list)  # part name, sha1
    rels: dict[str, str] = field(default_factory=dict)  # part name -> rId
    rids: set[str] = field(default_factory=set)
    new_parts: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, blob, type
    new_rels: list[str] = field(default_factory=list)
    note_rels: list[str] = field(default_factory=list)  # the footnotes part's new ones
    note_rids: set[str] = field(default_factory=set)
    endnotes_rel: str = ""  # the document's relationship to the endnotes part, when it has one
    endnote_rels: list[str] = field(default_factory=list)  # the endnotes part's links
    endnote_rids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        kept = self.prepared.static.get(notes_rels_name(self.prepared), b"")
        self.note_rids = set(re.findall(r'Id="([^"]+)"', kept.decode("utf-8")))
        kept = self.prepared.static.get(ENDNOTES_RELS, b"")  # a template's own endnotes'
        self.endnote_rids = set(re.findall(r'Id="([^"]+)"', kept.decode("utf-8")))
        self.parts = list(self.prepared.images)
        self.rels = dict(self.prepared.image_rels)
        self.rids = set(self.prepared.rids)

    def place(self, path: str, width: int | None = None, height: int | None = None) -> Picture:
        """The picture read from ``path`` in the package, scaled to ``width`` or ``height``
        (EMU)."""
        blob = self.pictures[path]
        info = imageinfo.read(blob)
        rid = self._relate(self._part(path, blob, info))
        cx, cy = _scaled(info, width, height)
        return Picture(rid, cx, cy)

    def _part(self, path: str, blob: bytes, info: imageinfo.ImageInfo) -> str:
        sha1 = hashlib.sha1(blob).hexdigest()
        for name, known in self.parts:
            if known == sha1:
                return name  # the same picture again: one part
        ext = os.path.splitext(os.path.basename(path))[1][1:]
        name = self._next_name(ext)
        self.parts.append((name, sha1))
        self.new_parts.append((name, blob, info.content_type))
        return name

    def _next_name(self, ext: str) -> str:
        """The first image number no image part uses, whatever its extension."""
        used = {_index(name) for name, _ in self.parts}
        n = next((n for n in range(1, len(self.parts) + 1) if n not in used),
                 len(self.parts) + 1)  # fmt: skip
        return f"/word/media/image{n}.{ext}"

    def _relate(self, name: str) -> str:
        rid = self.rels.get(name)
        if rid is not None:
            return rid
        rid = next(f"rId{n}" for n in range(1, len(self.rids) + 2) if f"rId{n}" not in self.rids)
        self.rids.add(rid)
        self.rels[name] = rid
        base = self.prepared.base_uri
        target = name[1:] if base == "/" else posixpath.relpath(name, base)
        self.new_rels.append(
            f'<Relationship Id="{rid}" Type="{RT_IMAGE}" Target="{wordxml.attr(target)}"/>'
        )
        return rid

    def hyperlink(self, url: str, in_notes: str = "") -> str:
        """The relationship id of an external link to ``url`` from the document, or from the
        notes part ``in_notes`` names ("footnotes", "endnotes"): each has relationships of
        its own."""
        used, rels = {"footnotes": (self.note_rids, self.note_rels),
                      "endnotes": (self.endnote_rids, self.endnote_rels)}.get(
                          in_notes, (self.rids, self.new_rels))  # fmt: skip
        rid = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        used.add(rid)
        rels.append(f'<Relationship Id="{rid}" Type="{RT_HYPERLINK}" '
                    f'Target="{wordxml.attr(url)}" TargetMode="External"/>')  # fmt: skip
        return rid

    def endnotes(self) -> None:
        """Relate the document to the endnotes part the writer adds (notes.ENDNOTES_NAME)."""
        rid = next(f"rId{n}" for n in range(1, len(self.rids) + 2) if f"rId{n}" not in self.rids)
        self.rids.add(rid)
        base = self.prepared.base_uri
        name = "/" + ENDNOTES_NAME
        target = name[1:] if base == "/" else posixpath.relpath(name, base)
        self.endnotes_rel = f'<Relationship Id="{rid}" Type="{RT_ENDNOTES}" Target="{target}"/>'
        self.new_rels.append(self.endnotes_rel)

    @property
    def links(self) -> bool:
        return (bool(self.note_rels) or bool(self.endnote_rels)
                or any(RT_HYPERLINK in r for r in self.new_rels))  # fmt: skip


RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add_chart(media: Media, chart: bytes, book: bytes) -> str:
    """A chart part (/word/charts/chartN.xml), its embedded workbook (its data, which Word
    opens on "Edit Data") and the relationship between them added to the package, the
    chart related from the document: that relationship's id. The chart's XML names its
    workbook rId1 (``c:externalData``), its one relationship."""
    taken = {"/" + n for n in media.prepared.order} | {n for n, _, _ in media.new_parts}
    n = next(n for n in range(1, len(taken) + 2) if f"/word/charts/chart{n}.xml" not in taken)
    name = f"/word/charts/chart{n}.xml"
    m = next(m for m in range(1, len(taken) + 2)
             if f"/word/embeddings/Microsoft_Excel_Sheet{m}.xlsx" not in taken)  # fmt: skip
    sheet = f"/word/embeddings/Microsoft_Excel_Sheet{m}.xlsx"
    rels = (f'{_RELS_HEAD}<Relationship Id="rId1" Type="{RT_PACKAGE}" '
            f'Target="../embeddings/{posixpath.basename(sheet)}"/></Relationships>')  # fmt: skip
    media.new_parts.append((name, chart, CT_CHART))
    media.new_parts.append(("/" + opc.rels_path(name[1:]), rels.encode("utf-8"), opc.CT_RELS))
    media.new_parts.append((sheet, book, CT_SHEET))
    rid = next(f"rId{k}" for k in range(1, len(media.rids) + 2) if f"rId{k}" not in media.rids)
    media.rids.add(rid)
    base = media.prepared.base_uri
    target = name[1:] if base == "/" else posixpath.relpath(name, base)
    media.new_rels.append(
        f'<Relationship Id="{rid}" Type="{RT_CHART}" Target="{wordxml.attr(target)}"/>'
    )
    return rid


def _index(name: str) -> int | None:
    stem = posixpath.splitext(posixpath.split(name)[1])[0]
    match = _INDEXED.match(stem)
    return int(match.group(2)) if match and match.group(2) else None


def _scaled(info: imageinfo.ImageInfo, width: int | None, height: int | None) -> tuple[int, int]:
    """python-docx's Image.scaled_dimensions: natural size from whole dots per inch, the
    missing side scaled to keep the aspect ratio."""
    natural_w = int(info.width / round(info.dpi_x) * 914400)
    natural_h = int(info.height / round(info.dpi_y) * 914400)
    if width is None and height is None:
        return natural_w, natural_h
    if width is None:
        assert height is not None
        width = round(natural_w * (float(height) / float(natural_h)))
    if height is None:
        height = round(natural_h * (float(width) / float(natural_w)))
    return int(width), int(height)


def content_types(prepared: Prepared, media: Media) -> bytes:
    """[Content_Types].xml as python-docx writes it: defaults by extension, sorted, then
    overrides by part name, sorted."""
    if not media.new_parts and not media.endnotes_rel:
        return prepared.static["[Content_Types].xml"]
    defaults, overrides = dict(prepared.defaults), dict(prepared.overrides)
    if media.endnotes_rel:
        overrides["/" + ENDNOTES_NAME] = ENDNOTES_TYPE
    for name, _, kind in media.new_parts:
        ext = posixpath.splitext(name)[1][1:]
        if (ext.lower(), kind) in opc.DEFAULT_TYPES:
            defaults[ext] = kind
        else:
            overrides[name] = kind
    return opc.types_xml(defaults, overrides)


def relationships(prepared: Prepared, media: Media) -> bytes:
    """The document's relationships with the new pictures' appended, as python-docx adds them."""
    blob = prepared.static[prepared.rels_name]
    if not media.new_rels:  # pictures' and links'
        return blob
    end = b"</Relationships>"
    at = blob.rindex(end)
    return blob[:at] + "".join(media.new_rels).encode("utf-8") + blob[at:]


def notes_rels_name(prepared: Prepared) -> str:
    folder, base = posixpath.split(prepared.footnotes_name)
    return posixpath.join(folder, "_rels", base + ".rels")


def notes_relationships(prepared: Prepared, name: str,
                        links: list[str]) -> tuple[str, bytes] | None:  # fmt: skip
    """A notes part's relationships (``name``: the footnotes' or the endnotes' .rels) with
    its ``links`` added, when it has any: name and bytes (the template's own, if it had
    some, kept first)."""
    if not links:
        return None
    kept = prepared.static.get(name, (_RELS_HEAD + "</Relationships>").encode("utf-8"))
    at = kept.rindex(b"</Relationships>")
    return name, kept[:at] + "".join(links).encode("utf-8") + kept[at:]


def core(prepared: Prepared, props: dict[str, str], when: dt.datetime) -> bytes:
    """docProps/core.xml with the memo's properties and build time in its slots."""
    values = {k: wordxml.text(str(props.get(k, ""))) for k in CORE_SLOTS}
    values["when"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return fill(prepared.core, values).encode("utf-8")


# Word's "Hyperlink" character style, for templates without one, underlined in the text's own
# colour (legible wherever the text is). LibreOffice 7.4 exports a link to PDF only when its
# run has a character style: with direct formatting alone the memo's PDF had no link at all.
HYPERLINK_STYLE = (b'<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
                   b'<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:u w:val="single"/>'
                   b"</w:rPr></w:style>")  # fmt: skip


def has_hyperlink_style(prepared: Prepared) -> bool:
    blob = prepared.styles or prepared.static.get(prepared.styles_name, b"")
    return b'w:styleId="Hyperlink"' in blob


def styles(prepared: Prepared, language: str, links: bool = False) -> bytes:
    """styles.xml with the memo's language as the document default, and the "Hyperlink"
    character style when the memo has links and the template no such style."""
    if prepared.styles is None:
        blob = prepared.static[prepared.styles_name]
    else:
        blob = prepared.styles.replace(LANG_SLOT, wordxml.attr(language).encode("utf-8"), 1)
    if links and not has_hyperlink_style(prepared):
        at = blob.rindex(b"</w:styles>")
        blob = blob[:at] + HYPERLINK_STYLE + blob[at:]
    return blob


def assemble(
    prepared: Prepared, changed: dict[str, bytes], media: Media, when: dt.datetime
) -> bytes:
    """The zip: members in python-docx's order, new pictures after the document's subtree,
    written deterministically."""
    at = prepared.media_at
    names = prepared.order[:at] + [n[1:] for n, _, _ in media.new_parts] + prepared.order[at:]
    if media.endnotes_rel and ENDNOTES_NAME not in names:  # the writer's, by the footnotes
        names.insert(names.index(prepared.footnotes_name) + 1, ENDNOTES_NAME)
    for part, rels_name, links in (
        (prepared.footnotes_name, notes_rels_name(prepared), media.note_rels),
        (ENDNOTES_NAME, ENDNOTES_RELS, media.endnote_rels),
    ):
        notes_rels = notes_relationships(prepared, rels_name, links)
        if notes_rels is not None:
            changed = {**changed, notes_rels[0]: notes_rels[1]}
            if notes_rels[0] not in names:
                names.insert(names.index(part) + 1, notes_rels[0])
    blobs = {n[1:]: b for n, b, _ in media.new_parts}
    files = {}
    for name in names:
        blob = changed.get(name)
        if blob is None:
            blob = blobs.get(name)
        if blob is None:
            blob = prepared.static[name]
        if name.endswith(".xlsx"):
            blob = ooxml.normalize_zip(ooxml.pin_dates(blob, when, "docProps/core.xml"), when)
        files[name] = blob
    return ooxml.write_zip(files, when, keep_order=True)
