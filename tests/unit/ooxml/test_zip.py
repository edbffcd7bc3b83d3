"""Deterministic zips and core properties: the same files and time give the same bytes, every
member is dated from `when`, and the build time comes from SOURCE_DATE_EPOCH or the content."""

from __future__ import annotations

import datetime as dt
import io
import types
import zipfile

from deckgen.ooxml import zip as ooxml

WHEN = dt.datetime(2019, 6, 7, 8, 9, 10)
FILES = {"b.xml": b"<b/>", "[Content_Types].xml": b"<Types/>", "a/c.xml": b"<c/>" * 50}


def infos(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.infolist()


def test_the_same_files_and_time_give_the_same_bytes() -> None:
    backwards = dict(reversed(FILES.items()))
    assert ooxml.write_zip(dict(FILES), WHEN) == ooxml.write_zip(backwards, WHEN)


def test_every_member_is_dated_when_with_fixed_system_and_permissions() -> None:
    for info in infos(ooxml.write_zip(FILES, WHEN)):
        assert info.date_time == (2019, 6, 7, 8, 9, 10)
        assert info.create_system == 3 and info.external_attr == 0o100644 << 16
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_members_are_sorted_unless_their_order_is_kept() -> None:
    assert [i.filename for i in infos(ooxml.write_zip(FILES, WHEN))] == sorted(FILES)
    kept = ooxml.write_zip(FILES, WHEN, keep_order=True)
    assert [i.filename for i in infos(kept)] == list(FILES)


def test_a_time_before_1980_is_1980_in_the_zip_and_after_2107_is_the_last_moment() -> None:
    early = infos(ooxml.write_zip(FILES, dt.datetime(1970, 1, 1)))[0]
    assert early.date_time == (1980, 1, 1, 0, 0, 0)
    late = infos(ooxml.write_zip(FILES, dt.datetime(2200, 5, 5)))[0]
    assert late.date_time == (2107, 12, 31, 23, 59, 58)


def test_another_time_changes_only_the_headers() -> None:
    one = ooxml.write_zip(FILES, WHEN)
    other = ooxml.write_zip(FILES, WHEN.replace(year=2020))
    assert one != other and len(one) == len(other)


def _nested() -> bytes:
    core = (b'<cp:coreProperties xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created '
            b'xsi:type="dcterms:W3CDTF">2001-01-01T00:00:00Z</dcterms:created><dcterms:modified>'
            b"2002-02-02T00:00:00Z</dcterms:modified></cp:coreProperties>")  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", b"<w/>")
        z.writestr("docProps/core.xml", core)
    return out.getvalue()


def test_pin_dates_sets_created_and_modified_of_the_nested_core() -> None:
    pinned = ooxml.pin_dates(_nested(), WHEN)
    with zipfile.ZipFile(io.BytesIO(pinned)) as z:
        core = z.read("docProps/core.xml")
        assert z.read("xl/workbook.xml") == b"<w/>"
    assert core.count(b"2019-06-07T08:09:10Z") == 2 and b"2001" not in core


def test_normalize_zip_puts_content_types_first_and_pins_nested_workbooks() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", b"<d/>")
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/embeddings/book.xlsx", _nested())
    normal = ooxml.normalize_zip(out.getvalue(), WHEN)
    assert infos(normal)[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos(normal)} == {(2019, 6, 7, 8, 9, 10)}
    with zipfile.ZipFile(io.BytesIO(normal)) as z:
        book = z.read("word/embeddings/book.xlsx")
    assert {i.date_time for i in infos(book)} == {(2019, 6, 7, 8, 9, 10)}
    assert ooxml.normalize_zip(out.getvalue(), WHEN) == normal


def test_core_properties_fill_deckgens_fields_and_keep_the_templates_others() -> None:
    props = {"title": "T & <u>", "author": "Ann", "keywords": "k" * 300}
    extra = b"<dc:title/><dc:identifier>id</dc:identifier>"
    base = ooxml.DEFAULT_CORE.replace(b"<dc:title/>", extra)
    xml = ooxml.core_properties_xml(base, props, WHEN).decode()
    assert "<dc:title>T &amp; &lt;u&gt;</dc:title>" in xml
    assert "<dc:creator>Ann</dc:creator>" in xml
    assert "<cp:lastModifiedBy>Ann</cp:lastModifiedBy>" in xml
    assert "<dc:identifier>id</dc:identifier>" in xml
    assert f"<cp:keywords>{'k' * 255}</cp:keywords>" in xml
    assert 'xsi:type="dcterms:W3CDTF">2019-06-07T08:09:10Z</dcterms:created>' in xml
    assert "<cp:revision>1</cp:revision>" in xml


def test_set_core_properties_names_the_same_fields_for_both_libraries() -> None:
    core = types.SimpleNamespace()
    ooxml.set_core_properties(core, {"title": "T", "author": "A"}, WHEN)
    assert (core.title, core.author, core.last_modified_by) == ("T", "A", "A")
    assert core.created == core.modified == WHEN and core.revision == 1 and core.comments == ""
