"""The 11 models declared once, as data, and the validation derived from them.

The names below load their submodule when first used (PEP 562): the app's first screen
needs the date parsers and field vocabulary, not the 11 model declarations or the
validators (their regexes and records cost milliseconds at every start).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dates import (
        PartialDate,
        format_timestamp,
        parse_full_date,
        parse_partial_date,
        parse_timestamp,
    )
    from .field_kinds import FieldType, Mutability
    from .fields import Field, Model
    from .kinds import DateKind
    from .models import (
        CHILD_TYPES,
        MODELS,
        SERVER_FIELDS,
        get_model,
    )
    from .validation import (
        FieldErrors,
        ListQuery,
        SchemaError,
        check_query,
        check_value,
        coerce_text,
        parse_bool_text,
        query_from_params,
        validate_create,
        validate_patch,
    )

# Each public name and the submodule that defines it.
_HOMES = {
    "dates": (
        "PartialDate",
        "format_timestamp",
        "parse_full_date",
        "parse_partial_date",
        "parse_timestamp",
    ),
    "fields": ("Field", "Model"),
    "field_kinds": ("FieldType", "Mutability"),
    "kinds": ("DateKind",),
    "models": ("CHILD_TYPES", "MODELS", "SERVER_FIELDS", "get_model"),
    "validation": (
        "FieldErrors",
        "ListQuery",
        "SchemaError",
        "check_query",
        "check_value",
        "coerce_text",
        "parse_bool_text",
        "query_from_params",
        "validate_create",
        "validate_patch",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "CHILD_TYPES",
    "MODELS",
    "SERVER_FIELDS",
    "DateKind",
    "Field",
    "FieldErrors",
    "FieldType",
    "ListQuery",
    "Model",
    "Mutability",
    "PartialDate",
    "SchemaError",
    "check_query",
    "check_value",
    "coerce_text",
    "format_timestamp",
    "get_model",
    "parse_bool_text",
    "parse_full_date",
    "parse_partial_date",
    "parse_timestamp",
    "query_from_params",
    "validate_create",
    "validate_patch",
]


def __getattr__(name: str) -> Any:
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # The import statement's own machinery (not importlib.import_module), so the
    # interpreter's import log (-X importtime, tests/cli/test_import_budget.py) names it.
    __import__(f"{__name__}.{home}")
    value = getattr(sys.modules[f"{__name__}.{home}"], name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value
