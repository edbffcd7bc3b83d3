"""Rendered decks and memos to checked PDFs and handouts, as `build` and `dist` make them.

One LibreOffice run per batch (and one for its handouts), or with -j N, N kept running; a
memo's stranded last page set again (build/refill.py); then each PDF pinned, finished to
PDF/UA and judged (fonts, PDF/UA rules, clipped notes), in N processes with -j N.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from deckgen.boundary import display
from deckgen.build.outputs import DECK, write_output
from deckgen.build.refill import Refilled, refill
from deckgen.errors import DeckgenError, Diagnostic, Location

if TYPE_CHECKING:
    from deckgen.content.model import Briefing
    from deckgen.templates.sets import TemplateSet


class Findings(Protocol):
    """Where the PDF step reports: a build's report, or a bundle run's."""

    errors: list[DeckgenError]
    warnings: list[Diagnostic]


def make_pdfs(rendered: list[tuple[Briefing, dict[str, bytes]]], out_dir: Path,
              report: Findings, template: TemplateSet, strict: bool = False,
              shown: Callable[[Path], str] = display,
              kinds: Mapping[str, tuple[str, ...]] | None = None,
              jobs: int = 1) -> list[Path]:  # fmt: skip
    """One LibreOffice run for the whole batch (and one more for handouts: a run takes one
    set of export options); PDFs move into place only when all succeed, and only those
    drawn in the fonts their text was fitted to. Each finished PDF is checked against the
    PDF/UA rules (deckgen.pdf.check): a failure is a warning, or with ``strict`` an error and
    the PDF is not written. ``shown`` names a PDF in a warning. ``kinds``: briefing id -> the
    PDF formats to make of it ("pdf": deck and memo, "handout"); unnamed ones get "pdf".
    ``jobs`` over 1, for a batch: that many LibreOffices kept running convert it together.
    A memo whose last page is nearly empty is set closer or more open where that mends it
    (build/refill.py): its new bytes replace those in ``rendered`` and in ``out_dir``."""
    from deckgen.build.pipeline import build_time
    from deckgen.pdf import convert as pdf
    from deckgen.scratch import folder

    with folder("deckgen-pdf-") as staging:
        sources: list[Path] = []
        handouts: list[Path] = []  # the decks again, named ID-handout.pptx
        when = {}  # PDF name -> the build time of its briefing
        language = {}  # PDF name -> its briefing's language
        office = {}  # PDF name -> the file it is made from, relative to staging
        (staging / "handout").mkdir()
        for briefing, files_out in rendered:
            wanted = (kinds or {}).get(briefing.id, ("pdf",))
            for name, data in files_out.items():
                for kind, source in _sources(name, wanted):
                    (staging / source).write_bytes(data)
                    (handouts if kind == "handout" else sources).append(staging / source)
                    made_name = Path(source).stem + ".pdf"
                    when[made_name] = build_time(briefing)
                    office[made_name] = source
                    language[made_name] = briefing.language
        try:
            with _renderers(jobs, len(sources) + len(handouts), report):
                made = pdf.convert(sources, staging / "pdf")
                made += pdf.convert(handouts, staging / "pdf", pdf.HANDOUT_FILTER)
                refilled = refill(made, office, staging, when)
        except DeckgenError as exc:
            report.errors.append(exc)
            return []
        _reset(refilled.mended, office, staging, rendered, out_dir, shown, report)
        measured = (
            _measured_faces(template) if any(n.endswith(".pptx") for n in office.values()) else []
        )
        problems: dict[tuple[str, str, str, str], list[str]] = {}
        written = []
        untagged = []
        clipped: list[Diagnostic] = []
        checks = [_Check(made_pdf, staging / office[made_pdf.name], when[made_pdf.name],
                         language[made_pdf.name], measured, shown(out_dir / made_pdf.name),
                         strict) for made_pdf in made]  # fmt: skip
        for check, seen in zip(checks, _examined(checks, jobs), strict=True):
            name = check.made.name
            target = out_dir / name
            if not seen.tagged and strict:
                report.errors.append(_inaccessible(name, "it is untagged"))
                continue
            if not seen.tagged:
                untagged.append(name)
            if seen.problem:
                deck = check.source.suffix == ".pptx"
                where = str(template.deck if deck else template.memo)
                problems.setdefault((where, *seen.problem), []).append(name)
            if seen.finished is None:
                continue  # refused: a PDF that overflows is worse than none
            clipped += seen.clipped
            if name in refilled.short:
                clipped.append(_stranded(refilled.short[name], name, check.where))
            if seen.failed and strict:
                report.errors.append(_inaccessible(name, seen.failed))
                continue
            if seen.failed:
                report.warnings.append(Diagnostic(
                    Location(check.where), f"fails PDF/UA checks: {seen.failed}",
                    "A screen reader may miss or misread this PDF. Build with --strict to "
                    "refuse such PDFs, and report it: deckgen's PDF step should prevent it.",
                    severity="warning"))  # fmt: skip
            write_output(target, seen.finished)
            written.append(target)
        _report_fonts(problems, report)
        report.warnings += clipped
        if untagged:
            report.warnings.append(untagged_warning(untagged))
        return written


class _Check(NamedTuple):
    """One PDF LibreOffice made, and what judging it needs (sent to a worker process)."""

    made: Path
    source: Path  # the .pptx or .docx it was made from
    when: dt.datetime
    language: str
    measured: list[str]  # the faces the deck's text was fitted in
    where: str  # the finished PDF as a warning names it
    strict: bool


class _Seen(NamedTuple):
    """What the PDF step found of one PDF: ``finished`` is None where it is refused."""

    tagged: bool
    problem: tuple[str, str, str] | None
    finished: bytes | None
    failed: str
    clipped: list[Diagnostic]  # a handout's notes that run past its pages


def _examine(check: _Check) -> _Seen:
    """A PDF as LibreOffice wrote it to the one deckgen writes, with its findings: untagged,
    fonts, PDF/UA, a handout's clipped notes (a memo's last page was measured by refill)."""
    from deckgen.pdf import convert as pdf

    data = check.made.read_bytes()
    office = check.source.read_bytes()
    deck = check.source.suffix == ".pptx"
    handout = check.source.parent.name == "handout"
    tagged = pdf.tagged(data)
    problem = pdf.font_problem(data, office, check.measured if deck else [])
    if (not tagged and check.strict) or (problem and problem[0] == "error"):
        return _Seen(tagged, problem, None, "", [])
    # LibreOffice stamps the clock and a random id: pinned, so rebuilds match
    finished = pdf.finish(data, office, check.when, check.language, handout)
    failed = pdfua_findings(finished, check.language) if tagged else ""
    clipped = _clipped(finished, check.made.name, check.where) if handout else []
    return _Seen(tagged, problem, finished, failed, clipped)


def _examined(checks: list[_Check], jobs: int) -> list[_Seen]:
    """Every PDF examined, in order: with ``jobs`` over 1, in that many processes (this step
    is Python's own work, a tenth of a second a PDF, which one process does a PDF at a time)."""
    import sys
    import threading

    # Forked workers start at once with deckgen loaded; a fork is safe only while no other
    # thread runs (a preview's server threads could hold a lock the child then waits on),
    # and on Linux (macOS forbids it to its frameworks, and a spawned one re-imports it all)
    if jobs < 2 or len(checks) < 3 or threading.active_count() > 1 or sys.platform != "linux":
        return [_examine(check) for check in checks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(jobs, len(checks)), mp_context=context) as pool:
        return list(pool.map(_examine, checks))


@contextlib.contextmanager
def _renderers(jobs: int, files: int, report: Findings) -> Iterator[None]:
    """``jobs`` warm renderers for a batch of more than two files (one LibreOffice converts
    one file at a time, so -j N draws N at once): those the build started while it rendered
    (build/run.py), else new ones, unless some already run (watch, preview); where none can
    start, the one-shot run, and a warning that says why."""
    from deckgen.pdf import warm

    count = warm.for_batch(jobs, files)
    ahead = warm.pending()
    if not count or warm.active() is not None:
        yield
        return
    with contextlib.ExitStack() as stack:
        if ahead is not None:
            why = ahead.ready()
            # stopped as soon as the PDFs are drawn, as running() stops its own: the checks
            # after this fork their workers only while no other thread runs
            stack.callback(ahead.stop)
        else:
            why = stack.enter_context(warm.running(count))
        if why:
            report.warnings.append(Diagnostic(
                None, f"-j {jobs}: the PDFs are drawn by one LibreOffice run, one file at a "
                f"time ({why})", severity="warning"))  # fmt: skip
        yield


def _sources(name: str, wanted: tuple[str, ...]) -> list[tuple[str, str]]:
    """(format, file in staging) of the PDFs made of the rendered file ``name``: a deck and a
    memo have PDFs (not the web edition); a deck, its handout too."""
    found = []
    if "pdf" in wanted and name.endswith((".pptx", ".docx")):
        found.append(("pdf", name))
    if "handout" in wanted and name.endswith(DECK):
        found.append(("handout", f"handout/{name[: -len(DECK)]}-handout.pptx"))
    return found


def _reset(mended: dict[str, Refilled], office: dict[str, str], staging: Path,
           rendered: list[tuple[Briefing, dict[str, bytes]]], out_dir: Path,
           shown: Callable[[Path], str], report: Findings) -> None:  # fmt: skip
    """The memos set again for their last page: the new bytes replace the rendered ones, and
    the .docx this build already wrote, so the memo and its PDF agree; each is said."""
    for name, how in mended.items():
        source = office[name]
        new = (staging / source).read_bytes()
        for _briefing, files_out in rendered:
            if source in files_out:
                target = out_dir / source
                with contextlib.suppress(OSError):
                    if target.read_bytes() == files_out[source]:  # written by this build
                        write_output(target, new)
                files_out[source] = new
        report.warnings.append(Diagnostic(
            Location(shown(out_dir / name)),
            f"the memo is set with paragraph gaps at {how.gaps:.0%} of the template's "
            f"({how.setting}), so that its last page is not left {how.was:.0%} full",
            "The memo's text is unchanged. To keep the template's spacing, shorten or lengthen "
            "its last sections and build again.", severity="note"))  # fmt: skip


def _stranded(fill: float, name: str, where: str) -> Diagnostic:
    """The warning for a memo whose last page is still under a quarter full (``fill``), as
    LibreOffice drew it, after no closer or more open setting mended it (build/refill.py): a
    typesetter would not let a few lines stand alone on a page."""
    return Diagnostic(
        Location(where),
        f"{name}'s last page is only {fill:.0%} full: a few lines stand alone on a page",
        "Neither closer nor more open paragraph spacing mends it; shorten or lengthen the "
        "memo's last sections, or move a short block (a quote, a picture) earlier, and build "
        "again", severity="warning")  # fmt: skip


def _clipped(data: bytes, name: str, where: str) -> list[Diagnostic]:
    """A warning when a handout page's notes run past the page: LibreOffice draws them on
    below its edge, where no reader or printer shows them (page N is slide N)."""
    from deckgen.pdf.handout import off_page

    pages = off_page(data)
    if not pages:
        return []
    slides = ", ".join(map(str, pages[:5])) + (f" and {len(pages) - 5} more" if len(pages) > 5
                                               else "")  # fmt: skip
    return [Diagnostic(
        Location(where),
        f"the speaker notes of slide{'s' if len(pages) > 1 else ''} {slides} run past the "
        f"bottom of {name}'s page: LibreOffice neither shrinks nor continues them, so the "
        "rest is not shown or printed",
        "Shorten those notes (the deck keeps them whole), or hand out the deck's notes "
        "another way.", severity="warning")]  # fmt: skip


def pdfua_findings(data: bytes, language: str) -> str:
    """What a finished PDF breaks of the PDF/UA rules deckgen checks, counted; "" if none."""
    from deckgen.pdf.check import check

    found = check(data, language=language)
    return "; ".join(f"{rule} ({n})" for rule, n in sorted(found.counts.items()))


def _inaccessible(name: str, why: str) -> DeckgenError:
    """--strict's refusal of a PDF that a screen reader could not rely on."""
    from deckgen.errors import PdfError

    message = f"{name}: not written under --strict, as it fails PDF/UA checks: {why}"
    hint = ("Build without --strict to get the PDF with a warning, or use a LibreOffice "
            "(7.4 or later) that tags PDFs.")  # fmt: skip
    return PdfError(message, [Diagnostic(Location(name), message, hint)])


def untagged_warning(names: list[str]) -> Diagnostic:
    """The warning for PDFs LibreOffice wrote without PDF/UA tags: a screen reader gets a
    flat stream of words from them, and a Section 508 review refuses them."""
    from deckgen.pdf import convert as pdf

    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return Diagnostic(Location(pdf.find_soffice()),
                      f"{shown}: LibreOffice wrote the PDF untagged (no structure tree, no "
                      "PDF/UA id), so it is not accessible to a screen reader",
                      pdf.UNTAGGED_HINT, severity="warning")  # fmt: skip


def _measured_faces(template: TemplateSet) -> list[str]:
    """The faces the deck's text was fitted in: its headings' and its body's."""
    from deckgen import metrics as measure
    from deckgen.templates.deck import prepare

    prep = prepare(template.deck, template.layouts, template.fonts)  # cached: no reading
    faces = (measure.font(prep.heading_font).name, measure.font(prep.body_font).name)
    return list(dict.fromkeys(faces))


def _report_fonts(problems: dict[tuple[str, str, str, str], list[str]],
                  report: Findings) -> None:  # fmt: skip
    """One error or warning per template file and finding, naming the PDFs it concerns."""
    from deckgen.errors import PdfError

    for (where, severity, message, hint), names in problems.items():
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        diagnostic = Diagnostic(Location(where), f"{shown}: {message}", hint, severity=severity)
        if severity == "error":
            report.errors.append(PdfError(diagnostic.message, [diagnostic]))
        elif diagnostic not in report.warnings:
            report.warnings.append(diagnostic)
