"""``friendship import --from monica URL --token T [--save FILE]`` and
``friendship import --format monica-json FILE`` through the real entry point."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from friendship_tui.cli.main import cli

from .standin import TOKEN, monica_standin


def test_import_from_a_monica_url_saves_and_reimports_offline(tmp_path: Path) -> None:
    runner = CliRunner()
    db, saved = tmp_path / "book.db", tmp_path / "monica.json"
    with monica_standin() as standin:
        result = runner.invoke(
            cli,
            ["--db", str(db), "import", "--from", "monica", standin.url, "--token", TOKEN,
             "--save", str(saved)],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Imported from Monica: " in result.stdout and "0 failed" in result.stdout
    assert "vcard_extra (Ann Lindqvist)" in result.stdout  # the field with no home, named
    assert "Monica debts became notes" in result.stdout
    assert json.loads(saved.read_text())["format"] == "monica-json"

    again = runner.invoke(cli, ["--db", str(db), "import", str(saved), "--json"])  # sniffed
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert (report["created"], report["updated"], report["failed"]) == (0, 0, 0)
    assert report["unchanged"] > 20
    listed = runner.invoke(cli, ["--db", str(db), "contact", "list", "--json"])
    assert json.loads(listed.stdout)["count"] == 5  # the two partial contacts are hidden


def test_import_from_monica_needs_a_token_and_a_dump_file(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "book.db"
    result = runner.invoke(
        cli, ["--db", str(db), "import", "--from", "monica", "https://monica.example.org"]
    )
    assert result.exit_code == 2 and "--from monica needs --token" in result.output
    other = tmp_path / "other.json"
    other.write_text('{"contacts": []}')
    result = runner.invoke(cli, ["--db", str(db), "import", "--format", "monica-json", str(other)])
    assert result.exit_code == 2 and "not a monica-json file" in result.output


def test_cli_takes_a_birthday_as_an_age(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "book.db"
    made = runner.invoke(
        cli, ["--db", str(db), "contact", "create", "--name", "Ivy", "--birthday", "about 40",
              "--json"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["birthday"] == str(date.today().year - 40)
    bad = runner.invoke(cli, ["--db", str(db), "contact", "create", "--name", "X",
                              "--birthday", "about forty"])  # fmt: skip
    assert bad.exit_code == 2 and "birthday" in bad.output


def test_an_unwritable_save_file_is_one_clear_error(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "book.db"
    with monica_standin() as standin:
        result = runner.invoke(
            cli,
            ["--db", str(db), "import", "--from", "monica", standin.url, "--token", TOKEN,
             "--save", str(tmp_path / "no-such-dir" / "monica.json")],
        )  # fmt: skip
    assert result.exit_code != 0 and "cannot save to" in result.output
    assert "Traceback" not in result.output
