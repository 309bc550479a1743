"""An agenda row drawn column by column (widgets/agenda_list.py ``segments``) has the
same cells, characters and styles, as the row laid out as one line of text (``line``),
at every width: the first frame draws a screenful of rows the quick way."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from friendship_tui.app.widgets.agenda_list import AgendaRowView, column_widths, row_cells
from friendship_tui.domain.agenda import AgendaRow

DAY = date(2026, 11, 25)


def rows() -> list[AgendaRow]:
    def row(kind: str, name: str, title: str, days: int, **more: object) -> AgendaRow:
        return AgendaRow(kind, "c1", name, title, DAY, days, "contact", "o1", **more)  # type: ignore[arg-type]

    return [
        row("overdue", "Olga Kowalski", "Stay in touch (monthly)", -92, detail="never contacted"),
        row("due_soon", "Jörg Brückner", "Stay in touch (weekly)", 3),
        row("reminder", "Ana-María Dubois", "Ask about band rehearsals", -9),
        row("reminder", "李小龍", "Call back", 0),  # wide characters: two cells each
        row("birthday", "Sam Lee", "Birthday", 0, years=30),
        row("anniversary", "Kim Park", "Wedding anniversary", 12, years=5),
        row("life_event", "Ann Lee", "Graduation", 40, detail="year unknown"),
    ]


def cells(segments: list[Segment]) -> list[tuple[str, Style]]:
    return [(ch, seg.style or Style.null()) for seg in segments for ch in seg.text]


def test_a_row_drawn_by_columns_matches_the_row_as_one_line() -> None:
    console = Console(width=200)
    for group in (rows()[:2], rows()[2:4], rows()[4:]):
        made = [row_cells(r) for r in group]
        widths = column_widths(made)
        for cell in made:
            view = AgendaRowView(cell, widths, console)
            for width in range(1, 160):
                line = view.line(width)
                line.pad_right(width - line.cell_len)
                drawn = cells(view.segments(width))
                assert drawn == cells(list(line.render(console))), (cell.plain, width)
                assert cell_len("".join(ch for ch, _ in drawn)) == width
