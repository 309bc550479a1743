"""The core never imports the UI: schema, domain, store, remote, sync and server load
without ``textual`` (DESIGN.md: Harlequin's import-hygiene test)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CORE = (
    "friendship_tui.schema",
    "friendship_tui.domain.agenda",
    "friendship_tui.domain.hooks",
    "friendship_tui.store.base",
    "friendship_tui.store.local",
    "friendship_tui.store.sample_data",
    "friendship_tui.store.migrate",
)
OPTIONAL = (  # imported when present: other areas may not exist yet
    "friendship_tui.remote",
    "friendship_tui.remote.backend",
    "friendship_tui.sync",
    "friendship_tui.sync.backend",
    "friendship_tui.server",
    "friendship_tui.server.app",
    "friendship_tui.io",
)

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.util, sys
    core, optional = ([n for n in a.split(",") if n] for a in sys.argv[1:3])
    for name in core:
        importlib.import_module(name)
    for name in optional:
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            importlib.import_module(name)
    leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(",".join(leaked))
    """
)


def test_core_does_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(CORE), ",".join(OPTIONAL)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"textual imported by the core: {result.stdout}"


def test_the_check_would_notice_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "textual.app", ""],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "textual" in result.stdout
