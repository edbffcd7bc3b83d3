"""Fuzzing: mutated good briefings, settings files and pictures load (and plan) or fail with
deckgen's own located error."""

# Hypothesis mutates the shipped briefing and the fixtures as data (drop, duplicate, retype,
# rename and swap keys and values) and as text (cut anywhere; lines dropped, doubled, swapped
# or re-indented; stray YAML punctuation and bytes); deckgen.yaml and template.yaml the same
# ways; and pictures as files are damaged (cut, bytes changed, lengths and sizes set to 0 or
# huge). The profile comes from DECKGEN_FUZZ:
# unset or `ci`, a few hundred examples in all; `long`, 5,000 per test; a number, that many
# per test. docs/hardening.md tells more.

from __future__ import annotations

import copy
import datetime as dt
import io
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

from deckgen import images as imageinfo
from deckgen import vocabulary as analytic
from deckgen.build.workspace import defaults
from deckgen.content.load import load_file, load_text
from deckgen.content.model import Briefing
from deckgen.content.variants import narrow, whole
from deckgen.errors import ContentError, DeckgenError, TemplateError
from deckgen.geometry import Geometry
from deckgen.plan import plan_deck, plan_memo
from deckgen.templates.deck_layouts import open_deck
from deckgen.templates.manifest import LABEL_KEYS
from deckgen.templates.sets import BUILTIN, TemplateSet, find
from deckgen.templates.sets import load as load_set
from deckgen.writers import FORMATS

from acceptance.test_corpus import DAMAGED
from conftest import FIXTURES, MINIMAL, ROOT, SHIPPED

# Hypothesis runs hundreds of mutated inputs per case
pytestmark = [pytest.mark.slow]

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
    *analytic.TERMS, *analytic.CONFIDENCE_LEVELS, *analytic.AREAS, *analytic.SIGNIFICANCE,
    *analytic.CHART_TYPES, *analytic.NOTE_PARTS, "img/alignment.png", "img/missing.png",
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


# --- settings files: deckgen.yaml and template.yaml --------------------------------------------

SETTINGS_SEEDS = [
    b"# Workspace defaults; command-line options win.\ntemplate: default\n"
    b"formats: [pptx, docx]\noutput: build\nrecipe: full\n",
    b"template: classic\nformats: pptx,docx,pdf\noutput: out/decks\n",
]
TEMPLATE_SEEDS = [
    (ROOT / "templates" / name / "template.yaml").read_bytes() for name in ("default", "classic")
]
SETTINGS_KNOWN: list[Any] = [
    *FORMATS, "pptx,docx", "pdfx", "build", "../elsewhere", "/tmp/x", "C:\\x", "a/../../b",
    5, 1.5, True, None, [], {}, ["pptx", "pptx"], "{actor}", "{actor:>99}", "{nope}", "{",
    "}}", "{{x}}", "{title.x}", "logo.png", "deck.pptx", "memo.docx", "#1F4E79", 6, 200,
    "full", "executive", "\x1b[31m",
]  # fmt: skip


# What a label may be written as: braces, format specs, fields, conversions, in any order
LABEL_TEXT = st.text(alphabet="{}:!.[]0>9 aerstcionu", max_size=14) | st.sampled_from(
    ["{actor}", "{actor:>1000000000}", "{title!r}", "{title.upper}", "{0}", "{", "}", "{{}}"]
)


def _tree_mutate(raw: bytes, data: st.DataObject, known: list[Any]) -> bytes:
    """The data mutations of briefings, on a settings file, with values settings know; in a
    template.yaml, a label is often rewritten with braces of every kind."""
    tree = yaml.safe_load(raw)
    if not isinstance(tree, (dict, list)):
        return raw  # a text mutation left a scalar: nothing to mutate as data
    slots = _slots(tree)
    if not slots:
        return raw
    labels = tree.get("labels") if isinstance(tree, dict) else None
    if isinstance(labels, dict) and data.draw(st.booleans(), label="a label"):
        key = data.draw(st.sampled_from(LABEL_KEYS), label="label")
        labels[key] = data.draw(LABEL_TEXT, label="label text")
        return dump(tree)
    parent, key = data.draw(st.sampled_from(slots), label="slot")
    op = data.draw(st.sampled_from(["drop", "retype", "known", "rename"]), label="op")
    if op == "drop":
        del parent[key]
    elif op == "retype":
        parent[key] = data.draw(VALUES, label="value")
    elif op == "known":
        parent[key] = copy.deepcopy(data.draw(st.sampled_from(known), label="known"))
    elif isinstance(parent, dict):
        _rename(parent, key, data.draw(NAMES, label="name"))
    return dump(tree)


def _mutated_settings(data: st.DataObject, seeds: list[bytes], known: list[Any]) -> bytes:
    raw = data.draw(st.sampled_from(seeds), label="seed")
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        if data.draw(st.booleans(), label="as data"):
            try:
                raw = _tree_mutate(raw, data, known)
            except yaml.YAMLError:
                continue  # an earlier text mutation broke the YAML: mutate the text instead
        else:
            raw = text_mutate(raw, data)
    return raw


def check_settings_refusal(exc: DeckgenError, raw: bytes, path: Path) -> None:
    """A refused settings file: deckgen's own error, every diagnostic inside the file."""
    assert exc.message.strip()
    assert exc.diagnostics, exc.format()  # a regular file of a few bytes: always located
    check_refusal(ContentError(exc.diagnostics), raw, str(path))


@FUZZ
@given(data=st.data())
def test_mutated_deckgen_yaml_is_read_or_refused_located(data: st.DataObject, env: Env) -> None:
    raw = _mutated_settings(data, SETTINGS_SEEDS, SETTINGS_KNOWN)
    ws = env.ws.parent / "settings-ws"
    ws.mkdir(exist_ok=True)
    path = ws / "deckgen.yaml"
    path.write_bytes(raw)
    cwd = os.getcwd()
    os.chdir(ws)  # diagnostics name the file relative to the current folder, as the CLI does
    try:
        conf = defaults(ws)
    except DeckgenError as exc:
        event("refused")
        check_settings_refusal(exc, raw, Path("deckgen.yaml"))
        return
    finally:
        os.chdir(cwd)
    event("read")
    assert set(conf) <= {"template", "formats", "output", "recipe"}
    for key in ("template", "output", "recipe"):
        assert key not in conf or (isinstance(conf[key], str) and conf[key].strip()), conf
    assert "formats" not in conf or (conf["formats"] and set(conf["formats"]) <= set(FORMATS))
    if "output" in conf:
        assert not Path(conf["output"]).is_absolute() and ".." not in Path(conf["output"]).parts


@settings(FUZZ, max_examples=max(FUZZ.max_examples // 2, 1))  # each example plans a briefing
@given(data=st.data())
def test_mutated_template_yaml_loads_and_plans_or_is_refused_located(
    data: st.DataObject, env: Env, shipped_briefing: Briefing
) -> None:
    """A mutated template.yaml: a set that plans the shipped briefing (labels, sizes and
    recipes as it says), or a located template error. A label format once grew without
    bound, and `{nope}` or a lone `{` stopped a build half-way."""
    raw = _mutated_settings(data, TEMPLATE_SEEDS, SETTINGS_KNOWN)
    folder = env.ws / "templates" / "fz"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.yaml").write_bytes(raw)
    try:
        template = load_set(folder)
    except TemplateError as exc:
        event("refused")
        if exc.diagnostics:
            check_settings_refusal(exc, raw, folder / "template.yaml")
        return
    event("loaded")
    try:
        recipe = template.recipe("full")
        geometry = open_deck(template.deck, template.layouts, template.fonts).geometry()
        plan_deck(whole(shipped_briefing), template, recipe, geometry)
        plan_memo(whole(shipped_briefing), template, recipe)
    except DeckgenError as exc:
        event("plan refused")
        assert exc.message.strip()


@pytest.fixture(scope="module")
def shipped_briefing(env: Env) -> Briefing:
    return load_text(SHIPPED.read_bytes(), env.path, env.ws)


# --- pictures ---------------------------------------------------------------------------------


def _pictures() -> list[bytes]:
    from PIL import Image

    made = [PICTURE.read_bytes(), *DAMAGED.values()]
    for fmt, mode, extra in (("JPEG", "RGB", {}), ("JPEG", "L", {"progressive": True}),
                             ("GIF", "P", {}), ("PNG", "RGBA", {"dpi": (300, 300)}),
                             ("PNG", "1", {"interlace": 1})):  # fmt: skip
        out = io.BytesIO()
        Image.new(mode, (7, 5)).save(out, fmt, **extra)
        made.append(out.getvalue())
    return made


PICTURES = _pictures()


def picture_mutate(raw: bytes, data: st.DataObject) -> bytes:
    """Damage a picture as files are damaged: cut, bytes flipped or inserted, a length or a
    size field (a 2- or 4-byte number) set to 0, 1, huge or random."""
    at = data.draw(st.integers(0, max(len(raw) - 1, 0)), label="at")
    op = data.draw(st.sampled_from(["cut", "byte", "insert", "number", "repeat"]), label="op")
    if op == "cut":
        return raw[:at]
    if op == "byte":
        return raw[:at] + bytes([data.draw(st.integers(0, 255), label="byte")]) + raw[at + 1 :]
    if op == "insert":
        return raw[:at] + data.draw(st.binary(max_size=8), label="bytes") + raw[at:]
    if op == "repeat":
        return raw[:at] + raw[at : at + 64] * data.draw(st.integers(2, 4), label="times")
    width = data.draw(st.sampled_from([2, 4]), label="width")
    value = data.draw(st.sampled_from([0, 1, 2**16 - 1, 2**32 - 1]) | st.integers(0, 2**32 - 1))
    return raw[:at] + (value % (1 << (8 * width))).to_bytes(width, "big") + raw[at + width :]


@FUZZ
@given(data=st.data())
def test_damaged_pictures_are_read_or_refused(data: st.DataObject, env: Env) -> None:
    """A damaged picture: its header read whole (positive sizes the writers can place), or a
    ValueError saying what is wrong; through loading, a located error or a briefing whose
    pictures the writers can place. A PNG cut to 8 bytes, a 0×0 image and a JPEG without a
    frame once passed the magic-byte check and crashed the build."""
    raw = data.draw(st.sampled_from(PICTURES), label="seed")
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        raw = picture_mutate(raw, data)
    try:
        info = imageinfo.read(raw)
    except ValueError:
        event("refused")
    else:
        event("read")
        assert 0 < info.width <= imageinfo.MAX_SIDE and 0 < info.height <= imageinfo.MAX_SIDE
        assert 1 <= info.dpi_x <= 2048 and 1 <= info.dpi_y <= 2048
        assert min(info.size_emu()) > 0 or min(info.width, info.height) < 72
    suffix = {b"\x89P": "png", b"\xff\xd8": "jpg", b"GI": "gif"}.get(raw[:2], "png")
    (Path(env.ws) / "content" / "img" / f"fuzzed.{suffix}").write_bytes(raw)
    text = MINIMAL + (
        f"sections:\n  - title: Picture\n    image: {{path: img/fuzzed.{suffix}, alt: A map}}\n"
    )
    try:
        briefing = load_text(text.encode(), env.path, env.ws)
    except ContentError as exc:
        check_refusal(exc, text.encode(), env.path)
        return
    image = briefing.sections[0].image
    assert image is not None
    placed = imageinfo.read(Path(image.path).read_bytes())
    assert all(side > 0 for side in placed.size_emu()) or min(placed.width, placed.height) < 72


# --- template zips -------------------------------------------------------------------------

# Mutated .pptx/.potx and .docx/.dotx files go through the real command line (click's own
# runner, in this process: the same `main` and its error handling as `python -m deckgen`,
# without a new interpreter per example) to `build --deck-template/--memo-template` and
# `template inspect`. The only outcomes allowed: success (and an output python-pptx or
# python-docx opens), or exit 1 with a message; never exit 3, a traceback or a hang.

TEMPLATE_TIMEOUT = 30  # seconds one example may take before it counts as a hang
WEIRD_VALUES = ["", " ", "-1", "0", "1", "2147483648", "99999999999999999999", "1.5", "abc",
                "NaN", "-0", "1e9", "landscape", "true", "&amp;", "%", "ℵ"]  # fmt: skip


def _office_seeds(folder: Path) -> dict[str, list[tuple[str, bytes]]]:
    """Good deck and memo files to mutate: the built-in sets' and foreign ones."""
    from support import foreign

    seeds: dict[str, list[tuple[str, bytes]]] = {"deck": [], "memo": []}
    for name in ("default", "classic"):
        seeds["deck"].append((f"{name}.pptx", (BUILTIN / name / "deck.pptx").read_bytes()))
        seeds["memo"].append((f"{name}.docx", (BUILTIN / name / "memo.docx").read_bytes()))
    makers = [foreign.deck_samples, foreign.deck_two_masters, foreign.memo_german_ids]
    if shutil.which("pandoc"):
        makers.append(foreign.pandoc_memo)  # its inspect once crashed (issue 14)
    for maker in makers:
        for path in maker(folder):
            kind = "deck" if path.suffix in (".pptx", ".potx") else "memo"
            seeds[kind].append((path.name, path.read_bytes()))
    return seeds


@dataclass
class TemplateEnv:
    ws: Path
    seeds: dict[str, list[tuple[str, bytes]]]
    count: list[int]  # examples run, for the report

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(f"TemplateEnv({self.ws})")


@pytest.fixture(scope="module")
def template_env(tmp_path_factory: pytest.TempPathFactory) -> TemplateEnv:
    ws = tmp_path_factory.mktemp("fuzz-templates") / "ws"
    (ws / "content").mkdir(parents=True)
    (ws / "content" / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    return TemplateEnv(ws, _office_seeds(tmp_path_factory.mktemp("seeds")), [0])


def _xml_mutate(blob: bytes, data: st.DataObject) -> bytes:
    """A well-formed part made wrong: an attribute set to a strange value, an element
    dropped or doubled; or the XML cut short or replaced by garbage."""
    from lxml import etree

    op = data.draw(st.sampled_from(["attr", "drop", "double", "cut", "garbage"]), label="xml")
    if op == "cut":
        return blob[: data.draw(st.integers(0, max(len(blob) - 1, 0)), label="at")]
    if op == "garbage":
        return data.draw(st.binary(max_size=64) | st.sampled_from([b"", b"<a/>", b"<?xml?>"]))
    try:
        root = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return blob
    elements = list(root.iter())
    element = elements[data.draw(st.integers(0, len(elements) - 1), label="element")]
    if op == "attr":
        names = list(element.attrib) or ["val"]
        name = names[data.draw(st.integers(0, len(names) - 1), label="attribute")]
        value = data.draw(st.sampled_from(WEIRD_VALUES) | st.text(max_size=8), label="value")
        element.set(name, "".join(c for c in value if c.isprintable()))  # what XML can hold
    elif element.getparent() is not None:
        parent = element.getparent()
        if op == "drop":
            parent.remove(element)
        else:
            element.addnext(copy.deepcopy(element))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def zip_mutate(raw: bytes, data: st.DataObject) -> bytes:
    """A damaged Office file: bytes flipped or cut anywhere, members dropped, doubled or
    renamed, or a part's XML made wrong."""
    import warnings
    import zipfile
    import zlib

    op = data.draw(st.sampled_from(["flip", "truncate", "drop", "duplicate", "rename", "xml",
                                    "xml", "xml"]), label="zip")  # fmt: skip
    if len(raw) < 2:
        return raw + data.draw(st.binary(max_size=4), label="bytes")
    if op == "flip":
        out = bytearray(raw)
        for _ in range(data.draw(st.integers(1, 8), label="flips")):
            out[data.draw(st.integers(0, len(out) - 1), label="at")] = data.draw(
                st.integers(0, 255), label="byte"
            )
        return bytes(out)
    if op == "truncate":
        return raw[: data.draw(st.integers(0, len(raw) - 1), label="cut")]
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            parts = [(n, zf.read(n)) for n in zf.namelist()]
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        return raw[::-1]  # an earlier mutation broke the zip: break it some more
    if not parts:
        return raw
    xml_parts = [i for i, (n, _) in enumerate(parts) if n.endswith((".xml", ".rels"))]
    pool = xml_parts if op == "xml" and xml_parts else list(range(len(parts)))
    index = pool[data.draw(st.integers(0, len(pool) - 1), label="member")]
    name, blob = parts[index]
    if op == "drop":
        del parts[index]
    elif op == "duplicate":
        parts.insert(index + 1, (name, blob))
    elif op == "rename":
        new = data.draw(st.sampled_from([name.upper(), name + "x", "x/" + name, name[:-1]]))
        parts[index] = (new, blob)
    else:
        parts[index] = (name, _xml_mutate(blob, data))
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point
        for member, content in parts:
            zf.writestr(member, content)
    return out.getvalue()


class _Hung(BaseException):
    """Raised by the alarm: not an Exception, so deckgen's crash handler cannot take it."""


def _alarm(_signum: int, _frame: object) -> None:
    raise _Hung


def _run(env: TemplateEnv, *args: str) -> tuple[int, str]:
    """`deckgen ARGS` through the real CLI entry point, in the workspace; (exit, output)."""
    import signal

    from click.testing import CliRunner

    from deckgen.cli import main

    previous = os.getcwd()
    handler = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TEMPLATE_TIMEOUT)
    try:
        os.chdir(env.ws)
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    except _Hung:
        pytest.fail(f"deckgen {' '.join(args)} ran past {TEMPLATE_TIMEOUT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, handler)
        os.chdir(previous)
    return result.exit_code, result.output + (result.stderr or "")


def _check_template_run(code: int, said: str, what: str) -> None:
    assert "Traceback" not in said and "internal error" not in said, said
    assert code in (0, 1), f"{what}: exit {code}\n{said}"
    if code == 1:
        assert said.strip(), f"{what}: exit 1 without a message"


@pytest.mark.pandoc  # its seeds include pandoc's reference memo, where pandoc is
@pytest.mark.parametrize("kind", ["deck", "memo"])
@FUZZ
@given(data=st.data())
def test_mutated_template_files_build_or_are_refused(
    kind: str, data: st.DataObject, template_env: TemplateEnv
) -> None:
    seeds = template_env.seeds[kind]
    name, raw = seeds[data.draw(st.integers(0, len(seeds) - 1), label="seed")]
    event(f"seed {name}")
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        raw = zip_mutate(raw, data)
    template_env.count[0] += 1
    path = template_env.ws / f"t{template_env.count[0]}{Path(name).suffix}"  # never cached
    path.write_bytes(raw)
    option, fmt = ("--deck-template", "pptx") if kind == "deck" else ("--memo-template", "docx")
    code, said = _run(template_env, "build", "content/brief.yaml", "-o", "out", "-f", fmt,
                      option, path.name, "--force")  # fmt: skip
    _check_template_run(code, said, f"build {option} {path.name}")
    event(f"build: exit {code}")
    if code == 0:
        built = template_env.ws / "out" / f"brief-{kind}.{fmt}"
        if kind == "deck":
            from pptx import Presentation

            assert len(Presentation(str(built)).slides) > 0
        else:
            import docx

            assert docx.Document(str(built)).paragraphs
    code, said = _run(template_env, "template", "inspect", path.name)
    _check_template_run(code, said, f"template inspect {path.name}")
    event(f"inspect: exit {code}")
    path.unlink()


def _edited(source: Path, target: Path, edit: Any) -> Path:
    """``source`` with ``edit(name, bytes) -> (name, bytes)`` applied to every member."""
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in zin.namelist():
            zf.writestr(*edit(member, zin.read(member)))
    return target


CORE_TYPE = b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
FOUND = [  # what the template-zip fuzzing found, each once an internal error (exit 3)
    ("deck", "the part is spelled PPT/SLIDES/SLIDE1.XML (only the case differs)",
     lambda n, b: (n.upper() if n == "ppt/slides/slide1.xml" else n, b)),
    ("memo", "no relationship names it as the document's properties",
     lambda n, b: (n, b.replace(CORE_TYPE, b" ") if n == "_rels/.rels" else b)),
    ("memo", "no relationship names it as the document's properties",
     lambda n, b: (n, b.replace(CORE_TYPE, b"http://example.com/other") if n == "_rels/.rels"
                   else b)),
]  # fmt: skip


@pytest.mark.parametrize("kind, says, edit", FOUND)
def test_what_the_template_fuzzing_found(kind: str, says: str, edit: Any, tmp_path: Path) -> None:
    from conftest import run_cli

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    source = BUILTIN / "default" / ("deck.pptx" if kind == "deck" else "memo.docx")
    if kind == "deck":  # the default deck has no slide: one with a sample slide
        from support import foreign

        source = foreign.deck_samples(tmp_path / "seed")[0]
    path = _edited(source, tmp_path / f"edited{source.suffix}", edit)
    option = "--deck-template" if kind == "deck" else "--memo-template"
    for args in (("build", "-o", "out", option, path.name), ("template", "inspect", path.name)):
        done = run_cli(*args, cwd=tmp_path)
        said = done.stdout + done.stderr
        assert done.returncode == 1 and says in said, said
        assert "Traceback" not in said and "internal error" not in said, said
