"""Shared parts of the whole-process benches (``shell_bench.py``, ``tmux_bench.py``).

A person runs the whole ``friendship`` process: interpreter start, imports, opening
the book, the work, the output. These helpers build the realistic books (contacts
with ~9 children each, from ``generate.py``), time a command as a person would see
it (median of N runs after a warm-up) and print each figure with its ratio to a
reference measured in the same run, so a loaded machine slows both alike.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

BENCH = Path(__file__).resolve().parent
SIZES = (1_000, 10_000, 100_000)


def friendship_exe() -> list[str]:
    """The installed console script next to this interpreter (what a person runs)."""
    exe = shutil.which("friendship", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "friendship_tui.cli.entry"]


def compile_bytecode() -> None:
    """Write the package's bytecode now, as ``pip install`` does for an installed copy.

    An editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as on some shared
    machines) would otherwise compile every module of ours from source in every timed
    process, which a person's installed ``friendship`` never does.
    """
    import compileall

    import friendship_tui

    compileall.compile_dir(Path(friendship_tui.__file__).parent, quiet=2)


def book(size: int, books: Path) -> Path:
    """The realistic book of ``size`` contacts in ``books``, generated once and kept."""
    path = books / f"book-{size}.db"
    if not path.exists():
        books.mkdir(parents=True, exist_ok=True)
        print(f"generating {path} (once; kept for later runs) ...", file=sys.stderr)
        tmp = path.with_suffix(".tmp.db")
        tmp.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), str(size), str(tmp)], check=True
        )
        tmp.rename(path)
    return path


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds (what a person waits) and the CPU seconds the process used.

    On a shared, loaded machine the wall time also counts waiting for a core; the CPU
    time does not, so both are printed and both ratios are judged.
    """

    wall: float
    cpu: float


def median_of(runs: int, once: Callable[..., Timing], warmup: int = 1) -> Timing:
    """Medians of ``runs`` calls of ``once()`` after ``warmup`` discarded ones (``...``: a
    lambda in a loop binds its values as defaults)."""
    for _ in range(warmup):
        once()
    got = [once() for _ in range(runs)]
    return Timing(statistics.median(t.wall for t in got), statistics.median(t.cpu for t in got))


def interleaved(runs: int, timers: Mapping[K, Callable[[], Timing]]) -> dict[K, Timing]:
    """Medians of ``runs`` timings of each, taken in turns (one warm-up each first), so
    a load that comes and goes on a shared machine weighs on every figure alike."""
    got: dict[K, list[Timing]] = {name: [] for name in timers}
    for round_ in range(runs + 1):
        for name, once in timers.items():
            timing = once()
            if round_:
                got[name].append(timing)
    return {
        name: Timing(
            statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
        )
        for name, timings in got.items()
    }


def time_process(argv: Sequence[str], env: dict[str, str] | None = None) -> Timing:
    """From spawning ``argv`` until it exits, stdout read through a pipe."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    while proc.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit status {code}")
    return Timing(elapsed, usage.ru_utime + usage.ru_stime)


@dataclass
class Figure:
    """One measured line: value, and optionally the reference it is judged against."""

    name: str
    value: Timing
    target: str
    ok_wall: bool
    ok_cpu: bool
    ratio: Timing | None = None
    reference: str = ""

    def line(self) -> str:
        text = f"{self.name:<38} {ms(self.value)}"
        if self.ratio is not None:
            text += f"  {self.ratio.wall:5.2f}x ({self.ratio.cpu:4.2f}x) {self.reference}"
        verdict = "ok" if self.ok_wall else "MISSED"
        verdict += " (cpu ok)" if self.ok_cpu else " (cpu MISSED)"
        return f"{text:<98} target {self.target:<10} {verdict}"


def ms(t: Timing) -> str:
    return f"{t.wall * 1000:8.1f} ms (cpu {t.cpu * 1000:7.1f})"


def ratio_figure(name: str, value: Timing, ref_name: str, ref: Timing, limit: float) -> Figure:
    ratio = Timing(value.wall / ref.wall, value.cpu / max(ref.cpu, 1e-9))
    return Figure(
        name, value, f"<= {limit:g}x", ratio.wall <= limit, ratio.cpu <= limit, ratio, ref_name
    )


def absolute_figure(name: str, value: Timing, limit_s: float) -> Figure:
    return Figure(
        name, value, f"<= {limit_s * 1000:g} ms", value.wall <= limit_s, value.cpu <= limit_s
    )


def report(title: str, figures: Sequence[Figure], references: dict[str, Timing]) -> None:
    print(title)
    for ref, timing in references.items():
        print(f"  reference {ref:<28} {ms(timing)}")
    for fig in figures:
        print("  " + fig.line())
