"""Validation of bodies and list queries against the declarations.

Every check reports every bad field at once, as ``{field: reason}``; the reasons are
sentences a person can act on. Unknown and server-managed keys are dropped silently
(API.md: "sending it isn't an error").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .dates import DATE_SHAPES, date_text_problem, parse_partial_date, parse_timestamp
from .fields import (
    DATE_YEAR_MAX,
    DATE_YEAR_MIN,
    TAG_MAX_LEN,
    TAGS_MAX_COUNT,
    URL_MAX,
    DateKind,
    Field,
    FieldType,
    Model,
)

FieldErrors = dict[str, str]

TRUE_WORDS = frozenset({"true", "1", "yes", "y", "on", "t"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "off", "f"})


class SchemaError(ValueError):
    """Raised with every bad field at once; ``fields`` maps field name to reason."""

    def __init__(self, fields: FieldErrors, message: str | None = None) -> None:
        self.fields = dict(fields)
        summary = "; ".join(f"{k}: {v}" for k, v in self.fields.items())
        super().__init__(message or f"invalid input: {summary}")


def _is_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def parse_bool_text(text: str) -> bool | None:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


# A number typed as text: optional sign, ASCII digits, optional fraction and exponent.
# float() alone would also take "NaN", "inf", "1_000" and full-width digits.
DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


def parse_decimal(text: str) -> float | None:
    """``text`` as a finite number when it is written as a plain decimal; else None."""
    s = text.strip()
    if not DECIMAL.match(s):
        return None
    n = float(s)
    return n if math.isfinite(n) else None


def format_bound(x: float) -> str:
    """A range bound as people write it: ``0``, ``525600``, ``1e12``, ``-1e12``."""
    if float(x).is_integer() and abs(x) < 1e6:
        return str(int(x))
    return f"{x:g}".replace("e+", "e").replace("e0", "e").replace("e-0", "e-")


def number_rule(f: Field) -> str:
    """The range of a number field in words (the same words its errors use)."""
    lo, hi = f.minimum, f.maximum
    if lo is not None and hi is not None:
        return f"between {format_bound(lo)} and {format_bound(hi)}"
    if lo is not None:
        return f"at least {format_bound(lo)}"
    if hi is not None:
        return f"at most {format_bound(hi)}"
    return "any finite number"


def _check_custom_value(kind: str | None, value: Any) -> str | None:
    """custom_field.value must parse as its kind (API.md)."""
    if value is None or kind in (None, "text"):
        return None
    text = str(value).strip()
    if kind == "number":
        if parse_decimal(text) is None:
            return "must be a finite decimal number (like 12, -3.5 or 1e6) because kind is number"
    elif kind == "date":
        if date_text_problem(DateKind.PARTIAL, text) is not None:
            return (
                f"must be a date ({DATE_SHAPES[DateKind.PARTIAL]}, years "
                f"{DATE_YEAR_MIN} to {DATE_YEAR_MAX}) because kind is date"
            )
    elif kind == "url":
        if not _is_url(text):
            return "must be an absolute http(s) URL because kind is url"
    elif kind == "bool" and parse_bool_text(text) is None:
        return "must be true or false because kind is bool"
    return None


# No text anywhere may hold a NUL: it is never part of a name or a note, C tools cut
# strings at it, and PostgreSQL cannot store it (SQLite can: the rule keeps both alike).
NUL = "\x00"
NUL_REASON = "must not contain the NUL character (\\u0000)"
# A lone surrogate (\ud800) is not a character: no UTF-8 file, database or JSON encoder
# can write it, so text holding one could be stored nowhere and read back nowhere.
SURROGATE_REASON = "must be valid Unicode text (it holds a lone surrogate such as \\ud800)"


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text anywhere, or None."""
    if NUL in value:
        return NUL_REASON
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_REASON
    return None


def check_value(f: Field, value: Any) -> tuple[Any, str | None]:
    """Normalise one value and say what is wrong with it, if anything.

    Returns ``(normalised, reason)``; ``reason`` is None when the value is acceptable.
    ``None`` is always acceptable here (required-ness is checked by the caller).
    """
    if value is None:
        return None, None
    t = f.type
    if t is FieldType.BOOL:
        if isinstance(value, bool):
            return value, None
        return value, "must be true or false"
    if t is FieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value, "must be a number"
        if isinstance(value, float) and not math.isfinite(value):
            return value, "must be a finite number"
        if (f.minimum is not None and value < f.minimum) or (
            f.maximum is not None and value > f.maximum
        ):
            return value, "must be " + number_rule(f)
        return value, None
    if t is FieldType.TAGS:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            return value, "must be a list of strings"
        tags = list(dict.fromkeys(x.strip() for x in value))
        if any(not x for x in tags):
            return value, "must not contain empty tags"
        bad = next((r for x in tags if (r := text_problem(x))), None)
        if bad:
            return value, bad
        if len(tags) > TAGS_MAX_COUNT:
            return value, f"must have at most {TAGS_MAX_COUNT} tags"
        long = [x for x in tags if len(x) > TAG_MAX_LEN]
        if long:
            return value, f"each tag must be at most {TAG_MAX_LEN} characters"
        return tags, None
    if not isinstance(value, str):
        return value, "must be a string"
    bad = text_problem(value)
    if bad:
        return value, bad
    if t is FieldType.ENUM:
        if value == "":
            return None, None  # an emptied select means "unset"
        if value not in f.choices:
            return value, "must be one of: " + ", ".join(f.choices)
        return value, None
    if t is FieldType.URL:
        if value.strip() == "":
            return None, None
        v = value.strip()
        if len(v) > URL_MAX:
            return value, f"must be at most {URL_MAX} characters"
        if not _is_url(v):
            return value, "must be an absolute http or https URL"
        return v, None
    # STRING
    if f.max_length is not None and len(value) > f.max_length:
        return value, f"must be at most {f.max_length} characters"
    if f.date is not None:
        if value.strip() == "":
            return None, None
        v = value.strip()
        problem = date_text_problem(f.date, v)
        if problem:
            return value, problem
        if f.date is DateKind.PARTIAL:
            pd = parse_partial_date(v)
            assert pd is not None  # date_text_problem parsed it
            return pd.isoformat(), None
        return v, None
    return value, None


def _required_missing(f: Field, value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _clean(model: Model, body: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    if not isinstance(body, Mapping):
        raise SchemaError({"body": "must be a JSON object"})
    out: dict[str, Any] = {}
    errors: FieldErrors = {}
    for f in model.fields:
        allowed = f.creatable if creating else f.patchable
        if not allowed or f.name not in body:
            continue
        value, reason = check_value(f, body[f.name])
        if reason:
            errors[f.name] = reason
        elif f.required and _required_missing(f, value):
            errors[f.name] = "is required"
        else:
            out[f.name] = value
    if creating:
        for f in model.fields:
            if f.required and f.name not in errors and _required_missing(f, out.get(f.name)):
                errors[f.name] = "is required"
    if model.name == "custom_field" and "value" in out and "value" not in errors:
        reason = _check_custom_value(out.get("kind"), out["value"])
        if reason:
            errors["value"] = reason
    if errors:
        raise SchemaError(errors)
    return out


_COMPILED: dict[str, tuple[Model, Callable[[Mapping[str, Any]], dict[str, Any]]]] = {}


def validate_create(model: Model, body: Mapping[str, Any]) -> dict[str, Any]:
    """The creatable fields of ``body``, normalised; SchemaError lists every bad one.

    Through the model's compiled checks (compiled.py), which take the common case fast
    and hand anything else to ``_clean``: a bulk import validates ~1M values."""
    return create_validator(model)(body)


def create_validator(model: Model) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """``validate_create`` for one model, looked up once (a bulk import's chunk)."""
    hit = _COMPILED.get(model.name)
    if hit is None or hit[0] is not model:
        from .compiled import compile_create

        hit = _COMPILED[model.name] = (model, compile_create(model))
    return hit[1]


def validate_patch(
    model: Model, body: Mapping[str, Any], current: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The patchable fields of ``body``, normalised.

    ``current`` (the stored object) lets cross-field rules see the merged result, e.g. a
    custom field whose kind changes while its value does not.
    """
    out = _clean(model, body, creating=False)
    if model.name == "custom_field" and current is not None and ("kind" in out or "value" in out):
        merged = {**current, **out}
        reason = _check_custom_value(merged.get("kind"), merged.get("value"))
        if reason:
            raise SchemaError({"value": reason})
    return out


def coerce_text(f: Field, text: str) -> Any:
    """Turn what a person typed (a form, a CLI flag, a CSV cell) into a wire value.

    Leaves anything it cannot read as the raw text so validation names the problem.
    Empty text means unset.
    """
    if text.strip() == "":
        return None
    if f.type is FieldType.BOOL:
        b = parse_bool_text(text)
        return text if b is None else b
    if f.type is FieldType.NUMBER:
        n = parse_decimal(text)
        if n is None:
            return text  # "NaN", "1e400", "１２": validation says "must be a number"
        return int(n) if n.is_integer() and "." not in text and "e" not in text.lower() else n
    if f.type is FieldType.TAGS:
        return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]
    return text


# ---------------------------------------------------------------- list queries


@dataclass(slots=True)
class ListQuery:
    """A validated list request; the same object every backend understands."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str | None = None
    limit: int | None = None
    offset: int = 0
    after: str | None = None
    q: str | None = None
    updated_since: str | None = None
    include_deleted: bool = False

    def to_params(self) -> list[tuple[str, str]]:
        """As query-string pairs (repeated keys for IN), for HTTP and the CLI."""
        params: list[tuple[str, str]] = []
        for key, values in self.filters.items():
            params += [(key, v) for v in values]
        if self.sort:
            params.append(("sort", self.sort))
        if self.limit is not None:
            params.append(("limit", str(self.limit)))
        if self.offset:
            params.append(("offset", str(self.offset)))
        if self.after:
            params.append(("after", self.after))
        if self.q:
            params.append(("q", self.q))
        if self.updated_since:
            params.append(("updated_since", self.updated_since))
        if self.include_deleted:
            params.append(("include_deleted", "1"))
        return params


RESERVED_PARAMS = frozenset(
    {"sort", "limit", "offset", "after", "q", "updated_since", "include_deleted"}
)


def check_query(model: Model, query: ListQuery) -> ListQuery:
    """Validate and normalise a list query: unknown keys and bad values are errors.

    The limit is capped at the model's max page size (not an error, API.md).
    """
    errors: FieldErrors = {}
    for key, values in query.filters.items():
        if key not in model.filter_keys:
            errors[key] = (
                "is not a filter for "
                + model.name
                + "; use one of: "
                + ", ".join(model.filter_keys)
            )
            continue
        if key == "is_archived" or (
            model.has_field(key) and model.field(key).type is FieldType.BOOL
        ):
            bad = [v for v in values if parse_bool_text(v) is None]
            if bad:
                errors[key] = "must be true or false"
        text_bad = next((r for v in values if (r := text_problem(v))), None)
        if text_bad:
            errors[key] = text_bad
    for key, text in (("q", query.q), ("after", query.after), ("sort", query.sort)):
        if text and (reason := text_problem(text)):
            errors[key] = reason
    if query.sort is not None and query.sort.removeprefix("-") not in model.sort_keys:
        keys = ", ".join(model.sort_keys)
        errors["sort"] = f"must be one of: {keys} (prefix - to reverse)"
    limit = query.limit
    if limit is None:
        limit = model.default_page_size
    elif limit < 1:
        errors["limit"] = "must be at least 1"
    limit = min(limit, model.max_page_size)
    if query.offset < 0:
        errors["offset"] = "must be at least 0"
    if query.updated_since is not None and parse_timestamp(query.updated_since) is None:
        errors["updated_since"] = "must be an ISO 8601 date or date-time"
    if errors:
        raise SchemaError(errors)
    return ListQuery(
        filters={k: list(v) for k, v in query.filters.items()},
        sort=query.sort,
        limit=limit,
        offset=query.offset,
        after=query.after or None,
        q=(query.q or "").strip() or None,
        updated_since=query.updated_since,
        include_deleted=query.include_deleted,
    )


def query_from_params(pairs: Iterable[tuple[str, str]]) -> ListQuery:
    """Build a ListQuery from raw query-string pairs; type errors name the parameter."""
    q = ListQuery()
    errors: FieldErrors = {}
    for key, value in pairs:
        if key == "sort":
            q.sort = value
        elif key in ("limit", "offset"):
            try:
                n = int(value)
            except ValueError:
                errors[key] = "must be an integer"
                continue
            if key == "limit":
                q.limit = n
            else:
                q.offset = n
        elif key == "after":
            q.after = value
        elif key == "q":
            q.q = value
        elif key == "updated_since":
            q.updated_since = value
        elif key == "include_deleted":
            b = parse_bool_text(value)
            if b is None:
                errors[key] = "must be true or false"
            q.include_deleted = bool(b)
        else:
            q.filters.setdefault(key, []).append(value)
    if errors:
        raise SchemaError(errors)
    return q
