"""An Office package's bookkeeping: part names, relationship ids, content types, reachability."""

from __future__ import annotations

from deckgen.ooxml.package import (
    Package,
    Rel,
    Rels,
    parse_rels,
    quoteattr,
    relative,
    rels_path,
    types_xml,
)

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="PNG" ContentType="image/png"/>'
    b'<Override PartName="/ppt/presentation.xml" ContentType="pres+xml"/></Types>'
)
ROOT_RELS = (
    b'<Relationships xmlns="x"><Relationship Id="rId1" Type="' + RT.encode()
    + b'officeDocument" Target="ppt/presentation.xml"/></Relationships>'
)  # fmt: skip
PRES_RELS = (
    b'<Relationships xmlns="x"><Relationship Id="rId1" Type="' + RT.encode()
    + b'slide" Target="slides/slide1.xml"/><Relationship Id="rId7" Type="' + RT.encode()
    + b'hyperlink" Target="https://example.org/?a=1&amp;b=2" TargetMode="External"/>'
    b"</Relationships>"
)  # fmt: skip


def _package() -> Package:
    return Package({
        "[Content_Types].xml": TYPES,
        "_rels/.rels": ROOT_RELS,
        "ppt/presentation.xml": b"<p/>",
        "ppt/_rels/presentation.xml.rels": PRES_RELS,
        "ppt/slides/slide1.xml": b"<s/>",
        "ppt/slides/slide2.xml": b"<orphan/>",
        "ppt/media/image1.png": b"png",
    })  # fmt: skip


def test_relationship_ids_count_down_to_the_first_free_one_as_python_pptx_does() -> None:
    rels = Rels([Rel("rId1", "t", "a"), Rel("rId3", "t", "c")])
    assert rels.add("t", "d") == "rId2"  # 3 relationships: rId3 taken, so rId2
    assert rels.add("t", "e") == "rId4"
    rels.drop("rId2")
    assert [r.rid for r in rels.items] == ["rId1", "rId3", "rId4"]
    assert rels.add("t", "f") == "rId2"  # the freed id is found again


def test_relationships_are_written_in_numerical_order_and_escaped() -> None:
    rels = Rels([Rel("rId10", "t", "a&b"), Rel("rId2", "t", "x", external=True)])
    xml = rels.xml().decode()
    assert xml.index('Id="rId2"') < xml.index('Id="rId10"')
    assert 'Target="a&amp;b"' in xml and 'TargetMode="External"' in xml


def test_relationships_read_back_with_their_references_resolved() -> None:
    rels = parse_rels(PRES_RELS)
    assert [(r.rid, r.external) for r in rels.items] == [("rId1", False), ("rId7", True)]
    assert rels.items[1].target == "https://example.org/?a=1&b=2"
    assert rels.add("t", "z") == "rId3"


def test_relative_targets_and_rels_paths() -> None:
    assert relative("ppt/slides/slide1.xml", "ppt") == "slides/slide1.xml"
    assert relative("ppt/media/image1.png", "ppt/slides") == "../media/image1.png"
    assert relative("docProps/core.xml", "") == "docProps/core.xml"
    assert rels_path("ppt/slides/slide1.xml") == "ppt/slides/_rels/slide1.xml.rels"


def test_quoteattr_quotes_and_escapes() -> None:
    assert quoteattr('a "b" & <c>') == '"a &quot;b&quot; &amp; &lt;c&gt;"'


def test_content_types_come_from_overrides_then_defaults_by_lower_case_extension() -> None:
    pkg = _package()
    assert pkg.types["ppt/presentation.xml"] == "pres+xml"
    assert pkg.types["ppt/media/image1.png"] == "image/png"
    assert pkg.types["ppt/slides/slide1.xml"] == "application/xml"
    assert "[Content_Types].xml" not in pkg.parts


def test_related_and_target_follow_relative_and_absolute_targets() -> None:
    pkg = _package()
    assert pkg.related("", RT + "officeDocument") == "ppt/presentation.xml"
    assert pkg.related("ppt/presentation.xml", RT + "slide") == "ppt/slides/slide1.xml"
    assert pkg.related("ppt/presentation.xml", RT + "hyperlink") is None  # external
    assert Package.target("ppt/slides/slide1.xml", Rel("r", "t", "/ppt/x.xml")) == "ppt/x.xml"


def test_keep_reachable_drops_what_no_relationship_leads_to() -> None:
    pkg = _package()
    pkg.keep_reachable()
    assert "ppt/slides/slide2.xml" not in pkg.parts
    assert "ppt/media/image1.png" not in pkg.parts
    assert {"ppt/presentation.xml", "ppt/slides/slide1.xml"} <= set(pkg.parts)


def test_next_partname_counts_names_once_and_fills_a_gap_below() -> None:
    pkg = _package()
    assert pkg.next_partname("ppt/slides/slide%d.xml") == "ppt/slides/slide3.xml"
    pkg.add("ppt/slides/slide3.xml", b"", "s")
    assert pkg.next_partname("ppt/slides/slide%d.xml") == "ppt/slides/slide4.xml"
    del pkg.parts["ppt/slides/slide1.xml"]
    pkg._counts.clear()  # as keep_reachable leaves it
    assert pkg.next_partname("ppt/slides/slide%d.xml") == "ppt/slides/slide1.xml"


def test_a_new_part_is_related_with_a_relative_target() -> None:
    pkg = _package()
    pkg.add("ppt/charts/chart1.xml", b"<c/>", "chart+xml")
    rid = pkg.relate("ppt/slides/slide1.xml", RT + "chart", "ppt/charts/chart1.xml")
    assert rid == "rId1"
    assert pkg.rels("ppt/slides/slide1.xml").items[0].target == "../charts/chart1.xml"
    assert pkg.rels("ppt/charts/chart1.xml").items == []


def test_files_put_content_types_first_and_each_parts_relationships_after_it() -> None:
    pkg = _package()
    pkg.add("ppt/charts/chart1.xml", b"<c/>", "chart+xml")
    pkg.relate("ppt/slides/slide1.xml", RT + "chart", "ppt/charts/chart1.xml")
    names = list(pkg.files())
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    slide = names.index("ppt/slides/slide1.xml")
    assert names[slide + 1] == "ppt/slides/_rels/slide1.xml.rels"
    assert "ppt/charts/_rels/chart1.xml.rels" not in names  # no relationships: no part
    types = pkg.files()["[Content_Types].xml"].decode()
    assert 'PartName="/ppt/charts/chart1.xml" ContentType="chart+xml"' in types
    assert 'Extension="png" ContentType="image/png"' in types  # a known default


def test_the_parts_a_package_is_made_from_are_never_changed() -> None:
    given = {"a.xml": b"<a/>", "[Content_Types].xml": TYPES}
    pkg = Package(given)
    pkg.add("b.xml", b"<b/>", "t")
    pkg.parts["a.xml"] = b"changed"
    assert given == {"a.xml": b"<a/>", "[Content_Types].xml": TYPES}


def test_types_xml_sorts_defaults_and_overrides() -> None:
    xml = types_xml({"xml": "x", "bin": "b"}, {"/z.xml": "z", "/a.xml": "a"}).decode()
    assert xml.index('"bin"') < xml.index('"xml"') < xml.index('"/a.xml"') < xml.index('"/z.xml"')
