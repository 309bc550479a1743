"""How headless commands print results and failures.

Objects go out as a plain streaming table (for people, ``stream_table``), one JSON
document (``--json``) or one JSON object a line (``--ndjson``, written as pages arrive).
Failures go to stderr with the exit codes documented in ``friendship --help``:

    0 ok · 1 not found (or another failure) · 2 invalid input · 3 the book or server
    cannot be used (damaged, locked, disk full, unreadable, missing; server unreachable) ·
    4 not allowed (missing or insufficient credentials)

Every failure is one line: a store fault (``errors.StorageFault``) names the file and
the next step; nothing a command prints on failure carries SQL or row values.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from typing import IO, Any, NoReturn, TypeVar

from ..opening.options import GlobalOptions
from ..schema import SERVER_FIELDS, Model, SchemaError
from ..store.base import Backend
from ..store.errors import (
    BackendError,
    NotFound,
    PermissionDenied,
    StorageFault,
    StorageFull,
    Unavailable,
    ValidationError,
)

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_FAILED = 1
EXIT_INVALID = 2
EXIT_UNAVAILABLE = 3
EXIT_DENIED = 4

EXIT_CODES_HELP = (
    "Exit status: 0 ok, 1 not found (or another failure), 2 invalid input (each bad field "
    "and the reason go to stderr), 3 backend unavailable (database or server cannot be "
    "reached), 4 not allowed (credentials)."
)

MAX_TABLE_COLUMNS = 7
_CELL_WIDTH = 60

T = TypeVar("T")


# ------------------------------------------------------------------ rendering


def table_columns(model: Model) -> list[str]:
    """The columns a list shows: the row's name first, then what people filter and sort by.

    Derived from the declaration: ``display_field``, then the filterable data fields
    (enums, bools, the contact's chosen filters), then the date-like sort keys, then
    the other required fields; ``id`` always last so a row can be acted on.
    """
    cols: list[str] = [model.display_field]
    candidates = [k for k in model.filter_keys if model.has_field(k) and k != "parent_id"]
    candidates += [f.name for f in model.date_fields]
    candidates += [f.name for f in model.fields if f.required and f.ref is None]
    for name in candidates:
        if name not in cols and len(cols) < MAX_TABLE_COLUMNS:
            cols.append(name)
    if model.parent and len(cols) < MAX_TABLE_COLUMNS:
        cols.append("parent_id")
    cols.append("id")
    return cols


def cell_text(value: Any, width: int | None = _CELL_WIDTH) -> str:
    """A value as one short line of text (tags joined, bools as yes/no, None empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def stdout_console() -> Any:
    """Rich on stdout; piped, it is wide enough that tables are not squeezed to 80 columns."""
    from rich.console import Console

    width = None if is_terminal() else 400
    return Console(highlight=False, soft_wrap=False, width=width)


async def write_table(
    objs: AsyncIterator[Mapping[str, Any]], columns: Sequence[str], limit: int | None
) -> int:
    """Stream ``objs`` as a plain fixed-width table (``stream_table``); returns the count."""
    from .stream_table import table_for

    table = table_for(columns, sys.stdout, is_terminal())
    async for obj in objs:
        table.add([cell_text(obj.get(c)) for c in columns])
        if limit is not None and table.rows >= limit:
            break
    table.close()
    return table.rows


def object_keys(model: Model, obj: Mapping[str, Any]) -> list[str]:
    """Every key of an object in a stable order: id, data fields, server fields, extras."""
    keys = ["id"] + [f.name for f in model.fields] + [k for k in SERVER_FIELDS if k != "id"]
    return keys + sorted(k for k in obj if k not in keys)


def render_object(model: Model, obj: Mapping[str, Any]) -> None:
    from rich.table import Table

    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for key in object_keys(model, obj):
        if key in obj:
            table.add_row(key, cell_text(obj.get(key), width=None))
    stdout_console().print(table)


def dump_json(doc: Any, stream: IO[str] | None = None) -> None:
    import json

    out = stream or sys.stdout
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def dump_ndjson_line(obj: Any, stream: IO[str] | None = None) -> None:
    import json

    out = stream or sys.stdout
    out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
    out.flush()


# ------------------------------------------------------------------ failures


def print_field_errors(fields: Mapping[str, str], what: str = "Invalid input") -> None:
    err = sys.stderr
    err.write(f"{what}:\n")
    for name, reason in fields.items():
        err.write(f"  {name}: {reason}\n")


def exit_code_for(exc: BaseException) -> int:
    if isinstance(exc, SchemaError | ValidationError):
        return EXIT_INVALID
    if isinstance(exc, NotFound):
        return EXIT_NOT_FOUND
    if isinstance(exc, Unavailable | StorageFault | StorageFull):  # full: here or there
        return EXIT_UNAVAILABLE
    if isinstance(exc, PermissionDenied):
        return EXIT_DENIED
    return EXIT_FAILED


def fail(exc: BaseException) -> NoReturn:
    """Print a failure the way every command does and exit with its code."""
    err = sys.stderr
    if isinstance(exc, SchemaError | ValidationError):
        print_field_errors(exc.fields)
    elif isinstance(exc, BackendError):
        err.write(f"{exc.title}: {exc}\n")
    else:
        err.write(f"Cannot open: {one_line(str(exc))}\n")
    raise SystemExit(exit_code_for(exc))


def open_for(options: GlobalOptions) -> Backend:
    """The selected backend, open; a failure to open it is a typed error.

    A backend that cannot even be opened (bad path, unreachable server, broken
    profile) is "unavailable" (exit 3), whatever the exception type.
    """
    from ..opening.backend_choice import open_backend

    try:
        backend = open_backend(options)
    except (BackendError, SchemaError):
        raise
    except OSError as exc:  # the file's directory or the file itself
        where = str(exc.filename or options.db or "the book")
        raise StorageFault(where, f"cannot open {where}: {exc.strerror or exc}") from None
    except Exception as exc:  # any other failure to open is "unavailable"
        raise Unavailable(f"cannot open the backend: {one_line(str(exc))}") from None
    backend.tz = options.clock.tz  # due dates count from the user's local day
    return backend


def run_with_backend(
    options: GlobalOptions, work: Callable[[Backend], Awaitable[T]], *, inline: bool = False
) -> T:
    """Open the selected backend, run ``work`` on it, close it; map failures to exit codes.

    ``inline``: a read of the local book runs on this thread without an event loop
    (``run_inline``): ``today`` and ``contact list`` skip importing asyncio (~40 ms of
    a 0.3 s budget) and the hand-off to a worker thread. Profiles and ``--demo`` take
    the ordinary way (a remote backend needs the loop).
    """

    async def main(opened: Backend | None) -> T:
        backend = opened if opened is not None else open_for(options)
        try:
            return await work(backend)
        finally:
            await backend.close()

    try:
        opened = None
        if inline and not (options.profile or options.demo):
            opened = open_for(options)
            if getattr(opened, "inline", None) is False:  # a LocalBackend
                opened.inline = True  # type: ignore[attr-defined]
                try:
                    return run_inline(work(opened))
                finally:
                    run_inline(opened.close())
        import asyncio

        return asyncio.run(main(opened))
    except (BackendError, SchemaError) as exc:
        fail(exc)


def run_inline(step: Awaitable[T]) -> T:
    """Run a coroutine that never waits on the event loop to its end, on this thread.

    A ``LocalBackend`` in inline mode awaits nothing but other such coroutines, so the
    first step finishes it; anything that does wait is a bug, said as one.
    """
    coro = step.__await__()
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise RuntimeError("an inline backend call waited on an event loop")


def one_line(text: str, limit: int = 200) -> str:
    """The first line of a message, cut short: a failure never prints a wall of text."""
    first = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return first if len(first) <= limit else first[: limit - 1] + "…"


def echo_err(text: str) -> None:
    sys.stderr.write(text + "\n")


def print_lines(lines: Iterable[str]) -> None:
    out = sys.stdout
    for line in lines:
        out.write(line + "\n")


def is_terminal(stream: IO[str] | None = None) -> bool:
    target = stream or sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())
