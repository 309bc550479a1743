"""``friendship export`` / ``friendship import`` through the real entry point."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from friendship_tui.io.progress import BarProgress, NoProgress, progress_for
from friendship_tui.store.local import LocalBackend

from .conftest import Run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vcards"


async def small_book(b: LocalBackend) -> None:
    ann = await b.create(
        "contact", {"name": "Ann", "birthday": "--02-29", "tags": ["x"], "email": "ann@example.org"}
    )
    bob = await b.create("contact", {"name": "Bob", "phone": "+47 22 00 00 00"})
    await b.create(
        "relationship", {"parent_id": ann["id"], "target_id": bob["id"], "kind": "parent"}
    )
    await b.create("conversation", {"parent_id": bob["id"], "channel": "sms", "summary": "hi"})
    await b.create("journal_entry", {"title": "Day", "entry_date": "2026-11-01"})


def test_json_backup_round_trip_through_the_cli(run: Run, seed: Any, tmp_path: Path) -> None:
    seed(small_book)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = run("export", "-o", str(first))
    assert result.exit_code == 0, result.output
    assert "Exported 6 objects" in result.stderr  # 2 contacts, 2 relationship halves, 2 more

    other = tmp_path / "other.db"
    result = run("import", str(first), db_path=other)
    assert result.exit_code == 0, result.output
    assert "6 created" in result.stdout
    assert run("export", "--format", "json", "-o", str(second), db_path=other).exit_code == 0

    def strip(p: Path) -> str:
        return re.sub(r'"exported_at": "[^"]*"', "", p.read_text())

    assert strip(first) == strip(second)


def test_csv_with_bad_rows_imports_nothing_via_the_cli(run: Run, tmp_path: Path) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("name,birthday\nGood,1990-01-01\n,1990-01-01\nBad Date,31/12/1990\n")
    result = run("import", str(sheet), "--type", "contact")
    assert result.exit_code == 2
    assert "line 3: name: is required" in result.stderr
    assert "line 4: birthday:" in result.stderr
    assert json.loads(run("contact", "list", "--json").stdout)["count"] == 0

    report = run("import", "--format", "csv", str(sheet), "--json")
    problems = json.loads(report.stderr)["problems"]
    assert [p["line"] for p in problems] == [3, 4]


def test_vcard_import_reports_and_reimport_updates(run: Run) -> None:
    for path in sorted(FIXTURES.glob("*.vcf")):
        result = run("import", str(path))
        assert result.exit_code == 0, (path.name, result.output)
    messy = run("import", str(FIXTURES / "messy.vcf"), "--json")
    report = json.loads(messy.stdout)
    assert report["created"] == 0 and report["skipped"][0]["where"] == "card 1"
    # apple 2, google 2, messy 3 (of 4), outlook 2, thunderbird 1; none twice
    assert json.loads(run("contact", "list", "--all", "--json").stdout)["count"] == 10


def test_exports_to_stdout_stay_quiet_on_stderr(run: Run, seed: Any) -> None:
    seed(small_book)
    for fmt, marker in (
        ("csv", "id,name,"),
        ("vcard", "BEGIN:VCARD"),
        ("ics", "BEGIN:VCALENDAR"),
        ("json", '"format_version": 1'),
    ):
        result = run("export", "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
        assert marker in result.stdout, fmt
        assert result.stderr == "", fmt  # no progress bar, no chatter when piped
    vcard3 = run("export", "--format", "vcard", "--vcard-version", "3.0").stdout
    assert "VERSION:3.0" in vcard3 and "X-APPLE-OMIT-YEAR=1604" in vcard3
    convos = run("export", "--format", "csv", "--type", "conversation").stdout.splitlines()
    assert convos[0].startswith("id,channel,content,summary,parent_id,sentiment,occurred_at,")
    assert len(convos) == 2 and ",sms,," in convos[1]


def test_a_failed_export_leaves_no_half_file(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    target = tmp_path / "backup.json"
    result = run("export", "-o", str(target), db_path=blocker / "book.db")
    assert result.exit_code == 3
    assert not target.exists()
    assert list(tmp_path.glob(".backup.json.*")) == []


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    assert isinstance(progress_for(io.StringIO()), NoProgress)
    stream = Tty()
    bar = progress_for(stream)
    assert isinstance(bar, BarProgress)
    bar.start("Importing", 3)
    for _ in range(3):
        bar.advance()
    bar.finish()
    assert "Importing" in stream.getvalue()


def test_format_is_guessed_from_the_file_name_or_asked_for(run: Run, tmp_path: Path) -> None:
    odd = tmp_path / "contacts.txt"
    odd.write_text("name\nAnn\n")
    result = run("import", str(odd))
    assert result.exit_code == 2 and "--format" in result.stderr
    assert run("import", "--format", "csv", str(odd)).exit_code == 0
    assert run("import", "--format", "vcard", "--type", "note", str(odd)).exit_code == 2
    assert run("export", "--format", "ics", "--type", "note").exit_code == 2
    csv_out = tmp_path / "out.csv"
    assert run("export", "-o", str(csv_out)).exit_code == 0
    assert csv_out.read_text().startswith("id,name,")  # csv from the suffix, contacts by default
