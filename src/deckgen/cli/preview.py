"""The preview command: a build kept current to a page of pictures on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from deckgen.cli.options import build_options


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--port", type=int, default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@build_options
def preview(paths: tuple[str, ...], port: int, open_browser: bool, **given: Any) -> None:
    """Build, then serve every slide and memo page as pictures on 127.0.0.1; the page
    follows every save. Ctrl-C stops it.

    \b
    Example:
      deckgen preview content/russia-iran-2017.yaml --open
    """
    import os
    import signal
    import tempfile
    import threading
    from dataclasses import replace

    from deckgen.build.options import resolve_options
    from deckgen.build.preview import Pictures, make_server, render_pages, update
    from deckgen.build.preview_titles import slide_titles
    from deckgen.build.watch import Pass, Watcher, describe
    from deckgen.paths import find_workspace

    workspace = find_workspace(Path.cwd())
    options = resolve_options(given, workspace)
    options = replace(options, formats=("pptx", "docx", "pdf", "html"), formats_chosen=True)
    state = Pictures()
    server = make_server(state, port)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"preview at {url} (Ctrl-C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)

    def report(done: Pass) -> None:
        errors = [e.format() for e in done.report.errors]
        errors += [w.format() for w in done.report.warnings]
        pages: list[tuple[str, str, bytes | None]] = []
        files = {p.name: p for p in [*done.report.outputs, *done.report.up_to_date]}
        titles: dict[str, str] = {}
        if not done.report.errors:
            with tempfile.TemporaryDirectory(prefix="deckgen-preview-") as tmp:
                for pdf in sorted(p for p in files.values() if p.suffix == ".pdf"):
                    kind = "deck" if pdf.stem.endswith("-deck") else "memo"
                    pages += render_pages(pdf, kind, Path(tmp), state.sources)
            for deck in (p for p in files.values() if p.suffix == ".pptx"):
                titles.update(slide_titles(deck))
        for error in done.report.errors:
            click.echo(error.format(), err=True)
        changed = update(state, pages, errors, files, titles)
        click.echo(f"{describe(done)}; {len(changed)} picture(s) changed")

    if sys.stdin.isatty():  # the terminal went away: stop, as its shell's jobs do

        def on_eof() -> None:
            sys.stdin.read()
            os.kill(os.getpid(), signal.SIGINT)

        threading.Thread(target=on_eof, daemon=True).start()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGHUP, signal.default_int_handler)
    try:
        Watcher(paths, options, workspace).run(report)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.shutdown()
    sys.exit(0)
