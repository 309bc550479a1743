"""Date-like wire values: partial dates, full dates and timestamps.

The parsers live at the schema layer because validation needs them and schema is the
bottom layer. We parse by hand: python-dateutil reads ``--0415`` as the year 415, so it is
only used for arithmetic (in domain/), never for parsing.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from functools import cache

from .frozen import Frozen
from .kinds import DATE_YEAR_MAX, DATE_YEAR_MIN, DateKind

_FULL = r"^(\d{4})-(\d{2})-(\d{2})$"
_NO_YEAR = r"^--(\d{2})-?(\d{2})$"
_YEAR = r"^(\d{4})$"
_COMPACT = r"^(\d{4})(\d{2})(\d{2})$"


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled on its first use, not as the module is imported: every
    process imports this module, and the app's first screen parses no date."""
    return re.compile(pattern)


class PartialDate(Frozen):
    """A date whose year, or whose month and day, may be unknown.

    ``year`` is None for ``--MM-DD`` (Monica's ``is_year_unknown``); ``month`` and ``day``
    are None for ``YYYY`` (Monica's ``is_age_based``, which never gets a yearly event).

    A plain slotted class that behaves as the frozen dataclass it was (equality, hash,
    repr, matching, no assignment): the first screen's agenda read imports it, and
    creating that dataclass cost ~1 ms.
    """

    __slots__ = ("day", "month", "year")
    __match_args__ = ("year", "month", "day")
    year: int | None
    month: int | None
    day: int | None

    def __init__(self, year: int | None, month: int | None, day: int | None) -> None:
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "day", day)

    def __repr__(self) -> str:
        name = type(self).__qualname__
        return f"{name}(year={self.year!r}, month={self.month!r}, day={self.day!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    @property
    def year_unknown(self) -> bool:
        return self.year is None

    @property
    def year_only(self) -> bool:
        return self.month is None

    @property
    def recurs(self) -> bool:
        """Whether a yearly occurrence can be computed (needs month and day)."""
        return self.month is not None and self.day is not None

    def isoformat(self) -> str:
        if self.month is None or self.day is None:
            return f"{self.year:04d}"
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.isoformat()


def _valid_md(month: int, day: int, year: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    # Year unknown: Feb 29 is allowed (it may be a leap-year birthday).
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    return 1 <= day <= last


# Every date of unknown year in its stored form (``--MM-DD``, Feb 29 included): such a
# value is checked, normalised and read for its month and day by one set lookup. Built
# from a leap year's month lengths (``_valid_md``'s rule for an unknown year) and
# two-digit texts made once: this module is imported by every start, ``today``'s too,
# and 366 formatted f-strings with a calendar call each cost ~0.45 ms, this ~0.08 ms.
_LEAP_YEAR_MONTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TWO = [str(i).zfill(2) for i in range(32)]
MONTH_DAYS = frozenset(
    [
        f"--{_TWO[m]}-{_TWO[d]}"
        for m, last in enumerate(_LEAP_YEAR_MONTHS, 1)
        for d in range(1, last + 1)
    ]
)


def parse_partial_date(text: str) -> PartialDate | None:
    """Parse ``YYYY-MM-DD``, ``--MM-DD`` / ``--MMDD`` or ``YYYY``; None when invalid.

    A full timestamp (``YYYY-MM-DDT...``) is read as its date part, because exporters
    (vCard BDAY among them) often send one for a birthday.
    """
    s = text.strip()
    if s in MONTH_DAYS:  # the stored form of a day of unknown year: no pattern compiled
        return PartialDate(None, int(s[2:4]), int(s[5:7]))
    if _rx(_FULL).match(s):  # the stored form, so the common case: one C call validates it
        try:
            full = date.fromisoformat(s)
        except ValueError:
            pass  # an impossible day, or digits fromisoformat refuses: the full rules decide
        else:
            return PartialDate(full.year, full.month, full.day)
    if "T" in s and _rx(_FULL).match(s.split("T", 1)[0]):
        s = s.split("T", 1)[0]
    m = _rx(_FULL).match(s) or _rx(_COMPACT).match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if y < 1 or not _valid_md(mo, d, y):
            return None
        return PartialDate(y, mo, d)
    m = _rx(_NO_YEAR).match(s)
    if m:
        mo, d = int(m.group(1)), int(m.group(2))
        if not _valid_md(mo, d, None):
            return None
        return PartialDate(None, mo, d)
    m = _rx(_YEAR).match(s)
    if m:
        y = int(m.group(1))
        return PartialDate(y, None, None) if y >= 1 else None
    return None


def parse_full_date(text: str) -> date | None:
    """Parse a strict ``YYYY-MM-DD``; None when invalid."""
    s = text.strip()
    m = _rx(_FULL).match(s)
    if not m:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        pass  # digits fromisoformat refuses (non-ASCII) still go through int()
    try:
        return date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def parse_timestamp(text: str) -> datetime | None:
    """Parse an ISO 8601 date or datetime into an aware UTC datetime; None when invalid.

    A bare date means midnight UTC of that day; a naive datetime is taken as UTC.
    """
    s = text.strip()
    if not s:
        return None
    if len(s) == 10:  # a date alone has no other length (a time: ~14k in a bulk import)
        d = parse_full_date(s)
        if d is not None:
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    elif dt.tzinfo is UTC:  # "Z" and "+00:00" read as UTC itself: astimezone gives dt
        return dt
    try:
        return dt.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is in the year 0 in UTC
        return None


def format_timestamp(dt: datetime) -> str:
    """The one wire format for server timestamps: UTC, microseconds, ``Z``."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---------------------------------------------------------------- strict shapes
#
# What a body may hold is narrower than what the parsers above read: they also serve
# importers and rows written before the shapes were strict. Only the documented shapes,
# in ASCII digits ("\d" would take Arabic-Indic and full-width digits too).

_D = "[0-9]"
_YMD = f"{_D}{{4}}-{_D}{{2}}-{_D}{{2}}"
_SHAPES: dict[DateKind, str] = {  # compiled on first use (_rx)
    # --MMDD is vCard's year-unknown form, accepted since the start and stored as --MM-DD
    DateKind.PARTIAL: rf"^(?:{_YMD}|--{_D}{{2}}-?{_D}{{2}}|{_D}{{4}})$",
    DateKind.FULL: rf"^{_YMD}$",
    DateKind.TIMESTAMP: (
        rf"^{_YMD}"
        rf"(?:[Tt ]{_D}{{2}}(?::{_D}{{2}}(?::{_D}{{2}}(?:[.,]{_D}{{1,9}})?)?)?"
        rf"(?:[Zz]|[+-]{_D}{{2}}(?::?{_D}{{2}})?)?)?$"
    ),
}
# How each kind of date is written: worded once; every reason, hint, --help and import
# problem that names the shapes takes it from here.
DATE_SHAPES: dict[DateKind, str] = {
    DateKind.PARTIAL: "YYYY-MM-DD, --MM-DD (year unknown) or YYYY",
    DateKind.FULL: "YYYY-MM-DD",
    DateKind.TIMESTAMP: "YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]",
}
SHAPE_REASONS: dict[DateKind, str] = {
    DateKind.PARTIAL: f"must be a date: {DATE_SHAPES[DateKind.PARTIAL]}",
    DateKind.FULL: f"must be a full date {DATE_SHAPES[DateKind.FULL]}",
    DateKind.TIMESTAMP: "must be an ISO 8601 date or date-time "
    f"({DATE_SHAPES[DateKind.TIMESTAMP]})",
}
YEAR_REASON = f"must have a year between {DATE_YEAR_MIN} and {DATE_YEAR_MAX}"


def _year_ok(year: int | None) -> bool:
    return year is None or DATE_YEAR_MIN <= year <= DATE_YEAR_MAX


def date_text_problem(kind: DateKind, text: str) -> str | None:
    """Why ``text`` is not an acceptable value of a ``kind`` field, or None.

    The written year and, for a timestamp, the year in UTC must both be in range.
    """
    if not _rx(_SHAPES[kind]).match(text):
        return SHAPE_REASONS[kind]
    if kind is DateKind.TIMESTAMP:
        if not _year_ok(int(text[:4])):
            return YEAR_REASON
        ts = parse_timestamp(text)
        if ts is None:
            # an impossible day or hour, or an offset that leaves the calendar
            return SHAPE_REASONS[kind] if int(text[:4]) > DATE_YEAR_MIN else YEAR_REASON
        return None if _year_ok(ts.year) else YEAR_REASON
    if kind is DateKind.FULL:
        if not _year_ok(int(text[:4])):
            return YEAR_REASON
        return None if parse_full_date(text) is not None else SHAPE_REASONS[kind]
    year = None if text.startswith("--") else int(text[:4])
    if year is not None and not _year_ok(year):
        return YEAR_REASON
    return None if parse_partial_date(text) is not None else SHAPE_REASONS[kind]
