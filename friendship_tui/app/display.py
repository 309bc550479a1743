"""How objects read on screen: one line per child, the contact card's facts.

Pure functions of plain dicts plus ``today``, so every screen words things the same way
and tests can check the wording without a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, tzinfo
from typing import Any

from ..domain.clock import to_local
from ..domain.partial_date import age_on, format_partial
from ..domain.stay_in_touch import is_tracked, next_due
from ..schema import get_model, parse_partial_date, parse_timestamp

MOOD_ICONS = {"great": "☀", "good": "☺", "okay": "~", "bad": "☁", "awful": "☂"}
GIFT_LANES = get_model("gift").field("status").choices  # one lane per declared status


def humanise(value: str | None) -> str:
    return (value or "").replace("_", " ")


def short_text(text: Any, width: int = 60) -> str:
    one_line = " ".join(str(text or "").split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"


def short_time(value: str | None, tz: tzinfo | None = None) -> str:
    """ "2026-11-20 14:05" on the user's clock (``tz``; None = the system's zone) for
    timestamps, the date alone when there is no time (a date is nobody's midnight)."""
    if not value:
        return ""
    ts = parse_timestamp(str(value))
    if ts is None:
        return str(value)
    if len(str(value)) <= 10:
        return ts.date().isoformat()
    return to_local(ts, tz).strftime("%Y-%m-%d %H:%M")


def partial_date_text(raw: str | None, today: date, *, with_age: bool = False) -> str:
    """ "12 Mar 1984 (42)", "12 Mar (year unknown)", "1984 (about 42)"."""
    if not raw:
        return ""
    pd = parse_partial_date(str(raw))
    if pd is None:
        return str(raw)
    text = format_partial(pd)
    if with_age and pd.year is not None:
        age = age_on(pd, today)
        text += f" (about {age})" if pd.year_only else f" (age {age})"
    return text


def overdue_days(contact: Mapping[str, Any], today: date, tz: tzinfo | None = None) -> int | None:
    """Days overdue for stay-in-touch (0 = due today), or None when not overdue; counted
    from the local day (``tz``) of the last talk, as the agenda does."""
    freq = contact.get("stay_in_touch_frequency")
    if not is_tracked(freq):
        return None
    due = next_due(contact.get("last_contacted_at"), freq, tz)
    if due is None:
        return 0  # tracked but never contacted: due now
    days = (today - due).days
    return days if days >= 0 else None


def next_check_in_text(contact: Mapping[str, Any], today: date, tz: tzinfo | None = None) -> str:
    freq = contact.get("stay_in_touch_frequency")
    if not is_tracked(freq):
        return "not tracked"
    due = next_due(contact.get("last_contacted_at"), freq, tz)
    if due is None:
        return f"due now ({freq}, never contacted)"
    days = (due - today).days
    if days < 0:
        return f"{due.isoformat()} ({-days} days overdue, {freq})"
    if days == 0:
        return f"today ({freq})"
    return f"{due.isoformat()} (in {days} days, {freq})"


def object_line(
    type_: str,
    obj: Mapping[str, Any],
    *,
    names: Mapping[str, str] | None = None,
    tz: tzinfo | None = None,
) -> str:
    """One line describing a child object in its tab (and in delete confirmations)."""
    o = obj
    if type_ == "note":
        pin = "▲ " if o.get("pinned") else ""
        return pin + short_text(o.get("body"), 90)
    if type_ == "activity":
        when = short_time(o.get("occurred_at"), tz)
        parts = [when, humanise(o.get("kind")), o.get("title") or ""]
        if o.get("location"):
            parts.append(f"@ {o['location']}")
        return "  ".join(p for p in parts if p)
    if type_ == "conversation":
        mins = o.get("duration_minutes")
        parts = [
            short_time(o.get("occurred_at"), tz),
            humanise(o.get("channel")),
            short_text(o.get("summary") or o.get("content"), 60),
            f"{mins:g} min" if isinstance(mins, int | float) else "",
            humanise(o.get("sentiment")),
        ]
        return "  ".join(p for p in parts if p)
    if type_ == "reminder":
        box = "☑" if o.get("completed") else "☐"
        return f"{box} {o.get('due_date') or ''}  {o.get('message') or ''}"
    if type_ == "gift":
        price = o.get("price")
        money = f"{price:g} {o.get('currency') or ''}".strip() if price is not None else ""
        parts = [o.get("title") or "", o.get("occasion") or "", money, o.get("date") or ""]
        return "  ".join(p for p in parts if p)
    if type_ == "life_event":
        rec = " ↻" if o.get("recurring") else ""
        return (
            f"{o.get('occurred_at') or '?'}  {humanise(o.get('kind'))}  {o.get('title') or ''}{rec}"
        )
    if type_ == "relationship":
        other = (names or {}).get(str(o.get("target_id")), str(o.get("target_id") or "?"))
        label = f" ({o['label']})" if o.get("label") else ""
        since = f"  since {o['since']}" if o.get("since") else ""
        return f"{humanise(o.get('kind'))} of → {other}{label}{since}"
    if type_ == "pet":
        species = o.get("species_other") if o.get("species") == "other" else o.get("species")
        parts = [
            o.get("name") or "",
            humanise(species),
            o.get("breed") or "",
            o.get("born_at") or "",
        ]
        return "  ".join(p for p in parts if p)
    if type_ == "custom_field":
        return f"{o.get('label') or ''}: {o.get('value') or ''}"
    if type_ == "journal_entry":
        mood = MOOD_ICONS.get(str(o.get("mood")), " ")
        tags = " ".join(f"#{t}" for t in o.get("tags") or [])
        day = short_time(o.get("entry_date"), tz)
        return f"{day}  {mood} {o.get('title') or ''}  {tags}".rstrip()
    model = get_model(type_)
    return str(o.get(model.display_field) or o.get("id"))


def relationship_reading(parent: str, kind: str | None, target: str | None) -> str:
    """Which way a relationship points, in words: "Ann is the manager of Bob"."""
    who = parent or "this contact"
    other = target or "the other contact"
    if not kind:
        return f"Reads: {who} is the … of {other} (choose a kind)."
    return f"Reads: {who} is the {humanise(kind)} of {other}."


def describe(type_: str, obj: Mapping[str, Any]) -> str:
    """A short name for messages: 'note "Loves jazz"', 'contact "Ann Lee"'."""
    model = get_model(type_)
    label = short_text(obj.get(model.display_field) or obj.get("id"), 40)
    return f'{type_.replace("_", " ")} "{label}"'


def card_facts(
    contact: Mapping[str, Any], today: date, tz: tzinfo | None = None
) -> list[tuple[str, str]]:
    """The header card's label/value pairs, in display order, skipping empty ones."""
    c = contact
    work = " · ".join(x for x in (c.get("job_title"), c.get("company")) if x)
    reach = " · ".join(x for x in (c.get("email"), c.get("phone")) if x)
    facts = [
        ("Pronouns", c.get("pronouns") or ""),
        ("Nickname", c.get("nickname") or ""),
        ("Work", work),
        ("Contact", reach),
        ("Birthday", partial_date_text(c.get("birthday"), today, with_age=True)),
        ("Anniversary", partial_date_text(c.get("anniversary"), today)),
        ("Last contacted", short_time(c.get("last_contacted_at"), tz) or "never"),
        ("Next check-in", next_check_in_text(c, today, tz)),
        ("Tags", ", ".join(c.get("tags") or [])),
    ]
    return [(k, v) for k, v in facts if v]


OVERVIEW_FIELDS = (
    "how_we_met", "food_prefs", "allergies", "address_line", "city", "country",
    "website", "linkedin", "twitter", "secondary_email", "secondary_phone",
    "gender", "stay_in_touch_topic", "notes",
)  # fmt: skip


def overview_facts(contact: Mapping[str, Any]) -> list[tuple[str, str]]:
    model = get_model("contact")
    out = []
    for name in OVERVIEW_FIELDS:
        value = contact.get(name)
        if value:
            out.append(
                (model.field(name).label, humanise(value) if name == "gender" else str(value))
            )
    return out
