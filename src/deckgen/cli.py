"""The command line: parse options, call one library function, print, map errors to exit codes.

This is the only module that imports click; heavy modules are imported inside commands so
`deckgen --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .errors import DeckgenError

FORMATS = ("pptx", "docx", "pdf")


# Options several commands share, defined once (as MkDocs does with its common options).
_TEMPLATE_OPTION = click.option(
    "-t", "--template", default=None, help="Template set name (default: default)."
)
_RECIPE_OPTION = click.option(
    "--recipe", default=None, help="Recipe of the template set (default: full)."
)


def _output_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
                        default=None, help=help_text)  # fmt: skip


def _fail(exc: DeckgenError) -> None:
    click.echo(exc.format(), err=True)
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


class _Group(click.Group):
    """Turns an unexpected exception into a short message and a saved report, as Sphinx
    does: a user never meets a traceback, and a bug report has one."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except DeckgenError as exc:
            _fail(exc)
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
        return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="deckgen")
def main() -> None:
    """deckgen: structured analysis in YAML to a briefing deck and a memo.

    \b
    Example:
      deckgen build                     # every content/*.yaml into build/
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_output_option("Output folder (default: build/).")
@_TEMPLATE_OPTION
@click.option(
    "--deck-template",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A .pptx/.potx to use as the deck template.",
)
@click.option(
    "--memo-template",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A .docx/.dotx to use as the memo template.",
)
@click.option("-f", "--formats", default=None, help="Comma-separated: pptx,docx,pdf.")
@_RECIPE_OPTION
@click.option(
    "--variant",
    "variants",
    multiple=True,
    help="Build this audience variant (ID-VARIANT-deck.pptx …); repeat, or `all`.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    help="Parallel jobs (accepted; builds run in one process for now).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild even when outputs look up to date (no effect yet: every build rebuilds).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def build(
    paths: tuple[str, ...],
    out_dir: str | None,
    template: str | None,
    deck_template: str | None,
    memo_template: str | None,
    formats: str | None,
    recipe: str | None,
    variants: tuple[str, ...],
    jobs: int,
    force: bool,
    quiet: bool,
) -> None:
    """Build decks and memos from content files.

    \b
    Example:
      deckgen build content/russia-iran-2017.yaml -f pptx,docx,pdf
    """
    from .build import Options
    from .build import build as run_build
    from .load import find_workspace
    from .workspace import defaults

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        chosen = _formats(formats) or _formats(",".join(conf.get("formats", []) or []) or None)
        options = Options(
            out_dir=Path(out_dir)
            if out_dir
            else (workspace / conf["output"] if conf.get("output") else None),
            template=template or conf.get("template", "default"),
            deck_template=Path(deck_template) if deck_template else None,
            memo_template=Path(memo_template) if memo_template else None,
            formats=chosen or ("pptx", "docx"),
            recipe=recipe or conf.get("recipe", "full"),
            variants=variants,
        )
        progress = (
            None if quiet or not sys.stderr.isatty() else (lambda msg: click.echo(msg, err=True))
        )
        report = run_build(paths, options, workspace, progress)
    except DeckgenError as exc:
        _fail(exc)
        return
    for error in report.errors:
        click.echo(error.format(), err=True)
    if not quiet:
        for warning in report.warnings:
            click.echo(warning.format(), err=True)
        for output in report.outputs:
            click.echo(f"wrote {_show(output)}")
    if report.errors:
        count = len(report.errors)
        click.echo(
            f"{count} file{'s' if count != 1 else ''} failed; built {len(report.built)}.", err=True
        )
        sys.exit(1)


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
def validate(paths: tuple[str, ...]) -> None:
    """Check content files; exit 0 when clean, 1 with every error located.

    \b
    Example:
      deckgen validate content/russia-iran-2017.yaml
    """
    from .build import content_paths
    from .build import validate as run_validate
    from .load import find_workspace

    workspace = find_workspace(Path.cwd())
    files = content_paths(list(paths), workspace)
    if not files:
        click.echo("no content files found; create one with `deckgen new NAME`", err=True)
        sys.exit(1)
    briefings, errors = run_validate(files, workspace)
    for error in errors:
        click.echo(error.format(), err=True)
    for b in briefings:
        click.echo(f"ok {_show(Path(b.path))}")
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_TEMPLATE_OPTION
@_RECIPE_OPTION
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
def lint(paths: tuple[str, ...], template: str | None, recipe: str | None, strict: bool) -> None:
    """Check estimative language, citations, accessibility and fitting; exit 1 on errors.

    \b
    Example:
      deckgen lint content/russia-iran-2017.yaml --strict
    """
    from .build import content_paths
    from .lint import lint_files
    from .load import find_workspace
    from .workspace import defaults

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        files = content_paths(list(paths), workspace)
        if not files:
            click.echo("no content files found; create one with `deckgen new NAME`", err=True)
            sys.exit(1)
        found = lint_files(
            files,
            workspace,
            template or conf.get("template", "default"),
            recipe or conf.get("recipe", "full"),
        )
    except DeckgenError as exc:
        _fail(exc)
        return
    for finding in found:
        click.echo(finding.format())
    errors = sum(1 for f in found if f.severity == "error")
    warnings = sum(1 for f in found if f.severity == "warning")
    click.echo(
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    if errors or (strict and warnings):
        sys.exit(1)


@main.command()
@click.argument("name")
def new(name: str) -> None:
    """Write content/NAME.yaml from a commented skeleton.

    \b
    Example:
      deckgen new gulf-shipping-2026
    """
    from .load import find_workspace
    from .workspace import new as make

    try:
        path = make(name, find_workspace(Path.cwd()))
    except DeckgenError as exc:
        _fail(exc)
        return
    click.echo(f"wrote {_show(path)}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
def init(directory: str) -> None:
    """Create a workspace that builds at once.

    \b
    Example:
      deckgen init my-briefings && cd my-briefings && deckgen build
    """
    from .workspace import init as make

    try:
        made = make(Path(directory))
    except DeckgenError as exc:
        _fail(exc)
        return
    for path in made:
        click.echo(f"wrote {path}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the content format.

    \b
    Example:
      deckgen schema > deckgen.schema.json
    """
    import json

    from .schema import json_schema

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
    from .templateinfo import annotate, describe

    try:
        for line in describe(Path(file)):
            click.echo(line)
        if annotate_to:
            click.echo(f"wrote {annotate(Path(file), Path(annotate_to))}")
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
    from .load import find_workspace
    from .templateinfo import list_sets

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
    from .load import find_workspace
    from .template import find
    from .templateinfo import show_set

    try:
        for line in show_set(find(name, find_workspace(Path.cwd()))):
            click.echo(line)
    except DeckgenError as exc:
        _fail(exc)


@templates.command("init")
@click.argument("name")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False), required=True,
              help="An organization's .pptx/.potx or .docx/.dotx.")  # fmt: skip
def templates_init(name: str, source: str) -> None:
    """Start templates/NAME from an organization's file, recording the inferred mapping.

    \b
    Example:
      deckgen templates init acme --from acme.potx && deckgen build -t acme
    """
    from .load import find_workspace
    from .templateinfo import init_set

    try:
        for path in init_set(name, Path(source), find_workspace(Path.cwd())):
            click.echo(f"wrote {_show(path)}")
    except DeckgenError as exc:
        _fail(exc)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_output_option("Output folder; bundles go to its dist/ (default: build/dist/).")
@_TEMPLATE_OPTION
@_RECIPE_OPTION
@click.option("--force", is_flag=True, help="Replace a bundle of the same version that differs.")
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
    from .build import Options
    from .dist import dist as run_dist
    from .load import find_workspace
    from .workspace import defaults

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        output = (
            Path(out_dir)
            if out_dir
            else (workspace / conf["output"] if conf.get("output") else None)
        )
        options = Options(
            out_dir=output,
            template=template or conf.get("template", "default"),
            recipe=recipe or conf.get("recipe", "full"),
        )
        progress = None if not sys.stderr.isatty() else (lambda msg: click.echo(msg, err=True))
        report = run_dist(paths, options, workspace, force, progress)
    except DeckgenError as exc:
        _fail(exc)
        return
    for error in report.errors:
        click.echo(error.format(), err=True)
    for warning in report.warnings:
        click.echo(warning.format(), err=True)
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
    from .gallery import write
    from .load import find_workspace
    from .workspace import defaults

    try:
        workspace = find_workspace(Path.cwd())
        conf = defaults(workspace)
        folder = Path(out_dir) if out_dir else workspace / conf.get("output", "build")
        if not folder.is_dir():
            raise DeckgenError(f"{folder} does not exist; build something first (`deckgen build`)")
        made = write(folder, workspace, thumbnails=True, convert=True)
    except DeckgenError as exc:
        _fail(exc)
        return
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {_show(made.path)}")
