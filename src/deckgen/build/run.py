"""Content files and options to written outputs: validate everything, then write atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.build import record as buildcache
from deckgen.boundary import display, real
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location, RenderError, TemplateError
from deckgen.paths import hold

if TYPE_CHECKING:  # imported where used: a build with nothing to do never loads them
    from deckgen.content.model import Briefing
    from deckgen.templates.sets import TemplateSet

Progress = Callable[[str], None]


@dataclass
class Options:
    """What to build and where; None means the workspace default."""

    out_dir: Path | None = None
    template: str = "default"
    deck_template: Path | None = None
    memo_template: Path | None = None
    formats: tuple[str, ...] = ("pptx", "docx")
    # formats chosen by -f or deckgen.yaml; when not, a build also remakes the PDFs an
    # earlier build made (the build record remembers them), so none is left stale
    formats_chosen: bool = False
    recipe: str = "full"
    variants: tuple[str, ...] = ()  # build these variants (ID-VARIANT-…) instead of ID-…
    jobs: int = 1  # briefings rendered in parallel processes
    force: bool = False  # rebuild even when the build cache says the outputs are current
    strict: bool = False  # a PDF that fails the PDF/UA checks is an error, not a warning


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


def content_paths(paths: Iterable[str], workspace: Path) -> list[Path]:
    """The files named, with folders expanded to their *.yaml; default: content/*.yaml."""
    from deckgen.boundary import read_problem

    found: list[Path] = []
    for p in paths or [str(workspace / "content")]:
        path = Path(p)
        if path.is_dir() and not read_problem(path, workspace):
            found += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        else:  # a file, or a folder that leads out of the workspace: load_file refuses it
            found.append(path)
    return [_relative(p) for p in found]


def _relative(path: Path) -> Path:
    """``path`` relative to the current folder when inside it: what a user typed or sees.
    Symlinks are not followed, so an error names the link the user gave, not its target."""
    try:
        return path.absolute().relative_to(Path.cwd().absolute())
    except ValueError:
        return path


def validate(paths: list[Path], workspace: Path) -> tuple[list[Briefing], list[DeckgenError]]:
    """Load every file; return the valid briefings and one error per failing file."""
    from deckgen.content.load import load_file

    briefings: list[Briefing] = []
    errors: list[DeckgenError] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            briefing = load_file(path, workspace)
        except ContentError as exc:
            errors.append(exc)
            continue
        if briefing.id in seen:
            errors.append(
                ContentError(
                    [
                        Diagnostic(
                            id_location(path),
                            f"id {briefing.id!r} is also used by {seen[briefing.id]}",
                            "Give each briefing its own `id:`; outputs are named after it.",
                        )
                    ]
                )
            )
            continue
        seen[briefing.id] = str(path)
        briefings.append(briefing)
    return briefings, errors


def id_location(path: Path) -> Location:
    """Where the file sets its `id:` (or its start, when the id comes from the file name)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("id:"):
            return Location(str(path), number, len(line) - len(line[3:].lstrip()) + 1)
    return Location(str(path), 1, 1)


def resolve_template(options: Options, workspace: Path) -> TemplateSet:
    from deckgen.templates.sets import find

    template = find(options.template, workspace).with_files(
        options.deck_template, options.memo_template
    )
    template.recipe(options.recipe)  # fail before any work if the recipe is unknown
    return template


def render(
    briefing: Briefing, template: TemplateSet, options: Options, warnings: list[Diagnostic]
) -> dict[str, bytes]:
    """Output file name -> bytes for one briefing; nothing is written here."""
    from deckgen.build.inputs import media
    from deckgen.ooxml.zip import build_time
    from deckgen.plan.planner import plan_deck, plan_memo

    recipe = template.recipe(options.recipe)
    out: dict[str, bytes] = {}
    # what the writers take beside the plans, read here: they read no file, clock or variable
    when = build_time(briefing.date.iso() if briefing.date else "")
    pictures = media(briefing, template)
    if "pptx" in options.formats or "pdf" in options.formats:
        from deckgen.build.inputs import deck_parts
        from deckgen.templates.deck import prepare
        from deckgen.writers.deck import write_deck

        prep = prepare(template.deck, template.layouts, template.fonts)
        _warn(warnings, template.deck, list(prep.warnings))
        deck = plan_deck(briefing, template, recipe, prep.geometry())
        warnings.extend(Diagnostic(Location(briefing.path), note, severity="warning")
                        for note in deck.overflows)  # fmt: skip
        chosen: list[str] = []  # colours and bands the writer chose against the template
        out[f"{briefing.id}-deck.pptx"] = write_deck(
            deck, prep, template, deck_parts(prep), pictures, when, chosen
        )
        _warn(warnings, template.deck, chosen)
    if "docx" in options.formats or "pdf" in options.formats:
        from deckgen.templates.memo import prepare as prepare_memo
        from deckgen.writers.memo import write_memo

        memo = plan_memo(briefing, template, recipe)
        data, memo_warnings = write_memo(memo, template, prepare_memo(template), pictures, when)
        _warn(warnings, template.memo, memo_warnings)
        out[f"{briefing.id}-memo.docx"] = data
    if "html" in options.formats:  # the web edition, from the plan the memo is written from
        from deckgen.writers.html import write_page

        if briefing.id.casefold() == "index":  # ID.html would replace the gallery's page
            raise ContentError([Diagnostic(
                id_location(Path(briefing.path)),
                "id 'index' would write the web edition as index.html, the gallery's page",
                "Give the briefing another `id:` to build it with -f html.")])  # fmt: skip

        page, page_warnings = write_page(plan_memo(briefing, template, recipe), template, pictures)
        _warn(warnings, template.folder / "template.yaml", page_warnings)
        out[f"{briefing.id}.html"] = page
    return out


def _variants(
    briefings: list[Briefing], names: tuple[str, ...]
) -> tuple[list[Briefing], list[DeckgenError]]:
    """Each briefing narrowed to each named variant (`all`: every variant it declares)."""
    from deckgen.content.variants import narrow

    out: list[Briefing] = []
    errors: list[DeckgenError] = []
    for briefing in briefings:
        wanted = [v.name for v in briefing.variants] if names == ("all",) else list(names)
        try:
            out += [narrow(briefing, name) for name in wanted]
        except DeckgenError as exc:
            errors.append(exc)
    return out, errors


def _warn(into: list[Diagnostic], path: Path, messages: list[str]) -> None:
    """Template warnings once per file, however many briefings a batch builds."""
    for message in messages:
        diagnostic = Diagnostic(Location(str(path)), message, severity="warning")
        if diagnostic not in into:
            into.append(diagnostic)


def write_atomic(path: Path, data: bytes, within: Path | None = None) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file,
    and a symlink at ``path`` is replaced, never written through. With ``within``, every
    folder from it down to ``path`` must be a real folder (made where missing), not a link."""
    if within is not None:
        from deckgen.boundary import make_folders

        make_folders(within, path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(
    paths: Iterable[str],
    options: Options,
    workspace: Path | None = None,
    progress: Progress | None = None,
) -> Report:
    """Validate every content file, resolve the template, render, then write the outputs;
    briefings whose outputs are up to date are left alone unless ``options.force``."""
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
    _build(files, options, root, out_dir, report, progress)
    return report


def check_set_name(name: str) -> None:
    """Refuse a template set name that is a path (`-t ../../x`) before anything looks it up."""
    from deckgen.boundary import SET_NAME_HINT, set_name_problem, shown

    problem = set_name_problem(name)
    if problem:
        raise TemplateError(f"{shown(name)!r} is not a template set name: {problem}",
                            [Diagnostic(None, f"{shown(name)!r} is not a template set name: "
                                        f"{problem}", SET_NAME_HINT)])  # fmt: skip


def _build(files: list[Path], options: Options, root: Path, out_dir: Path, report: Report,
           progress: Progress | None) -> None:  # fmt: skip
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
    briefings, report.errors = validate(files, root)
    briefings = _distinct_outputs(briefings, options, report)
    if not briefings:
        return  # a file that failed keeps its old record, which no longer matches it
    from deckgen.ooxml.zip import epoch_warning

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
    if options.variants:
        todo, errors = _variants(todo, options.variants)
        report.errors += errors
    else:
        from deckgen.content.variants import whole

        todo = [whole(b) for b in todo]
    each = {b.id: _for(options, wanted, b, cache) for b in todo}  # each edition's options
    todo = _writable(todo, each, out_dir, report)
    if "pdf" in options.formats and not _soffice_found(options, report):
        return  # PDFs alone were asked for and cannot be made: say so before any work
    rendered = _render_all(todo, template, each, report, progress)
    if not rendered:
        return
    # Everything is checked and rendered; only now is the output folder made and locked, so
    # a failed build leaves no trace and two builds into one folder write by turns.
    _make_folder(out_dir)
    # two builds into one folder take turns: neither reads the other's half-made record or
    # renames over its outputs mid-way (without flock, they run as they come)
    with hold(out_dir):
        _write_outputs(rendered, todo, used, options, wanted, each, root, out_dir, report,
                       shared, template)  # fmt: skip


def _formats_for(content: Path, options: Options, cache: buildcache.BuildCache
                 ) -> tuple[str, ...]:  # fmt: skip
    """The formats to build ``content`` in: those asked for, and, when the user chose none,
    PDF too where an earlier build into this folder made PDFs of it that are still there."""
    if options.formats_chosen or "pdf" in options.formats or not cache.pdfs(content):
        return options.formats
    return (*options.formats, "pdf")


def _for(options: Options, wanted: dict[Path, tuple[str, ...]], briefing: Briefing,
         cache: buildcache.BuildCache) -> Options:  # fmt: skip
    """The options of one edition: the formats of its content file, without the PDFs the
    user did not ask for unless this edition (not only another variant) had them."""
    from dataclasses import replace

    formats = wanted.get(real(briefing.path), options.formats)
    if "pdf" in formats and "pdf" not in options.formats:
        names = {f"{briefing.id}{end}" for end in OUTPUT_NAMES["pdf"]}
        if not any(p.name in names for p in cache.pdfs(Path(briefing.path))):
            formats = options.formats
    return replace(options, formats=formats)


def _write_outputs(rendered: list[tuple[Briefing, dict[str, bytes]]], todo: list[Briefing],
                   used: dict[Path, list[str]], options: Options,
                   wanted: dict[Path, tuple[str, ...]], each: dict[str, Options],
                   root: Path, out_dir: Path, report: Report, shared: str,
                   template: TemplateSet) -> None:  # fmt: skip
    """Write the rendered outputs, their PDFs, the build cache and the gallery."""
    cache = buildcache.BuildCache.open(out_dir)  # afresh: another build may have saved it
    for _briefing, files_out in rendered:
        for name in files_out:  # what a build killed mid-write left behind (we hold the lock)
            for stale in out_dir.glob(f".{glob_escape(name)}.*.tmp"):
                stale.unlink(missing_ok=True)
    written: dict[Path, list[Path]] = {}
    for briefing, files_out in rendered:
        mine = written.setdefault(real(briefing.path), [])
        for name, data in files_out.items():
            if name.rsplit(".", 1)[1] in each[briefing.id].formats:
                target = out_dir / name
                _write(target, data)
                report.outputs.append(target)
                mine.append(target)
        report.built.append(briefing.id)
    with_pdf = [(b, f) for b, f in rendered if "pdf" in each[b.id].formats]
    asked = "pdf" in options.formats
    pdf_failed = False
    if with_pdf:
        pdf_report = report if asked else Report()
        made = _pdfs(with_pdf, out_dir, pdf_report, template, options.strict)
        pdf_failed = bool(pdf_report.errors)
        if not asked:  # remade unasked (they were there): a failure is told, not fatal
            report.warnings += [w for w in pdf_report.warnings if w not in report.warnings]
            report.warnings += [_as_warning(e) for e in pdf_report.errors]
        report.outputs += made
        for briefing, files_out in with_pdf:
            stems = {Path(n).stem for n in files_out}
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
        if pdf_failed and "pdf" in formats:
            # the PDFs are not what this build would make: recorded without them, so the
            # next build tries them again (the record still knows they were asked for)
            formats = tuple(f for f in formats if f != "pdf")
        if source in ok and not (report.errors and asked):
            cache.record(source, shared, files_used, written.get(source, []), formats,
                         editions.get(source, []), declared.get(source, []))  # fmt: skip
        else:
            cache.forget(source)  # a failed render or PDF run: try again next time
    cache.save()
    if os.path.lexists(out_dir / "index.html"):  # `deckgen gallery` made one: keep it current
        from deckgen.publish.gallery import refresh as refresh_gallery

        for note in refresh_gallery(out_dir, report.outputs, thumbnails=bool(with_pdf)):
            report.warnings.append(Diagnostic(Location(str(out_dir / "index.html")), note,
                                              severity="warning"))  # fmt: skip


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
        for name in files_out:
            office = out_dir / name
            made = office.with_suffix(".pdf")
            if (
                office.suffix not in (".pptx", ".docx")
                or office not in outputs
                or made in outputs
                or not made.is_file()
            ):
                continue
            formats = each[briefing.id].formats
            chose = ",".join(f for f in formats if f != "pdf")
            why, todo = (
                ("it could not be remade", "Fix what the warning above says and build again")
                if "pdf" in formats
                else (f"this build made {chose}, not PDFs",
                      f"Run `deckgen build -f {chose},pdf` to remake it")
            )  # fmt: skip
            report.warnings.append(Diagnostic(
                Location(display(made)),
                f"is older than {name}, which this build rewrote: the PDF shows the "
                f"previous edition ({why})",
                f"{todo}, or delete the PDF.",
                severity="warning"))  # fmt: skip


OUTPUT_NAMES = {"pptx": ("-deck.pptx",), "docx": ("-memo.docx",),
                "pdf": ("-deck.pdf", "-memo.pdf"), "html": (".html",)}  # fmt: skip


def output_names(stem: str, formats: Iterable[str]) -> list[str]:
    """The files a build writes for ``stem`` (an id, or ID-VARIANT) in ``formats``."""
    return [stem + end for f in formats for end in OUTPUT_NAMES.get(f, ())]


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
        if set(options.formats) == {"pdf"}:
            report.errors.append(exc)
            return False
    return True


def _files_used(briefing: Briefing) -> list[str]:
    """The files a briefing shows besides its own (its images), for the build cache."""
    return sorted({s.image.path for s in briefing.sections if s.image is not None})


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
        return render(briefing, template, options, warnings), warnings
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


def _make_folder(out_dir: Path) -> None:
    """The output folder, made if needed; a clear error where it cannot be."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass  # can a file be made here at all?
    except OSError as exc:
        raise RenderError(
            f"{out_dir}: cannot write outputs here ({exc.strerror or exc}); "
            "choose another folder with -o, or make this one writable"
        ) from None


def _write(target: Path, data: bytes) -> None:
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise RenderError(
            f"{target}: cannot write the output ({exc.strerror or exc}); the previous "
            "file, if any, is unchanged. Free some space or choose another folder with -o"
        ) from None


def _pdfs(rendered: list[tuple[Briefing, dict[str, bytes]]], out_dir: Path, report: Report,
          template: TemplateSet, strict: bool = False) -> list[Path]:  # fmt: skip
    """One LibreOffice run for the whole batch; PDFs move into place only when all succeed,
    and only those drawn in the fonts their text was fitted to. Each finished PDF is checked
    against the PDF/UA rules (deckgen.pdfcheck): a failure is a warning, or with ``strict``
    an error and the PDF is not written."""
    from deckgen.build.scratch import folder
    from deckgen.pdf import convert as pdf
    from deckgen.ooxml.zip import build_time

    with folder("deckgen-pdf-") as staging:
        sources = []
        when = {}  # PDF name -> the build time of its briefing
        language = {}  # PDF name -> its briefing's language
        office = {}  # PDF name -> the file it is made from
        for briefing, files_out in rendered:
            for name, data in files_out.items():
                if not name.endswith((".pptx", ".docx")):
                    continue  # only the deck and memo have PDFs (not the web edition)
                (staging / name).write_bytes(data)
                sources.append(staging / name)
                when[Path(name).stem + ".pdf"] = build_time(
                    briefing.date.iso() if briefing.date else ""
                )
                office[Path(name).stem + ".pdf"] = name
                language[Path(name).stem + ".pdf"] = briefing.language
        try:
            made = pdf.convert(sources, staging / "pdf")
        except DeckgenError as exc:
            report.errors.append(exc)
            return []
        measured = (
            _measured_faces(template) if any(n.endswith(".pptx") for n in office.values()) else []
        )
        problems: dict[tuple[str, str, str, str], list[str]] = {}
        written = []
        untagged = []
        for made_pdf in made:
            data = made_pdf.read_bytes()
            source = office[made_pdf.name]
            source_bytes = (staging / source).read_bytes()
            deck = source.endswith(".pptx")
            tagged = pdf.tagged(data)
            if not tagged and strict:
                report.errors.append(_inaccessible(made_pdf.name, "it is untagged"))
                continue
            if not tagged:
                untagged.append(made_pdf.name)
            problem = pdf.font_problem(data, source_bytes, measured if deck else [])
            if problem:
                where = str(template.deck if deck else template.memo)
                problems.setdefault((where, *problem), []).append(made_pdf.name)
                if problem[0] == "error":
                    continue  # refused: a PDF that overflows is worse than none
            target = out_dir / made_pdf.name
            # LibreOffice stamps the clock and a random id: pinned, so rebuilds match
            finished = pdf.finish(data, source_bytes, when[made_pdf.name], language[made_pdf.name])
            failed = _pdfua_findings(finished, language[made_pdf.name]) if tagged else ""
            if failed and strict:
                report.errors.append(_inaccessible(made_pdf.name, failed))
                continue
            if failed:
                report.warnings.append(Diagnostic(
                    Location(display(target)), f"fails PDF/UA checks: {failed}",
                    "A screen reader may miss or misread this PDF. Build with --strict to "
                    "refuse such PDFs, and report it: deckgen's PDF step should prevent it.",
                    severity="warning"))  # fmt: skip
            _write(target, finished)
            written.append(target)
        _report_fonts(problems, report)
        if untagged:
            report.warnings.append(untagged_warning(untagged))
        return written


def _pdfua_findings(data: bytes, language: str) -> str:
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


def _report_fonts(problems: dict[tuple[str, str, str, str], list[str]], report: Report) -> None:
    """One error or warning per template file and finding, naming the PDFs it concerns."""
    from deckgen.errors import PdfError

    for (where, severity, message, hint), names in problems.items():
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        diagnostic = Diagnostic(Location(where), f"{shown}: {message}", hint, severity=severity)
        if severity == "error":
            report.errors.append(PdfError(diagnostic.message, [diagnostic]))
        elif diagnostic not in report.warnings:
            report.warnings.append(diagnostic)
