"""deckgen.usercache: where analyses are cached, their keys, and storing and loading them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deckgen import usercache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(folder))
    return folder


def test_the_cache_folder_is_named_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", "/somewhere/deckgen-cache")
    assert usercache.cache_dir() == Path("/somewhere/deckgen-cache")
    monkeypatch.delenv("DECKGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert usercache.cache_dir() == Path("/xdg/deckgen")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", "/home/someone")
    assert usercache.cache_dir() == Path("/home/someone/.cache/deckgen")


def test_a_key_depends_on_every_part_and_where_they_split() -> None:
    assert usercache.key(b"ab", "c") == usercache.key(b"ab", b"c")  # str is its UTF-8
    assert usercache.key(b"ab", b"c") != usercache.key(b"a", b"bc")  # lengths count
    assert usercache.key(b"x") != usercache.key(b"y")
    assert len(usercache.key()) == 64


def test_the_code_stamp_is_stable_within_a_run() -> None:
    assert usercache.code_stamp() == usercache.code_stamp()
    assert len(usercache.code_stamp()) == 16


def test_store_then_load_round_trips(cache: Path) -> None:
    usercache.store("deck", "k1", {"a": [1, 2], "b": "é"})
    assert usercache.load("deck", "k1") == {"a": [1, 2], "b": "é"}
    assert [p.name for p in (cache / "deck").iterdir()] == ["k1.json"]  # no temporary left


def test_load_of_an_absent_damaged_or_non_object_entry_is_none(cache: Path) -> None:
    assert usercache.load("deck", "missing") is None
    (cache / "deck").mkdir(parents=True)
    (cache / "deck" / "bad.json").write_text("{not json", encoding="utf-8")
    (cache / "deck" / "list.json").write_text(json.dumps([1, 2]), encoding="utf-8")
    assert usercache.load("deck", "bad") is None
    assert usercache.load("deck", "list") is None


def test_a_cache_that_cannot_be_written_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(blocker / "under-a-file"))
    usercache.store("deck", "k", {"a": 1})  # no exception
    assert usercache.load("deck", "k") is None


def test_store_replaces_an_older_entry(cache: Path) -> None:
    usercache.store("memo", "k", {"v": 1})
    usercache.store("memo", "k", {"v": 2})
    assert usercache.load("memo", "k") == {"v": 2}


@pytest.mark.parametrize("data", [b"", b"\x00\xff binary", bytes(range(256))])
def test_pack_and_unpack_round_trip_bytes_through_json(data: bytes) -> None:
    text = usercache.pack(data)
    assert isinstance(json.loads(json.dumps(text)), str)
    assert usercache.unpack(text) == data
