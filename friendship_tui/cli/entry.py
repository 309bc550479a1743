"""The ``friendship`` console script: answers ``--version`` before importing click.

Everything else goes to ``cli.main``. ``friendship --version`` is what scripts and
package managers run to check an install; it needs only the version string, so it
costs the interpreter's start and nothing more.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from .. import __version__

        sys.stdout.write(f"friendship, version {__version__}\n")
        return
    from .main import main as run

    run()


if __name__ == "__main__":  # pragma: no cover
    main()
