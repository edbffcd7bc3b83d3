"""The warm renderer gets the one-shot run's PDF/UA options, from the same strings."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from deckgen.errors import PdfError
from deckgen.pdf import convert, warm


def test_pdfua_options_come_from_pdf_filter():
    assert warm.export_options(convert.PDF_FILTER) == ("impress_pdf_Export",
                                                       ["PDFUACompliance=true"])  # fmt: skip
    name, options = warm.export_options(convert.HANDOUT_FILTER)
    assert name == "impress_pdf_Export"
    assert options == ["PDFUACompliance=true", "ExportNotesPages=true",
                       "ExportOnlyNotesPages=true"]  # fmt: skip


def test_memo_gets_writers_filter():
    assert warm._filter_for(Path("a-memo.docx"), "impress_pdf_Export") == "writer_pdf_Export"
    assert warm._filter_for(Path("a-deck.pptx"), "impress_pdf_Export") == "impress_pdf_Export"


def test_no_uno_python_is_a_stated_fallback(monkeypatch, tmp_path):
    monkeypatch.setattr(warm, "uno_python", lambda: None)
    renderer, why = warm.start(tmp_path)
    assert renderer is None and "python3-uno" in why
    assert warm.active() is None


class _Fake:
    """A warm renderer that writes an empty PDF per file and remembers what it was given."""

    def __init__(self, fail: bool = False, delay: float = 0.0) -> None:
        self.given: list[str] = []
        self.fail = fail
        self.delay = delay

    def convert(self, files, out_dir, export):  # type: ignore[no-untyped-def]
        time.sleep(self.delay)
        if self.fail:
            raise PdfError("LibreOffice could not convert it")
        out_dir.mkdir(parents=True, exist_ok=True)
        self.given += [f.name for f in files]
        for f in files:
            (out_dir / f"{f.stem}.pdf").write_bytes(b"")
        return [out_dir / f"{f.stem}.pdf" for f in files]

    def alive(self) -> bool:
        return True


def _files(tmp_path: Path, sizes: dict[str, int]) -> list[Path]:
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
    return [tmp_path / n for n in sizes]


def test_renderers_take_the_next_file_when_free_and_keep_the_order(tmp_path):
    """One queue, largest first: a renderer busy with a long deck does not hold a share of
    its own while the other idles (a static split gave each two files here)."""
    files = _files(tmp_path, {"a-deck.pptx": 900, "a-memo.docx": 300, "b-deck.pptx": 800,
                              "b-memo.docx": 200})  # fmt: skip
    slow, quick = _Fake(delay=1.0), _Fake()
    made = warm.Renderers([slow, quick]).convert(files, tmp_path / "pdf", convert.PDF_FILTER)  # type: ignore[list-item]
    assert [p.name for p in made] == ["a-deck.pdf", "a-memo.pdf", "b-deck.pdf", "b-memo.pdf"]
    assert sorted(slow.given + quick.given) == sorted(f.name for f in files)
    assert len(slow.given) == 1 and slow.given[0] in ("a-deck.pptx", "b-deck.pptx")
    assert quick.given[-2:] == ["a-memo.docx", "b-memo.docx"]  # the largest went first


def test_a_failing_renderer_fails_the_batch(tmp_path):
    files = _files(tmp_path, {"a-deck.pptx": 10, "a-memo.docx": 5})
    renderers = warm.Renderers([_Fake(delay=0.5), _Fake(fail=True)])  # type: ignore[list-item]
    with pytest.raises(PdfError):
        renderers.convert(files, tmp_path / "pdf", convert.PDF_FILTER)


class _Property:
    def __init__(self, Name, Value):
        self.Name, self.Value = Name, Value


class _Document:
    def __init__(self, fail: bool) -> None:
        self.fail, self.closed, self.stored = fail, False, None

    def storeToURL(self, url, props):
        self.stored = (url, {p.Name: p.Value for p in props})
        if self.fail:
            raise RuntimeError("export failed")

    def close(self, deliver):
        self.closed = deliver


class _Desktop:
    def __init__(self, document) -> None:
        self.document, self.loaded = document, None

    def loadComponentFromURL(self, url, frame, flags, props):
        self.loaded = (url, {p.Name: p.Value for p in props})
        return self.document


@pytest.fixture
def fake_uno(monkeypatch):
    """Stand-ins for LibreOffice's uno modules, which only the system Python has."""
    import sys
    import types

    uno = types.SimpleNamespace(systemPathToFileUrl=lambda p: "file://" + p,
                                Any=lambda kind, value: (kind, value))  # fmt: skip
    beans = types.SimpleNamespace(PropertyValue=_Property)
    monkeypatch.setitem(sys.modules, "uno", uno)
    monkeypatch.setitem(sys.modules, "com", types.ModuleType("com"))
    monkeypatch.setitem(sys.modules, "com.sun", types.ModuleType("com.sun"))
    monkeypatch.setitem(sys.modules, "com.sun.star", types.ModuleType("com.sun.star"))
    monkeypatch.setitem(sys.modules, "com.sun.star.beans", beans)


@pytest.mark.parametrize("fail", [False, True])
def test_the_server_loads_hidden_and_always_closes(fake_uno, fail):
    """Loaded hidden and read-only, as soffice --convert-to loads (a visible frame costs a
    deck a sixth of its conversion); typed filter options; closed even when the export
    fails, or a renderer kept running would hold every failed document open."""
    from deckgen.pdf import warm_server

    document = _Document(fail)
    desktop = _Desktop(document)
    request = {"in": "/tmp/a.pptx", "out": "/tmp/a.pdf", "filter": "impress_pdf_Export",
               "options": ["PDFUACompliance=true", "Quality=90", "Watermark=draft"]}  # fmt: skip
    if fail:
        with pytest.raises(RuntimeError):
            warm_server.convert(desktop, request)
    else:
        warm_server.convert(desktop, request)
    assert desktop.loaded == ("file:///tmp/a.pptx", {"Hidden": True, "ReadOnly": True})
    url, stored = document.stored
    assert url == "file:///tmp/a.pdf" and stored["FilterName"] == "impress_pdf_Export"
    kind, options = stored["FilterData"]
    assert kind == "[]com.sun.star.beans.PropertyValue"
    assert [(o.Name, o.Value) for o in options] == [
        ("PDFUACompliance", True), ("Quality", 90), ("Watermark", "draft")]  # fmt: skip
    assert document.closed is True


class _Renderer:
    def alive(self):
        return True

    def stop(self):
        pass


def test_renderers_keep_their_profiles_one_each(monkeypatch, tmp_path):
    """A warm LibreOffice starts on a profile kept in the user cache (0.8 s, not 1.0-1.2 s
    on a new one), never on one another running renderer holds; where the kept one fails
    to start (a killed run can leave it damaged) the renderer gets a new one."""
    from deckgen.usercache import cache_dir

    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    asked: list[Path | None] = []

    class Launch(warm.Launched):
        def __init__(self, ok: bool) -> None:
            self.ok = ok

        def ready(self):  # type: ignore[no-untyped-def]
            return (_Renderer(), "") if self.ok else (None, f"{warm.STARTUP_FAILED} (damaged)")

    def fake_launch(folder, profile=None):
        asked.append(profile)
        return Launch(not (profile is not None and profile.parent.name.endswith("-1")))

    monkeypatch.setattr(warm, "launch", fake_launch)
    kept = [cache_dir() / f"soffice-profile-warm-{n}" / "profile" for n in range(4)]
    with warm.running(2) as why:
        assert why == ""
        assert sorted(str(p) for p in asked) == sorted(map(str, [kept[0], kept[1], None]))
        assert asked.count(None) == 1  # slot 1 would not start: a new profile instead
        asked.clear()
        with warm.running(1):  # a second watch while the first runs: the next free slot
            assert asked == [kept[2]]
    asked.clear()
    with warm.running(1):
        assert asked == [kept[0]]  # released when the first batch ended
