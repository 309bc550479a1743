"""The ``friendship`` command: the TUI when bare, headless subcommands otherwise."""
