"""The preview's state to its HTML page: outline, output links, pictures, diagnostics beside them.

On a server-sent event the page fetches itself again and swaps only the pictures whose
address changed (and the diagnostics and links), so the reader's scroll position stays.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deckgen.build.preview import Pictures

# a diagnostic that names a slide ("slide 3 'Title': ...") is shown beside that slide
_SLIDE = re.compile(r"\bslide (\d+)\b")
_STYLE = (
    "body{font-family:sans-serif;margin:0 1rem;color:#111;background:#fff}"
    "ol,ul{padding-left:1.5rem}#pages{list-style:none;padding:0}"
    "#pages li{margin:0 0 1.5rem}img{border:1px solid #666;max-width:100%;height:auto}"
    "pre{white-space:pre-wrap;background:#f4f4f4;color:#111;padding:.4rem;margin:.2rem 0}"
    "a{color:#0645ad}"
)
_SCRIPT = (
    "const s=new EventSource('/events');"
    "s.onmessage=async()=>{"
    "const d=new DOMParser().parseFromString(await (await fetch('/')).text(),'text/html');"
    "const ids=x=>[...x.querySelectorAll('#pages img')].map(i=>i.id).join();"
    "if(ids(d)!==ids(document)){document.querySelector('main').replaceWith(d.querySelector('main'));return;}"
    "for(const i of d.querySelectorAll('#pages img')){const o=document.getElementById(i.id);"
    "if(o.getAttribute('src')!==i.getAttribute('src')){o.src=i.getAttribute('src');}o.alt=i.alt;}"
    "for(const e of d.querySelectorAll('[data-swap]')){const o=document.getElementById(e.id);"
    "if(o&&o.innerHTML!==e.innerHTML){o.innerHTML=e.innerHTML;}}};"
)


def place(diagnostics: list[str], order: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Each diagnostic beside the slide its first line names, if that slide is shown; the
    others (and every one on an invalid save's first line) at the top."""
    top: list[str] = []
    beside: dict[str, list[str]] = {}
    for text in diagnostics:
        named = _SLIDE.search(text.split("\n", 1)[0])
        where = f"deck-{named.group(1)}.png" if named else ""
        if where in order:
            beside.setdefault(where, []).append(text)
        else:
            top.append(text)
    return top, beside


def label(name: str, titles: dict[str, str]) -> str:
    """A picture's name as the reader sees it: "Slide 3: Its title", "Memo page 2"."""
    kind, number = name.rsplit("-", 1)
    said = f"{'Slide' if kind == 'deck' else 'Memo page'} {number.removesuffix('.png')}"
    return f"{said}: {titles[name]}" if titles.get(name) else said


def _notes(texts: list[str]) -> str:
    return "".join(f"<li><pre>{html.escape(t)}</pre></li>" for t in texts)


def page(state: Pictures) -> str:
    """The preview page: the outline, the outputs, every picture in order, the diagnostics."""
    top, beside = place(state.errors, state.order)
    outline = "".join(
        f'<li><a href="#{html.escape(n)}">{html.escape(label(n, state.titles))}</a></li>'
        for n in state.order
        if n.startswith("deck-")
    )
    links = "".join(
        f'<li><a href="/out/{html.escape(n)}">{html.escape(n)}</a>'
        f"{' (web edition)' if n.endswith('.html') else ''}</li>"
        for n in sorted(state.outputs)
    )
    figures = "".join(
        f'<li><img src="/img/{html.escape(n)}?v={state.digests[n][:12]}" id="{html.escape(n)}" '
        f'alt="{html.escape(label(n, state.titles))}" width="480">'
        f'<ul id="notes-{html.escape(n)}" data-swap aria-label="Diagnostics of '
        f'{html.escape(label(n, {}))}">{_notes(beside.get(n, []))}</ul></li>'
        for n in state.order
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>deckgen preview</title><style>{_STYLE}</style></head><body><main>"
        "<h1>deckgen preview</h1>"
        '<section aria-labelledby="h-errors"><h2 id="h-errors">Build diagnostics</h2>'
        f'<ul id="errors" data-swap aria-live="polite">{_notes(top)}</ul></section>'
        '<nav aria-labelledby="h-outline"><h2 id="h-outline">Slides</h2>'
        f'<ol id="outline" data-swap>{outline}</ol></nav>'
        '<section aria-labelledby="h-outputs"><h2 id="h-outputs">Outputs</h2>'
        f'<ul id="outputs" data-swap>{links}</ul></section>'
        '<section aria-labelledby="h-pages"><h2 id="h-pages">Slides and memo pages</h2>'
        f'<ul id="pages">{figures}</ul></section></main>'
        f"<script>{_SCRIPT}</script></body></html>"
    )
