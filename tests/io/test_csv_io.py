"""CSV: formula-safe export, all-or-nothing import naming every bad line, upsert."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from friendship_tui.io.csv_io import escape_cell, export_csv, import_csv, unescape_cell
from friendship_tui.io.report import RecordsRejected
from friendship_tui.schema import ListQuery, SchemaError
from friendship_tui.store.base import iter_all
from friendship_tui.store.local import LocalBackend


async def export_text(backend: LocalBackend, type_: str) -> str:
    out = io.StringIO()
    await export_csv(backend, type_, out)
    return out.getvalue()


async def all_of(backend: LocalBackend, type_: str) -> list[dict[str, Any]]:
    q = ListQuery(filters={"is_archived": ["true", "false"]})
    return [o async for o in iter_all(backend, type_, q)]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=already quoted", "''=already quoted"),
        ("plain", "plain"),
        ("'just an apostrophe", "'just an apostrophe"),
        ("a=b", "a=b"),
    ],
)
def test_cells_that_a_spreadsheet_would_evaluate_are_escaped(text: str, cell: str) -> None:
    assert escape_cell(text) == cell
    assert unescape_cell(cell) == text


async def test_export_is_formula_safe_and_reimports_the_original_text(
    open_book: Any,
) -> None:
    source = open_book("source")
    nasty = {
        "name": "=cmd|' /C calc'!A0",
        "phone": "+44 20 7946 0000",
        "company": "@evil",
        "notes": "-1+1\nsecond line",
        "nickname": "\tTabby",
        "tags": ["=x", "ok"],
    }
    await source.create("contact", nasty)
    text = await export_text(source, "contact")
    rows = list(csv.DictReader(io.StringIO(text)))
    for field in ("name", "phone", "company", "notes", "nickname", "tags"):
        assert rows[0][field][0] == "'", field  # no cell starts with a formula character
    assert rows[0]["favorite"] == ""  # unset stays empty

    target = open_book("target")
    report = await import_csv(target, "contact", text)
    assert report.created == 1
    (back,) = await all_of(target, "contact")
    for key, value in nasty.items():
        assert back[key] == value, key


BAD_CSV = (
    "name,email,birthday,favorite,stay_in_touch_frequency\r\n"
    "Good One,good@example.org,1980-01-02,yes,monthly\r\n"  # line 2
    ",nobody@example.org,,,\r\n"  # line 3: name missing
    "Bad Date,bd@example.org,1980-13-45,,\r\n"  # line 4
    '"Multi\nLine Name",ml@example.org,,maybe,sometimes\r\n'  # lines 5-6: two bad fields
    "Fine Too,fine@example.org,--02-29,no,\r\n"  # line 7
)


async def test_a_csv_with_bad_rows_imports_nothing_and_names_every_bad_line(
    book: LocalBackend,
) -> None:
    with pytest.raises(RecordsRejected) as err:
        await import_csv(book, "contact", BAD_CSV)
    problems = {p.line: p.fields for p in err.value.problems}
    assert sorted(problems) == [3, 4, 5]
    assert problems[3] == {"name": "is required"}
    assert set(problems[4]) == {"birthday"}
    assert set(problems[5]) == {"favorite", "stay_in_touch_frequency"}
    assert [p.text().split(":")[0] for p in err.value.problems] == ["line 3", "line 4", "line 5"]
    assert await all_of(book, "contact") == []  # not even the good rows


async def test_refs_are_checked_before_anything_is_written(book: LocalBackend) -> None:
    ann = await book.create("contact", {"name": "Ann"})
    text = f"parent_id,body,pinned\r\n{ann['id']},first,true\r\n01NOSUCHCONTACT,second,false\r\n"
    with pytest.raises(RecordsRejected) as err:
        await import_csv(book, "note", text)
    (problem,) = err.value.problems
    assert problem.line == 3 and "parent_id" in problem.fields
    assert await all_of(book, "note") == []

    fixed = text.replace("01NOSUCHCONTACT", ann["id"])
    report = await import_csv(book, "note", fixed)
    assert report.created == 2
    assert sorted(n["body"] for n in await all_of(book, "note")) == ["first", "second"]


async def test_unknown_columns_are_an_error_not_silently_dropped(book: LocalBackend) -> None:
    with pytest.raises(RecordsRejected) as err:
        await import_csv(book, "contact", "name,emial\r\nAnn,ann@example.org\r\n")
    assert err.value.problems[0].line == 1
    assert "emial" in err.value.problems[0].fields


async def test_upsert_updates_matches_and_creates_the_rest(book: LocalBackend) -> None:
    ann = await book.create("contact", {"name": "Ann", "email": "ann@example.org", "city": "Oslo"})
    text = (
        "email,name,city\r\n"
        "ANN@example.org,Ann Updated,Bergen\r\n"  # matches (case-insensitive)
        "new@example.org,New Person,\r\n"
    )
    report = await import_csv(book, "contact", text, unique=("email",))
    assert (report.created, report.updated) == (1, 1)
    got = await book.get("contact", ann["id"])
    assert (got["name"], got["city"], got["email"]) == ("Ann Updated", "Bergen", "ANN@example.org")
    assert len(await all_of(book, "contact")) == 2

    # the same file again changes nothing, and says so
    report = await import_csv(book, "contact", text, unique=("email",))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert len(await all_of(book, "contact")) == 2


async def test_upsert_rejects_duplicate_keys_and_unknown_unique_fields(book: LocalBackend) -> None:
    text = "email,name\r\na@x.org,A\r\nA@X.org,A again\r\n"
    with pytest.raises(RecordsRejected) as err:
        await import_csv(book, "contact", text, unique=("email",))
    assert err.value.problems[0].line == 3
    assert "same value as line 2" in next(iter(err.value.problems[0].fields.values()))
    with pytest.raises(SchemaError):
        await import_csv(book, "contact", text, unique=("city",))  # not a column of the file
    with pytest.raises(SchemaError):
        await import_csv(book, "contact", text, unique=("nope",))


async def test_running_the_same_import_again_makes_no_twins(book: LocalBackend) -> None:
    """Two identical rows are two contacts; the whole file again is all unchanged."""
    text = "name,city,tags\r\nAnn,Oslo,a\r\nAnn,Oslo,a\r\nBen,,\r\n"
    first = await import_csv(book, "contact", text)
    assert (first.created, first.updated, first.unchanged, first.failed) == (3, 0, 0, 0)
    again = await import_csv(book, "contact", text)
    assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, 3, 0)
    assert "0 created, 0 updated, 3 unchanged, 0 failed" in again.lines()[0]
    more = await import_csv(book, "contact", text + "Ann,Oslo,a\r\n")
    assert (more.created, more.unchanged) == (1, 3)  # a third Ann is a new one
    assert sorted(c["name"] for c in await all_of(book, "contact")) == ["Ann"] * 3 + ["Ben"]
