"""Diagnostics as a user reads them: the located first line, the source line with a caret,
the hint, colour only where wanted, and bounded output for pathological files."""

from __future__ import annotations

import re
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.console import Style
from deckgen.errors import WIDTH, Diagnostic, Location

from conftest import run_cli

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
BAD = (
    "deckgen: 1\n"
    "title: x\n"
    "actors:\n"
    "  - {id: a, name: A}\n"
    "  - {id: b, name: B}\n"
    "shared_goals:\n"
    "  - titel: goal\n"
    "    sources: [nope]\n"
)


def _workspace(tmp_path: Path, text: str = BAD) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bad.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _caret(block: str) -> tuple[str, int, int]:
    """The shown source line, and the caret's column and width in it, from a formatted
    diagnostic (the gutter `N | ` stripped)."""
    lines = block.splitlines()
    source, marks = lines[1], lines[2]
    bar = source.index("| ") + 2
    assert marks.index("| ") + 2 == bar, block  # the two gutters line up
    underline = marks[bar:]
    start = len(underline) - len(underline.lstrip(" "))
    return source[bar:], start, len(underline.strip())


def test_a_diagnostic_shows_the_line_with_a_caret_then_the_hint(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    done = run_cli("validate", "--color", "never", cwd=ws)
    assert done.returncode == 1
    blocks = re.split(r"\n(?=\S)", done.stderr.strip())
    unknown = next(b for b in blocks if "unknown key 'titel'" in b)
    first, *rest = unknown.splitlines()
    assert first == "content/bad.yaml:7:5: error: unknown key 'titel' in shared goal"
    shown, start, width = _caret(unknown)
    assert shown == "  - titel: goal"
    assert shown[start : start + width] == "titel"  # ^~~~~ under the whole key
    assert rest[-1].strip().startswith("Did you mean 'title'")
    assert all(line.startswith(" ") for line in rest)  # a reader sees where a block ends
    dangling = next(b for b in blocks if "unknown source id 'nope'" in b)
    shown, start, width = _caret(dangling)
    assert shown[start : start + width] == "nope"


def test_source_lines_are_read_when_formatted_not_before(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: 2\n", encoding="utf-8")
    diagnostic = Diagnostic(Location(str(path), 2, 4), "wrong")
    path.write_text("a: 1\nb: changed\n", encoding="utf-8")
    assert "b: changed" in diagnostic.format()
    path.unlink()
    assert diagnostic.format() == f"{path}:2:4: error: wrong"  # gone: the location still shows


def test_no_source_line_for_unlocated_binary_or_vanished_places(tmp_path: Path) -> None:
    binary = tmp_path / "deck.pptx"
    binary.write_bytes(b"PK\x03\x04\x00\x00garbage\n")
    for location in (
        Location(str(binary), 1, 3),
        Location(str(tmp_path / "template.yaml")),
        Location(str(tmp_path / "missing.yaml"), 3, 1),
    ):
        assert Diagnostic(location, "m", "h").format() == f"{location}: error: m\n    h"


@settings(max_examples=200, deadline=None)
@given(
    line=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=400),
    data=st.data(),
)
def test_the_caret_stands_under_the_column(line: str, data: st.DataObject) -> None:
    """Whatever the line and column, the character above the caret is the one at the column,
    and the shown line fits a terminal."""
    import tempfile

    column = data.draw(st.integers(min_value=1, max_value=len(line) + 1))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yaml"
        path.write_text(f"first: line\n{line}\nlast: line\n", encoding="utf-8")
        text = Diagnostic(Location(str(path), 2, column), "m").format()
    shown, start, _width = _caret(text)
    assert len(shown) <= WIDTH + 2  # plus an ellipsis at each cut end
    if column <= len(line):
        assert shown[start] == line[column - 1]
    else:
        assert start == len(shown.rstrip("…"))  # just past the end of the line
    if len(line) <= WIDTH:
        assert shown == line


def test_wide_characters_and_tabs_keep_the_caret_aligned(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("title: 日本語\tkey: value\n", encoding="utf-8")
    text = Diagnostic(Location(str(path), 1, 12), "m").format()
    shown, start, width = _caret(text)
    assert "\t" not in shown
    cells = sum(2 if c in "日本語" else 1 for c in shown[: shown.index("key")])
    assert (start, width) == (cells, 3)


def test_control_characters_in_a_file_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("title: \x1b[2J\x1b]0;owned\x07x\n", encoding="utf-8")
    text = Diagnostic(Location(str(path), 1, 8), "m").format()
    assert "\x1b" not in text and "\x07" not in text


def test_a_huge_single_line_prints_one_short_line_fast(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    size = 50_000_000
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("title: " + "x" * (size // 2) + "MARK" + "y" * (size // 2) + "\n")
    column = len("title: ") + size // 2 + 1
    started = time.monotonic()
    text = Diagnostic(Location(str(path), 1, column), "m", "h").format()
    took = time.monotonic() - started
    shown, start, width = _caret(text)
    assert shown.startswith("…") and shown.endswith("…")
    assert shown[start : start + width].startswith("MARK")
    assert len(text) < 400 and took < 5, took


def test_a_huge_content_file_is_refused_with_a_short_message(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "title: " + "x" * 6_000_000)
    done = run_cli("validate", cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("content/bad.yaml:1:1: error: the file is")
    assert len(done.stderr) < 1000


def _plain(text: str) -> str:
    return ESCAPE.sub("", text)


def test_colour_follows_color_no_color_and_force_color(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    plain = run_cli("validate", cwd=ws, env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert not ESCAPE.search(plain.stderr)  # piped: plain
    forced = run_cli("validate", cwd=ws, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert ESCAPE.search(forced.stderr)
    assert _plain(forced.stderr) == plain.stderr  # colour adds codes, never changes text
    both = run_cli("validate", cwd=ws, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ESCAPE.search(both.stderr)  # NO_COLOR wins over FORCE_COLOR
    always = run_cli("--color", "always", "validate", cwd=ws, env={"NO_COLOR": "1"})
    assert _plain(always.stderr) == plain.stderr and ESCAPE.search(always.stderr)
    never = run_cli("validate", "--color", "never", cwd=ws, env={"FORCE_COLOR": "1"})
    assert never.stderr == plain.stderr
    # the group's choice holds when the command does not set its own
    group = run_cli("--color", "never", "validate", cwd=ws, env={"FORCE_COLOR": "1"})
    assert group.stderr == plain.stderr


def test_coloured_parts_are_the_ones_documented() -> None:
    style = Style(True)
    text = Diagnostic(Location("nowhere.yaml", 1, 1), "m", "h", "warning").format(style)
    assert "\x1b[1mnowhere.yaml:1:1:\x1b[0m" in text  # bold location
    assert "\x1b[1;33mwarning:\x1b[0m" in text  # yellow warning
    assert "\x1b[2mh\x1b[0m" in text  # dim hint
    error = Diagnostic(None, "m").format(style)
    assert error == "\x1b[1;31merror:\x1b[0m m"


def test_byte_order_marks_and_windows_line_ends_do_not_shift_the_caret(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("\ufefftitel: x\r\nactors: y\r\n".encode())
    shown, start, width = _caret(Diagnostic(Location(str(path), 1, 1), "m").format())
    assert shown == "titel: x" and (start, width) == (0, 5)
    shown, start, width = _caret(Diagnostic(Location(str(path), 2, 9), "m").format())
    assert shown == "actors: y" and shown[start] == "y"
