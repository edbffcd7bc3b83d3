"""Audience variants: items for a narrower audience never reach a wider variant."""

from __future__ import annotations

from pathlib import Path

import docx
from pptx import Presentation

from deckgen.content.load import load_file
from deckgen.content.variants import narrow

from conftest import FIXTURES, SHIPPED, run_cli

INTERNAL = "Moscow and Tehran remain partners of convenience"


def everything(deck: Path, memo: Path) -> str:
    """All text of a deck (shapes, tables, notes) and a memo (body, tables, footnotes)."""
    import zipfile

    prs = Presentation(str(deck))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for r in shape.table.rows for c in r.cells]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    document = docx.Document(str(memo))
    parts += [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    with zipfile.ZipFile(memo) as z:
        parts.append(z.read("word/footnotes.xml").decode())
    return " ".join(" ".join(parts).split())


def test_public_variant_holds_no_internal_text(tmp_path: Path) -> None:
    done = run_cli("build", str(SHIPPED), "--variant", "all", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    public = everything(tmp_path / "russia-iran-2017-public-deck.pptx",
                        tmp_path / "russia-iran-2017-public-memo.docx")  # fmt: skip
    internal = everything(tmp_path / "russia-iran-2017-internal-deck.pptx",
                          tmp_path / "russia-iran-2017-internal-memo.docx")  # fmt: skip
    assert INTERNAL not in public
    assert INTERNAL in internal
    assert "not for public release" in internal and "not for public release" not in public
    assert "Approved for public release" in public and "Approved for public" not in internal


def test_narrowing_drops_sources_only_hidden_items_cite() -> None:
    b = load_file(FIXTURES / "minimal.yaml")
    from dataclasses import replace

    from deckgen.content.model import KeyJudgment, Source, Variant
    from deckgen.text import plain

    b = replace(
        b,
        key_judgments=(
            KeyJudgment(plain("Secret judgment."), sources=("s2",), audience=("internal",)),
        ),
        sources=(Source("s2", "Internal cable"),),
        variants=(Variant("public", ("public",)), Variant("internal", ("public", "internal"))),
    )
    public = narrow(b, "public")
    assert public.id == "minimal-public" and not public.key_judgments and not public.sources
    assert narrow(b, "internal").sources


def test_undeclared_audience_and_unknown_variant_are_errors(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    bad = tmp_path / "content" / "b.yaml"
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    bad.write_text(text + "    audience: [staff]\n", encoding="utf-8")
    done = run_cli("validate", cwd=tmp_path)
    assert done.returncode == 1
    assert "unknown audience id 'staff'" in done.stderr
    assert "`audiences:` of a variant" in done.stderr
    done = run_cli("build", str(SHIPPED), "--variant", "partners", "-o", str(tmp_path / "o"))
    assert done.returncode == 1 and "no variant 'partners'" in done.stderr
    assert "Traceback" not in done.stderr
