"""Office files to PDFs through one LibreOffice run per batch, with its own profile folder
and deckgen's own fonts: the metric-compatible twins the text was measured with."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from deckgen import metrics as measure
from deckgen.errors import PdfError
from deckgen.resources import FONTS

TIMEOUT = 600
# PDF/UA-1: tagged structure, XMP with the title and the PDF/UA id. The JSON form is the one
# LibreOffice (7.4 and later) reads; its old ``key=value`` form is ignored without a word. The
# Impress filter's name serves the memo too: LibreOffice takes its options for either document.
PDF_FILTER = 'pdf:impress_pdf_Export:{"PDFUACompliance":{"type":"boolean","value":"true"}}'
# The handout: the deck's notes pages (the slide above its speaker notes) and nothing else.
# One soffice run takes one --convert-to for all its files (a second one on the command line
# replaces the first, for every file), so handouts are a run of their own.
HANDOUT_FILTER = ('pdf:impress_pdf_Export:{"PDFUACompliance":{"type":"boolean","value":"true"},'
                  '"ExportNotesPages":{"type":"boolean","value":"true"},'
                  '"ExportOnlyNotesPages":{"type":"boolean","value":"true"}}')  # fmt: skip
STOP_WAIT = 5  # seconds the guard has to end LibreOffice when asked
GUARD = Path(__file__).resolve().with_name("guard.py")

# Where fontconfig looks for its main file when FONTCONFIG_FILE is unset: Debian and most
# Linux, then BSD ports, Homebrew (both prefixes) and pkgsrc.
_SYSTEM_CONFIGS = ("/etc/fonts", "/usr/local/etc/fonts", "/opt/homebrew/etc/fonts",
                   "/usr/pkg/etc/fonts")  # fmt: skip


def find_soffice() -> str:
    """LibreOffice's ``soffice``: DECKGEN_SOFFICE if set, else on PATH."""
    chosen = os.environ.get("DECKGEN_SOFFICE")
    if chosen:
        if Path(chosen).is_file() and os.access(chosen, os.X_OK):
            return chosen
        raise PdfError(f"DECKGEN_SOFFICE={chosen} is not an executable file")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "PDF export needs LibreOffice, which was not found on PATH. Install it "
        "(Debian/Ubuntu: `apt-get install libreoffice-impress libreoffice-writer`; "
        "macOS: `brew install --cask libreoffice`) or set DECKGEN_SOFFICE to soffice."
    )


def convert(files: list[Path], out_dir: Path, export: str = PDF_FILTER) -> list[Path]:
    """Convert every file in one soffice call; return the PDFs, written in ``out_dir``.
    ``export`` is the --convert-to argument: PDF_FILTER, or HANDOUT_FILTER for notes pages.

    LibreOffice runs with deckgen's own profile folder, kept in the user cache: making a new
    one costs a tenth of a second or more per run. A run that finds it in use by another
    deckgen, or that fails with it (a profile a killed run left damaged), uses a fresh one.
    """
    if not files:
        return []
    from deckgen.pdf import warm

    renderer = warm.active()
    if renderer is not None:  # watch and preview keep one LibreOffice running
        return renderer.convert(files, out_dir, export)
    from deckgen.scratch import folder

    soffice = find_soffice()
    with folder("deckgen-soffice-") as tmp:
        own_tmp = tmp / "tmp"  # LibreOffice's own temporary files go with the folder, too
        own_tmp.mkdir()
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(Path(tmp))),
               "TMPDIR": str(own_tmp)}  # fmt: skip
        with _kept_profile() as kept:
            if kept is not None:
                done = _run(soffice, kept, files, out_dir, env, export)
                if done.returncode == 0 and all(_pdf(f, out_dir).is_file() for f in files):
                    return [_pdf(f, out_dir) for f in files]
        done = _run(soffice, Path(tmp, "profile"), files, out_dir, env, export)
    pdfs = [_pdf(f, out_dir) for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PdfError(
            f"LibreOffice could not convert {', '.join(missing) or 'the files'} "
            f"(exit {done.returncode}: {detail[0]})"
        )
    return pdfs


def _pdf(source: Path, out_dir: Path) -> Path:
    return out_dir / (source.stem + ".pdf")


def _run(soffice: str, profile: Path, files: list[Path], out_dir: Path,
         env: dict[str, str], export: str = PDF_FILTER) -> Any:  # fmt: skip
    args = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",  # never the user's own LibreOffice profile
        "--headless",
        "--norestore",
        "--convert-to",
        export,
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    guarded = _guarded(args)
    try:  # an argument list: never through a shell
        proc = subprocess.Popen(guarded or args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, start_new_session=True)  # fmt: skip
    except OSError as exc:
        raise PdfError(f"cannot run {soffice}: {exc}") from None
    with proc:
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _stop(proc, bool(guarded))
            raise PdfError(f"LibreOffice did not finish within {TIMEOUT} s") from None
        except BaseException:  # Ctrl-C, SIGTERM (the CLI raises it here), a bug: no orphan
            _stop(proc, bool(guarded))
            raise
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _guarded(args: list[str]) -> list[str] | None:
    """``args`` run under the guard (guard.py), which kills LibreOffice's whole process group
    and removes this run's temporary folders should deckgen die, even by kill -9; None where
    it cannot run (no process groups, no Python to run it with)."""
    from deckgen.scratch import live

    if not (hasattr(os, "killpg") and sys.executable and GUARD.is_file()):
        return None
    folders = [str(f) for f in live()]
    return [sys.executable, "-I", "-S", str(GUARD), str(os.getpid()), *folders, "--", *args]


def _stop(proc: subprocess.Popen[str], guarded: bool) -> None:
    """End a LibreOffice run and every process it started: the guard kills soffice's group
    when asked (SIGTERM); unguarded, the group is killed here."""
    try:
        if guarded:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_WAIT)
                return
            except subprocess.TimeoutExpired:
                pass
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass  # already gone
    proc.wait()


def shipped_fonts() -> list[Path]:
    """The font files deckgen ships: every face of every twin its tables were read from."""
    return sorted(FONTS.glob("*.ttf"))


def fontconfig_file(folder: Path) -> Path:
    """A fonts.conf in ``folder`` for one LibreOffice run: deckgen's fonts, then the user's
    own configuration (so other scripts keep their fonts), Office's names bound to the twins
    deckgen measured with, and no other copy of a twin (its own files, the same on every
    machine, are the ones the tables match)."""
    from deckgen.usercache import cache_dir

    twins = list(measure.TWINS.values())
    own = "".join(f"      <pattern><patelt name=\"file\"><string>{_escape(str(f))}</string>"
                  "</patelt></pattern>\n" for f in shipped_fonts())  # fmt: skip
    others = "".join(f"      <pattern><patelt name=\"family\"><string>{_escape(t.family)}"
                     "</string></patelt></pattern>\n" for t in twins)  # fmt: skip
    # binding="same": the twin is bound as strongly as the name asked for, so no language or
    # style preference of the user's configuration puts another font ahead of it
    aliases = "".join(
        f"  <alias binding=\"same\"><family>{_escape(name)}</family>"
        f"<prefer><family>{_escape(twin.family)}</family></prefer></alias>\n"
        for twin in twins for name in twin.names
    )  # fmt: skip
    user = _user_config()
    include = (f"  <include ignore_missing=\"yes\">{_escape(str(user))}</include>\n"
               if user else "")  # fmt: skip
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{_escape(str(FONTS))}</dir>\n"
        # first, so fontconfig writes the scan of deckgen's fonts here, once, not in the
        # user's own cache
        f"  <cachedir>{_escape(str(cache_dir() / 'fontconfig'))}</cachedir>\n"
        f"{include}"
        f"  <selectfont>\n    <acceptfont>\n{own}    </acceptfont>\n"
        f"    <rejectfont>\n{others}    </rejectfont>\n  </selectfont>\n"
        f"{aliases}"
        "</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


def _escape(text: str) -> str:
    """Text for an XML element (xml.sax.saxutils would import urllib and ssl: 25 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape(text: str) -> str:
    """An XML attribute's value as text: its five entities and character references."""

    def char(m: re.Match[str]) -> str:
        ref = m.group(1)
        return chr(int(ref[1:], 16) if ref[0] in "xX" else int(ref))

    text = re.sub(r"&#([xX][0-9A-Fa-f]+|[0-9]+);", char, text)
    for entity, ch in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, ch)
    return text.replace("&amp;", "&")


def _user_config() -> Path | None:
    """The fontconfig file LibreOffice would read without deckgen's: FONTCONFIG_FILE (a
    relative name is looked up in FONTCONFIG_PATH), else the first fonts.conf found."""
    folders = [f for f in os.environ.get("FONTCONFIG_PATH", "").split(os.pathsep) if f]
    folders += _SYSTEM_CONFIGS
    named = os.environ.get("FONTCONFIG_FILE")
    if named and Path(named).is_absolute():
        return Path(named)
    for folder in folders:
        candidate = Path(folder, named or "fonts.conf")
        if candidate.is_file():
            return candidate
    return None


@contextlib.contextmanager
def _kept_profile() -> Iterator[Path | None]:
    """deckgen's LibreOffice profile in the user cache, held for this run; None when another
    run holds it, or it cannot be made (then the caller uses a fresh one)."""
    from deckgen.paths import hold
    from deckgen.usercache import cache_dir

    folder = cache_dir() / "soffice-profile"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        yield None
        return
    with hold(folder, wait=False) as held:  # never two LibreOffice runs on one profile
        yield folder / "profile" if held else None


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
# XMP dates (PDF/UA writes xmp:CreateDate): ISO 8601, to the minute or finer, with a zone
_XMP_DATE = re.compile(
    rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)"
    rb"(\.\d+)?(Z|[+-]\d\d:\d\d)?(</xmp:)"
)
_PDF_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_PDF_SUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def pin_pdf(data: bytes, when: dt.datetime) -> bytes:
    """LibreOffice stamps the clock and a random /ID into every PDF; replace them with the build
    time and a digest of the content. Every field keeps its length, so the xref offsets hold."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode()

    def date(m: re.Match[bytes]) -> bytes:
        zone = re.sub(rb"\d", b"0", m.group(3)).replace(b"-", b"+")  # UTC, same length
        return b"/" + m.group(1) + b"(D:" + stamp + zone + b")"

    data = _PDF_DATE.sub(date, data)

    def xmp_date(m: re.Match[bytes]) -> bytes:
        """The build time in the same shape and length as LibreOffice's own stamp."""
        iso = when.strftime("%Y-%m-%dT%H:%M:%S").encode()[: len(m.group(2))]
        fraction = b"." + b"0" * (len(m.group(3)) - 1) if m.group(3) else b""
        zone = {None: b"", b"Z": b"Z"}.get(m.group(4), b"+00:00")
        return m.group(1) + iso + fraction + zone + m.group(5)

    data = _XMP_DATE.sub(xmp_date, data)

    def zeros(m: re.Match[bytes]) -> bytes:
        groups = [m.group(i) for i in range(1, m.lastindex + 1)]  # type: ignore[operator]
        return b"".join(b"0" * len(g) if i % 2 else g for i, g in enumerate(groups))

    blank = _PDF_SUM.sub(zeros, _PDF_ID.sub(zeros, data))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()

    def fill(m: re.Match[bytes]) -> bytes:
        groups = [m.group(i) for i in range(1, m.lastindex + 1)]  # type: ignore[operator]
        return b"".join((digest * 4)[: len(g)] if i % 2 else g for i, g in enumerate(groups))

    return _PDF_SUM.sub(fill, _PDF_ID.sub(fill, blank))


def finish(data: bytes, office: bytes, when: dt.datetime, language: str,
           handout: bool = False) -> bytes:  # fmt: skip
    """A PDF as LibreOffice wrote it to the one deckgen writes: the clock and random id pinned,
    then, when LibreOffice tagged it, the rest of PDF/UA-1 done (pdf/finish.py). ``handout``:
    notes pages, each with its slide's picture."""
    data = pin_pdf(data, when)
    if not tagged(data):
        return data
    from deckgen.pdf.finish import (
        finish as finish_tags,  # pikepdf: imported only when PDFs are made
    )

    return finish_tags(data, office, language, handout)


def tagged(data: bytes) -> bool:
    """Whether a PDF LibreOffice wrote is tagged as PDF/UA-1: a structure tree, and the PDF/UA
    id in its XMP (LibreOffice writes neither in an object stream, so the bytes tell)."""
    return b"/StructTreeRoot" in data and b"<pdfuaid:part>1</pdfuaid:part>" in data


UNTAGGED_HINT = (
    "This LibreOffice ignored the PDF/UA option deckgen passes (LibreOffice 7.4 or later reads "
    "it). Install a newer LibreOffice, or check the PDF with a PDF/UA checker before you post it."
)


# -- what a PDF was drawn in ---------------------------------------------------------------

_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/\[\]<>(){}%]+)")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_HEX = re.compile(r"#([0-9A-Fa-f]{2})")
_LATIN_FACE = re.compile(rb"<(?:\w+:)?(?:latin|buFont)\b[^>]*?\btypeface=\"([^\"]*)\"")
_WORD_FACE = re.compile(rb"\bw:(?:ascii|hAnsi)=\"([^\"]*)\"")
# LibreOffice's own font, installed with it, in which it draws Symbol and Wingdings bullets
_OWN_FONTS = ("opensymbol",)
_SYMBOL_FACES = ("symbol", "wingdings", "webdings")


def drawn_fonts(data: bytes) -> list[str]:
    """The PostScript names of the fonts a PDF draws text in, without subset tags."""
    names = set()
    for found in _BASE_FONT.finditer(data):
        name = _HEX.sub(lambda h: chr(int(h.group(1), 16)), found.group(1).decode("latin-1"))
        names.add(_SUBSET_TAG.sub("", name))
    return sorted(names)


def named_faces(office: bytes) -> list[str]:
    """The Latin typefaces an Office file's parts name (theme fonts, runs, styles)."""
    import io
    import zipfile

    faces = set()
    with zipfile.ZipFile(io.BytesIO(office)) as package:
        for member in package.namelist():
            if member.endswith(".xml") and member.startswith(("ppt/", "word/")):
                data = package.read(member)
                for pattern in (_LATIN_FACE, _WORD_FACE):
                    for found in pattern.finditer(data):
                        face = _unescape(found.group(1).decode("utf-8", "replace")).strip()
                        if face and not face.startswith("+"):  # "+mn-lt": the theme's
                            faces.add(face)
    return sorted(faces)


def _key(name: str) -> str:
    """A face's name as it begins a PostScript name: "Liberation Sans" -> "liberationsans"."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _drawn(face: str, drawn: list[str]) -> bool:
    """Whether ``face``, or the twin deckgen draws it with, is among the fonts drawn."""
    twin = measure.font(face).twin
    keys = [_key(face)] + ([_key(twin.family)] if twin else [])
    return any(_key(name).startswith(k) for name in drawn for k in keys if k)


def font_problem(pdf: bytes, office: bytes, measured: list[str]) -> tuple[str, str, str] | None:
    """What is wrong with the fonts a PDF was drawn in, as (severity, message, hint); None
    when every font drawn is a twin deckgen ships, LibreOffice's own symbol font or a face
    the document names. ``measured``: the faces deckgen fitted the document's text in; one
    deckgen ships a twin for, drawn in neither, is an error (the text would overflow)."""
    drawn = drawn_fonts(pdf)
    named = named_faces(office)
    allowed = [_key(t.family) for t in measure.TWINS.values()] + list(_OWN_FONTS)
    allowed += [_key(face) for face in named]
    strays = [name for name in drawn if not any(_key(name).startswith(k) for k in allowed if k)]
    if not strays:
        return None
    families = ", ".join(dict.fromkeys(name.split("-")[0] for name in strays))
    lost = [face for face in measured if measure.font(face).twin and not _drawn(face, drawn)]
    if lost:
        twins = [measure.font(face).twin for face in lost]
        packages = " ".join(dict.fromkeys(t.package for t in twins if t))
        return (
            "error",
            f"LibreOffice drew the text in {families}, not in "
            + ", ".join(f"{t.family} (for {face})" for face, t in zip(lost, twins) if t)
            + ", whose widths deckgen fitted it to, so the PDF would overflow its boxes; "
            "it was not written",
            "This LibreOffice ignored the fonts deckgen ships (it reads fonts without "
            f"fontconfig?). Install them where it looks: Debian/Ubuntu `apt-get install "
            f"{packages}`; elsewhere the same fonts from their projects. Then build again.",
        )
    # a face with a shipped twin is only missing when LibreOffice drew no twin at all
    shipped = any(_key(name).startswith(_key(t.family)) for name in drawn
                  for t in measure.TWINS.values())  # fmt: skip
    absent = [face for face in named if not _drawn(face, drawn)
              and not _key(face).startswith(_SYMBOL_FACES)
              and not (shipped and measure.font(face).twin)]  # fmt: skip
    unused = f" (it names {', '.join(absent)}, in which no text was drawn)" if absent else ""
    fit = ", so that text may not fit its box" if measured else ""
    fonts = "a font" if len(strays) == 1 else "fonts"
    return (
        "warning",
        f"LibreOffice drew text in {families}, {fonts} deckgen neither ships nor measured "
        f"with: this machine lacks a font the document names{unused}, or the document's "
        f"fonts lack some of its characters{fit}",
        "Install the fonts the template names (`fc-list` lists those LibreOffice can use), or "
        "name one deckgen ships: Calibri, Cambria, Arial, Times New Roman or Courier New.",
    )
