"""Every PDF deckgen builds is tagged PDF/UA-1 by LibreOffice, with its XMP dates pinned, and
a LibreOffice that ignores the option is said, never silent (issue 16, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, SHIPPED, need_tool, run_cli

pikepdf = pytest.importorskip("pikepdf", reason="the PDF/UA checks read PDFs with pikepdf")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], str]:
    """The shipped briefing and the three-actor fixture as PDFs, and what the build said."""
    need_tool("soffice")
    out = tmp_path_factory.mktemp("ua")
    done = run_cli("build", str(SHIPPED), str(FIXTURES / "three-actors.yaml"), "-f", "pdf",
                   "-o", str(out), timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {p.name: p for p in sorted(out.glob("*.pdf"))}, done.stderr


def _title(content: Path) -> str:
    return str(yaml.safe_load(content.read_text(encoding="utf-8"))["title"])


@pytest.mark.parametrize("name", ["russia-iran-2017-deck.pdf", "russia-iran-2017-memo.pdf",
                                  "three-actors-deck.pdf", "three-actors-memo.pdf"])  # fmt: skip
def test_each_pdf_is_tagged_pdf_ua(pdfs: tuple[dict[str, Path], str], name: str) -> None:
    made, said = pdfs
    content = SHIPPED if name.startswith("russia") else FIXTURES / "three-actors.yaml"
    with pikepdf.open(made[name]) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root, "no structure tree: a screen reader gets no order"
        assert bool(root.MarkInfo.Marked)
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert xmp.get("dc:title") == _title(content)
            created = str(xmp.get("xmp:CreateDate"))
    # pinned to the build time (the briefing's date), not LibreOffice's clock
    date = yaml.safe_load(content.read_text(encoding="utf-8"))["date"]
    assert created.startswith(str(date)), created
    assert "untagged" not in said


def test_a_libreoffice_that_ignores_the_option_is_said(tmp_path: Path) -> None:
    """An older LibreOffice takes `--convert-to pdf:...:{json}` and writes an untagged PDF
    with exit 0: the stand-in below passes plain `pdf`, as such a LibreOffice would act."""
    real = need_tool("soffice")
    wrapper = tmp_path / "soffice"
    wrapper.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do case "$a" in pdf:*) set -- "$@" pdf;; *) set -- "$@" "$a";; esac;'
        " shift; done\n"
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "-f", "pdf", "-o", str(out),
                   env={"DECKGEN_SOFFICE": str(wrapper)}, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "russia-iran-2017-deck.pdf, russia-iran-2017-memo.pdf: LibreOffice wrote the PDF " \
           "untagged" in " ".join(done.stderr.split()), done.stderr  # fmt: skip
    assert "newer LibreOffice" in done.stderr
    with pikepdf.open(out / "russia-iran-2017-deck.pdf") as pdf:
        assert "/StructTreeRoot" not in pdf.Root  # the stand-in really wrote it untagged
