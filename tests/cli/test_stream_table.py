"""The streaming list table: widths from the first page, later rows cut, ids intact."""

from __future__ import annotations

import io

from friendship_tui.cli.stream_table import StreamTable, fit, text_width


def test_rows_stream_after_the_sample_and_are_cut_to_its_widths() -> None:
    out = io.StringIO()
    table = StreamTable(["name", "id"], out, sample=2)
    table.add(["Ann", "01A"])
    assert out.getvalue() == ""  # the sample is still being gathered
    table.add(["Bob Smith", "01B"])
    first = out.getvalue().splitlines()
    assert first[0] == "name       id" and first[2] == "Ann        01A"
    table.add(["Christopher Columbus", "01C"])  # wider than the sample: cut, not re-measured
    assert out.getvalue().splitlines()[-1] == "Christop…  01C"
    table.close()
    assert table.rows == 3


def test_a_short_list_is_written_on_close() -> None:
    out = io.StringIO()
    table = StreamTable(["name"], out)
    table.add(["Zoë"])
    assert out.getvalue() == ""
    table.close()
    assert out.getvalue().splitlines() == ["name", "────", "Zoë"]


def test_wide_characters_take_two_cells() -> None:
    assert text_width("山田") == 4 and text_width("Zoë") == 3
    assert fit("山田太郎", 5) == "山田…" and fit("山田太郎", 6) == "山田… "


def test_a_terminal_narrows_the_widest_columns_but_never_the_id() -> None:
    out = io.StringIO()
    table = StreamTable(["name", "note", "id"], out, max_width=40)
    ident = "01M8EMMDBN6M1PG7ZVY34DBGGP"
    table.add(["Ann", "x" * 50, ident])
    table.close()
    lines = out.getvalue().splitlines()
    assert all(text_width(line) <= 40 for line in lines)
    assert lines[2].endswith(ident) and "…" in lines[2]
