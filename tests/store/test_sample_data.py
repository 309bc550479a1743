"""The demo data: deterministic, valid, and it always gives the dashboard something to show."""

from __future__ import annotations

from datetime import date
from itertools import islice

import pytest

from friendship_tui.schema import CHILD_TYPES, MODELS, ListQuery, validate_create
from friendship_tui.store.local import LocalBackend, Store
from friendship_tui.store.sample_data import generate, populate, sample_rows


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL (tests/store/conftest.py)."""
    return any_store


TODAY = date(2026, 3, 15)


def test_generation_is_deterministic() -> None:
    a = [(b.data, b.children, b.links) for b in generate(30, TODAY, seed=3)]
    b = [(b.data, b.children, b.links) for b in generate(30, TODAY, seed=3)]
    c = [(b.data, b.children, b.links) for b in generate(30, TODAY, seed=4)]
    assert a == b
    assert a != c


def test_every_generated_object_is_valid() -> None:
    for type_, data in islice(sample_rows(300, TODAY, seed=1), 5000):
        body = {k: v for k, v in data.items() if k != "id"}
        if type_ != "contact" and "parent_id" in body:
            body["parent_id"] = "x"
        if "target_id" in body:
            body["target_id"] = "y"
        validate_create(MODELS[type_], body)  # raises on anything invalid


def test_variety() -> None:
    bundles = list(generate(400, TODAY, seed=0))
    birthdays = [str(b.data["birthday"]) for b in bundles if b.data["birthday"]]
    assert any(x.startswith("--") for x in birthdays)
    assert any(len(x) == 4 for x in birthdays)
    assert any(x.endswith("02-29") for x in birthdays)
    assert any(not x.isascii() for b in bundles for x in [str(b.data["name"])])
    types = {t for b in bundles for t, _ in b.children} | ({"relationship"} if any(
        b.links for b in bundles) else set())  # fmt: skip
    assert types == set(CHILD_TYPES)
    assert any(b.journal for b in bundles)
    per_contact = sum(len(b.children) + len(b.links) for b in bundles) / len(bundles)
    assert 7 <= per_contact <= 12


async def test_populate_gives_a_lively_dashboard(local: LocalBackend) -> None:
    ids = await populate(local, 50, TODAY, seed=0)
    assert len(ids) == 50
    assert (await local.list("contact")).total == 50
    agenda = await local.agenda(TODAY)
    overdue = [r for r in agenda.stay_in_touch if r.kind == "overdue"]
    assert len(overdue) >= 5
    birthdays = [r for r in agenda.events if r.kind == "birthday" and r.date.month == TODAY.month]
    assert len(birthdays) >= 2
    assert agenda.reminders
    journal = await local.list("journal_entry")
    assert journal.total is not None and journal.total >= 5
    rels = await local.list("relationship", ListQuery(limit=200))
    assert rels.total and rels.total % 2 == 0  # every link mirrored


def test_fast_path_matches_the_api_path(store: Store) -> None:
    result = store.import_rows("me", sample_rows(200, TODAY, seed=0), keep_ids=True)
    assert result.counts["contact"] == 200
    assert set(result.counts) == set(MODELS)
    agenda = store.agenda("me", TODAY)
    assert agenda.stay_in_touch and agenda.events
