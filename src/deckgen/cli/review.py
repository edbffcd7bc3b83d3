"""The lint and diff commands: options to findings and changes, printed or as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deckgen.cli.options import (
    DECK_TEMPLATE_OPTION,
    JSON_OPTION,
    MEMO_TEMPLATE_OPTION,
    RECIPE_OPTION,
    TEMPLATE_OPTION,
    color_option,
)
from deckgen.cli.output import current_style, echo, fail, fail_json, no_files
from deckgen.errors import DeckgenError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@TEMPLATE_OPTION
@DECK_TEMPLATE_OPTION
@MEMO_TEMPLATE_OPTION
@RECIPE_OPTION
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Leave out info findings (what fitting did).")
@JSON_OPTION
@color_option
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
    from deckgen.build.options import resolve_options
    from deckgen.build.pipeline import content_paths
    from deckgen.paths import find_workspace
    from deckgen.review.lint import lint_files

    try:
        workspace = find_workspace(Path.cwd())
        # the same set, files and recipe `build` would use, resolved by the same code
        given = {"template": template, "deck_template": deck_template,
                 "memo_template": memo_template, "recipe": recipe}  # fmt: skip
        options = resolve_options(given, workspace)
        files = content_paths(list(paths), workspace)
        if not files:
            no_files("lint", as_json, workspace)
        found = lint_files(files, workspace, options)
    except DeckgenError as exc:
        if as_json:
            fail_json("lint", exc)
        fail(exc)
        return
    by = {s: [f for f in found if f.severity == s] for s in ("error", "warning", "info")}
    failed = bool(by["error"] or (strict and by["warning"]))
    if as_json:
        from deckgen.cli import output as shapes

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
        style = current_style(sys.stdout)
        for finding in found:
            if not (quiet and finding.severity == "info"):
                echo(finding.format(style))
        errors, warnings = len(by["error"]), len(by["warning"])
        click.echo(
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )
    if failed:
        sys.exit(1)


@click.command("diff")
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@TEMPLATE_OPTION
@RECIPE_OPTION
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
    from deckgen.build.options import named_file, resolve_options
    from deckgen.paths import find_workspace
    from deckgen.review.diff import describe, diff

    try:
        workspace = find_workspace(Path.cwd())
        options = resolve_options({"template": template, "recipe": recipe}, workspace)
        found = diff(
            named_file(workspace, old) or Path(old),
            named_file(workspace, new) or Path(new),
            options,
        )
    except DeckgenError as exc:
        if as_json:
            fail_json("diff", exc)
        fail(exc)
        return
    if as_json:
        from deckgen.cli import output as shapes

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
