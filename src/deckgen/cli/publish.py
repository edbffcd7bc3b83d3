"""The dist and gallery commands: options to bundles and the gallery page, printed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deckgen.cli.options import RECIPE_OPTION, TEMPLATE_OPTION, color_option, output_option
from deckgen.cli.output import current_style, echo, show
from deckgen.errors import DeckgenError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@output_option("Output folder; bundles go to its dist/ (default: build/dist/).")
@TEMPLATE_OPTION
@RECIPE_OPTION
@click.option("--force", is_flag=True, help="Replace a bundle of the same version that differs.")
@color_option
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
    from deckgen.build.options import resolve_options
    from deckgen.paths import find_workspace
    from deckgen.publish.dist import dist as run_dist

    workspace = find_workspace(Path.cwd())
    given = {"out_dir": out_dir, "template": template, "recipe": recipe}
    options = resolve_options(given, workspace)
    progress = None if not sys.stderr.isatty() else (lambda msg: click.echo(msg, err=True))
    report = run_dist(paths, options, workspace, force, progress)
    style = current_style()
    for error in report.errors:
        echo(error.format(style), err=True)
    for warning in report.warnings:
        echo(warning.format(style), err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for bundle in report.bundles:
        click.echo(f"{bundle.status} {show(bundle.path)}")
    if report.errors:
        sys.exit(1)


@click.command()
@output_option("Output folder to list (default: build/).")
def gallery(out_dir: str | None) -> None:
    """Write index.html in the output folder: every built briefing, its files, bundles and
    slide thumbnails (LibreOffice and pdftoppm make those when installed). Later builds
    into the folder keep it current.

    \b
    Example:
      deckgen build -f pptx,docx,pdf && deckgen gallery && xdg-open build/index.html
    """
    from deckgen.build.options import resolve_options
    from deckgen.paths import find_workspace
    from deckgen.publish.gallery import write

    folder = resolve_options({"out_dir": out_dir}, find_workspace(Path.cwd())).out_dir
    assert folder is not None  # resolved: -o, deckgen.yaml's `output:` or build/
    if not folder.is_dir():
        raise DeckgenError(f"{folder} does not exist; build something first (`deckgen build`)")
    made = write(folder, thumbnails=True, convert=True)
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {show(made.path)}")
