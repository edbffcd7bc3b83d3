"""Content files, the files they use and the build options to a record of what is up to date.

Each output folder has a record in the user cache (`builds/` beside the template analyses,
so the folder itself holds only outputs): for each content file, a fingerprint of everything
its outputs depend on (its bytes, the images it shows, the template files, the recipe and
options, deckgen's own code) and the outputs written from it. A rebuild that finds every
fingerprint unchanged and every output as it left it does nothing, without importing YAML,
python-pptx or python-docx. The record is only a shortcut: lost or damaged, it is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from deckgen.boundary import real
from deckgen.resources import BUILTIN_TEMPLATES
from deckgen.usercache import cache_dir, code_stamp, store

VERSION = 2  # 2: formats per content file, PDFs remembered, editions
_BUILTIN = BUILTIN_TEMPLATES


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes ("" when it cannot be read: that counts as a change),
    read in chunks: a large file in a template folder costs time, not memory."""
    sha = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                sha.update(chunk)
    except OSError:
        return ""
    return sha.hexdigest()


def template_files(options: Any, workspace: Path) -> list[Path]:
    """The files a build's template depends on: the set's folder (found as `template.find`
    finds it, without reading its YAML) and any deck or memo file named on the command line.
    Only regular files the boundary lets deckgen read count: a link out of the workspace, a
    FIFO or a device in the folder is never opened (the set cannot use them either)."""
    from deckgen.boundary import read_problem, set_name_problem

    files: list[Path] = []
    if set_name_problem(options.template):
        return files  # not a name (`-t ../../x`): the build refuses it; never look there
    for folder in (workspace / "templates", _BUILTIN):
        candidate = folder / options.template
        if read_problem(candidate, workspace):
            break  # refused by `template.find`, with the reason
        if (candidate / "template.yaml").is_file():
            files += sorted(p for p in candidate.rglob("*")
                            if not read_problem(p, workspace) and _regular(p))  # fmt: skip
            break
    files += [p for p in (options.deck_template, options.memo_template) if p]
    return files


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def options_key(options: Any, workspace: Path) -> str:
    """What every briefing of a build shares: options, template files and deckgen itself."""
    settings = {
        "template": options.template,
        "recipe": options.recipe,
        "variants": list(options.variants),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),  # it is written into every output
    }
    parts = [code_stamp(), json.dumps(settings, sort_keys=True)]
    for path in template_files(options, workspace):
        parts.append(f"{path}:{digest(path)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def content_key(shared: str, content: Path, refs: list[str], formats: Sequence[str]) -> str:
    """One content file's fingerprint: the shared key, the formats built from it, its bytes
    and those of its images. Formats are per file: a plain build also remakes the PDFs an
    earlier build made of this file (see `BuildCache.formats`)."""
    parts = [shared, ",".join(sorted(formats)), digest(content)]
    parts += [f"{r}:{digest(Path(r))}" for r in refs]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


_KIND = "builds"  # the records' folder in the user cache, beside the template analyses


def _record_key(out_dir: Path) -> str:
    return hashlib.sha256(str(real(out_dir)).encode()).hexdigest()[:32]


def record_path(out_dir: Path) -> Path:
    """Where the record of ``out_dir`` is kept."""
    return cache_dir() / _KIND / f"{_record_key(out_dir)}.json"


class BuildCache:
    """The record of one output folder: content file -> fingerprint, images, outputs."""

    def __init__(self, out_dir: Path, entries: dict[str, Any], damaged: bool = False) -> None:
        self.out_dir = out_dir
        self.entries = entries
        self.damaged = damaged  # the record existed but could not be read

    @classmethod
    def open(cls, out_dir: Path) -> BuildCache:
        path = record_path(out_dir)
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return cls(out_dir, {})
        except (OSError, ValueError):
            return cls(out_dir, {}, damaged=True)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cls(out_dir, {}, damaged=not isinstance(data, dict))
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return cls(out_dir, {}, damaged=True)
        return cls(out_dir, entries)

    def current(self, content: Path, shared: str, formats: list[str]) -> bool:
        """True when ``content``'s outputs are exactly what a build in ``formats`` would
        write now."""
        entry = self.entries.get(str(real(content)))
        if not isinstance(entry, dict):
            return False
        try:
            if entry["key"] != content_key(shared, content, list(entry["refs"]), formats):
                return False
            outputs = entry["outputs"]
            return bool(outputs) and all(_stamp(Path(p)) == s for p, s in outputs.items())
        except (KeyError, TypeError):
            return False

    def outputs(self, content: Path) -> list[Path]:
        entry = self.entries.get(str(real(content)), {})
        return [Path(p) for p in entry.get("outputs", {})]

    def pdfs(self, content: Path) -> list[Path]:
        """The PDFs builds into this folder made from ``content`` (kept across builds that
        made none), those still there: a plain build remakes them with their deck and memo."""
        entry = self.entries.get(str(real(content)), {})
        found = entry.get("pdfs", []) if isinstance(entry, dict) else []
        return [Path(p) for p in found if isinstance(p, str) and Path(p).is_file()]

    def editions(self) -> dict[str, tuple[str, str | None, list[str]]]:
        """Stem (``ID`` or ``ID-VARIANT``) -> (briefing id, variant, the briefing's declared
        variants), for every output recorded in this folder: what the gallery groups by,
        read from the record rather than from the content files."""
        found: dict[str, tuple[str, str | None, list[str]]] = {}
        for entry in self.entries.values():
            if not isinstance(entry, dict) or not isinstance(entry.get("editions"), list):
                continue
            declared = [str(v) for v in entry.get("variants", []) if isinstance(v, str)]
            for item in entry["editions"]:
                if isinstance(item, list) and len(item) == 3 and isinstance(item[0], str):
                    stem, ident, variant = item
                    found[stem] = (str(ident), variant if isinstance(variant, str) else None,
                                   declared)  # fmt: skip
        return found

    def record(self, content: Path, shared: str, refs: list[str], outputs: list[Path],
               formats: Sequence[str], editions: Sequence[tuple[str, str, str | None]] = (),
               variants: Sequence[str] = ()) -> None:  # fmt: skip
        """What was built from ``content``: its fingerprint, outputs and formats; the PDFs
        of earlier builds still there; and each edition's stem, briefing id and variant."""
        pdfs = [str(p) for p in self.pdfs(content)]
        pdfs += [str(p) for p in outputs if p.suffix == ".pdf" and str(p) not in pdfs]
        self.entries[str(real(content))] = {
            "key": content_key(shared, content, refs, formats),
            "refs": refs,
            "formats": sorted(formats),
            "outputs": {str(p): _stamp(p) for p in outputs},
            "pdfs": pdfs,
            "editions": [list(e) for e in editions],
            "variants": list(variants),
        }

    def forget(self, content: Path) -> None:
        """``content``'s outputs are not current; the PDFs made of it are still remembered,
        so that a later plain build remakes them."""
        pdfs = [str(p) for p in self.pdfs(content)]
        if pdfs:
            self.entries[str(real(content))] = {"pdfs": pdfs}
        else:
            self.entries.pop(str(real(content)), None)

    def save(self) -> None:
        """Write the record atomically; an unwritable record only costs the next build time."""
        store(_KIND, _record_key(self.out_dir), {"version": VERSION, "entries": self.entries})
