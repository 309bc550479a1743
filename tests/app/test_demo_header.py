"""``--demo`` in the app: the header says it is a throw-away demo book."""

from __future__ import annotations

import asyncio

from friendship_tui.app import make_app
from friendship_tui.cli.backend_choice import open_demo_backend
from friendship_tui.cli.options import GlobalOptions

from .conftest import SIZE, settings, wait_for


async def test_the_header_says_demo() -> None:
    backend = await asyncio.to_thread(open_demo_backend, GlobalOptions(demo=True), announce=False)
    try:
        app = make_app(backend, settings())
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: "throw-away" in app.sub_title, "the demo header")
            assert app.sub_title.startswith("demo")
    finally:
        await backend.close()
