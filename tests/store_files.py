"""Fresh, migrated database files for tests, copied from one template per process.

Creating and migrating a new file costs tens of milliseconds; hundreds of tests each
opening one add up. The copy is byte-for-byte what ``Store.open`` makes of a new path.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from friendship_tui.store.local import Store

_TEMPLATE: list[Path] = []
_AT_END: list[Callable[[], object]] = []  # run last-in first-out at exit


def at_process_exit(cleanup: Callable[[], object]) -> None:
    """Run ``cleanup`` as this test process exits. Last registered, first run: a
    server started on a folder stops before the folder goes.

    At exit, not at the session's end: run from ``pytest_sessionfinish`` they left
    nothing behind, but two CI runs of three then printed a ``KeyboardInterrupt`` from
    a worker that execnet found still running 5 s after it asked it to stop. An xdist
    worker that leaves by ``os._exit`` runs no atexit, so a run may leave a folder or
    two in /tmp."""
    _AT_END.append(cleanup)


def _exit_cleanups() -> None:
    while _AT_END:
        cleanup = _AT_END.pop()
        with contextlib.suppress(Exception):  # one failed cleanup must not skip the rest
            cleanup()


atexit.register(_exit_cleanups)


def process_folder(prefix: str) -> Path:
    """A temp folder for this test process, removed as it exits."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    at_process_exit(partial(shutil.rmtree, folder, ignore_errors=True))
    return folder


def fresh_db(path: Path) -> Path:
    if not _TEMPLATE:
        folder = process_folder("friendship-template-")
        Store.open(folder / "template.db").close()
        _TEMPLATE.append(folder / "template.db")
    shutil.copyfile(_TEMPLATE[0], path)
    os.chmod(path, 0o600)
    return path
