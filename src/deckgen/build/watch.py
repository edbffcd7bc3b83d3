"""Saved content files, pictures and template files to rebuilt outputs: `deckgen watch`.

A change to a content file rebuilds that briefing; a change to a picture rebuilds the
briefings that show it; a change to the template set rebuilds every briefing. The folders
watched are the content folder(s), the folders of referenced pictures and the template
set's; they are worked out again after every rebuild, since an edit may add a picture.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from deckgen.boundary import read_problem, real
from deckgen.build.options import Options
from deckgen.build.pipeline import content_paths, resolve_template
from deckgen.build.run import AfterWrite, Report
from deckgen.build.run import build as run_build
from deckgen.errors import ContentError, DeckgenError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}
DEBOUNCE_MS = 400  # an editor's save is several events; group them, but stay well under 1 s
READY_MS = 100  # how soon a new watch first reports, set up, so saves it missed are caught


@dataclass
class Pass:
    """One rebuild: when it started, what changed, which content files it built, and how."""

    started: float  # time.time(), for the clock shown
    reasons: list[str]  # the changed files as shown, or "start"
    files: list[Path]
    report: Report
    seconds: float
    removed: list[str] = field(default_factory=list)  # content files deleted since


class Watcher:
    """What to rebuild when a file changes, and the rebuilding itself."""

    def __init__(self, paths: Iterable[str], options: Options, workspace: Path,
                 after_write: AfterWrite | None = None) -> None:  # fmt: skip
        self.paths = list(paths)
        self.after_write = after_write  # run after each rebuild writes (the gallery refresh)
        self.options = options
        self.workspace = workspace
        self.images: dict[Path, set[Path]] = {}  # content file -> pictures it shows (resolved)
        self.failed: set[Path] = set()  # content files whose last build failed
        self.known: set[Path] = set()  # content files built so far, to notice removals
        self.out_dir = (options.out_dir or workspace / "build").resolve()
        self.seen: dict[Path, tuple[int, int] | None] = {}  # input stamps the last build saw

    # -- what is watched -------------------------------------------------------------------

    def targets(self) -> dict[Path, Path]:
        """Resolved content file -> the path as a user sees it; read anew on every change,
        so a file created in content/ joins the watch."""
        return {real(p): p for p in content_paths(self.paths, self.workspace)}

    def template_files(self) -> tuple[set[Path], set[Path]]:
        """The template set's folders and files (the set may live in the workspace, in the
        package, or be a --deck-template/--memo-template file anywhere)."""
        folders: set[Path] = set()
        files: set[Path] = set()
        local = self.workspace / "templates"
        if local.is_dir() and not read_problem(local, self.workspace):
            folders.add(local.resolve())
        try:
            template = resolve_template(self.options, self.workspace)
        except DeckgenError:
            return folders, files  # the build reports it; templates/ is still watched
        folders.add(template.folder.resolve())
        files |= {f.resolve() for f in template.files()}
        return folders, files

    def roots(self) -> list[Path]:
        """The folders to watch, each on its own: they are watched without their subfolders,
        since a recursive watch follows every symlinked folder, out of the workspace too."""
        wanted: set[Path] = set()
        for path in self.paths or [str(self.workspace / "content")]:
            if read_problem(path, self.workspace):
                continue  # a link out of the workspace: the build refuses it, unread
            p = real(path)
            wanted.add(p if p.is_dir() else p.parent)
        for pictures in self.images.values():
            wanted |= {p.parent for p in pictures}
        folders, files = self.template_files()
        wanted |= folders | {f.parent for f in files}
        return sorted(p for p in wanted if p.is_dir())

    def ignored(self, path: Path) -> bool:
        """Outputs and deckgen's own temporary files, should the output folder be watched."""
        return path.is_relative_to(self.out_dir) or (
            path.name.startswith(".") and path.name.endswith(".tmp")
        )

    # -- what a change means ---------------------------------------------------------------

    def affected(self, changed: Iterable[Path]) -> tuple[list[Path], list[str], list[str]]:
        """The content files to rebuild for ``changed`` (resolved paths), the changed files
        that matter as a user sees them, and the content files that were removed."""
        targets = self.targets()
        folders, files = self.template_files()
        rebuild: set[Path] = set()
        reasons: list[str] = []
        removed: list[str] = []
        for path in sorted(set(changed)):
            if self.ignored(path):
                continue
            if path in targets:
                rebuild.add(path)
            elif path in self.known and not path.exists():
                removed.append(_shown(path))
                self.known.discard(path)
                self.images.pop(path, None)
                self.failed.discard(path)
                continue
            elif showing := {c for c, pictures in self.images.items() if path in pictures}:
                rebuild |= showing
            elif path in files or any(path.is_relative_to(f) for f in folders):
                rebuild |= set(targets)
            elif path.suffix.lower() in IMAGE_SUFFIXES and self.failed:
                rebuild |= self.failed  # a picture that was missing may be here now
            else:
                continue
            reasons.append(_shown(path))
        ordered = [targets[p] for p in targets if p in rebuild]
        return ordered, reasons, removed

    # -- rebuilding ------------------------------------------------------------------------

    def rebuild(self, files: list[Path], reasons: list[str], force: bool) -> Pass:
        """Build ``files``; a content or template error is reported, never raised."""
        started, clock = time.monotonic(), time.time()
        options = replace(self.options, force=force)
        # which pictures the files show, then every input's stamp, before the build reads
        # them: a save from now on differs from ``seen``, even one no watch reports
        self._remember(files)
        self.seen = self.stamps()
        try:
            report = run_build([str(f) for f in files], options, self.workspace,
                               after_write=self.after_write)  # fmt: skip
        except DeckgenError as exc:
            report = Report(errors=[exc])
        return Pass(clock, reasons, files, report, time.monotonic() - started)

    def _remember(self, files: list[Path]) -> None:
        """Which pictures each file shows, and which files failed, for the next change."""
        from deckgen.content.load import load_file

        for path in files:
            key = real(path)
            self.known.add(key)
            try:
                briefing = load_file(path, self.workspace)
            except ContentError:
                self.failed.add(key)
                continue  # keep the pictures it showed last time it was valid
            self.failed.discard(key)
            self.images[key] = {
                Path(s.image.path).resolve() for s in briefing.sections if s.image is not None
            }

    def run(
        self,
        report: Callable[[Pass], None],
        watching: Callable[[list[Path]], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        """Build everything once, then rebuild on every change until ``stop`` is set or the
        user presses Ctrl-C (KeyboardInterrupt reaches the caller)."""
        import contextlib

        with contextlib.ExitStack() as stack:
            warning = ""
            if {"pdf", "handout"} & set(self.options.formats):
                from deckgen.pdf import warm  # LibreOffices kept for every rebuild's PDFs

                warning = stack.enter_context(warm.running(warm.parallel()))
            self._run(report, watching, stop, warning)

    def _run(self, report: Callable[[Pass], None],
             watching: Callable[[list[Path]], None] | None,
             stop: threading.Event | None, warning: str) -> None:  # fmt: skip
        import watchfiles

        from deckgen.errors import Diagnostic

        targets = list(self.targets().values())
        first = self.rebuild(targets, ["start"], self.options.force)
        if warning:  # visible fallback: the one-shot LibreOffice run per rebuild
            first.report.warnings.append(Diagnostic(None, warning,
                                                severity="warning"))  # fmt: skip
        report(first)
        while not (stop and stop.is_set()):
            roots = self.roots()
            if watching:
                watching(roots)
            changes = watchfiles.watch(
                *roots,
                watch_filter=watchfiles.DefaultFilter(ignore_paths=[self.out_dir]),
                debounce=DEBOUNCE_MS,
                stop_event=stop,
                recursive=False,
                rust_timeout=READY_MS,
                yield_on_timeout=True,
            )
            live = False
            for batch in changes:
                changed = {real(p) for _, p in batch}
                if not live:
                    # the watch is set up only now: a file saved since the last build read it
                    # (while the watch was made anew) left no event, but its stamp shows it
                    live = True
                    changed |= {f for f, s in self.stamps().items() if self.seen.get(f) != s}
                if not changed:
                    continue
                files, reasons, removed = self.affected(changed)
                if files:
                    done = self.rebuild(files, reasons, force=True)
                    done.removed = removed
                    report(done)
                elif removed:
                    report(Pass(time.time(), removed, [], Report(), 0.0, removed))
                if self.roots() != roots:
                    break  # a new picture folder, or a template moved: watch anew

    def stamps(self) -> dict[Path, tuple[int, int] | None]:
        """Size and modification time of every file the builds depend on (None: absent)."""
        files = set(self.targets()) | {p for ps in self.images.values() for p in ps}
        files |= self.template_files()[1]
        return {f: _stamp(f) for f in files}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def describe(done: Pass) -> str:
    """One line per rebuild: time, why, what was rebuilt (or what failed), how long."""
    clock = dt.datetime.fromtimestamp(done.started).strftime("%H:%M:%S")
    why = "start" if done.reasons == ["start"] else ", ".join(done.reasons) + " changed"
    if done.removed and not done.files:
        return f"[{clock}] {', '.join(done.removed)} removed; its outputs are left as they were"
    parts = []
    if done.report.built:
        names = ", ".join(p.name for p in done.report.outputs)
        parts.append(f"rebuilt {', '.join(done.report.built)} ({names or 'up to date'})")
    if done.report.errors:
        located = [e for e in done.report.errors if _error_file(e)]
        count = sum(len(e.diagnostics) for e in located)
        failed = sorted({_error_file(e) for e in located})
        said = (
            [f"{count} error{'s' if count != 1 else ''} in {', '.join(failed)}"] if located else []
        )
        said += [e.category for e in done.report.errors if not _error_file(e)]
        parts.append(f"{'; '.join(said)}; previous outputs kept")
    if done.report.up_to_date and not done.report.built:
        parts.append(f"{len(done.report.up_to_date)} outputs up to date")
    if not parts:
        parts.append("nothing to build")
    return f"[{clock}] {why} → {'; '.join(parts)} ({done.seconds:.2f} s)"


def _error_file(exc: DeckgenError) -> str:
    """The file an error is about, or "" for one about no file (an unknown template set)."""
    located = [d.location.path for d in exc.diagnostics if d.location]
    return located[0] if located else ""


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
