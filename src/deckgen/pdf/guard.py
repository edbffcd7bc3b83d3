"""A LibreOffice command and the deckgen that runs it to a run that never outlives deckgen.

deckgen starts this file as a script (``python guard.py PID FOLDER... -- COMMAND...``), in a
session of its own. It starts COMMAND (soffice) in a process group of its own, passes its
output through and exits with its status. When deckgen asks it to stop (SIGTERM: a timeout,
Ctrl-C, deckgen stopping), it kills that whole group (soffice forks soffice.bin). When
deckgen dies without asking (kill -9, the OOM killer), no code of deckgen's runs any more:
the guard notices it has a new parent, kills the group and removes the FOLDERs, the copies
of the briefing deckgen was converting. Standard library only, and no import of deckgen:
it starts in a few milliseconds and runs with ``python -I``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from types import FrameType

POLL = 0.1  # seconds between looks at the parent


def _kill(child: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the child's whole process group, then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def main(argv: list[str]) -> int:
    parent = int(argv[0])
    cut = argv.index("--")
    folders, command = argv[1:cut], argv[cut + 1 :]
    if os.getppid() != parent:
        return 1  # deckgen died before we started: nothing to run
    child = subprocess.Popen(command, start_new_session=True)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        _kill(child)
        sys.exit(143)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # deckgen decides what Ctrl-C means
    while True:
        try:
            code = child.wait(timeout=POLL)
            return code if code >= 0 else 128 - code  # killed by a signal: as a shell says
        except subprocess.TimeoutExpired:
            pass
        if os.getppid() != parent:  # orphaned: deckgen is gone
            _kill(child)
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
            return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
