"""`deckgen validate` and `deckgen schema` judge every corpus case and fixture alike.

The schema is what an editor checks while the author types; if it refuses what the tool
accepts, the editor underlines good content (`sources: s1` was one such case), and if it
accepts what the tool refuses, the author learns only at build time. Each file goes through
both: the CLI's `validate`, and jsonschema with the schema `deckgen schema` prints, on the
YAML as an editor reads it (YAML 1.2: `3:1` is text, `no` a word; dates as their ISO text, as
JSON carries them). The verdicts must
agree, except where every error the tool reports is of a rule `schema.BEYOND_SCHEMA` lists
as one JSON Schema cannot say (a reference to an id defined elsewhere, a picture on disk).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
from collections import Counter
from typing import Any

import jsonschema
import pytest

from deckgen.checking import source
from deckgen.content import schema
from deckgen.content.load import MAX_BYTES

from acceptance.test_bad_input import CASES as BAD_INPUT
from acceptance.test_bad_input import minimal
from acceptance.test_corpus import BAD, EXPECTED, PICTURE, add_pictures
from conftest import FIXTURES, ROOT, run_cli

# Each rule beyond the schema, as the validator's messages name it.
BEYOND: dict[str, re.Pattern[str]] = {
    "reference": re.compile(r"unknown (actor|source|audience|variant) id"),
    "duplicate-id": re.compile(r"duplicate \w+ id|also used by"),
    "lengths": re.compile(r"has \d+ (values|cells) but"),
    "picture": re.compile(r"picture|absolute path|outside the workspace|not a PNG"),
    "estimate": re.compile(r"does not fit"),
    "file-name": re.compile(r"cannot serve as the briefing id"),
    "language-mark": re.compile(r"the language mark .* cannot be read"),
    "audience": re.compile(r"shows this item but not its source"),
    "previous": re.compile(r"previous: .* (does not exist|is not a valid briefing|is this file)"),
}
# Unusual but valid: what the editor must not underline (the decisions of issue 6).
GOOD = {
    "good-single-source": minimal(
        {9: "  - title: Regional stability\n    sources: s1"},
        "sources:\n  - {id: s1, title: A source}\n",
    ),
    "good-numeric-ids": minimal(
        {9: "  - title: Regional stability\n    sources: [2018]"},
        "sources:\n  - {id: 2018, title: A source}\n",
    ),
    "good-one-actor-goal": minimal({9: "  - title: Regional stability\n    actors: alpha"}),
    "good-words-in-any-case": minimal(
        append="key_judgments:\n  - {text: Holds., likelihood: Very  Likely, confidence: High}\n"
        "  - {text: Holds too., probability: 70 %}\n"
    ),
    "good-numbers-as-text": minimal(
        {2: "title: 2017\ndate: 2017-4"},
        "sections:\n  - title: Figures\n    bullets: [1917, [2017]]\n",
    ),
    # as typed: an editor's YAML reader gives numbers and true/false, deckgen the text
    "good-typed-as-written": minimal(
        {2: "title: Minimal Briefing\nsubtitle: 010\nversion: 1.10\nmarking: no"},
        "sections:\n  - title: Figures\n    table: {columns: [a, b, c], "
        "rows: [[3:1, 0x1F, yes]]}\n    bullets: [on]\n",
    ),
    "good-pie": minimal(
        append="sections:\n  - title: Shares\n    chart: {type: Pie, categories: [a], "
        "series: {S: [1]}}\n"
    ),
}
NAMELESS = "Minimal Briefing"
NO_PREVIOUS = "previous-gone"  # names a `previous:` file that is not there


def _jsonable(value: Any, written: dict[Any, str] | None = None, path: tuple[Any, ...] = ()) -> Any:
    """The value as JSON carries it, plain scalars as an editor's YAML 1.2 reader gives them
    (``written``: `3:1` is text, `010` the number 10, `no` the word no); dates as ISO text;
    None for YAML's .inf and .nan, which JSON has no form for."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v, written, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v, written, (*path, i)) for i, v in enumerate(value)]
    if written is not None and path in written:
        value = _yaml12(written[path])
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not JSON")
    return value


def _yaml12(text: str) -> Any:
    """A plain scalar as YAML 1.2's core schema reads it (what editors' YAML support uses)."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    number = source.core_number(text)
    return text if number is None else number


def _errors(stderr: str) -> dict[str, list[str]]:
    """Each file's error messages, from one `validate` run."""
    found: dict[str, list[str]] = {}
    for line in stderr.splitlines():
        m = re.match(r"(content/[^:]+\.yaml)(?::\d+:\d+)?: error: (.*)", line)
        if m:
            found.setdefault(m[1], []).append(m[2])
    return found


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, list[str], Any]]:
    """Per file: the category (`yaml`, `json`, or `checked`), the validator's errors, and
    the schema's first error (None when the schema accepts)."""
    ws = tmp_path_factory.mktemp("agree") / "ws"
    content = ws / "content"
    (content / "img").mkdir(parents=True)
    for path in BAD.glob("*.yaml"):
        if path != EXPECTED:
            shutil.copyfile(path, content / path.name)
    shipped = sorted((ROOT / "content").glob("*.yaml"))  # the briefing and its review
    for path in [*shipped, *FIXTURES.glob("*.yaml"), *(FIXTURES / "lint").glob("*.yaml")]:
        # a `previous:` names its earlier version by file name: renamed with it
        text = re.sub(r"(?m)^previous: (\S+)", r"previous: fixture-\1",
                      path.read_text(encoding="utf-8"))  # fmt: skip
        (content / f"fixture-{path.name}").write_text(text, encoding="utf-8")
    shutil.copyfile(FIXTURES / "lint" / "map.png", content / "map.png")
    for picture in (ROOT / "content" / "img").iterdir():
        shutil.copyfile(picture, content / "img" / picture.name)
    for case in BAD_INPUT:
        target = content / f"input-{case.name}.yaml"
        if isinstance(case.text, bytes):
            target.write_bytes(case.text)
        else:
            target.write_text(case.text, encoding="utf-8")
    for name, text in GOOD.items():
        (content / f"{name}.yaml").write_text(text, encoding="utf-8")
    # valid but for its name, which cannot serve as the id it does not give
    (content / f"{NAMELESS}.yaml").write_text(minimal(), encoding="utf-8")
    # valid but for the earlier version it names, which is not there
    (content / f"{NO_PREVIOUS}.yaml").write_text(minimal(append="previous: gone.yaml\n"),
                                                 encoding="utf-8")  # fmt: skip
    # the pictures the corpus cases point at, real and fake, inside and outside
    add_pictures(content / "img")
    shutil.copyfile(PICTURE, ws.parent / "outside.png")
    (content / "img" / "escape.png").symlink_to(ws.parent / "outside.png")
    (content / "img" / "loop.png").symlink_to("loop.png")

    printed = run_cli("schema", cwd=ws)
    assert printed.returncode == 0, printed.stderr
    the_schema = json.loads(printed.stdout)
    jsonschema.Draft202012Validator.check_schema(the_schema)
    checker = jsonschema.Draft202012Validator(the_schema)
    done = run_cli("validate", cwd=ws, timeout=600)
    assert "Traceback" not in done.stderr, done.stderr
    errors = _errors(done.stderr)

    out: dict[str, tuple[str, list[str], Any]] = {}
    for path in sorted(content.glob("*.yaml")):
        shown = f"content/{path.name}"
        said = errors.get(shown, [])
        raw = path.read_bytes()
        doc, problems = (None, []) if len(raw) > MAX_BYTES else source.parse(raw, str(path))
        if doc is None or problems:
            out[shown] = ("yaml", said, None)  # an editor's YAML reader refuses it first
            continue
        try:
            instance = _jsonable(doc.data, doc.written)
        except ValueError:
            out[shown] = ("json", said, None)
            continue
        first = next(iter(checker.iter_errors(instance)), None)
        out[shown] = ("checked", said, None if first is None else first.message)
    return out


def test_the_schema_never_refuses_what_validate_accepts(verdicts: dict[str, Any]) -> None:
    stricter = {f: why for f, (_c, said, why) in verdicts.items() if why and not said}
    assert not stricter, stricter


def test_validate_refuses_beyond_the_schema_only_by_the_rules_it_lists(
    verdicts: dict[str, Any],
) -> None:
    """Where the schema accepts and validate refuses, every error is of a listed rule."""
    unexplained = {}
    used: Counter[str] = Counter()
    for name, (category, said, why) in verdicts.items():
        if category != "checked" or why or not said:
            continue
        rules = {rule for message in said for rule, p in BEYOND.items() if p.search(message)}
        used.update(rules)
        loose = [m for m in said if not any(p.search(m) for p in BEYOND.values())]
        if loose:
            unexplained[name] = loose
    assert not unexplained, unexplained
    assert set(BEYOND) <= set(schema.BEYOND_SCHEMA)
    assert set(used) == set(BEYOND), "a listed rule no case exercises: is it still beyond?"


def test_files_yaml_or_json_cannot_carry_are_refused(verdicts: dict[str, Any]) -> None:
    """A file an editor cannot read as YAML, or whose values JSON cannot hold (.inf, .nan),
    never reaches a schema; `validate` must refuse it itself."""
    passed = [
        f for f, (category, said, _w) in verdicts.items() if category != "checked" and not said
    ]
    assert not passed, passed
    assert {"yaml", "json"} <= set(schema.BEYOND_SCHEMA)


def test_the_good_files_pass_both(verdicts: dict[str, Any]) -> None:
    good = {f: v for f, v in verdicts.items() if "/fixture-" in f or f.startswith("content/good-")}
    assert len(good) >= len(GOOD) + 5
    bad = {f: v for f, v in good.items() if v[1] or v[2] or v[0] != "checked"}
    assert not bad, bad


def test_agreement_covers_every_case(verdicts: dict[str, Any]) -> None:
    counts = Counter(category for category, _s, _w in verdicts.values())
    both = sum(
        1 for c, said, why in verdicts.values() if c == "checked" and bool(said) == bool(why)
    )
    beyond = Counter(
        rule
        for c, said, why in verdicts.values()
        if c == "checked" and said and not why
        for rule in {r for m in said for r, p in BEYOND.items() if p.search(m)}
    )
    print(
        f"\nagreement: {dict(counts)}; same verdict on {both} of {counts['checked']} checked;"
        f" refused by validate alone, by rule: {dict(beyond)}"
    )
    assert counts["checked"] >= 150
    fixtures = (
        len(list((ROOT / "content").glob("*.yaml")))
        + len(list(FIXTURES.glob("*.yaml")))
        + len(list((FIXTURES / "lint").glob("*.yaml")))
    )
    corpus = len(list(BAD.glob("*.yaml"))) - 1  # less EXPECTED.yaml
    assert len(verdicts) == corpus + len(BAD_INPUT) + len(GOOD) + fixtures + 2
