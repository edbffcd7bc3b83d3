"""The command line: parse options, call one library function, print, map errors to exit codes.

This is the only module that imports click; heavy modules are imported inside commands so
`deckgen --help` stays fast.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from deckgen import __version__
from deckgen.console import CHOICES, Style, printable, style_for
from deckgen.errors import DeckgenError
from deckgen.writers import FORMATS  # one list of formats: -f and deckgen.yaml's `formats`

if TYPE_CHECKING:
    from deckgen.build.run import Options, Report
    from deckgen.errors import Diagnostic

_COLOR_KEY = "deckgen.color"

F = Callable[..., Any]


def _remember_color(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    # ctx.meta is shared by the group and its commands, so `deckgen --color never build`
    # and `deckgen build --color never` mean the same; an unset subcommand option keeps the
    # group's choice
    if value is not None:
        ctx.meta[_COLOR_KEY] = value


def _color_option(f: F) -> F:
    return click.option(
        "--color",
        type=click.Choice(CHOICES),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_remember_color,
        help="Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never.",
    )(f)


def _style(stream: TextIO | None = None) -> Style:
    """Colours for ``stream`` (stderr by default), as --color, NO_COLOR and FORCE_COLOR say."""
    ctx = click.get_current_context(silent=True)
    choice = ctx.meta.get(_COLOR_KEY, "auto") if ctx else "auto"
    return style_for(stream or sys.stderr, choice)


def _complete_template(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    """Template set names for shell completion: the workspace's and the built-in ones."""
    from deckgen.paths import find_workspace
    from deckgen.templates.sets import available

    try:
        names = [name for name, _ in available(find_workspace(Path.cwd()))]
    except (DeckgenError, OSError):
        return []
    return [n for n in names if n.startswith(incomplete)]


# Options several commands share, defined once (as MkDocs does with its common options).
_TEMPLATE_OPTION = click.option(
    "-t",
    "--template",
    default=None,
    shell_complete=_complete_template,
    help="Template set name (default: default).",
)
_DECK_TEMPLATE_OPTION = click.option(
    "--deck-template",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A .pptx/.potx to use as the deck template.",
)
_MEMO_TEMPLATE_OPTION = click.option(
    "--memo-template",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A .docx/.dotx to use as the memo template.",
)
_RECIPE_OPTION = click.option(
    "--recipe", default=None, help="Recipe of the template set (default: full)."
)
_JSON_OPTION = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the results as JSON on stdout (shape: docs/cli.md); no colour, no progress.",
)
_QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
_VERBOSE_OPTION = click.option(
    "-v", "--verbose", is_flag=True, help="Also print the template, recipe, outputs and timings."
)


def _output_option(help_text: str) -> Callable[[F], F]:
    return click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
                        default=None, help=help_text)  # fmt: skip


def _build_options(f: F) -> F:
    """The options `build` and `watch` share: what to build, with what, and where."""
    for option in reversed(
        [
            _output_option("Output folder (default: build/)."),
            _TEMPLATE_OPTION,
            _DECK_TEMPLATE_OPTION,
            _MEMO_TEMPLATE_OPTION,
            click.option(
                "-f", "--formats", default=None, help="Comma-separated: pptx,docx,pdf,html."
            ),
            _RECIPE_OPTION,
            click.option(
                "--variant",
                "variants",
                multiple=True,
                help="Build this audience variant (ID-VARIANT-deck.pptx …); repeat, or `all`.",
            ),
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(1, 64),
                default=1,
                metavar="N",
                help="Render N briefings at once, each in its own process (default: 1).",
            ),
            click.option(
                "--force",
                is_flag=True,
                help="Rebuild even when the build cache says the outputs are current.",
            ),
            click.option(
                "--strict",
                is_flag=True,
                help="Refuse a PDF that fails the PDF/UA checks (else a warning).",
            ),
        ]
    ):
        f = option(f)
    return f


def _echo(text: str, err: bool = False) -> None:
    """Print text that _style() has already coloured or not: click must not strip it again."""
    click.echo(text, err=err, color=True)


def _fail(exc: DeckgenError) -> None:
    _echo(exc.format(_style()), err=True)
    sys.exit(1)


def _fail_json(command: str, exc: DeckgenError) -> None:
    """An error that stopped the command before any file was done, as --json reports it."""
    from deckgen.cli import report as shapes

    click.echo(shapes.dumps(shapes.result(command, False, shapes.diagnostics_of([exc]), [])))
    sys.exit(1)


def _formats(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    chosen = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [v for v in chosen if v not in FORMATS]
    if bad or not chosen:
        raise click.BadParameter(
            f"{', '.join(bad) or 'nothing'}; choose from {', '.join(FORMATS)}", param_hint="'-f'"
        )
    return chosen


def _make_options(workspace: Path, **given: Any) -> Options:
    """Build options from the command line, falling back on the workspace's deckgen.yaml."""
    from deckgen.build.run import Options
    from deckgen.build.workspace import defaults

    conf = defaults(workspace)
    chosen = _formats(given["formats"]) or _formats(",".join(conf.get("formats", []) or []) or None)
    return Options(
        out_dir=_output(workspace, given["out_dir"], conf),
        template=_template(workspace, given["template"], conf),
        deck_template=_named(workspace, given["deck_template"]),
        memo_template=_named(workspace, given["memo_template"]),
        formats=chosen or ("pptx", "docx"),
        formats_chosen=bool(chosen),  # else the record's PDFs are remade with their sources
        recipe=given["recipe"] or conf.get("recipe", "full"),
        variants=given["variants"],
        jobs=given["jobs"],
        force=given["force"],
        strict=given["strict"],
    )


def _named(workspace: Path, given: str | None) -> Path | None:
    """A file named on the command line, where the boundary lets deckgen read it: anywhere
    the user pointed, but not out of the workspace through a link inside it."""
    if not given:
        return None
    from deckgen.boundary import check_read

    check_read(given, workspace)
    return Path(given)


def _output(workspace: Path, given: str | None, conf: dict[str, Any]) -> Path:
    """The output folder: -o as typed (the user means it), else deckgen.yaml's `output:`,
    which must stay inside the workspace, else build/ (docs/hardening.md, "The boundary")."""
    from deckgen.boundary import output_folder, setting_location

    if given:
        return output_folder(workspace, given)
    if "output" in conf:
        where = setting_location(workspace / "deckgen.yaml", "output")
        return output_folder(workspace, configured=conf["output"], where=where)
    return output_folder(workspace)


def _template(workspace: Path, given: str | None, conf: dict[str, Any]) -> str:
    """The template set's name, checked to be a name and not a path (`../../x`) before
    anything looks for it, and blamed on where it was given: -t or deckgen.yaml."""
    from deckgen.boundary import SET_NAME_HINT, refusal, set_name_problem, setting_location, shown

    name = given or conf.get("template", "default")
    problem = set_name_problem(name) if isinstance(name, str) else "it is not a name"
    if problem:
        if given:
            from deckgen.errors import Diagnostic, TemplateError

            message = f"-t {shown(given)!r}: {problem}"
            raise TemplateError(message, [Diagnostic(None, message, SET_NAME_HINT)])
        where = setting_location(workspace / "deckgen.yaml", "template")
        raise refusal(where.path, f"`template: {shown(str(name))}` is not a template set name: "
                      f"{problem}", SET_NAME_HINT, where)  # fmt: skip
    return str(name)


def _describe(options: Options, workspace: Path) -> list[str]:
    """What --verbose says before a build: the template set and its files, the recipe."""
    from deckgen.build.run import resolve_template

    template = resolve_template(options, workspace)
    return [
        f"workspace: {_show(workspace)}",
        f"template: {template.name} ({_show(template.folder)})",
        f"  deck: {_show(template.deck)}",
        f"  memo: {_show(template.memo)}",
        f"recipe: {options.recipe}; formats: {','.join(options.formats)}; "
        f"output: {_show(options.out_dir or workspace / 'build')}; jobs: {options.jobs}"
        + ("; force" if options.force else ""),
    ]


def _print_report(report: Report, quiet: bool, verbose: bool, started: float) -> None:
    """A build's diagnostics on stderr and its outputs on stdout, as `build` and `watch` print."""
    style = _style()
    for error in report.errors:
        _echo(error.format(style), err=True)
    if quiet:
        return
    for warning in report.warnings:
        _echo(warning.format(style), err=True)
    for output in report.outputs:
        size = f" ({_size(output)})" if verbose else ""
        click.echo(f"wrote {_show(output)}{size}")
    if verbose:
        for output in report.up_to_date:
            click.echo(f"up to date {_show(output)}")
    elif report.up_to_date:
        count = len(report.up_to_date)
        click.echo(
            f"{count} output{'s' if count != 1 else ''} already up to date (--force rebuilds them)"
        )
    if verbose:
        count = len(report.built)
        click.echo(
            f"built {count} briefing{'s' if count != 1 else ''} in "
            f"{time.monotonic() - started:.2f} s",
            err=True,
        )


def refresh_gallery(out_dir: Path, written: list[Path], thumbnails: bool) -> list[Diagnostic]:
    """After a build or a watch's rebuild: keep the gallery `deckgen gallery` made current
    (publish.gallery is loaded only where there is one)."""
    import os

    if not os.path.lexists(out_dir / "index.html"):
        return []
    from deckgen.publish.gallery import after_build

    return after_build(out_dir, written, thumbnails)


def _size(path: Path) -> str:
    try:
        return f"{path.stat().st_size / 1024:.0f} kB"
    except OSError:
        return "missing"


class _Group(click.Group):
    """Turns an unexpected exception into a short message and a saved report, as Sphinx
    does: a user never meets a traceback, and a bug report has one."""

    def invoke(self, ctx: click.Context) -> object:
        previous = _on_sigterm()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except (KeyboardInterrupt, _Stopped) as exc:
            # every `finally` has run on the way here: LibreOffice is stopped, the temporary
            # folders are gone, and no output is half-written (each is renamed into place)
            signal_name = "SIGTERM" if isinstance(exc, _Stopped) else "Ctrl-C"
            click.echo(f"deckgen: stopped ({signal_name}); every output is either the "
                       "previous one or complete", err=True)  # fmt: skip
            sys.exit(143 if isinstance(exc, _Stopped) else 130)
        except DeckgenError as exc:
            _fail(exc)
        except BrokenPipeError:
            # the reader went away (`deckgen template inspect X | head`): not an error; point
            # stdout at nothing so Python's exit flush does not complain again
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except Exception as exc:  # a bug in deckgen, not in the user's input
            import tempfile
            import traceback

            with tempfile.NamedTemporaryFile(
                "w", prefix="deckgen-crash-", suffix=".txt", delete=False
            ) as fh:
                traceback.print_exc(file=fh)
            click.echo(
                f"deckgen: internal error ({type(exc).__name__}: {exc}).\n"
                f"    This is a bug in deckgen, not in your files. The details are in "
                f"{fh.name}; please attach that file to a bug report.",
                err=True,
            )
            sys.exit(3)
        finally:
            _restore_sigterm(previous)
        return None


class _Stopped(BaseException):
    """SIGTERM, raised wherever deckgen is, so that its cleanups run (Python's default
    action would end the process at once, leaving LibreOffice and temporary copies)."""


def _stopped(_signum: int, _frame: object) -> None:
    raise _Stopped


def _on_sigterm() -> Any:
    """Raise _Stopped on SIGTERM; the previous handler (None off the main thread, where
    handlers cannot be set)."""
    import signal

    try:
        return signal.signal(signal.SIGTERM, _stopped)
    except ValueError:
        return None


def _restore_sigterm(previous: Any) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="deckgen")
@_color_option
def main() -> None:
    """deckgen: structured analysis in YAML to a briefing deck and a memo.

    \b
    Example:
      deckgen init my-briefings && cd my-briefings
      deckgen build                     # every content/*.yaml into build/
      deckgen watch                     # rebuild on every save

    \b
    Shell completion (bash; zsh and fish: docs/cli.md):
      eval "$(_DECKGEN_COMPLETE=bash_source deckgen)"
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_build_options
@_QUIET_OPTION
@_VERBOSE_OPTION
@_JSON_OPTION
@_color_option
def build(paths: tuple[str, ...], quiet: bool, verbose: bool, as_json: bool, **given: Any) -> None:
    """Build decks and memos from content files.

    \b
    Example:
      deckgen build content/russia-iran-2017.yaml -f pptx,docx,pdf
      deckgen build -j 4 --json > build-report.json
    """
    from deckgen.build.run import build as run_build
    from deckgen.paths import find_workspace

    started = time.monotonic()
    try:
        workspace = find_workspace(Path.cwd())
        options = _make_options(workspace, **given)
        if verbose and not as_json:
            for line in _describe(options, workspace):
                click.echo(line, err=True)
        report = run_build(paths, options, workspace, _progress(quiet, verbose, as_json, started),
                           refresh_gallery)  # fmt: skip
    except DeckgenError as exc:
        if as_json:
            _fail_json("build", exc)
        _fail(exc)
        return
    if as_json:
        from deckgen.cli import report as shapes

        click.echo(
            shapes.dumps(
                shapes.result(
                    "build",
                    report.ok,
                    shapes.diagnostics_of(report.errors),
                    [shapes.diagnostic(w) for w in report.warnings],
                    outputs=[_show(p) for p in report.outputs],
                    built=list(report.built),
                    up_to_date=[_show(p) for p in report.up_to_date],
                )
            )
        )
    else:
        _print_report(report, quiet, verbose, started)
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


def _show(path: Path) -> str:
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return printable(shown, lines=False)  # a file name may hold an escape sequence


def _no_files(command: str, as_json: bool, workspace: Path) -> None:
    message = "no content files found"
    hint = "Create one with `deckgen new NAME`, or name the files."
    if as_json:
        from deckgen.errors import ContentError, Diagnostic, Location

        where = Location(_show(workspace / "content"))
        _fail_json(command, ContentError([Diagnostic(where, message, hint)]))
    click.echo(f"{message}; create one with `deckgen new NAME`", err=True)
    sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_QUIET_OPTION
@_JSON_OPTION
@_color_option
def validate(paths: tuple[str, ...], quiet: bool, as_json: bool) -> None:
    """Check content files; exit 0 when clean, 1 with every error located.

    \b
    Example:
      deckgen validate content/russia-iran-2017.yaml
      deckgen validate --json | jq '.errors[] | "\\(.file):\\(.line): \\(.message)"'
    """
    from deckgen.build.run import content_paths
    from deckgen.build.run import validate as run_validate
    from deckgen.paths import find_workspace

    workspace = find_workspace(Path.cwd())
    files = content_paths(list(paths), workspace)
    if not files:
        _no_files("validate", as_json, workspace)
    briefings, errors = run_validate(files, workspace)
    if as_json:
        from deckgen.cli import report as shapes

        click.echo(
            shapes.dumps(
                shapes.result(
                    "validate",
                    not errors,
                    shapes.diagnostics_of(errors),
                    [],
                    valid=[_show(Path(b.path)) for b in briefings],
                )
            )
        )
    else:
        style = _style()
        for error in errors:
            _echo(error.format(style), err=True)
        if not quiet:
            for b in briefings:
                click.echo(f"ok {_show(Path(b.path))}")
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_TEMPLATE_OPTION
@_DECK_TEMPLATE_OPTION
@_MEMO_TEMPLATE_OPTION
@_RECIPE_OPTION
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Leave out info findings (what fitting did).")
@_JSON_OPTION
@_color_option
def lint(
    paths: tuple[str, ...],
    template: str | None,
    deck_template: str | None,
    memo_template: str | None,
    recipe: str | None,
    strict: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Check estimative language, citations, accessibility and fitting; exit 1 on errors.

    \b
    Example:
      deckgen lint content/russia-iran-2017.yaml --strict
      deckgen lint --json | jq '.warnings[].code'
    """
    from deckgen.build.run import Options, content_paths
    from deckgen.build.workspace import defaults
    from deckgen.paths import find_workspace
    from deckgen.review.lint import lint_files

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        # the same set, files and recipe `build` would use, resolved by the same code
        options = Options(
            template=_template(workspace, template, conf),
            deck_template=_named(workspace, deck_template),
            memo_template=_named(workspace, memo_template),
            recipe=recipe or conf.get("recipe", "full"),
        )
        files = content_paths(list(paths), workspace)
        if not files:
            _no_files("lint", as_json, workspace)
        found = lint_files(files, workspace, options)
    except DeckgenError as exc:
        if as_json:
            _fail_json("lint", exc)
        _fail(exc)
        return
    by = {s: [f for f in found if f.severity == s] for s in ("error", "warning", "info")}
    failed = bool(by["error"] or (strict and by["warning"]))
    if as_json:
        from deckgen.cli import report as shapes

        click.echo(
            shapes.dumps(
                shapes.result(
                    "lint",
                    not failed,
                    [shapes.diagnostic(f) for f in by["error"]],
                    [shapes.diagnostic(f) for f in by["warning"]],
                    infos=[shapes.diagnostic(f) for f in by["info"]],
                    strict=strict,
                )
            )
        )
    else:
        style = _style(sys.stdout)
        for finding in found:
            if not (quiet and finding.severity == "info"):
                _echo(finding.format(style))
        errors, warnings = len(by["error"]), len(by["warning"])
        click.echo(
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )
    if failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_build_options
@_QUIET_OPTION
@_VERBOSE_OPTION
@_color_option
def watch(paths: tuple[str, ...], quiet: bool, verbose: bool, **given: Any) -> None:
    """Build, then rebuild on every save: a content file rebuilds its briefing, a picture
    the briefings that show it, a template file every briefing. Errors are shown and the
    watch goes on; Ctrl-C stops it. Takes the options of `build`.

    \b
    Example:
      deckgen watch content/russia-iran-2017.yaml -f pptx,pdf
    """
    from deckgen.build.watch import Pass, Watcher, describe
    from deckgen.paths import find_workspace

    workspace = find_workspace(Path.cwd())
    try:
        options = _make_options(workspace, **given)
        if verbose:
            for line in _describe(options, workspace):
                click.echo(line, err=True)
    except DeckgenError as exc:
        _fail(exc)
        return
    shown_warnings: list[str] = []

    def report(done: Pass) -> None:
        style = _style()
        for error in done.report.errors:
            _echo(error.format(style), err=True)
        warnings = [w.format(style) for w in done.report.warnings]
        if not quiet and warnings != shown_warnings:  # the same template warnings each pass
            for warning in warnings:
                _echo(warning, err=True)
            shown_warnings[:] = warnings
        if not quiet or done.report.errors:
            click.echo(describe(done))
        if verbose:
            for output in done.report.outputs:
                click.echo(f"  wrote {_show(output)} ({_size(output)})")

    def watching(roots: list[Path]) -> None:
        from deckgen.templates.sets import BUILTIN

        def shown(root: Path) -> str:
            if root.is_relative_to(BUILTIN.resolve()):  # a path deep in site-packages says little
                return f"the built-in template set {root.name!r}"
            return _show(root) + "/"

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


@main.command("diff")
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@_TEMPLATE_OPTION
@_RECIPE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON (docs/cli.md).")
def diff_command(
    old: str, new: str, template: str | None, recipe: str | None, as_json: bool
) -> None:
    """List the slides and memo sections a revision added, removed or changed, with the
    text lines that came and went. OLD and NEW are two decks (.pptx), two memos (.docx),
    two build folders (outputs paired by name) or two content files (.yaml, compared as
    they would build with the template set and recipe).

    \b
    Example:
      deckgen diff old-build/ build/
      deckgen diff content/brief-v1.yaml content/brief-v2.yaml
    """
    from deckgen.build.options import Options
    from deckgen.build.workspace import defaults
    from deckgen.paths import find_workspace
    from deckgen.review.diff import describe, diff

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        options = Options(template=_template(workspace, template, conf),
                          recipe=recipe or conf.get("recipe", "full"))  # fmt: skip
        found = diff(
            _named(workspace, old) or Path(old), _named(workspace, new) or Path(new), options
        )
    except DeckgenError as exc:
        if as_json:
            _fail_json("diff", exc)
        _fail(exc)
        return
    if as_json:
        from deckgen.cli import report as shapes

        data = shapes.result(
            "diff",
            True,
            [],
            [],
            old=old,
            new=new,
            same=all(f.status == "same" for f in found),
            files=[f.as_dict() for f in found],
        )
        click.echo(shapes.dumps(data))
        return
    for line in describe(found):
        click.echo(line)


@main.command()
@click.argument("name")
def new(name: str) -> None:
    """Write content/NAME.yaml from a commented skeleton (and deckgen.schema.json beside
    content/, which the skeleton's first line points editors at).

    \b
    Example:
      deckgen new gulf-shipping-2026 && code content/gulf-shipping-2026.yaml
    """
    from deckgen.build.workspace import new as make
    from deckgen.paths import find_workspace

    try:
        path = make(name, find_workspace(Path.cwd()))
    except DeckgenError as exc:
        _fail(exc)
        return
    click.echo(f"wrote {_show(path)}")
    click.echo(f"next: edit it, then `deckgen validate {_show(path)}` and `deckgen build`")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
def init(directory: str) -> None:
    """Create a workspace that builds at once: content/ with a sample briefing, templates/,
    deckgen.yaml (defaults) and deckgen.schema.json (for editors).

    \b
    Example:
      deckgen init my-briefings && cd my-briefings && deckgen build
    """
    from deckgen.build.workspace import init as make

    try:
        made = make(Path(directory))
    except DeckgenError as exc:
        _fail(exc)
        return
    for path in made:
        click.echo(f"wrote {path}")
    import shlex

    click.echo(f"next: cd {shlex.quote(directory)} && deckgen build")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the content format.

    \b
    Example:
      deckgen schema > deckgen.schema.json
    """
    import json

    from deckgen.content.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@main.group()
def template() -> None:
    """Look inside a deck or memo template file.

    \b
    Example:
      deckgen template inspect ours.potx --annotate layouts.pptx
    """


@template.command("inspect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--annotate", "annotate_to", type=click.Path(dir_okay=False), default=None,
              help="Also write a deck with one labelled slide per layout.")  # fmt: skip
def template_inspect(file: str, annotate_to: str | None) -> None:
    """Print layouts and placeholders (decks) or styles and page setup (memos), and the
    role deckgen gives each layout and why.

    \b
    Example:
      deckgen template inspect templates/default/deck.pptx
    """
    from deckgen.paths import find_workspace
    from deckgen.templates.inspect import annotate, describe

    try:
        workspace = find_workspace(Path.cwd())
        path = _named(workspace, file) or Path(file)
        target = _named(workspace, annotate_to)  # checked before anything is printed
        for line in describe(path):
            click.echo(line)
        if target:
            click.echo(f"wrote {annotate(path, target)}")
    except DeckgenError as exc:
        _fail(exc)


@main.group()
def templates() -> None:
    """List, show and start template sets.

    \b
    Example:
      deckgen templates init acme --from acme-briefing.potx
    """


@templates.command("list")
def templates_list() -> None:
    """List the template sets: the workspace's and the built-in ones.

    \b
    Example:
      deckgen templates list
    """
    from deckgen.paths import find_workspace
    from deckgen.templates.inspect import list_sets

    try:
        for line in list_sets(find_workspace(Path.cwd())):
            click.echo(line)
    except DeckgenError as exc:
        _fail(exc)


@templates.command("show")
@click.argument("name")
def templates_show(name: str) -> None:
    """Show a set's files, the layout each role gets, and its recipes.

    \b
    Example:
      deckgen templates show classic
    """
    from deckgen.paths import find_workspace
    from deckgen.templates.inspect import show_set
    from deckgen.templates.sets import find

    try:
        for line in show_set(find(name, find_workspace(Path.cwd()))):
            click.echo(line)
    except DeckgenError as exc:
        _fail(exc)


@templates.command("init")
@click.argument("name")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False), default=None,
              help="An organization's .pptx/.potx or .docx/.dotx: the set starts from it, or, "
              "when templates/NAME exists, gets it as its deck or memo.")  # fmt: skip
def templates_init(name: str, source: str | None) -> None:
    """Start templates/NAME: a copy of the default set, or made from an organization's file
    (recording the layout inferred for every role). With --from and an existing set, add the
    deck or memo it lacks.

    \b
    Example:
      deckgen templates init ours                         # a copy of the default set
      deckgen templates init acme --from acme.potx && deckgen build -t acme
      deckgen templates init acme --from acme-memo.dotx   # acme gets a memo of its own
    """
    from deckgen.paths import find_workspace
    from deckgen.templates.inspect import init_set

    try:
        workspace = find_workspace(Path.cwd())
        for path in init_set(name, Path(source) if source else None, workspace):
            click.echo(f"wrote {_show(path)}")
    except DeckgenError as exc:
        _fail(exc)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_output_option("Output folder; bundles go to its dist/ (default: build/dist/).")
@_TEMPLATE_OPTION
@_RECIPE_OPTION
@click.option("--force", is_flag=True, help="Replace a bundle of the same version that differs.")
@_color_option
def dist(
    paths: tuple[str, ...],
    out_dir: str | None,
    template: str | None,
    recipe: str | None,
    force: bool,
) -> None:
    """Bundle each briefing (every variant it declares) into dist/ID-VERSION.zip with its
    PDFs, manifest.json and SHA256SUMS.

    \b
    Example:
      deckgen dist content/russia-iran-2017.yaml && cd build/dist && unzip -l *.zip
    """
    from deckgen.build.run import Options
    from deckgen.build.workspace import defaults
    from deckgen.paths import find_workspace
    from deckgen.publish.dist import dist as run_dist

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        options = Options(
            out_dir=_output(workspace, out_dir, conf),
            template=_template(workspace, template, conf),
            recipe=recipe or conf.get("recipe", "full"),
        )
        progress = None if not sys.stderr.isatty() else (lambda msg: click.echo(msg, err=True))
        report = run_dist(paths, options, workspace, force, progress)
    except DeckgenError as exc:
        _fail(exc)
        return
    style = _style()
    for error in report.errors:
        _echo(error.format(style), err=True)
    for warning in report.warnings:
        _echo(warning.format(style), err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for bundle in report.bundles:
        click.echo(f"{bundle.status} {_show(bundle.path)}")
    if report.errors:
        sys.exit(1)


@main.command()
@_output_option("Output folder to list (default: build/).")
def gallery(out_dir: str | None) -> None:
    """Write index.html in the output folder: every built briefing, its files, bundles and
    slide thumbnails (LibreOffice and pdftoppm make those when installed). Later builds
    into the folder keep it current.

    \b
    Example:
      deckgen build -f pptx,docx,pdf && deckgen gallery && xdg-open build/index.html
    """
    from deckgen.build.workspace import defaults
    from deckgen.paths import find_workspace
    from deckgen.publish.gallery import write

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        folder = _output(workspace, out_dir, conf)
        if not folder.is_dir():
            raise DeckgenError(f"{folder} does not exist; build something first (`deckgen build`)")
        made = write(folder, thumbnails=True, convert=True)
    except DeckgenError as exc:
        _fail(exc)
        return
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {_show(made.path)}")
