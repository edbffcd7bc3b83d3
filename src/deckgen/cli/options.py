"""Command-line words to the values the commands share: the click options, defined once.

As MkDocs does with its common options: what to build, with which set, how to report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from deckgen.console import CHOICES
from deckgen.errors import DeckgenError
from deckgen.writers import FORMATS  # one list of formats: -f and deckgen.yaml's `formats`

COLOR_KEY = "deckgen.color"

F = Callable[..., Any]


def remember_color(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    # ctx.meta is shared by the group and its commands, so `deckgen --color never build`
    # and `deckgen build --color never` mean the same; an unset subcommand option keeps the
    # group's choice
    if value is not None:
        ctx.meta[COLOR_KEY] = value


def color_option(f: F) -> F:
    return click.option(
        "--color",
        type=click.Choice(CHOICES),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=remember_color,
        help="Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never.",
    )(f)


def complete_template(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    """Template set names for shell completion: the workspace's and the built-in ones."""
    from deckgen.paths import find_workspace
    from deckgen.templates.sets import available

    try:
        names = [name for name, _ in available(find_workspace(Path.cwd()))]
    except (DeckgenError, OSError):
        return []
    return [n for n in names if n.startswith(incomplete)]


TEMPLATE_OPTION = click.option(
    "-t",
    "--template",
    default=None,
    shell_complete=complete_template,
    help="Template set name (default: default).",
)
DECK_TEMPLATE_OPTION = click.option(
    "--deck-template",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A .pptx/.potx to use as the deck template.",
)
MEMO_TEMPLATE_OPTION = click.option(
    "--memo-template",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A .docx/.dotx to use as the memo template.",
)
RECIPE_OPTION = click.option(
    "--recipe", default=None, help="Recipe of the template set (default: full)."
)
JSON_OPTION = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the results as JSON on stdout (shape: docs/cli.md); no colour, no progress.",
)
QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
VERBOSE_OPTION = click.option(
    "-v", "--verbose", is_flag=True, help="Also print the template, recipe, outputs and timings."
)


def output_option(help_text: str) -> Callable[[F], F]:
    return click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
                        default=None, help=help_text)  # fmt: skip


def build_options(f: F) -> F:
    """The options `build` and `watch` share: what to build, with what, and where."""
    for option in reversed(
        [
            output_option("Output folder (default: build/)."),
            TEMPLATE_OPTION,
            DECK_TEMPLATE_OPTION,
            MEMO_TEMPLATE_OPTION,
            click.option(
                "-f",
                "--formats",
                default=None,
                callback=parse_formats,
                help="Comma-separated: pptx,docx,pdf,html,handout.",
            ),
            RECIPE_OPTION,
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
                default=None,
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


def parse_formats(
    _ctx: click.Context | None, _param: click.Parameter | None, value: str | None
) -> tuple[str, ...] | None:
    """-f's comma-separated list as a tuple of formats, each one deckgen writes; None if unset."""
    if value is None:
        return None
    chosen = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [v for v in chosen if v not in FORMATS]
    if bad or not chosen:
        raise click.BadParameter(
            f"{', '.join(bad) or 'nothing'}; choose from {', '.join(FORMATS)}", param_hint="'-f'"
        )
    return chosen
