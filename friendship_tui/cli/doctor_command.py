"""``friendship doctor``: check a book and say what is wrong and how to fix it.

The checks live in ``store/health.py``; this module picks the file (``--db``,
``$FRIENDSHIP_DB``, a local or sync profile, the data dir), prints one line a check and
a fix under each problem, and exits 0 when the book is healthy, 1 otherwise. It never
opens the book through the store, so it neither creates, migrates nor changes it.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from ..config import default_db_path
from ..opening.options import GlobalOptions
from ..store.errors import ValidationError
from .output import EXIT_FAILED, EXIT_OK, dump_json, fail, print_lines

DOCTOR_HELP = (
    "Check a book: the file's integrity, the search index, rows whose contact is gone, "
    "relationship mirrors, file permissions, the schema revision. Prints what it found "
    "and how to fix it; changes nothing. Exit status: 0 healthy, 1 problems found, "
    "2 invalid input (a database URL or a remote profile: only files are checked)."
)


def book_path(options: GlobalOptions) -> Path:
    """The file the options name, without opening (or creating) it."""
    target: str | None = options.db
    if options.profile and not target:
        from ..profiles import ProfileError, Profiles

        try:
            profile = Profiles().get(options.profile)
        except ProfileError as exc:
            raise ValidationError({"profile": str(exc)}) from None
        if profile.mode == "sync":
            from ..sync.opening import cache_path_for

            return cache_path_for(profile.name, profile.db)
        if profile.mode != "local":
            raise ValidationError({"profile": "doctor checks a book file, not a server"})
        target = profile.db
    chosen = default_db_path(target)
    if isinstance(chosen, str):
        raise ValidationError({"db": "doctor checks a SQLite book file, not a database URL"})
    return chosen


def register(group: click.Group) -> None:
    @group.command("doctor", help=DOCTOR_HELP)
    @click.option("--json", "as_json", is_flag=True, help="The findings as JSON.")
    @click.pass_obj
    def doctor_cmd(options: GlobalOptions, as_json: bool) -> None:
        from ..store.health import check_book, is_healthy

        try:
            path = book_path(options)
        except ValidationError as exc:
            fail(exc)
        findings = check_book(path)
        healthy = is_healthy(findings)
        if as_json:
            dump_json(
                {"book": str(path), "healthy": healthy, "findings": [asdict(f) for f in findings]}
            )
        else:
            lines = [f"Checking {path}"]
            for f in findings:
                lines.append(f"  {'ok  ' if f.ok else 'FAIL'}  {f.check}: {f.detail}")
                if not f.ok and f.fix:
                    lines.append(f"        fix: {f.fix}")
            problems = sum(1 for f in findings if not f.ok)
            lines.append("Healthy." if healthy else f"{problems} problem(s) found.")
            print_lines(lines)
        raise SystemExit(EXIT_OK if healthy else EXIT_FAILED)
