"""Which book a command or the app works on: the global options (`--db`, `--profile`,
`--demo`, the clock) and opening the backend they select. Below the CLI and the app
alike, so both mean the same thing by them and neither imports the other."""
