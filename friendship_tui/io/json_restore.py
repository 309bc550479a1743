"""Importing a JSON backup (written by json_io.export_json) in passes over the file.

Nothing holds the whole backup (a 100k book's is ~1.1M objects; loading it held 2.2 GB):

1. check: every object validated, ids unique (their hashes in 8-byte arrays, the
   rare duplicate hash resolved by one more pass), refs against the backup's contact
   ids and the book's; every problem is reported at once, before anything is written;
2. restore: the objects streamed again, parents first, into the store's bulk path, one
   transaction (all or nothing, a kill leaves the book as it was); an object whose id
   the book holds already (a re-run of the restore) is compared, reported and left
   alone, found by the store a chunk at a time.

A file whose contents change between the passes aborts the import (the bulk path's
transaction is rolled back), so what was checked is what is written.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator, Mapping
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from ..schema import MODELS, SchemaError, validate_create
from ..store.base import Backend, Obj, iter_all
from ..store.errors import NotFound
from .json_stream import Layout, Opener, opener, walk
from .matching import ALL, content_key
from .progress import NoProgress, Progress
from .report import ImportReport, RecordsRejected, RowProblem

if TYPE_CHECKING:
    from ..store.bulk import OnExisting

FORMAT = "friendship-tui-backup"
FORMAT_VERSION = 1
ORDER = list(MODELS)
REF_NAMES = {
    name: [f.name for f in m.ref_fields] for name, m in MODELS.items()
}  # once, not per object


def check_header(layout: Layout) -> None:
    """SchemaError for a file that is not a backup this program reads."""
    if not layout.has_data:
        raise SchemaError({"file": 'is not a friendship-tui backup (no "data" object)'})
    if layout.header.get("format") not in (None, FORMAT):
        raise SchemaError({"format": f"must be {FORMAT!r}"})
    version = layout.header.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise SchemaError(
            {"format_version": f"{version!r} is newer than this program reads ({FORMAT_VERSION})"}
        )
    if layout.errors:
        raise SchemaError(dict(layout.errors))


class Checked:
    """What the check pass learnt: counts per type and the file's type order."""

    def __init__(self) -> None:
        self.layout = Layout()
        self.counts: dict[str, int] = {}
        self.digest = ""


class IdHashes:
    """The hashes of a backup's ids, 8 bytes each, and which of them occur twice.

    Sorting one array of them made a Python int per id (~44 bytes with the list's
    pointer: the peak of a big restore grew by that per object). So they are kept in
    256 arrays by their low byte, and each is sorted on its own and let go: at most
    1/256 of the ids are ever Python ints at once."""

    BUCKETS = 256

    def __init__(self) -> None:
        self.buckets = [array("q") for _ in range(self.BUCKETS)]

    def add(self, value: str) -> None:
        h = hash(value)
        self.buckets[h & (self.BUCKETS - 1)].append(h)

    def twice(self) -> set[int]:
        """The hashes added more than once; the arrays are emptied on the way."""
        dups: set[int] = set()
        for k, bucket in enumerate(self.buckets):
            self.buckets[k] = array("q")
            ordered = sorted(bucket)
            del bucket
            dups.update(a for a, b in pairwise(ordered) if a == b)
        return dups


def _valid_id(oid: Any) -> TypeGuard[str]:
    return isinstance(oid, str) and 0 < len(oid) <= 64


def _twice(open_text: Opener, dup_hashes: set[int]) -> set[tuple[str, int]]:
    """(type, index) of every later occurrence of an id seen before in the file."""
    seen: set[str] = set()
    later: set[tuple[str, int]] = set()
    for name, i, obj in walk(open_text, Layout()):
        oid = obj.get("id") if isinstance(obj, dict) else None
        if _valid_id(oid) and hash(oid) in dup_hashes:
            if oid in seen:
                later.add((name, i))
            seen.add(oid)
    return later


async def _existing_contact_ids(backend: Backend, wanted: set[str]) -> set[str]:
    found: set[str] = set()
    for id_ in sorted(wanted)[:50]:
        try:
            await backend.get("contact", id_)
            found.add(id_)
        except NotFound:
            pass
    if len(wanted) > 50:
        async for c in iter_all(backend, "contact", ALL):
            if str(c["id"]) in wanted:
                found.add(str(c["id"]))
    return found


async def check_backup(backend: Backend, open_text: Opener) -> Checked:
    """Every problem of the backup at once (RecordsRejected), before anything is written."""
    checked = Checked()
    bad: dict[tuple[str, int], dict[str, str]] = {}
    hashes = IdHashes()
    contact_ids: set[str] = set()
    maybe_missing: dict[str, list[tuple[str, int, str]]] = {}
    for name, i, obj in walk(open_text, checked.layout):
        if not isinstance(obj, dict):
            checked.layout.errors[name] = "must be a list of objects"
            continue
        checked.counts[name] = checked.counts.get(name, 0) + 1
        model = MODELS[name]
        errs: dict[str, str] = {}
        oid = obj.get("id")
        if not _valid_id(oid):
            errs["id"] = "must be a string of 1 to 64 characters"
        else:
            hashes.add(oid)
            if name == "contact":
                contact_ids.add(oid)
        try:
            validate_create(model, obj)
        except SchemaError as exc:
            errs.update(exc.fields)
        for fname in REF_NAMES[name]:
            ref = obj.get(fname)
            if isinstance(ref, str) and ref not in contact_ids:
                maybe_missing.setdefault(ref, []).append((name, i, fname))
        if errs:
            bad[(name, i)] = errs
    check_header(checked.layout)
    dups = hashes.twice()
    del hashes
    if dups:
        for where in _twice(open_text, dups):
            errs = {"id": "appears twice in the backup"}
            errs.update({k: v for k, v in bad.get(where, {}).items() if k != "id"})
            bad[where] = errs
    problems = [RowProblem(i, errs, where=f"{name}[{i}]") for (name, i), errs in bad.items()]
    missing = {ref: places for ref, places in maybe_missing.items() if ref not in contact_ids}
    if missing:
        found = await _existing_contact_ids(backend, set(missing))
        for ref, places in missing.items():
            if ref in found:
                continue
            for name, i, fname in places:
                problems.append(
                    RowProblem(
                        i,
                        {fname: f"no contact {ref!r} in the backup or the book"},
                        where=f"{name}[{i}]",
                    )
                )
    if problems:
        problems.sort(key=lambda p: (ORDER.index(p.where.split("[")[0]), p.line))
        raise RecordsRejected(problems, what="objects")
    return checked


def _in_order(open_text: Opener, checked: Checked) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """The objects parents first: one pass when the file has its types in schema order
    (as export writes it), else one pass per type."""
    present = [n for n in checked.layout.order if n in MODELS]
    if present == sorted(present, key=ORDER.index):
        yield from walk(open_text, Layout())
        return
    for name in ORDER:
        if checked.counts.get(name):
            yield from walk(open_text, Layout(), only=name)


def _held_reporter(report: ImportReport) -> OnExisting:
    """What the store's bulk path calls for an object whose id the book holds already
    (a re-run of the restore): unchanged when equal, failed when it differs; the object
    is left as it is. The book's ids are never gathered here: the store finds them a
    chunk at a time (a 100k book's ~1M ids held ~100 MB)."""

    def held(name: str, index: int, have: Obj, obj: Mapping[str, Any]) -> None:
        model = MODELS[name]
        if content_key(model, have) == content_key(model, obj):
            report.unchanged += 1
        else:
            report.fail(
                f"{name}[{index}]", f"the book holds {obj['id']} with other content; left as it is"
            )

    return held


def file_digest(open_text: Opener) -> str:
    """A hash of the file's text, to tell that it did not change between the passes."""
    h = hashlib.blake2b(digest_size=16)
    with open_text() as stream:
        while chunk := stream.read(1 << 20):
            h.update(chunk.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


async def _restore_local(
    backend: Backend,
    open_text: Opener,
    checked: Checked,
    report: ImportReport,
    progress: Progress,
) -> None:
    """One transaction, ids kept; objects whose id the book holds are left as they are."""
    total = sum(checked.counts.values())
    if total <= 0:
        return

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        for name, _i, obj in _in_order(open_text, checked):
            yield name, obj
            progress.advance()
        if checked.digest and file_digest(open_text) != checked.digest:
            # raised inside the bulk path's transaction: nothing is written
            raise SchemaError({"file": "changed while it was being imported; import it again"})

    progress.start("Restoring", total)
    try:
        result = await backend.bulk_import(
            rows(), keep_ids=True, run_hooks=False, on_existing=_held_reporter(report)
        )
    finally:
        progress.finish()
    report.created_by_type.update(result.counts)
    report.created = sum(result.counts.values())


def load_all(open_text: Opener) -> dict[str, list[dict[str, Any]]]:
    """Every object, by type: for backends that take objects one by one (a server),
    where the id map and pairing need them all anyway."""
    data: dict[str, list[dict[str, Any]]] = {}
    for name, _i, obj in walk(open_text, Layout()):
        data.setdefault(name, []).append(obj)
    return data


async def import_backup(
    backend: Backend,
    source: bytes | str | Path,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the backup at ``source`` (its bytes or text, or the path of the file)."""
    from .json_io import import_with_new_ids

    progress = progress or NoProgress()
    open_text = opener(source)
    digest = file_digest(open_text) if isinstance(source, Path) else ""
    checked = await check_backup(backend, open_text)
    checked.digest = digest
    report = ImportReport(type="backup")
    if backend.capabilities.bulk_import:  # a book here: one transaction, ids kept
        await _restore_local(backend, open_text, checked, report, progress)
        return report
    await import_with_new_ids(backend, load_all(open_text), report, progress)
    return report
