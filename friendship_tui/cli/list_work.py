"""``friendship <type> list``'s work, without click: the query, the read, the output.

The click command (``data_commands.py``) and the quick path (``quick.py``, which
answers ``friendship contact list`` without importing click) both call
``list_objects``, so the two cannot print different things.
"""

from __future__ import annotations

import sys

from ..domain.clock import local_times, stamp_keys
from ..opening.options import GlobalOptions
from ..schema import ListQuery, Model, SchemaError, check_query
from ..store.base import Backend, Obj, iter_all
from .output import dump_json, dump_ndjson_line, run_with_backend, table_columns, write_table


def parse_filters(model: Model, pairs: tuple[str, ...]) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            errors[pair] = "filter must look like key=value"
            continue
        filters.setdefault(key.strip(), []).append(value)
    if errors:
        raise SchemaError(errors)
    return filters


async def collect(backend: Backend, type_: str, query: ListQuery, limit: int | None) -> list[Obj]:
    out: list[Obj] = []
    page_size = 200 if limit is None else max(1, min(limit, 200))
    async for obj in iter_all(backend, type_, query, page_size=page_size):
        out.append(obj)
        if limit is not None and len(out) >= limit:
            break
    return out


def list_objects(
    options: GlobalOptions,
    model: Model,
    *,
    wanted: int | None,
    filters: tuple[str, ...] = (),
    sort: str | None = None,
    text: str | None = None,
    columns: str | None = None,
    as_json: bool = False,
    ndjson: bool = False,
) -> None:
    """Print ``wanted`` objects of ``model`` (None: every one) as a table, JSON or NDJSON."""
    # The documented default sort, not the store's paging order (creation order).
    query = ListQuery(
        filters=parse_filters(model, filters), sort=sort or model.default_sort, q=text
    )
    cols = [c.strip() for c in columns.split(",") if c.strip()] if columns else None

    async def work(backend: Backend) -> None:
        check_query(model, query)
        if ndjson:
            count = 0
            page_size = 200 if wanted is None else max(1, min(wanted, 200))
            async for obj in iter_all(backend, model.name, query, page_size=page_size):
                dump_ndjson_line(obj)
                count += 1
                if wanted is not None and count >= wanted:
                    break
            return
        if as_json:
            rows = await collect(backend, model.name, query, wanted)
            dump_json({"type": model.name, "count": len(rows), "data": rows})
            return
        page_size = 200 if wanted is None else max(1, min(wanted, 200))
        shown = cols or table_columns(model)
        stamps = [k for k in stamp_keys(model) if k in shown]  # only what is printed
        objs = (
            local_times(model, obj, options.clock, stamps)
            async for obj in iter_all(backend, model.name, query, page_size=page_size)
        )
        if not await write_table(objs, shown, wanted):
            sys.stdout.write(f"No {model.title.lower()}.\n")

    run_with_backend(options, work, inline=True)
