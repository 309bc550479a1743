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


def fresh_db(path: Path) -> Path:
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="friendship-template-"))
        atexit.register(shutil.rmtree, folder, True)
        Store.open(folder / "template.db").close()
        _TEMPLATE.append(folder / "template.db")
    shutil.copyfile(_TEMPLATE[0], path)
    os.chmod(path, 0o600)
    return path
