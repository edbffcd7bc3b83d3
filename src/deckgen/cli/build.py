"""The build, validate and watch commands: options to a build, its report to the terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deckgen.cli.options import (
    JSON_OPTION,
    QUIET_OPTION,
    VERBOSE_OPTION,
    build_options,
    color_option,
)
from deckgen.cli.output import (
    current_style,
    echo,
    fail,
    fail_json,
    file_size,
    no_files,
    print_report,
    show,
)
from deckgen.errors import DeckgenError

if TYPE_CHECKING:
    from deckgen.build.options import Options
    from deckgen.errors import Diagnostic


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@build_options
@QUIET_OPTION
@VERBOSE_OPTION
@JSON_OPTION
@color_option
def build(paths: tuple[str, ...], quiet: bool, verbose: bool, as_json: bool, **given: Any) -> None:
    """Build decks and memos from content files.

    \b
    Example:
      deckgen build content/russia-iran-2017.yaml -f pptx,docx,pdf
      deckgen build -j 4 --json > build-report.json
    """
    from deckgen.build.options import resolve_options
    from deckgen.build.run import build as run_build
    from deckgen.paths import find_workspace

    started = time.monotonic()
    try:
        workspace = find_workspace(Path.cwd())
        options = resolve_options(given, workspace)
        if verbose and not as_json:
            for line in _describe(options, workspace):
                click.echo(line, err=True)
        report = run_build(paths, options, workspace, _progress(quiet, verbose, as_json, started),
                           refresh_gallery)  # fmt: skip
    except DeckgenError as exc:
        if as_json:
            fail_json("build", exc)
        fail(exc)
        return
    if as_json:
        from deckgen.cli import output as shapes

        click.echo(
            shapes.dumps(
                shapes.result(
                    "build",
                    report.ok,
                    shapes.diagnostics_of(report.errors),
                    [shapes.diagnostic(w) for w in report.warnings],
                    outputs=[show(p) for p in report.outputs],
                    built=list(report.built),
                    up_to_date=[show(p) for p in report.up_to_date],
                )
            )
        )
    else:
        print_report(report, quiet, verbose, started)
    if report.errors:
        if not as_json:
            count = len(report.errors)
            click.echo(
                f"{count} file{'s' if count != 1 else ''} failed; built {len(report.built)}.",
                err=True,
            )
        sys.exit(1)


def _progress(
    quiet: bool, verbose: bool, as_json: bool, started: float
) -> Callable[[str], None] | None:
    """`[i/n] id` lines on stderr: on a terminal, or always with --verbose (with the time
    since the start); never with --quiet or --json, whose readers want no chatter."""
    if quiet or as_json or not (verbose or sys.stderr.isatty()):
        return None

    def say(message: str) -> None:
        took = f"  ({time.monotonic() - started:.2f} s)" if verbose else ""
        click.echo(f"{message}{took}", err=True)

    return say


def _describe(options: Options, workspace: Path) -> list[str]:
    """What --verbose says before a build: the template set and its files, the recipe."""
    from deckgen.build.pipeline import resolve_template

    template = resolve_template(options, workspace)
    return [
        f"workspace: {show(workspace)}",
        f"template: {template.name} ({show(template.folder)})",
        f"  deck: {show(template.deck)}",
        f"  memo: {show(template.memo)}",
        f"recipe: {options.recipe}; formats: {','.join(options.formats)}; "
        f"output: {show(options.out_dir or workspace / 'build')}; jobs: {options.jobs}"
        + ("; force" if options.force else ""),
    ]


def refresh_gallery(out_dir: Path, written: list[Path], thumbnails: bool) -> list[Diagnostic]:
    """After a build or a watch's rebuild: keep the gallery `deckgen gallery` made current
    (publish.gallery is loaded only where there is one)."""
    import os

    if not os.path.lexists(out_dir / "index.html"):
        return []
    from deckgen.publish.gallery import after_build

    return after_build(out_dir, written, thumbnails)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@QUIET_OPTION
@JSON_OPTION
@color_option
def validate(paths: tuple[str, ...], quiet: bool, as_json: bool) -> None:
    """Check content files; exit 0 when clean, 1 with every error located.

    \b
    Example:
      deckgen validate content/russia-iran-2017.yaml
      deckgen validate --json | jq '.errors[] | "\\(.file):\\(.line): \\(.message)"'
    """
    from deckgen.build.pipeline import content_paths
    from deckgen.build.pipeline import validate as run_validate
    from deckgen.paths import find_workspace

    workspace = find_workspace(Path.cwd())
    files = content_paths(list(paths), workspace)
    if not files:
        no_files("validate", as_json, workspace)
    briefings, errors = run_validate(files, workspace)
    if as_json:
        from deckgen.cli import output as shapes

        click.echo(
            shapes.dumps(
                shapes.result(
                    "validate",
                    not errors,
                    shapes.diagnostics_of(errors),
                    [],
                    valid=[show(Path(b.path)) for b in briefings],
                )
            )
        )
    else:
        style = current_style()
        for error in errors:
            echo(error.format(style), err=True)
        if not quiet:
            for b in briefings:
                click.echo(f"ok {show(Path(b.path))}")
    if errors:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@build_options
@QUIET_OPTION
@VERBOSE_OPTION
@color_option
def watch(paths: tuple[str, ...], quiet: bool, verbose: bool, **given: Any) -> None:
    """Build, then rebuild on every save: a content file rebuilds its briefing, a picture
    the briefings that show it, a template file every briefing. Errors are shown and the
    watch goes on; Ctrl-C stops it. Takes the options of `build`.

    \b
    Example:
      deckgen watch content/russia-iran-2017.yaml -f pptx,pdf
    """
    from deckgen.build.options import resolve_options
    from deckgen.build.watch import Pass, Watcher, describe
    from deckgen.paths import find_workspace

    workspace = find_workspace(Path.cwd())
    options = resolve_options(given, workspace)
    if verbose:
        for line in _describe(options, workspace):
            click.echo(line, err=True)
    shown_warnings: list[str] = []

    def report(done: Pass) -> None:
        style = current_style()
        for error in done.report.errors:
            echo(error.format(style), err=True)
        warnings = [w.format(style) for w in done.report.warnings]
        if not quiet and warnings != shown_warnings:  # the same template warnings each pass
            for warning in warnings:
                echo(warning, err=True)
            shown_warnings[:] = warnings
        if not quiet or done.report.errors:
            click.echo(describe(done))
        if verbose:
            for output in done.report.outputs:
                click.echo(f"  wrote {show(output)} ({file_size(output)})")

    def watching(roots: list[Path]) -> None:
        from deckgen.templates.sets import BUILTIN

        def shown(root: Path) -> str:
            if root.is_relative_to(BUILTIN.resolve()):  # a path deep in site-packages says little
                return f"the built-in template set {root.name!r}"
            return show(root) + "/"

        if not quiet:
            click.echo(f"watching {', '.join(shown(r) for r in roots)} (Ctrl-C to stop)")

    import signal

    # Ctrl-C must stop the watch even when a shell started it with SIGINT ignored (as
    # non-interactive shells do for `&` jobs); a SIGTERM from a supervisor stops it alike
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        Watcher(paths, options, workspace, refresh_gallery).run(report, watching)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    sys.exit(0)
