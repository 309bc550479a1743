"""The ``friendship`` console script: answers ``--version`` and opens the app before
importing click.

``friendship --version`` is what scripts and package managers run to check an install;
it needs only the version string, so it costs the interpreter's start and nothing more.
A bare ``friendship`` (the app, with at most ``--db``, ``--profile`` and ``--demo``) is
what a person runs every day: its few options are read here and the app starts without
click (~0.08 s of imports). Anything else (``--help``, a subcommand, an option spelt
another way or missing its value) goes to ``cli.main``, which gives the same app the
same options, so the two paths cannot disagree on what they accept.
"""

from __future__ import annotations

import sys

# The group's own options that take a value, and its one flag.
VALUE_OPTIONS = {"--db": "db", "--profile": "profile"}
FLAG_OPTIONS = {"--demo": "demo"}


def bare_app_options(args: list[str]) -> dict[str, str | bool] | None:
    """The options of a bare ``friendship`` (no subcommand), or None to let click parse.

    Accepts ``--db PATH``, ``--db=PATH``, ``--profile NAME``, ``--profile=NAME`` and
    ``--demo``, as click does (the last of a repeated option wins); a value that looks
    like an option, or anything else at all, is click's to explain.
    """
    from .argv import split_options

    found = split_options(args, set(VALUE_OPTIONS), set(FLAG_OPTIONS))
    if found is None:
        return None
    names = VALUE_OPTIONS | FLAG_OPTIONS
    return {names[option]: value for option, value in found.items()}


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:
        from .. import __version__

        sys.stdout.write(f"friendship, version {__version__}\n")
        return
    options = bare_app_options(args)
    if options is not None:
        import gc

        # No cycle collection while our modules and the book's first read are imported
        # either (~10 ms of CPU at the start): app/launch.py turns it back on.
        gc.disable()
        from ..opening.options import GlobalOptions
        from .app_command import run_app

        run_app(GlobalOptions(**options))  # type: ignore[arg-type]
        return
    from .quick import run_quick

    if run_quick(args):  # today, contact list: answered without importing click
        return
    from .main import main as run

    run()


if __name__ == "__main__":  # pragma: no cover
    main()
