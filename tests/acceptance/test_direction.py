"""Direction and language: a paragraph reads in the briefing's direction unless it is wholly
right-to-left; right-to-left stretches carry their own language and complex-script face in
deck, notes and memo; `[phrase]{lang=xx}` marks a phrase's language; and rendered, an English
sentence quoting Persian still reads left to right."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from deckgen.text import Run, paragraph_rtl, parse, stretches

from conftest import FIXTURES, need_tool, run_cli

PERSIAN = "همکاری ما ادامه خواهد داشت"


# -- the rule ------------------------------------------------------------------------------


def test_a_phrase_can_be_marked_with_its_language_and_keeps_inline_markup() -> None:
    text = parse("the [محور *مقاومت*]{lang=fa} and **bold [Kraft]{lang=de}**, not \\[x]{lang=fa}")
    assert text.runs == (
        Run("the "),
        Run("محور ", lang="fa"),
        Run("مقاومت", italic=True, lang="fa"),
        Run(" and "),
        Run("bold ", bold=True),
        Run("Kraft", bold=True, lang="de"),
        Run(", not [x]{lang=fa}"),
    )
    assert text.plain == "the محور مقاومت and bold Kraft, not [x]{lang=fa}"


@pytest.mark.parametrize(
    ("text", "language", "rtl"),
    [
        (PERSIAN, "en", True),  # wholly Persian: right to left in any briefing
        (f"{PERSIAN}: “our cooperation will continue”.", "en", False),  # starts Persian
        (f"Zarif said {PERSIAN}.", "en", False),
        ("English only.", "fa", True),  # a Persian briefing reads right to left throughout
        ("English only.", "az-Arab", True),
        ("2017 – 2018", "en", False),  # no letters: the briefing's direction
    ],
)
def test_a_paragraph_follows_the_briefing_unless_it_is_wholly_right_to_left(
    text: str, language: str, rtl: bool
) -> None:
    assert paragraph_rtl(parse(text), language) is rtl


def test_right_to_left_stretches_are_cut_out_with_a_language() -> None:
    pieces = stretches(parse(f"The slogan «{PERSIAN}» (in Hebrew שלום) ends."), "en-GB")
    assert [(p.text, p.lang, p.rtl) for p in pieces] == [
        ("The slogan «", "en-GB", False),
        (PERSIAN, "fa", True),  # Persian letters (ی, ک) tell it from Arabic
        ("» (in Hebrew ", "en-GB", False),
        ("שלום", "he", True),
        (") ends.", "en-GB", False),
    ]
    marked = stretches(parse("[السلام عليكم]{lang=ar-EG} greets"), "en")
    assert [(p.text, p.lang, p.rtl) for p in marked] == [
        ("السلام عليكم", "ar-EG", True),
        (" greets", "en", False),
    ]


# -- the outputs ---------------------------------------------------------------------------


def _parts(path: Path, pattern: str) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(pattern, n)]


def _paragraph(xml: str, tag: str, needle: str) -> str:
    """The whole ``tag`` paragraph of ``xml`` holding ``needle``."""
    found = re.search(rf"<{tag}>(?:(?!</{tag}>).)*{re.escape(needle)}(?:(?!</{tag}>).)*</{tag}>",
                      xml)  # fmt: skip
    assert found, needle
    return found.group(0)


def test_deck_runs_carry_direction_language_and_face(three: dict[str, Path]) -> None:
    slides = "".join(_parts(three["deck"], r"ppt/slides/slide\d+\.xml"))
    mixed = _paragraph(slides, "a:p", "an official says")
    assert 'rtl="1"' not in mixed.split("<a:r>")[0], "an English sentence stays left to right"
    persian = re.search(r"<a:rPr[^>]*>(?:(?!</a:rPr>).)*</a:rPr><a:t>همکاری", mixed)
    assert persian and 'lang="fa"' in persian.group(0)
    assert '<a:cs typeface="Arial"/><a:rtl val="1"/>' in persian.group(0)
    assert 'lang="en"' in mixed  # the English around it keeps the briefing's language
    marked = _paragraph(slides, "a:p", "محور مقاومت")
    assert re.search(r'lang="fa"[^>]*>(?:(?!</a:rPr>).)*</a:rPr><a:t>محور مقاومت<', marked)
    quote = _paragraph(slides, "a:p", PERSIAN + "<")
    assert '<a:pPr rtl="1" algn="r"/>' in quote  # wholly Persian: right to left
    notes = "".join(_parts(three["deck"], r"ppt/notesSlides/notesSlide\d+\.xml"))
    assert re.search(r'<a:rPr lang="en">', notes), "notes runs carry the briefing's language"
    assert re.search(r'lang="fa"><a:cs typeface="Arial"/><a:rtl val="1"/></a:rPr><a:t>محور', notes)


def test_memo_runs_carry_direction_language_and_face(three: dict[str, Path]) -> None:
    body = _parts(three["memo"], r"word/document\.xml")[0]
    mixed = _paragraph(body, "w:p", "an official says")
    assert "<w:bidi/>" not in mixed
    persian = re.search(r"<w:r><w:rPr>(?:(?!</w:rPr>).)*</w:rPr><w:t[^>]*>همکاری", mixed)
    assert persian and '<w:rFonts w:cs="Arial"/>' in persian.group(0)
    assert '<w:rtl/><w:lang w:bidi="fa"/>' in persian.group(0)
    quote = _paragraph(body, "w:p", PERSIAN + "<")
    assert "<w:bidi/>" in quote


@pytest.mark.soffice
def test_an_english_sentence_quoting_persian_renders_left_to_right(
    three: dict[str, Path], tmp_path: Path
) -> None:
    """Laid out right to left, the sentence's full stop lands at its left end (".…solution")
    and its words run from the right margin; laid out right, it starts at the left margin."""
    need_tool("soffice")
    import pdfplumber

    out = tmp_path / "pdf"
    done = run_cli("build", str(FIXTURES / "three-actors.yaml"), "-o", str(out), "-f", "pdf",
                   timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for name in ("three-actors-deck.pdf", "three-actors-memo.pdf"):
        with pdfplumber.open(str(out / name)) as pdf:
            page = next(p for p in pdf.pages if "solution" in (p.extract_text() or ""))
            words = page.extract_words()
            our = next(w for w in words if w["text"] == "“our")
            says = next(w for w in words if w["text"] == "says,")
            end = next(w for w in words if w["text"].startswith("(illustrative)"))
            assert our["x0"] < says["x0"], f"{name}: English words out of order"
            assert end["text"] == "(illustrative).", f"{name}: the full stop left its sentence"
            assert not any(w["text"].startswith(".") for w in words), name
