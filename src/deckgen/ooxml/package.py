"""An Office file's parts and relationships, held as bytes and edited with O(1) bookkeeping.

The deck writer adds thousands of slides, notes and charts to a template's package. python-pptx
rebuilds relationship lookups per slide and walks the whole package for every new part name,
which makes large decks quadratic; here every lookup is a dict and every counter remembers
where it stopped, so adding a part costs the same at slide 2,000 as at slide 2.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from deckgen.ooxml import wordxml

CT_XML = "application/xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

# (extension, content type) pairs written as <Default>, as Office and python-pptx write them
DEFAULT_TYPES = {
    ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
    ("bmp", "image/bmp"), ("emf", "image/x-emf"), ("fntdata", "application/x-fontdata"),
    ("gif", "image/gif"), ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"), ("jpg", "image/jpeg"),
    ("mov", "video/quicktime"), ("mp4", "video/mp4"), ("mpg", "video/mpeg"),
    ("png", "image/png"), ("rels", CT_RELS), ("tif", "image/tiff"), ("tiff", "image/tiff"),
    ("vid", "video/unknown"), ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"),
    ("wmv", "video/x-ms-wmv"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("xml", CT_XML),
}  # fmt: skip
_REL_RE = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR_RE = re.compile(rb'(\w+)\s*=\s*("[^"]*"|\'[^\']*\')')
_TYPE_RE = re.compile(rb"<(?:\w+:)?(?:Default|Override)\b[^>]*>")


def escape(text: str) -> str:
    """Text for XML element content (the memo and the deck escape alike)."""
    return wordxml.text(text)


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return f'"{wordxml.attr(text)}"'


def relative(target: str, base: str) -> str:
    """``target`` (a part name) as a path relative to the folder ``base``."""
    if not base:
        return target
    here, there = base.split("/"), target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


@dataclass
class Rel:
    """One relationship of a part."""

    rid: str
    type: str
    target: str  # as written: relative to the source part's folder, or a URL
    external: bool = False


@dataclass
class Rels:
    """A part's relationships, in order, with the next free id found without rescanning."""

    items: list[Rel] = field(default_factory=list)
    _used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._used = {r.rid for r in self.items}

    def add(self, type_: str, target: str, external: bool = False) -> str:
        # python-pptx's numbering: count down from one past the number of relationships to
        # the first free id, which is that number itself unless a gap was left
        n = len(self.items) + 1
        while f"rId{n}" in self._used:
            n -= 1
        rid = f"rId{n}"
        self._used.add(rid)
        self.items.append(Rel(rid, type_, target, external))
        return rid

    def drop(self, rid: str) -> None:
        self.items = [r for r in self.items if r.rid != rid]
        self._used.discard(rid)

    def xml(self) -> bytes:
        out = [XML_HEAD, f'<Relationships xmlns="{_RELS_NS}">']
        for r in sorted(self.items, key=_number):
            mode = ' TargetMode="External"' if r.external else ""
            out.append(f"<Relationship Id={quoteattr(r.rid)} Type={quoteattr(r.type)} "
                       f"Target={quoteattr(r.target)}{mode}/>")  # fmt: skip
        out.append("</Relationships>")
        return "".join(out).encode("utf-8")


def _number(rel: Rel) -> tuple[int, str]:
    """Relationships in numerical order (rId2 before rId10), as python-pptx writes them."""
    digits = rel.rid[3:]
    return (int(digits) if rel.rid.startswith("rId") and digits.isdigit() else 0, rel.rid)


_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _unescape(value: str) -> str:
    """An attribute value's references resolved (xml.sax.saxutils would import urllib)."""

    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _ENTITIES[ref]

    return _ENTITY_RE.sub(one, value) if "&" in value else value


def _attrs(tag: bytes) -> dict[str, str]:
    return {k.decode(): _unescape(v[1:-1].decode("utf-8")) for k, v in _ATTR_RE.findall(tag)}


def rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def parse_rels(data: bytes) -> Rels:
    items = []
    for tag in _REL_RE.findall(data):
        a = _attrs(tag)
        items.append(Rel(a["Id"], a["Type"], a["Target"], a.get("TargetMode") == "External"))
    return Rels(items)


def types_xml(defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    """[Content_Types].xml: defaults by extension, then overrides by part name, each sorted,
    as python-pptx and python-docx write it."""
    out = [XML_HEAD, f'<Types xmlns="{_TYPES_NS}">']
    out += [f"<Default Extension={quoteattr(e)} ContentType={quoteattr(t)}/>"
            for e, t in sorted(defaults.items())]  # fmt: skip
    out += [f"<Override PartName={quoteattr(p)} ContentType={quoteattr(t)}/>"
            for p, t in sorted(overrides.items())]  # fmt: skip
    out.append("</Types>")
    return "".join(out).encode("utf-8")


class Package:
    """Parts by name (no leading slash), their content types and their relationships; the
    parts it is made from are copied, never changed."""

    def __init__(self, parts: Mapping[str, bytes]) -> None:
        self.parts = dict(parts)
        self.types: dict[str, str] = {}
        self._rels: dict[str, Rels] = {}
        self._counts: dict[str, int] = {}  # name prefix -> parts whose names start with it
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for tag in _TYPE_RE.findall(self.parts.pop("[Content_Types].xml", b"")):
            a = _attrs(tag)
            if "Extension" in a:
                defaults[a["Extension"].lower()] = a.get("ContentType", "")
            elif "PartName" in a:
                overrides[a["PartName"].lstrip("/")] = a.get("ContentType", "")
        for name in self.parts:
            if not name.endswith(".rels"):
                ext = name.rsplit(".", 1)[-1].lower()
                self.types[name] = overrides.get(name) or defaults.get(ext, CT_XML)

    def rels(self, part: str) -> Rels:
        """The relationships of ``part`` ("" for the package's own)."""
        if part not in self._rels:
            data = self.parts.get(rels_path(part) if part else "_rels/.rels")
            self._rels[part] = parse_rels(data) if data else Rels()
        return self._rels[part]

    @staticmethod
    def target(source: str, rel: Rel) -> str:
        """The part name a relationship of ``source`` points to."""
        if rel.target.startswith("/"):
            return rel.target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), rel.target))

    def related(self, source: str, type_: str) -> str | None:
        for rel in self.rels(source).items:
            if rel.type == type_ and not rel.external:
                return self.target(source, rel)
        return None

    def keep_reachable(self) -> None:
        """Drop every part no relationship leads to (a template's removed sample slides)."""
        seen: set[str] = set()
        todo = [""]
        while todo:
            source = todo.pop()
            for rel in self.rels(source).items:
                if rel.external:
                    continue
                name = self.target(source, rel)
                if name not in seen and name in self.parts:
                    seen.add(name)
                    todo.append(name)
        for name in list(self.parts):
            if name.endswith(".rels"):
                continue
            if name not in seen:
                del self.parts[name]
                self.parts.pop(rels_path(name), None)
                self.types.pop(name, None)
                self._rels.pop(name, None)
        self._counts.clear()

    def next_partname(self, template: str) -> str:
        """A free name ``template % n``, chosen as python-pptx chooses it (one past the count
        of names with the same stem, or the highest gap below), from a running count."""
        prefix = template[: (template % 42).find("42")]
        if prefix not in self._counts:
            named = (n for n in self.parts if n.startswith(prefix))
            self._counts[prefix] = sum(1 for n in named if not n.endswith(".rels"))
        n = self._counts[prefix] + 1
        while template % n in self.parts:
            n -= 1
        return template % n

    def add(self, name: str, data: bytes, content_type: str) -> None:
        if name not in self.parts:
            self._rels[name] = Rels()  # a new part starts with no relationships
            for prefix in self._counts:
                if name.startswith(prefix):
                    self._counts[prefix] += 1
        self.parts[name] = data
        self.types[name] = content_type

    def relate(self, source: str, type_: str, target: str) -> str:
        """A new relationship from ``source`` to the part ``target``; its id."""
        base = source.rsplit("/", 1)[0] if "/" in source else ""
        return self.rels(source).add(type_, relative(target, base))

    def content_types(self) -> bytes:
        defaults = {"rels": CT_RELS, "xml": CT_XML}
        overrides = {}
        for name, ctype in self.types.items():
            if name not in self.parts:
                continue
            ext = name.rsplit(".", 1)[-1].lower()
            if (ext, ctype) in DEFAULT_TYPES:
                defaults[ext] = ctype
            else:
                overrides["/" + name] = ctype
        return types_xml(defaults, overrides)

    def files(self) -> dict[str, bytes]:
        """Every member of the finished package: content types first, then the parts, each
        followed by its relationships."""
        out = {"[Content_Types].xml": self.content_types()}
        out["_rels/.rels"] = self.rels("").xml()
        for name, data in self.parts.items():
            if name.endswith(".rels"):
                continue
            out[name] = data
            rels = self._rels.get(name)
            if rels is not None:
                if rels.items:
                    out[rels_path(name)] = rels.xml()
            elif rels_path(name) in self.parts:
                out[rels_path(name)] = self.parts[rels_path(name)]
        return out
