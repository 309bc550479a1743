"""The settings file: read at start (theme, start screen, horizon, key overrides through
Textual's keymap), ``t`` saves the theme, wrong values are named and left out."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from friendship_tui.app import make_app
from friendship_tui.app.screens.checkin import CheckinScreen
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.journal import JournalScreen
from friendship_tui.app.settings_file import read_settings_file, render_toml, with_file
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, settings, wait_for

GOOD = """\
theme = "textual-light"
start_screen = "journal"
horizon_days = 7

[keys]
"everywhere.checkin" = "k"
everywhere.show_dashboard = "g"
"""


def test_reading_names_each_wrong_value(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    assert read_settings_file(path).problems == []  # no file: defaults, nothing to say
    path.write_text(GOOD)
    good = read_settings_file(path)
    assert (good.theme, good.start_screen, good.horizon_days) == ("textual-light", "journal", 7)
    assert good.keys == {"everywhere.checkin": "k", "everywhere.show_dashboard": "g"}
    assert good.problems == []
    path.write_text(
        'theme = "no-such-theme"\nstart_screen = "moon"\nhorizon_days = 999\ncolour = 1\n'
        '[keys]\n"everywhere.undo" = 3\n'
    )
    bad = read_settings_file(path)
    assert (bad.theme, bad.start_screen, bad.horizon_days, bad.keys) == (None, None, None, {})
    assert [p.split(":")[0] for p in bad.problems] == [
        "theme", "start_screen", "horizon_days", "keys.everywhere.undo", "colour",
    ]  # fmt: skip
    assert "0..366" in bad.problems[2]
    path.write_text("theme = [unclosed")
    broken = read_settings_file(path)
    assert not broken.readable and "not valid TOML" in broken.problems[0]
    assert tomllib.loads(render_toml({"theme": "nord", "keys": {"a.b": "ctrl+z"}})) == {
        "theme": "nord",
        "keys": {"a.b": "ctrl+z"},
    }


async def test_the_file_shapes_the_app_and_t_saves_the_theme(
    backend: Backend, book: Book, tmp_path: Path
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(GOOD)
    app = make_app(backend, with_file(settings(start=None), path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, JournalScreen), "starts on journal")
        assert app.theme == "textual-light"
        await pilot.press("g")  # the overridden key for the dashboard
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        events = app.screen.query_one("#agenda-events", AgendaList)
        # a 7-day horizon: Ann's birthday (in 6 days) shows, Cleo's (in 15) does not
        await wait_for(pilot, lambda: events.rows, "events")
        assert [r.contact_name for r in events.rows] == ["Ann Lee"]
        # the panel says the window it shows (the settings' horizon, not a fixed month)
        assert app.screen.query_one("#panel-events").border_title == "Upcoming in 7 days (1)"
        await pilot.press("k")  # the overridden key for the check-in review
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen), "review via k")
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "back")
        await pilot.press("t")

        def saved() -> bool:
            return bool(tomllib.loads(path.read_text()).get("theme") == "textual-dark")

        await wait_for(pilot, saved, "the theme saved")
    doc = tomllib.loads(path.read_text())
    assert doc == {
        "theme": "textual-dark",
        "start_screen": "journal",
        "horizon_days": 7,
        "keys": {"everywhere.checkin": "k", "everywhere.show_dashboard": "g"},
    }


async def test_a_broken_file_is_named_and_never_overwritten(
    backend: Backend, book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = [unclosed\n")
    app = make_app(backend, with_file(settings(), path))
    monkeypatch.setattr(app, "NOTIFICATION_TIMEOUT", 600)  # the notice stays until read
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot,
            lambda: any(
                n.title == "Settings file: left out" and "not valid TOML" in str(n.message)
                for n in app._notifications
            ),
            "the warning",
        )
        await pilot.press("t")
        await wait_for(pilot, lambda: app.theme == "textual-light", "theme switched")
        await wait_for(pilot, lambda: any("Theme:" in str(n.message) for n in app._notifications))
    assert path.read_text() == "theme = [unclosed\n"


def test_the_readme_example_is_a_clean_settings_file(tmp_path: Path) -> None:
    from friendship_tui.app.keymap import assign_binding_ids

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "settings.toml"
    path.write_text(example)
    found = read_settings_file(path)
    assert found.problems == []
    ids = assign_binding_ids()
    assert set(found.keys) <= set(ids)  # every id the README shows exists
