"""deckgen dist: byte-identical rebuilds, checksums `sha256sum -c` accepts, variants kept apart,
no silent overwrite, and a bundle without PDFs that says why."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pptx
import pytest

from deckgen import __version__
from deckgen.pdf.convert import pin_pdf

from conftest import ROOT, need_tool, run_cli

EPOCH = "1491004800"  # 2017-04-01T00:00:00Z
ID = "russia-iran-2017"
BUNDLE = f"{ID}-1.0"
INTERNAL = (
    "Beyond 2017, Moscow and Tehran remain partners of convenience rather than "
    "a durable strategic alliance, because their visions for the region differ."
)
# the two variants share the marking and differ in their release line
RELEASE = {"public": "Approved for public release", "internal": "not for public release"}
NO_SOFFICE = {"DECKGEN_SOFFICE": "/nonexistent/soffice", "SOURCE_DATE_EPOCH": ""}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def workspace(at: Path) -> Path:
    """A workspace holding a copy of the shipped content (its picture included)."""
    shutil.copytree(ROOT / "content", at / "content")
    return at


def has_soffice() -> bool:
    # CI installs LibreOffice: there a bundle without PDFs would be a failure, not a skip
    return bool(shutil.which("soffice")) or bool(os.environ.get("CI"))


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The shipped briefing built (plain and every variant) and bundled in two workspaces."""
    outs = []
    for name in ("one", "two"):
        ws = workspace(tmp_path_factory.mktemp(name))
        for args in (["build"], ["build", "--variant", "all"], ["dist"]):
            done = run_cli(*args, f"content/{ID}.yaml", "-o", "out", cwd=ws,
                           env={"SOURCE_DATE_EPOCH": EPOCH}, timeout=600)  # fmt: skip
            assert done.returncode == 0, done.stderr
        outs.append(ws / "out")
    return outs


@pytest.fixture(scope="module")
def unpacked(twice: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first bundle, unpacked: its ID-VERSION/ folder."""
    into = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(twice[0] / "dist" / f"{BUNDLE}.zip") as zf:
        zf.extractall(into)
    return into / BUNDLE


@pytest.mark.soffice
def test_two_builds_in_two_folders_are_byte_identical(twice: list[Path]) -> None:
    one, two = ({p.relative_to(out).as_posix(): sha(p) for p in out.rglob("*") if p.is_file()}
                for out in twice)  # fmt: skip
    expected = {
        f"{stem}-{kind}"
        for stem in (ID, f"{ID}-public", f"{ID}-internal")
        for kind in ("deck.pptx", "memo.docx")
    } | {f"dist/{BUNDLE}.zip"}
    assert expected <= set(one), sorted(one)
    assert one == two


@pytest.mark.soffice
def test_sha256sum_accepts_the_bundle_and_the_manifest_is_right(unpacked: Path) -> None:
    done = subprocess.run([need_tool("sha256sum"), "-c", "SHA256SUMS"], cwd=unpacked,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    listed = sorted(line.rsplit(": ", 1)[0] for line in done.stdout.splitlines())
    others = sorted(p.name for p in unpacked.iterdir() if p.name != "SHA256SUMS")
    assert listed == others and all(line.endswith(": OK") for line in done.stdout.splitlines())

    text = (unpacked / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    outputs = {o["file"]: o for o in manifest["outputs"]}
    assert sorted(outputs) == sorted(n for n in others if n != "manifest.json")
    for name, entry in outputs.items():
        assert entry["size"] == (unpacked / name).stat().st_size, name
        assert entry["sha256"] == sha(unpacked / name), name
    assert manifest["content"] == {"file": f"content/{ID}.yaml",
                                   "sha256": sha(ROOT / "content" / f"{ID}.yaml")}  # fmt: skip
    assert manifest["images"][0]["sha256"] == sha(ROOT / "content" / "img" / "alignment.png")
    template = ROOT / "templates" / "default"
    assert manifest["template"]["name"] == "default"
    for entry in manifest["template"]["files"]:
        assert entry["sha256"] == sha(template / entry["file"]), entry
    assert (manifest["recipe"], manifest["deckgen"], manifest["version"]) == (
        "full", __version__, "1.0")  # fmt: skip
    assert (manifest["build_time"], manifest["build_time_from"]) == (
        "2017-04-01T00:00:00Z", "SOURCE_DATE_EPOCH")  # fmt: skip
    assert [v["name"] for v in manifest["variants"]] == list(RELEASE)
    assert all(RELEASE[v["name"]] in v["distribution"] for v in manifest["variants"])
    kinds = ["deck.pdf", "deck.pptx", "memo.docx", "memo.pdf"] if has_soffice() else [
        "deck.pptx", "memo.docx"]  # fmt: skip
    assert manifest["pdf"]["included"] == has_soffice()
    for variant in manifest["variants"]:
        stem = f"{ID}-{variant['name']}"
        assert variant["files"] == [f"{stem}-{k}" for k in kinds] + [f"{stem}.html"]


@pytest.mark.soffice
def test_zip_entries_are_sorted_with_fixed_times_and_permissions(twice: list[Path]) -> None:
    with zipfile.ZipFile(twice[0] / "dist" / f"{BUNDLE}.zip") as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and all(n.startswith(f"{BUNDLE}/") for n in names)
    assert {i.date_time for i in infos} == {(2017, 4, 1, 0, 0, 0)}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}


def slide_texts(path: Path) -> list[str]:
    """Each slide's text: every shape (grouped ones too), table cell and the speaker notes."""

    def shapes(items: object) -> list[str]:
        out = []
        for shape in items:  # type: ignore[attr-defined]
            if shape.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.GROUP:
                out += shapes(shape.shapes)
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if getattr(shape, "has_table", False):
                out += [c.text for row in shape.table.rows for c in row.cells]
        return out

    texts = []
    for slide in pptx.Presentation(str(path)).slides:
        parts = shapes(slide.shapes)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
        texts.append(" ".join(" ".join(parts).split()))
    return texts


def memo_text(path: Path) -> str:
    """All of a memo's text: body, tables (nested too), headers and footers."""
    document = docx.Document(str(path))

    def block(container: object) -> list[str]:
        out = [p.text for p in container.paragraphs]  # type: ignore[attr-defined]
        for table in container.tables:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    out += block(cell)
        return out

    parts = block(document)
    for section in document.sections:
        parts += block(section.header) + block(section.footer)
    return " ".join(" ".join(parts).split())


def raw_text(path: Path) -> str:
    """Every XML part of the package, as a net under the readers above."""
    with zipfile.ZipFile(path) as zf:
        return " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                        if n.endswith(".xml") or n.endswith(".rels"))  # fmt: skip


@pytest.mark.soffice
@pytest.mark.parametrize("variant", ["public", "internal"])
def test_each_variant_shows_only_what_its_audience_may_see(unpacked: Path, variant: str) -> None:
    deck = unpacked / f"{ID}-{variant}-deck.pptx"
    memo = unpacked / f"{ID}-{variant}-memo.docx"
    slides = slide_texts(deck)
    texts = {"deck": " ".join(slides), "memo": memo_text(memo)}
    for what, text in texts.items():
        if variant == "internal":
            assert INTERNAL in text, f"{what} lacks the internal judgment"
        else:
            for fragment in ("partners of convenience", "durable strategic alliance"):
                assert fragment not in text, f"{what} shows internal text {fragment!r}"
                assert fragment not in raw_text(deck) + raw_text(memo)
    release, other = RELEASE[variant], RELEASE["internal" if variant == "public" else "public"]
    assert slides and all("UNCLASSIFIED" in s for s in slides), variant
    assert release in slides[0] and other not in texts["deck"] + texts["memo"]
    assert release in texts["memo"]
    assert pptx.Presentation(str(deck)).core_properties.category == "UNCLASSIFIED"


def test_overwrite_is_refused_unless_forced_and_unchanged_is_said(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    bundle = ws / "out" / "dist" / f"{BUNDLE}.zip"
    done = run_cli("dist", "-o", "out", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 0 and f"wrote out/dist/{BUNDLE}.zip" in done.stdout, done.stderr
    assert sorted(p.name for p in (ws / "out").iterdir()) == ["dist"]  # build/ outputs untouched

    done = run_cli("dist", "-o", "out", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 0 and f"unchanged out/dist/{BUNDLE}.zip" in done.stdout

    content = ws / "content" / f"{ID}.yaml"
    content.write_text(content.read_text(encoding="utf-8").replace(
        "title: The Russia–Iran Alliance", "title: The Russia–Iran Partnership"),
        encoding="utf-8")  # fmt: skip
    before = (bundle.read_bytes(), bundle.stat().st_mtime_ns)
    done = run_cli("dist", "-o", "out", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 1, done.stdout
    assert "already exists with different contents" in done.stderr
    assert "--force" in done.stderr and "version:" in done.stderr and "Traceback" not in done.stderr
    assert f"{ID}-public-deck.pptx" in done.stderr  # says what changed
    assert (bundle.read_bytes(), bundle.stat().st_mtime_ns) == before

    done = run_cli("dist", "-o", "out", "--force", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 0 and f"replaced out/dist/{BUNDLE}.zip" in done.stdout
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read(f"{BUNDLE}/manifest.json"))
    assert manifest["title"] == "The Russia–Iran Partnership"
    # no SOURCE_DATE_EPOCH: the content's date, never the clock
    assert (manifest["build_time"], manifest["build_time_from"]) == (
        "2017-04-01T00:00:00Z", "content date")  # fmt: skip


@pytest.mark.parametrize(
    ("env", "why"),
    [
        (NO_SOFFICE, "DECKGEN_SOFFICE=/nonexistent/soffice"),
        ({"PATH": "/nonexistent", "DECKGEN_SOFFICE": ""}, "not found on PATH"),
    ],
    ids=["deckgen-soffice-missing", "path-without-soffice"],
)
def test_without_libreoffice_the_bundle_is_made_and_says_why(
    tmp_path: Path, env: dict[str, str], why: str
) -> None:
    ws = workspace(tmp_path)
    done = run_cli("dist", f"content/{ID}.yaml", "-o", "out", cwd=ws, env=env)
    assert done.returncode == 0, done.stderr
    assert "note: PDFs skipped" in done.stderr and why in done.stderr
    with zipfile.ZipFile(ws / "out" / "dist" / f"{BUNDLE}.zip") as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read(f"{BUNDLE}/manifest.json"))
    assert not [n for n in names if n.endswith(".pdf")]
    assert manifest["pdf"]["included"] is False
    assert manifest["pdf"]["note"].startswith("PDFs skipped") and why in manifest["pdf"]["note"]


def test_pdf_clock_and_random_id_are_pinned_without_moving_offsets() -> None:
    def fake(stamp: bytes, ident: bytes) -> bytes:
        return (b"%PDF-1.6\n1 0 obj<</CreationDate(D:" + stamp + b"+01'00')>>endobj\n"
                b"trailer\n<</Size 2/ID [ <" + ident + b">\n<" + ident + b"> ]\n"
                b"/DocChecksum /" + ident + b"\n>>\nstartxref\n9\n%%EOF\n")  # fmt: skip

    when = dt.datetime(2017, 4, 1)
    a = pin_pdf(fake(b"20261125150749", b"F614B52C6D7F9806FBD6F694A9895436"), when)
    b = pin_pdf(fake(b"20250101000000", b"3CD46E9CFAEA718C58B6C66DE70C5C65"), when)
    assert a == b and len(a) == len(fake(b"20261125150749", b"0" * 32))
    assert b"(D:20170401000000+00'00')" in a


def test_dist_has_help_with_an_example() -> None:
    done = run_cli("dist", "--help")
    assert done.returncode == 0 and "Example:" in done.stdout and "--force" in done.stdout
