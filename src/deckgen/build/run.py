"""Content files and options to written outputs: validate everything, then write atomically.

The build command's orchestration: what is up to date, what to render (build.pipeline),
where it goes (build.outputs) and its PDFs (build.pdfs), under the output folder's lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.boundary import display, real
from deckgen.build import record as buildcache
from deckgen.build.options import Options, check_set_name
from deckgen.build.outputs import (
    OUTPUT_NAMES,
    PDF_FORMATS,
    clear_stale_temps,
    make_folder,
    output_names,
    write_output,
)
from deckgen.build.pipeline import (
    content_paths,
    editions,
    epoch_warning,
    id_location,
    render_briefing,
    resolve_template,
    validate,
)
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location, RenderError
from deckgen.paths import hold

if TYPE_CHECKING:  # imported where used: a build with nothing to do never loads them
    from deckgen.content.model import Briefing
    from deckgen.templates.sets import TemplateSet

__all__ = ["Options", "Report", "build", "check_set_name", "content_paths", "id_location",
           "output_names", "resolve_template", "validate"]  # fmt: skip

Progress = Callable[[str], None]
# Called under the output folder's lock once a build has written outputs: the folder, what
# was written, and whether PDFs were; returns warnings. The CLI passes the gallery's refresh
# (publish/ sits above build/, so build never imports it).
AfterWrite = Callable[[Path, list[Path], bool], list[Diagnostic]]


@dataclass
class Report:
    """What a build wrote, and every error it met."""

    outputs: list[Path] = field(default_factory=list)
    errors: list[DeckgenError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)  # outputs the build cache kept

    @property
    def ok(self) -> bool:
        return not self.errors


def build(
    paths: Iterable[str],
    options: Options,
    workspace: Path | None = None,
    progress: Progress | None = None,
    after_write: AfterWrite | None = None,
) -> Report:
    """Validate every content file, resolve the template, render, then write the outputs;
    briefings whose outputs are up to date are left alone unless ``options.force``.
    ``after_write`` runs once the outputs are written, still under the folder's lock."""
    from deckgen.boundary import output_folder
    from deckgen.paths import find_workspace

    root = workspace or find_workspace(Path.cwd())
    check_set_name(options.template)  # before the build cache looks for the set's files
    files = content_paths(list(paths), root)
    report = Report()
    if not files:
        report.errors.append(
            ContentError(
                [
                    Diagnostic(
                        Location(str(root / "content")),
                        "no content files found",
                        "Create one with `deckgen new NAME`, or name the files to build.",
                    )
                ]
            )
        )
        return report
    out_dir = options.out_dir or output_folder(root)
    _build(files, options, root, out_dir, report, progress, after_write)
    return report


def _build(files: list[Path], options: Options, root: Path, out_dir: Path, report: Report,
           progress: Progress | None, after_write: AfterWrite | None) -> None:  # fmt: skip
    cache = buildcache.BuildCache.open(out_dir)
    if cache.damaged and not options.force:
        report.warnings.append(Diagnostic(
            Location(str(buildcache.record_path(out_dir))),
            "the build cache could not be read; rebuilding everything",
            "Nothing is lost: the cache only records what is up to date.",
            severity="warning"))  # fmt: skip
    shared = buildcache.options_key(options, root)
    wanted = {real(f): _formats_for(f, options, cache) for f in files}
    current = set()
    if not options.force:
        current = {real(f) for f in files if cache.current(f, shared, list(wanted[real(f)]))}
    if len(current) == len(files):  # nothing changed: no YAML parsed, no library imported
        for f in files:
            report.up_to_date += cache.outputs(f)
        return
    changed = [wanted[real(f)] for f in files if real(f) not in current]
    with _renderers_ahead(changed, options):
        _build_changed(files, options, root, out_dir, report, progress, after_write, cache,
                       shared, wanted, current)  # fmt: skip


def _build_changed(files: list[Path], options: Options, root: Path, out_dir: Path,
                   report: Report, progress: Progress | None, after_write: AfterWrite | None,
                   cache: buildcache.BuildCache, shared: str,
                   wanted: dict[Path, tuple[str, ...]], current: set[Path]) -> None:  # fmt: skip
    """Validate, render and write the content files not in ``current`` (up to date)."""
    briefings, report.errors = validate(files, root)
    briefings = _distinct_outputs(briefings, options, report)
    if not briefings:
        return  # a file that failed keeps its old record, which no longer matches it
    unusable = epoch_warning()  # SOURCE_DATE_EPOCH set but unusable: said, not ignored
    if unusable is not None:
        report.warnings.append(unusable)
    template = resolve_template(options, root)  # TemplateError propagates: nothing to build
    todo = []
    for b in briefings:
        if real(b.path) in current:
            report.up_to_date += cache.outputs(Path(b.path))
        else:
            todo.append(b)
    used = {real(b.path): _files_used(b) for b in todo}
    todo, errors = editions(todo, options.variants)
    report.errors += errors
    each = {b.id: _for(options, wanted, b, cache) for b in todo}  # each edition's options
    todo = _writable(todo, each, out_dir, report)
    if set(PDF_FORMATS) & set(options.formats) and not _soffice_found(options, report):
        return  # PDFs alone were asked for and cannot be made: say so before any work
    rendered = _render_all(todo, template, each, report, progress)
    if not rendered:
        return
    # Everything is checked and rendered; only now is the output folder made and locked, so
    # a failed build leaves no trace and two builds into one folder write by turns.
    make_folder(out_dir)
    # two builds into one folder take turns: neither reads the other's half-made record or
    # renames over its outputs mid-way (without flock, they run as they come)
    with hold(out_dir):
        _write_outputs(rendered, todo, used, options, wanted, each, root, out_dir, report,
                       shared, template, after_write)  # fmt: skip


def _renderers_ahead(changed: list[tuple[str, ...]], options: Options
                     ) -> contextlib.AbstractContextManager[None]:  # fmt: skip
    """The warm renderers of a -j N batch's PDFs, launched before its content is even read,
    so that LibreOffice starts (a second) while deckgen validates and renders (``changed``:
    the formats of each content file to build); none where the PDF step would start none
    (build/pdfs.py: fewer than three PDFs, -j 1), a watch or preview keeps its own, or
    LibreOffice is missing (said later, where a PDF is made). Launched before _render_all
    forks its workers, as a launch starts no thread. A build that then fails waits for them
    to start before it stops them: never a LibreOffice left on a profile freed for another."""
    # as build/pdfs.py's _sources: "pdf" draws a deck and a memo, "handout" one more file
    files = sum(2 * ("pdf" in formats) + ("handout" in formats) for formats in changed)
    if options.jobs < 2 or not files:
        return contextlib.nullcontext()  # before any import: a build without them pays nothing
    from deckgen.errors import PdfError
    from deckgen.pdf import warm
    from deckgen.pdf.convert import find_soffice

    count = warm.for_batch(options.jobs, files)
    if not count or warm.active() is not None or warm.pending() is not None:
        return contextlib.nullcontext()
    try:
        find_soffice()
    except PdfError:
        return contextlib.nullcontext()
    return warm.ahead(count)


def _formats_for(content: Path, options: Options, cache: buildcache.BuildCache
                 ) -> tuple[str, ...]:  # fmt: skip
    """The formats to build ``content`` in: those asked for, and, when the user chose none,
    PDF or handout too where an earlier build into this folder made such PDFs of it that are
    still there."""
    if options.formats_chosen:
        return options.formats
    made = pdf_kinds(cache.pdfs(content))
    return (*options.formats, *(f for f in made if f not in options.formats))


def pdf_kinds(pdfs: Iterable[Path]) -> tuple[str, ...]:
    """The PDF formats ``pdfs`` were made in: "pdf" (a deck's or memo's), "handout"."""
    names = [p.name for p in pdfs]
    handout = OUTPUT_NAMES["handout"][0]
    found = {"handout" if n.endswith(handout) else "pdf" for n in names if n.endswith(".pdf")}
    return tuple(f for f in PDF_FORMATS if f in found)


def _for(options: Options, wanted: dict[Path, tuple[str, ...]], briefing: Briefing,
         cache: buildcache.BuildCache) -> Options:  # fmt: skip
    """The options of one edition: the formats of its content file, without the PDFs the
    user did not ask for unless this edition (not only another variant) had them."""
    from dataclasses import replace

    formats = wanted.get(real(briefing.path), options.formats)
    for kind in PDF_FORMATS:
        if kind in formats and kind not in options.formats:
            names = {f"{briefing.id}{end}" for end in OUTPUT_NAMES[kind]}
            if not any(p.name in names for p in cache.pdfs(Path(briefing.path))):
                formats = tuple(f for f in formats if f != kind)
    return replace(options, formats=formats)


def _write_outputs(rendered: list[tuple[Briefing, dict[str, bytes]]], todo: list[Briefing],
                   used: dict[Path, list[str]], options: Options,
                   wanted: dict[Path, tuple[str, ...]], each: dict[str, Options],
                   root: Path, out_dir: Path, report: Report, shared: str,
                   template: TemplateSet, after_write: AfterWrite | None) -> None:  # fmt: skip
    """Write the rendered outputs, their PDFs and the build cache, then call ``after_write``."""
    cache = buildcache.BuildCache.open(out_dir)  # afresh: another build may have saved it
    for _briefing, files_out in rendered:  # what a build killed mid-write left (we hold the lock)
        clear_stale_temps(out_dir, files_out)
    written: dict[Path, list[Path]] = {}
    for briefing, files_out in rendered:
        mine = written.setdefault(real(briefing.path), [])
        for name, data in files_out.items():
            if name.rsplit(".", 1)[1] in each[briefing.id].formats:
                target = out_dir / name
                write_output(target, data)
                report.outputs.append(target)
                mine.append(target)
        report.built.append(briefing.id)
    kinds = {b.id: tuple(k for k in PDF_FORMATS if k in each[b.id].formats) for b, _ in rendered}
    with_pdf = [(b, f) for b, f in rendered if kinds[b.id]]
    asked = bool(set(PDF_FORMATS) & set(options.formats))
    pdf_failed = False
    if with_pdf:
        pdf_report = report if asked else Report()
        from deckgen.build.pdfs import make_pdfs

        made = make_pdfs(with_pdf, out_dir, pdf_report, template, options.strict, kinds=kinds,
                         jobs=options.jobs)  # fmt: skip
        pdf_failed = bool(pdf_report.errors)
        if not asked:  # remade unasked (they were there): a failure is told, not fatal
            report.warnings += [w for w in pdf_report.warnings if w not in report.warnings]
            report.warnings += [_as_warning(e) for e in pdf_report.errors]
        report.outputs += made
        for briefing, files_out in with_pdf:
            stems = {Path(n).stem for n in files_out} | {f"{briefing.id}-handout"}
            written[real(briefing.path)] += [p for p in made if p.stem in stems]
    _stale_pdfs(rendered, each, report.outputs, out_dir, report)
    done = {b.id for b, _ in rendered}
    # a content file is current only when every output made from it (each variant) was made
    ok = {real(b.path) for b in todo} - {real(b.path) for b in todo if b.id not in done}
    editions: dict[Path, list[tuple[str, str, str | None]]] = {}
    declared: dict[Path, list[str]] = {}
    for b in todo:
        base = b.id[: -len(b.variant) - 1] if b.variant else b.id
        editions.setdefault(real(b.path), []).append((b.id, base, b.variant))
        declared[real(b.path)] = [v.name for v in b.variants]
    for source, files_used in used.items():
        formats = wanted[source]  # the file's formats, as the next build will ask
        if pdf_failed and set(PDF_FORMATS) & set(formats):
            # the PDFs are not what this build would make: recorded without them, so the
            # next build tries them again (the record still knows they were asked for)
            formats = tuple(f for f in formats if f not in PDF_FORMATS)
        if source in ok and not (report.errors and asked):
            cache.record(source, shared, files_used, written.get(source, []), formats,
                         editions.get(source, []), declared.get(source, []))  # fmt: skip
        else:
            cache.forget(source)  # a failed render or PDF run: try again next time
    cache.save()
    if after_write is not None:
        report.warnings += after_write(out_dir, report.outputs, bool(with_pdf))


def _as_warning(error: DeckgenError) -> Diagnostic:
    """A PDF step that failed where no PDF was asked for: said, and the build goes on."""
    first = error.diagnostics[0] if error.diagnostics else None
    return Diagnostic(first.location if first else None,
                      f"the PDFs an earlier build made here were not remade: "
                      f"{first.message if first else error.message}",
                      first.hint if first else "", severity="warning")  # fmt: skip


def _stale_pdfs(rendered: list[tuple[Briefing, dict[str, bytes]]], each: dict[str, Options],
                outputs: list[Path], out_dir: Path, report: Report) -> None:  # fmt: skip
    """A warning for every PDF in the folder now older than the deck or memo this build
    rewrote from the same briefing: a reader would otherwise open an old edition."""
    for briefing, files_out in rendered:
        for name, made, kind in _pdfs_of(briefing.id, files_out, out_dir):
            office = out_dir / name
            if office not in outputs or made in outputs or not made.is_file():
                continue
            formats = each[briefing.id].formats
            chose = ",".join(f for f in formats if f != kind)
            why, todo = (
                ("it could not be remade", "Fix what the warning above says and build again")
                if kind in formats
                else (f"this build made {chose}, not {'PDFs' if kind == 'pdf' else 'handouts'}",
                      f"Run `deckgen build -f {chose},{kind}` to remake it")
            )  # fmt: skip
            report.warnings.append(Diagnostic(
                Location(display(made)),
                f"is older than {name}, which this build rewrote: the PDF shows the "
                f"previous edition ({why})",
                f"{todo}, or delete the PDF.",
                severity="warning"))  # fmt: skip


def _pdfs_of(stem: str, files_out: Iterable[str],
             out_dir: Path) -> list[tuple[str, Path, str]]:  # fmt: skip
    """(office file, PDF made of it, its format) for the rendered files of edition ``stem``:
    a deck's and a memo's PDF, and the deck's handout."""
    found = []
    for name in files_out:
        office = out_dir / name
        if office.suffix in (".pptx", ".docx"):
            found.append((name, office.with_suffix(".pdf"), "pdf"))
        if name == f"{stem}-deck.pptx":
            found.append((name, out_dir / f"{stem}{OUTPUT_NAMES['handout'][0]}", "handout"))
    return found


def _editions(briefing: Briefing, variants: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(stem, variant) of every edition a build makes of ``briefing``."""
    if not variants:
        return [(briefing.id, None)]
    declared = [v.name for v in briefing.variants]
    names = declared if variants == ("all",) else [v for v in variants if v in declared]
    return [(f"{briefing.id}-{name}", name) for name in names]


def _distinct_outputs(briefings: list[Briefing], options: Options,
                      report: Report) -> list[Briefing]:  # fmt: skip
    """The briefings whose outputs no other briefing of the run would also write. An id and
    a variant can spell one name (`x` + variant `public-v`, `x-public` + variant `v`): both
    are refused, for the whole run and before anything is written, since either would
    silently replace the other's files."""
    owner: dict[str, tuple[Briefing, str | None]] = {}
    clashes: dict[str, list[Diagnostic]] = {}
    for briefing in briefings:
        for stem, variant in _editions(briefing, options.variants):
            first = owner.setdefault(stem.casefold(), (briefing, variant))
            if first[0] is briefing:
                continue
            name = output_names(stem, options.formats)[0]
            for mine, theirs in (((briefing, variant), first), (first, (briefing, variant))):
                clashes.setdefault(mine[0].path, []).append(Diagnostic(
                    id_location(Path(mine[0].path)),
                    f"{_edition(*mine)} and {_edition(*theirs)} ({theirs[0].path}) would both "
                    f"write {name} and the other outputs named {stem}-…",
                    "Change the id or the variant name of one of them; neither was built, so "
                    "neither replaced the other's outputs.",
                ))  # fmt: skip
    for found in clashes.values():
        report.errors.append(ContentError(found))
    return [b for b in briefings if b.path not in clashes]


def _edition(briefing: Briefing, variant: str | None) -> str:
    base = briefing.id
    return f"variant {variant!r} of {base!r}" if variant else f"briefing {base!r}"


def _writable(todo: list[Briefing], each: dict[str, Options], out_dir: Path,
              report: Report) -> list[Briefing]:  # fmt: skip
    """The briefings whose output paths deckgen may write: a symlink, a folder or a FIFO where
    an output goes is refused before anything is rendered (the outputs are never written
    through a link, and a link is not silently replaced)."""
    from deckgen.boundary import TARGET_HINT, target_problem

    keep = []
    for briefing in todo:
        problems = [
            Diagnostic(Location(display(out_dir / name)), problem, TARGET_HINT)
            for name in output_names(briefing.id, each[briefing.id].formats)
            if (problem := target_problem(out_dir / name))
        ]
        if problems:
            report.errors.append(RenderError(f"{out_dir}: an output path cannot be written",
                                             problems))  # fmt: skip
        else:
            keep.append(briefing)
    return keep


def _soffice_found(options: Options, report: Report) -> bool:
    """False (with the error reported) when only PDFs are wanted and LibreOffice is missing;
    with other formats too, those are still written and the PDF step reports the problem."""
    from deckgen.errors import PdfError
    from deckgen.pdf.convert import find_soffice

    try:
        find_soffice()
    except PdfError as exc:
        if set(options.formats) <= set(PDF_FORMATS):
            report.errors.append(exc)
            return False
    return True


def _files_used(briefing: Briefing) -> list[str]:
    """The files a briefing shows besides its own (its images, the previous version it is
    compared with), for the build cache."""
    previous = {briefing.previous.path} if briefing.previous else set()
    return sorted({s.image.path for s in briefing.sections if s.image is not None} | previous)


def _render_all(todo: list[Briefing], template: TemplateSet, each: dict[str, Options],
                report: Report, progress: Progress | None
                ) -> list[tuple[Briefing, dict[str, bytes]]]:  # fmt: skip
    """Render every briefing (``each`` holds its options): in this process, or with
    ``jobs`` worker processes."""
    rendered: list[tuple[Briefing, dict[str, bytes]]] = []
    if not todo:
        return rendered
    options = each[todo[0].id]
    if options.jobs > 1 and len(todo) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers start with deckgen already imported and need nothing re-read
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(min(options.jobs, len(todo)), mp_context=context) as pool:
            jobs = [pool.submit(_render_one, b, template, each[b.id]) for b in todo]
            for i, (briefing, job) in enumerate(zip(todo, jobs), 1):
                outcome, warnings = job.result()
                _collect(briefing, outcome, warnings, rendered, report)
                if progress:
                    progress(f"[{i}/{len(todo)}] {briefing.id}")
        return rendered
    for i, briefing in enumerate(todo, 1):
        if progress:
            progress(f"[{i}/{len(todo)}] {briefing.id}")
        outcome, warnings = _render_one(briefing, template, each[briefing.id])
        _collect(briefing, outcome, warnings, rendered, report)
    return rendered


def _render_one(
    briefing: Briefing, template: TemplateSet, options: Options
) -> tuple[dict[str, bytes] | DeckgenError, list[Diagnostic]]:
    """One briefing's outputs, or the error that stopped it, and its warnings."""
    warnings: list[Diagnostic] = []
    try:
        return render_briefing(briefing, template, options, warnings).files, warnings
    except DeckgenError as exc:
        return exc, warnings


def _collect(briefing: Briefing, outcome: dict[str, bytes] | DeckgenError,
             warnings: list[Diagnostic], rendered: list[tuple[Briefing, dict[str, bytes]]],
             report: Report) -> None:  # fmt: skip
    for warning in warnings:
        if warning not in report.warnings:
            report.warnings.append(warning)
    if isinstance(outcome, DeckgenError):
        report.errors.append(outcome)
    else:
        rendered.append((briefing, outcome))
