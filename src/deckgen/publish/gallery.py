"""Built outputs in a folder to a static index.html listing them, with slide thumbnails.

The gallery reads no content file: which stem is which briefing and variant comes from the
build record of the folder (buildcache.py), and every Office file it opens goes through the
template reader's checks and limits (package.py). Only regular files are listed or read: a
link, a FIFO or a device in the folder is named in a note and left alone.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from deckgen import __version__
from deckgen.build.outputs import DECK, DECK_PDF, HANDOUT, MEMO, MEMO_PDF, PAGE
from deckgen.errors import Diagnostic, Location

# suffix, label, and the Office file a PDF was made from (to tell a stale PDF)
KINDS = (
    (DECK, "Deck · PowerPoint", ""),
    (MEMO, "Memo · Word", ""),
    (DECK_PDF, "Deck · PDF", DECK),
    (MEMO_PDF, "Memo · PDF", MEMO),
    (HANDOUT, "Handout · PDF", DECK),
    (PAGE, "Web edition · HTML", ""),
)
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_CORE = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "marking": f"{_CP}category",
    "created": "{http://purl.org/dc/terms/}created",
}
TIMEOUT = 120
MANIFEST_BYTES = 1_000_000  # a bundle's manifest.json is a few kB


@dataclass
class Edition:
    """One built stem (``ID`` or ``ID-VARIANT``): its properties, files and thumbnails."""

    stem: str
    heading: str
    variant: str | None
    props: dict[str, str]
    # (name, label, size, stale) and (src, width, height)
    files: list[tuple[str, str, int, bool]] = field(default_factory=list)
    thumbs: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Gallery:
    """The page written and what a user should know (thumbnails skipped and why)."""

    path: Path
    notes: list[str] = field(default_factory=list)


def regular(path: Path) -> bool:
    """A regular file itself, not a link to one: the only kind the gallery lists or reads."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def core_properties(path: Path, notes: list[str] | None = None) -> dict[str, str]:
    """Title, marking (category) and created date from an Office file's docProps/core.xml,
    read through the template reader (package.py: bounded sizes, counts and ratios, no
    entities). A file it refuses is listed without them, with a note saying why."""
    from lxml import etree

    from deckgen.errors import TemplateError
    from deckgen.ooxml.safe_reader import read_package, xml_parser

    kind = "deck" if path.suffix == ".pptx" else "memo"
    try:
        parts = read_package(path, kind)
        root = etree.fromstring(parts["docProps/core.xml"], xml_parser())
    except (TemplateError, KeyError, etree.XMLSyntaxError) as exc:
        if notes is not None:
            reason = exc.message if isinstance(exc, TemplateError) else "no readable core.xml"
            notes.append(f"{path.name}: listed without its title and marking: {reason}")
        return {}
    return {k: (root.findtext(tag) or "").strip() for k, tag in _CORE.items()}


def recorded_editions(out_dir: Path) -> dict[str, tuple[str, str | None, list[str]]]:
    """Stem -> (briefing id, variant, declared variants), from the folder's build record:
    only the content knows whether ``a-b-deck.pptx`` is variant ``b`` of ``a`` or briefing
    ``a-b``, and the build that read it wrote down the answer."""
    from deckgen.build.record import BuildCache

    return BuildCache.open(out_dir).editions()


def _split(stem: str, declared: dict[str, list[str]]) -> tuple[str, str | None]:
    """(briefing id, variant) for a stem; the longest declared id wins."""
    for base in sorted(declared, key=len, reverse=True):
        for name in declared[base]:
            if stem == f"{base}-{name}":
                return base, name
    return stem, None


def _manifest_id(path: Path) -> str | None:
    """The briefing id in a dist bundle's manifest.json, read within limits: the zip's size
    and entry count as the template reader bounds them, the manifest at most 1 MB however
    its header lies (a larger one, or any problem, gives None)."""
    from deckgen.ooxml.safe_reader import MAX_ENTRIES, MAX_FILE_BYTES

    try:
        if os.lstat(path).st_size > MAX_FILE_BYTES:
            return None
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
            if len(entries) > MAX_ENTRIES:
                return None
            entry = next(e for e in entries if e.filename.count("/") <= 1
                         and e.filename.rsplit("/", 1)[-1] == "manifest.json")  # fmt: skip
            if entry.file_size > MANIFEST_BYTES:
                return None
            with zf.open(entry) as fh:
                data = fh.read(MANIFEST_BYTES + 1)
        if len(data) > MANIFEST_BYTES:
            return None
        ident = json.loads(data)["id"]
    except (OSError, zipfile.BadZipFile, StopIteration, KeyError, ValueError, TypeError,
            EOFError, NotImplementedError, RuntimeError):  # fmt: skip
        return None
    return ident if isinstance(ident, str) else None


def _bundle_id(path: Path, ids: set[str]) -> str:
    """The briefing a dist zip belongs to: its manifest says, else the longest id prefix."""
    found = _manifest_id(path)
    if found:
        return found
    prefixes = [i for i in ids if path.stem.startswith(f"{i}-")]
    return max(prefixes, key=len) if prefixes else path.stem.rsplit("-", 1)[0]


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's header; None when the file is not a PNG (or not a
    regular file: a FIFO named like a thumbnail is never opened)."""
    if not regular(path):
        return None
    with path.open("rb") as fh:
        head = fh.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _thumb_files(out_dir: Path, stem: str) -> list[Path]:
    """thumbs/STEM-N.png in page order (a stem ``a`` never claims ``a-b-1.png``)."""
    pattern = re.compile(rf"{re.escape(stem)}-(\d+)\.png")
    folder = out_dir / "thumbs"
    if not _real_folder(folder):
        return []  # a link or a file there: never looked into (writing it is refused)
    pages = [(int(m[1]), p) for p in folder.glob("*.png") if (m := pattern.fullmatch(p.name))]
    return [p for _, p in sorted(pages)]


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _fresh(paths: list[Path], than: Path) -> bool:
    """Every path exists and is at least as new as ``than``: made from its current bytes."""
    limit = than.stat().st_mtime
    return bool(paths) and all(regular(p) and p.stat().st_mtime >= limit for p in paths)


def _render(pdf: Path, out_dir: Path, stem: str, tool: str) -> bool:
    """Slide PNGs of ``pdf`` at 24 dpi into thumbs/STEM-N.png, replacing older ones."""
    from deckgen.boundary import write_atomic

    with tempfile.TemporaryDirectory(prefix="deckgen-thumbs-") as tmp:
        try:
            done = subprocess.run(
                [tool, "-png", "-r", "24", str(pdf), str(Path(tmp, "p"))],
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False  # a gallery without thumbnails is still a gallery
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if done.returncode != 0 or not pages:
            return False
        for old in _thumb_files(out_dir, stem):
            old.unlink()
        for number, page in enumerate(pages, 1):  # pdftoppm pads page numbers; ours are plain
            write_atomic(out_dir / "thumbs" / f"{stem}-{number}.png", page.read_bytes())
    return True


def _checked(deck: Path, notes: list[str]) -> bool:
    """Whether the template reader passes ``deck`` (sizes, ratio, links: package.py); a deck
    it refuses gets no thumbnails, and a note saying why."""
    from deckgen.errors import TemplateError
    from deckgen.ooxml.safe_reader import read_package

    try:
        read_package(deck, "deck")
    except TemplateError as exc:
        notes.append(f"no thumbnails for {deck.name}: {exc.message}")
        return False
    return True


def make_thumbnails(out_dir: Path, names: list[str], convert: bool) -> list[str]:
    """Thumbnails for every deck whose thumbnails are missing or older than it: from a PDF
    newer than the deck, else (``convert``) from one LibreOffice run. Returns notes."""
    decks = {s: out_dir / f"{s}{DECK}" for s in names}
    todo = {
        s: d for s, d in decks.items() if regular(d) and not _fresh(_thumb_files(out_dir, s), d)
    }
    if not todo:
        return []
    from deckgen.boundary import make_folders

    make_folders(out_dir, out_dir / "thumbs")  # a file or a link there: a located refusal
    tool = shutil.which("pdftoppm")
    if not tool:
        return ["thumbnails skipped: pdftoppm (poppler-utils) is not installed"]
    pdfs: dict[str, Path] = {}
    missing: list[Path] = []
    notes: list[str] = []
    for stem, deck in todo.items():
        made = out_dir / f"{stem}{DECK_PDF}"
        if _fresh([made], deck):  # a PDF written after the deck: reuse it, no LibreOffice
            pdfs[stem] = made
        elif convert and _checked(deck, notes):  # LibreOffice is given no file deckgen refuses
            missing.append(deck)
    with tempfile.TemporaryDirectory(prefix="deckgen-gallery-") as tmp:
        if missing and convert:
            from deckgen.errors import PdfError
            from deckgen.pdf import convert as pdf

            try:
                pdfs.update({p.name[: -len(DECK_PDF)]: p for p in pdf.convert(missing, Path(tmp))})
            except PdfError as exc:
                notes.append(f"thumbnails skipped for decks without a current PDF: {exc.message}")
        for stem in sorted(pdfs):
            if not _render(pdfs[stem], out_dir, stem, tool):
                notes.append(f"thumbnails of {stem}: pdftoppm could not read {pdfs[stem].name}")
    return notes


def stems(out_dir: Path, notes: list[str] | None = None) -> list[str]:
    """``ID`` or ``ID-VARIANT`` of every deck and memo in the folder (regular files only;
    anything else named like an output is told in ``notes``)."""
    from deckgen.boundary import kind_of

    found = []
    for pattern in (f"*{DECK}", f"*{MEMO}"):
        for p in out_dir.glob(pattern):
            if regular(p):
                found.append(p.name.rsplit("-", 1)[0])
            elif notes is not None:
                mode = os.lstat(p).st_mode
                what = "a symbolic link" if stat.S_ISLNK(mode) else kind_of(mode)
                notes.append(f"{p.name}: not listed: it is {what}, not a file a build wrote")
    return sorted(set(found))


def _heading(variant: str | None, has_variants: bool) -> str:
    if variant:
        return f"Variant: {variant}"
    # a plain build of a briefing with variants holds every item under the top-level marking
    return "All items (no variant applied)" if has_variants else "Outputs"


def collect(
    out_dir: Path, notes: list[str] | None = None
) -> tuple[dict[str, list[Edition]], dict[str, list[Path]]]:
    """Editions by briefing id, and dist zips by briefing id; everything sorted. What could
    not be listed, or was listed on a guess, is told in ``notes``."""
    said = notes if notes is not None else []
    recorded = recorded_editions(out_dir)
    declared = {ident: names for ident, _, names in recorded.values() if names}
    groups: dict[str, list[Edition]] = {}
    guessed: list[str] = []
    for stem in stems(out_dir, said):
        if stem in recorded:
            base, variant, _ = recorded[stem]
        else:  # built elsewhere and copied here, or the record is gone: by the name alone
            base, variant = _split(stem, declared)
            guessed.append(stem)
        deck = out_dir / f"{stem}{DECK}"
        edition = Edition(
            stem,
            _heading(variant, base in declared),
            variant,
            core_properties(deck if regular(deck) else out_dir / f"{stem}{MEMO}", said),
        )
        for suffix, label, made_from in KINDS:
            path, source = out_dir / f"{stem}{suffix}", out_dir / f"{stem}{made_from}"
            if regular(path):
                stale = bool(made_from) and regular(source) and not _fresh([path], source)
                edition.files.append((path.name, label, path.stat().st_size, stale))
        thumbs = _thumb_files(out_dir, stem)
        if regular(deck) and _fresh(thumbs, deck):  # older thumbnails would show another build
            sizes = [(f"thumbs/{p.name}", png_size(p)) for p in thumbs]
            edition.thumbs = [(src, *size) for src, size in sizes if size]
        groups.setdefault(base, []).append(edition)
    if guessed:
        said.append(
            f"no build record for {', '.join(guessed)}: listed by file name, each as a "
            "briefing of its own unless a recorded briefing declares it as a variant "
            "(`deckgen build` into this folder records which is which)"
        )
    for base, editions in groups.items():
        rank = {name: i for i, name in enumerate(declared.get(base, []))}
        editions.sort(key=lambda e: (e.variant is not None, rank.get(e.variant or "", 0), e.stem))
    bundles: dict[str, list[Path]] = {}
    dist = out_dir / "dist"
    for path in sorted(dist.glob("*.zip")) if _real_folder(dist) else []:
        if regular(path):
            bundles.setdefault(_bundle_id(path, set(groups)), []).append(path)
    return groups, bundles


STYLE = """
body{margin:0;background:#f5f6f8;color:#1c2329;font:15px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1.5rem}
header{padding-top:2rem}h1{font-size:1.6rem;margin:0}header p,footer{color:#59636e}
article{background:#fff;border:1px solid #d8dde3;border-radius:6px;margin:1.25rem 0;
padding:1.25rem 1.5rem}
h2{font-size:1.3rem;margin:0}h3{font-size:1rem;margin:0 0 .4rem}
.id{color:#59636e;font:.85rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:0}
section{border-top:1px solid #e5e8ec;margin-top:1rem;padding-top:1rem}
dl{display:flex;flex-wrap:wrap;gap:.2rem 1.5rem;margin:0 0 .75rem;font-size:.9rem}
dl div{display:flex;gap:.4rem}dt{color:#59636e}dd{margin:0}.marking{font-weight:600}
ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .75rem;padding:0}
ul a{display:inline-block;border:1px solid #c3cbd3;border-radius:4px;padding:.25rem .7rem;
color:#0b4f8a;text-decoration:none}ul a:hover,ul a:focus{background:#eaf2fa}
.size{color:#59636e;font-size:.8rem;margin-left:.3rem}.stale{color:#8a4a00;font-size:.8rem}
ol{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0}
ol img{display:block;width:160px;height:auto;border:1px solid #d0d6dc;background:#fff}
footer{font-size:.8rem;padding-bottom:2rem}
"""


def _size(n: int) -> str:
    kb = max(1, round(n / 1024))
    return f"{n / 1048576:.1f} MB" if kb >= 1000 else f"{kb} KB"


def _edition(e: Edition, title: str) -> list[str]:
    esc = html.escape
    meta = [("Marking", f'<span class="marking">{esc(e.props.get("marking") or "none")}</span>')]
    created = e.props.get("created", "")[:10]
    if created:
        meta.append(("Date", f'<time datetime="{esc(created)}">{esc(created)}</time>'))
    out = [
        "<section>",
        f"<h3>{esc(e.heading)}</h3>",
        "<dl>" + "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in meta) + "</dl>",
        "<ul>",
    ]
    for name, label, size, stale in e.files:
        note = ' <span class="stale">(older than its source)</span>' if stale else ""
        out.append(
            f'<li><a href="{esc(quote(name))}">{esc(label)}</a>'
            f'<span class="size">{_size(size)}</span>{note}</li>'
        )
    out.append("</ul>")
    if e.thumbs:
        out.append(f'<ol aria-label="{esc(f"Slides of {title}")}">')
        for number, (src, width, height) in enumerate(e.thumbs, 1):
            alt = esc(f"Slide {number} of {title}")
            out.append(
                f'<li><img src="{esc(quote(src))}" alt="{alt}" width="{width}" '
                f'height="{height}"></li>'
            )
        out.append("</ol>")
    return [*out, "</section>"]


def page(groups: dict[str, list[Edition]], bundles: dict[str, list[Path]]) -> str:
    """The gallery as one self-contained HTML page: no script, every text escaped."""
    esc = html.escape
    ids = sorted(set(groups) | set(bundles))
    count = sum(len(e) for e in groups.values())
    body = [
        f"<p>{len(ids)} briefing{'s' * (len(ids) != 1)}, {count} built "
        f"edition{'s' * (count != 1)}.</p>"
        if ids
        else "<p>Nothing built here yet: run <code>deckgen build</code>.</p>"
    ]
    lines = []
    for ident in ids:
        editions = groups.get(ident, [])
        title = next((e.props["title"] for e in editions if e.props.get("title")), ident)
        lines += [
            f'<article id="{esc(ident)}">',
            f"<h2>{esc(title)}</h2>",
            f'<p class="id">{esc(ident)}</p>',
        ]
        for edition in editions:
            lines += _edition(edition, title)
        if bundles.get(ident):
            lines += [
                "<section>",
                "<h3>Distribution bundles</h3>",
                "<ul>",
            ]
            for path in bundles[ident]:
                href = esc(quote(f"dist/{path.name}"))
                lines.append(
                    f'<li><a href="{href}">{esc(path.name)}</a>'
                    f'<span class="size">{_size(path.stat().st_size)}</span></li>'
                )
            lines += ["</ul>", "</section>"]
        lines.append("</article>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>Briefings</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>Briefings</h1>",
            *body,
            "</header>",
            "<main>",
            *lines,
            "</main>",
            f"<footer><p>Written by deckgen {esc(__version__)}.</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write(out_dir: Path, thumbnails: bool = True, convert: bool = False) -> Gallery:
    """(Re)write out_dir/index.html; make thumbnails from current PDFs when ``thumbnails``,
    and from decks without one through LibreOffice when ``convert``. A link, a folder or a
    FIFO where index.html or thumbs/ goes is refused (DeckgenError, located)."""
    from deckgen.boundary import TARGET_HINT, refusal, target_problem, write_atomic

    target = out_dir / "index.html"
    problem = target_problem(target)
    if problem:  # checked first: nothing is made for a page that cannot be written
        raise refusal(target, problem, TARGET_HINT)
    notes = make_thumbnails(out_dir, stems(out_dir), convert) if thumbnails else []
    text = page(*collect(out_dir, notes)).encode()
    if not regular(target) or target.read_bytes() != text:  # unchanged: keep its date
        write_atomic(target, text)
    return Gallery(target, notes)


def after_build(out_dir: Path, written: list[Path], thumbnails: bool) -> list[Diagnostic]:
    """`refresh` as a build's ``after_write``: its notes as warnings on index.html."""
    return [Diagnostic(Location(str(out_dir / "index.html")), note, severity="warning")
            for note in refresh(out_dir, written, thumbnails)]  # fmt: skip


def refresh(out_dir: Path, written: list[Path], thumbnails: bool) -> list[str]:
    """After a build: rewrite a gallery the folder already has (`deckgen gallery` makes the
    first), only when the build wrote something; thumbnails only from PDFs it wrote. Returns
    what the build should warn about: the notes, or why the page could not be rewritten."""
    from deckgen.errors import DeckgenError

    if not (written and os.path.lexists(out_dir / "index.html")):
        return []
    try:
        return write(out_dir, thumbnails=thumbnails).notes
    except DeckgenError as exc:  # the outputs are written; only the page is behind them
        return [f"index.html was not updated: {exc.message}"]
