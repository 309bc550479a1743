"""A model described in words and as data, for people (``--help``, ``schema``) and
programs (``schema --json``): the rule of each field is worded once, here, from its
declaration, so every place that explains a field says the same thing."""

from __future__ import annotations

from typing import Any

from .dates import DATE_SHAPES
from .fields import URL_MAX, DateKind, Field, FieldType
from .models import SERVER_FIELDS, Model
from .validation import number_rule


def field_limits(f: Field) -> str:
    """The rule of a field in a few words (for --help and ``schema``)."""
    parts: list[str] = []
    if f.choices:
        parts.append("one of " + "|".join(f.choices))
    if f.max_length is not None:
        parts.append(f"max {f.max_length} chars")
    if f.type is FieldType.URL:
        parts.append(f"http(s) URL, max {URL_MAX} chars")
    if f.type is FieldType.TAGS:
        parts.append("comma-separated tags")
    if f.type is FieldType.NUMBER:
        parts.append(number_rule(f))
    if f.date is DateKind.TIMESTAMP:
        parts.append("ISO 8601 date or date-time")
    elif f.date is not None:
        parts.append(f"date {DATE_SHAPES[f.date]}")
    if f.year_range is not None:
        parts.append("years {} to {}".format(*f.year_range))
    if f.ref:
        parts.append(f"id of a {f.ref}")
    return ", ".join(parts)


SCHEMA_COLUMNS = ("field", "type", "rule", "required", "mutability")


def model_rows(model: Model) -> list[tuple[str, str, str, str, str]]:
    """One row per field under ``SCHEMA_COLUMNS``, for ``friendship X schema``."""
    return [
        (f.name, f.type.value, field_limits(f), "yes" if f.required else "", f.mutability.value)
        for f in model.fields
    ]


def model_notes(model: Model) -> list[str]:
    """What the table of fields does not say: server fields, filters, sorting, paging."""
    return [
        "Server-managed: " + ", ".join(SERVER_FIELDS),
        "Filters: " + ", ".join(model.filter_keys),
        f"Sort keys: {', '.join(model.sort_keys)} (default {model.default_sort})",
        f"Page size: default {model.default_page_size}, max {model.max_page_size}",
    ]


def model_schema(model: Model) -> dict[str, Any]:
    return {
        "name": model.name,
        "title": model.title,
        "description": model.description,
        "fields": [
            {
                "name": f.name,
                "type": f.type.value,
                "max_length": f.max_length,
                "choices": list(f.choices) or None,
                "minimum": f.minimum,
                "maximum": f.maximum,
                "years": list(f.year_range) if f.year_range else None,
                "date": f.date.value if f.date else None,
                "ref": f.ref,
                "required": f.required,
                "mutability": f.mutability.value,
                "rule": field_limits(f),
                "help": f.help,
            }
            for f in model.fields
        ],
        "filters": list(model.filter_keys),
        "sort_keys": list(model.sort_keys),
        "default_sort": model.default_sort,
        "default_page_size": model.default_page_size,
        "max_page_size": model.max_page_size,
        "display_field": model.display_field,
    }
