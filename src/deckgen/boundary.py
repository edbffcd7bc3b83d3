"""Paths a command is given or finds to the ones it may read and write: deckgen's boundary.

One rule for every command (docs/hardening.md, "The boundary"):

- **Reading.** deckgen opens a file only when its real path (every symlink resolved) lies in
  the workspace or in deckgen's own package (the built-in template sets), or when the user
  named it on the command line by a path that lies outside the workspace as typed. A path
  that lies inside the workspace as typed but leads out of it through a symlink is refused:
  a workspace someone else made (a clone, an archive) must not make deckgen read
  ``~/.aws/credentials`` and print its lines in a diagnostic. Only regular files are read,
  and only up to a limit: a FIFO would block, ``/dev/zero`` never ends.
- **Writing.** Outputs go only into the output folder; deckgen's own files (content/NAME.yaml,
  deckgen.schema.json, templates/NAME/, what `init` scaffolds) only at their documented
  places; never through a symlink, and every folder on the way is a real folder.
- **The output folder.** ``-o DIR`` typed on the command line is where the user said, outside
  the workspace too (but not a link inside it that leads out). ``output:`` in deckgen.yaml,
  a file someone else may have written, and the default ``build/`` stay inside the workspace.

Names users give (set names here; ids and variants in `kinds`) are checked before any write.
Looking where a link points (lstat, readlink) is not reading: deckgen never opens the target.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.resources import BUILTIN_TEMPLATES, PACKAGE

# deckgen's own files (fonts, the skeleton) and its built-in template sets, which a checkout
# keeps at the repository's top level
OWN = (PACKAGE, BUILTIN_TEMPLATES.resolve())
# A template set is one folder: its name is one path component, never a path.
SET_NAME = re.compile(r"[^\W_][\w.-]{0,63}")
SETTINGS_BYTES = 1 << 20  # deckgen.yaml and template.yaml are a few lines
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it may be printed: control characters (escape sequences a hostile file name
    would send to the terminal) become U+FFFD."""
    return _CONTROL.sub("\ufffd", os.fspath(path))


def display(path: str | os.PathLike[str]) -> str:
    """A path as a message names it: relative to the current folder when inside it (what a
    user typed or sees; links not followed), printable."""
    try:
        return shown(typed(path).relative_to(typed(os.getcwd())))
    except ValueError:
        return shown(path)


def real(path: str | os.PathLike[str]) -> Path:
    """``path`` with every symlink resolved as far as it exists. A loop is left as it is (it
    is inside wherever the link is, and opening it then fails with ELOOP)."""
    return Path(os.path.realpath(path))


def typed(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute as written: '..' taken lexically, no symlink followed."""
    return Path(os.path.normpath(os.path.abspath(path)))


def within(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _in_workspace(path: Path, workspace: Path) -> bool:
    """Whether ``path`` (absolute) lies in the workspace, spelled either way."""
    return within(path, real(workspace)) or within(path, typed(workspace))


def read_problem(path: str | os.PathLike[str], workspace: Path) -> str | None:
    """Why deckgen may not open ``path`` (a reason a user reads), or None when it may."""
    target = real(path)
    if within(target, real(workspace)) or any(within(target, own) for own in OWN):
        return None
    if not _in_workspace(typed(path), workspace):
        return None  # named outside the workspace: the user pointed there
    return (
        f"it leads outside the workspace through a symbolic link (to {shown(target)}); "
        "deckgen does not follow a link out of the workspace"
    )


READ_HINT = (
    "Copy the file into the workspace, or, if you mean that file, name it by its own path "
    "on the command line."
)


def check_read(path: str | os.PathLike[str], workspace: Path) -> None:
    """Refuse ``path`` (a located error saying what to do) where deckgen may not read it."""
    problem = read_problem(path, workspace)
    if problem:
        raise refusal(path, problem, READ_HINT)


class NotRegular(OSError):
    """The path is a folder, a FIFO, a device or a socket: nothing deckgen reads."""


class TooLarge(OSError):
    """The file is larger than its limit; ``size`` says how large."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size:,} bytes")
        self.size = size


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in a user's words (a regular one is "a
    file", where a folder was needed)."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def _not_regular(mode: int) -> NotRegular:
    return NotRegular(f"this is {kind_of(mode)}, not a regular file deckgen can read")


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them: a larger file
    raises TooLarge, unread, or when it grows while read. Anything but a regular file raises
    NotRegular before a byte is read (a FIFO is opened without waiting for a writer)."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info.st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)  # what was opened, should the path have changed since the stat
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks: list[bytes] = []
        left = limit + 1  # one more than the limit tells a file that grew past it
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise TooLarge(limit + 1 - left)  # at least this many
        return b"".join(chunks)
    finally:
        os.close(fd)


def refusal(path: str | os.PathLike[str], message: str, hint: str = "",
            where: Location | None = None) -> DeckgenError:  # fmt: skip
    """A located refusal: ``path: error: message``, then what to do."""
    location = where or Location(display(path))
    return DeckgenError(f"{display(path)}: {message}", [Diagnostic(location, message, hint)])


# -- names -----------------------------------------------------------------------------------


def set_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a template set (a path, an empty or hidden name), or None."""
    if not SET_NAME.fullmatch(name) or name in (".", ".."):
        return "a template set is named by one word (letters, digits, '-', '_', '.'), not by a path"
    return None


SET_NAME_HINT = (
    "Use a name from `deckgen templates list`; for a deck or memo file elsewhere, pass "
    "--deck-template FILE or --memo-template FILE."
)


# -- writing ---------------------------------------------------------------------------------


def make_folders(root: Path, folder: Path) -> None:
    """``folder`` and every missing folder between ``root`` and it, each a real folder: a
    symlink or a file on the way is refused, so nothing is written through a link. ``root``
    itself, which the caller vetted (an output folder, the workspace), is made if missing."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        raise refusal(folder, f"is outside {shown(root)}", "This is a bug in deckgen.") from None
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise refusal(root, f"cannot be made ({exc.strerror or exc})",
                      "Choose another folder, or make this one writable.") from None  # fmt: skip
    here = root
    for part in parts:
        here = here / part
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            try:
                os.mkdir(here)
                continue
            except FileExistsError:  # made meanwhile by another build: look again
                info = os.lstat(here)
        if stat.S_ISLNK(info.st_mode):
            raise refusal(
                here,
                f"is a symbolic link (to {shown(os.readlink(here))}); deckgen writes only into "
                "real folders, never through a link",
                "Remove the link (or make it a real folder) and run again.",
            )
        if not stat.S_ISDIR(info.st_mode):
            raise refusal(
                here,
                f"is {kind_of(info.st_mode)} where deckgen needs a folder",
                "Move it away (deckgen does not delete it) and run again.",
            )


def target_problem(path: Path) -> str | None:
    """Why deckgen may not (re)place a file at ``path``, or None: it is absent or a regular
    file. A symlink is refused rather than replaced or followed."""
    try:
        info = os.lstat(path)
    except OSError:
        return None  # absent, or its folder cannot be (the write says so, with the reason)
    if stat.S_ISLNK(info.st_mode):
        return (
            f"is a symbolic link (to {shown(os.readlink(path))}); deckgen neither writes "
            "through a link nor replaces one"
        )
    if not stat.S_ISREG(info.st_mode):
        return f"is {kind_of(info.st_mode)} where deckgen writes a file"
    return None


TARGET_HINT = "Remove it (or move it away) and run again."


def check_target(path: Path) -> None:
    problem = target_problem(path)
    if problem:
        raise refusal(path, problem, TARGET_HINT)


def create(root: Path, path: Path, data: bytes) -> None:
    """A new file at ``path`` (under ``root``), never an existing one, never through a link:
    O_EXCL fails on any name that exists, a dangling symlink included."""
    make_folders(root, path.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:
        raise refusal(path, "already exists", "Choose another name, or edit it.") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def write_atomic(path: Path, data: bytes, within: Path | None = None) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file,
    and a symlink at ``path`` is replaced, never written through. With ``within``, every
    folder from it down to ``path`` must be a real folder (made where missing), not a link."""
    if within is not None:
        make_folders(within, path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace(root: Path, path: Path, data: bytes) -> None:
    """``path`` (under ``root``) written anew: a regular file there is replaced at once by
    rename, a link or anything else is refused."""
    check_target(path)
    write_atomic(path, data, within=root)


# -- the output folder -----------------------------------------------------------------------


def output_folder(
    workspace: Path,
    given: str | os.PathLike[str] | None = None,
    configured: object = None,
    where: Location | None = None,
) -> Path:
    """The output folder: ``given`` on the command line (-o), else ``configured`` in
    deckgen.yaml (``where`` is its place there), else the workspace's build/."""
    if given is not None:
        path = Path(given)
        problem = read_problem(path, workspace)  # inside the workspace as typed, out by a link
        if problem:
            raise refusal(path, problem, f"Pass the folder itself (-o {shown(real(path))}) if "
                          "you mean to write there.")  # fmt: skip
        return path
    if configured is None:
        path = workspace / "build"
        if not within(real(path), real(workspace)):
            raise refusal(
                path,
                f"leads outside the workspace through a symbolic link (to {shown(real(path))}); "
                "deckgen writes its outputs inside the workspace",
                "Remove the link, or pass -o DIR to write elsewhere.",
            )
        return path
    settings = where.path if where else shown(workspace / "deckgen.yaml")
    hint = (
        "Name a folder inside the workspace, relative to it (e.g. `output: build`); to write "
        "elsewhere, pass -o DIR on the command line."
    )
    # settings.Folder has refused, located, a name that is absolute or climbs out: what is
    # left to see is where the folder really is once links are followed
    configured = str(configured)
    path = workspace / configured
    if not within(real(path), real(workspace)):
        raise refusal(
            settings,
            f"`output: {shown(configured)}` leads outside the workspace through a symbolic "
            f"link (to {shown(real(path))})",
            hint,
            where,
        )
    return path


def settings_file(workspace: Path) -> Path | None:
    """The workspace's deckgen.yaml when it has one deckgen may read; None when it has none."""
    path = workspace / "deckgen.yaml"
    if not os.path.lexists(path):
        return None
    problem = read_problem(path, workspace)
    if problem:
        raise refusal(path, problem, READ_HINT)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise refusal(path, f"cannot be read ({exc.strerror})", "Check the file.") from None
    if not stat.S_ISREG(info.st_mode):
        raise refusal(path, f"is {kind_of(info.st_mode)}, not a settings file",
                      "Make deckgen.yaml a regular file, or remove it.")  # fmt: skip
    if info.st_size > SETTINGS_BYTES:
        raise refusal(path, f"is {info.st_size:,} bytes; a settings file is a few lines "
                      f"(at most {SETTINGS_BYTES:,} bytes)", "Is this the right file?")  # fmt: skip
    return path


def setting_location(path: Path, key: str) -> Location:
    """Where a top-level ``key:`` of a small settings file (deckgen.yaml) sets its value."""
    try:
        text = read_regular(path, SETTINGS_BYTES)
    except OSError:
        return Location(display(path))
    for number, line in enumerate(text.decode("utf-8", "replace").splitlines(), 1):
        found = re.match(rf"{re.escape(key)}\s*:\s*", line)
        if found:
            return Location(display(path), number, found.end() + 1)
    return Location(display(path))
