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

RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
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

    def __post_init__(self) -> None:
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
    if not media.new_parts:
        return prepared.static["[Content_Types].xml"]
    defaults, overrides = dict(prepared.defaults), dict(prepared.overrides)
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
    if not media.new_rels:
        return blob
    end = b"</Relationships>"
    at = blob.rindex(end)
    return blob[:at] + "".join(media.new_rels).encode("utf-8") + blob[at:]


def core(prepared: Prepared, props: dict[str, str], when: dt.datetime) -> bytes:
    """docProps/core.xml with the memo's properties and build time in its slots."""
    values = {k: wordxml.text(str(props.get(k, ""))) for k in CORE_SLOTS}
    values["when"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return fill(prepared.core, values).encode("utf-8")


def styles(prepared: Prepared, language: str) -> bytes:
    """styles.xml with the memo's language as the document default."""
    if prepared.styles is None:
        return prepared.static[prepared.styles_name]
    return prepared.styles.replace(LANG_SLOT, wordxml.attr(language).encode("utf-8"), 1)


def assemble(
    prepared: Prepared, changed: dict[str, bytes], media: Media, when: dt.datetime
) -> bytes:
    """The zip: members in python-docx's order, new pictures after the document's subtree,
    written deterministically."""
    at = prepared.media_at
    names = prepared.order[:at] + [n[1:] for n, _, _ in media.new_parts] + prepared.order[at:]
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
