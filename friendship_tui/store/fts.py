"""Full-text search on SQLite: FTS5 external-content tables kept in step by triggers.

Other databases search with store/text_search.py instead.

Each model gets ``<type>_fts`` over its text fields (contact: the fields API.md lists),
tokenised with ``unicode61 remove_diacritics 2`` so "jose" finds "José". User text is
never passed to MATCH raw: each token is quoted and made a prefix match.
"""

from __future__ import annotations

from ..schema import MODELS, FieldType, Model
from .fts_query import PREFIX_INDEXES, TOKENIZER, fts_table, match_expression, query_words
from .tables import tag_table_name
from .text_search import search_fields

__all__ = [
    "PREFIX_INDEXES", "TOKENIZER", "all_ddl", "fts_ddl", "fts_table", "match_expression",
    "query_words", "search_fields", "tag_ddl",
]  # fmt: skip


def fts_ddl(model: Model) -> list[str]:
    """CREATE statements for the model's FTS table and the triggers that feed it."""
    fields = search_fields(model)
    if not fields:
        return []
    t, f = model.name, fts_table(model)
    cols = ", ".join(fields)
    new_vals = ", ".join(f"new.{c}" for c in fields)
    old_vals = ", ".join(f"old.{c}" for c in fields)
    prefix = f", prefix='{PREFIX_INDEXES[t]}'" if t in PREFIX_INDEXES else ""
    return [
        f"CREATE VIRTUAL TABLE {f} USING fts5({cols}, content='{t}', content_rowid='seq', "
        f"tokenize='{TOKENIZER}'{prefix})",
        f"CREATE TRIGGER {f}_ai AFTER INSERT ON {t} BEGIN "
        f"INSERT INTO {f}(rowid, {cols}) VALUES (new.seq, {new_vals}); END",
        f"CREATE TRIGGER {f}_ad AFTER DELETE ON {t} BEGIN "
        f"INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.seq, {old_vals}); END",
        f"CREATE TRIGGER {f}_au AFTER UPDATE OF {cols} ON {t} BEGIN "
        f"INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.seq, {old_vals}); "
        f"INSERT INTO {f}(rowid, {cols}) VALUES (new.seq, {new_vals}); END",
    ]


def tag_ddl(model: Model) -> list[str]:
    """Triggers that keep the tag side tables equal to the JSON tag lists."""
    out: list[str] = []
    t = model.name
    for fld in model.fields:
        if fld.type is not FieldType.TAGS:
            continue
        x, c = tag_table_name(model, fld.name), fld.name
        fill = (
            f"INSERT INTO {x}(obj_seq, owned_by, tag) "
            f"SELECT new.seq, new.owned_by, value FROM json_each(new.{c}); "
        )
        out += [
            f"CREATE TRIGGER {x}_ai AFTER INSERT ON {t} WHEN new.{c} IS NOT NULL BEGIN {fill}END",
            f"CREATE TRIGGER {x}_ad AFTER DELETE ON {t} BEGIN "
            f"DELETE FROM {x} WHERE obj_seq = old.seq; END",
            f"CREATE TRIGGER {x}_au AFTER UPDATE OF {c}, owned_by ON {t} BEGIN "
            f"DELETE FROM {x} WHERE obj_seq = old.seq; "
            f"INSERT INTO {x}(obj_seq, owned_by, tag) "
            f"SELECT new.seq, new.owned_by, value FROM json_each(coalesce(new.{c}, '[]')); END",
        ]
    return out


def all_ddl() -> list[str]:
    """FTS and tag DDL for every model, in a stable order (migrations replay it)."""
    out: list[str] = []
    for model in MODELS.values():
        out += fts_ddl(model)
        out += tag_ddl(model)
    return out
