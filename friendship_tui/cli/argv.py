"""A command line's everyday options read without click, in the spellings click accepts.

The bare app (``entry.py``) and the quick commands (``quick.py``) read their few options
here, before click is imported (~40 ms). Anything this does not recognise gives None,
and the caller hands the whole command line to click, which parses it and explains any
mistake: so the two readings can only differ by one of them declining.
"""

from __future__ import annotations


def option_value(eq: str, value: str, rest: list[str]) -> str | None:
    """The value of ``--name=VALUE`` (``eq`` set) or of ``--name VALUE`` (taken off
    ``rest``), or None when it is missing, empty or looks like an option."""
    if not eq:
        if not rest:
            return None
        value = rest.pop(0)
    if not value or value.startswith("-"):
        return None
    return value


def split_options(
    args: list[str], values: set[str], flags: set[str]
) -> dict[str, str | bool] | None:
    """``--name VALUE``, ``--name=VALUE`` and ``--flag`` (the last repeat wins), or None
    when anything else is there (click's to judge)."""
    found: dict[str, str | bool] = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name in values:
            taken = option_value(eq, value, rest)
            if taken is None:
                return None
            found[name] = taken
        elif arg in flags:
            found[arg] = True
        else:
            return None
    return found
