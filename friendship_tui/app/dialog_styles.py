"""The dialogs' stylesheets, read once the first screen is up rather than before it.

Every stylesheet the app names is parsed before its first frame; the forms' and the
review dialogs' rules (styles/forms.tcss, styles/review.tcss) are a third of ours and
style nothing on the main screens. Each dialog names its own file (``CSS_PATH``), so
Textual reads it when the dialog first opens; once the first screen shows its data the
app reads them ahead (``read_dialog_styles``), and a dialog then opens without parsing
a stylesheet or restyling the screens below it (issue "Instant").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

STYLES = Path(__file__).parent / "styles"
FORMS_CSS = STYLES / "forms.tcss"  # forms, confirmations, the contact picker, help
REVIEW_CSS = STYLES / "review.tcss"  # the check-in review, snooze, follow-up
DIALOG_STYLES = (FORMS_CSS, REVIEW_CSS)


def read_dialog_styles(app: App[Any]) -> None:
    """Parse the dialogs' stylesheets now, under the names their screens give them.

    Their rules only match nodes inside the dialogs, so nothing on screen is restyled."""
    stylesheet = app.stylesheet
    fresh = [p for p in DIALOG_STYLES if not stylesheet.has_source(str(p), "")]
    for path in fresh:
        stylesheet.read(path)
    if fresh:
        stylesheet.parse()
