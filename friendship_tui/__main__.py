"""``python -m friendship_tui``: the same as the ``friendship`` command."""

from friendship_tui.cli.main import main

main()
