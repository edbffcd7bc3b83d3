"""Template sets: manifests checked like content, recipes, the second built-in set,
overrides without editing Office files, and the commands that inspect and start sets."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image
from pptx import Presentation

from conftest import SHIPPED, run_cli

BUILTIN = Path(__file__).resolve().parents[2] / "templates"


def workspace(tmp_path: Path) -> Path:
    """A workspace holding the shipped briefing and its picture."""
    ws = tmp_path / "ws"
    (ws / "content" / "img").mkdir(parents=True)
    shutil.copy(SHIPPED, ws / "content")
    shutil.copy(SHIPPED.parent / "img" / "alignment.png", ws / "content" / "img")
    return ws


def build(ws: Path, *args: str, out: str = "out") -> Path:
    done = run_cli("build", *args, "-o", out, cwd=ws)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return ws / out


def test_executive_recipe_builds_six_slides_and_full_builds_everything(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    out = build(ws, "--recipe", "executive")
    prs = Presentation(str(out / "russia-iran-2017-deck.pptx"))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == ["The Russia–Iran Alliance", "Bottom line up front", "Key judgments",
                      "Where they diverge", "Outlook (2017)", "Sources"]  # fmt: skip
    outlook = next(s for s in prs.slides if s.shapes.title.text == "Outlook (2017)")
    actors = {c.text for s in outlook.shapes if s.has_table
              for r in list(s.table.rows)[1:] for c in list(r.cells)[:1] if c.text}  # fmt: skip
    assert actors == {"Russia", "Iran"}, "both actors keep a share of the condensed outlook"
    line = next(s for s in outlook.shapes if s.name == "Source line").text_frame.text
    assert "more in the memo" in line
    full = build(ws, "--recipe", "full", out="full")
    assert len(Presentation(str(full / "russia-iran-2017-deck.pptx")).slides) > 12


def test_classic_set_looks_different(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    out = build(ws, "-t", "classic")
    prs = Presentation(str(out / "russia-iran-2017-deck.pptx"))
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)  # 4:3
    with zipfile.ZipFile(out / "russia-iran-2017-deck.pptx") as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
    assert 'typeface="Cambria"' in theme
    layouts = {s.slide_layout.name for s in prs.slides}
    assert {"Cover", "Text Only Title"} <= layouts
    header = next(s for s in prs.slides[2].shapes if s.has_table).table.rows[0].cells[0]
    assert str(header.fill.fore_color.rgb) == "5A1E2B"  # the set's own palette
    memo = docx.Document(str(out / "russia-iran-2017-memo.docx"))
    assert memo.styles["Normal"].font.name == "Cambria"


def test_manifest_errors_are_located_with_did_you_mean(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder = ws / "templates" / "broken"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(
        "name: broken\npallete: {primary: '#123456'}\nlayouts:\n  tabel: Title Only\n"
        "palette:\n  primary: navy\nrecipes:\n  short:\n    deck: [title, blfu]\n"
        "    memo: [header]\n",
        encoding="utf-8",
    )
    done = run_cli("build", "-t", "broken", "-o", "out", cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    err = done.stderr
    assert "templates/broken/template.yaml:2:1: error: unknown key 'pallete'" in err
    assert "Did you mean 'palette'?" in err
    assert "template.yaml:4:3: error: unknown key 'tabel' in layouts" in err
    assert "template.yaml:6:12: error: 'navy' is not a colour" in err
    assert "template.yaml:9:19: error: 'blfu' is not one of" in err
    assert "Did you mean 'bluf'?" in err
    assert not (ws / "out").exists()


def test_overrides_logo_footer_labels_palette(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder = ws / "templates" / "ministere"
    folder.mkdir(parents=True)
    Image.new("RGB", (200, 60), "#004488").save(folder / "logo.png")
    (folder / "template.yaml").write_text(
        "name: ministere\nlogo: {path: logo.png, alt: Logo du ministère, position: top-right}\n"
        "footer: Direction de la prospective\n"
        "palette: {primary: '#004488'}\n"
        "labels:\n  bluf: L'essentiel\n  key_judgments: Jugements clés\n"
        "  likelihood: Probabilité\n  continued: '{title} (suite)'\n",
        encoding="utf-8",
    )
    out = build(ws, "-t", "ministere")
    prs = Presentation(str(out / "russia-iran-2017-deck.pptx"))
    titles = [s.shapes.title.text for s in prs.slides]
    assert "L'essentiel" in titles and "Jugements clés" in titles
    for slide in prs.slides:
        names = {s.name for s in slide.shapes}
        assert {"Logo", "Footer"} <= names
        logo = next(s for s in slide.shapes if s.name == "Logo")
        assert logo._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr") == "Logo du ministère"
        assert logo.left > prs.slide_width // 2  # top-right
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    assert table.rows[0].cells[1].text == "Probabilité"
    assert str(table.rows[0].cells[0].fill.fore_color.rgb) == "004488"
    memo = docx.Document(str(out / "russia-iran-2017-memo.docx"))
    assert "Direction de la prospective" in memo.sections[0].footer._element.xml
    with zipfile.ZipFile(out / "russia-iran-2017-memo.docx") as z:
        assert 'descr="Logo du ministère"' in z.read("word/document.xml").decode()


def test_workspace_set_overrides_a_builtin_of_the_same_name(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    shutil.copytree(BUILTIN / "default", ws / "templates" / "default")
    manifest = ws / "templates" / "default" / "template.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "closing: Questions and discussion", "closing: Over to you"), encoding="utf-8")  # fmt: skip
    out = build(ws)
    titles = [s.shapes.title.text for s in Presentation(str(out / "russia-iran-2017-deck.pptx"))
              .slides]  # fmt: skip
    assert titles[-1] == "Over to you"
    listing = run_cli("templates", "list", cwd=ws).stdout
    assert "default" in listing and str(ws / "templates" / "default") in listing


def test_inspect_reports_layouts_roles_and_styles() -> None:
    done = run_cli("template", "inspect", str(BUILTIN / "default" / "deck.pptx"))
    assert done.returncode == 0, done.stderr
    assert "layout 'Title Only' (master 1, type titleOnly)" in done.stdout
    assert "placeholder title idx 0 'Title 1' at 0.60, 0.55 in, 12.13 × 0.95 in" in done.stdout
    assert "→ role table (its name 'Title Only')" in done.stdout
    done = run_cli("template", "inspect", str(BUILTIN / "default" / "memo.docx"))
    assert "role footnote_text: style 'Footnote Text' (id FootnoteText, present)" in done.stdout
    assert "page: 8.50 × 11.00 in" in done.stdout
    done = run_cli("template", "inspect", str(SHIPPED))
    assert done.returncode == 1 and "not a .pptx" in done.stderr


def test_annotate_writes_one_labelled_slide_per_layout(tmp_path: Path) -> None:
    out = tmp_path / "layouts.pptx"
    done = run_cli("template", "inspect", str(BUILTIN / "classic" / "deck.pptx"),
                   "--annotate", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    prs = Presentation(str(out))
    assert len(prs.slides) == len(prs.slide_layouts) == 5
    labels = [next(s for s in slide.shapes if s.name == "Layout label").text_frame.text
              for slide in prs.slides]  # fmt: skip
    assert labels[0].startswith("layout 'Cover' → title")
    texts = [s.text_frame.text for s in prs.slides[2].placeholders]
    assert "body idx 1 'Text Placeholder 2'" in texts


def test_templates_init_from_a_file_records_the_mapping_and_builds(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    done = run_cli("templates", "init", "acme", "--from",
                   str(BUILTIN / "classic" / "deck.pptx"), cwd=ws)  # fmt: skip
    assert done.returncode == 0, done.stderr
    manifest = (ws / "templates" / "acme" / "template.yaml").read_text(encoding="utf-8")
    assert 'table: "Text Only Title"' in manifest
    assert (ws / "templates" / "acme" / "deck.pptx").is_file()
    out = build(ws, "-t", "acme")
    prs = Presentation(str(out / "russia-iran-2017-deck.pptx"))
    assert prs.slide_width == 9144000
    show = run_cli("templates", "show", "acme", cwd=ws)
    assert "role table      → layout 'Text Only Title' (named in template.yaml)" in show.stdout
    again = run_cli("templates", "init", "acme", "--from", str(SHIPPED), cwd=ws)
    assert again.returncode == 1


@pytest.mark.parametrize("name", ["default", "classic"])
def test_builtin_manifests_are_valid_and_complete(name: str) -> None:
    from deckgen.templates.sets import find

    template = find(name)
    assert {"full", "executive"} <= set(template.recipes)
    assert template.deck.is_file() and template.memo.is_file()


def test_the_recipe_decides_whether_the_memo_has_its_header_block(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder = ws / "templates" / "short"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(
        "recipes:\n  notes:\n    deck: [title, bluf]\n    memo: [bluf, key_judgments]\n",
        encoding="utf-8",
    )
    out = build(ws, "-t", "short", "--recipe", "notes")
    texts = [p.text for p in docx.Document(str(out / "russia-iran-2017-memo.docx")).paragraphs]
    assert "MEMORANDUM" not in texts and not any(t.startswith("TO:") for t in texts)
    assert texts[0].startswith("BLUF:")
    full = build(ws, out="full")
    texts = [p.text for p in docx.Document(str(full / "russia-iran-2017-memo.docx")).paragraphs]
    assert "MEMORANDUM" in texts


def _normal_font(memo: Path) -> str | None:
    return docx.Document(str(memo)).styles["Normal"].font.name


def test_templates_init_without_from_copies_the_default_set(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    done = run_cli("templates", "init", "ours", cwd=ws)
    assert done.returncode == 0, done.stderr
    folder = ws / "templates" / "ours"
    for name in ("template.yaml", "deck.pptx", "memo.docx"):
        assert f"wrote templates/ours/{name}" in done.stdout
    for name in ("deck.pptx", "memo.docx"):
        assert (folder / name).read_bytes() == (BUILTIN / "default" / name).read_bytes()
    manifest = (folder / "template.yaml").read_text(encoding="utf-8")
    assert 'name: "ours"' in manifest and "name: default" not in manifest
    assert "palette:" in manifest and "recipes:" in manifest  # every setting, to edit
    # the copy is the set deckgen uses, and edits to it take effect
    (folder / "template.yaml").write_text(
        manifest.replace("  closing: Questions and discussion", "  closing: Over to you"),
        encoding="utf-8",
    )
    out = build(ws, "-t", "ours")
    prs = Presentation(str(out / "russia-iran-2017-deck.pptx"))
    assert "Over to you" in [s.shapes.title.text for s in prs.slides if s.shapes.title]
    show = run_cli("templates", "show", "ours", cwd=ws)
    assert show.returncode == 0 and show.stdout.startswith("ours:"), show.stdout
    again = run_cli("templates", "init", "ours", cwd=ws)
    assert again.returncode == 1 and "already exists" in again.stderr, again.stderr
    assert "Traceback" not in again.stderr


def test_templates_init_from_adds_the_memo_a_deck_set_lacks(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder = ws / "templates" / "acme"
    deck, memo = BUILTIN / "classic" / "deck.pptx", BUILTIN / "classic" / "memo.docx"
    assert run_cli("templates", "init", "acme", "--from", str(deck), cwd=ws).returncode == 0
    assert _normal_font(build(ws, "-t", "acme") / "russia-iran-2017-memo.docx") == "Calibri"

    done = run_cli("templates", "init", "acme", "--from", str(memo), cwd=ws)
    assert done.returncode == 0, done.stderr
    assert "wrote templates/acme/memo.docx" in done.stdout
    assert "wrote templates/acme/template.yaml" in done.stdout
    manifest = (folder / "template.yaml").read_text(encoding="utf-8")
    assert manifest.count("memo: memo.docx") == 1 and 'table: "Text Only Title"' in manifest
    out = build(ws, "-t", "acme", out="grown")
    assert _normal_font(out / "russia-iran-2017-memo.docx") == "Cambria"  # the set's memo now

    for source, kind, named in ((memo, "memo", "memo.docx"), (deck, "deck", "deck.pptx")):
        again = run_cli("templates", "init", "acme", "--from", str(source), cwd=ws)
        assert again.returncode == 1, again.stderr
        assert f"templates/acme already has a {kind} of its own ({named})" in again.stderr
        assert f"To replace it, copy the new file over templates/acme/{named}" in again.stderr
        assert "Traceback" not in again.stderr
    assert (folder / "template.yaml").read_text(encoding="utf-8") == manifest


def test_templates_init_from_adds_a_deck_to_a_memo_set(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    deck, memo = BUILTIN / "classic" / "deck.pptx", BUILTIN / "classic" / "memo.docx"
    assert run_cli("templates", "init", "notes", "--from", str(memo), cwd=ws).returncode == 0
    done = run_cli("templates", "init", "notes", "--from", str(deck), cwd=ws)
    assert done.returncode == 0, done.stderr
    manifest = (ws / "templates" / "notes" / "template.yaml").read_text(encoding="utf-8")
    assert "deck: deck.pptx" in manifest and 'table: "Text Only Title"' in manifest
    prs = Presentation(str(build(ws, "-t", "notes") / "russia-iran-2017-deck.pptx"))
    assert prs.slide_width == 9144000  # the classic deck's 4:3

    (ws / "templates" / "bare").mkdir()  # a folder that is no set is not taken for one
    done = run_cli("templates", "init", "bare", "--from", str(deck), cwd=ws)
    assert done.returncode == 1 and "is not a template set" in done.stderr, done.stderr
    assert list((ws / "templates" / "bare").iterdir()) == []
