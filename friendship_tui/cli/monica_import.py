"""``friendship import --from monica URL --token T`` and ``--format monica-json FILE``.

Kept apart from io_commands so that module stays small and the Monica client is only
imported when asked for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..io.progress import Progress
from ..io.report import ImportReport
from ..opening.options import GlobalOptions
from ..store.base import Backend
from .io_commands import read_input, run_import


def _read_dump(path: str, raw: bytes | None = None) -> Any:
    from ..io.monica.importer import NotADump, check_dump

    try:
        return check_dump(json.loads(read_input(path) if raw is None else raw))
    except (ValueError, NotADump) as exc:
        raise click.BadParameter(str(exc), param_hint="FILE") from None


def _save(path: str, dump: Any) -> None:
    """Write the dump beside its target and rename it into place (never half a file)."""
    from ..io.monica.client import MonicaError

    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise MonicaError(f"cannot save to {path}: {exc.strerror or exc}") from None


def import_from_monica(
    options: GlobalOptions,
    path: str,
    source: str | None,
    token: str | None,
    save: str | None,
    as_json: bool,
    raw: bytes | None = None,
) -> None:
    """``raw``: the file's bytes when the caller has read them already (stdin)."""
    if source == "monica":
        if not token:
            raise click.UsageError("--from monica needs --token (or MONICA_TOKEN)")
        dump = None
    else:
        if token or save:
            raise click.UsageError("--token and --save apply to --from monica only")
        dump = _read_dump(path, raw)

    async def work(backend: Backend, progress: Progress) -> ImportReport:
        from ..io.monica.client import fetch_dump
        from ..io.monica.importer import import_monica

        data = dump
        if data is None:
            assert token is not None
            data = await fetch_dump(path, token)
            if save:
                _save(save, data)
        return await import_monica(backend, data, progress)

    run_import(options, work, as_json)
