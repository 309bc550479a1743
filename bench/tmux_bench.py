"""Whole-process first screen in a real terminal: ``friendship`` started inside tmux.

    .venv/bin/python bench/tmux_bench.py [--books DIR] [--runs 10] [--sizes 10000,100000]

Needs tmux (``apt-get install -y tmux``). Each run starts a fresh tmux server on its
own socket with a 120x40 window running the command, then polls ``capture-pane``
until the first data row is visible: for ``friendship`` the name on the top row of
the dashboard's stay-in-touch panel (the book has someone overdue, so the app opens on
the dashboard, as on most mornings); for the reference, a bare Textual app with one
Static. The runs of each take turns (bare app, 10k, 100k, bare app, ...) after a
warm-up; medians of ``--runs`` print with their ratios. CPU is the process's own
(/proc, every thread), read half-way between the last look at the pane without the
row and the first with it.
Targets (issue "Instant"): <= 1.5x the bare app at 10k; the 100k figure <= 1.2x 10k.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from tmux_control import pane_pid
from whole_process import (
    Figure,
    Timing,
    book,
    compile_bytecode,
    friendship_exe,
    interleaved,
    ratio_figure,
    report,
)

from friendship_tui.app.settings import AppSettings
from friendship_tui.store.local import Store

SOCKET_PREFIX = f"friendship-bench-{os.getpid()}"
_runs = itertools.count()
BARE_APP = """
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("bare textual app ready")


Bare().run()
"""


def tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, check=False
    )


def first_screen(command: list[str], marker: str, timeout: float = 180.0) -> Timing:
    """Seconds until ``marker`` is on the tmux screen; the CPU the process used till then."""
    shell_cmd = " ".join(subprocess.list2cmdline([c]) for c in command)
    socket = f"{SOCKET_PREFIX}-{next(_runs)}"  # a fresh server each run: no shutdown races
    started = time.perf_counter()
    made = tmux(socket, "new-session", "-d", "-s", "bench", "-x", "120", "-y", "40", shell_cmd)
    if made.returncode != 0:
        raise SystemExit(f"tmux new-session failed: {made.stderr}")
    try:
        pid = pane_pid(socket, "bench")
        cpu_before = 0.0  # the process's CPU when the marker was last seen missing
        while True:
            captured = tmux(socket, "capture-pane", "-p", "-t", "bench")
            if captured.returncode != 0:
                raise SystemExit(f"the pane is gone ({captured.stderr.strip()}): {shell_cmd}")
            screen = captured.stdout
            cpu_now = process_cpu(pid)
            if marker in screen:
                wall = time.perf_counter() - started
                # The screen was drawn between the last two looks: the CPU half-way, so
                # what the process goes on to do while tmux is asked is not counted.
                cpu = (cpu_before + cpu_now) / 2
                break
            cpu_before = cpu_now
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"{marker!r} never appeared; last screen:\n{screen}")
            time.sleep(0.005)
    finally:
        tmux(socket, "kill-server")
    return Timing(wall, cpu)


def process_cpu(pid: int) -> float:
    """User+system seconds of a live process (from /proc), 0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def top_row_name(db: Path) -> str:
    """The name the dashboard shows first: the top stay-in-touch row of today's agenda."""
    settings = AppSettings()

    async def read() -> str:
        store = Store.open(db)
        try:
            agenda = await store.backend().agenda(date.today(), settings.horizon_days)
        finally:
            store.close()
        if not agenda.stay_in_touch:
            raise SystemExit(f"{db}: nobody is due, the app would open on the contacts")
        return agenda.stay_in_touch[0].contact_name

    return asyncio.run(read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--books", type=Path, default=Path(tempfile.gettempdir()) / "friendship-books"
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    compile_bytecode()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed (apt-get install -y tmux)")
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare_app.py"
        bare_script.write_text(BARE_APP)
        runs: dict[str, Callable[[], Timing]] = {
            "bare": lambda: first_screen(
                [sys.executable, str(bare_script)], "bare textual app ready"
            )
        }
        for n in sizes:
            db = book(n, args.books)
            marker = top_row_name(db)
            command = [*friendship_exe(), "--db", str(db)]
            runs[str(n)] = partial(first_screen, command, marker)
        timed = interleaved(args.runs, runs)
    bare = timed["bare"]
    refs: dict[str, Timing] = {"bare Textual app (one Static)": bare}
    figures: list[Figure] = []
    screens = {n: timed[str(n)] for n in sizes}
    for n in sizes:
        figures.append(
            ratio_figure(f"first screen at {n:,} (dashboard)", screens[n], "bare app", bare, 1.5)
        )
    if 10_000 in screens:
        for n in sizes:
            if n > 10_000:
                figures.append(
                    ratio_figure(
                        f"first screen at {n:,}", screens[n], "at 10k", screens[10_000], 1.2
                    )
                )
    report(f"Whole-process first screen, tmux 120x40 ({args.runs} runs, median)", figures, refs)


if __name__ == "__main__":
    main()
