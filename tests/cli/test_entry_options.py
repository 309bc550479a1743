"""The bare ``friendship`` reads its own few options (cli/entry.py) and leaves every
other command line to click, so nothing is accepted or refused differently."""

from __future__ import annotations

import pytest

from friendship_tui.cli.entry import bare_app_options


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], {}),
        (["--db", "book.db"], {"db": "book.db"}),
        (["--db=book.db"], {"db": "book.db"}),
        (["--profile", "home", "--demo"], {"profile": "home", "demo": True}),
        (["--profile=home", "--db", "a.db", "--db", "b.db"], {"profile": "home", "db": "b.db"}),
    ],
)
def test_the_app_options_are_read_without_click(
    args: list[str], options: dict[str, str | bool]
) -> None:
    assert bare_app_options(args) == options


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["today"],
        ["--db", "book.db", "contact", "list"],
        ["--db"],  # missing value: click says so
        ["--db", "--demo"],  # a value that looks like an option
        ["--demo=yes"],
        ["--d", "book.db"],
        ["--"],
        ["--version", "--db", "book.db"],
    ],
)
def test_anything_else_is_left_to_click(args: list[str]) -> None:
    assert bare_app_options(args) is None
