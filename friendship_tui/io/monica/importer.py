"""``friendship import --from monica``: a Monica dump -> writes on any backend, + report.

Re-running updates what an earlier run made instead of duplicating it: contacts are
matched on the reserved custom field ``Monica id``; their children, relationships and
the journal on Monica's ids kept on the contacts (``child_marks``), so an unchanged note
is left alone and one edited in Monica is updated (a relationship's mirror with it).
What has no entry yet is recognised by content (``io.matching``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ...domain.relationships import inverse_kind
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
        made = {"parent_id": self.refs[mid], **clean}
        if monica_id is None:
            self.writes.append(Write(type_, made))
            return
        self.settle(mid, where, f"{kind}:{monica_id}", (type_, data), made)

    def settle(
        self,
        mid: str,
        where: str,
        key: str,
        mapped: tuple[str, dict[str, Any]],
        made: dict[str, Any],
        target: Ref | None = None,
    ) -> list[Write]:
        """One Monica object with an id: left alone, updated or created (``made``) as
        the entries of ``mid`` say; returns the update written, if any."""
        type_, data = mapped
        verdict, obj = self.marks.decide(mid, self.refs[mid], key, type_, data, target)
        if verdict == "same":
            self.report.unchanged += 1
            return []
        if verdict == "update" and obj is not None:
            patch = {k: v for k, v in data.items() if k not in ("parent_id", "target_id")}
            self.writes.append(Write(type_, patch, id=str(obj["id"]), current=obj))
            return [self.writes[-1]]
        if verdict == "again":
            self.report.notes.append(f"{where}: edited in Monica, not found here: added")
        self.writes.append(Write(type_, made))
        return []

    def relationship(self, of: str, other: str, name: str) -> None:
        """One pair of people, written under ``of``; a type changed in Monica updates
        the relationship and its mirror (a documented server mirrors only creates)."""
        kind = relationship_kind(name)
        label = name[:120] if kind in ("other", "relative") and name else None
        data = {"parent_id": self.refs[of], "target_id": self.refs[other], "kind": kind,
                "label": label}  # fmt: skip
        pair = "-".join(sorted((of, other), key=lambda m: (len(m), m)))
        where = f"relationship {self.names[of]} / {self.names[other]}"
        made = {k: v for k, v in data.items() if v is not None}
        key = f"relationships:{pair}"
        for w in self.settle(of, where, key, ("relationship", data), made, self.refs[other]):
            mirror = self.marks.mirror_of(w.current or {})
            if mirror is not None:
                patch = {"kind": inverse_kind(kind), "label": data["label"]}
                self.writes.append(Write("relationship", patch, id=str(mirror["id"]),
                                         current=mirror, counted=False))  # fmt: skip

    def journal_keeper(self, dump: Mapping[str, Any]) -> str | None:
        """The Monica contact whose entries keep the journal's ids: the one holding them
        already, else the first contact of the dump (None: no contact at all)."""
        holder = self.marks.journal_holder()
        for mid, ref in self.refs.items():
            if holder is not None and ref == holder:
                return mid
        for c in dump["contacts"]:
            if str(c.get("id")) in self.refs:
                return str(c.get("id"))
        return None


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
        plan.relationship(of, other, name)
    _account_lists(plan, account, report)
    _journal(plan, dump, account.get("journal") or [])
    plan.writes += plan.marks.writes()
    for kind in dump.get("missing") or []:
        report.skipped.append(_skip(f"Monica {kind}", "this Monica has no such list"))
    await apply_writes(backend, plan.writes, progress or NoProgress(), report)
    return report


def _journal(plan: Plan, dump: Mapping[str, Any], entries: list[dict[str, Any]]) -> None:
    """Journal entries: matched on Monica's ids kept in one contact's entries (they
    have no contact of their own, and nothing of Monica's shows in the entry)."""
    keeper = plan.journal_keeper(dump) if entries else None
    for entry in entries:
        for key in unread("journal", entry):
            plan.report.unmapped[f"journal.{key} (entry {entry.get('id')})"] += 1
        mapped = journal(entry)
        if isinstance(mapped, str):
            plan.report.skipped.append(_skip(f"journal {entry.get('id')}", mapped))
            continue
        made = {k: v for k, v in mapped[1].items() if v is not None}
        if keeper is None or entry.get("id") is None:
            plan.writes.append(Write(mapped[0], made))
            continue
        plan.settle(keeper, f"journal {entry['id']}", f"journal:{entry['id']}", mapped, made)


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
