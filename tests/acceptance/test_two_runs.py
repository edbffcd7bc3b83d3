"""A file with eight ordinary mistakes is clean by the second run of `deckgen validate`.

The issue's file: a Windows-1252 byte, a bad indentation and a tab (each once stopped the
run alone), four field errors, and `highly likely` under the misspelt `key_judgements`
(whose children were never checked). Clearing it took six runs. Here a robot author runs
`deckgen validate`, applies exactly the fix each message spells out, and runs again; a
message whose fix it cannot read fails the test, since every hint must say what to do.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from acceptance.test_corpus import BAD
from conftest import run_cli

EIGHT = BAD / "eight-mistakes.yaml"  # in the corpus too, which holds its eight places
HEAD = re.compile(r"(?P<path>\S+?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.*)")


def diagnostics(stderr: str) -> list[tuple[int, int, str, str]]:
    """(line, column, message, hint) of each error; the hint is the last indented line."""
    found: list[tuple[int, int, str, str]] = []
    for text in stderr.splitlines():
        m = HEAD.match(text)
        if m:
            found.append((int(m["line"]), int(m["column"]), m["message"], ""))
        elif found and text.startswith("    ") and "|" not in text[:8]:
            line, column, message, _hint = found[-1]
            found[-1] = (line, column, message, text.strip())
    return found


def _replace_scalar(line: bytes, column: int, new: str) -> bytes:
    """``line`` with the key or value starting at ``column`` replaced by ``new``."""
    text = line.decode("utf-8")
    start = column - 1
    end = re.compile(r"[^,\]}#\n:]*").match(text, start)
    assert end is not None
    stop = start + len(end.group().rstrip())
    return (text[:start] + new + text[stop:]).encode("utf-8")


def apply(raw: bytes, found: list[tuple[int, int, str, str]]) -> bytes:
    """``raw`` with the fix each diagnostic's hint spells out applied; fails on a hint that
    spells out none."""
    lines = raw.split(b"\n")
    for line, column, message, hint in found:
        i = line - 1
        legacy = re.search(r"Windows-1252 reads it as '(.)'", message)
        indent = re.match(r"Indent this line by (\d+) spaces?", hint)
        margin = hint.startswith("Start this line at the margin")
        quoted = re.match(r"Put the value in quotes: `(.*)`\.$", hint)
        meant = re.match(r"Did you mean '?([^'?]+)'?\?", hint)
        if legacy:
            char = legacy[1]
            lines[i] = lines[i].replace(char.encode("cp1252"), char.encode("utf-8"), 1)
        elif indent or margin:
            spaces = int(indent[1]) if indent else 0
            lines[i] = b" " * spaces + lines[i].lstrip(b" \t")
        elif quoted:
            body = lines[i].lstrip(b" \t")
            lines[i] = lines[i][: len(lines[i]) - len(body)] + quoted[1].encode("utf-8")
        elif meant:
            lines[i] = _replace_scalar(lines[i], column, meant[1])
        else:
            raise AssertionError(f"no fix spelled out at {line}:{column}: {message} / {hint}")
    return b"\n".join(lines)


def runs_to_clean(path: Path, cwd: Path, limit: int = 6) -> tuple[int, list[int]]:
    """Runs of `deckgen validate` until it passes, fixing what each run says; and the
    number of errors each run reported."""
    counts: list[int] = []
    for run in range(1, limit + 1):
        done = run_cli("validate", str(path.relative_to(cwd)), cwd=cwd)
        assert "Traceback" not in done.stderr, done.stderr
        if done.returncode == 0:
            return run, counts
        found = diagnostics(done.stderr)
        assert found, done.stderr
        counts.append(len(found))
        path.write_bytes(apply(path.read_bytes(), found))
    raise AssertionError(f"still not clean after {limit} runs: {counts}")


def test_eight_mistakes_are_cleared_in_two_runs(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "briefing.yaml"
    shutil.copyfile(EIGHT, path)
    raw = path.read_bytes()
    assert b"\x92" in raw and b"\n\t" in raw and b"\n   name:" in raw  # the read-level three

    runs, counts = runs_to_clean(path, tmp_path)

    assert counts == [8], counts  # all eight said at once
    assert runs == 2  # and the second run is clean
    fixed = path.read_text(encoding="utf-8")
    assert "Assad’s" in fixed and "\t" not in fixed
    for word in ("confidence: moderate", "probability: 0.75", "[sf-2017]", "key_judgments:"):
        assert word in fixed, word
    assert "likelihood: very likely" in fixed


def test_every_corpus_hint_says_what_to_do() -> None:
    """No hint falls back to a shrug: each says what to write, delete, quote or indent."""
    vague = re.compile(r"^(Fix the YAML syntax at this place\.|Check the value\.)?$")
    done = run_cli("validate", *(str(p) for p in sorted(BAD.glob("*.yaml"))), timeout=600)
    found = diagnostics(done.stderr)
    assert len(found) > 150
    shrugs = [(line, message) for line, _c, message, hint in found if vague.match(hint)]
    assert not shrugs, shrugs
