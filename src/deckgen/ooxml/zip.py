"""Core properties and a deterministic zip: what both writers need so the same inputs always
give the same bytes (the build time comes in as an argument: build/clock.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

_DATE_RE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


# The last moment a zip member's timestamp holds (its year is 7 bits from 1980; seconds
# are counted in twos). The briefing's `date` is checked against the same year on loading.
ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58)


def set_core_properties(core: Any, props: dict[str, str], when: dt.datetime) -> None:
    """Fill the core properties both python-pptx and python-docx expose under the same names."""
    core.title = props.get("title", "")
    core.subject = props.get("subject", "")
    core.author = props.get("author", "")
    core.last_modified_by = props.get("author", "")
    core.keywords = props.get("keywords", "")
    core.category = props.get("category", "")
    core.language = props.get("language", "")
    core.version = props.get("version", "")
    core.comments = ""
    core.created = when
    core.modified = when
    core.revision = 1


_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
# A package without core properties gets python-pptx's defaults, which deckgen's own
# values then replace; the element order is the one that sequence leaves.
DEFAULT_CORE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<cp:coreProperties "
    + " ".join(f'xmlns:{k}="{v}"' for k, v in _CORE_NS.items())
    + "><dc:title/><cp:lastModifiedBy/><cp:revision/><dcterms:modified/></cp:coreProperties>"
).encode()
# property -> element, in the order deckgen sets them
_CORE_FIELDS = (
    ("title", "dc:title"), ("subject", "dc:subject"), ("author", "dc:creator"),
    ("author", "cp:lastModifiedBy"), ("keywords", "cp:keywords"), ("category", "cp:category"),
    ("language", "dc:language"), ("version", "cp:version"), ("", "dc:description"),
    ("@created", "dcterms:created"), ("@modified", "dcterms:modified"),
    ("#revision", "cp:revision"),
)  # fmt: skip


def core_properties_xml(data: bytes, props: dict[str, str], when: dt.datetime) -> bytes:
    """A core-properties part with deckgen's title, author, dates and the rest filled in;
    other elements the template set are kept where they are."""
    from lxml import etree

    root = etree.fromstring(data)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for key, tag in _CORE_FIELDS:
        prefix, name = tag.split(":")
        qname = f"{{{_CORE_NS[prefix]}}}{name}"
        element = root.find(qname)
        if element is None:
            element = etree.SubElement(root, qname)
        if key.startswith("@"):
            element.text = stamp
            element.set(f"{{{_CORE_NS['xsi']}}}type", "dcterms:W3CDTF")
        elif key == "#revision":
            element.text = "1"
        else:
            element.text = str(props.get(key, "") if key else "")[:255]  # the format's limit
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_zip(files: dict[str, bytes], when: dt.datetime, keep_order: bool = False) -> bytes:
    """A zip of ``files`` with nothing that varies between runs or machines: one fixed
    timestamp, fixed permissions and host system, entries sorted (or kept in order)."""
    # a zip's years run from 1980 (SOURCE_DATE_EPOCH=0 is common): earlier ones are read as
    # 1980 in the parts' headers, while the core properties and PDFs keep the true time
    when = min(when, ZIP_LAST)  # loading refuses later dates; this is a last defence
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in files if keep_order else sorted(files):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the host, so the header bytes never vary
            info.external_attr = 0o100644 << 16
            dst.writestr(info, files[name])
    return out.getvalue()


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """Re-zip an Office file deterministically; nested workbooks are normalized too."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = src.namelist()
        # [Content_Types].xml first, as Office writes it; the rest in the order written
        names.sort(key=lambda n: n != "[Content_Types].xml")
        files = {}
        for name in names:
            blob = src.read(name)
            if name.endswith(".xlsx"):
                blob = normalize_zip(pin_dates(blob, when), when)
            files[name] = blob
    return write_zip(files, when, keep_order=True)


def pin_dates(data: bytes, when: dt.datetime, member: str = "docProps/core.xml") -> bytes:
    """Replace created/modified dates of ``member`` inside a nested package."""
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == member:
                blob = _DATE_RE.sub(lambda m: m.group(1) + iso + m.group(3), blob)
            dst.writestr(info.filename, blob)
    return out.getvalue()
