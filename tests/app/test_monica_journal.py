"""A Monica import's journal, re-imported after an edit in Monica: the journal screen
shows the edited entry once, and nothing of the ids the import keeps to recognise it."""

from __future__ import annotations

from monica.standin import monica_dump

from friendship_tui.app import make_app
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.io.monica.importer import import_monica
from friendship_tui.store.base import Backend

from .conftest import SIZE, settings, wait_for


async def test_the_journal_shows_the_edited_entry_once_and_no_ids(backend: Backend) -> None:
    dump = monica_dump()
    await import_monica(backend, dump)
    [entry] = dump["account"]["journal"]
    entry["title"], entry["post"] = "A great week", "Saw Ann and Oscar."
    report = await import_monica(backend, dump)
    assert (report.created, report.updated) == (0, 1), report.to_json()
    app = make_app(backend, settings(start="journal"))
    async with app.run_test(size=SIZE) as pilot:
        entries = app.screen.query_one("#entries", ChildList)
        await wait_for(pilot, lambda: entries.option_count > 0, "the journal")
        shown = [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]
        assert len(shown) == 1 and "A great week" in shown[0], shown
        assert [e["title"] for e in entries.items] == ["A great week"]
        text = " ".join(shown + [str(v) for v in entries.items[0].values()])
        assert "Monica" not in text and "journal:" not in text and "=" not in shown[0]
