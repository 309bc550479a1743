"""The check pass finds ids that occur twice from their 8-byte hashes without making
a Python int of every one (json_restore.IdHashes): sorting one array of 100k hashes
at once allocated ~44 bytes per id, which was the growth of a big restore's peak."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from friendship_tui.io.json_restore import IdHashes


def test_ids_seen_twice_are_found() -> None:
    hashes = IdHashes()
    ids = [f"id-{n}" for n in range(5000)]
    for oid in [*ids, "id-17", "id-4999", "id-17"]:
        hashes.add(oid)
    assert hashes.twice() == {hash("id-17"), hash("id-4999")}
    assert all(len(b) == 0 for b in hashes.buckets)  # let go on the way


PEAK_CHILD = textwrap.dedent(
    """
    import tracemalloc
    from friendship_tui.io.json_restore import IdHashes

    hashes = IdHashes()
    for n in range(200_000):
        hashes.add(f"note-{n:08d}")
    tracemalloc.start()
    assert hashes.twice() == set()
    print(tracemalloc.get_traced_memory()[1])
    """
)


def test_finding_them_does_not_make_an_int_per_id() -> None:
    """In a process of its own (other tests' threads allocate too)."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD], capture_output=True, text=True, check=True
    )
    peak = int(done.stdout)
    assert peak < 200_000 * 4, peak  # one sorted array of all: ~44 bytes per id
