"""Re-importing what a Monica import put on a contact: an edit in Monica updates it.

A note (call, reminder, gift...) has no field for another system's id in the documented
API, and our own ids change when a sync copy meets its server. So each contact keeps,
in the reserved custom field ``Monica ids``, one entry per Monica object imported onto
it: ``notes:12=3f9a1c0b2e``, Monica's list and id and a fingerprint of the content
written (``io.matching``'s content key, without the parent, so it survives id remapping).
On a re-import each Monica object with an entry is:

- unchanged in Monica (same fingerprint) and still here: left alone, counted unchanged;
- edited in Monica (another fingerprint): the object of this contact with the old
  fingerprint is updated to Monica's content, counted updated;
- not found here (deleted, or edited here too): added again, as the import always did
  (the report says so for an edited one), so nothing of either side is lost.

An object with no entry (first import, or one made before entries were kept) is created
as before (content matching finds one made earlier) and gets its entry.

Relationships are kept on the contact they are written under, keyed by the pair of
Monica contact ids (``relationships:1-10``: Monica has one row per direction, each with
its own id, and may replace a row when its type changes; the pair stays), fingerprinted
without either contact, and found again by that contact, the other one and the old
fingerprint. Journal entries have no contact: their entries (``journal:41``) live in the
``Monica ids`` of one contact of the import (the one holding them already, else the
first contact of the dump) and are read from whichever contact holds them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from ...domain.relationships import inverse_kind
from ...domain.reserved_fields import MONICA_CHILDREN
from ...schema import MODELS
from ...store.base import Backend, iter_all
from ..matching import ALL, content_key
from ..writes import NewRef, Write

ROOM = 2000  # custom_field.value's length: more entries go to another row
Ref = str | NewRef


JOURNAL = "journal_entry"


def fingerprint(type_: str, data: Mapping[str, Any]) -> str:
    """What was imported, in ten hex digits (the parent and a relationship's other
    contact left out: our ids of them change when a sync copy meets its server)."""
    key = content_key(MODELS[type_], {**data, "parent_id": None, "target_id": None})
    return hashlib.sha1(repr(key).encode()).hexdigest()[:10]


def parse_marks(values: Iterable[Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        for entry in str(value or "").split():
            key, sep, fp = entry.partition("=")
            if sep and key and fp:
                out[key] = fp
    return out


def mark_values(marks: Mapping[str, str]) -> list[str]:
    """The entries as custom-field values, each at most ``ROOM`` long."""
    values: list[str] = []
    line = ""
    for key in sorted(marks):
        entry = f"{key}={marks[key]}"
        if line and len(line) + 1 + len(entry) > ROOM:
            values.append(line)
            line = ""
        line = f"{line} {entry}" if line else entry
    return [*values, line] if line else values


class ChildMarks:
    """The entries of every contact, what this run makes of them, and the objects they
    point at (read only when some entry exists: a first import reads nothing)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}  # our contact id -> its rows
        self.held: dict[str, dict[str, str]] = {}  # our contact id -> entries
        self.out: dict[str, dict[str, str]] = {}  # Monica contact id -> entries now
        self.parents: dict[str, Ref] = {}  # Monica contact id -> our contact
        self.objects: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        self.relationships: list[dict[str, Any]] = []  # every one, to find mirrors
        self.journal: dict[str, str] = {}  # journal entries, whoever holds them

    def see(self, cf: Mapping[str, Any]) -> None:
        cid = str(cf.get("parent_id"))
        self.rows.setdefault(cid, []).append(dict(cf))
        marks = parse_marks([cf.get("value")])
        self.held.setdefault(cid, {}).update(marks)
        self.journal.update({k: v for k, v in marks.items() if k.startswith("journal:")})

    def journal_holder(self) -> str | None:
        """Our id of the contact whose entries hold journal ids (the first, if several)."""
        held = sorted(c for c, e in self.held.items() if any(k.startswith("journal:") for k in e))
        return held[0] if held else None

    async def load(self, backend: Backend) -> None:
        if not self.held:
            return
        for type_, model in MODELS.items():
            if (model.parent != "contact" and type_ != JOURNAL) or type_ == "custom_field":
                continue
            async for obj in iter_all(backend, type_, ALL):
                if type_ == "relationship":
                    self.relationships.append(obj)
                place = _place(type_, obj.get("parent_id"), obj.get("target_id"))
                where = (type_, str(place), fingerprint(type_, obj))
                self.objects.setdefault(where, []).append(obj)

    def decide(
        self,
        mid: str,
        parent: Ref,
        key: str,
        type_: str,
        data: Mapping[str, Any],
        target: Ref | None = None,
    ) -> tuple[str, dict[str, Any] | None]:
        """("same", obj) | ("update", obj) | ("create", None) | ("again", None): an
        edited one whose object is gone here. ``mid``: the Monica contact whose entries
        keep ``key`` (for a journal entry, the contact chosen to hold them)."""
        new = fingerprint(type_, data)
        self.parents[mid] = parent
        held = self.held.get(parent, {}) if isinstance(parent, str) else {}
        entries = self.out.setdefault(mid, dict(held))
        old = self.journal.get(key) if type_ == JOURNAL else held.get(key)
        entries[key] = new
        place = _place(type_, parent, target)
        if old is None or place is None:
            return "create", None
        found = self.objects.get((type_, place, old))
        if found:
            return ("same" if old == new else "update"), found.pop(0)
        return ("create" if old == new else "again"), None

    def mirror_of(self, rel: Mapping[str, Any]) -> dict[str, Any] | None:
        """The mirror of an imported relationship (the inverse row on the other contact)."""
        want = inverse_kind(rel.get("kind"))
        for obj in self.relationships:
            if (str(obj.get("parent_id")), str(obj.get("target_id"))) == (
                str(rel.get("target_id")), str(rel.get("parent_id"))
            ) and obj.get("kind") == want and obj.get("id") != rel.get("id"):  # fmt: skip
                return obj
        return None

    def writes(self) -> list[Write]:
        """The ``Monica ids`` rows as they must end (not counted in the report)."""
        out: list[Write] = []
        for mid, entries in self.out.items():
            parent = self.parents[mid]
            rows = self.rows.get(parent, []) if isinstance(parent, str) else []
            rows = sorted(rows, key=lambda r: (r.get("position") or 0, str(r.get("id"))))
            values = mark_values(entries)
            for i, value in enumerate(values):
                if i < len(rows):
                    out.append(Write("custom_field", {"value": value}, id=str(rows[i]["id"]),
                                     current=rows[i], counted=False))  # fmt: skip
                else:
                    label, kind = MONICA_CHILDREN.label, MONICA_CHILDREN.kind
                    data = {"parent_id": parent, "label": label, "kind": kind,
                            "value": value, "position": 1000 + i}  # fmt: skip
                    out.append(Write("custom_field", data, counted=False))
            for row in rows[len(values) :]:  # fewer rows needed: the rest emptied
                out.append(Write("custom_field", {"value": None}, id=str(row["id"]),
                                 current=row, counted=False))  # fmt: skip
        return out


def _place(type_: str, parent: Any, target: Any) -> str | None:
    """Where an object is looked for: its contact (a relationship: both contacts; a
    journal entry: anywhere), None when a contact is made by this run (nothing to find)."""
    if type_ == JOURNAL:
        return ""
    if not isinstance(parent, str) or (type_ == "relationship" and not isinstance(target, str)):
        return None
    return f"{parent}>{target}" if type_ == "relationship" else parent
