"""A tmux control-mode client: keys in, and when each burst of the pane's output
reached tmux, for timing a keystroke to what it draws in a real terminal.

Polling ``tmux capture-pane`` from a new process every few milliseconds (as
``tmux_bench.py`` does for a first screen of ~200 ms) is too coarse for a keystroke
of ~10 ms: each look is a process spawn, and a look between two bursts cannot say
which one drew the change. A control client (``tmux -C``) is one process that
takes commands on stdin and reports, in one ordered stream, every burst of the pane's
output (``%output``) and each command's reply (``%begin`` ... ``%end``). A
``capture-pane`` asked through it sees every burst reported before its reply began,
so the first capture that shows the change dates it: to the last ``%output``
before that reply (``ControlStream``).
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# "%begin 1701234567 12 1": the time, the command's number, its flags
_BLOCK = re.compile(rb"^%(begin|end|error) (\d+) (\d+) (\d+)$")


@dataclass(frozen=True)
class Output:
    """A burst of the pane's output, as tmux read it from the program (``%output``)."""

    at: float


@dataclass(frozen=True)
class Reply:
    """A command's reply: its lines, whether it failed (``%error``), and the latest
    ``%output`` before it began (None: no output yet), which it has seen."""

    lines: list[str]
    failed: bool
    after_output: float | None


@dataclass
class ControlStream:
    """Turns a control client's stdout lines (each with when it was read) into
    ``Output`` and ``Reply`` events.

    A reply's lines are the command's raw output, so a captured screen line that looks
    like a notification (``%output ...``) is still a line of the reply: only the
    ``%end``/``%error`` carrying the ``%begin``'s number closes it (tmux's control
    mode never puts a notification inside a reply).
    """

    last_output: float | None = None
    _open: tuple[bytes, list[str], float | None] | None = None

    def feed(self, at: float, line: bytes) -> Iterator[Output | Reply]:
        if self._open is not None:
            number, lines, after = self._open
            match = _BLOCK.match(line)
            if match and match[1] != b"begin" and match[3] == number:
                self._open = None
                yield Reply(lines, match[1] == b"error", after)
            else:
                lines.append(line.decode("utf-8", "replace"))
            return
        match = _BLOCK.match(line)
        if match and match[1] == b"begin":
            self._open = (match[3], [], self.last_output)
        elif line.startswith(b"%output "):
            self.last_output = at
            yield Output(at)
        # (anything else, %window-add, %session-changed, ...: not ours)

    def feed_all(self, lines: Iterable[tuple[float, bytes]]) -> list[Output | Reply]:
        return [event for at, line in lines for event in self.feed(at, line)]


class Control:
    """A control client attached to ``target`` on the tmux server at ``socket``.

    ``ignore-size``: the client has no terminal, and must not shrink the window the
    program draws in.
    """

    def __init__(self, socket: str, target: str) -> None:
        self.target = target
        self._proc = subprocess.Popen(
            ["tmux", "-L", socket, "-C", "attach-session", "-t", target, "-f", "ignore-size"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._lines: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        self.stream = ControlStream()
        threading.Thread(target=self._read, daemon=True).start()
        # the attach itself is answered first: wait for a reply of ours after it
        marker = "control-ready"
        self.send(f"display-message -p {marker}")
        while True:
            reply = self.reply(30.0)
            if reply.lines == [marker]:
                break

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._lines.put((time.perf_counter(), line.rstrip(b"\r\n")))
        self._lines.put(None)

    def send(self, command: str) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(command.encode() + b"\n")
        self._proc.stdin.flush()

    def next_event(self, deadline: float) -> Output | Reply | None:
        """The next event, or None once ``deadline`` (perf_counter) passes."""
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                item = self._lines.get(timeout=left)
            except queue.Empty:
                return None
            if item is None:
                raise SystemExit("the tmux control client ended (the pane's program exited?)")
            for event in self.stream.feed(*item):  # (a line makes one event at most)
                return event

    def reply(self, timeout: float) -> Reply:
        deadline = time.perf_counter() + timeout
        while True:
            event = self.next_event(deadline)
            if event is None:
                raise SystemExit(f"tmux did not answer within {timeout:g} s")
            if isinstance(event, Reply):
                return event

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(timeout=30)


@dataclass(frozen=True)
class Shown:
    """When a change was on screen: the output burst that drew it, the screen, and
    the pane's process CPU (every thread) when the capture confirmed it."""

    at: float
    screen: str
    cpu: float


def until_shown(
    control: Control,
    shown: Callable[[str], bool],
    *,
    pid: int,
    timeout: float = 60.0,
) -> Shown:
    """Wait until a capture satisfies ``shown``; date it by the burst that drew it.

    A capture is asked for after each burst (one at a time: a burst while one is
    under way asks for another once it replies), so tmux is asked only when the
    screen changed.
    """
    deadline = time.perf_counter() + timeout
    control.send(f"capture-pane -p -t {control.target}")  # it may be on screen already
    asked, newer, screen = True, False, ""
    while True:
        event = control.next_event(deadline)
        if event is None:
            raise SystemExit(f"never shown within {timeout:g} s; the screen:\n{screen}")
        if isinstance(event, Output):
            if asked:
                newer = True
            else:
                control.send(f"capture-pane -p -t {control.target}")
                asked = True
            continue
        screen = "\n".join(event.lines)
        asked = False
        if shown(screen):
            at = event.after_output if event.after_output is not None else time.perf_counter()
            return Shown(at, screen, process_cpu(pid))
        if newer:
            newer = False
            control.send(f"capture-pane -p -t {control.target}")
            asked = True


def until_quiet(control: Control, quiet: float, timeout: float = 60.0) -> None:
    """Wait until the pane has drawn nothing for ``quiet`` seconds (a blinking cursor
    draws every 0.5 s, so keep ``quiet`` under that)."""
    deadline = time.perf_counter() + timeout
    while True:
        if time.perf_counter() > deadline:
            raise SystemExit(f"the pane never went quiet for {quiet:g} s")
        event = control.next_event(time.perf_counter() + quiet)
        if event is None:
            return


def process_cpu(pid: int) -> float:
    """CPU seconds of every live thread of a process, to the nanosecond (schedstat),
    0 where unavailable.

    ``tmux_bench.py`` reads /proc/PID/stat instead, in clock ticks (10 ms): coarse, but
    it keeps the time of threads that have ended, which a first screen's start-up
    threads have. A keystroke's span is a few milliseconds and its threads (the
    worker pool's) live on, so here the finer count is the right one."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
    except OSError:
        return 0.0
    return total / 1e9


def pane_pid(socket: str, target: str) -> int:
    """The pane's process (the shell execs the command: the same pid after exec)."""
    out = subprocess.run(
        ["tmux", "-L", socket, "list-panes", "-t", target, "-F", "#{pane_pid}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout)


def load_average() -> str:
    """The load average, printed with each run: a wall time on a loaded machine also
    counts waiting for a core."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
