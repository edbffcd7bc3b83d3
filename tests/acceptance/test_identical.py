"""Speed changed nothing: the same bytes cached or not, in parallel or not, and as recorded.

tests/golden/digests.json holds the SHA-256 of every part of every output of the reference
briefings (tools/golden.py writes it). Any optimisation that changes one byte fails here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHIPPED, run_cli

sys.path.insert(0, str(ROOT / "tools"))
import golden

EPOCH = {"SOURCE_DATE_EPOCH": golden.EPOCH}


def test_outputs_match_the_recorded_digests() -> None:
    recorded = json.loads(golden.GOLDEN.read_text(encoding="utf-8"))
    built = golden.build_all()
    assert sorted(built) == sorted(recorded)
    changed = {
        name: sorted(m for m in set(built[name]) | set(recorded[name])
                     if built[name].get(m) != recorded[name].get(m))
        for name in built
    }  # fmt: skip
    assert not {k: v for k, v in changed.items() if v}, (
        "outputs changed; if that was meant, run tools/golden.py after checking the parts "
        "with tools/compare_packages.py"
    )


def _workspace(tmp_path: Path, count: int) -> Path:
    """A workspace with ``count`` copies of the shipped briefing under distinct ids."""
    ws = tmp_path / "ws"
    # the shipped briefing alone (content/ holds its review too) and its picture
    shutil.copytree(ROOT / "content" / "img", ws / "content" / "img")
    shutil.copy(SHIPPED, ws / "content")
    text = SHIPPED.read_text(encoding="utf-8")
    for i in range(1, count):
        (ws / "content" / f"copy-{i}.yaml").write_text(
            text.replace("id: russia-iran-2017", f"id: copy-{i}"), encoding="utf-8"
        )
    return ws


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.*x"))}


def test_cold_and_warm_template_cache_and_parallel_jobs_give_the_same_bytes(
    tmp_path: Path,
) -> None:
    ws = _workspace(tmp_path, 3)
    runs = {}
    for name, cache, jobs in (("cold", "c1", "1"), ("warm", "c1", "1"), ("parallel", "c2", "2")):
        env = {**EPOCH, "DECKGEN_CACHE_DIR": str(tmp_path / cache)}
        done = run_cli("build", "-o", str(tmp_path / name), "-j", jobs, cwd=ws, env=env)
        assert done.returncode == 0, done.stderr
        runs[name] = _outputs(tmp_path / name)
    assert len(runs["cold"]) == 6
    assert runs["cold"] == runs["warm"] == runs["parallel"]
    assert list((tmp_path / "c1" / "deck").glob("*.json")), "the template analysis was cached"


def test_a_damaged_template_cache_entry_is_read_again(tmp_path: Path) -> None:
    env = {**EPOCH, "DECKGEN_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("build", str(SHIPPED), "-f", "pptx", "-o", str(tmp_path / "a"), env=env)
    assert first.returncode == 0, first.stderr
    for entry in (tmp_path / "cache" / "deck").glob("*.json"):
        entry.write_text('{"width": "not a number"', encoding="utf-8")
    again = run_cli("build", str(SHIPPED), "-f", "pptx", "-o", str(tmp_path / "b"), env=env)
    assert again.returncode == 0, again.stderr
    assert _outputs(tmp_path / "a") == _outputs(tmp_path / "b")


def test_a_rebuild_with_nothing_changed_writes_nothing_and_imports_nothing_heavy(
    tmp_path: Path,
) -> None:
    ws = _workspace(tmp_path, 1)
    out = tmp_path / "out"
    assert run_cli("build", "-o", str(out), cwd=ws).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.*x")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "deckgen", "build", "-o", str(out)],
        cwd=ws, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.*x")} == before
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}  # fmt: skip
    heavy = {m for m in imported if m.split(".")[0] in ("pptx", "docx", "lxml", "xlsxwriter")}
    assert not heavy, f"a no-op build imported {sorted(heavy)}"
    assert len(imported) > 20, "the import log was read"


def test_changes_that_matter_rebuild_and_others_do_not(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, 1)
    out = tmp_path / "out"
    deck = out / "russia-iran-2017-deck.pptx"
    assert run_cli("build", "-o", str(out), cwd=ws).returncode == 0

    def rebuilt(*args: str) -> bool:
        stamp = deck.stat().st_mtime_ns
        time.sleep(0.01)
        done = run_cli("build", "-o", str(out), *args, cwd=ws)
        assert done.returncode == 0, done.stderr
        return deck.stat().st_mtime_ns != stamp

    image = ws / "content" / "img" / "alignment.png"
    os.utime(image)  # touched, same bytes
    assert not rebuilt()
    image.write_bytes(image.read_bytes() + b"\0")  # the picture changed
    assert rebuilt()
    assert not rebuilt()
    assert rebuilt("--force")
    assert rebuilt("--recipe", "executive")  # options are part of the key
    from deckgen.build.record import record_path

    record = record_path(out)
    assert record.is_file(), "the record lives in the user cache, not among the outputs"
    assert sorted(p.name for p in out.iterdir()) == [
        "russia-iran-2017-deck.pptx", "russia-iran-2017-memo.docx"]  # fmt: skip
    record.write_text("{ not json", encoding="utf-8")
    damaged = run_cli("build", "-o", str(out), cwd=ws)
    assert damaged.returncode == 0
    assert "build cache could not be read" in damaged.stderr
    deck.unlink()  # an output removed by hand is written again
    assert run_cli("build", "-o", str(out), cwd=ws).returncode == 0
    assert deck.exists()


@pytest.mark.parametrize("name", ["minimal.yaml"])
def test_an_edited_content_file_is_rebuilt(tmp_path: Path, name: str) -> None:
    ws = tmp_path / "ws"
    (ws / "content").mkdir(parents=True)
    source = ws / "content" / name
    source.write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", "-o", str(out), cwd=ws).returncode == 0
    first = _outputs(out)
    source.write_text(source.read_text(encoding="utf-8").replace("Minimal", "Edited"),
                      encoding="utf-8")  # fmt: skip
    assert run_cli("build", "-o", str(out), cwd=ws).returncode == 0
    assert _outputs(out) != first
