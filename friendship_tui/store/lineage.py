"""Which family of tables a database holds, and the head revision of each.

Apart from the migration machinery (store/migrate.py) because opening a current book
needs only the book's head and version table: the app's first screen and every quick
command open their book without importing the migrations module.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

MIGRATIONS = Path(__file__).with_name("migrations")


class Lineage(NamedTuple):
    """One family of tables with its own revisions.

    ``head`` is written here too (a test holds it equal to the scripts' head) so that a
    current database is recognised with one query, without loading Alembic. ``adopt``
    names a table whose presence, with no version table, means "made by a release from
    before this lineage had revisions": such a database is stamped at ``baseline``.
    A named tuple, not a frozen dataclass (~1 ms to create): every start opens a book.
    """

    name: str
    folder: Path
    version_table: str
    head: str
    baseline: str | None = None
    adopt: str | None = None


BOOK = Lineage("book", MIGRATIONS, "alembic_version", head="0010_agenda_ties")
