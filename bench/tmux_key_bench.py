"""Whole-process filter keystroke in a real terminal: key to results on screen, in tmux.

    .venv/bin/python bench/tmux_key_bench.py [--books DIR] [--runs 5] [--sizes 100000]

Each run starts ``friendship`` on the realistic book in a fresh tmux server (120x40,
the default settings: no settings file) and goes as a person does: the dashboard, ``o``
for the contacts, ``/`` for the filter, then "mar" at a typist's pace (``CADENCE``; the
first key once the app has gone still). A key is timed from sending it to the pane to
the burst of output that put "N matching “<the text so far>”" on screen (the status
line changes in the frame that draws the new query's first rows), through one tmux
control client (``tmux_control.py``: no process spawn per look, and each look dated by
the burst that drew it). CPU is the app's, every thread, over the same span.

The reference, in turns with the app's runs: a bare Textual app with one Input, each
key timed to its echo on screen: what any Textual app needs to show a key.
Target (issue "Instant"): <= 16 ms median at 100k.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tmux_bench import top_row_name
from tmux_control import Control, load_average, pane_pid, process_cpu, until_quiet, until_shown
from whole_process import Figure, Timing, book, compile_bytecode, friendship_exe

TARGET_MS = 16.0
TEXT = "mar"
QUIET = 0.3  # seconds without output that count as still (a cursor blinks every 0.5 s)
CADENCE = 0.15  # seconds from one key to the next, as a person types (~80 words a minute)
SOCKET_PREFIX = f"friendship-keys-{os.getpid()}"
_runs = itertools.count()
BARE_APP = """
from textual.app import App
from textual.widgets import Input


class Bare(App):
    def compose(self):
        yield Input(placeholder="type here")


Bare().run()
"""


@dataclass(frozen=True)
class Key:
    """One key: the text typed so far, and its timing to the screen."""

    text: str
    timing: Timing


@contextlib.contextmanager
def pane(command: list[str], env: dict[str, str]) -> Iterator[tuple[Control, int]]:
    """``command`` in a fresh tmux server's 120x40 window, with a control client on it."""
    socket = f"{SOCKET_PREFIX}-{next(_runs)}"
    shell_cmd = " ".join(subprocess.list2cmdline([c]) for c in command)
    settings = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
    window = ["new-session", "-d", "-s", "bench", "-x", "120", "-y", "40"]
    made = subprocess.run(
        ["tmux", "-L", socket, *window, *settings, shell_cmd],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        raise SystemExit(f"tmux new-session failed: {made.stderr}")
    try:
        pid = pane_pid(socket, "bench")
        control = Control(socket, "bench")
        try:
            yield control, pid
        finally:
            control.send("kill-server")
            with contextlib.suppress(subprocess.TimeoutExpired, BrokenPipeError):
                control.close()
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)


def press(control: Control, key: str) -> None:
    """Send one key (a literal character) and wait for tmux to take it."""
    control.send(f"send-keys -t bench -l {key}")
    reply = control.reply(30.0)
    if reply.failed:
        raise SystemExit(f"send-keys {key!r} failed: {reply.lines}")


def type_timed(
    control: Control, pid: int, text: str, shown_for: Callable[[str], Callable[[str], bool]]
) -> list[Key]:
    """Type ``text`` as a person does, the first key from a still screen and each next
    one ``CADENCE`` after the one before (once its results are on screen), each timed
    to ``shown_for``.

    Waiting for a still screen before every key would be no typist's rhythm, and it
    would send each key just as the app, seeing typing pause, loads the detail pane
    of the first match (``TYPING_DETAIL_DELAY``): a collision of the harness's making.
    """
    keys: list[Key] = []
    sent = 0.0
    for i, char in enumerate(text):
        typed = text[: i + 1]
        if keys:  # the typist's beat after the key before
            time.sleep(max(0.0, sent + CADENCE - time.perf_counter()))
        else:
            until_quiet(control, QUIET)
        cpu, wall = process_cpu(pid), time.perf_counter()
        sent = wall
        press(control, char)
        got = until_shown(control, shown_for(typed), pid=pid)
        keys.append(Key(typed, Timing(got.at - wall, got.cpu - cpu)))
    return keys


def app_run(db: Path, env: dict[str, str], text: str) -> list[Key]:
    """The app on ``db``: dashboard, contacts, the filter, then ``text`` key by key."""
    first_row = top_row_name(db)
    with pane([*friendship_exe(), "--db", str(db)], env) as (control, pid):
        until_shown(control, lambda screen: first_row in screen, pid=pid)
        press(control, "o")
        listed = re.compile(r"[\d,]+ contacts · by")
        until_shown(control, lambda screen: bool(listed.search(screen)), pid=pid)
        until_quiet(control, QUIET)
        press(control, "/")

        def results(typed: str) -> Callable[[str], bool]:
            return lambda screen: f"matching “{typed}”" in screen

        return type_timed(control, pid, text, results)


def bare_run(script: Path, env: dict[str, str], text: str) -> list[Key]:
    """The bare Textual app: each key timed to its echo in the Input."""
    with pane([sys.executable, str(script)], env) as (control, pid):
        until_shown(control, lambda screen: "type here" in screen, pid=pid)

        def echoed(typed: str) -> Callable[[str], bool]:
            alone = re.compile(rf"(?<![a-z]){re.escape(typed)}(?![a-z])")
            return lambda screen: bool(alone.search(screen))

        return type_timed(control, pid, text, echoed)


def summary(keys: list[Key]) -> Timing:
    return Timing(
        statistics.median(k.timing.wall for k in keys),
        statistics.median(k.timing.cpu for k in keys),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--books", type=Path, default=Path(tempfile.gettempdir()) / "friendship-books"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--text", default=TEXT, help="typed one key at a time (default: mar)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed (apt-get install -y tmux)")
    compile_bytecode()
    sizes = [int(s) for s in args.sizes.split(",")]
    books = {n: book(n, args.books) for n in sizes}
    got: dict[str, list[Key]] = {"bare": [], **{str(n): [] for n in sizes}}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bare_input.py"
        script.write_text(BARE_APP)
        # defaults, as a new user has them: no settings file
        env = {"FRIENDSHIP_SETTINGS": str(Path(tmp) / "no-settings.toml")}
        for round_ in range(args.runs + 1):  # round 0 warms up, and is dropped
            runs = {"bare": lambda: bare_run(script, env, args.text)}
            for n in sizes:
                runs[str(n)] = lambda n=n: app_run(books[n], env, args.text)  # type: ignore[misc]
            for name, run in runs.items():
                keys = run()
                if round_:
                    got[name].extend(keys)
                each = ", ".join(
                    f"{k.text} {k.timing.wall * 1000:.1f} ({k.timing.cpu * 1000:.1f})" for k in keys
                )
                print(f"  round {round_} {name}: {each} ms (cpu)", file=sys.stderr)
            print(f"  round {round_} done (load {load_average()})", file=sys.stderr)
    bare = summary(got["bare"])
    what = f"{args.runs} runs of {args.text!r}"
    print(f"Whole-process filter keystroke, tmux 120x40 ({what}, median)")
    print(
        f"  reference bare Textual app: key to its echo  {bare.wall * 1000:8.1f} ms "
        f"(cpu {bare.cpu * 1000:6.1f})"
    )
    for n in sizes:
        keys = got[str(n)]
        value = summary(keys)
        ratio = Timing(value.wall / bare.wall, value.cpu / max(bare.cpu, 1e-9))
        limit = TARGET_MS / 1000
        figure = Figure(
            f"key to results at {n:,}",
            value,
            f"<= {TARGET_MS:g} ms",
            value.wall <= limit,
            value.cpu <= limit,
            ratio,
            "bare echo",
        )
        print("  " + figure.line())
        for i in range(len(args.text)):
            typed = args.text[: i + 1]
            mine = [k for k in keys if k.text == typed]
            walls = sorted(k.timing.wall * 1000 for k in mine)
            print(
                f"    {typed!r:<8} median {statistics.median(walls):6.1f} ms, "
                f"max {walls[-1]:6.1f} ms, cpu median "
                f"{statistics.median(k.timing.cpu for k in mine) * 1000:6.1f} ms"
            )


if __name__ == "__main__":
    main()
