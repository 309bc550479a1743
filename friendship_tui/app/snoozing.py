"""``z`` wherever a person is due (dashboard, contact list, check-in review): ask until
when, then write the reserved snooze field (``store.snoozes``) in a worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import FriendshipApp


def ask_snooze(
    app: FriendshipApp,
    contact_id: str,
    name: str,
    current: date | None = None,
    then: Callable[[date], None] | None = None,
) -> None:
    """Show the snooze dialog for one person; on an answer, snooze them (undoable).

    The dialog and the store's snooze writer are imported here, when first used: the
    first screen a person sees does not wait for them (nor for SQLAlchemy)."""
    from ..store.snoozes import set_snooze
    from .screens.snooze import SnoozeScreen

    def answered(until: date | None) -> None:
        if until is None:
            return
        app.write(
            "custom_field",
            contact_id,
            set_snooze(app.backend, contact_id, until),
            f"Snoozed {name} until {until.isoformat()}.",
        )
        if then is not None:
            then(until)

    app.push_screen(SnoozeScreen(name, app.settings.today(), current), answered)
