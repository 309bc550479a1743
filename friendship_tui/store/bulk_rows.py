"""A bulk import's new table rows, made by one generated function per model.

Each row of an import used to be validated into a dict of its fields, copied over a
template of the server values, given its kept id, times and archive flag, then its
derived columns: four dicts and a loop over fields per row. Here the model's create
checks (schema/compiled.py's ``check_lines``, generated from the declarations) are
compiled into one function together with the row they fill: the checked values go
straight into the row's dict display, the chunk's owner and time are bound once
(``RowMaker``), and a derived column whose inputs are all unset takes the value the
chunk computed once for such a row. A body the fast checks do not take goes the
whole old way (``_slow_row``): the full validator (errors name the field), the
template, the kept values, the derived columns. So both give the same row
(tests/store/test_bulk_rows.py compares them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from ..schema import Model, parse_timestamp
from ..schema.compiled import build, check_lines
from ..schema.dates import format_timestamp
from ..schema.validation import create_validator
from .base import Obj
from .columns import has_server_status
from .tables import ID_LENGTH, Derived

# Told the chunk's owner and time: makes the rows of that chunk
RowMaker = Callable[[str, str], Callable[[Mapping[str, Any]], Obj]]
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_MAKERS: dict[tuple[str, bool, tuple[str, ...]], tuple[Model, RowMaker]] = {}


def kept_timestamp(value: Any) -> str | None:
    """A kept created_at / updated_at in the wire format; None when it is not a time.
    One written the way this program writes them is already that format (a restore's
    ~2M timestamps): checked, not reparsed and reformatted."""
    if value is None:
        return None
    if type(value) is str and _STAMP.fullmatch(value):
        try:
            datetime.fromisoformat(value[:-1])
        except ValueError:
            return None
        return value
    ts = parse_timestamp(str(value or ""))
    return None if ts is None else format_timestamp(ts)


def server_values(model: Model, owner: str, now: str) -> Obj:
    """The server-managed columns of a new row, its id left None for the caller (a
    chunk's ids are made together)."""
    row: Obj = {
        "id": None,
        "owned_by": owner,
        "created_at": now,
        "updated_at": now,
        "is_archived": False,
    }
    if has_server_status(model):
        row["status"] = "active"
    return row


def keep_server_values(row: Obj, raw: Mapping[str, Any]) -> None:
    """A kept import's id, times and archive flag from ``raw``, written over ``row``'s."""
    rid = raw.get("id")
    if isinstance(rid, str) and 0 < len(rid) <= ID_LENGTH:
        row["id"] = rid
    for key in ("created_at", "updated_at"):
        value = raw.get(key)
        if value is not None and (ts := kept_timestamp(value)) is not None:
            row[key] = ts
    archived = raw.get("is_archived")
    if archived is True or archived is False:
        row["is_archived"] = archived


def _slow_row(
    model: Model,
    keep_ids: bool,
    derived: tuple[Derived, ...],
    owner: str,
    now: str,
    raw: Mapping[str, Any],
) -> Obj:
    """The row the long way: full validation (raises SchemaError naming each bad field),
    server values, every field, the kept values, the derived columns."""
    clean = create_validator(model)(raw)
    row = server_values(model, owner, now)
    row.update(dict.fromkeys(f.name for f in model.fields))
    row.update(clean)
    if keep_ids:
        keep_server_values(row, raw)
    for d in derived:
        row[d.column] = d.compute(row)
    return row


def _source(
    model: Model, keep_ids: bool, derived: tuple[Derived, ...]
) -> tuple[str, dict[str, Any]]:
    src, local = check_lines(model, "return slow(body)", None)
    lines = [
        "def factory(owner, now, slow, unset):",
        "    def make(body):",
        "        if body.__class__ is not dict:",
        "            return slow(body)",
        "        get = body.get",
        *("    " + line for line in src.lines),
    ]
    server = server_values(model, "owner", "now")
    values = {k: repr(v) for k, v in server.items()}
    values.update(owned_by="owner", created_at="now", updated_at="now")
    if keep_ids:
        lines += [
            "        rid = get('id')",
            f"        if isinstance(rid, str) and 0 < len(rid) <= {ID_LENGTH}:",
            "            pass",
            "        else:",
            "            rid = None",
            "        archived = get('is_archived')",
            "        if archived is not True and archived is not False:",
            "            archived = False",
        ]
        values.update(id="rid", is_archived="archived")
        for key in ("created_at", "updated_at"):
            lines += [
                f"        {key} = get({key!r})",
                f"        if {key} is None or ({key} := kept({key})) is None:",
                f"            {key} = now",
            ]
            values[key] = key
    for f in model.fields:
        values[f.name] = local.get(f.name, "None")
    lines.append("        row = {" + ", ".join(f"{k!r}: {v}" for k, v in values.items()) + "}")
    for i, d in enumerate(derived):
        inputs = [local[name] for name in d.depends_on if name in local]
        unset = " and ".join(f"{v} is None" for v in inputs) or "True"
        if not all(model.has_field(name) for name in d.depends_on):
            unset = "False"  # an input that is no field: no shortcut
        # the inputs' values as the row holds them: a field's is its local
        args = ", ".join(local.get(name, f"row.get({name!r})") for name in d.depends_on)
        lines += [
            f"        if {unset}:",
            f"            row[{d.column!r}] = unset[{i}]",
            "        else:",
            f"            row[{d.column!r}] = derive_{i}({args})",
        ]
    lines += ["        return row", "    return make"]
    names = {**src.names, "kept": kept_timestamp, "isinstance": isinstance}
    names.update({f"derive_{i}": d.values_fn() for i, d in enumerate(derived)})
    return "\n".join(lines), names


def row_maker(model: Model, keep_ids: bool, derived: tuple[Derived, ...]) -> RowMaker:
    """The model's row maker (compiled once, then cached): told a chunk's owner and
    time, it gives the function making that chunk's rows from their bodies."""
    key = (model.name, keep_ids, tuple(d.column for d in derived))
    hit = _MAKERS.get(key)
    if hit is None or hit[0] is not model:
        text, names = _source(model, keep_ids, derived)
        factory = build(text, names, f"bulk rows of {model.name}", "factory")

        def chunk_maker(owner: str, now: str) -> Callable[[Mapping[str, Any]], Obj]:
            # a derived column of a row whose inputs are all unset: one value a chunk
            unset = tuple(d.compute(dict.fromkeys(d.depends_on)) for d in derived)
            slow = partial(_slow_row, model, keep_ids, derived, owner, now)
            return factory(owner, now, slow, unset)

        hit = _MAKERS[key] = (model, chunk_maker)
    return hit[1]
