"""The web edition's writer as a function (pictures embedded from the bytes given, one h1, no
request out of the page), and its colours: darkened just enough, and said so."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from deckgen.contrast import ratio
from deckgen.templates.sets import Logo
from deckgen.writers.html import write_page
from deckgen.writers.html.colour import WHITE, Checker, darker, parse

from support.writer_inputs import image_path, memo, pictures, png, template


def test_same_inputs_give_the_same_page() -> None:
    assert write_page(memo(), template(), pictures()) == write_page(memo(), template(), pictures())


def test_the_picture_is_embedded_from_the_bytes_given() -> None:
    given = png(8, 8, (9, 9, 9))
    page, _ = write_page(memo(), template(), {image_path(): given})
    assert f"data:image/png;base64,{base64.b64encode(given).decode()}".encode() in page


def test_a_picture_missing_from_media_is_not_read_from_disk() -> None:
    with pytest.raises(KeyError):
        write_page(memo(), template(), {})


def test_a_logo_from_media_is_embedded_with_its_alt_text() -> None:
    logo = png(12, 4)
    with_logo = dataclasses.replace(template(), logo=Logo("nowhere/logo.png", "Crest"))
    page, _ = write_page(memo(), with_logo, {**pictures(), "nowhere/logo.png": logo})
    assert base64.b64encode(logo) in page and b'alt="Crest"' in page


def test_one_h1_the_marking_and_a_policy_that_forbids_requests() -> None:
    page = write_page(memo(), template(), pictures())[0].decode()
    assert page.count("<h1") == 1
    assert f'<p class="marking">{memo().marking}</p>' in page
    assert "default-src 'none'; img-src data:" in page
    assert "http://" not in page.split("<body>")[1].replace("http://www.w3.org", "")


def test_parse_takes_six_hex_digits_or_the_fallback() -> None:
    assert parse("#a1b2c3", "#000000") == "#A1B2C3"
    assert parse("a1b2c3", "#000000") == "#A1B2C3"
    assert parse("blue", "#123456") == "#123456" and parse(None, "#123456") == "#123456"


def test_darker_mixes_with_black() -> None:
    assert darker("#FF8040", 0) == "#FF8040"
    assert darker("#FF8040", 1) == "#000000"
    assert darker("#FF8040", 0.5) == "#804020"


def test_a_colour_that_reads_is_kept_and_nothing_is_said() -> None:
    check = Checker()
    assert check.meet("#1A1A1A", WHITE, 4.5, "text") == "#1A1A1A"
    assert check.notes == []


def test_a_pale_colour_is_darkened_just_enough_and_said_once() -> None:
    check = Checker()
    fixed = check.meet("#FDA9AA", WHITE, 4.5, "palette `primary`")
    # the web edition's own rule (mix with black in 2% steps), not contrast.deepened's
    # (HLS lightness, which gives #E90508 here): the pages' colours are pinned to it
    assert fixed == "#9D6969"
    assert ratio(fixed, WHITE) >= 4.5 > ratio(darker("#FDA9AA", 0.36), WHITE)
    check.meet("#FDA9AA", WHITE, 4.5, "palette `primary`")
    assert len(check.notes) == 1 and "#FDA9AA" in check.notes[0] and fixed in check.notes[0]
