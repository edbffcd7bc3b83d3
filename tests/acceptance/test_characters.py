"""Characters: what no document can hold is refused where it was written; what a terminal
would obey is printed as an escape a reader can see (issue 13, items 4 and the messages)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from deckgen.console import printable
from deckgen.content.load import load_text
from deckgen.errors import ContentError, Diagnostic, Location

from conftest import MINIMAL, SHIPPED, run_cli


def _slots(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every text value in ``tree``."""
    if isinstance(tree, dict):
        return [p for k, v in tree.items() for p in _slots(v, (*path, k))]
    if isinstance(tree, list):
        return [p for i, v in enumerate(tree) for p in _slots(v, (*path, i))]
    return [path] if isinstance(tree, str) else []


def _set(tree: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


SHIPPED_TREE = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
SLOTS = _slots(SHIPPED_TREE)


CHARS = ["\x01", "\x1b", "\x00", "\ufffe", "\uffff", "\x08", "\x0b", "\x1f"]
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def test_every_text_value_refuses_what_no_document_can_hold(tmp_path: Path) -> None:
    """Each text value of the shipped briefing in turn holds one of the characters, written
    as YAML writes it (an escape in double quotes): refused at the escape, never built. Once
    they passed `validate` and crashed `build` in nearly every text field."""
    (tmp_path / "content" / "img").mkdir(parents=True)
    (tmp_path / "content" / "img" / "alignment.png").write_bytes(
        (SHIPPED.parent / "img" / "alignment.png").read_bytes()
    )
    assert len(SLOTS) > 150
    for i, slot in enumerate(SLOTS):
        char = CHARS[i % len(CHARS)]
        tree = copy.deepcopy(SHIPPED_TREE)
        _set(tree, slot, "Text " + char + " here")
        raw = yaml.dump(tree, Dumper=_DUMPER, allow_unicode=True, sort_keys=False).encode()
        with pytest.raises(ContentError) as caught:
            load_text(raw, str(tmp_path / "content" / "x.yaml"), tmp_path)
        said = [d for d in caught.value.diagnostics if f"U+{ord(char):04X}" in d.message]
        assert said, (slot, caught.value.format())
        d = said[0]
        assert d.location is not None
        line = raw.decode().splitlines()[d.location.line - 1]
        assert line[d.location.column - 1] == "\\", (slot, line, d.location)  # the escape


def test_a_key_may_not_hold_one_either(tmp_path: Path) -> None:
    text = MINIMAL + (
        "sections:\n  - title: Chart\n"
        '    chart: {type: bar, categories: [a], series: {"S\\x01": [1]}}\n'
    )
    with pytest.raises(ContentError) as caught:
        load_text(text.encode(), str(tmp_path / "x.yaml"), tmp_path)
    (d,) = caught.value.diagnostics
    assert d.location is not None and (d.location.line, d.location.column) == (12, 52)
    assert "U+0001, written `\\x01`" in d.message


def test_one_such_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "bad.yaml").write_text(
        MINIMAL.replace("title: Minimal Briefing", 'title: "Mini\\emal"'), "utf-8"
    )
    (content / "good.yaml").write_text(MINIMAL, "utf-8")
    done = run_cli("build", "-o", "out", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("content/bad.yaml:2:13: error: the text holds the control")
    assert sorted(p.name for p in (tmp_path / "out").glob("*.*")) == [
        "good-deck.pptx",
        "good-memo.docx",
    ]


# --- what deckgen prints -------------------------------------------------------------------


def test_printable_escapes_what_a_terminal_obeys() -> None:
    assert printable("plain text, tabs\tand\nlines") == "plain text, tabs\tand\nlines"
    assert printable("a\x1b]0;title\x07b") == "a\\x1b]0;title\\x07b"
    assert printable("csi\x9b2J") == "csi\\x9b2J"  # C1 control sequence introducer
    assert printable("over\u202eride") == "over\\u202eride"  # bidi override ("Trojan Source")
    assert printable("caf" + os.fsdecode(b"\xe9")) == "caf\\xe9"  # a byte that is not UTF-8
    assert printable("new\nline\tand\r", lines=False) == "new\\x0aline\\x09and\\x0d"
    assert printable("Persian ایران and ünïcode") == "Persian ایران and ünïcode"


def test_a_diagnostic_prints_no_escape_sequence() -> None:
    d = Diagnostic(Location("bad\x1b[31m.yaml", 2, 1), "odd \x1b[2J", "hint \x07")
    shown = d.format(source=False)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown.startswith("bad\\x1b[31m.yaml:2:1: error: odd \\x1b[2J")


NAMES = ["esc\x1b]0;pwned\x07\x1b[31m", "csi\x9b2J", "bidi\u202egpj.exe"]


@pytest.mark.parametrize("name", NAMES)
def test_file_names_with_escape_sequences_reach_the_terminal_escaped(
    name: str, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / f"{name}.yaml").write_text(MINIMAL.replace("deckgen: 1", "deckgen: 2"), "utf-8")
    (content / "fine.yaml").write_text(MINIMAL, "utf-8")
    for args in (("validate",), ("build", "-o", "out")):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        printed = done.stdout + done.stderr
        assert not any(c in printed for c in "\x1b\x07\x9b\u202e"), repr(printed)
        assert f"content/{printable(name, lines=False)}.yaml:1:10: error:" in done.stderr
    shown = json.loads(run_cli("validate", "--json", cwd=tmp_path).stdout)
    files = {e["file"] for e in shown["errors"]}
    assert files == {f"content/{name}.yaml"}  # JSON carries the real name, escaped
    assert not any(c in run_cli("validate", "--json", cwd=tmp_path).stdout for c in "\x9b\u202e")


def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    raw_name = os.fsencode(str(content)) + b"/caf\xe9.yaml"
    with open(raw_name, "wb") as fh:
        fh.write(MINIMAL.replace("deckgen: 1", "deckgen: 2").encode())
    done = run_cli("validate", cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 1, done.stderr
    assert "content/caf\\xe9.yaml:1:10: error:" in done.stderr, done.stderr
    data = json.loads(run_cli("validate", "--json", cwd=tmp_path).stdout)
    (error,) = data["errors"]
    assert os.fsencode(error["file"]) == b"content/caf\xe9.yaml"  # the bytes, back again
