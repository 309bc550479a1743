"""The one clock: an instant source plus the user's time zone.

Timestamps stay UTC on the wire and in the store; "today", due dates and every time a
person reads are the user's local ones. The app and the CLI both ask a ``LocalClock``,
so they can never disagree on the day (a birthday "in 3 days" in one and "in 4" in the
other). Tests inject the instant and the zone; nothing else is faked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

Instant = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` on the user's wall clock: ``tz``, or the system's zone (``TZ``) when None.

    A naive datetime is taken as UTC, as the store's parser does.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


@dataclass(frozen=True, slots=True)
class LocalClock:
    """``instant`` says when it is (UTC), ``tz`` where the user is (None: the system's)."""

    instant: Instant = field(default=utc_now)
    tz: tzinfo | None = None

    def utc(self) -> datetime:
        """Now as an aware UTC datetime: what gets stored and sent."""
        return self.instant().astimezone(UTC)

    def now(self) -> datetime:
        """Now on the user's wall clock (aware, in their zone)."""
        return to_local(self.instant(), self.tz)

    def today(self) -> date:
        """The user's local date: the day the agenda, due dates and ages count from."""
        return self.now().date()

    def local(self, moment: datetime) -> datetime:
        return to_local(moment, self.tz)


STAMP_KEYS = ("created_at", "updated_at", "deleted_at")  # server-managed, always UTC


def local_stamp(text: str, tz: tzinfo | None = None) -> str:
    """A stored timestamp as a person reads it: "2026-11-25 01:26 +13:00" on their
    clock; a bare date (nobody's midnight) and anything unreadable stay as they are."""
    raw = text.strip()
    if len(raw) <= 10:
        return text
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return text
    local = to_local(moment, tz)
    return local.strftime("%Y-%m-%d %H:%M %z")[:-2] + ":" + local.strftime("%z")[-2:]
