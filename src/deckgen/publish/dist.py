"""Content files to distribution bundles: dist/ID-VERSION.zip with manifest.json and SHA256SUMS."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from deckgen import __version__
from deckgen.boundary import (
    TARGET_HINT,
    check_target,
    display,
    output_folder,
    refusal,
    write_atomic,
)
from deckgen.build.options import Options, check_set_name
from deckgen.build.outputs import DECK, HANDOUT, PAGE
from deckgen.build.pdfs import make_pdfs
from deckgen.build.pipeline import (
    build_time,
    build_time_source,
    content_paths,
    id_location,
    resolve_template,
    validate,
)
from deckgen.build.run import Progress, build
from deckgen.content.model import Briefing
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location
from deckgen.ooxml import zip as ooxml
from deckgen.paths import find_workspace
from deckgen.pdf import convert as pdf
from deckgen.publish.gallery import refresh
from deckgen.scratch import folder
from deckgen.templates.sets import TemplateSet


@dataclass
class Bundle:
    """One bundle and what happened to it: ``wrote``, ``replaced`` or ``unchanged``."""

    path: Path
    status: str


@dataclass
class DistReport:
    """Bundles made, errors met, and notes a user should read (PDFs skipped and why)."""

    bundles: list[Bundle] = field(default_factory=list)
    errors: list[DeckgenError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bundle_name(briefing: Briefing) -> str:
    """``ID-VERSION``; characters a file name cannot safely hold become ``-``."""
    version = re.sub(r"[^A-Za-z0-9._+-]", "-", briefing.version or "0")
    return f"{briefing.id}-{version}"


def _when(briefing: Briefing) -> tuple[dt.datetime, str]:
    """The build time every timestamp uses, and where it came from (never the clock)."""
    return build_time(briefing), build_time_source(briefing)


def _rel(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when inside it, else its name: no absolute path may reach
    the manifest, or the same inputs in another folder would give other bytes."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.name


def _stem(name: str) -> str:
    """The edition an output belongs to: ``ID-VARIANT`` of ``ID-VARIANT-memo.docx`` and of
    the web edition ``ID-VARIANT.html``."""
    return name.removesuffix(PAGE) if name.endswith(PAGE) else name.rsplit("-", 1)[0]


def _manifest(
    briefing: Briefing,
    root: Path,
    template: TemplateSet,
    recipe: str,
    outputs: dict[str, bytes],
    pdf_note: str,
) -> dict[str, object]:
    when, source = _when(briefing)
    content = Path(briefing.path)
    images = sorted({s.image.path for s in briefing.sections if s.image})
    variants = [
        {
            "name": v.name,
            "audiences": list(v.audiences),
            "marking": v.marking or briefing.marking,
            "distribution": v.distribution or briefing.distribution,
            "files": sorted(n for n in outputs if _stem(n) == f"{briefing.id}-{v.name}"),
        }
        for v in briefing.variants
    ] or [  # no variants declared: one edition holding every item
        {
            "name": None,
            "audiences": None,
            "marking": briefing.marking,
            "distribution": briefing.distribution,
            "files": sorted(outputs),
        }
    ]
    return {
        "id": briefing.id,
        "title": briefing.title.plain,
        "version": briefing.version or "0",
        "content": {"file": _rel(content, root), "sha256": sha256(content.read_bytes())},
        "images": [
            {"file": _rel(Path(p), root), "sha256": sha256(Path(p).read_bytes())} for p in images
        ],
        "template": {
            "name": template.name,
            "files": [
                {"file": name, "sha256": digest}
                for name, digest in sorted(
                    (_rel(p, template.folder), sha256(p.read_bytes())) for p in template.files()
                )
            ],
        },
        "recipe": recipe,
        "variants": variants,
        "deckgen": __version__,
        "build_time": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "build_time_from": source,
        "pdf": {"included": not pdf_note, "note": pdf_note or "PDFs made with LibreOffice"},
        "outputs": [
            {"file": n, "size": len(outputs[n]), "sha256": sha256(outputs[n])}
            for n in sorted(outputs)
        ],
    }


def make_bundle(
    briefing: Briefing,
    root: Path,
    template: TemplateSet,
    recipe: str,
    outputs: dict[str, bytes],
    pdf_note: str,
) -> bytes:
    """The bundle's bytes: a folder ID-VERSION/ with the outputs, manifest.json, SHA256SUMS."""
    manifest = _manifest(briefing, root, template, recipe, outputs, pdf_note)
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    files = {**outputs, "manifest.json": text.encode()}
    # two spaces: the text mode `sha256sum -c` reads
    sums = "".join(f"{sha256(files[n])}  {n}\n" for n in sorted(files))
    files["SHA256SUMS"] = sums.encode()
    top = bundle_name(briefing)
    return ooxml.write_zip({f"{top}/{n}": b for n, b in files.items()}, _when(briefing)[0])


def _differences(old: bytes, new: bytes) -> str:
    """Which outputs differ between two bundles, as a user reads it."""

    def hashes(data: bytes) -> dict[str, str]:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            name = next(n for n in zf.namelist() if n.endswith("/manifest.json"))
            return {o["file"]: o["sha256"] for o in json.loads(zf.read(name))["outputs"]}

    try:
        before, after = hashes(old), hashes(new)
    except (zipfile.BadZipFile, StopIteration, KeyError, ValueError, TypeError):
        return "it is not a deckgen bundle"
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    return f"changed: {', '.join(changed)}" if changed else "the manifest differs"


def _store(target: Path, data: bytes, force: bool, content: str, within: Path) -> Bundle:
    """Write ``data`` at ``target`` unless a different bundle of the same version is there;
    a link there is refused, never read through nor replaced."""
    check_target(target)  # checked before the build too; again, should it have changed since
    if target.is_file():
        old = target.read_bytes()
        if old == data:
            return Bundle(target, "unchanged")
        if not force:
            raise DeckgenError(
                f"{target} already exists with different contents ({_differences(old, data)}); "
                f"it was left untouched. Raise `version:` in {content} for a new release, "
                "or pass --force to replace this one."
            )
        write_atomic(target, data, within=within)
        return Bundle(target, "replaced")
    write_atomic(target, data, within=within)
    return Bundle(target, "wrote")


def _pdfs(built: list[tuple[Briefing, list[Path]]], into: Path, out_dir: Path,
          template: TemplateSet, report: DistReport,
          handouts: bool = False) -> tuple[dict[str, bytes], str]:  # fmt: skip
    """Finished PDFs of every deck and memo, and with ``handouts`` every deck's handout,
    made by the build's own PDF step (build.pdfs: one LibreOffice run, one more for the
    handouts, the font check and the PDF/UA checks, warnings as `build -f pdf` gives them);
    or none and the reason why."""
    from deckgen.errors import PdfError

    try:
        pdf.find_soffice()
    except PdfError as exc:
        return {}, f"PDFs skipped: {exc.message}"
    rendered = [(b, {p.name: p.read_bytes() for p in docs if p.suffix in (".pptx", ".docx")})
                for b, docs in built]  # fmt: skip
    bundle = {made: bundle_name(b) for b, docs in built for p in docs for made in _made_of(p)}

    def shown(made: Path) -> str:  # where the PDF will be: inside its bundle
        name = bundle[made.name]
        return f"{display(out_dir / f'{name}.zip')}/{name}/{made.name}"

    kinds = {b.id: ("pdf", "handout") if handouts else ("pdf",) for b, _ in built}
    made = make_pdfs(rendered, into, report, template, shown=shown, kinds=kinds)
    for (_, files), (_, docs) in zip(rendered, built):
        # a memo set again for its PDF's last page (build/refill.py): bundled as its PDF shows it
        for doc in docs:
            if doc.name in files and files[doc.name] != doc.read_bytes():
                doc.write_bytes(files[doc.name])
    return {p.name: p.read_bytes() for p in made}, ""


def _made_of(office: Path) -> list[str]:
    """The PDFs a bundle holds of one of its files: a deck's or memo's PDF, a deck's
    handout (when handouts were asked for and made)."""
    if office.suffix not in (".pptx", ".docx"):
        return []
    made = [office.stem + ".pdf"]
    if office.name.endswith(DECK):
        made.append(office.name.removesuffix(DECK) + HANDOUT)
    return made


def handouts_asked(options: Options, root: Path) -> bool:
    """Whether bundles hold handouts: `dist` has no -f, so handouts come when asked for as
    every format is by default, in the workspace's deckgen.yaml `formats` (or in the
    options given)."""
    from deckgen.build.options import resolve_options

    return "handout" in options.formats or "handout" in resolve_options(
        {"formats": None}, root).formats  # fmt: skip


def _distinct_bundles(briefings: list[Briefing], report: DistReport) -> list[Briefing]:
    """The briefings whose bundle no other briefing of the run would also write: `x` at
    version `public-1` and `x-public` at version `1` are both x-public-1.zip. Both are
    refused, before anything is built, since either would replace the other."""
    owner: dict[str, Briefing] = {}
    clashes: dict[str, list[Diagnostic]] = {}
    for briefing in briefings:
        name = bundle_name(briefing)
        first = owner.setdefault(name.casefold(), briefing)
        if first is briefing:
            continue
        for mine, theirs in ((briefing, first), (first, briefing)):
            clashes.setdefault(mine.path, []).append(Diagnostic(
                id_location(Path(mine.path)),
                f"briefing {mine.id!r} (version {mine.version or '0'!r}) and briefing "
                f"{theirs.id!r} (version {theirs.version or '0'!r}, {theirs.path}) would both "
                f"be bundled as dist/{name}.zip",
                "Change the id or the version of one of them; neither was bundled.",
            ))  # fmt: skip
    for found in clashes.values():
        report.errors.append(ContentError(found))
    return [b for b in briefings if b.path not in clashes]


def _writable(briefings: list[Briefing], out_parent: Path,
              report: DistReport) -> list[Briefing]:  # fmt: skip
    """The briefings whose bundle path may be written: dist/ a real folder (or none yet), and
    no link, folder or FIFO where the bundle goes. Checked before anything is built."""
    from deckgen.boundary import make_folders, target_problem

    dist_dir = out_parent / "dist"
    if os.path.lexists(dist_dir):
        try:
            make_folders(out_parent, dist_dir)  # refuses a link or a file there
        except DeckgenError as exc:
            report.errors.append(exc)
            return []
    keep = []
    for briefing in briefings:
        target = dist_dir / f"{bundle_name(briefing)}.zip"
        problem = target_problem(target)
        if problem:
            report.errors.append(refusal(target, problem, TARGET_HINT))
        else:
            keep.append(briefing)
    return keep


def dist(
    paths: Iterable[str],
    options: Options,
    workspace: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> DistReport:
    """Build every briefing (every variant it declares) and bundle each into dist/."""
    root = workspace or find_workspace(Path.cwd())
    report = DistReport()
    files = content_paths(list(paths), root)
    check_set_name(options.template)
    out_parent = options.out_dir or output_folder(root)
    briefings, report.errors = validate(files, root)
    if not files:
        where = Location(str(root / "content"))
        report.errors.append(ContentError([Diagnostic(where, "no content files found")]))
    briefings = _distinct_bundles(briefings, report)
    if not briefings:
        return report
    template = resolve_template(options, root)
    out_dir = out_parent / "dist"
    briefings = _writable(briefings, out_parent, report)
    if not briefings:
        return report
    with folder("deckgen-dist-") as tmp:
        built: list[tuple[Briefing, list[Path]]] = []
        for briefing in briefings:
            # a folder per briefing: the user's build/ outputs are never touched
            docs = Path(tmp, briefing.id)
            chosen = replace(
                options,
                out_dir=docs,
                formats=("pptx", "docx", "html"),
                variants=("all",) if briefing.variants else (),
            )
            done = build([briefing.path], chosen, root, progress)
            report.errors += done.errors
            report.warnings += [w for w in done.warnings if w not in report.warnings]
            if done.ok:
                built.append((briefing, sorted(done.outputs)))
        failed = len(report.errors)
        pdfs, note = _pdfs(built, Path(tmp, "pdf"), out_dir, template, report,
                           handouts_asked(options, root))  # fmt: skip
        if len(report.errors) > failed:  # a PDF not made or refused: no bundle lacks one
            return report
        if note:
            report.notes.append(note)
        for briefing, docs_made in built:
            outputs = {p.name: p.read_bytes() for p in docs_made}
            outputs.update((made, pdfs[made]) for p in docs_made for made in _made_of(p)
                           if made in pdfs)  # fmt: skip
            data = make_bundle(briefing, root, template, options.recipe, outputs, note)
            try:
                target = out_dir / f"{bundle_name(briefing)}.zip"
                report.bundles.append(_store(target, data, force, briefing.path, out_parent))
            except DeckgenError as exc:
                report.errors.append(exc)
    changed = [b.path for b in report.bundles if b.status != "unchanged"]
    report.notes += refresh(out_dir.parent, changed, thumbnails=False)  # it links bundles
    return report
