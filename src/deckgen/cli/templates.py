"""The template and templates commands: template files and sets to descriptions, new sets."""

from __future__ import annotations

from pathlib import Path

import click

from deckgen.cli.output import show


@click.group()
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
    from deckgen.build.options import named_file
    from deckgen.paths import find_workspace
    from deckgen.templates.inspect import annotate, describe

    workspace = find_workspace(Path.cwd())
    path = named_file(workspace, file) or Path(file)
    target = named_file(workspace, annotate_to)  # checked before anything is printed
    for line in describe(path):
        click.echo(line)
    if target:
        click.echo(f"wrote {annotate(path, target)}")


@click.group()
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

    for line in list_sets(find_workspace(Path.cwd())):
        click.echo(line)


@templates.command("show")
@click.argument("name")
def templatesshow(name: str) -> None:
    """Show a set's files, the layout each role gets, and its recipes.

    \b
    Example:
      deckgen templates show classic
    """
    from deckgen.paths import find_workspace
    from deckgen.templates.inspect import show_set
    from deckgen.templates.sets import find

    for line in show_set(find(name, find_workspace(Path.cwd()))):
        click.echo(line)


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

    workspace = find_workspace(Path.cwd())
    for path in init_set(name, Path(source) if source else None, workspace):
        click.echo(f"wrote {show(path)}")
