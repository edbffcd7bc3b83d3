"""Content files and options to written outputs: validate everything, then write atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, DeckgenError, Diagnostic, Location
from .gallery import refresh as refresh_gallery
from .load import find_workspace, load_file
from .model import Briefing
from .template import TemplateSet, find

Progress = Callable[[str], None]


@dataclass
class Options:
    """What to build and where; None means the workspace default."""

    out_dir: Path | None = None
    template: str = "default"
    deck_template: Path | None = None
    memo_template: Path | None = None
    formats: tuple[str, ...] = ("pptx", "docx")
    recipe: str = "full"
    variants: tuple[str, ...] = ()  # build these variants (ID-VARIANT-…) instead of ID-…
    jobs: int = 1  # briefings rendered in parallel processes
    force: bool = False  # rebuild even when the build cache says the outputs are current


@dataclass
class Report:
    """What a build wrote, and every error it met."""

    outputs: list[Path] = field(default_factory=list)
    errors: list[DeckgenError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    built: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def content_paths(paths: Iterable[str], workspace: Path) -> list[Path]:
    """The files named, with folders expanded to their *.yaml; default: content/*.yaml."""
    found: list[Path] = []
    for p in paths or [str(workspace / "content")]:
        path = Path(p)
        if path.is_dir():
            found += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        else:
            found.append(path)
    return [_relative(p) for p in found]


def _relative(path: Path) -> Path:
    """``path`` relative to the current folder when inside it: what a user typed or sees."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def validate(paths: list[Path], workspace: Path) -> tuple[list[Briefing], list[DeckgenError]]:
    """Load every file; return the valid briefings and one error per failing file."""
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
                            _id_location(path),
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


def _id_location(path: Path) -> Location:
    """Where the file sets its `id:` (or its start, when the id comes from the file name)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("id:"):
            return Location(str(path), number, len(line) - len(line[3:].lstrip()) + 1)
    return Location(str(path), 1, 1)


def resolve_template(options: Options, workspace: Path) -> TemplateSet:
    template = find(options.template, workspace).with_files(
        options.deck_template, options.memo_template
    )
    template.recipe(options.recipe)  # fail before any work if the recipe is unknown
    return template


def render(
    briefing: Briefing, template: TemplateSet, options: Options, warnings: list[Diagnostic]
) -> dict[str, bytes]:
    """Output file name -> bytes for one briefing; nothing is written here."""
    from .plan import plan_deck, plan_memo

    recipe = template.recipe(options.recipe)
    out: dict[str, bytes] = {}
    if "pptx" in options.formats or "pdf" in options.formats:
        from .deckprep import prepare
        from .writers.pptx import write_deck

        prep = prepare(template.deck, template.layouts, template.fonts)
        _warn(warnings, template.deck, list(prep.warnings))
        deck = plan_deck(briefing, template, recipe, prep.geometry())
        out[f"{briefing.id}-deck.pptx"] = write_deck(deck, prep, template)
    if "docx" in options.formats or "pdf" in options.formats:
        from .writers.docx import write_memo

        memo = plan_memo(briefing, template, recipe)
        data, memo_warnings = write_memo(memo, template)
        _warn(warnings, template.memo, memo_warnings)
        out[f"{briefing.id}-memo.docx"] = data
    return out


def _variants(
    briefings: list[Briefing], names: tuple[str, ...]
) -> tuple[list[Briefing], list[DeckgenError]]:
    """Each briefing narrowed to each named variant (`all`: every variant it declares)."""
    from .variants import narrow

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


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file."""
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
    """Validate every content file, resolve the template, render, then write the outputs."""
    root = workspace or find_workspace(Path.cwd())
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
    briefings, report.errors = validate(files, root)
    if not briefings:
        return report
    template = resolve_template(options, root)  # TemplateError propagates: nothing to build
    if options.variants:
        briefings, failed = _variants(briefings, options.variants)
        report.errors += failed
    else:
        from .variants import whole

        briefings = [whole(b) for b in briefings]
    out_dir = options.out_dir or root / "build"
    rendered: list[tuple[Briefing, dict[str, bytes]]] = []
    for i, briefing in enumerate(briefings, 1):
        if progress:
            progress(f"[{i}/{len(briefings)}] {briefing.id}")
        try:
            rendered.append((briefing, render(briefing, template, options, report.warnings)))
        except DeckgenError as exc:
            report.errors.append(exc)
    for briefing, files_out in rendered:
        for name, data in files_out.items():
            suffix = name.rsplit(".", 1)[1]
            if suffix in options.formats:
                target = out_dir / name
                write_atomic(target, data)
                report.outputs.append(target)
        report.built.append(briefing.id)
    if "pdf" in options.formats and rendered:
        report.outputs += _pdfs(rendered, out_dir, report)
    refresh_gallery(out_dir, report.outputs, root, thumbnails="pdf" in options.formats)
    return report


def _pdfs(
    rendered: list[tuple[Briefing, dict[str, bytes]]], out_dir: Path, report: Report
) -> list[Path]:
    """One LibreOffice run for the whole batch; PDFs move into place only when all succeed."""
    from .writers import pdf
    from .writers.ooxml import build_time

    with tempfile.TemporaryDirectory(prefix="deckgen-pdf-") as tmp:
        staging = Path(tmp)
        sources = []
        when = {}  # PDF name -> the build time of its briefing
        for briefing, files_out in rendered:
            for name, data in files_out.items():
                (staging / name).write_bytes(data)
                sources.append(staging / name)
                when[Path(name).stem + ".pdf"] = build_time(
                    briefing.date.iso() if briefing.date else ""
                )
        try:
            made = pdf.convert(sources, staging / "pdf")
        except DeckgenError as exc:
            report.errors.append(exc)
            return []
        written = []
        for made_pdf in made:
            target = out_dir / made_pdf.name
            # LibreOffice stamps the clock and a random id: pin them, so rebuilds match
            write_atomic(target, pdf.pin_pdf(made_pdf.read_bytes(), when[made_pdf.name]))
            written.append(target)
        return written
