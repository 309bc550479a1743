"""Relationship kinds and their inverses, for the ``pair_relationship`` hook."""

from __future__ import annotations

_PAIRS = {
    "parent": "child",
    "child": "parent",
    "manager": "report",
    "report": "manager",
    "mentor": "mentee",
    "mentee": "mentor",
}


def inverse_kind(kind: str | None) -> str | None:
    """parent<->child, manager<->report, mentor<->mentee; every other kind is symmetric."""
    if kind is None:
        return None
    return _PAIRS.get(kind, kind)
