"""The new, init and schema commands: names to a new workspace or briefing, the schema."""

from __future__ import annotations

from pathlib import Path

import click

from deckgen.cli.output import show


@click.command()
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

    path = make(name, find_workspace(Path.cwd()))
    click.echo(f"wrote {show(path)}")
    click.echo(f"next: edit it, then `deckgen validate {show(path)}` and `deckgen build`")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
def init(directory: str) -> None:
    """Create a workspace that builds at once: content/ with a sample briefing, templates/,
    deckgen.yaml (defaults) and deckgen.schema.json (for editors).

    \b
    Example:
      deckgen init my-briefings && cd my-briefings && deckgen build
    """
    from deckgen.build.workspace import init as make

    made = make(Path(directory))
    for path in made:
        click.echo(f"wrote {path}")
    import shlex

    click.echo(f"next: cd {shlex.quote(directory)} && deckgen build")


@click.command()
def schema() -> None:
    """Print the JSON Schema of the content format.

    \b
    Example:
      deckgen schema > deckgen.schema.json
    """
    import json

    from deckgen.content.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
