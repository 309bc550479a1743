"""CSV: one type per file, the header is the field names.

Export is safe to open in a spreadsheet: a cell that starts with ``= + - @``, a tab or a
carriage return (after any leading apostrophes) gets one ``'`` in front, so it is never
read as a formula (OWASP "CSV injection"); import strips exactly that apostrophe again,
so export -> import gives the original text back. Numbers are written bare.

Import checks every row (schema rules and that referenced contacts exist) before it
writes anything, and reports every bad row with its line number and field; then all rows
are written in one transaction on a local book (or a sync profile's local copy; through a
remote profile one by one, resumable: see ``writes.py``). A row equal to an object the
book holds (an earlier run of the same import) is unchanged, not made twice. ``upsert``
(``unique=``) matches rows to existing objects by those fields (strings compared trimmed
and case-insensitively) and updates them instead of creating new ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ..schema import (
    SERVER_FIELDS,
    ListQuery,
    Model,
    SchemaError,
    coerce_text,
    get_model,
    validate_create,
    validate_patch,
)
from ..store.base import Backend, Obj, iter_all
from ..store.errors import NotFound
from .progress import NoProgress, Progress
from .report import ImportReport, RecordsRejected, RowProblem
from .writes import Write, apply_writes

FORMULA_STARTS = frozenset("=+-@\t\r")
EXPORT_SERVER_COLUMNS = ("created_at", "updated_at", "is_archived")


# ------------------------------------------------------------------ export


def escape_cell(text: str) -> str:
    """Prefix ``'`` when a spreadsheet would read the text as a formula."""
    if text.lstrip("'")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell``: drop the one apostrophe it added, nothing else."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_STARTS:
        return text[1:]
    return text


def export_columns(model: Model) -> list[str]:
    return ["id", *(f.name for f in model.fields), *EXPORT_SERVER_COLUMNS]


def format_cell(model: Model, column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)  # a bare number is never a formula
    if isinstance(value, list):
        return escape_cell(", ".join(str(v) for v in value))
    return escape_cell(str(value))


async def export_csv(
    backend: Backend, type_: str, out: IO[str], progress: Progress | None = None
) -> int:
    """Every object of ``type_`` (archived ones included), oldest first."""
    model = get_model(type_)
    progress = progress or NoProgress()
    progress.start(f"Exporting {model.title.lower()}", None)
    columns = export_columns(model)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    try:
        async for obj in iter_all(backend, type_, all_objects_query()):
            writer.writerow([format_cell(model, c, obj.get(c)) for c in columns])
            n += 1
            progress.advance()
    finally:
        progress.finish()
    return n


def all_objects_query() -> ListQuery:
    """Archived and not: export must not depend on a backend's default archive filter."""
    return ListQuery(filters={"is_archived": ["true", "false"]})


# ------------------------------------------------------------------ import


@dataclass(slots=True)
class CsvRow:
    line: int  # the file line the row starts on (the header is line 1)
    cells: dict[str, str]


def read_rows(text: str, model: Model) -> tuple[list[str], list[CsvRow]]:
    """Header and rows; unknown columns are a line-1 problem (a typo must not lose data)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise RecordsRejected([RowProblem(1, {"header": "the file is empty"})]) from None
    names = [h.strip() for h in header]
    known = {f.name for f in model.fields} | set(SERVER_FIELDS)
    unknown = [n for n in names if n and n not in known]
    if unknown:
        raise RecordsRejected(
            [
                RowProblem(
                    1,
                    {n: f"is not a field of {model.name}" for n in unknown}
                    | {
                        "header": "columns must be field names: "
                        + ", ".join(f.name for f in model.fields)
                    },
                )
            ]
        )
    dupes = sorted({n for n in names if n and names.count(n) > 1})
    if dupes:
        raise RecordsRejected([RowProblem(1, {n: "column appears twice" for n in dupes})])
    rows: list[CsvRow] = []
    start = reader.line_num + 1
    for record in reader:
        line = start
        start = reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        cells: dict[str, str] = {}
        for i, name in enumerate(names):
            if name:
                cells[name] = unescape_cell(record[i]) if i < len(record) else ""
        if len(record) > len(names) and any(c.strip() for c in record[len(names) :]):
            cells["\0extra"] = "x"
        rows.append(CsvRow(line, cells))
    return names, rows


def row_body(model: Model, cells: Mapping[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for f in model.fields:
        if f.name in cells:
            body[f.name] = coerce_text(f, cells[f.name])
    return body


def match_key(values: Sequence[Any]) -> tuple[Any, ...]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, str):
            out.append(" ".join(v.split()).casefold())
        elif isinstance(v, list):
            out.append(tuple(sorted(str(x).casefold() for x in v)))
        elif isinstance(v, float) and v.is_integer():
            out.append(int(v))
        else:
            out.append(v)
    return tuple(out)


async def check_refs(
    backend: Backend, model: Model, bodies: Sequence[tuple[int, dict[str, Any]]]
) -> dict[int, dict[str, str]]:
    """Per line, the ref fields naming a contact that does not exist."""
    wanted: set[str] = set()
    for _line, body in bodies:
        for f in model.ref_fields:
            if body.get(f.name):
                wanted.add(str(body[f.name]))
    existing: set[str] = set()
    if len(wanted) > 50:
        async for c in iter_all(backend, "contact", all_objects_query()):
            existing.add(str(c["id"]))
    else:
        for id_ in wanted:
            try:
                await backend.get("contact", id_)
                existing.add(id_)
            except NotFound:
                pass
    problems: dict[int, dict[str, str]] = {}
    for line, body in bodies:
        for f in model.ref_fields:
            v = body.get(f.name)
            if v and str(v) not in existing:
                problems.setdefault(line, {})[f.name] = f"no {f.ref} with id {v!r}"
    return problems


async def plan_csv_import(
    backend: Backend,
    type_: str,
    text: str,
    unique: Sequence[str] = (),
) -> list[Write]:
    """Validate every row and decide create vs update; RecordsRejected lists every bad row."""
    model = get_model(type_)
    names, rows = read_rows(text, model)
    present = set(names)
    if unique:
        bad = {
            k: ("is not a field of " + model.name)
            if not (k == "id" or model.has_field(k))
            else "is not a column of the file"
            for k in unique
            if not (k == "id" or model.has_field(k)) or k not in present
        }
        if bad:
            raise SchemaError({f"unique {k}": v for k, v in bad.items()})
    existing: dict[tuple[Any, ...], list[Obj]] = {}
    if unique:
        async for obj in iter_all(backend, type_, all_objects_query()):
            existing.setdefault(match_key([obj.get(k) for k in unique]), []).append(obj)

    problems: dict[int, dict[str, str]] = {}
    writes: list[tuple[int, Write]] = []
    seen_keys: dict[tuple[Any, ...], int] = {}
    for row in rows:
        errs: dict[str, str] = {}
        if "\0extra" in row.cells:
            errs["row"] = "has more cells than the header has columns"
        body = row_body(model, row.cells)
        target: Obj | None = None
        if unique:
            raw_key = [
                row.cells.get("id", "").strip() or None if k == "id" else body.get(k)
                for k in unique
            ]
            key = match_key(raw_key)
            if any(v is None for v in raw_key):
                errs.update(
                    {
                        k: "is needed to match (--unique)"
                        for k, v in zip(unique, raw_key, strict=True)
                        if v is None
                    }
                )
            elif key in seen_keys:
                errs[",".join(unique)] = f"same value as line {seen_keys[key]}"
            else:
                seen_keys[key] = row.line
                matches = existing.get(key, [])
                if len(matches) > 1:
                    ids = ", ".join(str(m["id"]) for m in matches[:5])
                    errs[",".join(unique)] = f"matches {len(matches)} existing objects ({ids})"
                elif matches:
                    target = matches[0]
        try:
            if target is not None:
                data = validate_patch(model, body, current=target)
                if not errs:
                    w = Write(type_, data, id=str(target["id"]), current=target)
                    writes.append((row.line, w))
            else:
                data = validate_create(model, {k: v for k, v in body.items() if v is not None})
                if not errs:
                    writes.append((row.line, Write(type_, data)))
        except SchemaError as exc:
            errs.update(exc.fields)
        if errs:
            problems[row.line] = errs
    creates = [(line, w.data) for line, w in writes if w.id is None]
    for line, errs in (await check_refs(backend, model, creates)).items():
        problems.setdefault(line, {}).update(errs)
    if problems:
        raise RecordsRejected([RowProblem(line, problems[line]) for line in sorted(problems)])
    return [w for _line, w in writes]


async def import_csv(
    backend: Backend,
    type_: str,
    text: str,
    unique: Sequence[str] = (),
    progress: Progress | None = None,
) -> ImportReport:
    """Import (or with ``unique``, upsert) a CSV of one type. Every row is checked before
    anything is written; then all rows or none on a local book (see ``writes.py`` for the
    others). Rows already in the book (a re-run) count as unchanged, never twice."""
    writes = await plan_csv_import(backend, type_, text, unique)
    report = ImportReport(type=type_)
    await apply_writes(backend, writes, progress, report)
    return report
