"""The lossless JSON backup: all 11 types, ids, refs and timestamps.

The document::

    {"format": "friendship-tui-backup", "format_version": 1, "exported_at": "...Z",
     "data": {"contact": [{...}, ...], "activity": [...], ...}}

Every type is present (in schema order), each array sorted by id, each object with the
wire keys in one fixed order (id, server fields, then the data fields in schema order)
and one object a line. ``owned_by`` is left out: a backup is the book's content, and
restoring it into another account (or from a server into a local book) must give the
same document. So export -> import into an empty book -> export gives the same
bytes except ``exported_at``.

Import checks the whole document first (schema rules per object, unique ids, every ref
pointing at a contact of the backup or of the book) and reports every bad object. On a
local book it is then one transaction through the store's bulk path with ``keep_ids``
and no hooks: ids, timestamps and archive flags are kept, mirrors are not created twice
(the backup carries both halves), ``last_contacted_at`` is not bumped; objects whose id
the book holds already are left alone (unchanged, or failed when they differ). Other
backends cannot take ids, so objects are created parents first with an id map,
relationships once per mirrored pair, and archive flags re-applied; ids and timestamps
are then new. That goes through ``writes.apply_writes``: one transaction on a sync
profile's local copy (sent on by its outbox), one request per object through a remote
profile, and a re-run after a kill recognises what is there (``matching.py``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ..domain.relationships import inverse_kind
from ..schema import (
    MODELS,
    SERVER_FIELDS,
    ListQuery,
    Model,
    format_timestamp,
    get_model,
)
from ..store.base import Backend, iter_all
from .json_restore import FORMAT, FORMAT_VERSION, import_backup
from .progress import NoProgress, Progress
from .report import ImportReport
from .writes import NewRef, Write, apply_writes

ALL = ListQuery(filters={"is_archived": ["true", "false"]})


def canonical(model: Model, obj: Mapping[str, Any]) -> dict[str, Any]:
    """The object with the backup's keys in the backup's order, numbers normalised."""
    keys = [k for k in SERVER_FIELDS if k != "owned_by" and (k in obj or k != "status")]
    keys += [f.name for f in model.fields if f.name not in keys]
    out: dict[str, Any] = {}
    for k in keys:
        v = obj.get(k)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        out[k] = v
    return out


async def _spool_sorted(
    backend: Backend, type_: str, progress: Progress, spool: IO[bytes]
) -> list[tuple[str, int, int]]:
    """Write the type's objects as JSON to ``spool``; return (id, offset, length) of
    each, in id order. Only that index stays in memory: a 100k-contact book held as
    dicts (or even as JSON text) went over the 250 MB budget (458 MB, then 278 MB)."""
    model = get_model(type_)
    index: list[tuple[str, int, int]] = []
    async for obj in iter_all(backend, type_, ALL):
        data = json.dumps(canonical(model, obj), ensure_ascii=False).encode("utf-8")
        index.append((str(obj["id"]), spool.tell(), len(data)))
        spool.write(data)
        progress.advance()
    index.sort()
    return index


async def export_json(
    backend: Backend,
    out: IO[str],
    types: Sequence[str] | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write the backup to ``out``; returns the number of objects per type."""
    progress = progress or NoProgress()
    names = list(types) if types else list(MODELS)
    for name in names:
        get_model(name)
    stamp = format_timestamp(now or datetime.now(UTC))
    out.write("{\n")
    out.write(f'  "format": "{FORMAT}",\n  "format_version": {FORMAT_VERSION},\n')
    out.write(f'  "exported_at": "{stamp}",\n  "data": {{\n')
    counts: dict[str, int] = {}
    progress.start("Exporting", None)
    try:
        for i, name in enumerate(names):
            with tempfile.TemporaryFile() as spool:
                index = await _spool_sorted(backend, name, progress, spool)
                counts[name] = len(index)
                out.write(f'    "{name}": [')
                for j, (_id, offset, length) in enumerate(index):
                    out.write("\n      " if j == 0 else ",\n      ")
                    spool.seek(offset)
                    out.write(spool.read(length).decode("utf-8"))
                out.write("\n    ]" if index else "]")
            out.write(",\n" if i < len(names) - 1 else "\n")
    finally:
        progress.finish()
    out.write("  }\n}\n")
    return counts


# ------------------------------------------------------------------ import


async def import_json(
    backend: Backend, raw: bytes | str | Path, progress: Progress | None = None
) -> ImportReport:
    """Import a backup: its bytes or text, or better the path of its file, which is
    then read in passes, never whole (json_restore.py)."""
    return await import_backup(backend, raw, progress)


def _mirror_pairs(rels: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Relationships to create (one per mirrored pair) and each mirror's partner id."""
    by_key: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = {}
    for r in rels:
        by_key.setdefault((r.get("parent_id"), r.get("target_id"), r.get("kind")), []).append(r)
    primaries: list[dict[str, Any]] = []
    mirror_of: dict[str, str] = {}
    taken: set[str] = set()
    for r in sorted(rels, key=lambda o: str(o["id"])):
        if r["id"] in taken:
            continue
        taken.add(r["id"])
        primaries.append(r)
        key = (r.get("target_id"), r.get("parent_id"), inverse_kind(r.get("kind")))
        for cand in by_key.get(key, []):
            if cand["id"] not in taken:
                taken.add(cand["id"])
                mirror_of[cand["id"]] = r["id"]
                break
    return primaries, mirror_of


async def import_with_new_ids(
    backend: Backend,
    data: dict[str, list[dict[str, Any]]],
    report: ImportReport,
    progress: Progress,
) -> None:
    """Through a server or a sync profile: new ids, refs remapped, resumable.

    The objects go through ``apply_writes`` (parents first, one relationship per
    mirrored pair: the other half is the hook's), which recognises what an earlier,
    killed run made. The fix-ups after it (mirrors' archive flags, a contact's
    ``last_contacted_at`` that logging its conversations moved) compare before writing,
    so they too can run again.
    """
    contact_ids = {str(c["id"]) for c in data.get("contact", [])}
    writes: list[Write] = []
    mirror_of: dict[str, str] = {}
    for name, model in MODELS.items():
        items = sorted(data.get(name, []), key=lambda o: str(o["id"]))
        if name == "relationship":
            items, mirror_of = _mirror_pairs(items)
        for obj in items:
            fields: dict[str, Any] = {}
            for f in model.fields:
                v = obj.get(f.name)
                if v is not None:
                    fields[f.name] = NewRef(str(v)) if f.ref and str(v) in contact_ids else v
            archived = bool(obj.get("is_archived"))
            writes.append(Write(name, fields, key=str(obj["id"]), archived=archived))
    ids = await apply_writes(backend, writes, progress, report, client_rules=False)
    rels = {str(r["id"]): r for r in data.get("relationship", [])}
    for mirror_id, primary_id in mirror_of.items():
        if primary_id not in ids:
            report.fail(f"relationship {mirror_id}", "its other half could not be written")
            continue
        primary = rels[primary_id]
        mirror_query = ListQuery(
            filters={
                "parent_id": [ids.get(str(primary["target_id"]), str(primary["target_id"]))],
                "target_id": [ids.get(str(primary["parent_id"]), str(primary["parent_id"]))],
                "is_archived": ["true", "false"],
            }
        )
        for m in (await backend.list("relationship", mirror_query)).items:
            if m["id"] == ids[primary_id] or str(m["id"]) in ids.values():
                continue
            ids[mirror_id] = str(m["id"])
            want = bool(rels[mirror_id].get("is_archived"))
            if bool(m.get("is_archived")) != want:
                await backend.set_archived("relationship", str(m["id"]), want)
                report.updated += 1
            elif primary_id in report.made:
                report.created += 1
                report.created_by_type["relationship"] += 1
            else:
                report.unchanged += 1
            break
    talked_to = {str(c.get("parent_id")) for c in data.get("conversation", [])}
    for c in data.get("contact", []):
        new_id = ids.get(str(c["id"]))
        if str(c["id"]) not in talked_to or new_id is None:
            continue  # only a conversation's bump can have moved last_contacted_at
        current = await backend.get("contact", new_id)
        if current.get("last_contacted_at") != c.get("last_contacted_at"):
            await backend.update(
                "contact", new_id, {"last_contacted_at": c.get("last_contacted_at")}
            )
    report.notes.append("this backend assigns its own ids and timestamps; refs were remapped")
