"""Typing into the contact list's filter holds the cycle collector off until typing
pauses (``filter_input.CollectorHold``), and never turns on a collector it did not
turn off (the app's start-up keeps it off until it settles)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.filter_input import FilterInput
from friendship_tui.store.base import Backend

from .conftest import TODAY, wait_for


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


async def test_typing_holds_the_collector_until_it_pauses(
    backend: Backend, collector_on: None
) -> None:
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=(120, 40)) as pilot:
        lst = app.screen.query_one(ContactList)
        box = app.screen.query_one("#filter", FilterInput)
        await wait_for(pilot, lambda: lst.loaded, "first page")
        assert gc.isenabled()
        await pilot.press("slash", "a")
        await wait_for(pilot, lambda: lst.spec.q == "a", "the filter applied")
        assert box.collector.holding and not gc.isenabled()  # off while keys come
        await pilot.press("l")
        assert not gc.isenabled()
        await wait_for(pilot, lambda: gc.isenabled(), "collector on once typing pauses")
        assert not box.collector.holding
        await pilot.press("x")
        assert not gc.isenabled()
    assert gc.isenabled()  # the box gone (the app closed mid-burst): the collector is on


async def test_a_collector_off_for_another_reason_is_left_alone(
    backend: Backend, collector_on: None
) -> None:
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=(120, 40)) as pilot:
        lst = app.screen.query_one(ContactList)
        box = app.screen.query_one("#filter", FilterInput)
        await wait_for(pilot, lambda: lst.loaded, "first page")
        gc.disable()  # as between a real start and the app settling
        await pilot.press("slash", "a")
        await wait_for(pilot, lambda: lst.spec.q == "a", "the filter applied")
        assert not box.collector.holding and not gc.isenabled()
    assert not gc.isenabled()  # not this hold's to turn on
