"""The dialogs' and the other main screens' stylesheets, read once the first screen is up
rather than before it.

Every stylesheet the app names is parsed before its first frame; the forms' and the
review dialogs' rules (styles/forms.tcss, styles/review.tcss) are a third of ours and
style nothing on the main screens. Each dialog names its own file (``CSS_PATH``), so
Textual reads it when the dialog first opens; once the first screen shows its data the
app reads them ahead (``read_dialog_styles``), and a dialog then opens without parsing
a stylesheet or restyling the screens below it (issue "Instant").

The same goes for the contacts and journal screens' styles (styles/app.tcss,
styles/widgets.tcss, two thirds of the main screens' rules) when the app opens on the
dashboard, which has its own (styles/dashboard.tcss); opening elsewhere, the app reads
them before its first frame, as the screen it opens on needs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any

from textual.app import App

STYLES = Path(__file__).parent / "styles"
FORMS_CSS = STYLES / "forms.tcss"  # forms, confirmations, the contact picker, help
REVIEW_CSS = STYLES / "review.tcss"  # the check-in review, snooze, follow-up
DIALOG_STYLES = (FORMS_CSS, REVIEW_CSS)
DASHBOARD_CSS = STYLES / "dashboard.tcss"  # the dashboard's panels
SCREEN_STYLES = (STYLES / "app.tcss", STYLES / "widgets.tcss")  # contacts, journal


def read_dialog_styles(app: App[Any]) -> None:
    """Parse the dialogs' and the main screens' stylesheets now, under the names their
    screens give them (those the app read already are skipped).

    Their rules only match nodes inside those screens, so nothing on screen is restyled."""
    read_styles(app, (*SCREEN_STYLES, *DIALOG_STYLES))


def read_styles(app: App[Any], paths: Iterable[str | PurePath]) -> None:
    """Add the stylesheets at ``paths`` the app has not read to its rules, parsing only
    them (Textual, reading a screen's own stylesheet as it opens, parses every
    stylesheet again and styles every node again: ~0.1 s, and a restyle mid-mount)."""
    stylesheet = app.stylesheet
    fresh = [p for p in paths if not stylesheet.has_source(str(p), "")]
    for path in fresh:
        stylesheet.read(path)
    if fresh:
        stylesheet.parse()
