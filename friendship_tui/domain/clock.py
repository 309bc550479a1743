"""The one clock: an instant source plus the user's time zone.

Timestamps stay UTC on the wire and in the store; "today", due dates and every time a
person reads are the user's local ones. The app and the CLI both ask a ``LocalClock``,
so they can never disagree on the day (a birthday "in 3 days" in one and "in 4" in the
other). Tests inject the instant and the zone; nothing else is faked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from ..schema.frozen import Frozen
from ..schema.kinds import DateKind

if TYPE_CHECKING:
    from ..schema.fields import Model

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


class LocalClock(Frozen):
    """``instant`` says when it is (UTC), ``tz`` where the user is (None: the system's).

    A plain slotted class that behaves as the frozen dataclass it was (keyword or
    positional arguments, equality, hash, repr, no assignment): every start makes its
    clock before the first frame, and creating that dataclass cost ~1 ms.
    """

    __slots__ = ("instant", "tz")
    __match_args__ = ("instant", "tz")
    instant: Instant
    tz: tzinfo | None

    def __init__(self, instant: Instant = utc_now, tz: tzinfo | None = None) -> None:
        object.__setattr__(self, "instant", instant)
        object.__setattr__(self, "tz", tz)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(instant={self.instant!r}, tz={self.tz!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.instant, self.tz) == (other.instant, other.tz)

    def __hash__(self) -> int:
        return hash((self.instant, self.tz))

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


_OFFSET = r"^([+-])(\d{2}):(\d{2})$"  # compiled on use: few commands read a zone


def zone_name(tz: tzinfo | None, now: datetime | None = None) -> str:
    """The user's zone as one query value: its IANA name when known (``tz`` a ZoneInfo,
    or None with ``TZ`` naming one), else its UTC offset now (``+13:00``), which a
    server reads back with ``parse_zone``."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # here: ~10 ms few commands need

    key = getattr(tz, "key", None)
    if isinstance(key, str) and key:
        return key
    if tz is None:
        name = os.environ.get("TZ", "").lstrip(":")
        if name:
            try:
                return ZoneInfo(name).key
            except (ValueError, ZoneInfoNotFoundError):
                pass
    offset = to_local(now or utc_now(), tz).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_zone(text: str) -> tzinfo:
    """A zone from ``zone_name``'s text: an IANA name or ``+HH:MM`` / ``-HH:MM``.

    Raises ValueError saying the rule (the server's 400 on ``tz``).
    """
    rule = "must be an IANA time zone (Pacific/Auckland) or a UTC offset like +13:00"
    raw = text.strip()
    m = re.match(_OFFSET, raw)
    if m is not None:
        hours, minutes = int(m.group(2)), int(m.group(3))
        if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
            raise ValueError(rule)
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if m.group(1) == "-" else delta)
    if not raw or raw.startswith(("/", ".")) or ".." in raw:
        raise ValueError(rule)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(raw)
    except (ValueError, ZoneInfoNotFoundError, OSError):
        raise ValueError(rule) from None


def stamp_keys(model: Model) -> list[str]:
    """The keys of ``model`` that hold a timestamp (shown on the local clock)."""
    return [f.name for f in model.fields if f.date is DateKind.TIMESTAMP] + list(STAMP_KEYS)


def local_times(
    model: Model, obj: dict[str, Any], clock: LocalClock, keys: list[str] | None = None
) -> dict[str, Any]:
    """``obj`` for a person to read: its timestamps on the local clock (JSON stays UTC).
    ``keys``: only these (the table's columns); a table without one skips the work."""
    keys = stamp_keys(model) if keys is None else keys
    if not keys:
        return obj
    out = dict(obj)
    for key in keys:
        if isinstance(out.get(key), str):
            out[key] = local_stamp(out[key], clock.tz)
    return out
