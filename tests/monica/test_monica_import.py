"""Moving in from Monica: the importer against a Monica API stand-in (real HTTP on
127.0.0.1), into a local book, the real server (remote profile) and a sync profile."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import pytest

from friendship_tui.domain.reserved_fields import facts_by_contact
from friendship_tui.io.monica.client import MonicaError, fetch_dump
from friendship_tui.io.monica.importer import import_monica
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend, iter_all
from friendship_tui.store.local import LocalBackend

from .standin import TOKEN, monica_standin

ALL = ListQuery(filters={"is_archived": ["true", "false"]})


async def _fetch(url: str, waits: list[float]) -> dict[str, Any]:
    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(seconds)

    return await fetch_dump(url, TOKEN, sleep=sleep)


async def _everything(b: Backend) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for type_ in ("contact", "custom_field", "note", "activity", "conversation", "reminder",
                  "gift", "pet", "relationship", "life_event", "journal_entry"):  # fmt: skip
        out[type_] = [o async for o in iter_all(b, type_, ALL)]
    return out


def _by_name(book: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {str(c["name"]).split()[0]: c for c in book["contact"]}


async def _check_book(b: Backend) -> None:
    book = await _everything(b)
    people = _by_name(book)
    assert set(people) == {"Ann", "Oscar", "Makayla", "Johnathon", "Filler0", "Filler1", "Filler2"}
    ann, oscar, mak, john = people["Ann"], people["Oscar"], people["Makayla"], people["Johnathon"]
    # special dates as Monica means them
    assert ann["birthday"] == "1981-10-29"
    assert oscar["birthday"] == "--11-29"  # is_year_unknown
    assert mak["birthday"] == "1986"  # is_age_based
    # contact fields, addresses, tags, stay in touch
    assert (ann["email"], ann["secondary_email"]) == ("ann@example.org", "ann@work.example")
    assert ann["phone"] == "+46 70 1" and ann["twitter"] == "https://twitter.com/annl"
    assert (ann["address_line"], ann["city"], ann["country"]) == ("Storgatan 1", "Umeå", "Sweden")
    assert sorted(ann["tags"]) == ["book club", "school"] and ann["favorite"] is True
    assert ann["stay_in_touch_frequency"] == "monthly"
    assert mak["stay_in_touch_frequency"] == "weekly"
    assert (ann["job_title"], ann["company"]) == ("Data lead", "Fjord")
    assert ann["food_prefs"] == "no coriander"
    # reserved facts: deceased, partial, first met (+ through whom), Monica id
    facts = facts_by_contact(book["custom_field"])
    assert facts[mak["id"]].deceased and facts[mak["id"]].deceased_on == "2020-05-04"
    assert facts[oscar["id"]].partial and facts[john["id"]].partial
    assert not facts[ann["id"]].partial and not facts[ann["id"]].deceased
    assert facts[ann["id"]].first_met == "--03-04"
    assert facts[ann["id"]].first_met_through == john["id"]
    assert facts[ann["id"]].monica_id == "1" and facts[oscar["id"]].monica_id == "2"
    extra = {
        (cf["label"], cf["value"]) for cf in book["custom_field"] if cf["parent_id"] == ann["id"]
    }
    assert ("Email", "ann@old.example") in extra and ("Facebook", "ann.l") in extra
    # relationships, mirrored with the inverse kind
    rels = {(r["parent_id"], r["target_id"], r["kind"]) for r in book["relationship"]}
    assert (ann["id"], oscar["id"], "child") in rels and (oscar["id"], ann["id"], "parent") in rels
    assert (ann["id"], mak["id"], "friend") in rels
    assert (ann["id"], people["Filler0"]["id"], "colleague") in rels
    assert len(book["relationship"]) == 6  # three pairs, each mirrored once
    # children
    assert {n["body"] for n in book["note"]} >= {"Loves hiking", "Moved flats", "Third note"}
    assert any(n["body"].startswith("Debt: They owe me 20") for n in book["note"])  # debt -> note
    assert [c["channel"] for c in book["conversation"]] == ["call"]
    assert {r["message"] for r in book["reminder"]} == {
        "Call about the trip (every 1 year)", "Task: Send photos"}  # fmt: skip
    gifts = [(g["title"], g["status"], g["price"]) for g in book["gift"]]
    assert gifts == [("Hiking map", "given", 25)]
    assert [(p["name"], p["species"]) for p in book["pet"]] == [("Rex", "dog")]
    events = [(e["kind"], e["occurred_at"]) for e in book["life_event"]]
    assert events == [("new_job", "2019-09-01")]
    assert [j["title"] for j in book["journal_entry"]] == ["A good week"]
    assert [a["title"] for a in book["activity"]] == ["Dinner"]
    # the Dinner (2026-02-01) is later than Monica's last call (2026-01-10): logging it
    # moved "last contacted", as logging it in the app would
    assert str(ann["last_contacted_at"]).startswith("2026-02-01"), ann["last_contacted_at"]
    # the agenda leaves the deceased and partial people out; search hides partial ones
    agenda = await b.agenda(date(2026, 3, 15), 365)
    stay = {r.contact_name for r in agenda.stay_in_touch}
    assert "Makayla" not in stay and "Ann Lindqvist" in stay
    upcoming = {r.contact_name for r in agenda.events}
    assert "Ann Lindqvist" in upcoming and "Oscar" not in upcoming
    assert [c["name"] for c in await b.search("Oscar")] == []
    listed = {c["name"] for c in (await b.list("contact")).items}  # the default list
    assert "Oscar" not in listed and "Johnathon" not in listed and "Makayla" in listed
    assert [c["name"] for c in await b.search("Makayla")] == ["Makayla"]


async def _import_twice(b: Backend) -> None:
    waits: list[float] = []
    with monica_standin() as standin:
        dump = await _fetch(standin.url + "/api/", waits)
        assert standin.throttled and waits == [1.0]  # the 429's Retry-After was honoured
        assert standin.hits["/api/contacts"] == 4  # 429, then 3 pages of 2
    first = await import_monica(b, dump)
    assert first.failed == 0, first.failures
    assert first.created_by_type["contact"] == 7 and first.created_by_type["note"] == 4
    assert "vcard_extra (Ann Lindqvist)" in first.unmapped  # a field with no home, named
    assert "calls.emotions (Ann Lindqvist)" in first.unmapped  # ... of a child too
    assert any("debts became notes" in n for n in first.notes)
    await _check_book(b)
    before = await _everything(b)
    again = await import_monica(b, dump)
    assert (again.created, again.updated, again.failed) == (0, 0, 0), again.to_json()
    after = await _everything(b)
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}


async def test_import_into_a_local_book(local: LocalBackend) -> None:
    await _import_twice(local)


async def test_import_into_the_real_server(sandbox: Any, users: tuple[str, str]) -> None:
    await _import_twice(sandbox.backend(users[0]))


async def test_import_into_a_sync_profile(tmp_path: Any) -> None:
    from contract.backends import sync_env

    async with sync_env(tmp_path) as env:
        await _import_twice(env.backend)


async def test_a_changed_monica_contact_updates_instead_of_duplicating(local: LocalBackend) -> None:
    with monica_standin() as standin:
        dump = await _fetch(standin.url, [])
    await import_monica(local, dump)
    dump["contacts"][0]["nickname"] = "Nan"
    dump["contacts"][1]["information"]["dates"]["deceased_date"]["date"] = "2021-06-07T00:00:00Z"
    report = await import_monica(local, dump)
    assert report.created == 0 and report.updated == 2
    book = await _everything(local)
    people = _by_name(book)
    assert people["Ann"]["nickname"] == "Nan" and len(book["contact"]) == 7
    facts = facts_by_contact(book["custom_field"])
    assert facts[people["Makayla"]["id"]].deceased_on == "2021-06-07"


async def test_a_wrong_token_is_one_clear_error() -> None:
    with monica_standin() as standin, pytest.raises(MonicaError, match="token"):
        await fetch_dump(standin.url, "wrong")


def test_the_schema_output_names_the_reserved_labels(sandbox: Any) -> None:
    import httpx
    from click.testing import CliRunner

    from friendship_tui.cli.main import cli

    doc = httpx.get(sandbox.url + "/openapi.json", timeout=30).json()
    label = doc["components"]["schemas"]["CustomFieldCreate"]["properties"]["label"]
    assert "'Deceased' (date" in label["description"]
    assert "'Partial contact' (bool" in label["description"]
    result = CliRunner().invoke(cli, ["custom_field", "schema", "--json"])
    reserved = {r["label"]: r["kind"] for r in json.loads(result.stdout)["reserved_labels"]}
    assert reserved["First met"] == "date" and reserved["First met through"] == "text"


async def _edit_in_monica_and_reimport(b: Backend) -> None:
    """Import over HTTP, edit a note, an activity and a reminder in the stand-in, fetch
    and import again: the three imported objects are updated, nothing is added."""
    with monica_standin() as standin:
        first = await import_monica(b, await _fetch(standin.url, []))
        assert first.failed == 0, first.failures
        before = await _everything(b)
        ann = standin.book["per_contact"][1]
        ann["notes"][1]["body"] = "Moved flats, to Umeå"
        ann["activities"][0]["description"] = "Thai place, then a walk"
        ann["reminders"][0]["initial_date"] = "2026-05-01"
        report = await import_monica(b, await _fetch(standin.url, []))
    assert (report.created, report.updated, report.failed) == (0, 3, 0), report.to_json()
    after = await _everything(b)
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
    assert {n["body"] for n in after["note"]} >= {"Moved flats, to Umeå", "Loves hiking"}
    assert "Moved flats" not in {n["body"] for n in after["note"]}
    [dinner] = after["activity"]
    assert dinner["description"] == "Thai place, then a walk"
    assert [r["due_date"] for r in after["reminder"] if "trip" in r["message"]] == ["2026-05-01"]
    ids = {t: {o["id"] for o in objs} for t, objs in after.items()}
    assert ids["note"] == {o["id"] for o in before["note"]}  # the same objects, updated
    again = await import_monica(b, dump_of(standin))
    assert (again.created, again.updated) == (0, 0)


def dump_of(standin: Any) -> dict[str, Any]:
    """The stand-in's book as a saved dump (what ``--save`` writes), for an offline run."""
    book = standin.book
    return {"format": "monica-json", "version": 1, "contacts": book["contacts"],
            "per_contact": {str(k): v for k, v in book["per_contact"].items()},
            "account": book["account"]}  # fmt: skip


async def test_an_edit_in_monica_updates_the_local_book(local: LocalBackend) -> None:
    await _edit_in_monica_and_reimport(local)


async def test_an_edit_in_monica_updates_the_real_server(
    sandbox: Any, users: tuple[str, str]
) -> None:
    await _edit_in_monica_and_reimport(sandbox.backend(users[0]))


async def test_an_edit_in_monica_updates_a_sync_profile(tmp_path: Any) -> None:
    from contract.backends import sync_env

    async with sync_env(tmp_path) as env:
        await _edit_in_monica_and_reimport(env.backend)
