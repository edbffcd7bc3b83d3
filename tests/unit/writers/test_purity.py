"""The writers are serializers: no module under deckgen/writers reads a file, a variable,
a clock or a cache. Everything they use beside the plan comes in as an argument."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WRITERS = Path(__file__).resolve().parents[3] / "src" / "deckgen" / "writers"
MODULES = sorted(WRITERS.rglob("*.py"))

# (module relative to writers/, what was found) -> why it may stay. Empty: nothing may.
EXEMPT: dict[tuple[str, str], str] = {}

# names that read the outside world, however they are reached
_CALLS = {
    "open": "open(",
    "getenv": "getenv",
    "Path": "Path(",
    "PurePath": "Path(",
    "find_spec": "find_spec (locates files)",
    "build_time": "build_time (reads SOURCE_DATE_EPOCH)",
    "source_date_epoch": "build_time (reads SOURCE_DATE_EPOCH)",
    "read_package": "read_package (reads the template file)",
    "prepare": "prepare (template preparation, cached on disk)",
}
_METHODS = {
    "read_bytes": ".read_bytes(",
    "read_text": ".read_text(",
    "write_bytes": ".write_bytes(",
    "write_text": ".write_text(",
    "open": ".open(",
    "now": "the clock",
    "utcnow": "the clock",
    "today": "the clock",
    "time": "the clock",
}
_MODULES = {
    "deckgen.usercache": "imports usercache",
    "deckgen.resources": "imports resources",
    "deckgen.build": "imports the build layer",
    "pathlib": "imports pathlib",
    "importlib": "imports importlib",
    "time": "imports time",
    "functools": "imports functools (module-level caches)",
}
# os.path's string functions are pure; anything else of os reaches the machine
_OS_PURE = {"os.path.splitext", "os.path.basename", "os.path.dirname", "os.path.join"}


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _module_hits(name: str) -> list[str]:
    return [why for mod, why in _MODULES.items() if name == mod or name.startswith(mod + ".")]


def impurities(source: str) -> list[tuple[int, str]]:
    """(line, what) for each way ``source`` reaches beyond its arguments."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found += [(node.lineno, why) for why in _module_hits(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            hits = _module_hits(node.module)
            for alias in node.names:  # from deckgen import usercache
                hits += _module_hits(f"{node.module}.{alias.name}")
                if node.module == "os" and alias.name != "path":
                    hits.append(f"os.{alias.name}")
            found += [(node.lineno, why) for why in dict.fromkeys(hits)]
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if node.attr in ("environ", "environb", "getenv"):
                found.append((node.lineno, "os.environ"))
            elif dotted.startswith("os.") and not any(
                dotted == pure or pure.startswith(dotted + ".") for pure in _OS_PURE
            ):
                found.append((node.lineno, dotted))
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _CALLS:
                found.append((node.lineno, _CALLS[func.id]))
            elif isinstance(func, ast.Attribute):
                if func.attr in _METHODS:
                    found.append((node.lineno, _METHODS[func.attr]))
                elif func.attr in _CALLS and func.attr != "open":
                    found.append((node.lineno, _CALLS[func.attr]))
    return sorted(set(found))


def _name(path: Path) -> str:
    return path.relative_to(WRITERS).as_posix()


def test_every_writer_module_is_checked() -> None:
    names = {_name(p) for p in MODULES}
    assert {"deck/presentation.py", "memo/body.py", "html/page.py", "__init__.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_writer_module_reads_nothing_but_its_arguments(path: Path) -> None:
    name = _name(path)
    found = [
        f"{name}:{line}: {what}"
        for line, what in impurities(path.read_text(encoding="utf-8"))
        if (name, what) not in EXEMPT
    ]
    assert not found, "writers take what they need as arguments:\n" + "\n".join(found)


def test_every_exemption_names_a_reason_and_is_still_needed() -> None:
    for (name, what), why in EXEMPT.items():
        assert why.strip(), f"{name}: {what} is exempt without a reason"
        source = (WRITERS / name).read_text(encoding="utf-8")
        assert what in {w for _, w in impurities(source)}, f"{name}: {what} no longer needed"


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import os\nx = os.environ['A']", "os.environ"),
        ("from os import environ", "os.environ"),
        ("import os\nx = os.getenv('A')", "os.environ"),
        ("data = open('x').read()", "open("),
        ("data = Path('x').read_bytes()", ".read_bytes("),
        ("text = where.read_text()", ".read_text("),
        ("from pathlib import Path", "imports pathlib"),
        ("from deckgen import usercache", "imports usercache"),
        ("from deckgen.resources import XLSX_THEME", "imports resources"),
        ("import functools\n@functools.cache\ndef f(): pass", _MODULES["functools"]),
        ("import datetime\nx = datetime.datetime.now()", "the clock"),
        ("from deckgen.ooxml.zip import build_time\nw = build_time('')", _CALLS["build_time"]),
        ("import os\nx = os.path.exists('a')", "os.path.exists"),
        ("from deckgen.templates import memo\np = memo.prepare(t)", _CALLS["prepare"]),
    ],
)  # fmt: skip
def test_the_check_finds_each_way_of_reading(source: str, what: str) -> None:
    assert what in {w for _, w in impurities(source)}


def test_pure_code_passes_the_check() -> None:
    source = (
        "import os\nimport hashlib\nfrom collections.abc import Mapping\n"
        "def f(media: Mapping[str, bytes], path: str) -> str:\n"
        "    ext = os.path.splitext(os.path.basename(path))[1]\n"
        "    return hashlib.sha1(media[path]).hexdigest() + ext\n"
    )
    assert impurities(source) == []
