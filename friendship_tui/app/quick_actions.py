"""The quick-action forms shared by the contacts screen, the detail pane and the dashboard.

Each returns a ``FormScreen`` preset for one contact: ``l`` log a conversation
(channel, summary, when = now), ``a`` an activity, ``r`` a reminder, ``n`` a note.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from .settings import AppSettings

if TYPE_CHECKING:  # imported when a form first opens: not on the first screen's path
    from .screens.form import FormScreen

QUICK_TYPES = {"l": "conversation", "a": "activity", "r": "reminder", "n": "note"}


def stamp(moment: datetime) -> str:
    """A timestamp as stored: UTC to the second (the form shows it on the local clock)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def quick_form(type_: str, contact_id: str, contact_name: str, settings: AppSettings) -> FormScreen:
    now = settings.now()
    initial: dict[str, object] = {"parent_id": contact_id}
    fields: tuple[str, ...] | None = None
    title = None
    if type_ == "conversation":
        initial.update(channel="call", occurred_at=stamp(now))
        fields = ("parent_id", "channel", "summary", "occurred_at", "sentiment", "duration_minutes")
        title = f"Log a conversation with {contact_name}"
    elif type_ == "activity":
        initial.update(kind="meeting", occurred_at=stamp(now))
        title = f"Add an activity with {contact_name}"
    elif type_ == "reminder":
        initial.update(due_date=(settings.today() + timedelta(days=7)).isoformat())
        title = f"Remind me about {contact_name}"
    elif type_ == "note":
        title = f"Note on {contact_name}"
    else:
        title = f"New {type_.replace('_', ' ')} for {contact_name}"
    from .screens.form import FormScreen

    return FormScreen(
        type_, initial=initial, fields=fields, ref_names={"parent_id": contact_name}, title=title
    )
