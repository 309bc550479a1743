"""What an FTS5 query is made of, without SQLAlchemy: the table's name, the words of a
query and its MATCH expression. ``fts.py`` (the DDL) and the plain-``sqlite3`` read
path (``fast_search.py``) both spell their queries from here.
"""

from __future__ import annotations

import re

from ..schema import Model

TOKENIZER = "unicode61 remove_diacritics 2"
# Extra prefix indexes: filter-as-you-type sends 1- and 2-letter prefixes of names,
# which without them scan every token that starts with the letter (7 ms vs 1.8 ms for
# "m" at 100k contacts). Only the contact list is typed into letter by letter.
PREFIX_INDEXES = {"contact": "1 2"}

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_table(model: Model) -> str:
    return f"{model.name}_fts"


def query_words(text: str) -> list[str]:
    """The words of a query as MATCH sees them (see ``match_expression``)."""
    return _TOKEN.findall(text)


def match_expression(text: str) -> str | None:
    """Every word of ``text`` as a quoted prefix term, all required; None when no words.

    Splitting on word characters mirrors what unicode61 indexes, so punctuation in the
    query (quotes, ``*``, ``:``, ``-``, ``AND``) can never change the MATCH syntax.
    """
    tokens = query_words(text)
    if not tokens:
        return None
    return " ".join('"' + t.replace('"', '""') + '"*' for t in tokens)
