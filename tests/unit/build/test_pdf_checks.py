"""The PDF step's own work (pinning, PDF/UA, layout checks) runs in -j N processes for a
batch, in order, and in this process where forking is not safe."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from pathlib import Path

import pytest

from deckgen.build import pdfs


def _where(check: pdfs._Check) -> tuple[str, int]:
    return check.where, os.getpid()


def _checks(count: int) -> list[pdfs._Check]:
    return [pdfs._Check(Path(f"b{n}.pdf"), Path(f"b{n}.pptx"), dt.datetime(2017, 4, 1), "en",
                        [], f"out/b{n}.pdf", False) for n in range(count)]  # fmt: skip


@pytest.mark.skipif(sys.platform != "linux", reason="the parallel step forks, on Linux only")
def test_a_batch_is_examined_in_worker_processes_in_its_order(monkeypatch):
    monkeypatch.setattr(pdfs, "_examine", _where)
    seen = pdfs._examined(_checks(6), jobs=2)
    assert [where for where, _pid in seen] == [f"out/b{n}.pdf" for n in range(6)]
    assert os.getpid() not in {pid for _where, pid in seen}


@pytest.mark.parametrize("jobs, count", [(1, 6), (2, 2)])
def test_one_job_or_two_pdfs_stay_in_this_process(monkeypatch, jobs, count):
    monkeypatch.setattr(pdfs, "_examine", _where)
    assert {pid for _w, pid in pdfs._examined(_checks(count), jobs)} == {os.getpid()}


def test_no_fork_while_another_thread_runs(monkeypatch):
    """A preview serves pages from threads: a child forked while one holds a lock (an
    import's, a logger's) would wait on it for ever."""
    monkeypatch.setattr(pdfs, "_examine", _where)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)
    server.start()
    try:
        assert {pid for _w, pid in pdfs._examined(_checks(6), 2)} == {os.getpid()}
    finally:
        stop.set()
        server.join()


def test_a_memo_refill_could_not_mend_is_warned_of_once_it_is_written(monkeypatch, tmp_path):
    """refill measures every memo's last page once; the PDF step says which stayed short,
    and writes the PDF all the same (a short last page is a blemish, not a refusal)."""
    from deckgen.build.refill import Refills
    from deckgen.build.run import Report
    from deckgen.pdf import convert

    from support.writer_inputs import briefing, template

    brief = briefing()
    memo = f"{brief.id}-memo.docx"

    def fake_convert(files, out_dir, export=convert.PDF_FILTER):
        out_dir.mkdir(parents=True, exist_ok=True)
        for f in files:
            (out_dir / (f.stem + ".pdf")).write_bytes(b"%PDF drawn")
        return [out_dir / (f.stem + ".pdf") for f in files]

    monkeypatch.setattr(convert, "convert", fake_convert)
    monkeypatch.setattr(pdfs, "refill", lambda made, *_: Refills({}, {made[0].name: 0.11}))
    monkeypatch.setattr(pdfs, "_examined", lambda checks, jobs: [
        pdfs._Seen(True, None, b"%PDF finished", "", []) for _ in checks])  # fmt: skip
    report = Report()
    written = pdfs.make_pdfs([(brief, {memo: b"docx"})], tmp_path, report, template())
    assert [p.name for p in written] == [f"{brief.id}-memo.pdf"]
    assert (tmp_path / f"{brief.id}-memo.pdf").read_bytes() == b"%PDF finished"
    said = [w.message for w in report.warnings]
    assert said == [f"{brief.id}-memo.pdf's last page is only 11% full: a few lines stand "
                    "alone on a page"], said  # fmt: skip
