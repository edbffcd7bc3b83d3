"""WordprocessingML fragments escaped and shaped as lxml and python-docx write them."""

from __future__ import annotations

import pytest
from lxml import etree

from deckgen.ooxml import wordxml

W = wordxml.W_NS


def test_text_escapes_as_lxml_escapes_element_content() -> None:
    assert wordxml.text("a & b < c > d \"e\" 'f'\r") == "a &amp; b &lt; c &gt; d \"e\" 'f'&#13;"
    assert wordxml.text("plain words") == "plain words"


def test_attr_also_escapes_quotes_newlines_and_tabs() -> None:
    assert wordxml.attr('x "y"\n\tz & <') == "x &quot;y&quot;&#10;&#9;z &amp; &lt;"


@pytest.mark.parametrize("value", ["a & b", "<x>", 'q"uote', "tab\there", "line\nend", "ü ∑ 😀"])
def test_an_escaped_attribute_reads_back_as_itself(value: str) -> None:
    root = etree.fromstring(f'<w:p xmlns:w="{W}" w:val="{wordxml.attr(value)}"/>')
    assert root.get(f"{{{W}}}val") == value


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1f", "\ufffe", "\ud800"])
def test_a_character_xml_cannot_hold_is_refused(char: str) -> None:
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        wordxml.text(f"bell {char}")


def test_spaces_at_either_end_are_preserved() -> None:
    assert wordxml.t(" a") == '<w:t xml:space="preserve"> a</w:t>'
    assert wordxml.t("a ") == '<w:t xml:space="preserve">a </w:t>'
    assert wordxml.t("a b") == "<w:t>a b</w:t>"


def test_run_content_writes_tabs_and_breaks_as_elements() -> None:
    assert wordxml.run_content("a\tb\nc") == "<w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t>"
    assert wordxml.run_content("\r") == "<w:br/>"
    assert wordxml.run_content("") == ""


def test_runs_and_paragraphs_leave_out_what_is_empty() -> None:
    assert wordxml.run("") == "<w:r/>"
    assert wordxml.run("<w:t>x</w:t>", "<w:b/>") == "<w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r>"
    assert wordxml.paragraph("", "", ' xmlns:w="w"') == '<w:p xmlns:w="w"/>'
    assert wordxml.paragraph("<w:jc/>", "") == "<w:p><w:pPr><w:jc/></w:pPr></w:p>"


def test_twips_and_half_points_round_as_python_docx() -> None:
    assert wordxml.twips(914400) == "1440"
    assert wordxml.twips(635 * 5 // 2) == "2"  # 2.5 twips: half to even
    assert wordxml.half_points(11) == "22" and wordxml.half_points(9.5) == "19"


def test_declarations_bind_only_what_the_root_does_not() -> None:
    declared: dict[str | None, str] = {"w": W, "a": "something else"}
    out = wordxml.declarations(("w", "a", "pic"), declared)
    assert "xmlns:w=" not in out
    assert f'xmlns:a="{wordxml.NS["a"]}"' in out and 'xmlns:pic="' in out
