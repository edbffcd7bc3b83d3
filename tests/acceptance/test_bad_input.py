"""Malformed content files: every fault exits 1 with a located message and writes nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, MINIMAL, ROOT, SHIPPED, run_cli

PICTURE = ROOT / "content" / "img" / "alignment.png"
TIMEOUT = 20  # seconds; subprocess.run raises if deckgen hangs
SLOW = 5.0  # seconds; a malformed file is refused well within this


def minimal(replace: dict[int, str | None] | None = None, append: str = "") -> str:
    """The minimal valid briefing, with whole lines replaced (None deletes) and text appended.

    Line numbers in ``replace`` count from 1 in MINIMAL (9 lines); a replacement may span
    several lines. Appended text starts on line 10 unless lines were added or deleted.
    """
    lines = MINIMAL.splitlines()
    for number, text in sorted((replace or {}).items(), reverse=True):
        if text is None:
            del lines[number - 1]
        else:
            lines[number - 1 : number] = text.splitlines()
    return "\n".join(lines) + "\n" + append


def with_sources(append: str = "") -> str:
    """The minimal briefing with one source `s1` (lines 10-12), then ``append`` from line 13."""
    return minimal(append="sources:\n  - id: s1\n    title: A source\n" + append)


def kj(body: str) -> str:
    """The minimal briefing with one key judgment (lines 10-11); ``body`` starts on line 12."""
    return minimal(append="key_judgments:\n  - text: Stability holds.\n" + body)


def section(body: str) -> str:
    """The minimal briefing with one section (lines 10-11); ``body`` starts on line 12."""
    return minimal(append="sections:\n  - title: More detail\n" + body)


def chart(body: str) -> str:
    """A section holding a chart (`chart:` on line 12); ``body`` starts on line 13."""
    return section("    chart:\n" + body)


def image(body: str) -> str:
    """A section holding an image (`image:` on line 12); ``body`` starts on line 13."""
    return section("    image:\n" + body)


def bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each level is a list repeating the previous anchor ``width`` times.

    Fully expanded that is 9**9 strings; line N holds anchor a(N-1). Values counted line by
    line (1, 10, 91, 820, 7381, 66430, ...) pass deckgen's 200,000 limit on line 6.
    """
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        items = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    """One malformed content file and the located error deckgen must report for it."""

    name: str  # also the file stem, hence the briefing id the outputs would be named after
    text: str | bytes
    line: int
    column: int
    fragment: str  # must appear, case-insensitively, in the diagnostic at line:column


class LocationMismatch(AssertionError):
    """No diagnostic stands at the expected file:line:column."""


class MessageMismatch(AssertionError):
    """The diagnostic at the expected place does not say what the case expects."""


# fmt: off
CASES: list[Case] = [
    # --- the file as a whole -----------------------------------------------------------
    Case("empty-file", "", 1, 1, "empty"),
    Case("whitespace-only", "   \n\n  \n", 1, 1, "empty"),
    Case("comment-only", "# a briefing, some day\n\n# nothing yet\n", 1, 1, "no content"),
    Case("non-utf8", b"title: \xff\xfe\n", 1, 8, "not valid UTF-8"),
    Case("binary-garbage", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1, "not valid UTF-8"),
    Case("nul-line-start", b"deckgen: 1\n\x00\x00\x00\n", 2, 1, "NUL"),
    Case("nul-mid-line", b"deckgen: 1\ntitle: Mini\x00mal\n", 2, 12, "NUL"),
    Case("top-level-list", "- deckgen: 1\n- title: Minimal\n", 1, 1, "top level must be a mapping"),
    Case("top-level-scalar", "just a sentence\n", 1, 1, "top level must be a mapping"),
    Case("oversize-6mb", minimal(append="# padding line\n" * 400_000), 1, 1, "limited to"),
    # --- YAML syntax -------------------------------------------------------------------
    Case("unclosed-double-quote", minimal({2: 'title: "Minimal Briefing'}), 2, 8, "quoted"),
    Case("unclosed-flow-list", minimal(append="    actors: [alpha, beta\n"), 10, 13,
         "flow sequence"),
    Case("bad-indentation", minimal({7: "   name: Beta"}), 7, 4, "YAML syntax error"),
    Case("tab-indentation", minimal({5: "\tname: Alpha"}), 5, 1, "tab"),
    Case("key-value-value", minimal({2: "title: value: other"}), 2, 13, "mapping values"),
    Case("duplicate-key", minimal(append="title: Again\n"), 10, 1, "duplicate key 'title'"),
    Case("second-document", minimal(append="---\ntitle: Again\n"), 10, 1, "single document"),
    Case("undefined-alias", minimal(append="bluf: *nowhere\n"), 10, 7, "undefined alias"),
    Case("merge-key", minimal(append="memo: &m {to: Staff}\nbluf:\n  <<: *m\n"), 12, 3,
         "merge keys"),
    # --- top-level keys ----------------------------------------------------------------
    Case("format-version-2", minimal({1: "deckgen: 2"}), 1, 10, "version 2 is not supported"),
    Case("missing-title", minimal({2: None}), 1, 1, "required key 'title'"),
    Case("missing-actors", minimal({3: None, 4: None, 5: None, 6: None, 7: None}), 1, 1,
         "required key 'actors'"),
    Case("one-actor", minimal({6: None, 7: None}), 4, 3, "at least 2"),
    Case("no-analysis", minimal({8: None, 9: None}), 1, 1, "no analysis"),
    Case("unknown-top-key", minimal({2: "titel: Minimal Briefing"}), 2, 1,
         "Did you mean 'title'"),
    # --- unknown keys inside records ---------------------------------------------------
    Case("unknown-key-actor", minimal({5: "    nmae: Alpha"}), 5, 5, "Did you mean 'name'"),
    Case("unknown-key-judgment", kj("    likelihod: likely\n"), 12, 5,
         "Did you mean 'likelihood'"),
    Case("unknown-key-divergence",
         minimal(append="divergences:\n  - issue: Oil price\n"
                        "    positions: {alpha: up, beta: down}\n    signficance: high\n"),
         13, 5, "Did you mean 'significance'"),
    Case("unknown-key-section", section("    bullet: [one point]\n"), 12, 5,
         "Did you mean 'bullets'"),
    Case("unknown-key-source", with_sources("    publsher: Some Press\n"), 13, 5,
         "Did you mean 'publisher'"),
    # --- wrong types -------------------------------------------------------------------
    Case("title-is-list", minimal({2: "title: [Minimal, Briefing]"}), 2, 8, "expected text"),
    Case("title-is-null", minimal({2: "title:"}), 2, 7, "found nothing"),
    Case("actors-is-mapping",
         minimal({3: "actors: {alpha: Alpha, beta: Beta}", 4: None, 5: None, 6: None, 7: None}),
         3, 9, "expected a list"),
    Case("judgment-is-string", minimal(append="key_judgments:\n  - Stability holds.\n"), 11, 5,
         "expected a mapping"),
    Case("chart-value-text",
         chart("      type: bar\n      categories: [a, b]\n      series: {Count: [1, two]}\n"),
         15, 27, "expected a number"),
    Case("date-is-true", minimal({2: "title: Minimal Briefing\ndate: true"}), 3, 7,
         "expected a date"),
    # the composer keeps no place for an alias, so the key holding it stands in (11:5)
    Case("alias-reused", minimal(append="  - title: &t [a, b]\n  - title: *t\n"), 11, 5,
         "expected text"),
    # --- ids and references ------------------------------------------------------------
    Case("invalid-id", minimal({1: "deckgen: 1\nid: Bad ID!"}), 2, 5, "not a valid id"),
    # `- id: no` is the id "no" as typed, not YAML 1.1's false (tests/acceptance/test_typed.py)
    Case("id-is-list", minimal({4: "  - id: [no]"}), 4, 9, "not a valid id"),
    Case("duplicate-actor-id", minimal({6: "  - id: alpha"}), 6, 9, "duplicate actor id"),
    Case("duplicate-source-id", with_sources("  - id: s1\n    title: Another source\n"), 13, 9,
         "duplicate source id"),
    Case("dangling-source", kj("    sources: [s9]\n"), 12, 15, "unknown source id 's9'"),
    Case("dangling-actor-shared-goal", minimal(append="    actors: [alpha, gamma]\n"), 10, 21,
         "unknown actor id 'gamma'"),
    Case("dangling-actor-position",
         minimal(append="divergences:\n  - issue: Oil price\n    positions:\n"
                        "      alpha: Wants it up.\n      gamma: Wants it down.\n"),
         14, 7, "unknown actor id 'gamma'"),
    Case("dangling-actor-forecast",
         minimal(append="forecasts:\n  - actor: gamma\n    statement: Gamma rises.\n"),
         11, 12, "unknown actor id 'gamma'"),
    # --- estimative language -----------------------------------------------------------
    Case("term-misspelt", kj("    likelihood: likley\n"), 12, 17, "Did you mean 'likely'"),
    Case("probability-0", kj("    probability: 0\n"), 12, 18, "outside the estimative scale"),
    Case("probability-1", kj("    probability: 1.0\n"), 12, 18, "outside the estimative scale"),
    Case("probability-1.5", kj("    probability: 1.5\n"), 12, 18, "outside the estimative scale"),
    Case("probability-conflict", kj("    likelihood: unlikely\n    probability: 0.9\n"), 13, 18,
         "does not fit 'unlikely'"),
    Case("confidence-certain", kj("    confidence: certain\n"), 12, 17, "not one of"),
    # --- dates -------------------------------------------------------------------------
    Case("date-feb-30", minimal({2: "title: Minimal Briefing\ndate: 2017-02-30"}), 3, 7,
         "not a real date"),
    Case("date-month-13", minimal({2: "title: Minimal Briefing\ndate: 2017-13"}), 3, 7,
         "not a real date"),
    Case("date-words", minimal({2: "title: Minimal Briefing\ndate: April 2017"}), 3, 7,
         "not a date"),
    # --- tables and charts -------------------------------------------------------------
    Case("ragged-row",
         section("    table:\n      columns: [Aim, Alpha]\n      rows:\n"
                 "        - [Stability, Strong]\n        - [Trade]\n"),
         16, 11, "row 2 has 1 cells"),
    Case("series-length",
         chart("      type: bar\n      categories: [a, b, c]\n      series: {Count: [1, 2]}\n"),
         15, 23, "2 values but there are 3 categories"),
    Case("chart-type-donut",
         chart("      type: donut\n      categories: [a]\n      series: {Count: [1]}\n"),
         13, 13, "not one of"),
    Case("pie-two-series",
         chart("      type: pie\n      categories: [a]\n      series: {One: [1], Two: [2]}\n"),
         15, 15, "one series"),
    # --- images and sections -----------------------------------------------------------
    Case("image-missing", image("      path: img/missing.png\n      alt: A map.\n"), 13, 13,
         "not found"),
    Case("image-outside", image("      path: ../outside.png\n      alt: A map.\n"), 13, 13,
         "outside the workspace"),
    Case("image-absolute", image("      path: /etc/passwd\n      alt: A map.\n"), 13, 13,
         "absolute path"),
    Case("image-not-picture", image("      path: img/fake.png\n      alt: A map.\n"), 13, 13,
         "not a PNG"),
    Case("image-without-alt", image("      path: img/real.png\n"), 12, 5, "required key 'alt'"),
    Case("section-empty", section(""), 11, 5, "nothing to show"),
    # --- hostile YAML ------------------------------------------------------------------
    Case("python-tag",
         minimal({2: 'title: !!python/object/apply:os.system ["echo hi > hi"]'}), 2, 8,
         "not allowed"),
    Case("recursive-alias", "a: &a [*a]\n", 1, 4, "refers to itself"),
    Case("alias-bomb", bomb(), 6, 5, "too many values"),
    Case("flow-nesting-5000", "[" * 5000 + "]" * 5000 + "\n", 1, 1001, "nesting depth"),
    Case("flow-nesting-999", "[" * 999 + "]" * 999 + "\n", 1, 102, "nested too deeply"),
    Case("block-nesting-5000", "- " * 5000 + "x\n", 1, 1999, "nesting depth"),
]
# fmt: on


def write_content(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def make_workspace(root: Path) -> Path:
    """A workspace with content/, a real and a fake picture, and a real picture outside it."""
    ws = root / "ws"
    (ws / "content" / "img").mkdir(parents=True)
    shutil.copy(PICTURE, ws / "content" / "img" / "real.png")
    (ws / "content" / "img" / "fake.png").write_text("not a picture\n", encoding="utf-8")
    shutil.copy(PICTURE, root / "outside.png")  # exists, yet outside the workspace
    return ws


def run(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """`python -m deckgen ARGS` in ``cwd``, as a user would run it; and how long it took."""
    start = time.monotonic()
    proc = run_cli(*args, cwd=cwd, env={"PYTHONDONTWRITEBYTECODE": "1"}, timeout=TIMEOUT)
    return proc, time.monotonic() - start


def diagnostics(stderr: str) -> list[str]:
    """Stderr split into diagnostics: a `place: error: ...` line and its indented hint lines."""
    blocks: list[str] = []
    for line in stderr.splitlines():
        if line.startswith((" ", "\t")) and blocks:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


def assert_located(stderr: str, name: str, line: int, column: int, fragment: str) -> None:
    """A diagnostic stands at name:line:column and says ``fragment`` (case-insensitive)."""
    place = f"{name}:{line}:{column}:"
    here = [b for b in diagnostics(stderr) if b.startswith(place)]
    if not here:
        raise LocationMismatch(f"no diagnostic at {place}\nstderr:\n{stderr}")
    if not any(fragment.lower() in b.lower() for b in here):
        raise MessageMismatch(f"{fragment!r} not said at {place}\nstderr:\n{stderr}")


def assert_no_outputs(out: Path, ident: str) -> None:
    assert not (out / f"{ident}-deck.pptx").exists()
    assert not (out / f"{ident}-memo.docx").exists()
    leftovers = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    assert leftovers == [], f"the failed build left files behind: {leftovers}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_bad_input_is_refused_with_a_location(case: Case, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    name = f"content/{case.name}.yaml"
    write_content(ws / name, case.text)

    proc, took = run(["build", name, "-o", "out"], ws)

    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, f"exit {proc.returncode}\nstderr:\n{proc.stderr}"
    assert took < SLOW, f"took {took:.1f}s"
    assert_no_outputs(ws / "out", case.name)
    assert not (ws / "hi").exists(), "a YAML tag ran a shell command"
    assert "hi" not in proc.stdout.split()
    assert_located(proc.stderr, name, case.line, case.column, case.fragment)


def test_cases_are_many_and_distinct() -> None:
    cases = CASES
    assert len(cases) >= 40
    assert len({c.name for c in cases}) == len(cases)
    assert len({c.text for c in cases}) == len(cases)
    for c in cases:
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", c.name), c.name


def test_minimal_base_is_valid(tmp_path: Path) -> None:
    """The base every case edits is itself clean, so each case's fault is the one it adds."""
    ws = make_workspace(tmp_path)
    for i, text in enumerate(
        [MINIMAL, minimal(), with_sources(), kj(""), section("    bullets: [a]\n")]
    ):
        write_content(ws / "content" / f"base-{i}.yaml", text)
    proc, _ = run(["validate"], ws)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("ok ") == 5


def test_failed_build_keeps_previous_good_output(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    name = "content/keep.yaml"
    out = ws / "out"
    write_content(ws / name, MINIMAL)
    proc, _ = run(["build", name, "-o", "out"], ws)
    assert proc.returncode == 0, proc.stderr
    outputs = [out / "keep-deck.pptx", out / "keep-memo.docx"]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in outputs}

    write_content(ws / name, minimal({2: 'title: "Minimal Briefing'}))
    proc, _ = run(["build", name, "-o", "out"], ws)

    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert_located(proc.stderr, name, 2, 8, "quoted")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in outputs)
    for p in outputs:
        assert (p.read_bytes(), p.stat().st_mtime_ns) == before[p], f"{p.name} changed"


def test_validate_refuses_a_bad_file(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    name = "content/bad.yaml"
    write_content(ws / name, minimal({2: "titel: Minimal Briefing"}))
    proc, _ = run(["validate", name], ws)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert_located(proc.stderr, name, 2, 1, "Did you mean 'title'")
    assert "ok " not in proc.stdout


@pytest.mark.parametrize(
    "example",
    [SHIPPED, FIXTURES / "minimal.yaml", FIXTURES / "three-actors.yaml"],
    ids=lambda p: p.stem,
)
def test_validate_accepts_the_good_examples(example: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "content" / "img").mkdir(parents=True)
    shutil.copy(example, ws / "content" / example.name)
    shutil.copy(PICTURE, ws / "content" / "img" / PICTURE.name)
    proc, _ = run(["validate", f"content/{example.name}"], ws)
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr
    assert f"ok content/{example.name}" in proc.stdout


def test_all_errors_of_a_file_are_reported_in_one_run(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    name = "content/three-faults.yaml"
    # line 2: impossible month; line 7: invalid actor id; line 11: unknown top-level key
    text = minimal({1: "deckgen: 1\ndate: 2017-13", 6: "  - id: Beta!"}, append="colour: red\n")
    write_content(ws / name, text)
    proc, _ = run(["build", name, "-o", "out"], ws)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert_located(proc.stderr, name, 2, 7, "not a real date")
    assert_located(proc.stderr, name, 7, 9, "not a valid id")
    assert_located(proc.stderr, name, 11, 1, "unknown key 'colour'")
    located = [b for b in diagnostics(proc.stderr) if b.startswith(f"{name}:")]
    assert len(located) == 3, proc.stderr
    assert_no_outputs(ws / "out", "three-faults")


def test_one_validate_run_reports_every_file_at_its_own_place(tmp_path: Path) -> None:
    """All cases in one `validate` process: each file is reported, at its own location."""
    ws = make_workspace(tmp_path)
    for c in CASES:
        write_content(ws / "content" / f"{c.name}.yaml", c.text)
    proc, _ = run(["validate"], ws)  # default: every content/*.yaml
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "ok " not in proc.stdout
    for c in CASES:
        name = f"content/{c.name}.yaml"
        assert any(b.startswith(f"{name}:") for b in diagnostics(proc.stderr)), name
        assert_located(proc.stderr, name, c.line, c.column, c.fragment)


def test_numeric_ids_can_be_cited(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    name = "content/numeric.yaml"
    write_content(ws / name, kj("    sources: [2018]\nsources:\n  - id: 2018\n    title: S\n"))
    proc, _ = run(["validate", name], ws)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr


def test_duplicate_briefing_id_across_files_is_located(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    text = minimal({1: "deckgen: 1\nid: same"})
    write_content(ws / "content" / "one.yaml", text)
    write_content(ws / "content" / "two.yaml", text)
    proc, _ = run(["validate", "content/one.yaml", "content/two.yaml"], ws)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert_located(proc.stderr, "content/two.yaml", 2, 5, "also used by content/one.yaml")
