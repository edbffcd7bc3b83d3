"""The bad-input corpus in tests/fixtures/bad: each file refused by the CLI, located, fast."""

# Every file states what deckgen must say about it: a header of `# fault:` and `# expect:`
# comment lines or, for files that cannot hold a comment (empty, binary, other encodings), an
# entry in EXPECTED.yaml. Cases too large or too odd to commit (50 MB, thousands of levels
# deep, a FIFO, a dangling link) are generated at test time. docs/hardening.md says how to
# add one.

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from deckgen.checking import fields as kinds
from deckgen.content import schema
from deckgen.content.load import load_file
from deckgen.errors import ContentError

from conftest import MINIMAL, ROOT, run_cli

BAD = ROOT / "tests" / "fixtures" / "bad"
EXPECTED = BAD / "EXPECTED.yaml"
PICTURE = ROOT / "content" / "img" / "alignment.png"
TIME_LIMIT = 2.0  # processor seconds per refused file, the bound issue 7 sets
TIMEOUT = 30  # seconds; past this the subprocess is killed and the case fails as a hang
GOOD_ID = "good"  # the briefing built first; some cases claim its id
GOOD_OUTPUTS = (f"{GOOD_ID}-deck.pptx", f"{GOOD_ID}-memo.docx")
MB = 1 << 20

# The fault kinds issue 7 lists; a case's `fault:` is one of these, optionally qualified
# (`wrong-type/Date`, `unknown-key/chart`) where the schema has several of a kind.
FAULTS = {
    "empty", "yaml-syntax", "duplicate-key", "top-level-type", "wrong-type",
    "missing-required", "unknown-key", "dangling-id", "duplicate-id", "estimative", "date",
    "table", "chart", "image", "unsafe-id", "encoding", "yaml-tag", "alias", "nesting", "size",
    "unreadable", "markup", "audience", "character",
}  # fmt: skip
HEADER = re.compile(r"# (fault|expect|note): (.*)")
EXPECT = re.compile(r"(?:(\d+):(\d+)|-): (.+)")


@dataclass(frozen=True)
class Expect:
    """One thing deckgen must say: at line:column (0:0 when the fault has no place)."""

    line: int
    column: int
    fragment: str

    @property
    def place(self) -> tuple[int, int]:
        return (self.line, self.column)


@dataclass(frozen=True)
class Case:
    """A corpus file and everything deckgen must report about it."""

    name: str  # the file's stem
    fault: str
    expects: tuple[Expect, ...]
    make: Callable[[Path], None] | None = None  # writes a generated case into content/

    @property
    def file(self) -> str:
        return f"content/{self.name}.yaml"


def parse_expect(text: str, where: str) -> Expect:
    m = EXPECT.fullmatch(text.strip())
    assert m, f"{where}: bad expectation {text!r}; write LINE:COLUMN: TEXT or -: TEXT"
    return Expect(int(m[1] or 0), int(m[2] or 0), m[3])


def read_header(path: Path) -> Case | None:
    """The case a file's leading `# key: value` comments describe; None without a header."""
    fault, expects = None, []
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = HEADER.fullmatch(raw)
        if not m:
            break
        if m[1] == "fault":
            assert fault is None, f"{path.name}: one `# fault:` line per file"
            fault = m[2].strip()
        elif m[1] == "expect":
            expects.append(parse_expect(m[2], path.name))
    if fault is None:
        return None
    return Case(path.stem, fault, tuple(expects))


def committed_cases() -> list[Case]:
    table = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    cases = []
    for path in sorted(BAD.glob("*.yaml")):
        if path == EXPECTED:
            continue
        if path.name in table:
            entry = table[path.name]
            expects = tuple(parse_expect(e, path.name) for e in entry["expect"])
            cases.append(Case(path.stem, entry["fault"], expects))
            continue
        case = read_header(path)
        assert case is not None, f"{path.name}: no header and no entry in EXPECTED.yaml"
        cases.append(case)
    return cases


# --- pictures that pass the first bytes but do not decode (the image-* cases name them) ---


def _chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IHDR = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)  # 2×2, 8-bit RGB
_IDAT = _chunk(b"IDAT", zlib.compress(b"\x00" + b"\x00" * 6 + b"\x00" + b"\x00" * 6))
_IEND = _chunk(b"IEND", b"")
_JFIF = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
DAMAGED: dict[str, bytes] = {
    "cut.png": _SIGNATURE,  # the PNG cut to 8 bytes
    "zero.png": _SIGNATURE
    + _chunk(b"IHDR", struct.pack(">IIBBBBB", 0, 0, 8, 2, 0, 0, 0))
    + _IDAT
    + _IEND,
    "noidat.png": _SIGNATURE + _chunk(b"IHDR", _IHDR) + _IEND,
    "badcrc.png": _SIGNATURE + _chunk(b"IHDR", _IHDR, crc=0) + _IDAT + _IEND,
    "baddata.png": _SIGNATURE + _chunk(b"IHDR", _IHDR) + _chunk(b"IDAT", b"not zlib") + _IEND,
    "noframe.jpg": b"\xff\xd8" + _JFIF + b"\xff\xd9",  # a JPEG without a frame
    "cut.jpg": b"\xff\xd8" + _JFIF[:8],
    "empty.gif": b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0) + b"\x3b",
}


def add_pictures(img: Path) -> None:
    """The pictures the image cases point at, in the workspace's content/img/."""
    shutil.copyfile(PICTURE, img / "real.png")
    (img / "fake.png").write_text("not a picture\n", encoding="utf-8")
    (img / "notes.txt").write_text("notes\n", encoding="utf-8")
    for name, data in DAMAGED.items():
        (img / name).write_bytes(data)


# --- cases generated at test time --------------------------------------------------------


def _write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def make(content: Path) -> None:
        target = content / f"{name}.yaml"
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)

    return make


def _huge(content: Path) -> None:
    """50 MB that start like a briefing; written in blocks, never held in memory at once."""
    block = ("# " + "padding " * 127 + "\n") * 64  # 64 kB of comment lines
    with open(content / "size-50mb.yaml", "w", encoding="utf-8") as fh:
        fh.write(MINIMAL)
        for _ in range(50 * MB // len(block)):
            fh.write(block)


def _block_mapping(depth: int) -> str:
    # one space more per level keeps the file at ~depth²/2 bytes: 3000 levels is 4.5 MB
    return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "x\n"


def _dangling(content: Path) -> None:
    (content / "unreadable-dangling-link.yaml").symlink_to(content / "nowhere" / "gone.yaml")


def _unknown_ids(count: int) -> str:
    """``count`` sources and as many citations of ids defined nowhere, each close to one that
    is: a did-you-mean for each compared every id with every other (a 2.6 MB file ran past
    300 s). Citations start on line 11, one a line."""
    cites = "".join(f"      - zz{i:05d}q\n" for i in range(count))
    sources = "".join(f"  - {{id: src{i:05d}, title: T}}\n" for i in range(count))
    return MINIMAL + "    sources:\n" + cites + "sources:\n" + sources


def _fifo(content: Path) -> None:
    if hasattr(os, "mkfifo"):  # elsewhere the case has no file and its test skips
        os.mkfifo(content / "unreadable-fifo.yaml")  # reading it would block a build forever


LIBYAML = pytest.mark.skipif(
    not yaml.__with_libyaml__, reason="the places are libyaml's nesting limit (1000 levels)"
)
GENERATED: list[tuple[Case, list[pytest.MarkDecorator]]] = [
    (Case("size-50mb", "size", (Expect(1, 1, "limited to 5,000,000"),), _huge), []),
    (
        Case(
            "size-just-over",
            "size",
            (Expect(1, 1, "limited to 5,000,000"),),
            _write("size-just-over", MINIMAL + "#" * (5_000_001 - len(MINIMAL))),
        ),
        [],
    ),
    # MINIMAL holds 13 values and `bluf:` one more: item 99,987 is value 100,001, on line
    # 9 + 1 + 99,987, refused before the file is composed
    (
        Case(
            "size-too-many-values",
            "size",
            (Expect(99_997, 5, "too many values (more than 100,000)"),),
            _write("size-too-many-values", MINIMAL + "bluf:\n" + "  - x\n" * 100_001),
        ),
        [],
    ),
    # libyaml refuses a 1001st flow level and a 1000th block level, at the bracket or dash
    (
        Case(
            "nesting-flow-sequence-5000",
            "nesting",
            (Expect(1, 1001, "nesting depth"), Expect(1, 1001, "nested more than a few levels")),
            _write("nesting-flow-sequence-5000", "[" * 5000 + "]" * 5000 + "\n"),
        ),
        [LIBYAML],
    ),
    (
        Case(
            "nesting-flow-mapping-5000",
            "nesting",
            (Expect(1, 4001, "nesting depth"),),
            _write("nesting-flow-mapping-5000", "{a: " * 5000 + "}" * 5000 + "\n"),
        ),
        [LIBYAML],
    ),
    (
        Case(
            "nesting-block-sequence-5000",
            "nesting",
            (Expect(1, 1999, "nesting depth"),),
            _write("nesting-block-sequence-5000", "- " * 5000 + "x\n"),
        ),
        [LIBYAML],
    ),
    (
        Case(
            "nesting-block-mapping-3000",
            "nesting",
            (Expect(1000, 1001, "nesting depth"),),
            _write("nesting-block-mapping-3000", _block_mapping(3000)),
        ),
        [LIBYAML],
    ),
    (
        Case(
            "nesting-in-briefing-2500",
            "nesting",
            (Expect(10, 2503, "nesting depth"),),
            _write("nesting-in-briefing-2500", MINIMAL + "bluf: " + "[{a: " * 2500 + "}]" * 2500),
        ),
        [LIBYAML],
    ),
    # errors stop at 100, so at the 100th citation; the file is 150 kB
    (
        Case(
            "dangling-id-3000-unknown",
            "dangling-id",
            tuple(Expect(11 + i, 9, "unknown source id") for i in range(100)),
            _write("dangling-id-3000-unknown", _unknown_ids(3000)),
        ),
        [],
    ),
    (
        Case(
            "unreadable-dangling-link",
            "unreadable",
            (Expect(0, 0, "cannot read the file"),),
            _dangling,
        ),
        [],
    ),
    (
        Case("unreadable-fifo", "unreadable", (Expect(0, 0, "not a regular file"),), _fifo),
        [pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")],
    ),
]
COMMITTED = committed_cases()
CASES = COMMITTED + [case for case, _ in GENERATED]
PARAMS = [pytest.param(c, id=c.name) for c in COMMITTED] + [
    pytest.param(case, id=case.name, marks=marks) for case, marks in GENERATED
]


# --- the workspace and the runs ------------------------------------------------------------


@dataclass
class Workspace:
    root: Path  # holds the workspace and a picture outside it
    ws: Path
    good: dict[str, tuple[bytes, int]]  # good output name -> (bytes, mtime_ns)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Every case in content/, pictures real and fake, and a good briefing built once."""
    root = tmp_path_factory.mktemp("corpus")
    ws = root / "ws"
    content = ws / "content"
    (content / "img").mkdir(parents=True)
    for path in BAD.glob("*.yaml"):
        if path != EXPECTED:
            shutil.copyfile(path, content / path.name)
    for case, _ in GENERATED:
        if case.make:
            case.make(content)
    add_pictures(content / "img")
    shutil.copyfile(PICTURE, root / "outside.png")  # a real picture, outside the workspace
    (content / "img" / "escape.png").symlink_to(root / "outside.png")
    (content / "img" / "loop.png").symlink_to("loop.png")
    (content / f"{GOOD_ID}.yaml").write_text(
        MINIMAL.replace("deckgen: 1\n", f"deckgen: 1\nid: {GOOD_ID}\n"), encoding="utf-8"
    )
    done = run_cli("build", f"content/{GOOD_ID}.yaml", "-o", "good", cwd=ws)
    assert done.returncode == 0, done.stderr
    good = {}
    for name in GOOD_OUTPUTS:
        path = ws / "good" / name
        good[name] = (path.read_bytes(), path.stat().st_mtime_ns)
    return Workspace(root, ws, good)


@dataclass
class Run:
    returncode: int | None  # None: killed after TIMEOUT
    stdout: str
    stderr: str
    seconds: float


def _run(workspace: Workspace, case: Case) -> Run:
    """Build one case into its own out folder, seeded with the good outputs (mtimes kept)."""
    out = workspace.ws / "out" / case.name
    out.mkdir(parents=True)
    for name in GOOD_OUTPUTS:
        shutil.copy2(workspace.ws / "good" / name, out / name)
    return timed_cli(["build", case.file, "-o", f"out/{case.name}"], workspace.ws)


def timed_cli(args: list[str], cwd: Path, extra: dict[str, str] | None = None) -> Run:
    """`python -m deckgen ARGS` and the processor time it took (user + system, the child's
    own): the bound is on deckgen's work, which a loaded machine or a parallel test run
    does not stretch the way it stretches the wall clock."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(extra or {})}
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    timer = threading.Timer(TIMEOUT, proc.kill)
    timer.start()
    with ThreadPoolExecutor(max_workers=2) as pool:
        streams = [pool.submit(s.read) for s in (proc.stdout, proc.stderr) if s is not None]
        _, status, usage = os.wait4(proc.pid, 0)
        out, err = (f.result().decode("utf-8", "replace") for f in streams)
    timed_out = not timer.is_alive()
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if timed_out:
        return Run(None, out, err, TIMEOUT)
    return Run(proc.returncode, out, err, usage.ru_utime + usage.ru_stime)


@pytest.fixture(scope="module")
def runs(workspace: Workspace, request: pytest.FixtureRequest) -> dict[str, Run]:
    """The CLI run of every case this session selected, two at a time (one per core)."""
    wanted = [
        item.callspec.params["case"]
        for item in request.session.items
        if item.module is request.module
        and hasattr(item, "callspec")
        and isinstance(item.callspec.params.get("case"), Case)
    ]
    # a generated case this platform cannot make (no FIFOs) has no file: its test skips
    wanted = [c for c in dict.fromkeys(wanted) if os.path.lexists(workspace.ws / c.file)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda c: (c.name, _run(workspace, c)), wanted)
        return dict(results)


# --- reading what deckgen said -------------------------------------------------------------

DIAGNOSTIC = re.compile(
    r"(?P<path>\S.*?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<severity>error|warning|note): "
)


def diagnostics(stderr: str, path: str) -> Iterator[tuple[tuple[int, int], str, str]]:
    """(place, severity, text) of each diagnostic about ``path``; the text takes in the lines
    that follow the head (hint, source excerpt, caret) up to the next head."""
    blocks: list[tuple[tuple[int, int], str, str, str]] = []
    for line in stderr.splitlines():
        m = DIAGNOSTIC.match(line)
        if m:
            place = (int(m["line"] or 0), int(m["column"] or 0))
            blocks.append((place, m["severity"], m["path"], line))
        elif blocks:
            place, severity, owner, text = blocks[-1]
            blocks[-1] = (place, severity, owner, text + "\n" + line)
    for place, severity, owner, text in blocks:
        if owner == path:
            yield place, severity, text


def check_report(case: Case, stderr: str) -> None:
    """Each expectation said at its place, and errors at no other place."""
    found = [(place, text) for place, sev, text in diagnostics(stderr, case.file) if sev == "error"]
    for expect in case.expects:
        here = [text for place, text in found if place == expect.place]
        where = f"{case.file}:{expect.line}:{expect.column}" if expect.line else case.file
        assert here, f"no error at {where}\nstderr:\n{stderr}"
        assert any(expect.fragment.lower() in t.lower() for t in here), (
            f"{expect.fragment!r} not said at {where}\nstderr:\n{stderr}"
        )
    extra = {place for place, _ in found} - {e.place for e in case.expects}
    assert not extra, f"unexpected errors at {sorted(extra)}\nstderr:\n{stderr}"


# --- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", PARAMS)
def test_corpus_case(case: Case, runs: dict[str, Run], workspace: Workspace) -> None:
    run = runs[case.name]
    assert run.returncode is not None, f"deckgen hung on {case.file}"
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode == 1, f"exit {run.returncode}\nstderr:\n{run.stderr}"
    check_report(case, run.stderr)
    assert "wrote " not in run.stdout, run.stdout
    out = workspace.ws / "out" / case.name
    # deckgen may keep hidden bookkeeping (a lock, a build record) beside the outputs, but
    # no other file and no half-written output (.NAME-deck.pptx.XXXX.tmp)
    extra = [p.name for p in out.iterdir() if p.name not in GOOD_OUTPUTS]
    assert not [n for n in extra if not n.startswith(".")], f"outputs appeared: {extra}"
    assert not [n for n in extra if re.search(r"\.(pptx|docx|pdf)", n)], f"left: {extra}"
    for name, (data, mtime) in workspace.good.items():
        assert (out / name).read_bytes() == data, f"{name} was changed"
        assert (out / name).stat().st_mtime_ns == mtime, f"{name} was rewritten"
    assert not any(workspace.root.rglob("pwned")), "a YAML tag ran a command"
    assert run.seconds < TIME_LIMIT, f"took {run.seconds:.2f}s of processor time"


def test_corpus_in_process(workspace: Workspace) -> None:
    """The library says the same as the CLI: `load_file` raises ContentError, located."""
    for case in CASES:
        path = workspace.ws / case.file
        if not os.path.lexists(path):
            continue  # a generated case this platform cannot make
        with pytest.raises(ContentError) as caught:
            load_file(path, workspace.ws)
        errors = [d for d in caught.value.diagnostics if d.severity == "error"]
        places = {(d.location.line, d.location.column) for d in errors if d.location}
        assert places == {e.place for e in case.expects}, (case.name, caught.value.format())
        for d in errors:
            assert d.location is not None and d.location.path == str(path), case.name


def test_corpus_is_large_and_well_formed() -> None:
    names = [c.name for c in CASES]
    assert len(COMMITTED) >= 60
    assert len(set(names)) == len(names)
    table = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    for name in table:
        assert (BAD / name).is_file(), f"EXPECTED.yaml names a missing file {name}"
        if (BAD / name).read_bytes().startswith(b"# fault:"):
            pytest.fail(f"{name} has both a header and an EXPECTED.yaml entry")
    for case in CASES:
        assert case.fault.split("/")[0] in FAULTS, f"{case.name}: unknown fault {case.fault!r}"
        assert case.expects, f"{case.name}: expects nothing"
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", case.name), case.name
    assert {c.fault.split("/")[0] for c in CASES} == FAULTS


def _schema_parts() -> tuple[set[str], set[str], set[str], set[str], set[str]]:
    """From the content schema itself: kind classes, records, records with required keys,
    referenced collections, and defined collections."""
    kind_names: set[str] = set()
    records: set[str] = set()
    required: set[str] = set()
    referenced: set[str] = set()
    defined: set[str] = set()

    def walk(kind: kinds.Kind) -> None:
        kind_names.add(type(kind).__name__)
        if isinstance(kind, kinds.Record):
            if kind.name in records:
                return
            records.add(kind.name)
            if any(f.required for f in kind.fields):
                required.add(kind.name)
            for f in kind.fields:
                walk(f.kind)
        elif isinstance(kind, kinds.ListOf):
            walk(kind.item)
        elif isinstance(kind, kinds.MapOf):
            if kind.collection:
                referenced.add(kind.collection)
            walk(kind.value)
        elif isinstance(kind, kinds.Ref):
            referenced.add(kind.collection)
        elif isinstance(kind, kinds.Id) and kind.collection:
            defined.add(kind.collection)

    walk(schema.BRIEFING)
    return kind_names, records, required, referenced, defined


def test_corpus_covers_the_whole_schema() -> None:
    """A new field kind, record or id collection needs its corpus cases: derived, not listed."""
    kind_names, records, required, referenced, defined = _schema_parts()
    faults = {c.fault for c in CASES}

    def missing(prefix: str, names: set[str]) -> list[str]:
        return sorted(f"{prefix}/{n}" for n in names if f"{prefix}/{n}" not in faults)

    assert not missing("wrong-type", kind_names)
    assert not missing("unknown-key", records)
    assert not missing("missing-required", required)
    assert not missing("dangling-id", referenced)
    assert not missing("duplicate-id", referenced | defined)
