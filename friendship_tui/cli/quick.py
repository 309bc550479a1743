"""The two commands people run most, answered without click: ``friendship today`` and
``friendship <type> list`` (``contact list``), each with its everyday options.

Importing click and building its command tree costs ~40 ms of CPU, a sixth of what
the whole ``contact list`` process used to take. These commands are read here, in
the few spellings click would accept for them (``--db PATH`` or ``--db=PATH`` before the
command; ``--days``, ``--limit``, ``--all``, ``--date``, ``--json`` for ``today``;
``--limit``, ``--all``, ``--json``, ``--ndjson``, ``--columns`` for ``list``), and run by
the same code the click commands call (``today_text.py``, ``list_work.py``), so the
output is the same by construction. Anything else (``--help``, ``--profile``, a value
click would refuse, an option spelt another way) returns False and goes to click, which
then parses it and explains any mistake as before.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from .argv import option_value, split_options

if TYPE_CHECKING:  # imported in quick_command, once the collector is off (run_quick)
    from ..opening.options import GlobalOptions

Command = Callable[["GlobalOptions"], None]

DAYS_AHEAD = 30  # today --days, when not given (both parsers read these two)
MAX_DAYS = 366  # the most --days takes
LONGEST_DIGITS = 9  # an int click would take and sqlite can bind; longer goes to click


def whole_number(text: str | bool | None, low: int, high: int | None = None) -> int | None:
    """A plain decimal within ``[low, high]``, else None (then click says what is wrong)."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit():
        return None
    if len(text) > LONGEST_DIGITS:
        return None
    number = int(text)
    if number < low or (high is not None and number > high):
        return None
    return number


def today_command(args: list[str]) -> Command | None:
    """``today [--days N] [--limit N | --all] [--date YYYY-MM-DD] [--json]``."""
    opts = split_options(args, {"--days", "--limit", "--date"}, {"--all", "--json"})
    if opts is None:
        return None
    days = whole_number(opts.get("--days", str(DAYS_AHEAD)), 0, MAX_DAYS)
    every = bool(opts.get("--all"))
    as_json = bool(opts.get("--json"))
    limit: int | None = None
    if "--limit" in opts:
        limit = whole_number(opts["--limit"], 0)
        if limit is None or every:
            return None
    if days is None:
        return None
    on: date | None = None
    if "--date" in opts:
        try:
            on = datetime.strptime(str(opts["--date"]), "%Y-%m-%d").date()
        except ValueError:
            return None
    if limit is None and not (every or as_json):
        from .today_text import TEXT_ROWS

        limit = TEXT_ROWS

    def run(options: GlobalOptions) -> None:
        from .today_text import print_agenda, read_agenda

        today = on if on is not None else options.clock.today()
        print_agenda(read_agenda(options, today, days, limit), as_json)

    return run


def list_command(type_name: str, args: list[str]) -> Command | None:
    """``<type> list [--limit N | --all] [--json | --ndjson] [--columns A,B]``."""
    from ..schema import MODELS

    model = MODELS.get(type_name.replace("-", "_"))  # life-event works as life_event
    if model is None:
        return None
    opts = split_options(args, {"--limit", "--columns"}, {"--all", "--json", "--ndjson"})
    if opts is None:
        return None
    limit = None
    if "--limit" in opts:
        limit = whole_number(opts["--limit"], 1)
        if limit is None:
            return None
    every = bool(opts.get("--all"))
    columns = opts.get("--columns")

    def run(options: GlobalOptions) -> None:
        from .list_work import list_objects

        if every:  # a whole book streams through: collect cycles as usual
            gc.enable()
        list_objects(
            options,
            model,
            wanted=None if every else (limit or model.default_page_size),
            columns=columns if isinstance(columns, str) else None,
            as_json=bool(opts.get("--json")),
            ndjson=bool(opts.get("--ndjson")),
        )

    return run


def quick_command(args: list[str]) -> tuple[GlobalOptions, Command] | None:
    """The options and the command to run, or None for click to parse ``args``."""
    db: str | None = None
    rest = list(args)
    while rest and rest[0].startswith("--db"):
        name, eq, value = rest.pop(0).partition("=")
        if name != "--db":
            return None
        db = option_value(eq, value, rest)
        if db is None:
            return None
    if not rest:
        return None
    command: Command | None = None
    if rest[0] == "today":
        command = today_command(rest[1:])
    elif len(rest) >= 2 and rest[1] == "list":
        command = list_command(rest[0], rest[2:])
    if command is None:
        return None
    from ..opening.options import GlobalOptions

    return GlobalOptions(db=db), command


def say_on_stderr(text: str) -> None:
    """A store notice, as the click group prints it for a subcommand."""
    sys.stderr.write(f"friendship: {text}\n")


def run_quick(args: list[str]) -> bool:
    """Run ``args`` here if it is one of the quick commands; False: not handled.

    For the console script only: a command that ran to its end leaves the process at
    once (``os._exit``) after flushing its output. The book is closed by then, and
    Python's own shutdown (a full collection of every object the imports made, then
    tearing down each module) is ~7% of the whole process, for nothing a user sees.
    """
    # The imports below allocate thousands of objects that live until exit; collecting
    # them over and over is wasted work (~3 ms). A one-shot read of a page makes little
    # garbage and what it makes goes by reference counting; ``--all`` turns it back on.
    gc.disable()
    found = quick_command(args)
    if found is None:
        gc.enable()
        return False
    options, command = found
    from ..store import notices

    notices.set_sink(say_on_stderr)
    try:
        command(options)
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError as exc:  # `friendship today | head -1`: quietly, as click does
        if exc.errno != errno.EPIPE:
            raise
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the exit's own flush must not fail too
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")
        raise SystemExit(1) from None
    os._exit(0)
