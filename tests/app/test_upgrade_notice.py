"""An upgraded book is announced in the app, once, with where its copy is."""

from __future__ import annotations

import shutil
from pathlib import Path

from friendship_tui.app.app import FriendshipApp
from friendship_tui.store import notices
from friendship_tui.store.local import open_local

from .conftest import wait_for

BOOKS = Path(__file__).parent.parent / "fixtures" / "books"


async def test_the_app_shows_the_upgrade_as_a_notification(tmp_path: Path) -> None:
    shutil.copytree(BOOKS / "release-044b8c9", tmp_path / "old")
    notices.set_sink(None)
    backend = open_local(tmp_path / "old" / "book.db")  # upgraded before any sink listens
    app = FriendshipApp(backend)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(
                pilot,
                lambda: any(
                    "book.db.0005_prefix_index.bak" in str(n.message) for n in app._notifications
                ),
                "the upgrade notice",
            )
    finally:
        notices.set_sink(None)
        await backend.close()
