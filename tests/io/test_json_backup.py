"""JSON backup: lossless round trip, whole-document validation, the id-remapping path."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from friendship_tui.io.json_io import export_json, import_json
from friendship_tui.io.report import RecordsRejected
from friendship_tui.schema import MODELS, ListQuery
from friendship_tui.store.base import iter_all
from friendship_tui.store.local import LocalBackend


async def dump(backend: Any) -> str:
    out = io.StringIO()
    await export_json(backend, out)
    return out.getvalue()


def without_stamp(text: str) -> str:
    return re.sub(r'"exported_at": "[^"]*"', '"exported_at": "-"', text)


async def test_export_import_export_is_byte_equal(
    open_book: Callable[[str], LocalBackend], fill_every_type: Any
) -> None:
    source = open_book("source")
    await fill_every_type(source)
    first = await dump(source)

    target = open_book("target")
    report = await import_json(target, first)
    second = await dump(target)

    assert without_stamp(second) == without_stamp(first)
    doc = json.loads(first)
    assert doc["format_version"] == 1 and "exported_at" in doc
    assert list(doc["data"]) == list(MODELS)  # every type, in schema order
    assert len(doc["data"]["relationship"]) == 2  # the pair, not four after import
    assert report.created == sum(len(v) for v in doc["data"].values())
    # the archived contact and note came along, still archived
    assert [c["is_archived"] for c in doc["data"]["contact"]].count(True) == 1
    assert [n["is_archived"] for n in doc["data"]["note"]] == [True]


async def test_restore_keeps_ids_timestamps_and_pairs(
    open_book: Callable[[str], LocalBackend], fill_every_type: Any
) -> None:
    source = open_book("source")
    made = await fill_every_type(source)
    target = open_book("target")
    await import_json(target, await dump(source))

    ann = await target.get("contact", made["ann"]["id"])
    original = await source.get("contact", made["ann"]["id"])
    assert ann == original  # same id, created_at, updated_at and bumped last_contacted_at
    rels = [r async for r in iter_all(target, "relationship")]
    assert {(r["parent_id"], r["kind"]) for r in rels} == {
        (made["ann"]["id"], "mentor"),
        (made["bob"]["id"], "mentee"),
    }
    # deleting one half deletes the other: they are linked as a pair again
    await target.delete("relationship", rels[0]["id"])
    assert [r async for r in iter_all(target, "relationship")] == []


async def test_every_bad_object_is_reported_and_nothing_written(book: LocalBackend) -> None:
    doc = {
        "format": "friendship-tui-backup",
        "format_version": 1,
        "exported_at": "2026-01-01T00:00:00Z",
        "data": {
            "contact": [{"id": "c1", "name": "Ok"}, {"id": "c2", "name": ""}],
            "note": [
                {"id": "n1", "parent_id": "c1", "body": "fine"},
                {"id": "n2", "parent_id": "nobody", "body": "orphan"},
                {"id": "c1", "parent_id": "c1", "body": "same id as a contact"},
            ],
            "reminder": [{"id": "r1", "parent_id": "c1", "due_date": "tomorrow", "message": "x"}],
        },
    }
    with pytest.raises(RecordsRejected) as err:
        await import_json(book, json.dumps(doc))
    texts = [p.text() for p in err.value.problems]
    assert texts == [
        "contact[1]: name: is required",
        "note[1]: parent_id: no contact 'nobody' in the backup or the book",
        "note[2]: id: appears twice in the backup",
        "reminder[0]: due_date: must be a full date YYYY-MM-DD",
    ]
    assert (await book.list("contact")).items == []


async def test_importing_the_same_backup_twice_changes_nothing(
    book: LocalBackend, fill_every_type: Any
) -> None:
    made = await fill_every_type(book)
    text = await dump(book)
    total = sum(len(v) for v in json.loads(text)["data"].values())
    report = await import_json(book, text)
    assert (report.created, report.unchanged, report.failed) == (0, total, 0)
    assert json.loads(await dump(book))["data"] == json.loads(text)["data"]

    # an object the book holds with other content is left alone, and said so
    contact = made["ann"]
    await book.update("contact", contact["id"], {"city": "Elsewhere"})
    again = await import_json(book, text)
    assert (again.created, again.unchanged, again.failed) == (0, total - 1, 1)
    assert "other content" in again.failures[0].reason
    ann_at = [c["id"] for c in json.loads(text)["data"]["contact"]].index(contact["id"])
    assert again.failures[0].where == f"contact[{ann_at}]"
    assert (await book.get("contact", contact["id"]))["city"] == "Elsewhere"


async def test_a_restore_run_again_writes_only_what_the_book_lacks(
    book: LocalBackend, fill_every_type: Any
) -> None:
    """A contact deleted since (with its children): the re-run puts exactly those back."""
    made = await fill_every_type(book)
    text = await dump(book)
    total = sum(len(v) for v in json.loads(text)["data"].values())
    await book.delete("contact", made["ann"]["id"])
    lost = total - sum(len(v) for v in json.loads(await dump(book))["data"].values())
    assert lost > 1  # the contact and what hung off it
    report = await import_json(book, text)
    assert (report.created, report.unchanged, report.failed) == (lost, total - lost, 0)
    assert json.loads(await dump(book))["data"] == json.loads(text)["data"]


async def test_a_newer_format_version_is_refused(book: LocalBackend) -> None:
    from friendship_tui.schema import SchemaError

    with pytest.raises(SchemaError) as err:
        await import_json(book, json.dumps({"format_version": 99, "data": {}}))
    assert "format_version" in err.value.fields


class NotLocal:
    """The real LocalBackend seen only through the Backend interface (as a remote one is).

    Has no book on this machine and no bulk path, so the importer must take the path for
    backends that assign their own ids.
    """

    mode = "remote"

    def __init__(self, inner: LocalBackend) -> None:
        self._inner = inner
        self.capabilities = replace(inner.capabilities, bulk_import=False)

    def local_book(self) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_backends_without_ids_get_a_remapped_copy(
    open_book: Callable[[str], LocalBackend], fill_every_type: Any
) -> None:
    source = open_book("source")
    made = await fill_every_type(source)
    doc = json.loads(await dump(source))
    target = open_book("target")
    report = await import_json(NotLocal(target), json.dumps(doc))

    everything = ListQuery(filters={"is_archived": ["true", "false"]})
    for name in MODELS:
        got = [o async for o in iter_all(target, name, everything)]
        assert len(got) == len(doc["data"][name]), name
    assert report.created == sum(len(v) for v in doc["data"].values())
    contacts = {c["name"]: c async for c in iter_all(target, "contact", everything)}
    assert contacts["Cara Chen"]["is_archived"] is True
    new_ann = contacts["Ann Ålund"]
    assert new_ann["id"] != made["ann"]["id"]
    old_ann = await source.get("contact", made["ann"]["id"])
    assert new_ann["last_contacted_at"] == old_ann["last_contacted_at"] == "2026-11-01T18:30:00Z"
    rels = [r async for r in iter_all(target, "relationship")]
    assert sorted(r["kind"] for r in rels) == ["mentee", "mentor"]
    (convo,) = [c async for c in iter_all(target, "conversation")]
    assert convo["parent_id"] == new_ann["id"]
