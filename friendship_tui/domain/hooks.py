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


# Which logged items move their contact's ``last_contacted_at``, and who applies the rule.
# The documented hook (API.md ``bump_last_contacted``) covers conversations: every store
# and the server run it, so a client must not apply it again. Activities follow the same
# rule [ours, DESIGN.md] but no server hook does it: every client path applies it
# (the app's form, ``friendship activity create``, every import) through
# ``last_contacted_after`` and ``io/contacted.py``.
HOOK_BUMPS: frozenset[str] = frozenset({"conversation"})
CLIENT_BUMPS: frozenset[str] = frozenset({"activity"})
BUMPING_TYPES: frozenset[str] = HOOK_BUMPS | CLIENT_BUMPS


def last_contacted_after(
    contact: Mapping[str, Any], type_: str, item: Mapping[str, Any], now: datetime
) -> str | None:
    """The contact's new ``last_contacted_at`` once ``item`` (a ``type_``) is logged under
    it, or None when it must stay: ``type_`` does not count as contact, the item is older
    than the current value (never backwards), or it is dated later than ``now`` (counted
    as now). One rule for the hook and every client (``bumped_last_contacted``)."""
    if type_ not in BUMPING_TYPES:
        return None
    return bumped_last_contacted(contact.get("last_contacted_at"), item.get("occurred_at"), now)


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
