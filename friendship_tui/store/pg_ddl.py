"""PostgreSQL's versions of the trigger-kept side tables (SQLite's are in fts.py and
counts.py): the tag index rows and the per-owner row counts.

They are triggers, not store code, for the same reason as on SQLite: every write path
(the store, bulk imports, cascades, a row written by hand) keeps them exact. Each is
generated from schema.MODELS; nothing is written per model. Search needs no trigger
here: the ``search_doc`` column is written by the store (store/text_search.py).
"""

from __future__ import annotations

from ..schema import MODELS, FieldType
from .tables import tag_table_name


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$"
    )


def tag_ddl() -> list[str]:
    """Per tag field: a function that rewrites the object's tag rows, and its trigger."""
    out: list[str] = []
    for model in MODELS.values():
        for fld in model.fields:
            if fld.type is not FieldType.TAGS:
                continue
            x, c, t = tag_table_name(model, fld.name), fld.name, model.name
            body = (
                f"IF TG_OP <> 'INSERT' THEN DELETE FROM {x} WHERE obj_seq = OLD.seq; END IF; "
                f"IF TG_OP <> 'DELETE' AND NEW.{c} IS NOT NULL THEN "
                f"INSERT INTO {x}(obj_seq, owned_by, tag) "
                f"SELECT NEW.seq, NEW.owned_by, jsonb_array_elements_text(NEW.{c}::jsonb); "
                f"END IF;"
            )
            out += [
                _function(f"{x}_sync", body),
                f"CREATE TRIGGER {x}_sync AFTER INSERT OR DELETE OR UPDATE OF {c}, owned_by "
                f"ON {t} FOR EACH ROW EXECUTE FUNCTION {x}_sync()",
            ]
    return out


def _bump(row: str, delta: int) -> str:
    return (
        f"INSERT INTO row_count(owned_by, type, is_archived, n) "
        f"VALUES ({row}.owned_by, TG_TABLE_NAME, {row}.is_archived::int, {delta}) "
        f"ON CONFLICT (owned_by, type, is_archived) DO UPDATE SET n = row_count.n + ({delta}); "
    )


def counts_ddl() -> list[str]:
    """One function for every model's table (it reads the type from TG_TABLE_NAME)."""
    body = (
        f"IF TG_OP <> 'INSERT' THEN {_bump('OLD', -1)}END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_bump('NEW', 1)}END IF;"
    )
    out = [_function("friendship_row_count", body)]
    for t in MODELS:
        out.append(
            f"CREATE TRIGGER {t}_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by "
            f"ON {t} FOR EACH ROW EXECUTE FUNCTION friendship_row_count()"
        )
    return out
