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
_AT_END: list[Callable[[], object]] = []  # run last-in first-out as the session ends


def at_session_end(cleanup: Callable[[], object]) -> None:
    """Run ``cleanup`` as this test process's session ends (``end_session``, from
    conftest's ``pytest_sessionfinish``: an xdist worker may leave by ``os._exit``,
    which runs no atexit), or else at exit. Last registered, first run: a server
    started on a folder stops before the folder goes."""
    _AT_END.append(cleanup)


def end_session() -> None:
    while _AT_END:
        cleanup = _AT_END.pop()
        with contextlib.suppress(Exception):  # one failed cleanup must not skip the rest
            cleanup()


atexit.register(end_session)


def process_folder(prefix: str) -> Path:
    """A temp folder for this test process, removed as its session ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    at_session_end(partial(shutil.rmtree, folder, ignore_errors=True))
    return folder


def fresh_db(path: Path) -> Path:
    if not _TEMPLATE:
        folder = process_folder("friendship-template-")
        Store.open(folder / "template.db").close()
        _TEMPLATE.append(folder / "template.db")
    shutil.copyfile(_TEMPLATE[0], path)
    os.chmod(path, 0o600)
    return path
