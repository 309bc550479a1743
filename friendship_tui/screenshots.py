"""``python -m friendship_tui.screenshots``: regenerate the README screenshots."""

from __future__ import annotations

from .app.screenshots import main

if __name__ == "__main__":
    main()
