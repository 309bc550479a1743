"""bench/generate.py's ``--page-size``: the book it makes has the pages asked for.

The read benches compare books that differ only in their page size (4 KiB, SQLite's
default, against 8 KiB), so the option must really reach the file: SQLite fixes the size
when the first page is written and cannot change it in WAL mode, so a size set too late
would silently leave the default and the comparison would measure nothing.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


def _page_size(book: Path) -> tuple[int, int]:
    """The file's page size and its contact count (the book was really filled)."""
    conn = sqlite3.connect(f"file:{book}?mode=ro", uri=True)
    try:
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        contacts = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        conn.close()
    return size, contacts


@pytest.mark.parametrize("page_size", [4096, 8192])
def test_generate_makes_a_book_with_the_page_size_asked_for(tmp_path: Path, page_size: int) -> None:
    book = tmp_path / f"book-{page_size}.db"
    result = subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            "20",
            str(book),
            "--today",
            "2026-11-25",
            "--page-size",
            str(page_size),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"page_size {page_size}" in result.stdout
    assert _page_size(book) == (page_size, 20)


def test_generate_refuses_a_page_size_for_an_existing_book(tmp_path: Path) -> None:
    """An existing file keeps its pages; asking for others is an error, not a silent no-op."""
    book = tmp_path / "book.db"
    book.write_bytes(b"x" * 10)
    result = subprocess.run(
        [sys.executable, str(GENERATE), "5", str(book), "--page-size", "8192"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "--page-size needs a new file" in result.stderr
    assert book.read_bytes() == b"x" * 10
