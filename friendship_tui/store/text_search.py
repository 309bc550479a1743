"""Search that works on any SQL database: words normalised in Python, matched with LIKE.

SQLite has FTS5 (store/fts.py); other databases (PostgreSQL) get a hidden ``search_doc``
column per searchable model, written by the store on every insert and update:
`` maria garcia anne marie ... `` (the words of the searchable fields, diacritics
removed, case folded, each after a space). A query word then matches as a word prefix,
``search_doc LIKE '% mar%'``, as FTS5's ``"mar"*`` does: "jose" finds "José", "mar"
finds "Anne-Marie" but not "Omar". Normalising in Python, not in SQL, keeps the rule
one and the same everywhere and needs no database extension (unaccent, pg_trgm).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from ..schema import Model

CONTACT_SEARCH_FIELDS = (
    "name", "nickname", "email", "company", "job_title", "notes", "food_prefs", "tags",
)  # fmt: skip
SEARCH_DOC = "search_doc"
# Letters and digits only: "_" and punctuation separate words, as in FTS5's unicode61.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def search_fields(model: Model) -> tuple[str, ...]:
    """The fields a model's search looks in (contact: the ones API.md lists)."""
    if model.name == "contact":
        return CONTACT_SEARCH_FIELDS
    return tuple(f.name for f in model.text_fields)


def fold(text: str) -> str:
    """Lower case without diacritics: "José Ñúñez" -> "jose nunez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(value: Any) -> list[str]:
    """The folded words of a field value (a tag list counts as its tags)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    return _WORD.findall(fold(str(value)))


def search_doc(model: Model, obj: Mapping[str, Any]) -> str | None:
    """The ``search_doc`` column of ``obj``: every word after a space, or None if none."""
    found = [w for name in search_fields(model) for w in words(obj.get(name))]
    if not found:
        return None
    return " " + " ".join(found)


def like_patterns(text: str) -> list[str]:
    """One ``LIKE`` pattern per query word; a row must match them all. Words hold only
    letters and digits, so they never contain LIKE's ``%``, ``_`` or an escape."""
    return [f"% {w}%" for w in words(text)]


def score(model: Model, obj: Mapping[str, Any], text: str, weights: Mapping[str, float]) -> float:
    """Relevance of ``obj`` to ``text``: for each field, its weight times the query words
    found in it as a word prefix (a hit in the name outranks one in the notes)."""
    wanted = words(text)
    total = 0.0
    for name in search_fields(model):
        present = words(obj.get(name))
        hits = sum(1 for w in wanted if _has_prefix(present, w))
        total += hits * weights.get(name, 1.0)
    return total


def _has_prefix(present: Iterable[str], word: str) -> bool:
    return any(p.startswith(word) for p in present)
