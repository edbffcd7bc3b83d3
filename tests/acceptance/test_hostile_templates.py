"""Hostile and broken templates, through the real command line: each is refused with a message
naming the file, the part and what to do; nothing is written, no entity resolved, nothing
fetched, no macro carried. And no escape: outputs stay in the output folder, template sets
stay in their folder, and LibreOffice gets an argument list, never a shell line."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx.oxml.parser
import pptx.oxml
import pytest
from lxml import etree
from pptx import Presentation

from deckgen.errors import TemplateError
from deckgen.ooxml import safe_reader as package
from deckgen.ooxml import unzip
from deckgen.pdf.convert import PDF_FILTER

from conftest import SHIPPED, run_cli
from support import hostile

CASES = pytest.mark.parametrize("case", hostile.CASES, ids=[c.name for c in hostile.CASES])
ACTIONS = ("save it", "get a fresh copy", "use it as", "use the organization", "remove",
           "deckgen needs", "open it in", "embed", "detach")  # fmt: skip
OPTION = {"deck": "--deck-template", "memo": "--memo-template"}
BOMB_SECONDS = 5.0
BOMB_RSS_KB = 200_000  # a refusing run takes about 40 MB; the bombs inflate to 250 MB


class Listener:
    """A TCP port on 127.0.0.1 that records every connection: none may ever arrive."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.hits: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while self.running:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.hits.append(f"{peer}: {conn.recv(200)!r}")
            except OSError:
                self.hits.append(f"{peer}")
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> hostile.Env:
    marker = f"DECKGEN-SECRET-{uuid.uuid4().hex}"
    secret = tmp_path_factory.mktemp("secret") / "secret.txt"
    secret.write_text(marker, encoding="utf-8")
    return hostile.Env(secret, marker, listener.url)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, env: hostile.Env) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: case.make(folder, env) for case in hostile.CASES}


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` with its digest and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = (digest, path.stat().st_mtime_ns)
    return found


def assert_refused(
    done: subprocess.CompletedProcess[str], case: hostile.Case, bad: Path, env: hostile.Env
) -> None:
    err = done.stderr
    assert done.returncode == 1, f"exit {done.returncode}:\n{err}\n{done.stdout}"
    assert "Traceback" not in err and "internal error" not in err, err
    assert "template error" in err and str(bad) in err, err
    if case.part is not None:
        assert f"part {case.part}" in err, err
    assert case.says in err, err
    assert any(action in err for action in ACTIONS), f"no advice on what to do: {err}"
    assert env.marker not in err + done.stdout


@CASES
def test_build_refuses_and_keeps_the_previous_outputs(
    case: hostile.Case,
    made: dict[str, Path],
    env: hostile.Env,
    listener: Listener,
    shipped: dict[str, Path],
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for good in shipped.values():
        shutil.copy2(good, out)
    before = snapshot(out)
    bad = made[case.name]
    done = run_cli("build", str(SHIPPED), "-o", str(out), OPTION[case.kind], str(bad))
    assert_refused(done, case, bad, env)
    assert "wrote" not in done.stdout
    assert snapshot(out) == before, "the previous good outputs changed"
    assert not listener.hits, f"deckgen connected to the network: {listener.hits}"


@CASES
def test_template_inspect_refuses(
    case: hostile.Case, made: dict[str, Path], env: hostile.Env, listener: Listener
) -> None:
    bad = made[case.name]
    done = run_cli("template", "inspect", str(bad))
    assert_refused(done, case, bad, env)
    assert done.stdout == ""
    assert not listener.hits, f"deckgen connected to the network: {listener.hits}"


@CASES
def test_templates_init_refuses_and_writes_nothing(
    case: hostile.Case,
    made: dict[str, Path],
    env: hostile.Env,
    listener: Listener,
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    (ws / "content").mkdir(parents=True)
    bad = made[case.name]
    done = run_cli("templates", "init", "acme", "--from", str(bad), cwd=ws)
    assert_refused(done, case, bad, env)
    assert not (ws / "templates").exists()
    assert not listener.hits, f"deckgen connected to the network: {listener.hits}"


def _measured(*args: str) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """`python -m deckgen ARGS` run in a small wrapper that reports the child's peak RSS (kB)."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([done.returncode, done.stdout, done.stderr, peak]))\n"
    )
    start = time.monotonic()
    outer = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "deckgen", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    elapsed = time.monotonic() - start
    code, stdout, stderr, peak = json.loads(outer.stdout)
    return subprocess.CompletedProcess(args, code, stdout, stderr), elapsed, peak


@pytest.mark.parametrize(
    "case", [c for c in hostile.CASES if c.bomb], ids=[c.name for c in hostile.CASES if c.bomb]
)
def test_zip_bombs_are_refused_fast_and_in_little_memory(
    case: hostile.Case, made: dict[str, Path], env: hostile.Env, tmp_path: Path
) -> None:
    bad = made[case.name]
    done, elapsed, peak = _measured("build", str(SHIPPED), "-o", str(tmp_path), "--deck-template",
                                    str(bad))  # fmt: skip
    assert_refused(done, case, bad, env)
    assert elapsed < BOMB_SECONDS, f"took {elapsed:.1f} s"
    assert peak < BOMB_RSS_KB, f"peak memory {peak} kB"


def test_a_part_is_read_against_a_running_limit_not_its_header(tmp_path: Path) -> None:
    """Past the header checks, a part is still inflated step by step and stopped as soon as
    its output passes the ratio limit: 250 MB of zeros cost a couple of MB, not 250."""
    path = tmp_path / "bomb.pptx"
    path.write_bytes(hostile.raw_zip([hostile.zeros("ppt/media/image1.png", hostile.BOMB_BYTES)]))
    reader = unzip.ArchiveReader(path, "deck", path.stat().st_size)
    tracemalloc.start()
    try:
        with open(path, "rb") as fh, pytest.raises(TemplateError, match="over 200:1"):
            entry = zipfile.ZipFile(fh).infolist()[0]
            reader.member(fh, entry, unzip.MAX_TOTAL_BYTES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * unzip.RATIO_FLOOR + unzip.CHUNK


def test_a_part_is_stopped_when_its_output_passes_the_size_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-part and total limits are counted on the output as it comes, too (shrunk here
    so that a 3 MB part stands in for a 100 MB one)."""
    data = bytes((i * 7919) % 251 for i in range(3 * hostile.MB))
    entry = hostile.Entry("ppt/media/video1.mp4", data, len(data), zlib.crc32(data), 0)
    path = tmp_path / "big.pptx"
    path.write_bytes(hostile.raw_zip([entry]))
    reader = unzip.ArchiveReader(path, "deck", path.stat().st_size)
    monkeypatch.setattr(unzip, "MAX_PART_BYTES", hostile.MB)
    with open(path, "rb") as fh:
        info = zipfile.ZipFile(fh).infolist()[0]
        with pytest.raises(TemplateError, match="limit of 1,048,576 per part"):
            reader.member(fh, info, unzip.MAX_TOTAL_BYTES)
        monkeypatch.undo()
        with pytest.raises(TemplateError, match="the parts together expand"):
            reader.member(fh, info, 2 * hostile.MB - 1)  # room left for less than the part


def test_python_pptx_and_python_docx_parsers_resolve_no_entity(env: hostile.Env) -> None:
    """Why the pre-check is belt and braces: both libraries parse with resolve_entities=False
    (lxml keeps `&xxe;` as a reference). deckgen still refuses any DOCTYPE, because its own
    theme reading uses lxml's default parser (internal entities resolved) and because Office
    and LibreOffice read whatever a template carries into a briefing."""
    xml = (
        f'<!DOCTYPE a [<!ENTITY xxe SYSTEM "{env.secret.as_uri()}">]>'
        '<a xmlns="urn:x"><b>&xxe;</b></a>'
    ).encode()
    for parse in (pptx.oxml.parse_xml, docx.oxml.parser.parse_xml):
        assert env.marker not in etree.tostring(parse(xml)).decode()


def test_the_shipped_and_builtin_templates_pass_the_checks() -> None:
    for folder in sorted(hostile.DEFAULT_DECK.parent.parent.iterdir()):
        for name, kind in (("deck.pptx", "deck"), ("memo.docx", "memo")):
            parts = package.read_package(folder / name, kind)
            assert "[Content_Types].xml" in parts and len(parts) > 5


def test_a_template_is_rewritten_to_the_document_type(tmp_path: Path) -> None:
    """A .potx opens in python-pptx: only its main content type changes, nothing else."""
    parts = hostile.deck_parts()
    potx = hostile.write_parts(
        hostile.foreign.as_template(parts, hostile.PRESENTATION, hostile.foreign.POTX_MAIN),
        tmp_path / "t.potx",
    )
    read = package.read_package(potx, "deck")
    assert list(read) == list(parts)
    assert b"presentationml.template.main" not in read["[Content_Types].xml"]
    assert {n: b for n, b in read.items() if n != "[Content_Types].xml"} == {
        n: b for n, b in parts.items() if n != "[Content_Types].xml"
    }
    assert len(Presentation(io.BytesIO(package.package_bytes(read))).slide_layouts) == 7


def test_a_voided_link_is_tolerated_in_a_deck_as_powerpoint_does(tmp_path: Path) -> None:
    """Add-ins "remove" a link by pointing it at NULL; PowerPoint and python-pptx skip it, so
    deckgen does too. python-docx cannot open such a memo, so there it is refused."""
    deck = hostile.deck_parts()
    hostile.add_rel(deck, hostile.LAYOUT_RELS, f"{hostile.REL}/image", "../media/NULL")
    path = hostile.write_parts(deck, tmp_path / "voided.pptx")
    prs = Presentation(io.BytesIO(package.package_bytes(package.read_package(path, "deck"))))
    assert len(prs.slide_layouts) == 7
    memo = hostile.memo_parts()
    hostile.add_rel(memo, hostile.DOCUMENT_RELS, f"{hostile.REL}/image", "media/NULL")
    path = hostile.write_parts(memo, tmp_path / "voided.docx")
    with pytest.raises(TemplateError, match="points to word/media/NULL, which is not in the"):
        package.read_package(path, "memo")


def test_a_narrow_but_legal_slide_size_does_not_hang_the_build(tmp_path: Path) -> None:
    parts = hostile.deck_parts()
    hostile.sub(hostile.PRESENTATION, rb'cx="\d+"', b'cx="1828800"')(parts)  # 2 inches
    narrow = hostile.write_parts(parts, tmp_path / "narrow.pptx")
    try:
        done = run_cli("build", str(SHIPPED), "-o", str(tmp_path / "out"), "--deck-template",
                       str(narrow), "-f", "pptx", timeout=30)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("the build did not finish within 30 s")
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr


# -- a hostile template set in a workspace: every command that uses it refuses -------------


def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    (ws / "content" / "img").mkdir(parents=True)
    shutil.copy(SHIPPED, ws / "content")
    shutil.copy(SHIPPED.parent / "img" / "alignment.png", ws / "content" / "img")
    return ws


def test_every_command_refuses_a_set_with_a_hostile_deck(
    made: dict[str, Path], env: hostile.Env, listener: Listener, tmp_path: Path
) -> None:
    ws = workspace(tmp_path)
    folder = ws / "templates" / "evil"
    folder.mkdir(parents=True)
    shutil.copy(made["xxe-file-deck"], folder / "deck.pptx")
    (folder / "template.yaml").write_text("name: evil\ndeck: deck.pptx\n", encoding="utf-8")
    case = next(c for c in hostile.CASES if c.name == "xxe-file-deck")
    bad = folder / "deck.pptx"
    for args in (("build", "-t", "evil", "-o", "out"), ("lint", "-t", "evil"),
                 ("templates", "show", "evil"), ("dist", "-t", "evil", "-o", "out")):  # fmt: skip
        done = run_cli(*args, cwd=ws)
        assert_refused(done, case, bad, env)
    assert not snapshot(ws / "out")  # no output (a missing folder has none)
    listing = run_cli("templates", "list", cwd=ws)
    assert listing.returncode == 0, listing.stderr
    assert "evil         cannot be used:" in listing.stdout and "classic" in listing.stdout
    assert env.marker not in listing.stdout
    assert not listener.hits


# -- template.yaml: the set's files stay in its folder -------------------------------------


OUTSIDE_CASES = {
    "deck-dotdot": ("deck: ../../deck.pptx\n", 1, 7, "deck file '../../deck.pptx'"),
    "deck-absolute": ("deck: {outside}/deck.pptx\n", 1, 7, "deck file '{outside}/deck.pptx'"),
    "memo-dotdot": ("memo: sub/../../memo.docx\n", 1, 7, "memo file 'sub/../../memo.docx'"),
    "deck-symlink": ("deck: link.pptx\n", 1, 7, "deck file 'link.pptx'"),
    "logo-dotdot": ("logo: {{path: ../logo.png}}\n", 1, 14, "logo '../logo.png'"),
    "logo-absolute": ("logo:\n  path: {outside}/logo.png\n", 2, 9, "logo '{outside}/logo.png'"),
    "logo-symlink": ("logo: {{path: logo-link.png}}\n", 1, 14, "logo 'logo-link.png'"),
}


@pytest.mark.parametrize("name", list(OUTSIDE_CASES))
def test_template_yaml_files_must_stay_in_the_set_folder(name: str, tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(hostile.DEFAULT_DECK, outside / "deck.pptx")
    shutil.copy(hostile.DEFAULT_MEMO, outside / "memo.docx")
    shutil.copy(SHIPPED.parent / "img" / "alignment.png", outside / "logo.png")
    folder = ws / "templates" / "esc"
    folder.mkdir(parents=True)
    (folder / "link.pptx").symlink_to(outside / "deck.pptx")
    (folder / "logo-link.png").symlink_to(outside / "logo.png")
    text, line, column, what = OUTSIDE_CASES[name]
    manifest = folder / "template.yaml"
    manifest.write_text(text.format(outside=outside), encoding="utf-8")
    for args in (("build", "-t", "esc", "-o", "out"), ("templates", "show", "esc")):
        done = run_cli(*args, cwd=ws)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        expected = (f"template.yaml:{line}:{column}: error: the {what.format(outside=outside)} "
                    "is outside the template set's folder (esc/)")  # fmt: skip
        assert expected in done.stderr, done.stderr
    assert not snapshot(ws / "out")  # no output (a missing folder has none)


def test_template_yaml_tags_that_construct_objects_are_refused(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder = ws / "templates" / "tagged"
    folder.mkdir(parents=True)
    proof = tmp_path / "ran"
    (folder / "template.yaml").write_text(
        f'name: !!python/object/apply:os.system ["touch {proof}"]\n', encoding="utf-8"
    )
    done = run_cli("build", "-t", "tagged", "-o", "out", cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "template.yaml:1:7: error: YAML tag" in done.stderr and "is not allowed" in done.stderr
    assert not proof.exists()


# -- no escape: the output folder is the only place written --------------------------------


def test_a_content_id_cannot_name_a_path(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    content = ws / "content" / "russia-iran-2017.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text("id: ../../x\n" + text, encoding="utf-8")
    before = snapshot(tmp_path)
    done = run_cli("build", "-o", "build/out", cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "russia-iran-2017.yaml:1:5: error: '../../x' is not a valid id" in done.stderr, (
        done.stderr
    )
    assert snapshot(tmp_path) == before


def test_a_variant_name_cannot_name_a_path(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    content = ws / "content" / "russia-iran-2017.yaml"
    text = content.read_text(encoding="utf-8")
    assert "  - name: public\n" in text
    content.write_text(text.replace("  - name: public\n", "  - name: ../x\n"), encoding="utf-8")
    before = snapshot(tmp_path)
    done = run_cli("build", "-o", "out", "--variant", "../x", cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "'../x' is not a valid id" in done.stderr, done.stderr
    assert snapshot(tmp_path) == before
    # a variant asked for on the command line that the briefing does not declare
    content.write_text(text, encoding="utf-8")
    done = run_cli("build", "-o", "out", "--variant", "../../x", cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "x-deck.pptx").exists() and not list(tmp_path.rglob("*x-deck*"))


FAKE_SOFFICE = """#!{python}
import json, os, sys
with open(os.environ["DECKGEN_TEST_ARGV"], "w", encoding="utf-8") as fh:
    json.dump(sys.argv[1:], fh)
outdir = sys.argv[sys.argv.index("--outdir") + 1]
os.makedirs(outdir, exist_ok=True)
for source in sys.argv[sys.argv.index("--outdir") + 2:]:
    stem = os.path.splitext(os.path.basename(source))[0]
    with open(os.path.join(outdir, stem + ".pdf"), "wb") as fh:
        fh.write(b"%PDF-1.4\\n%%EOF\\n")
"""


def test_soffice_gets_an_argument_list_that_no_shell_has_split(tmp_path: Path) -> None:
    """Every path LibreOffice receives lies under a folder named with spaces, quotes and shell
    syntax; each must arrive as one argument, unchanged, and no shell may run the syntax."""
    odd = tmp_path / "tmp dir 'single' \"double\" ; $(touch PWNED) `touch PWNED2` & x"
    odd.mkdir()
    fake = tmp_path / "fake-soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    record = tmp_path / "argv.json"
    ws = workspace(tmp_path)
    out = ws / "out dir; $(touch PWNED3)"
    done = run_cli(
        "build", "-o", str(out), "-f", "pptx,docx,pdf",
        env={"DECKGEN_SOFFICE": str(fake), "DECKGEN_TEST_ARGV": str(record), "TMPDIR": str(odd)},
        cwd=ws,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    argv = json.loads(record.read_text(encoding="utf-8"))
    assert argv[0].startswith("-env:UserInstallation=file://")
    # the PDF/UA filter option, braces and quotes in it, arrives as one argument too
    assert argv[1:6] == ["--headless", "--norestore", "--convert-to", PDF_FILTER, "--outdir"]
    assert PDF_FILTER.startswith('pdf:impress_pdf_Export:{"PDFUACompliance"')
    outdir, *files = argv[6:]
    assert outdir.startswith(str(odd) + os.sep)
    assert sorted(Path(f).name for f in files) == [
        "russia-iran-2017-deck.pptx", "russia-iran-2017-memo.docx"]  # fmt: skip
    assert all(f.startswith(str(odd) + os.sep) for f in files)
    for pdf in ("russia-iran-2017-deck.pdf", "russia-iran-2017-memo.pdf"):
        assert (out / pdf).is_file()
    assert not [p for p in tmp_path.rglob("PWNED*")]
    assert not list(Path.cwd().glob("PWNED*"))


def test_a_local_attached_template_is_removed_with_a_warning(tmp_path: Path) -> None:
    """Word records the template a file came from as a path on its author's machine; deckgen
    keeps no such link, so no reader of the memo goes looking for that file."""
    parts = hostile.memo_parts()
    parts[hostile.SETTINGS] = parts[hostile.SETTINGS].replace(
        b"</w:settings>", b'<w:attachedTemplate r:id="rIdX9"/></w:settings>'
    )
    if b"xmlns:r=" not in parts[hostile.SETTINGS].split(b">", 2)[1]:
        parts[hostile.SETTINGS] = parts[hostile.SETTINGS].replace(
            b"<w:settings ", f'<w:settings xmlns:r="{hostile.REL}" '.encode(), 1
        )
    hostile.add_rel(parts, hostile.SETTINGS_RELS, f"{hostile.REL}/attachedTemplate",
                    "file:///C:/Users/author/Normal.dotm", True)  # fmt: skip
    template = hostile.write_parts(parts, tmp_path / "attached.docx")
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "-o", str(out), "--memo-template", str(template))
    assert done.returncode == 0, done.stderr
    assert "attached to 'file:///C:/Users/author/Normal.dotm'" in done.stderr
    with zipfile.ZipFile(out / "russia-iran-2017-memo.docx") as z:
        settings = [z.read(n) for n in z.namelist() if "settings.xml" in n]
    assert settings and not any(b"attachedTemplate" in x or b"C:/Users" in x for x in settings)
