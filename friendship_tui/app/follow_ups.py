"""Marking a reminder done, then offering the same reminder again later.

Shared by the contacts screen, the dashboard and the check-in review, so ``x`` means the
same everywhere: the reminder is completed at once (one write, undoable), then the offer
"again in 1 week / 1 month / 1 year / no" may add a new reminder with the same message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.snooze import snooze_end

if TYPE_CHECKING:
    from .app import FriendshipApp


def complete_reminder(app: FriendshipApp, reminder_id: str, message: str, parent_id: str) -> None:
    from .screens.follow_up import FollowUpScreen  # a dialog: imported when first shown

    app.write(
        "reminder",
        reminder_id,
        app.backend.update("reminder", reminder_id, {"completed": True}),
        f"Done: {message}",
    )

    def answered(span: str | None) -> None:
        if not span:
            return
        due = snooze_end(span, app.settings.today())
        app.write(
            "reminder",
            reminder_id,
            app.backend.create(
                "reminder",
                {"parent_id": parent_id, "message": message, "due_date": due.isoformat()},
            ),
            f"Reminder again on {due.isoformat()}: {message}",
        )

    app.push_screen(FollowUpScreen(message), answered)
