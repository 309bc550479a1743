"""The two documented hooks, as pure rules the stores apply inside their transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..schema.dates import format_timestamp, parse_timestamp
from .relationships import inverse_kind


def bumped_last_contacted(
    current: str | None, occurred_at: str | None, now: datetime
) -> str | None:
    """``bump_last_contacted``: the later of the current value and the conversation's time.

    Returns the new value, or None when the contact must not change (an older
    conversation never moves ``last_contacted_at`` backwards). A conversation dated
    after ``now`` counts as now: a planned talk is not contact yet, and a typo'd 2099
    would otherwise hide the person from stay-in-touch for decades.
    """
    candidate = occurred_at or format_timestamp(now)
    cand_ts = parse_timestamp(candidate)
    if cand_ts is None:
        return None
    now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    if cand_ts > now:
        candidate, cand_ts = format_timestamp(now), now
    cur_ts = parse_timestamp(current) if current else None
    if cur_ts is not None and cur_ts >= cand_ts:
        return None
    return candidate


def mirror_relationship(row: Mapping[str, Any]) -> dict[str, Any]:
    """``pair_relationship``: the data of the mirror row on the target contact."""
    return {
        "parent_id": row["target_id"],
        "target_id": row["parent_id"],
        "kind": inverse_kind(row.get("kind")),
        "label": row.get("label"),
        "since": row.get("since"),
        "notes": row.get("notes"),
    }
