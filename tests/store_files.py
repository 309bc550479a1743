"""Fresh, migrated database files for tests, copied from one template per process.

Creating and migrating a new file costs tens of milliseconds; hundreds of tests each
opening one add up. The copy is byte-for-byte what ``Store.open`` makes of a new path.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from friendship_tui.store.local import Store

_TEMPLATE: list[Path] = []
_FOLDERS: list[Path] = []


def process_folder(prefix: str) -> Path:
    """A temp folder for this test process, removed as its test session ends
    (``remove_process_folders``, from conftest's ``pytest_sessionfinish``: an xdist
    worker may leave by ``os._exit``, which runs no atexit) or else at exit."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    _FOLDERS.append(folder)
    return folder


def remove_process_folders() -> None:
    while _FOLDERS:
        shutil.rmtree(_FOLDERS.pop(), ignore_errors=True)


atexit.register(remove_process_folders)


def fresh_db(path: Path) -> Path:
    if not _TEMPLATE:
        folder = process_folder("friendship-template-")
        Store.open(folder / "template.db").close()
        _TEMPLATE.append(folder / "template.db")
    shutil.copyfile(_TEMPLATE[0], path)
    os.chmod(path, 0o600)
    return path
