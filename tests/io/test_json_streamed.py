"""A backup is imported in passes over its file, never loaded whole (issue 14: under
250 MB at 100k, where ``json.loads`` of the file held 2.2 GB).

Measured as Python allocations (tracemalloc) relative to the file's size, not as time:
loading the file whole costs more than the file's own size in text alone."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from friendship_tui.io import json_stream
from friendship_tui.io.json_stream import Layout, opener, walk
from friendship_tui.schema import MODELS
from friendship_tui.store.base import BULK_CHUNK_ROWS
from friendship_tui.store.sample_data import sample_rows


def write_backup(path: Path, contacts: int) -> int:
    """A backup of a generated book, in export's layout; returns its object count."""
    by_type: dict[str, list[str]] = {name: [] for name in MODELS}
    for n, (type_, obj) in enumerate(sample_rows(contacts, date(2026, 11, 25), seed=1)):
        obj = {"id": f"{type_}-{n:08d}", **obj}  # children come without ids
        by_type[type_].append(json.dumps(obj, ensure_ascii=False))
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "friendship-tui-backup", "format_version": 1, "data": {\n')
        arrays = [f'"{name}": [\n' + ",\n".join(objs) + "\n]" for name, objs in by_type.items()]
        out.write(",\n".join(arrays))
        out.write("\n}}\n")
    return sum(len(v) for v in by_type.values())


def write_notes_backup(path: Path, notes: int) -> int:
    """50 contacts and ``notes`` notes: every bulk chunk after the first is alike."""
    contacts = [{"id": f"c{n:04d}", "name": f"Person {n}", "city": "Zürich"} for n in range(50)]
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "friendship-tui-backup", "format_version": 1, "data": {\n')
        out.write('"contact": [\n' + ",\n".join(json.dumps(c) for c in contacts) + "],\n")
        out.write('"note": [\n')
        for n in range(notes):
            note = {"id": f"n{n:07d}", "parent_id": f"c{n % 50:04d}", "body": f"Met at {n}: " * 8}
            out.write(("," if n else "") + json.dumps(note, ensure_ascii=False) + "\n")
        out.write("]}}\n")
    return len(contacts) + notes


PEAK_CHILD = textwrap.dedent(
    """
    import asyncio, sys, tracemalloc
    from pathlib import Path
    from friendship_tui.io import json_stream
    from friendship_tui.io.json_io import import_json
    from friendship_tui.store.local import Store

    json_stream.CHUNK = 1 << 16
    store = Store.open(Path(sys.argv[1]))
    tracemalloc.start()
    report = asyncio.run(import_json(store.backend(), Path(sys.argv[2])))
    print(tracemalloc.get_traced_memory()[1], report.created)
    """
)


def peak_in_child(book: Path, backup: Path) -> tuple[int, int]:
    """(peak bytes allocated by Python, objects created), in a process of its own: in the
    test process, threads left by earlier tests (servers, streams) allocate too, and
    tracemalloc counts every thread."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD, str(book), str(backup)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak, created = done.stdout.split()
    return int(peak), int(created)


def test_import_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """Both files are several bulk chunks (BULK_CHUNK_ROWS) of the same rows, so what a streamed
    import holds is the same for both; loading the file whole grows with it."""
    small, big = tmp_path / "small.json", tmp_path / "big.json"
    write_notes_backup(small, 2 * BULK_CHUNK_ROWS)
    total = write_notes_backup(big, 2 * BULK_CHUNK_ROWS + 24_000)
    growth = big.stat().st_size - small.stat().st_size
    small_peak, _ = peak_in_child(tmp_path / "small.db", small)
    big_peak, created = peak_in_child(tmp_path / "big.db", big)
    assert created == total
    # loading the file whole holds more than its text (>= 1x the growth); streamed, what
    # grows is an 8-byte hash per id and the bulk path's per-type bookkeeping (~0.27x here)
    assert big_peak - small_peak < growth / 2, (small_peak, big_peak, growth)


def test_the_reader_reads_a_chunk_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 4096)
    path = tmp_path / "backup.json"
    write_backup(path, 100)
    open_file = opener(path)
    reads: list[int] = []

    class Counting:
        def __init__(self) -> None:
            self.inner = open_file()

        def read(self, n: int = -1) -> str:
            text = self.inner.read(n)
            reads.append(len(text))
            return text

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

    seen = 0
    for _name, _i, _obj in walk(Counting, Layout()):  # type: ignore[arg-type]
        seen += 1
        if seen == 1:
            assert sum(reads) <= 2 * 4096  # the first object, before the rest is read
    assert seen > 100 and max(reads) <= 4096 and sum(reads) == len(path.read_text(encoding="utf-8"))
