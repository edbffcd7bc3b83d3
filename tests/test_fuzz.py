"""Fuzzing: mutated good briefings load (and plan) or fail with deckgen's own located error."""

# Hypothesis mutates the shipped briefing and the fixtures as data (drop, duplicate, retype,
# rename and swap keys and values) and as text (cut anywhere; lines dropped, doubled, swapped
# or re-indented; stray YAML punctuation and bytes). The profile comes from DECKGEN_FUZZ:
# unset or `ci`, a few hundred examples in all; `long`, 5,000 per test; a number, that many
# per test. docs/hardening.md tells more.

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from deckgen import analytic, schema
from deckgen.decktemplate import open_deck
from deckgen.errors import ContentError, DeckgenError
from deckgen.load import load_file, load_text
from deckgen.model import Briefing
from deckgen.plan import Geometry, plan_deck, plan_memo
from deckgen.template import TemplateSet, find
from deckgen.variants import narrow, whole

from conftest import FIXTURES, ROOT, SHIPPED

PICTURE = ROOT / "content" / "img" / "alignment.png"
SEED_FILES = [SHIPPED, *sorted(FIXTURES.glob("*.yaml"))]

_COMMON = {
    "deadline": None,  # the first example pays for imports and template loading
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,  # a failure prints the blob that replays it (@reproduce_failure)
}
# Hypothesis keeps its files (caches; the failures long runs find, replayed first next
# time) under .hypothesis/ in the working folder: keep them out of the repository.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "deckgen-hypothesis")
settings.register_profile("ci", max_examples=100, database=None, **_COMMON)
settings.register_profile("long", max_examples=5_000, **_COMMON)
_CHOSEN = os.environ.get("DECKGEN_FUZZ", "ci")
if _CHOSEN.isdigit():
    settings.register_profile(_CHOSEN, max_examples=int(_CHOSEN), **_COMMON)
FUZZ = settings.get_profile(_CHOSEN)  # applied per test, so other modules keep the defaults


# --- the seeds and the workspace they load in ---------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str
    raw: bytes
    tree: dict[str, Any]

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(f"Seed({self.name!r})")  # not the whole briefing, in every report


def _seed(path: Path) -> Seed:
    raw = path.read_bytes()
    return Seed(path.name, raw, yaml.safe_load(raw))


SEEDS = [_seed(p) for p in SEED_FILES]


def _scalars(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _scalars(v)
    elif isinstance(value, list):
        for v in value:
            yield from _scalars(v)
    else:
        yield value


# Values that reach deep checks: ids, terms, choices and paths the schema knows, beside
# whatever the seeds hold; random values alone rarely pass the first type check.
KNOWN: list[Any] = [
    *sorted({repr(v): v for s in SEEDS for v in _scalars(s.tree)}.values(), key=repr),
    *analytic.TERMS, *analytic.CONFIDENCE_LEVELS, *schema.AREAS, *schema.SIGNIFICANCE,
    *schema.CHART_TYPES, *schema.NOTE_PARTS, "img/alignment.png", "img/missing.png",
    "../outside.png", "/etc/passwd", "img", "0.5", "150%", "1%", 0, 1, 0.01, 0.99, 1.5,
    -1, "2017-02-30", "2017-13", "0000", "#12345G", "#1F4E79", "**bold**", "*", "**",
]  # fmt: skip
KEYS = sorted({str(k) for s in SEEDS for k in _scalars(s.tree) if isinstance(k, str)})


def _known(index: int) -> Any:
    return KNOWN[index]


# drawn by index: a sampled_from over hundreds of long texts floods Hypothesis's reports
ANY_KNOWN = st.integers(0, len(KNOWN) - 1).map(_known)


@dataclass
class Env:
    """A workspace holding the shipped picture, and the template every plan uses."""

    ws: Path
    path: str  # where the mutated content claims to live, inside ws/content
    template: TemplateSet
    geometry: Geometry

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(f"Env({self.ws})")  # Hypothesis prints it with every failing example


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    ws = tmp_path_factory.mktemp("fuzz") / "ws"
    (ws / "content" / "img").mkdir(parents=True)
    shutil.copyfile(PICTURE, ws / "content" / "img" / "alignment.png")
    template = find("default", ws)
    geometry = open_deck(template.deck, template.layouts, template.fonts).geometry()
    return Env(ws, str(ws / "content" / "fuzzed.yaml"), template, geometry)


# --- the property --------------------------------------------------------------------------

# Lines as editors count them: deckgen refuses YAML's other breaks (U+0085, U+2028, U+2029)
# and counts its places in these lines.
_BREAKS = re.compile("\r\n|[\n\r]")


def check_refusal(exc: ContentError, raw: bytes, path: str) -> None:
    """Every diagnostic names the file; every error points at a place inside it."""
    assert exc.diagnostics, "a ContentError without diagnostics"
    text = raw.decode("utf-8-sig", "replace")
    lines = _BREAKS.split(text)
    for d in exc.diagnostics:
        assert d.location is not None and d.location.path == path, d.format()
        assert d.message.strip(), d
        if d.severity != "error":
            continue
        line, column = d.location.line, d.location.column
        assert 1 <= line <= len(lines), f"line {line} of {len(lines)}: {d.format()}"
        assert 1 <= column <= len(lines[line - 1]) + 1, f"column {column}: {d.format()}"


def plan_all(briefing: Briefing, env: Env) -> None:
    """Plan the deck and memo of the whole briefing and of each variant."""
    recipe = env.template.recipe("full")
    editions = [whole(briefing)] + [narrow(briefing, v.name) for v in briefing.variants]
    for edition in editions:
        plan_deck(edition, env.template, recipe, env.geometry)
        plan_memo(edition, env.template, recipe)


def outcome(raw: bytes, env: Env, plan: bool = True) -> None:
    """Load ``raw``: a briefing (then planned) or a located ContentError, nothing else."""
    try:
        briefing = load_text(raw, env.path, env.ws)
    except ContentError as exc:
        event("refused")
        check_refusal(exc, raw, env.path)
        return
    event("loaded")
    if plan:
        try:
            plan_all(briefing, env)
        except DeckgenError as exc:  # allowed, if deckgen says what is wrong
            event("plan refused")
            assert exc.message.strip()


# --- mutations of the data -------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(alphabet="*_ -:#[]{}&!|>'\"%@`\\\t", max_size=12),
    st.dates(min_value=dt.date(1, 1, 1)),
    ANY_KNOWN,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
NAMES = st.one_of(st.sampled_from(KEYS), st.text(max_size=12), st.sampled_from(["", " ", "<<"]))


def _slots(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) in ``tree``, the root's entries included."""
    found: list[tuple[Any, Any]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(pairs):
            found.append((node, key))
            if isinstance(value, (dict, list)) and value is not node:
                stack.append(value)
    return found


def _rename(mapping: dict[Any, Any], old: Any, new: Any) -> None:
    """Rename a key in place, keeping the order of the others (a clash drops the other)."""
    items = [(new if k == old else k, v) for k, v in mapping.items() if k != new or k == old]
    mapping.clear()
    mapping.update(items)


OPS = ["drop", "duplicate", "retype", "rename", "swap", "empty", "known"]


def mutate(tree: dict[str, Any], data: st.DataObject) -> None:
    slots = _slots(tree)
    if not slots:
        return
    parent, key = data.draw(st.sampled_from(slots), label="slot")
    op = data.draw(st.sampled_from(OPS), label="op")
    if op == "drop":
        del parent[key]
    elif op == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:  # a mapping cannot hold a key twice: the text mutations make duplicates
            parent[data.draw(NAMES, label="copy as")] = copy.deepcopy(parent[key])
    elif op == "retype":
        parent[key] = data.draw(VALUES, label="value")
    elif op == "rename" and isinstance(parent, dict):
        _rename(parent, key, data.draw(NAMES, label="name"))
    elif op == "swap":
        other, other_key = data.draw(st.sampled_from(slots), label="swap with")
        a, b = parent[key], other[other_key]
        if a is not other and b is not parent:  # never put a container inside itself
            parent[key], other[other_key] = b, a
    elif op == "empty":
        parent[key] = type(parent[key])() if isinstance(parent[key], (dict, list, str)) else None
    elif op == "known":
        parent[key] = data.draw(ANY_KNOWN, label="known value")


# One value of each type YAML can give a field, for the sweep below.
EVERY_TYPE: list[Any] = [
    None, True, False, 0, -3, 2**64, 0.5, float("nan"), float("inf"), "", " ", "text",
    "**", dt.date(2017, 2, 28), [], ["text"], [["nested"]], {}, {"key": "value"},
]  # fmt: skip


def dump(tree: Any) -> bytes:
    # shared objects become anchors and aliases: the loader's alias handling gets fuzzed too
    return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True).encode("utf-8")


@FUZZ
@given(data=st.data())
def test_mutated_data_loads_or_is_refused_located(data: st.DataObject, env: Env) -> None:
    seed = data.draw(st.sampled_from(SEEDS), label="seed")
    tree = copy.deepcopy(seed.tree)
    # mostly one or two mutations: more of them and hardly any briefing still loads and plans
    for _ in range(data.draw(st.sampled_from([1, 1, 1, 2, 2, 3, 4]), label="mutations")):
        mutate(tree, data)
    outcome(dump(tree), env)


@settings(FUZZ, max_examples=max(FUZZ.max_examples // 3, 1))  # each example loads 19 files
@given(data=st.data())
def test_every_type_in_one_place(data: st.DataObject, env: Env) -> None:
    """One place in a briefing given a value of every type in turn: a crash that only one
    type provokes in one field kind is found in a few dozen examples, not thousands."""
    seed = data.draw(st.sampled_from(SEEDS), label="seed")
    index = data.draw(st.integers(0, len(_slots(seed.tree)) - 1), label="slot")
    for value in EVERY_TYPE:
        tree = copy.deepcopy(seed.tree)
        parent, key = _slots(tree)[index]  # the same walk: the same place in the copy
        parent[key] = copy.deepcopy(value)
        outcome(dump(tree), env)


# --- mutations of the text ---------------------------------------------------------------------

TOKENS = [
    ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "&a [*a]", "!!python/object:os.system ",
    "!!binary ", "!local ", "'", '"', "\t", "# ", "|", ">", "%TAG ! x\n", "@", "`", "? ", "---\n",
    "...\n", "<<: *a\n", "\\", "\n", "\r", "\r\n", "\x00", "\xff", "é", "\u2028", "\ufeff",
    "\u202e", "  ", "\n  - ", "\nkey: value\n", "\nid: Bad Id\n", ".nan", ".inf", "0x1F", "~",
    "yes", "no", "2017-02-30", "1e999", "&b {x: *b}",
]  # fmt: skip


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


def text_mutate(raw: bytes, data: st.DataObject) -> bytes:
    op = data.draw(
        st.sampled_from(
            [
                "cut",
                "cut-line",
                "drop-line",
                "double-line",
                "swap-lines",
                "indent",
                "insert",
                "byte",
            ]
        ),
        label="text op",
    )
    at = data.draw(st.integers(0, max(len(raw) - 1, 0)), label="at")
    lines = _lines(raw)
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    if op == "cut":  # anywhere, even inside a multi-byte character
        return raw[:at]
    if op == "cut-line":
        return b"".join(lines[:i])
    if op == "drop-line":
        return b"".join(lines[:i] + lines[i + 1 :])
    if op == "double-line":
        return b"".join(lines[: i + 1] + lines[i:])
    if op == "swap-lines":
        j = data.draw(st.integers(0, len(lines) - 1), label="other line")
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    if op == "indent":
        body = lines[i].lstrip(b" ")
        width = data.draw(st.integers(0, 12), label="indent")
        pad = b"\t" if data.draw(st.booleans(), label="tab") else b" " * width
        lines[i] = pad + body
        return b"".join(lines)
    if op == "insert":
        token = data.draw(st.sampled_from(TOKENS) | st.text(max_size=6), label="token")
        return raw[:at] + token.encode("utf-8", "surrogatepass") + raw[at:]
    byte = data.draw(st.integers(0, 255), label="byte")
    return raw[:at] + bytes([byte]) + raw[at + 1 :]


@FUZZ
@given(data=st.data())
def test_mutated_text_loads_or_is_refused_located(data: st.DataObject, env: Env) -> None:
    raw = data.draw(st.sampled_from(SEEDS), label="seed").raw
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        raw = text_mutate(raw, data)
    outcome(raw, env)


@FUZZ
@given(data=st.data())
def test_mutated_files_through_load_file(data: st.DataObject, env: Env) -> None:
    """Both kinds of mutation, written to disk and read by `load_file`, as `build` reads."""
    seed = data.draw(st.sampled_from(SEEDS), label="seed")
    if data.draw(st.booleans(), label="as data"):
        tree = copy.deepcopy(seed.tree)
        mutate(tree, data)
        raw = dump(tree)
    else:
        raw = text_mutate(seed.raw, data)
    path = Path(env.path)
    path.write_bytes(raw)
    try:
        briefing = load_file(path, env.ws)
    except ContentError as exc:
        check_refusal(exc, raw, env.path)
        return
    plan_all(briefing, env)


def test_seeds_load_and_plan(env: Env) -> None:
    """The starting points are good: every failure the fuzzer finds is one it made."""
    for seed in SEEDS:
        plan_all(load_text(seed.raw, env.path, env.ws), env)
        plan_all(load_text(dump(seed.tree), env.path, env.ws), env)
