"""The memo writer as a function: the shipped memo plan, the prepared template, pictures and a
time in; the .docx's facts out (dates, pictures from the bytes given, marking, footnotes)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from deckgen.plan import MemoImage, Para
from deckgen.templates.sets import Logo
from deckgen.text import plain
from deckgen.writers.memo import write_memo

from support.writer_inputs import (
    STAMP,
    WHEN,
    image_path,
    members,
    memo,
    memo_prepared,
    pictures,
    png,
)
from support.writer_inputs import template as shipped_template


def write(**changes: object) -> tuple[bytes, list[str]]:
    args: dict[str, object] = {
        "memo": memo(),
        "template": shipped_template(),
        "prepared": memo_prepared(),
        "media": pictures(),
        "when": WHEN,
    }
    args.update(changes)
    return write_memo(**args)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return members(write()[0])


def test_same_inputs_give_the_same_bytes_and_warnings() -> None:
    assert write() == write()


def test_the_core_properties_are_dated_when(files: dict[str, bytes]) -> None:
    core = files["docProps/core.xml"].decode()
    assert f">{STAMP}</dcterms:created>" in core and f">{STAMP}</dcterms:modified>" in core
    assert "<dc:title>The Russia–Iran Alliance</dc:title>" in core


def test_the_picture_is_the_bytes_given() -> None:
    given = png(16, 16, (1, 2, 3))
    files = members(write(media={image_path(): given})[0])
    assert [files[n] for n in files if n.startswith("word/media/")] == [given]


def test_a_picture_missing_from_media_is_not_read_from_disk() -> None:
    with pytest.raises(KeyError):
        write(media={})


def test_the_same_picture_twice_is_one_part() -> None:
    picture = png()
    twice = [MemoImage("one.png", "one", plain("One")), MemoImage("two.png", "two", plain("Two"))]
    planned = dataclasses.replace(memo(), blocks=[*memo().blocks, *twice])
    files = members(write(memo=planned, media={**pictures(), "one.png": picture,
                                               "two.png": picture})[0])  # fmt: skip
    assert sum(1 for n in files if n.startswith("word/media/") and files[n] == picture) == 1
    rels = files["word/_rels/document.xml.rels"].decode()
    assert rels.count("relationships/image") == 2  # the shipped picture and this one


def test_a_logo_from_media_opens_the_front_matter() -> None:
    with_logo = dataclasses.replace(shipped_template(), logo=Logo("not/a/file.png", "Crest"))
    logo = png(30, 10)
    data, _ = write(template=with_logo, media={**pictures(), "not/a/file.png": logo})
    files = members(data)
    document = files["word/document.xml"].decode()
    assert document.index('descr="Crest"') < document.index("MEMORANDUM")
    assert logo in files.values()


def test_the_marking_is_in_the_header_and_footer(files: dict[str, bytes]) -> None:
    assert memo().marking
    for name in ("word/header1.xml", "word/footer1.xml"):
        assert memo().marking.encode() in files[name]


def test_each_citation_is_a_footnote_with_its_reference(files: dict[str, bytes]) -> None:
    document = files["word/document.xml"].decode()
    notes = files["word/footnotes.xml"].decode()
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', document)
    assert refs and refs == sorted(refs, key=int)
    assert all(f'w:id="{r}"' in notes for r in refs)


def test_the_memo_language_is_the_documents_default(files: dict[str, bytes]) -> None:
    assert f'w:val="{memo().language}"'.encode() in files["word/styles.xml"]


def test_text_is_escaped() -> None:
    planned = dataclasses.replace(memo(), blocks=[*memo().blocks, Para(plain("a < b & c"))])
    document = members(write(memo=planned)[0])["word/document.xml"]
    assert b"a &lt; b &amp; c" in document


def test_the_prepared_template_is_left_as_it_was() -> None:
    before = memo_prepared().to_json()
    write()
    assert memo_prepared().to_json() == before
