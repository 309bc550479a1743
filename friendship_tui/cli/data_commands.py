"""``friendship <type> list|get|create|update|delete|upsert|schema`` for every model.

One generic implementation: the commands of each type are generated in a loop over
``schema.MODELS``, with the ``create``/``update`` flags derived from the fields, so a
field added to the schema shows up here with no code change. Everything goes through
``open_backend``, so a local file, a remote profile and a sync profile behave alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..domain.clock import local_times
from ..opening.options import GlobalOptions
from ..schema import (
    MODELS,
    DateKind,
    Field,
    FieldType,
    ListQuery,
    Model,
    Mutability,
    coerce_text,
)
from ..schema.dates import format_timestamp
from ..schema.describe import SCHEMA_COLUMNS, field_limits, model_notes, model_rows, model_schema
from ..store.base import Backend, Obj, iter_all
from .fact_options import check_facts, fact_changes, fact_params, save_fact_flags, take_clears
from .list_work import list_objects
from .output import (
    EXIT_CODES_HELP,
    EXIT_INVALID,
    cell_text,
    dump_json,
    render_object,
    run_with_backend,
    table_columns,
)

# ------------------------------------------------------------------ field flags


def flag_name(f: Field) -> str:
    return "--" + f.name.replace("_", "-")


def _option_for(f: Field) -> click.Option:
    param = "f_" + f.name
    help_text = " ".join(x for x in (f.help, field_limits(f)) if x)
    if f.required:
        help_text += " [required on create]"
    if f.type is FieldType.BOOL:
        slug = f.name.replace("_", "-")
        return click.Option([f"--{slug}/--no-{slug}", param], default=None, help=help_text)
    metavar = "TEXT"
    if f.type is FieldType.NUMBER:
        metavar = "NUMBER"
    elif f.type is FieldType.ENUM:
        metavar = "CHOICE"
    elif f.type is FieldType.TAGS:
        metavar = "TAG,TAG"
    elif f.ref:
        metavar = "ID"
    elif f.date is not None:
        metavar = "DATE"
    return click.Option([flag_name(f), param], default=None, metavar=metavar, help=help_text)


def body_from_flags(fields: tuple[Field, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The wire body of the flags that were given (and only those)."""
    body: dict[str, Any] = {}
    for f in fields:
        raw = kwargs.get("f_" + f.name)
        if raw is None:
            continue
        if f.name == "birthday" and isinstance(raw, str):  # "about 40": an age-based birthday
            from datetime import datetime

            from ..domain.reserved_fields import birthday_from_entry

            raw = birthday_from_entry(raw, datetime.now().astimezone().date())
        body[f.name] = raw if isinstance(raw, bool) else coerce_text(f, raw)
    return body


# ------------------------------------------------------------------ listing


def _list_command(model: Model) -> click.Command:
    @click.command(
        "list",
        help=f"List {model.title.lower()}. Filters: {', '.join(model.filter_keys)}. "
        f"Sort keys: {', '.join(model.sort_keys)} (default {model.default_sort}; "
        f"prefix - to reverse). {EXIT_CODES_HELP}",
    )
    @click.option(
        "--limit",
        type=click.IntRange(min=1),
        default=None,
        help=f"How many (default {model.default_page_size}; pages are followed).",
    )
    @click.option("--all", "all_", is_flag=True, help="Every matching object.")
    @click.option(
        "--filter",
        "filters",
        multiple=True,
        metavar="KEY=VALUE",
        help="Repeatable; a repeated key matches any of its values.",
    )
    @click.option("--sort", default=None, metavar="KEY", help="Sort key, -KEY to reverse.")
    @click.option("--q", "text", default=None, metavar="TEXT", help="Full-text search.")
    @click.option("--columns", default=None, metavar="A,B", help="Table columns to show.")
    @click.option("--json", "as_json", is_flag=True, help="One JSON document.")
    @click.option("--ndjson", is_flag=True, help="One JSON object a line, streamed.")
    @click.pass_obj
    def list_cmd(
        options: GlobalOptions,
        limit: int | None,
        all_: bool,
        filters: tuple[str, ...],
        sort: str | None,
        text: str | None,
        columns: str | None,
        as_json: bool,
        ndjson: bool,
    ) -> None:
        list_objects(
            options,
            model,
            wanted=None if all_ else (limit or model.default_page_size),
            filters=filters,
            sort=sort,
            text=text,
            columns=columns,
            as_json=as_json,
            ndjson=ndjson,
        )

    return list_cmd


def _get_command(model: Model) -> click.Command:
    @click.command("get", help=f"Show one {model.name} by id. {EXIT_CODES_HELP}")
    @click.argument("id_", metavar="ID")
    @click.option("--json", "as_json", is_flag=True, help="As JSON.")
    @click.pass_obj
    def get_cmd(options: GlobalOptions, id_: str, as_json: bool) -> None:
        async def work(backend: Backend) -> None:
            obj = await backend.get(model.name, id_)
            if as_json:
                dump_json(obj)
            else:
                render_object(model, local_times(model, obj, options.clock))

        run_with_backend(options, work, inline=True)

    return get_cmd


def _print_written(model: Model, obj: Obj, as_json: bool, verb: str) -> None:
    if as_json:
        dump_json(obj)
    else:
        label = cell_text(obj.get(model.display_field)) or obj.get("id")
        click.echo(f"{verb} {model.name} {obj.get('id')} ({label})")


def now_if_unset(model: Model) -> tuple[Field, ...]:
    """Timestamp fields whose help promises "now if unset" (conversation.occurred_at)."""
    return tuple(
        f
        for f in model.fields
        if f.creatable and f.date is DateKind.TIMESTAMP and "now if unset" in f.help
    )


def _create_command(model: Model) -> click.Command:
    fields = tuple(f for f in model.fields if f.creatable)
    stamped = now_if_unset(model)

    def create_cmd(**kwargs: Any) -> None:
        options: GlobalOptions = click.get_current_context().obj
        body = body_from_flags(fields, kwargs)
        for f in stamped:  # what --help says: now, as UTC on the wire
            body.setdefault(f.name, format_timestamp(options.clock.utc()))
        facts = fact_changes(kwargs) if model.name == "contact" else []

        async def work(backend: Backend) -> None:
            from ..io.contacted import after_logging

            await check_facts(backend, facts, None)
            obj = await backend.create(model.name, body)
            await after_logging(backend, model.name, obj, options.clock.utc())
            await save_fact_flags(backend, obj, facts)
            _print_written(model, obj, kwargs["as_json"], "Created")

        run_with_backend(options, work)

    params: list[click.Parameter] = [_option_for(f) for f in fields]
    params += fact_params() if model.name == "contact" else []
    params.append(
        click.Option(["--json", "as_json"], is_flag=True, help="Print the new object as JSON.")
    )
    return click.Command(
        "create",
        callback=create_cmd,
        params=params,
        help=f"Create a {model.name}; values are checked against the schema. {EXIT_CODES_HELP}",
    )


def _update_command(model: Model) -> click.Command:
    fields = tuple(f for f in model.fields if f.patchable)
    patchable = [f.name for f in fields]

    def update_cmd(**kwargs: Any) -> None:
        options: GlobalOptions = click.get_current_context().obj
        body = body_from_flags(fields, kwargs)
        errors: dict[str, str] = {}
        clears, fact_clears = (
            take_clears(kwargs["clear"]) if model.name == "contact" else (kwargs["clear"], set())
        )
        facts = fact_changes(kwargs, fact_clears) if model.name == "contact" else []
        for name in clears:
            name = name.replace("-", "_")
            if name not in patchable:
                errors[name] = "cannot be cleared; patchable fields: " + ", ".join(patchable)
            elif name in body:
                errors[name] = "is both set and cleared"
            else:
                body[name] = None
        if errors:
            raise_invalid(errors)
        if not body and not facts:
            raise_invalid({"fields": "nothing to change: give at least one field flag or --clear"})

        async def work(backend: Backend) -> None:
            await check_facts(backend, facts, kwargs["id_"])
            if body:
                obj = await backend.update(model.name, kwargs["id_"], body)
            else:
                obj = await backend.get(model.name, kwargs["id_"])
            await save_fact_flags(backend, obj, facts)
            _print_written(model, obj, kwargs["as_json"], "Updated")

        run_with_backend(options, work)

    params: list[click.Parameter] = [click.Argument(["id_"], metavar="ID")]
    params += [_option_for(f) for f in fields]
    params += fact_params() if model.name == "contact" else []
    params.append(
        click.Option(
            ["--clear", "clear"], multiple=True, metavar="FIELD", help="Unset a field (repeatable)."
        )
    )
    params.append(
        click.Option(["--json", "as_json"], is_flag=True, help="Print the object as JSON.")
    )
    immutable = [f.name for f in model.fields if f.mutability is Mutability.CREATE_ONLY]
    note = f" {', '.join(immutable)} cannot change after create." if immutable else ""
    return click.Command(
        "update",
        callback=update_cmd,
        params=params,
        help=f"Change only the given fields of a {model.name}.{note} {EXIT_CODES_HELP}",
    )


def raise_invalid(fields: dict[str, str]) -> None:
    from .output import print_field_errors

    print_field_errors(fields)
    raise SystemExit(EXIT_INVALID)


async def cascade_summary(backend: Backend, contact_id: str) -> str:
    """What goes with a contact: "3 conversations, 1 note, 2 relationships"."""
    parts: list[str] = []
    for name, m in MODELS.items():
        if m.parent != "contact":
            continue
        ids: set[str] = set()
        async for obj in iter_all(backend, name, ListQuery(filters={"parent_id": [contact_id]})):
            ids.add(str(obj["id"]))
        if "target_id" in m.filter_keys:
            q = ListQuery(filters={"target_id": [contact_id]})
            async for obj in iter_all(backend, name, q):
                ids.add(str(obj["id"]))
        if ids:
            word = m.name.replace("_", " ")
            parts.append(f"{len(ids)} {word}{'' if len(ids) == 1 else 's'}")
    return ", ".join(parts)


def _delete_command(model: Model) -> click.Command:
    @click.command(
        "delete",
        help=f"Delete a {model.name} (asks first unless --yes)."
        + (
            " Its conversations, notes, ... and relationships go with it."
            if model.name == "contact"
            else ""
        )
        + f" {EXIT_CODES_HELP}",
    )
    @click.argument("id_", metavar="ID")
    @click.option("--yes", "-y", is_flag=True, help="Do not ask.")
    @click.pass_obj
    def delete_cmd(options: GlobalOptions, id_: str, yes: bool) -> None:
        async def work(backend: Backend) -> None:
            obj = await backend.get(model.name, id_)
            label = cell_text(obj.get(model.display_field), width=40)
            if not yes:
                question = f"Delete {model.name} {label!r} ({id_})"
                if model.name == "contact":
                    extra = await cascade_summary(backend, id_)
                    if extra:
                        question += f" together with {extra}"
                click.confirm(question + "?", abort=True, err=True)
            await backend.delete(model.name, id_)
            click.echo(f"Deleted {model.name} {id_} ({label})")

        run_with_backend(options, work)

    return delete_cmd


def _upsert_command(model: Model) -> click.Command:
    @click.command(
        "upsert",
        help=f"Create or update {model.title.lower()} from a CSV file (header = field names): "
        "rows whose --unique fields match an existing object update it, the others are "
        f"created. Every row is checked first; nothing is written if any is bad. {EXIT_CODES_HELP}",
    )
    @click.option(
        "--unique",
        required=True,
        metavar="FIELD[,FIELD]",
        help="Fields that identify an existing object (id allowed).",
    )
    @click.option(
        "--csv",
        "csv_path",
        required=True,
        type=click.Path(dir_okay=False, allow_dash=True),
        help="The CSV file (- for stdin).",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    @click.pass_obj
    def upsert_cmd(options: GlobalOptions, unique: str, csv_path: str, as_json: bool) -> None:
        from .io_commands import import_csv_file

        keys = tuple(k.strip() for k in unique.split(",") if k.strip())
        import_csv_file(options, model.name, csv_path, unique=keys, as_json=as_json)

    return upsert_cmd


# ------------------------------------------------------------------ schema


def _schema_command(model: Model) -> click.Command:
    @click.command(
        "schema", help=f"Fields, limits, mutability, filters and sort keys of {model.name}."
    )
    @click.option("--json", "as_json", is_flag=True, help="As JSON.")
    def schema_cmd(as_json: bool) -> None:
        from ..domain.reserved_fields import reserved_labels_json

        doc = model_schema(model)
        if model.name == "custom_field":  # the labels the app reads as facts (deceased, ...)
            doc["reserved_labels"] = reserved_labels_json()
        if as_json:
            dump_json(doc)
            return
        from rich.table import Table

        from .output import stdout_console

        console = stdout_console()
        console.print(f"[bold]{model.name}[/bold] — {model.description}")
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        for col in SCHEMA_COLUMNS:
            table.add_column(col, overflow="fold")
        for row in model_rows(model):
            table.add_row(*row)
        console.print(table)
        for line in model_notes(model):
            console.print(line)
        if model.name == "custom_field":
            from ..domain.reserved_fields import reserved_labels_text

            console.print(reserved_labels_text())

    return schema_cmd


# ------------------------------------------------------------------ assembly

COMMAND_BUILDERS: tuple[Callable[[Model], click.Command], ...] = (
    _list_command,
    _get_command,
    _create_command,
    _update_command,
    _delete_command,
    _upsert_command,
    _schema_command,
)


def model_group(model: Model, name: str | None = None, hidden: bool = False) -> click.Group:
    group = click.Group(
        name or model.name,
        help=f"{model.title}: {model.description}",
        hidden=hidden,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for build in COMMAND_BUILDERS:
        group.add_command(build(model))
    return group


def register(group: click.Group) -> None:
    if not group.epilog:  # the exit codes every headless command shares, in `friendship --help`
        group.epilog = EXIT_CODES_HELP
    for model in MODELS.values():
        group.add_command(model_group(model))
        if "_" in model.name:  # `life-event` works as well as `life_event`
            alias = model.name.replace("_", "-")
            group.add_command(model_group(model, name=alias, hidden=True))


__all__ = ["body_from_flags", "model_schema", "register", "table_columns"]
