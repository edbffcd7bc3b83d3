"""The memo writer: cached template preparation, text-built parts, and a linear table path."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from deckgen.build.clock import time_of as build_time
from deckgen.build.inputs import media
from deckgen.content.load import load_file
from deckgen.content.variants import whole
from deckgen.plan import Memo, MemoTable, Para, plan_memo
from deckgen.templates import memo as memoprep
from deckgen.templates.sets import TemplateSet, find
from deckgen.text import parse, plain
from deckgen.writers.memo import write_memo

from conftest import ROOT, SHIPPED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty template cache for this test, and a fixed build time."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(folder))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return folder


@pytest.fixture(scope="module")
def template() -> TemplateSet:
    return find("default", ROOT)


@pytest.fixture(scope="module")
def memo(template: TemplateSet) -> Memo:
    return plan_memo(whole(load_file(SHIPPED, ROOT)), template, template.recipe("full"))


def write(memo: Memo, template: TemplateSet) -> tuple[bytes, list[str]]:
    """The memo written as a build writes it: the template prepared (through the cache),
    the shipped briefing's pictures, the build time of the environment."""
    pictures = media(load_file(SHIPPED, ROOT), template)
    when = build_time(memo.properties.get("date", ""))
    return write_memo(memo, template, memoprep.prepare(template), pictures, when)


def entries(cache: Path) -> list[Path]:
    return sorted((cache / memoprep.KIND).glob("*.json"))


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_cold_and_warm_cache_give_identical_bytes(cache: Path, template: TemplateSet,
                                                  memo: Memo) -> None:  # fmt: skip
    cold, cold_warnings = write(memo, template)
    assert len(entries(cache)) == 1
    warm, warm_warnings = write(memo, template)
    assert warm == cold
    assert warm_warnings == cold_warnings
    assert len(entries(cache)) == 1


def test_a_warm_build_never_imports_python_docx(cache: Path) -> None:
    out = cache.parent / "out"
    command = [sys.executable, "-X", "importtime", "-m", "deckgen", "build", str(SHIPPED),
               "-f", "docx", "-o", str(out)]  # fmt: skip
    for _ in range(2):  # the first build fills the cache
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    imported = [line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:") and "|" in line]  # fmt: skip
    assert "deckgen.writers.memo.body" in imported
    assert not [m for m in imported if m.split(".")[0] == "docx"]


def test_a_changed_memo_template_is_prepared_again(
    cache: Path, tmp_path: Path, template: TemplateSet, memo: Memo
) -> None:
    own = tmp_path / "memo.docx"
    shutil.copy(template.memo, own)
    changed = dataclasses.replace(template, memo=own)
    first, _ = write(memo, changed)
    # a different page width: the template's bytes change, and so must the memo
    files = parts(own.read_bytes())
    files["word/document.xml"] = files["word/document.xml"].replace(b'w:w="12240"', b'w:w="11906"')
    with zipfile.ZipFile(own, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in files.items():
            z.writestr(name, blob)
    second, _ = write(memo, changed)
    assert len(entries(cache)) == 2
    assert b'w:w="11906"' in parts(second)["word/document.xml"]
    assert first != second


def test_changed_style_settings_are_prepared_again(cache: Path, template: TemplateSet,
                                                   memo: Memo) -> None:  # fmt: skip
    write(memo, template)
    renamed = dataclasses.replace(template, styles={**template.styles, "quote": "Intense Quote"})
    data, _ = write(memo, renamed)
    assert len(entries(cache)) == 2
    assert b'<w:pStyle w:val="IntenseQuote"/>' in parts(data)["word/document.xml"]


@pytest.mark.parametrize("damage", ["not json {", '{"format": 1}', "[]", "truncated"])
def test_a_damaged_cache_entry_is_ignored(cache: Path, template: TemplateSet, memo: Memo,
                                          damage: str) -> None:  # fmt: skip
    good, _ = write(memo, template)
    (entry,) = entries(cache)
    if damage == "truncated":
        value = json.loads(entry.read_text())
        value["document"] = value["document"][:1000]  # the body mark is gone
        damage = json.dumps(value)
    entry.write_text(damage)
    again, _ = write(memo, template)
    assert again == good
    assert json.loads(entry.read_text())["format"] == memoprep.FORMAT  # stored afresh


def test_a_large_table_builds_with_every_row(cache: Path, template: TemplateSet,
                                             memo: Memo) -> None:  # fmt: skip
    rows = [[plain(f"Row {i}"), parse(f"**{i}** & <{i}>"), plain("")] for i in range(3000)]
    table = MemoTable([plain("A"), plain("B"), plain("C")], rows, [0.2, 0.5, 0.3])
    big = dataclasses.replace(memo, blocks=[*memo.blocks, table])
    data, _ = write(big, template)
    root = etree.fromstring(parts(data)["word/document.xml"])
    last = root.findall(f".//{W}tbl")[-1]
    assert len(last.findall(f"{W}tr")) == 3001
    cells = last.findall(f"{W}tr")[-1].findall(f"{W}tc")
    assert "".join(cells[1].itertext()) == "2999 & <2999>"


def test_text_is_escaped_and_spacing_kept(cache: Path, template: TemplateSet,
                                          memo: Memo) -> None:  # fmt: skip
    tricky = "  a & b < c > d \"e\" 'f'\tg\nh  "
    odd = dataclasses.replace(memo, blocks=[*memo.blocks, Para(plain(tricky))])
    data, _ = write(odd, template)
    root = etree.fromstring(parts(data)["word/document.xml"])
    last = root.findall(f".//{W}body/{W}p")[-1]
    kinds = [child.tag.removeprefix(W) for child in last.find(f"{W}r")]
    assert kinds == ["t", "tab", "t", "br", "t"]
    first = last.find(f"{W}r/{W}t")
    assert first.text == "  a & b < c > d \"e\" 'f'"
    assert first.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_a_control_character_is_refused_like_lxml_refuses_it(cache: Path,
                                                              template: TemplateSet,
                                                              memo: Memo) -> None:  # fmt: skip
    odd = dataclasses.replace(memo, blocks=[*memo.blocks, Para(plain("bell \x07"))])
    with pytest.raises(ValueError, match="XML compatible"):
        write(odd, template)
