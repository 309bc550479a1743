"""Whole-process CLI bench: ``friendship`` commands as a shell runs them, output piped.

    pip install -e '.[bench]'          # khard, the reference for a table of people
    .venv/bin/python bench/shell_bench.py [--books DIR] [--runs 10] [--sizes 1000,10000,100000]

Each figure is the median of ``--runs`` real processes after a warm-up, printed with
its ratio to a reference measured in the same run: ``khard list`` over the same 10k
people written as a vdir of vCards, the same list as NDJSON, ``today`` on the 1k book.
Books (realistic: ~9 children per contact) are generated into DIR once and kept.
Targets (issue "Instant"): ``--version`` <= 100 ms; ``contact list`` and ``today`` at
10k <= 300 ms; ``today`` at 100k <= 1.2x at 1k; ``contact list --all`` at 10k <= 0.15x
``khard list`` and <= 1.3x its NDJSON.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

from whole_process import (
    SIZES,
    Figure,
    Timing,
    absolute_figure,
    book,
    compile_bytecode,
    friendship_exe,
    interleaved,
    median_of,
    ratio_figure,
    report,
    time_process,
)

from friendship_tui.io.vcard_io import contact_vcard, derived_uid
from friendship_tui.store.base import iter_all
from friendship_tui.store.local import Store


def write_vdir(db: Path, vdir: Path) -> int:
    """Every contact of ``db`` as one .vcf file in ``vdir`` (khard's address book)."""

    async def export() -> int:
        store = Store.open(db)
        count = 0
        try:
            async for c in iter_all(store.backend(), "contact", None, page_size=500):
                uid = derived_uid(str(c["id"]))
                (vdir / f"{uid}.vcf").write_text(contact_vcard(c, uid, "3.0"), "utf-8")
                count += 1
        finally:
            store.close()
        return count

    vdir.mkdir(parents=True, exist_ok=True)
    return asyncio.run(export())


def khard_command(vdir: Path, work: Path) -> list[str] | None:
    khard = shutil.which("khard", path=str(Path(sys.executable).parent)) or shutil.which("khard")
    if khard is None:
        return None
    config = work / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[bench]]\npath = {vdir}\n\n"
        "[general]\neditor = true\nmerge_editor = true\n"
    )
    return [khard, "-c", str(config), "list"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--books", type=Path, default=Path(tempfile.gettempdir()) / "friendship-books"
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument(
        "--khard-runs", type=int, default=None, help="default: --runs; 0 skips khard"
    )
    args = parser.parse_args()
    compile_bytecode()
    sizes = [int(s) for s in args.sizes.split(",")]
    exe = friendship_exe()
    env = {**os.environ, "NO_COLOR": "1"}
    books = {n: book(n, args.books) for n in sizes}

    def run(*argv: str) -> Timing:
        return median_of(args.runs, lambda: time_process([*exe, *argv], env))

    refs: dict[str, Timing] = {}
    figures: list[Figure] = [absolute_figure("friendship --version", run("--version"), 0.1)]
    # taken in turns: a size measured in its own block could meet a quieter or busier
    # minute than its reference, which decides a ratio within ~0.1 of its target
    today_runs = {
        n: partial(time_process, [*exe, "--db", str(p), "today"], env) for n, p in books.items()
    }
    today = interleaved(args.runs, today_runs)
    small = min(sizes)
    refs[f"today at {small:,}"] = today[small]
    for n in sizes:
        if n == 10_000:
            figures.append(absolute_figure("today at 10k", today[n], 0.3))
            page = run("--db", str(books[n]), "contact", "list")
            figures.append(absolute_figure("contact list (one page) at 10k", page, 0.3))
        elif n != small:
            figures.append(
                ratio_figure(f"today at {n:,}", today[n], f"today at {small:,}", today[small], 1.2)
            )
    if 10_000 in books:
        db = str(books[10_000])
        table = run("--db", db, "contact", "list", "--all")
        ndjson = run("--db", db, "contact", "list", "--all", "--ndjson")
        refs["contact list --all --ndjson at 10k"] = ndjson
        figures.append(
            ratio_figure("contact list --all (table) at 10k", table, "ndjson", ndjson, 1.3)
        )
        if args.khard_runs == 0:
            print("khard skipped (--khard-runs 0)", file=sys.stderr)
        else:
            khard_figure(books[10_000], table, args.khard_runs or args.runs, env, figures, refs)
    report(f"Whole-process CLI ({args.runs} runs, median, stdout piped)", figures, refs)


def khard_figure(
    db: Path,
    table: Timing,
    runs: int,
    env: dict[str, str],
    figures: list[Figure],
    refs: dict[str, Timing],
) -> None:
    """``contact list --all`` against ``khard list`` over the same people as vCards."""
    with tempfile.TemporaryDirectory() as tmp:
        vdir = Path(tmp) / "vdir"
        people = write_vdir(db, vdir)
        khard = khard_command(vdir, Path(tmp))
        if khard is None:
            print("khard is not installed: pip install -e '.[bench]'", file=sys.stderr)
            return
        ref = median_of(runs, lambda: time_process(khard, env))
        refs[f"khard list ({people:,} vCards)"] = ref
        figures.append(
            ratio_figure("contact list --all (table) at 10k", table, "khard list", ref, 0.15)
        )


if __name__ == "__main__":
    main()
