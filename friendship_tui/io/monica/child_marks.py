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
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from ...domain.reserved_fields import MONICA_CHILDREN
from ...schema import MODELS
from ...store.base import Backend, iter_all
from ..matching import ALL, content_key
from ..writes import NewRef, Write

ROOM = 2000  # custom_field.value's length: more entries go to another row
Ref = str | NewRef


def fingerprint(type_: str, data: Mapping[str, Any]) -> str:
    """What was imported, in ten hex digits (the parent left out)."""
    key = content_key(MODELS[type_], {**data, "parent_id": None})
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

    def see(self, cf: Mapping[str, Any]) -> None:
        cid = str(cf.get("parent_id"))
        self.rows.setdefault(cid, []).append(dict(cf))
        self.held.setdefault(cid, {}).update(parse_marks([cf.get("value")]))

    async def load(self, backend: Backend) -> None:
        if not self.held:
            return
        for type_, model in MODELS.items():
            if model.parent != "contact" or type_ in ("custom_field", "relationship"):
                continue
            async for obj in iter_all(backend, type_, ALL):
                where = (type_, str(obj.get("parent_id")), fingerprint(type_, obj))
                self.objects.setdefault(where, []).append(obj)

    def decide(
        self, mid: str, parent: Ref, key: str, type_: str, data: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any] | None]:
        """("same", obj) | ("update", obj) | ("create", None) | ("again", None): an
        edited one whose object is gone here."""
        new = fingerprint(type_, data)
        self.parents[mid] = parent
        held = self.held.get(parent, {}) if isinstance(parent, str) else {}
        entries = self.out.setdefault(mid, dict(held))
        old = held.get(key)
        entries[key] = new
        if old is None or not isinstance(parent, str):
            return "create", None
        found = self.objects.get((type_, parent, old))
        if found:
            return ("same" if old == new else "update"), found.pop(0)
        return ("create" if old == new else "again"), None

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
