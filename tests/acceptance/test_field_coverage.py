"""Every field of the content format has a home on the page: docs/fields.md says where, and a
generated briefing with a marker in every text field proves it, deck and memo.

The briefing is generated from the schema itself (src/deckgen/schema.py), so a field added to
the format is in it at once: without a row in docs/fields.md, or without the places its row
names, the tests here fail.
"""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from lxml import etree
from pptx import Presentation

from deckgen.checking.fields import (
    Choice,
    Color,
    Flag,
    Id,
    Kind,
    ListOf,
    MapOf,
    Markup,
    Number,
    Record,
    Ref,
    Str,
)
from deckgen.content import schema
from deckgen.content.kinds import (
    Bullets,
    Cite,
    ContentFile,
    Date,
    Likelihood,
    Probability,
    Reliability,
)
from deckgen.content.load import load_file
from deckgen.content.model import Briefing, Chart
from deckgen.content.variants import whole
from deckgen.plan import Deck, Heading, MemoTable, Para, TableBlock, plan_deck, plan_memo
from deckgen.templates.sets import TemplateSet, find
from deckgen.writers.deck.chart import chart_xml

from conftest import FIXTURES, ROOT, SHIPPED, ooxml_problems, run_cli

DOCS = ROOT / "docs" / "fields.md"
ITEMS = 3  # items in every generated list: the first two share references, the third differs

# Every leaf kind of the format, by how docs/fields.md names it. A kind missing here fails
# test_every_kind_of_field_is_classified: decide whether it carries text before going on.
KIND_NAMES: dict[type[Kind], str] = {
    Markup: "text", Str: "text", Bullets: "text", schema.FormatVersion: "version", Id: "id",
    Ref: "reference", Choice: "choice", Date: "date", Color: "colour", Number: "number",
    Likelihood: "estimate", Probability: "estimate", Flag: "flag", Cite: "reference",
    Reliability: "choice",
    ContentFile: "file",
}  # fmt: skip
DECK_PLACES = ("title slide", "slide title", "slide text", "table", "source line", "banner",
               "notes", "chart", "chart title", "value axis", "chart labels", "alt text",
               "picture", "properties", "file name")  # fmt: skip
MEMO_PLACES = ("front block", "heading", "paragraph", "caption", "table", "footnotes", "banner",
               "alt text", "picture", "chart", "properties", "file name")  # fmt: skip
# Places that hold no marker: what a field there does is not text (a kind, a value, a name).
UNCHECKED = {"chart", "file name"}
# Removed for the third build, so the defaults they override show (see docs/fields.md).
OVERRIDING = ("memo", "variants", "audience")


# -- the format, walked ---------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    path: str  # `divergences[].detail`: `.` a key, `[]` a list item, `{}` a map key, `.*` its value
    kind: str  # as KIND_NAMES names it

    @property
    def text(self) -> bool:
        return self.kind == "text"


def _leaves(kind: Kind, path: str = "") -> Iterator[Leaf]:
    if isinstance(kind, Record):
        for f in kind.fields:
            yield from _leaves(f.kind, f"{path}.{f.name}" if path else f.name)
    elif isinstance(kind, ListOf):
        yield from _leaves(kind.item, path + "[]")
    elif isinstance(kind, MapOf):
        # names of a free mapping (chart series) are text; keys from a collection are ids
        yield Leaf(path + "{}", "reference" if kind.collection else "text")
        yield from _leaves(kind.value, path + ".*")
    elif isinstance(kind, Bullets):
        yield Leaf(path + "[]", "text")
        yield Leaf(path + "[][]", "text")
    else:
        yield Leaf(path, KIND_NAMES.get(type(kind), f"unclassified {type(kind).__name__}"))


LEAVES = list(_leaves(schema.BRIEFING))
TEXT_LEAVES = [leaf for leaf in LEAVES if leaf.text]


# -- the table in docs/fields.md ------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    kind: str
    deck: tuple[str, ...]  # place names; empty for —
    memo: tuple[str, ...]
    line: int


def _places(cell: str) -> tuple[str, ...]:
    """The place names of a cell: entries split at `;` outside parentheses, each its words
    before the first parenthesis."""
    entries, depth, current = [], 0, ""
    for ch in cell:
        depth += (ch == "(") - (ch == ")")
        if ch == ";" and depth == 0:
            entries.append(current)
            current = ""
        else:
            current += ch
    entries.append(current)
    names = tuple(e.split("(", 1)[0].strip() for e in entries)
    return () if names == ("—",) else names


def _table() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for number, line in enumerate(DOCS.read_text(encoding="utf-8").splitlines(), 1):
        m = re.fullmatch(r"\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|", line.strip())
        if m:
            path, kind, deck, memo = (g.strip() for g in m.groups())
            assert path not in rows, f"docs/fields.md:{number}: a second row for `{path}`"
            rows[path] = Row(kind, _places(deck), _places(memo), number)
    return rows


TABLE = _table()


def test_every_kind_of_field_is_classified() -> None:
    unclassified = {leaf.kind for leaf in LEAVES if leaf.kind.startswith("unclassified")}
    assert not unclassified, f"add these kinds to KIND_NAMES: {sorted(unclassified)}"


def test_every_field_of_the_format_has_one_row_in_the_docs_table() -> None:
    paths = [leaf.path for leaf in LEAVES]
    missing = [p for p in paths if p not in TABLE]
    stale = [p for p in TABLE if p not in paths]
    assert not missing, f"docs/fields.md has no row for: {missing}"
    assert not stale, f"docs/fields.md has rows for fields the format lacks: {stale}"


def test_the_table_names_each_fields_kind_and_known_places() -> None:
    for leaf in LEAVES:
        row = TABLE.get(leaf.path)
        if row is None:
            continue  # test_every_field_of_the_format_has_one_row_in_the_docs_table says so
        where = f"docs/fields.md:{row.line}: `{leaf.path}`"
        assert row.kind == leaf.kind, f"{where} is {leaf.kind}, not {row.kind}"
        assert set(row.deck) <= set(DECK_PLACES), f"{where}: unknown deck place in {row.deck}"
        assert set(row.memo) <= set(MEMO_PLACES), f"{where}: unknown memo place in {row.memo}"


def test_every_text_field_has_a_place_on_the_page() -> None:
    rows = [(leaf.path, TABLE[leaf.path]) for leaf in TEXT_LEAVES if leaf.path in TABLE]
    homeless = [path for path, row in rows if not (set(row.deck) | set(row.memo)) - UNCHECKED]
    assert not homeless, f"text fields shown nowhere: {homeless}"  # fmt: skip


# -- a briefing with a marker in every text field -------------------------------------------


@dataclass
class _Refer:
    """A reference to the ``index``-th id of ``collection``, resolved once all are known."""

    collection: str
    index: int


class _Pairs(list[tuple[Any, Any]]):
    """A mapping's (key, value) pairs whose keys are references still to resolve."""


@dataclass
class Generated:
    """The generated content, and each text field's markers by the field's path."""

    folder: Path
    markers: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    count: int = 0

    def marker(self, path: str, pattern: str | None = None) -> str:
        self.count += 1
        token = f"QZ{self.count:03d}X"  # capitals and digits: no writer changes or escapes them
        # a pattern-bound field (a URL, a language tag) gets the marker in a form it accepts
        value = next(v for v in (token, f"en-{token}", f"https://example.org/{token}")
                     if pattern is None or re.fullmatch(pattern, v))  # fmt: skip
        self.markers[path].append(value)
        return value

    def picture(self, path: str) -> str:
        """A PNG of its own colour, so the one in the outputs is this one."""
        self.count += 1
        name = f"img/picture-{self.count}.png"
        (self.folder / name).parent.mkdir(exist_ok=True)
        (self.folder / name).write_bytes(_png(self.count))
        self.markers[path].append(str(self.folder / name))
        return name

    def value(self, kind: Kind, path: str, item: int, name: str) -> Any:
        """A value for ``kind``; ``item`` is the position in the nearest list of records (the
        k-th item refers to the (k div 2)-th id: shared references and distinct ones)."""
        if isinstance(kind, Record):
            values = {}
            for f in kind.fields:
                at = f"{path}.{f.name}" if path else f.name
                # a picture's path must name a picture: its marker is the picture itself
                picture = kind is schema.IMAGE and f.name == "path"
                values[f.name] = self.picture(at) if picture else self.value(f.kind, at, item,
                                                                             f.name)  # fmt: skip
            return values
        if isinstance(kind, ListOf):
            count = max(ITEMS, kind.min_items)
            if isinstance(kind.item, (Record, ListOf)):
                return [self.value(kind.item, path + "[]", i if isinstance(kind.item, Record)
                                   else item, name) for i in range(count)]  # fmt: skip
            if isinstance(kind.item, Ref):
                # every item is for the first variant's audiences, so each variant shows all
                # or nothing (a variant may not show an item citing a source it hides)
                start = 0 if kind.item.collection == "audiences" else item // 2
                return [_Refer(kind.item.collection, start + i) for i in range(count)]
            if isinstance(kind.item, Id) and kind.item.collection is None:
                # an id defining a collection named after its field (variants' audiences)
                return [self.define(name, f"{name}-{len(self.ids[name])}") for _ in range(count)]
            return [self.value(kind.item, path + "[]", item, name) for _ in range(count)]
        if isinstance(kind, MapOf):
            if kind.collection:
                keys: list[Any] = [_Refer(kind.collection, i) for i in range(ITEMS)]
            else:
                keys = [self.marker(path + "{}") for _ in range(ITEMS)]
            return _Pairs([(k, self.value(kind.value, path + ".*", item, name)) for k in keys])
        if isinstance(kind, Bullets):
            return [self.marker(path + "[]"), [self.marker(path + "[][]")],
                    self.marker(path + "[]")]  # fmt: skip
        if isinstance(kind, (Markup, Str)):
            return self.marker(path, getattr(kind, "pattern", None))
        if isinstance(kind, Id):
            collection = kind.collection or name
            return self.define(collection, f"{collection}-{len(self.ids[collection])}")
        if isinstance(kind, Ref):
            return _Refer(kind.collection, item // 2)
        if isinstance(kind, schema.FormatVersion):
            return 1
        if isinstance(kind, ContentFile):
            return PREVIOUS  # written beside it by build(), with every judgment moved
        if isinstance(kind, Likelihood):
            return "likely"
        if isinstance(kind, Probability):
            return 0.7  # within "likely", so the two agree
        if isinstance(kind, Choice):
            return kind.values[0]
        if isinstance(kind, Date):
            return f"19{10 + self.count % 80}-0{1 + item}-1{item}"
        if isinstance(kind, Color):
            return f"#{(0x224466 + 0x111111 * item) & 0xFFFFFF:06X}"
        if isinstance(kind, Number):
            return 1 + item
        if isinstance(kind, Flag):
            return item % 2 == 1  # both ways: the second section is a backup slide
        raise AssertionError(f"{path}: no generator for {type(kind).__name__}")

    def define(self, collection: str, ident: str) -> str:
        self.ids[collection].append(ident)
        return ident

    def resolve(self, value: Any) -> Any:
        if isinstance(value, _Refer):
            ids = self.ids[value.collection]
            return ids[value.index % len(ids)]
        if isinstance(value, _Pairs):
            return {self.resolve(k): self.resolve(v) for k, v in value}
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value


def _png(seed: int) -> bytes:
    """A 4×4 PNG in one colour that ``seed`` chooses."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    pixel = bytes(((seed * 67) % 256, (seed * 131) % 256, (seed * 29) % 256))
    raw = b"".join(b"\0" + pixel * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))  # fmt: skip


PREVIOUS = "previous.yaml"  # the `previous:` version of the generated briefing


def _earlier(content: dict[str, Any]) -> dict[str, Any]:
    """The generated briefing's previous version: the same, with every judgment and forecast
    at another likelihood, so each one's `change_note` shows in what changed."""
    earlier = {k: v for k, v in content.items() if k != "previous"}
    earlier["id"] = PREVIOUS.removesuffix(".yaml")
    for part in ("key_judgments", "forecasts"):
        earlier[part] = [{**{k: v for k, v in item.items() if k != "probability"},
                          "likelihood": "unlikely"} for item in content[part]]  # fmt: skip
    return earlier


def _without(value: Any, keys: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(v, keys) for v in value]
    return value


# -- what the outputs hold, place by place --------------------------------------------------

Check = Callable[[str], bool]  # a marker -> whether this output holds it in this place


def _any(texts: list[str]) -> Check:
    return lambda marker: any(marker in t for t in texts)


def _xml_text(data: bytes, xpath: str = "//text()") -> list[str]:
    root = etree.fromstring(data)
    found = root.xpath(xpath, namespaces=_NS)
    return ["".join(x.itertext()) if isinstance(x, etree._Element) else str(x) for x in found]


_NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
       "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
       "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}  # fmt: skip
_FURNITURE = {"Marking (top)", "Marking (bottom)", "Source line", "Slide number", "Footer"}


def _media(z: zipfile.ZipFile, folder: str) -> Check:
    blobs = {z.read(n) for n in z.namelist() if n.startswith(folder)}
    return lambda path: Path(path).read_bytes() in blobs


def deck_places(path: Path) -> dict[str, Check]:
    prs = Presentation(str(path))
    texts: dict[str, list[str]] = defaultdict(list)
    banners: list[tuple[str, str]] = []
    for number, slide in enumerate(prs.slides):
        names = {}
        for shape in slide.shapes:
            text = shape.text_frame.text if shape.has_text_frame else ""
            names[shape.name] = text
            if number == 0:
                texts["title slide"].append(text)
            if shape.has_table:
                texts["table"] += [c.text for row in shape.table.rows for c in row.cells]
            elif shape.name == "Source line":
                texts["source line"].append(text)
            elif (
                shape.has_text_frame
                and shape.name not in _FURNITURE
                and (slide.shapes.title is None or shape.shape_id != slide.shapes.title.shape_id)
            ):
                texts["slide text"].append(text)
        if slide.shapes.title is not None:
            texts["slide title"].append(slide.shapes.title.text_frame.text)
        banners.append((names.get("Marking (top)", ""), names.get("Marking (bottom)", "")))
        if slide.has_notes_slide:
            texts["notes"].append(slide.notes_slide.notes_text_frame.text)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if re.fullmatch(r"ppt/charts/chart\d+\.xml", name):
                texts["chart title"] += _xml_text(data, "/c:chartSpace/c:chart/c:title")
                texts["value axis"] += _xml_text(data, "//c:valAx/c:title")
                texts["chart labels"] += _xml_text(data, "//c:ser/c:tx//c:v | //c:cat//c:v")
            elif re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                texts["alt text"] += etree.fromstring(data).xpath("//p:cNvPr/@descr",
                                                                  namespaces=_NS)  # fmt: skip
            elif name == "docProps/core.xml":
                texts["properties"] += _xml_text(data)
        picture = _media(z, "ppt/media/")
    checks: dict[str, Check] = {place: _any(found) for place, found in texts.items()}
    checks["banner"] = lambda m: all(m in top and m in bottom for top, bottom in banners)
    checks["picture"] = picture
    return checks


def memo_places(path: Path) -> dict[str, Check]:
    doc = Document(str(path))
    paragraphs = doc.paragraphs
    # the front block ends at its rule (a bottom border) and the handling line under it
    rule = next(i for i, p in enumerate(paragraphs) if p._p.xpath("./w:pPr/w:pBdr/w:bottom"))
    end = rule + 2 if paragraphs[rule + 1].style.name == "Caption" else rule + 1
    texts: dict[str, list[str]] = defaultdict(list)
    texts["front block"] = [p.text for p in paragraphs[:end]]
    for p in paragraphs[end:]:
        style = p.style.name
        place = ("heading" if style.startswith("Heading") else
                 "caption" if style == "Caption" else "paragraph")  # fmt: skip
        texts[place].append(p.text)
    texts["table"] = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    banners = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name == "word/footnotes.xml":
                texts["footnotes"] += _xml_text(data, "//w:footnote")
            elif re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                banners.append("".join(_xml_text(data, "//w:t/text()")))
            elif name == "word/document.xml":
                texts["alt text"] += etree.fromstring(data).xpath("//wp:docPr/@descr",
                                                                  namespaces=_NS)  # fmt: skip
            elif name == "docProps/core.xml":
                texts["properties"] += _xml_text(data)
        picture = _media(z, "word/media/")
    checks: dict[str, Check] = {place: _any(found) for place, found in texts.items()}
    checks["banner"] = lambda m: bool(banners) and all(m in b for b in banners)
    checks["picture"] = picture
    return checks


@dataclass
class Built:
    markers: dict[str, list[str]]
    decks: list[dict[str, Check]]
    memos: list[dict[str, Check]]
    paths: list[Path]


def build(tmp: Path) -> Built:
    """The generated briefing built in full, as each variant, and without what overrides
    defaults; the places of every deck and memo."""
    ws = tmp / "ws"
    (ws / "content").mkdir(parents=True)
    gen = Generated(ws / "content")
    content = gen.resolve(gen.value(schema.BRIEFING, "", 0, ""))
    content["id"] = "generated"
    files = {"generated": content, "defaults": {**_without(content, OVERRIDING), "id": "defaults"},
             PREVIOUS.removesuffix(".yaml"): _earlier(content)}  # fmt: skip
    for stem, data in files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (ws / "content" / f"{stem}.yaml").write_text(text, encoding="utf-8")
    out = tmp / "out"
    for args in ((), ("--variant", "all")):
        for stem in [f for f in files if f != PREVIOUS.removesuffix(".yaml")] if not args else (
            "generated",
        ):  # fmt: skip
            done = run_cli("build", str(ws / "content" / f"{stem}.yaml"), "-o", str(out), *args,
                           cwd=ws)  # fmt: skip
            assert done.returncode == 0, done.stderr
    decks = sorted(out.glob("*-deck.pptx"))
    memos = sorted(out.glob("*-memo.docx"))
    assert len(decks) == len(memos) == 2 + len(content["variants"])
    return Built(
        gen.markers,
        [deck_places(p) for p in decks],
        [memo_places(p) for p in memos],
        [*decks, *memos],
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("fields"))


def missing(built: Built, leaf: Leaf) -> list[str]:
    """What docs/fields.md promises for ``leaf`` and the outputs do not hold: each marker must
    appear in one of the row's places in each output the row names, and each place named
    must hold one of its markers."""
    row = TABLE.get(leaf.path)
    if row is None:
        return [f"`{leaf.path}` has no row in docs/fields.md: say where it appears"]
    markers = built.markers[leaf.path]
    problems = []
    if not markers:
        return [f"`{leaf.path}`: the generated briefing has no marker for it"]
    for what, places, outputs in (("deck", row.deck, built.decks), ("memo", row.memo, built.memos)):
        checked = [p for p in places if p not in UNCHECKED]
        if not checked:
            continue

        def holds(place: str, marker: str) -> bool:
            return any(place in out and out[place](marker) for out in outputs)  # noqa: B023

        for marker in markers:
            if not any(holds(place, marker) for place in checked):
                problems.append(f"{what}: {marker} is in none of {checked}")
        for place in checked:
            if not any(holds(place, marker) for marker in markers):
                problems.append(f"{what}: the {place} holds none of {markers}")
    return problems


@pytest.mark.parametrize("leaf", TEXT_LEAVES, ids=[leaf.path for leaf in TEXT_LEAVES])
def test_each_text_field_appears_where_the_docs_table_says(built: Built, leaf: Leaf) -> None:
    problems = missing(built, leaf)
    line = TABLE[leaf.path].line if leaf.path in TABLE else "?"
    assert not problems, f"docs/fields.md:{line} `{leaf.path}`: " + "; ".join(problems)


def test_the_generated_briefing_has_a_marker_in_every_text_field(built: Built) -> None:
    assert {leaf.path for leaf in TEXT_LEAVES} <= set(built.markers)
    stray = set(built.markers) - {leaf.path for leaf in TEXT_LEAVES}
    assert not stray, f"markers in fields the walk calls not text: {stray}"


# -- each new home, on its own --------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_briefing() -> Briefing:
    return whole(load_file(SHIPPED, ROOT))


@pytest.fixture(scope="module")
def default_set() -> TemplateSet:
    return find("default", ROOT)


def _titles_and_headers(deck: Deck) -> list[tuple[str, list[str]]]:
    return [(s.title.plain, [c.text.plain for c in s.body.header])
            for s in deck.slides if isinstance(s.body, TableBlock)]  # fmt: skip


def test_a_shared_horizon_stays_in_the_title_and_differing_ones_go_on_their_rows(
    shipped_briefing: Briefing, default_set: TemplateSet
) -> None:
    iran = [f for f in shipped_briefing.forecasts if f.actor == "iran"]
    longer = {iran[-1].statement: "2018–2022", iran[-2].statement: None}  # one longer, one none
    forecasts = tuple(replace(f, horizon=longer.get(f.statement, f.horizon))
                      if f.actor == "iran" else f for f in shipped_briefing.forecasts)  # fmt: skip
    briefing = replace(shipped_briefing, forecasts=forecasts)
    deck = plan_deck(briefing, default_set, default_set.recipe("full"))
    tables = dict(_titles_and_headers(deck))
    # every Russian forecast is for 2017: the title says so once, and no column repeats it
    assert tables["Outlook: Russia (2017)"] == ["Area", "Forecast", "Likelihood", "Confidence"]
    assert tables["Outlook: Iran"] == ["Area", "Forecast", "Horizon", "Likelihood", "Confidence"]
    rows = [row for s in deck.slides if s.title.plain.startswith("Outlook: Iran")
            and isinstance(s.body, TableBlock) for row in s.body.rows]  # fmt: skip
    horizon = {row[1].text.plain: row[2].text.plain for row in rows}
    assert horizon[iran[-1].statement.plain] == "2018–2022"
    assert horizon[iran[-2].statement.plain] == "—"
    assert horizon[iran[0].statement.plain] == "2017"
    memo = plan_memo(briefing, default_set, default_set.recipe("full"))
    headings = [b.text.plain for b in memo.blocks if isinstance(b, Heading) and b.level == 2]
    assert "Russia (2017)" in headings and "Iran" in headings
    bullets = [b.text.plain for b in memo.blocks if isinstance(b, Para)]
    bullet = {f.statement.plain: next(t for t in bullets if f.statement.plain in t) for f in iran}
    assert bullet[iran[-1].statement.plain].startswith("Economic (2018–2022). ")
    assert bullet[iran[-2].statement.plain].startswith("Economic. ")  # no horizon to show
    assert bullet[iran[0].statement.plain].startswith("Diplomatic (2017). ")
    # the executive outlook mixes both actors: their horizons differ, so it has the column
    executive = plan_deck(briefing, default_set, default_set.recipe("executive"))
    assert "Horizon" in dict(_titles_and_headers(executive))["Outlook"]
    executive = plan_deck(shipped_briefing, default_set, default_set.recipe("executive"))
    assert "Horizon" not in dict(_titles_and_headers(executive))["Outlook (2017)"]


def _chart(kind: str, unit: str | None, title: str | None = None) -> Chart:
    series = (("Share", (50.0, 30.0, 20.0)),) if kind == "pie" else (
        ("Alpha", (1.0, 2.0, 3.0)), ("Beta", (3.0, 2.0, 1.0)))  # fmt: skip
    return Chart(kind, ("Air", "Land", "Sea"), series, title, unit)


@pytest.mark.parametrize("kind", ["bar", "column", "line"])
def test_the_unit_titles_the_value_axis(kind: str) -> None:
    root = etree.fromstring(chart_xml(_chart(kind, "km"), ["#1F4E79"], "#1A1A1A"))
    title = root.xpath("//c:valAx/c:title", namespaces=_NS)
    assert ["".join(t.itertext()) for t in title] == ["km"]
    turned = title[0].xpath(".//a:bodyPr/@rot", namespaces=_NS)
    # a vertical value axis (column, line) reads its title turned; a bar's runs along the foot
    assert turned == ([] if kind == "bar" else ["-5400000"])
    if kind == "bar":  # the reversed bars keep their value axis, and so its unit, at the foot
        assert root.xpath("//c:valAx/c:crosses/@val", namespaces=_NS) == ["max"]
    bare = etree.fromstring(chart_xml(_chart(kind, None), ["#1F4E79"], "#1A1A1A"))
    assert not bare.xpath("//c:valAx/c:title", namespaces=_NS)


def test_a_pie_has_no_value_axis_so_its_title_carries_the_unit() -> None:
    def title(chart: Chart) -> list[str]:
        root = etree.fromstring(chart_xml(chart, ["#1F4E79"], "#1A1A1A"))
        return ["".join(t.itertext()) for t in root.xpath("/c:chartSpace/c:chart/c:title",
                                                          namespaces=_NS)]  # fmt: skip

    assert title(_chart("pie", "%")) == ["Share (%)"]
    assert title(_chart("pie", "%", "Forces by domain")) == ["Forces by domain (%)"]
    assert title(_chart("pie", None, "Forces by domain")) == ["Forces by domain"]


def test_the_memo_data_table_heads_each_series_with_the_unit(
    shipped_briefing: Briefing, default_set: TemplateSet
) -> None:
    sections = tuple(replace(s, chart=replace(s.chart, series=(("Distance", s.chart.series[0][1]),),
                                              unit="km")) if s.chart else s
                     for s in shipped_briefing.sections)  # fmt: skip
    memo = plan_memo(replace(shipped_briefing, sections=sections), default_set,
                     default_set.recipe("full"))  # fmt: skip
    headers = [[t.plain for t in b.header] for b in memo.blocks if isinstance(b, MemoTable)]
    assert ["Category", "Distance (km)"] in headers  # the corner labelled (label chart_category)


def _front(path: Path) -> list[tuple[str, str]]:
    doc = Document(str(path))
    rule = next(i for i, p in enumerate(doc.paragraphs) if p._p.xpath("./w:pPr/w:pBdr/w:bottom"))
    return [(p.style.name, p.text) for p in doc.paragraphs[:rule]]


def test_the_memo_front_block_has_the_subtitle_and_the_version(shipped: dict[str, Path]) -> None:
    front = _front(shipped["memo"])
    styles = [style for style, _ in front]
    title = styles.index("Title")
    assert front[title + 1] == ("Subtitle", "Shared goals, divergences and the 2017 outlook")
    # a date is not broken across lines: no-break spaces join its day, month and year
    assert ("Memo Field", "DATE:\t1\u00a0April\u00a02017 · Version 1.0") in front


def test_without_a_date_the_version_has_its_own_line_and_from_defaults_to_the_author(
    tmp_path: Path,
) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace("date: 2017-04-01\n", "").replace(
        "  from: Regional Security Program, Eurasia–Middle East Desk\n", "")  # fmt: skip
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "content", ws / "content")
    (ws / "content" / "russia-iran-2017.yaml").write_text(text, encoding="utf-8")
    done = run_cli("build", "-f", "docx", "-o", str(tmp_path / "out"), cwd=ws)
    assert done.returncode == 0, done.stderr
    fields = [t for style, t in _front(tmp_path / "out" / "russia-iran-2017-memo.docx")
              if style == "Memo Field"]  # fmt: skip
    assert "VERSION:\t1.0" in fields
    assert not any(f.startswith("DATE:") for f in fields)
    assert "FROM:\tEurasia–Middle East Desk, Regional Security Program" in fields


def test_a_memo_template_without_a_subtitle_style_gets_one_and_says_so(tmp_path: Path) -> None:
    source = ROOT / "templates" / "default" / "memo.docx"
    doc = Document(str(source))
    for style in [s for s in doc.styles if s.name == "Subtitle"]:
        style.element.getparent().remove(style.element)
    doc.save(str(tmp_path / "ours.docx"))
    done = run_cli("build", str(SHIPPED), "-f", "docx", "--memo-template",
                   str(tmp_path / "ours.docx"), "-o", str(tmp_path / "out"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "the memo template has no 'Subtitle' style: added one" in done.stderr
    front = _front(tmp_path / "out" / "russia-iran-2017-memo.docx")
    assert ("Subtitle", "Shared goals, divergences and the 2017 outlook") in front


def test_every_field_filled_still_gives_valid_packages(built: Built) -> None:
    assert not ooxml_problems(*built.paths)


def test_charts_with_units_read_back_in_python_pptx_and_validate(tmp_path: Path) -> None:
    text = (FIXTURES / "charts.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(\n      type: (\w+)\n)", lambda m: f"{m.group(1)}      unit: u-{m.group(2)}\n",
                  text)  # fmt: skip
    (tmp_path / "charts.yaml").write_text(text, encoding="utf-8")
    done = run_cli("build", str(tmp_path / "charts.yaml"), "-o", str(tmp_path / "out"),
                   cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    deck = tmp_path / "out" / "charts-deck.pptx"
    charts = [s.chart for slide in Presentation(str(deck)).slides for s in slide.shapes
              if s.has_chart]  # fmt: skip
    axes = {c.chart_type: c.value_axis.axis_title.text_frame.text for c in charts
            if c.plots[0].__class__.__name__ != "PiePlot"}  # fmt: skip
    assert sorted(axes.values()) == ["u-bar", "u-column", "u-line"]
    pie = next(c for c in charts if c.plots[0].__class__.__name__ == "PiePlot")
    assert pie.chart_title.text_frame.text == "Share (u-pie)"
    assert not ooxml_problems(deck, tmp_path / "out" / "charts-memo.docx")
