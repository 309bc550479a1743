"""Regenerate ``screenshots/*.svg``: the app rendering itself on the demo book.

Run ``python -m friendship_tui.screenshots [OUT_DIR]``. The date is fixed so the
dashboard, ages and overdue markers come out the same every time.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..schema import CHILD_TYPES, ListQuery
from ..store.base import Backend
from . import make_app
from .settings import AppSettings

SHOT_DATE = date(2026, 11, 25)
SIZE = (130, 40)


def _footer_drawn(app: Any) -> bool:
    """The screen's footer keys are placed on screen: a footer rebuilds its keys when the
    bindings change (a new screen, a focus move), and a shot taken in between shows an
    empty bottom line."""
    from textual.widgets import Footer

    from .widgets.steady_footer import KeyLine

    footers = list(app.screen.query(Footer))
    lines = list(app.screen.query(KeyLine))  # the dashboard's footer: one line of keys
    if not all(line.keys and line.region.area for line in lines):
        return False
    return all(f.children and all(c.region.area for c in f.children) for f in footers)


def _steady_cursors(app: Any) -> None:
    """A text box's cursor blinks on a timer, so a shot caught it on or off by chance
    and the same screen rendered differently run to run: held on, as it is drawn while
    the user types."""
    from textual.widgets import Input

    for box in app.screen.query(Input):
        box.cursor_blink = False


async def _settle(pilot: Any, condition: Callable[[], Any] = lambda: True) -> None:
    for _ in range(250):
        await pilot.pause(0.02)
        try:
            if condition() and _footer_drawn(pilot.app):
                break
        except Exception:
            pass
    _steady_cursors(pilot.app)
    for _ in range(50):  # quiet for a moment, with the footer's keys still in place
        await pilot.pause(0.2)
        if _footer_drawn(pilot.app):
            break


async def _richest_contact(backend: Backend) -> tuple[str, str]:
    """The contact with gifts in every lane and the most children: the best detail shot."""
    best: tuple[int, str, str] = (-1, "", "")
    page = await backend.list("contact", ListQuery(limit=200))
    for contact in page.items:
        cid = str(contact["id"])
        gifts = (
            await backend.list("gift", ListQuery(filters={"parent_id": [cid]}, limit=200))
        ).items
        lanes = {g.get("status") for g in gifts}
        total = 0
        for type_ in CHILD_TYPES:
            got = await backend.list(type_, ListQuery(filters={"parent_id": [cid]}, limit=200))
            total += len(got.items)
        score = total + 100 * len(lanes) + (50 if contact.get("favorite") else 0)
        if score > best[0]:
            best = (score, cid, str(contact.get("name")))
    return best[1], best[2]


async def take(out_dir: Path, backend: Backend) -> list[Path]:
    from .screens.contacts import ContactsScreen
    from .screens.dashboard import DashboardScreen
    from .screens.form import FormScreen
    from .screens.help import HelpScreen
    from .screens.journal import JournalScreen
    from .widgets.agenda_list import AgendaList
    from .widgets.child_list import ChildList
    from .widgets.contact_card import ContactCard
    from .widgets.contact_list import ContactList

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    star_id, star_name = await _richest_contact(backend)
    # The demo gives most people one gift; fill the other lanes so the shot shows all three.
    for status, title in (
        ("idea", "Concert tickets"),
        ("given", "Climbing chalk bag"),
        ("received", "Handmade mug"),
    ):
        await backend.create(
            "gift", {"parent_id": star_id, "title": title, "status": status, "occasion": "birthday"}
        )
    app = make_app(backend, AppSettings.fixed(SHOT_DATE, start_screen="dashboard"))
    app.animation_level = "none"  # a tab's underline caught mid-slide differs shot to shot

    def save(name: str, title: str) -> None:
        app.save_screenshot(filename=f"{name}.svg", path=str(out_dir))
        written.append(out_dir / f"{name}.svg")

    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, lambda: app.screen.query_one("#agenda-stay", AgendaList).rows)
        assert isinstance(app.screen, DashboardScreen)
        save("dashboard", "friendship - dashboard")

        app.show_contact(star_id)
        await _settle(pilot, lambda: star_name in app.screen.query_one(ContactCard).plain)
        assert isinstance(app.screen, ContactsScreen)
        lst = app.screen.query_one(ContactList)
        await _settle(pilot, lambda: lst.loaded)
        lst.focus()
        save("contacts", "friendship - contacts and detail")

        await pilot.press("6")
        await _settle(pilot)
        save("gifts", "friendship - gift lanes")

        await pilot.press("2")
        app.screen.query_one("#list-notes", ChildList).focus()
        await _settle(pilot)

        await pilot.press("c")
        await _settle(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        assert isinstance(form, FormScreen)
        from textual.widgets import Input

        form.editor("nickname").query_one(Input).value = "Sam"
        form.editor("birthday").query_one(Input).value = "31/02/1990"
        form.editor("website").query_one(Input).value = "sam.example"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        form.query_one("#form-fields").scroll_home(animate=False)
        await _settle(pilot)
        save("form-validation", "friendship - form with validation errors")
        form.dismiss(None)
        await _settle(pilot, lambda: isinstance(app.screen, ContactsScreen))

        app.action_show_journal()
        await _settle(pilot, lambda: app.screen.query_one("#entries", ChildList).items)
        assert isinstance(app.screen, JournalScreen)
        save("journal", "friendship - journal")

        app.action_show_contacts()
        await _settle(pilot)
        app.action_help()
        await _settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        save("help", "friendship - keys")
        app.screen.dismiss(None)
        await _settle(pilot)

        app.action_toggle_theme()
        await _settle(pilot)
        save("contacts-light", "friendship - light theme")
    return written


async def _main(out_dir: Path) -> list[Path]:
    from ..store.local import Store
    from ..store.sample_data import populate

    with tempfile.TemporaryDirectory(prefix="friendship-shots-") as tmp:
        store = Store.open(str(Path(tmp) / "demo.db"))
        try:
            backend = store.backend("me")
            await populate(backend, 50, SHOT_DATE, seed=7)
            from .review_screenshots import take_review

            written = await take(out_dir, backend)
            return written + await take_review(out_dir, backend, SHOT_DATE, SIZE, _settle)
        finally:
            store.close()


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path("screenshots")
    for path in asyncio.run(_main(out_dir)):
        print(path)


if __name__ == "__main__":
    main()
