"""Validation that says things: too long is said (never cut), a fixed field loses its
error, and an odd email or phone is warned about but still saved (the API allows it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.widgets import Input

from friendship_tui.app import make_app
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend

from .backends import local_backend
from .conftest import SIZE, settings, wait_for
from .forms import errors, new_contact_form


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[Backend]:
    async with local_backend(tmp_path) as made:
        yield made


async def test_long_name_fixed_errors_and_soft_warnings(backend: Backend) -> None:
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        form = await new_contact_form(pilot)
        name = form.editor("name").query_one(Input)
        name.insert_text_at_cursor("N" * 250)  # a paste
        await wait_for(pilot, lambda: "name" in errors(form), "the length said at once")
        assert len(name.value) == 250  # nothing cut
        assert "at most 200 characters (250 typed)" in errors(form)["name"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused, as the CLI refuses it

        name.value = "Nia Long"
        await wait_for(pilot, lambda: "name" not in errors(form), "the error gone once fixed")

        form.editor("birthday").query_one(Input).value = "31/02/1990"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "birthday" in errors(form), "the date error")
        form.editor("birthday").query_one(Input).value = "1990-02-28"
        await wait_for(pilot, lambda: "birthday" not in errors(form), "date error gone")

        email, phone = form.editor("email"), form.editor("phone")
        email.query_one(Input).value = "nia.example.com"
        phone.query_one(Input).value = "555-CALL-NIA"
        await wait_for(pilot, lambda: email.warning_text and phone.warning_text, "warnings")
        assert "email" in email.warning_text and "phone" in phone.warning_text
        assert errors(form) == {}  # warnings, not errors
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved anyway")
        [nia] = (await backend.list("contact", ListQuery(q="Nia"))).items
        assert nia["email"] == "nia.example.com" and nia["phone"] == "555-CALL-NIA"
