"""``friendship import --from monica``: a Monica dump -> writes on any backend, + report.

Re-running updates what an earlier run made instead of duplicating it: contacts are
matched on the reserved custom field ``Monica id``; their children on Monica's ids kept
on each contact (``child_marks``), so an unchanged note is left alone and one edited in
Monica is updated. Journal entries (no contact to keep ids on) and relationships are
recognised by content only (``io.matching``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ...domain.reserved_fields import FIRST_MET_THROUGH, MONICA_CHILDREN, MONICA_ID, reserved_for
from ...schema.dates import parse_timestamp
from ...store.base import Backend, iter_all
from ...store.errors import BackendError
from ..matching import ALL
from ..progress import NoProgress, Progress
from ..report import ImportReport
from ..writes import NewRef, Write, apply_writes
from .child_marks import ChildMarks
from .children import ACCOUNT_MAPPERS, PER_CONTACT_MAPPERS, journal, unread
from .client import DUMP_FORMAT
from .contacts import MappedContact, full_name, map_contact
from .values import relationship_kind

Ref = str | NewRef


class NotADump(ValueError):
    """The file is not a saved Monica dump."""


def check_dump(dump: Any) -> dict[str, Any]:
    if not isinstance(dump, dict) or dump.get("format") != DUMP_FORMAT:
        raise NotADump(f"not a {DUMP_FORMAT} file (made by `import --from monica --save FILE`)")
    if not isinstance(dump.get("contacts"), list):
        raise NotADump(f"{DUMP_FORMAT}: 'contacts' must be a list")
    return dump


def _embedded(c: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(Monica type name, other contact) of the relationships embedded in a contact."""
    out: list[tuple[str, dict[str, Any]]] = []
    groups = ((c.get("information") or {}).get("relationships")) or {}
    for group in groups.values() if isinstance(groups, dict) else ():
        for item in (group or {}).get("contacts") or []:
            other = item.get("contact")
            if isinstance(other, dict) and other.get("id") is not None:
                out.append((str((item.get("relationship") or {}).get("name") or ""), other))
    return out


def _all_contacts(dump: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every person: the listed contacts, then partial ones seen only inside others."""
    people = {str(c["id"]): c for c in dump["contacts"] if c.get("id") is not None}
    found: list[dict[str, Any]] = []
    for c in dump["contacts"]:
        found += [other for _, other in _embedded(c)]
        met = ((c.get("information") or {}).get("how_you_met") or {}).get(
            "first_met_through_contact"
        )
        if isinstance(met, dict) and met.get("id") is not None:
            found.append(met)
    for lists in (dump.get("per_contact") or {}).values():
        for r in lists.get("relationships") or []:
            found += [x for x in (r.get("contact_is"), r.get("of_contact")) if isinstance(x, dict)]
    for other in found:
        if other.get("id") is not None and str(other["id"]) not in people:
            people[str(other["id"])] = other
    return people


def _pairs(dump: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(of contact, the other, what the other is to them), one per pair of people."""
    raw: list[tuple[str, str, str]] = []
    for c in dump["contacts"]:
        raw += [(str(c["id"]), str(o["id"]), name) for name, o in _embedded(c)]
    for lists in (dump.get("per_contact") or {}).values():
        for r in lists.get("relationships") or []:
            is_, of = r.get("contact_is") or {}, r.get("of_contact") or {}
            name = str((r.get("relationship_type") or {}).get("name") or "")
            if is_.get("id") is not None and of.get("id") is not None:
                raw.append((str(of["id"]), str(is_["id"]), name))
    seen: set[frozenset[str]] = set()
    out: list[tuple[str, str, str]] = []
    for of, other, name in sorted(raw, key=lambda t: (int(t[0]) if t[0].isdigit() else 0, t)):
        pair = frozenset((of, other))
        if of != other and pair not in seen:
            seen.add(pair)
            out.append((of, other, name))
    return out


class Plan:
    """The writes of one import, built against what the book already holds."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.writes: list[Write] = []
        self.refs: dict[str, Ref] = {}
        self.names: dict[str, str] = {}
        self.by_monica: dict[str, str] = {}  # Monica id -> our contact id
        self.reserved: dict[str, dict[str, dict[str, Any]]] = {}  # our id -> label -> cf
        self.current: dict[str, dict[str, Any]] = {}
        self.moved: Counter[str] = Counter()
        self.can_archive = True
        self.marks = ChildMarks()

    async def load(self, backend: Backend) -> None:
        self.can_archive = await _can_archive(backend)
        async for cf in iter_all(backend, "custom_field"):
            r = reserved_for(cf.get("label"))
            if r is None:
                continue
            cid = str(cf.get("parent_id"))
            if r is MONICA_CHILDREN:
                self.marks.see(cf)
                continue
            self.reserved.setdefault(cid, {})[r.label] = cf
            if r is MONICA_ID and cf.get("value"):
                self.by_monica[str(cf["value"]).strip()] = cid
        async for c in iter_all(backend, "contact", ALL):
            self.current[str(c["id"])] = c
        await self.marks.load(backend)

    def contact(self, m: MappedContact) -> None:
        self.names[m.monica_id] = m.name
        ours = self.by_monica.get(m.monica_id)
        cur = self.current.get(ours or "")
        if ours is None or cur is None:
            key = f"contact {m.monica_id} ({m.name})"
            self.writes.append(Write("contact", m.data, key=key, archived=self._hide(m)))
            self.refs[m.monica_id] = NewRef(key)
            return
        data = {k: v for k, v in m.data.items() if v is not None}
        last, now = data.get("last_contacted_at"), cur.get("last_contacted_at")
        if last and now:
            a, b = parse_timestamp(str(last)), parse_timestamp(str(now))
            if a is None or b is None or a <= b:
                data.pop("last_contacted_at")
        self.writes.append(Write("contact", data, id=ours, current=cur))  # a promoted one stays
        self.refs[m.monica_id] = ours

    def _hide(self, m: MappedContact) -> bool:
        """A partial contact is also archived where the backend can archive: that keeps
        it out of the default list and search on every such backend (the reserved field
        stays the truth, e.g. through a server without archiving)."""
        return self.can_archive and m.partial

    def custom(self, mid: str, label: str, kind: str, value: Ref | None, pos: int) -> None:
        parent = self.refs[mid]
        r = reserved_for(label)
        have = self.reserved.get(parent, {}) if isinstance(parent, str) else {}
        if r is not None and r.label in have:
            cf = have[r.label]
            self.writes.append(
                Write("custom_field", {"value": value}, id=str(cf["id"]), current=cf)
            )
            return
        data: dict[str, Any] = {"parent_id": parent, "label": label, "kind": kind, "value": value}
        if r is None:
            data["position"] = pos
        self.writes.append(Write("custom_field", data))

    def child(
        self,
        mid: str,
        where: str,
        mapped: tuple[str, dict[str, Any]] | str,
        kind: str = "",
        item: dict[str, Any] | None = None,
    ) -> None:
        for key in unread(kind, item or {}):
            self.report.unmapped[f"{kind}.{key} ({self.names[mid]})"] += 1
        if isinstance(mapped, str):
            self.report.skipped.append(_skip(where, mapped))
            return
        type_, data = mapped
        clean = {k: v for k, v in data.items() if v is not None}
        monica_id = (item or {}).get("id")
        if monica_id is not None:
            key = f"{kind}:{monica_id}"
            verdict, obj = self.marks.decide(mid, self.refs[mid], key, type_, data)
            if verdict == "same":
                self.report.unchanged += 1
                return
            if verdict == "update" and obj is not None:
                self.writes.append(Write(type_, data, id=str(obj["id"]), current=obj))
                return
            if verdict == "again":
                self.report.notes.append(f"{where}: edited in Monica, not found here: added")
        self.writes.append(Write(type_, {"parent_id": self.refs[mid], **clean}))


async def _can_archive(backend: Backend) -> bool:
    """Whether archiving reaches the book's server too (a sync profile asks its remote:
    a server without archiving would refuse every archive the copy queued)."""
    try:
        caps = await backend.server_capabilities()
    except BackendError:  # offline: what the backend itself claims
        caps = backend.capabilities
    return bool(caps.archive)


def _skip(where: str, reason: str) -> Any:
    from ..report import Skipped

    return Skipped(where, reason)


async def import_monica(
    backend: Backend, dump: Any, progress: Progress | None = None
) -> ImportReport:
    """Import a dump (``client.fetch_dump`` or a saved file) into ``backend``."""
    dump = check_dump(dump)
    report = ImportReport(type="from Monica")
    plan = Plan(report)
    await plan.load(backend)
    people = _all_contacts(dump)
    addresses: dict[str, list[dict[str, Any]]] = {}
    account = dump.get("account") or {}
    for a in account.get("addresses") or []:
        owner = str((a.get("contact") or {}).get("id"))
        addresses.setdefault(owner, []).append(a)
    mapped = {mid: map_contact(c, addresses.get(mid, [])) for mid, c in people.items()}
    for m in mapped.values():
        plan.contact(m)
    for mid, m in mapped.items():
        for pos, (label, kind, value) in enumerate(m.extra):
            plan.custom(mid, label, kind, value, pos)
        if m.introducer is not None:
            if m.introducer in plan.refs:
                intro = plan.refs[m.introducer]
                plan.custom(mid, FIRST_MET_THROUGH.label, FIRST_MET_THROUGH.kind, intro, 0)
            else:
                report.skipped.append(_skip(f"{m.name}: first met through", "unknown contact"))
        for field in m.unmapped:
            report.unmapped[f"{field} ({m.name})"] += 1
        report.notes += [f"{m.name}: {n}" for n in m.notes]
    for mid, lists in (dump.get("per_contact") or {}).items():
        if mid not in plan.refs:
            continue
        for kind, mapper in PER_CONTACT_MAPPERS.items():
            for item in lists.get(kind) or []:
                where = f"{plan.names[mid]}: {kind} {item.get('id')}"
                plan.child(mid, where, mapper(item), kind, item)
    for of, other, name in _pairs(dump):
        if of not in plan.refs or other not in plan.refs:
            report.skipped.append(_skip(f"relationship {name}", "a contact is not in the export"))
            continue
        kind = relationship_kind(name)
        data = {"parent_id": plan.refs[of], "target_id": plan.refs[other], "kind": kind}
        if kind in ("other", "relative") and name:
            data["label"] = name[:120]
        plan.writes.append(Write("relationship", data))
    _account_lists(plan, account, report)
    for entry in account.get("journal") or []:
        for key in unread("journal", entry):
            report.unmapped[f"journal.{key} (entry {entry.get('id')})"] += 1
        made = journal(entry)
        if isinstance(made, str):
            report.skipped.append(_skip(f"journal {entry.get('id')}", made))
            continue
        plan.writes.append(Write(made[0], {k: v for k, v in made[1].items() if v is not None}))
    plan.writes += plan.marks.writes()
    for kind in dump.get("missing") or []:
        report.skipped.append(_skip(f"Monica {kind}", "this Monica has no such list"))
    await apply_writes(backend, plan.writes, progress or NoProgress(), report)
    return report


def _account_lists(plan: Plan, account: Mapping[str, Any], report: ImportReport) -> None:
    placed = {"debts": "notes", "tasks": "reminders (completed kept)", "lifeevents": ""}
    for kind, mapper in ACCOUNT_MAPPERS.items():
        items = account.get(kind) or []
        for item in items:
            mid = str((item.get("contact") or {}).get("id"))
            where = f"{kind} {item.get('id')}"
            if mid not in plan.refs:
                report.skipped.append(_skip(where, "it belongs to no contact of the export"))
                continue
            plan.child(mid, f"{plan.names[mid]}: {where}", mapper(item), kind, item)
        if items and placed[kind]:
            report.notes.append(f"{len(items)} Monica {kind} became {placed[kind]}")


def contact_name(c: Mapping[str, Any]) -> str:
    return full_name(dict(c))
