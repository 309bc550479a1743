"""One dashboard panel: agenda rows (stay in touch, upcoming events or reminders).

Each row is laid out in aligned columns, marker | name | what | when, sized from the
panel's width when it is drawn: a long name or message ends in "…" instead of wrapping,
and the columns line up down the panel (cell widths, so wide characters count twice).
"""

from __future__ import annotations

import calendar
from collections.abc import Awaitable, Callable
from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import work
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...domain.agenda import AgendaRow
from ..worker_errors import ReportsWorkerErrors

GAP = "  "
# The names once: calendar's look each one up again (strftime) on every access.
DAY_ABBR = tuple(calendar.day_abbr)
MONTH_ABBR = tuple(calendar.month_abbr)
NAME_SHARE = 0.4  # of the room left after the marker and the when column, at most
NULL_STYLE = RichStyle.null()


class RowCells(NamedTuple):
    """A row's four columns, styled. Named tuples here, not frozen dataclasses: each of
    those cost ~0.7 ms to create as the module is imported, before the first frame."""

    mark: Text
    name: Text
    what: Text
    when: Text

    @property
    def plain(self) -> str:
        """The row as one line, columns two spaces apart (for tests and logs)."""
        parts = [self.name.plain, self.what.plain, self.when.plain]
        return self.mark.plain + GAP.join(p for p in parts if p)


def row_cells(row: AgendaRow) -> RowCells:
    """Who, what, when for one row; overdue in the error colour."""
    late = "bold red" if row.days < 0 else ""
    if row.kind in ("overdue", "due_soon"):
        overdue = row.kind == "overdue"
        return RowCells(
            Text("● " if overdue else "○ ", style="bold red" if overdue else "yellow"),
            Text(row.contact_name, style="bold"),
            Text(row.detail, style="dim"),
            Text(row.when, style=late),
        )
    if row.kind == "reminder":
        return RowCells(
            Text("◷ "),
            Text(row.contact_name, style="bold"),
            Text(row.title),
            Text(row.when, style=late or "dim"),
        )
    d = row.date
    day = f"{DAY_ABBR[d.weekday()]} {d.day:2d} {MONTH_ABBR[d.month]}"
    what = Text(row.title)
    if row.years is not None:
        reached = f"turns {row.years}" if row.kind == "birthday" else f"{row.years} years"
        what.append(f" ({reached})")
    elif row.detail:
        what.append(f" ({row.detail})", style="italic")
    when = Text(f"{day} · ", style="dim")
    when.append(row.when, style="bold" if row.days == 0 else "dim")
    icon = {"birthday": "✱ ", "anniversary": "♥ "}.get(row.kind, "✦ ")
    return RowCells(Text(icon), Text(row.contact_name, style="bold"), what, when)


class ColumnWidths(NamedTuple):
    """The widest name, what and when of a panel, so every row splits the width the same way."""

    name: int
    what: int
    when: int

    def split(self, width: int) -> tuple[int, int, int]:
        """(name, what, when) cell widths for a line ``width`` cells wide (marker: 2).

        Each column is as wide as its widest cell when that fits; when it does not, the
        when column stays whole (up to half the line), the name keeps at least NAME_SHARE
        of the rest and the what column is cut first.
        """
        room = max(width - 2, 0)
        when = min(self.when, room // 2)
        rest = max(room - when - len(GAP), 0)
        if self.what == 0:
            return min(self.name, rest), 0, when
        name = min(self.name, max(int(rest * NAME_SHARE), rest - len(GAP) - self.what))
        return name, min(self.what, max(rest - name - len(GAP), 0)), when


def cut(text: Text, width: int) -> Text:
    """``text`` exactly ``width`` cells: padded, or cut with an ellipsis."""
    out = text.copy()
    out.truncate(width, overflow="ellipsis", pad=True)
    return out


def plain_runs_joined(segments: list[Segment]) -> list[Segment]:
    """Neighbouring unstyled segments as one, as Rich renders the text of a line that no
    span covers (the gaps, a plain column): the same segments as ``line``'s, so the row
    is drawn and exported (screenshots) exactly as before."""
    out: list[Segment] = []
    for segment in segments:
        if out and segment.style == NULL_STYLE and out[-1].style == NULL_STYLE:
            out[-1] = Segment(out[-1].text + segment.text, NULL_STYLE)
        else:
            out.append(segment)
    return out


class AgendaRowView(Visual):
    """One row in aligned columns at whatever width it is given: a Textual visual that
    is always one line high, so the panel never renders a row to learn its height
    (the option list asks every loaded row for its height before the first paint)."""

    def __init__(self, cells: RowCells, widths: ColumnWidths, console: Console) -> None:
        self.cells = cells
        self.widths = widths
        self.console = console  # the app's: it resolves the cells' style names

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The row as one strip, straight from its Rich segments over the option's style
        (no conversion to Textual content and back: rows are drawn on every scroll)."""
        segments = Segment.apply_style(self.segments(width), style.rich_style)
        return [Strip(segments, width)]

    def segments(self, width: int) -> list[Segment]:
        """The cells of ``line(width)`` as segments, each column made on its own: a
        column of one style (most are) is one segment, with no Text copied, cut and
        joined to be rendered again (a screenful of rows is drawn for the first frame)."""
        name_w, what_w, when_w = self.widths.split(width)
        if min(name_w, when_w) < 1:  # too narrow for the columns: cut as one line
            line = self.line(width)
            line.pad_right(width - line.cell_len)
            return list(line.render(self.console))
        c = self.cells
        gap = Segment(GAP, NULL_STYLE)
        out = self._column(c.mark, 2) + self._column(c.name, name_w)
        if what_w:
            out += [gap, *self._column(c.what, what_w)]
        out += [gap, *self._column(c.when, when_w)]
        used = 2 + name_w + when_w + len(GAP) * (2 if what_w else 1) + what_w
        if used < width:
            out.append(Segment(" " * (width - used), NULL_STYLE))
        return plain_runs_joined(out)

    def _column(self, text: Text, width: int) -> list[Segment]:
        """``cut(text, width)`` rendered: one segment when the text has a single style."""
        if cell_len(text.plain) > width:
            text = cut(text, width)
        if text.spans:  # Rich renders the text's own style under its spans
            return list(cut(text, width).render(self.console))
        # without spans Rich leaves the text's own style out: it is the segment's style
        style = self.console.get_style(text.style, default=NULL_STYLE) if text.style else None
        padding = " " * (width - cell_len(text.plain))
        return [Segment(text.plain + padding, style or NULL_STYLE)]

    def line(self, width: int) -> Text:
        name_w, what_w, when_w = self.widths.split(width)
        c = self.cells
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append_text(cut(c.mark, 2))
        line.append_text(cut(c.name, name_w))
        if what_w:
            line.append(GAP)
            line.append_text(cut(c.what, what_w))
        line.append(GAP)
        line.append_text(cut(c.when, when_w))
        line.truncate(width, overflow="ellipsis")
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.line(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def column_widths(cells: list[RowCells]) -> ColumnWidths:
    return ColumnWidths(
        name=max((cell_len(c.name.plain) for c in cells), default=1),
        what=max((cell_len(c.what.plain) for c in cells), default=0),
        when=max((cell_len(c.when.plain) for c in cells), default=1),
    )


RowFetcher = Callable[[int, int], Awaitable[list[AgendaRow]]]  # (offset, limit) -> rows


class AgendaList(ReportsWorkerErrors, OptionList):
    """A virtual panel of agenda rows: the first rows and the exact count come with the
    agenda; further rows are read a page at a time as the highlight or the scroll
    position nears the end of what is loaded (as the contact list pages contacts).

    A big book has thousands of rows due (17,000 at 100k contacts): reading and laying
    out every one before the first screen cost seconds. ``rows`` holds the rows loaded
    so far, in panel order; ``total`` is how many the panel has. While rows are missing
    a last, disabled line says how many more there are. Column widths come from the
    first rows, so later rows line up with them (a longer cell ends in "…").
    """

    PAGE = 50  # rows read per page as the user scrolls
    AHEAD = 20  # rows from the end of the loaded ones at which the next page is read

    class RowsLoaded(Message):
        """A page of further rows, for the read ``generation`` it was asked for."""

        def __init__(self, generation: int, offset: int, rows: list[AgendaRow]) -> None:
            super().__init__()
            self.generation = generation
            self.offset = offset
            self.rows = rows

    def __init__(self, *, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[AgendaRow] = []
        self.total = 0
        self.empty = empty
        self.generation = 0  # bumped by every fresh set of rows: older pages are dropped
        self._fetch: RowFetcher | None = None
        self._reading: int | None = None  # offset of the page being read
        self._widths = ColumnWidths(1, 0, 1)

    def show(self, rows: list[AgendaRow], total: int, fetch: RowFetcher | None) -> None:
        """A fresh read of the panel: its first rows, its exact total, and how to read
        further rows (``fetch(offset, limit)``); the highlight stays where it was."""
        self._fetch = fetch
        self.set_rows(rows, total)
        self.call_after_refresh(self._read_more_if_shown)

    def set_rows(self, rows: list[AgendaRow], total: int | None = None) -> None:
        keep = self.highlighted or 0
        self.generation += 1
        self._reading = None
        self.rows = list(rows)
        self.total = len(self.rows) if total is None else max(total, len(self.rows))
        self.clear_options()
        if not self.rows:
            self.add_option(Option(Text(self.empty, style="dim italic"), disabled=True))
            return
        cells = [row_cells(r) for r in self.rows]  # once per row: widths and views
        self._widths = column_widths(cells[: self.PAGE])
        self._add_rows(self.rows, cells)
        self.highlighted = min(keep, len(self.rows) - 1)

    def _add_rows(self, rows: list[AgendaRow], cells: list[RowCells] | None = None) -> None:
        """Options for ``rows`` (the end of ``self.rows``), then the "more" line if any."""
        if self.option_count > len(self.rows) - len(rows):  # the old "more" line goes
            self.remove_option_at_index(self.option_count - 1)
        console = self.app.console
        if cells is None:
            cells = [row_cells(r) for r in rows]
        options = [Option(AgendaRowView(c, self._widths, console)) for c in cells]
        if (more := self.total - len(self.rows)) > 0:
            options.append(Option(Text(f"… {more:,} more", style="dim italic"), disabled=True))
        self.add_options(options)

    @property
    def more(self) -> int:
        """How many of the panel's rows are not loaded yet."""
        return self.total - len(self.rows)

    def _read_more_if_near(self, index: int) -> None:
        if (
            self.more > 0
            and self._fetch is not None
            and self._reading is None
            and index >= len(self.rows) - self.AHEAD
        ):
            self._reading = len(self.rows)
            self._read_page(self.generation, self._fetch, len(self.rows))

    @work(group="agenda-rows", exit_on_error=False)
    async def _read_page(self, generation: int, fetch: RowFetcher, offset: int) -> None:
        try:
            rows = await fetch(offset, self.PAGE)
        except BaseException:
            if generation == self.generation:
                self._reading = None  # the next move tries again
            raise
        self.post_message(self.RowsLoaded(generation, offset, rows))

    def on_agenda_list_rows_loaded(self, message: RowsLoaded) -> None:
        message.stop()
        if message.generation != self.generation or message.offset != len(self.rows):
            return  # a fresh read came in meanwhile
        self._reading = None
        if not message.rows:  # the panel shrank since it was counted
            self.total = len(self.rows)
        self.rows += message.rows
        self.total = max(self.total, len(self.rows))
        self._add_rows(message.rows)
        self._read_more_if_near(self.highlighted or 0)  # a jump may need the next page too

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self:
            self._read_more_if_near(event.option_index)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._read_more_if_shown()

    def _read_more_if_shown(self) -> None:
        """Read on when the bottom of the panel (a tall terminal) nears the loaded end."""
        bottom = int(self.scroll_y) + self.scrollable_content_region.height
        self._read_more_if_near(max(bottom, self.highlighted or 0))

    def set_empty(self, text: str) -> None:
        """Change what an empty panel says (a new book gets a how-to-start hint)."""
        self.empty = text
        if not self.rows:
            self.set_rows([])

    @property
    def selected_row(self) -> AgendaRow | None:
        if not self.rows or self.highlighted is None or self.highlighted >= len(self.rows):
            return None
        return self.rows[self.highlighted]

    def remove_rows(self, predicate: Callable[[AgendaRow], bool]) -> None:
        """Drop rows at once (a check-in logged, a reminder done) before the reload lands."""
        kept = [r for r in self.rows if not predicate(r)]
        self.set_rows(kept, self.total - (len(self.rows) - len(kept)))

    @property
    def plain_rows(self) -> list[str]:
        return [row_cells(r).plain for r in self.rows]

    @property
    def rendered_lines(self) -> list[str]:
        """What is on screen, line by line, as the terminal shows it."""
        return [
            self.render_line(y).text.rstrip() for y in range(self.scrollable_content_region.height)
        ]
