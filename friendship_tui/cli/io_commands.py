"""``friendship export`` and ``friendship import``: JSON backups, CSV, vCard, iCalendar.

Formats: json (lossless backup of every type), csv (one type a file), vcard (contacts,
3.0/4.0 read, 4.0 or 3.0 written), ics (export only: yearly birthdays, anniversaries and
recurring life events). The format is guessed from the file name when not given.
A progress bar shows on a terminal; piped or in cron nothing but the result is printed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..io.progress import Progress, progress_for
from ..io.report import ImportReport, RecordsRejected
from ..opening.options import GlobalOptions
from ..schema import MODELS
from ..store.base import Backend
from .output import (
    EXIT_CODES_HELP,
    EXIT_INVALID,
    dump_json,
    echo_err,
    is_terminal,
    print_lines,
    run_with_backend,
)

EXPORT_FORMATS = ("json", "csv", "vcard", "ics")
IMPORT_FORMATS = ("json", "csv", "vcard", "monica-json")
SUFFIXES = {".json": "json", ".csv": "csv", ".vcf": "vcard", ".vcard": "vcard", ".ics": "ics"}


def guess_format(path: str, given: str | None, allowed: tuple[str, ...]) -> str:
    if given:
        return given
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None or fmt not in allowed:
        raise click.UsageError(
            f"cannot tell the format of {path!r}: give --format ({'|'.join(allowed)})"
        )
    return fmt


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise click.FileError(path, hint=exc.strerror or str(exc)) from None


@contextmanager
def backup_file(path: str) -> Iterator[Path]:
    """The file to read a JSON backup from, in passes: stdin is spooled to a temporary
    file first (on disk, not in memory: a 100k book's backup is ~370 MB)."""
    if path != "-":
        try:
            Path(path).open("rb").close()
        except OSError as exc:
            raise click.FileError(path, hint=exc.strerror or str(exc)) from None
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="friendship-import-") as tmp:
        spooled = Path(tmp) / "backup.json"
        with spooled.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
        yield spooled


def import_json_file(options: GlobalOptions, path: str, as_json: bool) -> None:
    """A backup (or a saved Monica dump), streamed: never held whole (json_restore.py)."""
    with backup_file(path) as file:
        with file.open("rb") as f:
            head = f.read(200)
        if b'"monica-json"' in head:  # a saved Monica dump
            from .monica_import import import_from_monica

            import_from_monica(options, path, None, None, None, as_json, raw=file.read_bytes())
            return

        async def work(backend: Backend, progress: Progress) -> ImportReport:
            from ..io import json_io

            return await json_io.import_json(backend, file, progress)

        run_import(options, work, as_json)


def reject(exc: RecordsRejected, as_json: bool) -> None:
    if as_json:
        dump_json({"error": "invalid", "problems": [p.to_json() for p in exc.problems]}, sys.stderr)
    else:
        echo_err(f"Nothing imported: {len(exc.problems)} invalid record(s).")
        for p in exc.problems:
            echo_err("  " + p.text())
    raise SystemExit(EXIT_INVALID)


def show_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        dump_json(report.to_json())
    else:
        print_lines(report.lines())


def run_import(
    options: GlobalOptions,
    work: Callable[[Backend, Progress], Awaitable[ImportReport]],
    as_json: bool,
) -> None:
    progress = progress_for()

    async def wrapped(backend: Backend) -> ImportReport | RecordsRejected:
        try:
            return await work(backend, progress)
        except RecordsRejected as exc:
            return exc

    result = run_with_backend(options, wrapped)
    if isinstance(result, RecordsRejected):
        reject(result, as_json)
        return
    show_report(result, as_json)


def import_csv_file(
    options: GlobalOptions,
    type_: str,
    path: str,
    unique: tuple[str, ...] = (),
    as_json: bool = False,
) -> None:
    from ..io.csv_io import import_csv
    from ..io.vcard_read import decode_bytes

    text = decode_bytes(read_input(path))

    async def work(backend: Backend, progress: Progress) -> ImportReport:
        return await import_csv(backend, type_, text, unique=unique, progress=progress)

    run_import(options, work, as_json)


class AtomicOutput:
    """Text written to a temp file beside the target, renamed into place when complete."""

    def __init__(self, path: str | None, binary: bool = False) -> None:
        self.path = path
        self.binary = binary
        self.buffer: Any = None

    def open(self) -> Any:
        if self.path in (None, "-"):
            self.buffer = sys.stdout.buffer if self.binary else sys.stdout
            return self.buffer
        target = Path(str(self.path))
        fd, self.tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        self.buffer = (
            os.fdopen(fd, "wb") if self.binary else open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115
        )
        return self.buffer

    def commit(self) -> None:
        if self.path in (None, "-"):
            self.buffer.flush()
            return
        self.buffer.close()
        os.replace(self.tmp, str(self.path))

    def abort(self) -> None:
        if self.path not in (None, "-"):
            self.buffer.close()
            Path(self.tmp).unlink(missing_ok=True)


def export_progress(output: str | None) -> Progress:
    to_terminal = output in (None, "-") and is_terminal()
    return progress_for(enabled=False) if to_terminal else progress_for()


def register(group: click.Group) -> None:
    @group.command(
        "export",
        help="Export the book: json (lossless backup of every type), csv "
        "(one type, --type), vcard (contacts) or ics (yearly dates, for a calendar "
        f"app). Writes to stdout unless -o. {EXIT_CODES_HELP}",
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(EXPORT_FORMATS),
        default=None,
        help="Default: from -o's file name, else json.",
    )
    @click.option(
        "--type",
        "type_",
        type=click.Choice(list(MODELS)),
        default=None,
        help="csv: the type to export (default contact); json: only this type.",
    )
    @click.option("-o", "--output", default=None, metavar="FILE", help="Write here (atomically).")
    @click.option(
        "--vcard-version",
        type=click.Choice(["4.0", "3.0"]),
        default="4.0",
        show_default=True,
        help="vCard version to write.",
    )
    @click.pass_obj
    def export_cmd(
        options: GlobalOptions,
        fmt: str | None,
        type_: str | None,
        output: str | None,
        vcard_version: str,
    ) -> None:
        if fmt is None:
            fmt = SUFFIXES.get(Path(output).suffix.lower(), "json") if output else "json"
        if fmt in ("vcard", "ics") and type_ not in (None, "contact"):
            raise click.UsageError(f"--type does not apply to {fmt} (it exports contacts)")
        progress = export_progress(output)
        sink = AtomicOutput(output, binary=fmt == "ics")

        async def work(backend: Backend) -> str:
            from ..io import csv_io, ical_io, json_io, vcard_io

            out = sink.open()
            try:
                if fmt == "json":
                    counts = await json_io.export_json(
                        backend, out, [type_] if type_ else None, progress
                    )
                    summary = f"{sum(counts.values())} objects"
                elif fmt == "csv":
                    n = await csv_io.export_csv(backend, type_ or "contact", out, progress)
                    summary = f"{n} {type_ or 'contact'} rows"
                elif fmt == "vcard":
                    n = await vcard_io.export_vcards(backend, out, vcard_version, progress)
                    summary = f"{n} vCards"
                else:
                    out.write(await ical_io.export_ics(backend, progress))
                    summary = "calendar"
            except BaseException:
                sink.abort()
                raise
            sink.commit()
            return summary

        summary = run_with_backend(options, work)
        if output not in (None, "-"):
            echo_err(f"Exported {summary} to {output}")

    @group.command(
        "import",
        help="Import a file: json (a backup made by export; ids kept on a "
        "local book), csv (one type, --type; every row checked first), vcard "
        "(contacts; re-importing updates instead of duplicating), monica-json (saved by "
        "--from monica --save); or --from monica URL --token T to move a whole Monica "
        "book in. All or nothing on a local book or a sync profile's copy; through a "
        "remote profile one object at a time. Running the same import again never makes "
        "twins, so it finishes one that was cut off; the report says created, updated, "
        "unchanged and failed. "
        f"FILE - reads stdin. {EXIT_CODES_HELP}",
    )
    @click.argument("path", metavar="FILE")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(IMPORT_FORMATS),
        default=None,
        help="Default: from the file name.",
    )
    @click.option(
        "--type",
        "type_",
        type=click.Choice(list(MODELS)),
        default=None,
        help="csv: the type of the rows (default contact).",
    )
    @click.option(
        "--unique",
        default=None,
        metavar="FIELD[,FIELD]",
        help="csv: update rows matching on these fields instead of creating.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    @click.option(
        "--from",
        "source",
        type=click.Choice(["monica"]),
        default=None,
        help="Read a live service instead of a file: FILE is its address "
        "(e.g. https://monica.example.org).",
    )
    @click.option(
        "--token",
        envvar="MONICA_TOKEN",
        default=None,
        help="--from monica: a Monica API token (or set MONICA_TOKEN).",
    )
    @click.option(
        "--save",
        default=None,
        metavar="FILE",
        help="--from monica: also save what was read, for --format monica-json.",
    )
    @click.pass_obj
    def import_cmd(
        options: GlobalOptions,
        path: str,
        fmt: str | None,
        type_: str | None,
        unique: str | None,
        as_json: bool,
        source: str | None,
        token: str | None,
        save: str | None,
    ) -> None:
        if source == "monica" or fmt == "monica-json":
            from .monica_import import import_from_monica

            import_from_monica(options, path, source, token, save, as_json)
            return
        if token or save:
            raise click.UsageError("--token and --save apply to --from monica only")
        fmt = guess_format(path, fmt, IMPORT_FORMATS)
        if fmt != "csv" and (type_ or unique):
            raise click.UsageError("--type and --unique apply to csv imports only")
        if fmt == "csv":
            keys = tuple(k.strip() for k in (unique or "").split(",") if k.strip())
            import_csv_file(options, type_ or "contact", path, keys, as_json)
            return
        if fmt == "json":
            import_json_file(options, path, as_json)
            return
        raw = read_input(path)

        async def work(backend: Backend, progress: Progress) -> ImportReport:
            from ..io import vcard_io

            return await vcard_io.import_vcards(backend, raw, progress)

        run_import(options, work, as_json)
