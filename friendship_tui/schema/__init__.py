"""The 11 models declared once, as data, and the validation derived from them."""

from .dates import (
    PartialDate,
    format_timestamp,
    parse_full_date,
    parse_partial_date,
    parse_timestamp,
)
from .fields import DateKind, Field, FieldType, Model, Mutability
from .models import CHILD_TYPES, MODELS, SERVER_FIELDS, get_model
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
