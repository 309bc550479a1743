"""A plain fixed-width table written row by row, for ``<type> list``.

Rich's Table measures every cell of every row before printing the first line, which
made ``contact list --all`` on 10,000 people take seven times as long as the same
list as NDJSON. Here the column widths come from the header and the first page of
rows (capped at a cell width), that page is printed, and every later row is written
as it arrives, cut with "…" to its column. Memory holds one page whatever the list's
length; the first line appears after the first page.

On a terminal the widths are narrowed to fit the window (the widest columns give way
first, ``id`` never) and the header is bold unless NO_COLOR is set.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping, Sequence
from typing import IO, Any

GAP = "  "
RULE = "─"
MIN_WIDTH = 6
FIXED = ("id", "parent_id")  # never narrowed: a row must be actionable by its id


def text_width(text: str) -> int:
    """Terminal cells: wide (CJK) characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """``text`` cut with "…" to ``width`` cells, then padded to exactly ``width``."""
    if text.isascii():
        return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
    used = text_width(text)
    if used > width:
        out: list[str] = []
        used = 0
        for ch in text:
            w = text_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
        used += 1
    return text + " " * (width - used)


class StreamTable:
    """Feed cells with ``add``; the first ``sample`` rows fix the widths, then rows stream."""

    def __init__(
        self,
        columns: Sequence[str],
        out: IO[str],
        *,
        sample: int = 200,
        max_width: int | None = None,
        bold_header: bool = False,
    ) -> None:
        self.columns = list(columns)
        self.out = out
        self.sample = sample
        self.max_width = max_width
        self.bold_header = bold_header
        self.widths: list[int] | None = None
        self._pending: list[list[str]] = []
        self.rows = 0

    def add(self, cells: Sequence[str]) -> None:
        self.rows += 1
        if self.widths is None:
            self._pending.append(list(cells))
            if len(self._pending) >= self.sample:
                self._start()
            return
        self.out.write(self._line(cells))

    def close(self) -> None:
        """Write what is still held (a list shorter than one sample)."""
        if self.widths is None:
            self._start()
        self.out.flush()

    # -- internals ------------------------------------------------------------

    def _start(self) -> None:
        widths = [text_width(c) for c in self.columns]
        for row in self._pending:
            for i, cell in enumerate(row):
                w = text_width(cell)
                if w > widths[i]:
                    widths[i] = w
        self.widths = self._narrowed(widths)
        header = self._line(self.columns)
        if self.bold_header:
            header = f"\x1b[1m{header[:-1]}\x1b[0m\n"
        self.out.write(header)
        self.out.write(GAP.join(RULE * w for w in self.widths) + "\n")
        self.out.write("".join(self._line(row) for row in self._pending))
        self._pending = []

    def _narrowed(self, widths: list[int]) -> list[int]:
        if self.max_width is None:
            return widths
        total = sum(widths) + len(GAP) * (len(widths) - 1)
        flexible = [i for i, c in enumerate(self.columns) if c not in FIXED]
        while total > self.max_width:
            widest = max(flexible, key=lambda i: widths[i], default=None)
            if widest is None or widths[widest] <= MIN_WIDTH:
                break
            widths[widest] -= 1
            total -= 1
        return widths

    def _line(self, cells: Sequence[str]) -> str:
        widths = self.widths or []
        last = len(widths) - 1
        parts = []
        for i, cell in enumerate(cells):
            if i == last:  # no trailing blanks; cut only
                parts.append(cell if text_width(cell) <= widths[i] else fit(cell, widths[i]))
            else:
                parts.append(fit(cell, widths[i]))
        return GAP.join(parts) + "\n"


def table_for(columns: Sequence[str], out: IO[str], terminal: bool) -> StreamTable:
    """The list table for ``out``: fitted and bold on a terminal, full width when piped."""
    if not terminal:
        return StreamTable(columns, out)
    import shutil  # for the window's width only (~5 ms of imports a pipe never needs)

    return StreamTable(
        columns,
        out,
        max_width=shutil.get_terminal_size().columns,
        bold_header="NO_COLOR" not in os.environ,
    )


def row_cells(row: Mapping[str, Any], columns: Sequence[str], cell: Any) -> list[str]:
    return [cell(row.get(c)) for c in columns]
