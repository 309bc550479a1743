"""An object's columns as the wire sees them, and a row read back as an object.

SQLAlchemy-free on purpose: the fast read path (``fast_reads.py``) and the SQLAlchemy
path (``reads.py``) both build objects with these, so the two cannot drift apart. The
per-column conversions are derived from the field types in ``schema/`` (the same rules
the table types in ``tables.py`` apply), never written per model.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from ..schema import MODELS, FieldType, Model, SchemaError, get_model
from .base import Obj
from .errors import ValidationError

# Integral floats up to 2**53 are exactly the integers a double holds; beyond that a
# float read back as an int would be a 300-digit integer no JSON encoder of 64-bit
# numbers writes, so larger ones stay floats (tables.Number applies the same rule).
EXACT_INT = 2**53


def has_server_status(model: Model) -> bool:
    """Gift's data field ``status`` takes the place of the server-managed one."""
    return not model.has_field("status")


def model_for(type_: str) -> Model:
    """The model named ``type_``; an unknown one is a ValidationError on ``type``."""
    if type_ not in MODELS:
        raise ValidationError({"type": f"unknown type {type_!r}; use one of: {', '.join(MODELS)}"})
    return get_model(type_)


def wire_columns(model: Model) -> list[str]:
    """The columns an object is made of, in wire order (server fields, then data)."""
    cols = ["id", "created_at", "updated_at", "owned_by"]
    if has_server_status(model):
        cols.append("status")
    cols.append("is_archived")
    cols += [f.name for f in model.fields if f.name not in cols]
    return cols


WIRE_COLUMNS: dict[str, list[str]] = {name: wire_columns(m) for name, m in MODELS.items()}


def row_to_obj(model: Model, row: Mapping[Any, Any]) -> Obj:
    """A row whose values SQLAlchemy's column types already converted, as an object."""
    obj = {c: row[c] for c in WIRE_COLUMNS[model.name]}
    obj["is_archived"] = bool(obj["is_archived"])
    return obj


def schema_error(err: SchemaError, prefix: str = "") -> ValidationError:
    return ValidationError({f"{prefix}{k}": v for k, v in err.fields.items()})


# -- raw sqlite3 values, converted as the table types of tables.py convert them ----------


def number_value(value: Any) -> Any:
    """``tables.Number``: a REAL that comes back as ``int`` when integral."""
    if isinstance(value, float) and value.is_integer() and -EXACT_INT <= value <= EXACT_INT:
        return int(value)
    return value


def bool_value(value: Any) -> Any:
    """SQLAlchemy's ``Boolean`` on SQLite: 0/1 (or anything) as a bool, NULL as None."""
    return None if value is None else bool(value)


_TAG_LISTS: dict[str, tuple[str, ...]] = {"[]": ()}  # stored text -> its tags, parsed once
_TAG_LISTS_KEPT = 4096  # a book has few distinct tag sets; a bound all the same


def tags_value(value: Any) -> Any:
    """``tables.TagList``: tags stored as JSON text (most often none: ``[]``).

    A book repeats a few tag sets over and over, so each text is parsed once: a page
    of 20 rows costs 20 look-ups instead of 20 JSON parses. Each object gets a list of
    its own (a caller may change it)."""
    if value is None:
        return None
    if value == "[]":
        return []
    known = _TAG_LISTS.get(value)
    if known is not None:
        return list(known)
    parsed = json.loads(value)
    if isinstance(parsed, list) and all(isinstance(tag, str) for tag in parsed):
        if len(_TAG_LISTS) >= _TAG_LISTS_KEPT:
            _TAG_LISTS.clear()
            _TAG_LISTS["[]"] = ()
        _TAG_LISTS[value] = tuple(parsed)
    return parsed


Converter = Callable[[Any], Any] | None
_BY_TYPE: dict[FieldType, Converter] = {
    FieldType.NUMBER: number_value,
    FieldType.BOOL: bool_value,
    FieldType.TAGS: tags_value,
}


def converters(model: Model) -> list[Converter]:
    """Per wire column, what turns a raw sqlite3 value into the object's value (None:
    kept as read)."""
    out: list[Converter] = []
    for col in WIRE_COLUMNS[model.name]:
        if col == "is_archived":
            out.append(bool)
        elif model.has_field(col) and not model.field(col).ref:
            out.append(_BY_TYPE.get(model.field(col).type))
        else:
            out.append(None)
    return out


CONVERTERS: dict[str, list[Converter]] = {name: converters(m) for name, m in MODELS.items()}
RowBuilder = Callable[[Sequence[Any]], Obj]


def _assignment(value: str, col: str, conv: Converter, index: int) -> list[str]:
    """Lines of a builder's source that set ``obj[col]`` from the expression ``value``
    (the ``index``-th column read). The commonest conversions are spelled inline: a
    boolean column that is NULL stays None, a tag list seen before is copied from
    ``tags_value``'s parsed ones. A value kept as read is set only when it is not
    NULL: ``obj`` holds None already, and most optional columns are NULL (skipping
    them spares a page of 20 contacts ~300 dictionary stores, ~20% of its objects'
    making)."""
    if conv is None:
        return [f"    if {value} is not None:", f"        obj[{col!r}] = {value}"]
    if conv is bool:
        return [f"    obj[{col!r}] = bool({value})"]
    if conv is bool_value:
        return [f"    v = {value}", f"    obj[{col!r}] = None if v is None else bool(v)"]
    if conv is tags_value:
        return [
            f"    v = {value}",
            "    known = known_tags(v)",  # a tag set seen before: no call
            f"    obj[{col!r}] = tags_value(v) if known is None else list(known)",
        ]
    return [f"    obj[{col!r}] = conv_{index}({value})"]


def assignments(name: str, read: Sequence[str], values: Sequence[str]) -> list[str]:
    """Lines of a builder's source that set an object's columns ``read`` (of model
    ``name``) from the expressions ``values``, converted as ``CONVERTERS`` say; the
    names they use are in ``builder_scope``. ``obj`` is the object, a copy of a
    template holding None for every column ``read``; ``v`` and ``known`` are scratch
    names."""
    convert = dict(zip(WIRE_COLUMNS[name], CONVERTERS[name], strict=True))
    lines: list[str] = []
    for index, (col, value) in enumerate(zip(read, values, strict=True)):
        lines += _assignment(value, col, convert[col], index)
    return lines


def builder_scope(name: str, read: Sequence[str]) -> dict[str, Any]:
    """The names ``assignments``' lines for the columns ``read`` use."""
    convert = dict(zip(WIRE_COLUMNS[name], CONVERTERS[name], strict=True))
    scope: dict[str, Any] = {"tags_value": tags_value, "known_tags": _TAG_LISTS.get}
    scope.update({f"conv_{index}": convert[col] for index, col in enumerate(read)})
    return scope


def row_builder(name: str) -> RowBuilder:
    """What makes an object of a raw row of model ``name``'s ``WIRE_COLUMNS``: a copy
    of a dict that holds every column already (its key table is copied whole, no
    growing), then one assignment per column, written out for the model once (as
    ``collections.namedtuple`` writes its class), with no loop over converters and no
    call for the common values. A page of 20 contacts (35 columns each) spends most
    of its Python time here; this costs two thirds of ``dict(zip(cols, row))`` plus
    the converters (a page of a list makes its objects in ``page_rows``, alike). A row
    may carry more values after the columns; they are not read."""
    cols = WIRE_COLUMNS[name]
    scope = builder_scope(name, cols)
    scope["template"] = dict.fromkeys(cols)
    lines = ["def build(row):", "    obj = template.copy()"]
    lines += assignments(name, cols, [f"row[{i}]" for i in range(len(cols))])
    lines.append("    return obj")
    exec("\n".join(lines), scope)  # our own column names from the schema, no input
    return cast(RowBuilder, scope["build"])


def template(name: str, values: Mapping[str, Any]) -> Obj:
    """Every column of model ``name`` in wire order, None but for ``values``."""
    obj: Obj = dict.fromkeys(WIRE_COLUMNS[name])
    obj.update(values)
    return obj


ROW_BUILDERS: dict[str, RowBuilder] = {name: row_builder(name) for name in MODELS}


def raw_row_to_obj(model: Model, row: Sequence[Any]) -> Obj:
    """A raw sqlite3 row of ``WIRE_COLUMNS`` (in order) as the object ``row_to_obj``
    makes of the same row read through SQLAlchemy."""
    return ROW_BUILDERS[model.name](row)
