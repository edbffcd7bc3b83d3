"""deckgen.yaml, template.yaml and SOURCE_DATE_EPOCH: each mistake a located error or a
warning through the CLI, never an internal error (issue 13, items 4 and 6)."""

# Each case is a workspace of its own: a good briefing built once into out/, then the
# settings file of the case written and `build` run again. A refused case must exit 1 with
# its errors at exactly the expected places, print no traceback, write nothing and leave
# the previous outputs byte for byte, in under 2 s; an accepted one exits 0 and does what
# the setting says.

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pptx import Presentation

from acceptance.test_corpus import DAMAGED, Run, diagnostics, timed_cli
from conftest import MINIMAL, ROOT, run_cli

TIME_LIMIT = 2.0
TIMEOUT = 30
GOOD = ("good-deck.pptx", "good-memo.docx")
DEFAULT_SET = ROOT / "templates" / "default"
MINIMAL_FORECAST = MINIMAL + "forecasts:\n  - {actor: alpha, statement: It holds.}\n"


@dataclass(frozen=True)
class Case:
    """A settings file, the places its errors stand at (found by ``needle``), and what to do
    to the workspace besides."""

    name: str
    file: str  # deckgen.yaml, or templates/t/template.yaml (built with -t t)
    text: str | bytes
    expects: tuple[tuple[str, str], ...]  # (needle, fragment); needle "" for no place
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)

    def places(self) -> list[tuple[tuple[int, int], str]]:
        text = self.text if isinstance(self.text, str) else self.text.decode("utf-8", "replace")
        lines = text.split("\n")
        out = []
        for needle, fragment in self.expects:
            if not needle:
                out.append(((0, 0), fragment))
                continue
            number = next(i for i, line in enumerate(lines) if needle in line)
            out.append(((number + 1, lines[number].index(needle) + 1), fragment))
        return out


def _logo(name: str) -> Callable[[Path], None]:
    def put(ws: Path) -> None:
        (ws / "templates" / "t" / name).write_bytes(DAMAGED[name])

    return put


def _fifo(relative: str) -> Callable[[Path], None]:
    def make(ws: Path) -> None:
        target = ws / relative
        target.unlink()
        os.mkfifo(target)  # reading it would block the build forever

    return make


def _folder(relative: str) -> Callable[[Path], None]:
    def make(ws: Path) -> None:
        (ws / relative).unlink()
        (ws / relative).mkdir()

    return make


def _label(key: str, value: str) -> str:
    return f'name: t\nlabels:\n  {key}: "{value}"\n'


D, T = "deckgen.yaml", "templates/t/template.yaml"
REFUSED = [
    # --- deckgen.yaml: wrong types, the examples first ------------------------------
    Case("output-list", D, "output: [a, b]\n", (("[a", "expected text, found a list"),)),
    Case("template-list", D, "template: [a, b]\n", (("[a", "expected text, found a list"),)),
    Case("recipe-mapping", D, "recipe: {a: 1}\n", (("{a", "found a mapping"),)),
    Case("formats-pdfx", D, "formats: pdfx\n", (("pdfx", "Did you mean 'pdf'?"),)),
    Case("formats-list-typo", D, "formats: [pptx, docxx]\n", (("docxx", "Did you mean 'docx'?"),)),
    Case("formats-empty", D, "formats: []\n", (("[]", "needs at least 1 item"),)),
    Case("formats-twice", D, "formats: [pptx, pptx]\n", (("pptx]", "listed twice"),)),
    Case("unknown-key", D, "outptu: build\n", (("outptu", "Did you mean 'output'?"),)),
    Case("duplicate-key", D, "output: a\noutput: b\n", (("output: b", "duplicate key"),)),
    Case("top-level-list", D, "[template, default]\n", (("[", "must be a mapping"),)),
    Case("syntax-quote", D, 'template: "default\n', (('"default', "YAML syntax error"),)),
    Case("syntax-flow", D, "template: [default\n", (("[default", "did not find expected"),)),
    Case(
        "tag",
        D,
        "output: !!python/object/apply:os.system [touch pwned]\n",
        (("!!python", "not allowed"),),
    ),
    Case("escape-in-value", D, 'template: "\\e]0;pwned\\a"\n', (("\\e", "ESCAPE (U+001B)"),)),
    Case("raw-control", D, "output: out\x0bput\n", (("\x0b", "VERTICAL TAB"),)),
    Case("output-parent", D, "output: ../elsewhere\n", (("../", "outside the workspace"),)),
    Case("output-absolute", D, "output: /tmp/elsewhere\n", (("/tmp", "outside the workspace"),)),
    Case("output-nested-parent", D, "output: build/../../x\n", (("build/", "outside"),)),
    Case("not-utf8", D, b"template: d\xe9faut\n", (("\ufffd", "not valid UTF-8"),)),
    Case("too-large", D, "# " + "x" * 1_000_001 + "\n", (("", "larger than 1,000,000"),)),
    Case("fifo", D, "", (("", "is a FIFO (named pipe), not a settings file"),), _fifo(D)),
    Case(
        "folder",
        D,
        "",
        (("", "is a folder, not a settings file"),),
        _folder(D),
    ),
    # --- template.yaml: labels ----------------------------------------------------------------
    Case(
        "label-format-spec",
        T,
        _label("forecasts", "{actor:>1000000000}"),
        (('"{actor', "formats the value it fills in"),),
    ),
    Case(
        "label-unknown-field",
        T,
        _label("forecasts", "Outlook: {nope}"),
        (('"Outlook', "fills in `{nope}`, which it has no value for"),),
    ),
    Case("label-lone-brace", T, _label("bluf", "Bottom {"), (('"Bottom', "a lone `{` or `}`"),)),
    Case("label-lone-closing", T, _label("bluf", "Bottom }"), (('"Bottom', "lone"),)),
    Case(
        "label-attribute",
        T,
        _label("continued", "{title.__class__} (cont.)"),
        (('"{title', "no value for"),),
    ),
    Case("label-index", T, _label("continued", "{title[0]}"), (('"{title', "no value for"),)),
    Case("label-positional", T, _label("bluf", "{0}"), (('"{0}', "fills in nothing"),)),
    Case(
        "label-conversion",
        T,
        _label("source_line", "Source: {sources!r}"),
        (('"Source', "formats the value"),),
    ),
    Case("label-too-long", T, _label("bluf", "word " * 500), (('"word', "2,499 characters"),)),
    Case("label-other-labels-field", T, _label("bluf", "{title}"), (('"{title}', "nothing"),)),
    # --- template.yaml: logos that pass the magic bytes but do not decode ----------------------
    Case(
        "logo-png-cut",
        T,
        "name: t\nlogo: {path: cut.png}\n",
        (("cut.png", "cut short"),),
        _logo("cut.png"),
    ),
    Case(
        "logo-png-zero",
        T,
        "name: t\nlogo: {path: zero.png}\n",
        (("zero.png", "0×0"),),
        _logo("zero.png"),
    ),
    Case(
        "logo-jpeg-no-frame",
        T,
        "name: t\nlogo: {path: noframe.jpg}\n",
        (("noframe.jpg", "no frame header"),),
        _logo("noframe.jpg"),
    ),
    Case(
        "logo-gif-empty",
        T,
        "name: t\nlogo: {path: empty.gif}\n",
        (("empty.gif", "holds no image"),),
        _logo("empty.gif"),
    ),
    # --- template.yaml: other values -------------------------------------------------------
    Case("name-escape", T, 'name: "t\\e[2J"\n', (("\\e", "ESCAPE (U+001B)"),)),
    Case("size-word", T, "name: t\nsizes: {body: big}\n", (("big", "expected a number"),)),
    Case("size-base-60", T, "name: t\nsizes: {body: 1:30}\n", (("1:30", "base 60"),)),
    Case(
        "condense-word",
        T,
        "name: t\nrecipes:\n  full: {deck: [title], memo: [header], condense: maybe}\n",
        (("maybe", "expected true or false"),),
    ),
    Case("unknown-key-template", T, "name: t\nlables: {bluf: B}\n", (("lables", "'labels'"),)),
    # a FIFO where template.yaml goes is refused by the boundary, unread: nothing waits on it
    Case(
        "template-fifo", T, "", (("", "is a FIFO (named pipe), not a template manifest"),), _fifo(T)
    ),
]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the good briefing built into out/: the template of every case."""
    ws = tmp_path_factory.mktemp("settings") / "ws"
    (ws / "content").mkdir(parents=True)
    (ws / "content" / "good.yaml").write_text(MINIMAL_FORECAST, encoding="utf-8")
    (ws / "templates" / "t").mkdir(parents=True)
    done = run_cli("build", "-o", "out", cwd=ws)
    assert done.returncode == 0, done.stderr
    return ws


def _workspace(good: Path, case: Case) -> Path:
    ws = good.parent / "cases" / case.name
    shutil.copytree(good, ws, copy_function=shutil.copy2)  # the outputs keep their mtimes
    target = ws / case.file
    if isinstance(case.text, bytes):
        target.write_bytes(case.text)
    else:
        target.write_text(case.text, encoding="utf-8")
    if case.setup:
        case.setup(ws)
    return ws


def _run(ws: Path, case: Case) -> Run:
    args = ["build", "-o", "out"] + (["-t", "t"] if case.file == T else [])
    return timed_cli(args, ws, case.env)


@pytest.fixture(scope="module")
def runs(good: Path) -> dict[str, tuple[Path, Run]]:
    """Every refused case run through the CLI, two at a time (one per core)."""
    made = {case.name: _workspace(good, case) for case in REFUSED}
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda c: (c.name, (made[c.name], _run(made[c.name], c))), REFUSED)
        return dict(done)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in REFUSED])
def test_a_bad_setting_is_a_located_error(
    case: Case, runs: dict[str, tuple[Path, Run]], good: Path
) -> None:
    ws, run = runs[case.name]
    assert run.returncode is not None, f"deckgen hung on {case.file}"
    assert "Traceback" not in run.stderr + run.stdout and "internal error" not in run.stderr
    assert run.returncode == 1, f"exit {run.returncode}\nstderr:\n{run.stderr}"
    found = list(diagnostics(run.stderr, case.file))
    errors = [(place, text) for place, severity, text in found if severity == "error"]
    for place, fragment in case.places():
        if place == (0, 0):  # no place: the error names the file and says the fragment
            assert fragment in run.stderr, run.stderr
            continue
        here = [text for at, text in errors if at == place]
        assert here, f"no error at {case.file}:{place}\nstderr:\n{run.stderr}"
        assert any(fragment in text for text in here), f"{fragment!r} not at {place}\n{run.stderr}"
    placed = {p for p, _f in case.places() if p != (0, 0)}
    assert {at for at, _t in errors} <= placed | {(0, 0)}, run.stderr
    assert "wrote " not in run.stdout
    for name in GOOD:  # the previous outputs, byte for byte and untouched
        before, after = good / "out" / name, ws / "out" / name
        assert after.read_bytes() == before.read_bytes()
        assert after.stat().st_mtime_ns == before.stat().st_mtime_ns
    assert not any(p.name == "pwned" for p in ws.parent.rglob("*")), "a YAML tag ran"
    assert not (ws / "elsewhere").exists() and not (ws.parent / "elsewhere").exists()
    assert run.seconds < TIME_LIMIT, f"took {run.seconds:.2f}s of processor time"


def test_errors_in_deckgen_yaml_are_located_not_blamed_on_an_option(good: Path) -> None:
    """`formats: pdfx` was blamed on a `-f` option nobody gave, with no line."""
    ws = good.parent / "blame"
    shutil.copytree(good, ws)
    (ws / "deckgen.yaml").write_text("template: default\nformats: [pptx, pdfx]\n", "utf-8")
    done = run_cli("build", cwd=ws)
    assert done.returncode == 1
    assert done.stderr.startswith("deckgen.yaml:2:17: error: 'pdfx' is not one of"), done.stderr
    assert "'-f'" not in done.stderr and "Usage:" not in done.stderr


# --- settings deckgen accepts: the right outcome ------------------------------------------------


def _build(good: Path, name: str, files: dict[str, str], *args: str, **env: str) -> Path:
    ws = good.parent / "ok" / name
    shutil.copytree(good, ws)
    for relative, text in files.items():
        (ws / relative).write_text(text, encoding="utf-8")
    done = run_cli("build", "--force", *args, cwd=ws, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return ws


def test_an_output_folder_named_by_a_number_is_that_folder(good: Path) -> None:
    """`output: 5` crashed (a number where a path was wanted); as typed, it names folder 5."""
    ws = _build(good, "output-5", {D: "output: 5\n"})
    assert sorted(p.name for p in (ws / "5").iterdir() if not p.name.startswith(".")) == list(GOOD)


def test_formats_as_one_line_as_on_the_command_line(good: Path) -> None:
    ws = _build(good, "formats-line", {D: "formats: pptx\noutput: one\n"})
    assert [p.name for p in (ws / "one").iterdir() if not p.name.startswith(".")] == [GOOD[0]]


def test_a_settings_file_of_comments_only_sets_nothing(good: Path) -> None:
    ws = _build(good, "comments", {D: "# nothing here yet\n\n"})
    assert (ws / "build" / GOOD[0]).is_file()


def test_labels_write_braces_doubled_and_flags_take_yes(good: Path) -> None:
    """`{{` and `}}` print one brace; `condense: yes` is a flag, read as YAML reads it."""
    text = (
        'name: t\nlabels:\n  bluf: "{{BLUF}}"\n  forecasts: "{{{actor}}} outlook"\n'
        "recipes:\n  full: {deck: [title, forecasts], memo: [header], condense: yes}\n"
    )
    ws = _build(
        good,
        "braces",
        {T: text, "content/good.yaml": MINIMAL_FORECAST + "bluf: It holds.\n"},
        "-t",
        "t",
    )
    deck = Presentation(str(ws / "build" / GOOD[0]))
    shown = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert "{Alpha} outlook" in shown, shown


# --- SOURCE_DATE_EPOCH ---------------------------------------------------------------------------


def _stamps(path: Path) -> tuple[tuple[int, ...], str]:
    with zipfile.ZipFile(path) as zf:
        core = zf.read("docProps/core.xml").decode()
        created = re.search(r"<dcterms:created[^>]*>([^<]*)<", core)
        assert created
        return zf.infolist()[0].date_time, created.group(1)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("yesterday", "is not a whole number of seconds since 1970"),
        ("-1", "is not a whole number"),
        ("1.5e9", "is not a whole number"),
        ("١٤٩١٠٠٤٨٠٠", "is not a whole number"),  # digits, but not ASCII ones
        ("4354819200", "is after 2107"),  # 2108-01-01: a zip cannot date it
        ("9" * 30, "is after 2107"),  # Python's datetime overflowed: an internal error
    ],
)
def test_an_unusable_source_date_epoch_is_a_warning_and_the_content_date_is_used(
    good: Path, value: str, said: str
) -> None:
    ws = good.parent / "epoch" / str(abs(hash(value)))
    shutil.copytree(good, ws)
    (ws / "content" / "good.yaml").write_text(MINIMAL + "date: 2017-04-01\n", encoding="utf-8")
    done = run_cli("build", "-o", "dated", cwd=ws, env={"SOURCE_DATE_EPOCH": value})
    assert done.returncode == 0, done.stderr
    assert f"warning: SOURCE_DATE_EPOCH={value!r} {said}" in done.stderr, done.stderr
    assert "dated from its briefing's `date:`" in done.stderr
    assert _stamps(ws / "dated" / GOOD[0]) == ((2017, 4, 1, 0, 0, 0), "2017-04-01T00:00:00Z")
    assert _stamps(ws / "dated" / GOOD[1])[1] == "2017-04-01T00:00:00Z"


def test_a_usable_source_date_epoch_dates_the_outputs_silently(good: Path) -> None:
    ws = good.parent / "epoch-good"
    shutil.copytree(good, ws)
    done = run_cli("build", "-o", "dated", cwd=ws, env={"SOURCE_DATE_EPOCH": "4354819198"})
    assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
    assert _stamps(ws / "dated" / GOOD[0]) == ((2107, 12, 31, 23, 59, 58), "2107-12-31T23:59:58Z")
