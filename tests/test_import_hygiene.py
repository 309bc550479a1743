"""The core never imports the UI: schema, domain, store, remote, sync, server and io load
without ``textual`` (DESIGN.md: Harlequin's import-hygiene test)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CORE = (  # every module of the core that a UI-free program may load, by area
    "friendship_tui.schema",
    "friendship_tui.domain.agenda",
    "friendship_tui.domain.hooks",
    "friendship_tui.store.base",
    "friendship_tui.store.local",
    "friendship_tui.store.sample_data",
    "friendship_tui.store.migrate",
    "friendship_tui.remote",
    "friendship_tui.remote.backend",
    "friendship_tui.sync",
    "friendship_tui.sync.backend",
    "friendship_tui.server",
    "friendship_tui.server.app",
    "friendship_tui.io.json_io",
    "friendship_tui.io.csv_io",
    "friendship_tui.io.vcard_io",
    "friendship_tui.io.ical_io",
    "friendship_tui.io.writes",
    "friendship_tui.domain.reserved_fields",
    "friendship_tui.io.monica.importer",
    "friendship_tui.io.monica.client",
    "friendship_tui.io.partial_contacts",
)

SCRIPT = textwrap.dedent(
    """
    import importlib, sys
    for name in [n for n in sys.argv[1].split(",") if n]:
        importlib.import_module(name)  # a missing module fails the test: rename it here too
    leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(",".join(leaked))
    """
)


def test_core_does_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(CORE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"textual imported by the core: {result.stdout}"


def test_the_check_would_notice_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "textual.app"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "textual" in result.stdout


def test_a_listed_module_that_is_gone_fails_the_check() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "friendship_tui.io.no_such_module"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr
