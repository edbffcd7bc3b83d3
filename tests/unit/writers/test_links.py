"""Sources' web addresses to links: the deck's sources slide (a:hlinkClick), the memo's sources
and footnotes (w:hyperlink), the web edition (a href), each an external relationship whose
link text is the address itself; the loader refuses any address that is not http(s)."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from deckgen.content.load import load_text
from deckgen.content.model import Briefing
from deckgen.errors import ContentError
from deckgen.plan import plan_deck, plan_memo
from deckgen.text import web_addresses
from deckgen.writers.deck import write_deck
from deckgen.writers.html import write_page
from deckgen.writers.memo import write_memo

from support.writer_inputs import (
    SHIPPED,
    WHEN,
    briefing,
    deck_prep,
    members,
    memo_prepared,
    parts,
    pictures,
    template,
)

URLS = ("https://www.eastwest.ngo/idea/how-strong-iran-russia-alliance",
        "https://southfront.org/the-russian-iranian-alliance/")  # fmt: skip
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@cache
def linked_briefing() -> Briefing:
    b = briefing()
    sources = tuple(dataclasses.replace(s, url=u) for s, u in zip(b.sources, URLS))
    return dataclasses.replace(b, sources=sources)


def external_links(rels: bytes) -> dict[str, str]:
    """rId -> target of each external hyperlink relationship."""
    root = etree.fromstring(rels)
    return {r.get("Id"): r.get("Target") for r in root
            if r.get("Type") == HYPERLINK and r.get("TargetMode") == "External"}  # fmt: skip


@cache
def deck_files() -> dict[str, bytes]:
    t = template()
    deck = plan_deck(linked_briefing(), t, t.recipe("full"), deck_prep().geometry())
    return members(write_deck(deck, deck_prep(), t, parts(), pictures(), WHEN))


@cache
def memo_files() -> dict[str, bytes]:
    t = template()
    memo = plan_memo(linked_briefing(), t, t.recipe("full"))
    return members(write_memo(memo, t, memo_prepared(), pictures(), WHEN)[0])


def test_web_addresses_are_cut_out_without_the_stop_after_them() -> None:
    assert web_addresses("See https://a.org/x. Then") == [
        ("See ", False), ("https://a.org/x", True), (". Then", False)]  # fmt: skip
    assert web_addresses("javascript:alert(1) file:///etc") == [
        ("javascript:alert(1) file:///etc", False)]  # fmt: skip


def test_the_sources_slide_links_each_address_to_itself() -> None:
    files = deck_files()
    found = {}
    for name in files:
        if not re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
            continue
        folder, base = name.rsplit("/", 1)
        targets = external_links(files.get(f"{folder}/_rels/{base}.rels", b"<r/>"))
        for r in etree.fromstring(files[name]).iter(f"{A}r"):
            link = r.find(f"{A}rPr/{A}hlinkClick")
            if link is not None:
                text = r.find(f"{A}t").text
                assert targets[link.get(f"{R}id")] == text  # the link text is the address
                assert r.find(f"{A}rPr").get("u") == "sng"
                found[text] = name
    assert set(found) == set(URLS)
    assert len(set(found.values())) == 1  # the sources slide, and only there


def _links(part: bytes, rels: bytes) -> list[str]:
    targets = external_links(rels)
    out = []
    for h in etree.fromstring(part).iter(f"{W}hyperlink"):
        text = "".join(t.text or "" for t in h.iter(f"{W}t"))
        assert targets[h.get(f"{R}id")] == text
        assert h.find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
        out.append(text)
    return out


def test_the_memo_links_its_sources_and_footnotes_as_external_relationships() -> None:
    files = memo_files()
    body = _links(files["word/document.xml"], files["word/_rels/document.xml.rels"])
    notes = _links(files["word/footnotes.xml"], files["word/_rels/footnotes.xml.rels"])
    assert sorted(body) == sorted(URLS)  # the Sources section
    assert sorted(notes) == sorted(URLS)  # each source's first, full note


def test_the_memo_adds_an_underlined_hyperlink_style_where_the_template_has_none() -> None:
    styles = memo_files()["word/styles.xml"].decode()
    assert b'w:styleId="Hyperlink"' not in memo_prepared().static.get("word/styles.xml", b"")
    (style,) = re.findall(r'<w:style [^>]*w:styleId="Hyperlink".*?</w:style>', styles)
    assert 'w:type="character"' in style and '<w:u w:val="single"/>' in style
    assert "<w:color" not in style  # the text's own colour, judged legible


def test_the_memo_without_addresses_has_no_links_and_no_added_style() -> None:
    t = template()
    files = members(write_memo(plan_memo(briefing(), t, t.recipe("full")), t, memo_prepared(),
                               pictures(), WHEN)[0])  # fmt: skip
    assert "word/_rels/footnotes.xml.rels" not in files
    assert b'w:styleId="Hyperlink"' not in files["word/styles.xml"]


def test_the_web_edition_links_each_address() -> None:
    t = template()
    page = write_page(plan_memo(linked_briefing(), t, t.recipe("full")), t, pictures())[0]
    for url in URLS:
        assert f'<a href="{url}">{url}</a>'.encode() in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://a.org/x"])
def test_an_address_that_is_not_http_is_a_located_error(url: str) -> None:
    text = Path(SHIPPED).read_text(encoding="utf-8")
    text = text.replace("    date: 2018-02-20\n", f"    date: 2018-02-20\n    url: {url}\n", 1)
    with pytest.raises(ContentError) as caught:
        load_text(text.encode(), str(SHIPPED), SHIPPED.parents[1])
    message = caught.value.format()
    assert re.search(r"russia-iran-2017\.yaml:\d+:\d+: .*is not allowed here", message)
    assert "http(s)://" in message
