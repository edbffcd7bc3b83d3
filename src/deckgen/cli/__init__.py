"""Command-line words to deckgen's commands and exit codes: the only importer of click.

The main group, the error boundary that maps errors to exit codes (_Group), and the
registration of each command family's module; heavy modules are imported inside commands
so `deckgen --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from deckgen import __version__
from deckgen.cli.options import color_option
from deckgen.cli.output import fail
from deckgen.errors import DeckgenError


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
            fail(exc)
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
@color_option
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


def _register() -> None:
    """Each command family's commands, in the order `deckgen --help` lists them."""
    from deckgen.cli import build, preview, publish, review, score, templates, workspace

    for command in (build.build, build.validate, review.lint, build.watch, review.diff_command,
                    score.score, workspace.new, workspace.init, workspace.schema,
                    templates.template, templates.templates, publish.dist,
                    publish.gallery, preview.preview):  # fmt: skip
        main.add_command(command)


_register()

__all__ = ["main"]
