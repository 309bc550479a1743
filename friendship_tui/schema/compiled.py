"""Create-validation compiled once per model from its declaration: the fast path.

``validate_create`` walks every field through ``check_value``'s general chain of
type tests, which a 100k-row import pays ~1M times. Here each model's creatable
fields are turned, once, into a list of small checks specialised for the field's
declared type (a length limit, a choice set, a range), in field order. A check
returns the value exactly as ``check_value`` would normalise it, or ``FAIL`` when the
value is anything but the plain common case; the body then goes through the full
validator (``_clean``), which reports every bad field in its own words, or accepts
what the fast path was merely too cautious to take. So the fast path can only ever
agree with the full one: it decides nothing the full validator would decide
differently (tests/schema/test_compiled_checks.py compares the two).

Nothing here is per model: the checks are derived from ``Field`` declarations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from .dates import date_text_problem, parse_partial_date
from .fields import DATE_YEAR_MAX, DateKind, Field, FieldType, Model
from .validation import _check_custom_value, _clean, check_value, text_problem

_YMD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fullmatch: the stored form of a date
# a UTC time as export and the app write it (fullmatch); in UTC, its year is the written one
_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?Z")
FAIL: Any = object()  # "not the plain case": let the full validator decide
_MISSING: Any = object()
Check = Callable[[Any], Any]


def _string_check(f: Field) -> Check:
    limit = f.max_length if f.max_length is not None else math.inf
    required = f.required

    # no NUL, no lone surrogate: ASCII text (the usual case) is one C call; written out
    # here, not called (a 5k-contact import checks ~150k strings)
    def check(v: Any) -> Any:
        if type(v) is not str or len(v) > limit:
            return FAIL
        if v.isascii():
            if "\x00" in v:
                return FAIL
        elif text_problem(v) is not None:
            return FAIL
        if required and not v.strip():
            return FAIL
        return v

    return check


def _enum_check(f: Field) -> Check:
    choices = frozenset(f.choices)

    def check(v: Any) -> Any:
        # every choice is plain ASCII text, so a value in the set passes text_problem
        return v if type(v) is str and v in choices else FAIL

    return check


def _number_check(f: Field) -> Check:
    lo = f.minimum if f.minimum is not None else -math.inf
    hi = f.maximum if f.maximum is not None else math.inf

    def check(v: Any) -> Any:
        t = type(v)
        if t is int or (t is float and math.isfinite(v)):
            return v if lo <= v <= hi else FAIL
        return FAIL

    return check


def _bool_check(v: Any) -> Any:
    return v if v is True or v is False else FAIL


def _date_check(f: Field) -> Check:
    """A date in its stored form (``YYYY-MM-DD``) is one C call; other shapes go
    through the same shape and range rules ``check_value`` applies."""
    kind = f.date
    limit = f.max_length if f.max_length is not None else math.inf
    day_shape = kind is not DateKind.TIMESTAMP

    def check(v: Any) -> Any:
        if type(v) is not str or len(v) > limit:
            return FAIL
        if day_shape and len(v) == 10 and _YMD.fullmatch(v):
            try:
                year = date.fromisoformat(v).year
            except ValueError:
                return FAIL
            return v if year <= DATE_YEAR_MAX else FAIL
        if not day_shape and _UTC.fullmatch(v):
            try:
                year = datetime.fromisoformat(v[:-1]).year
            except ValueError:
                return FAIL
            return v if year <= DATE_YEAR_MAX else FAIL
        if kind is None or date_text_problem(kind, v) is not None:
            return FAIL  # also any padding: the shapes allow no white space
        if kind is DateKind.PARTIAL:
            pd = parse_partial_date(v)
            return FAIL if pd is None else pd.isoformat()
        return v

    return check


def _general_check(f: Field) -> Check:
    """URLs, tags: ``check_value`` itself (it normalises them)."""

    def check(v: Any) -> Any:
        value, reason = check_value(f, v)
        if reason is not None:
            return FAIL
        if f.required and (value is None or (isinstance(value, str) and not value.strip())):
            return FAIL  # "is required", in the full validator's words
        return value

    return check


def field_check(f: Field) -> Check:
    """The fast check for one field, chosen from its declaration."""
    if f.type is FieldType.STRING:
        return _string_check(f) if f.date is None else _date_check(f)
    if f.type is FieldType.ENUM and all(c.isascii() and c for c in f.choices):
        return _enum_check(f)
    if f.type is FieldType.NUMBER:
        return _number_check(f)
    if f.type is FieldType.BOOL:
        return _bool_check
    return _general_check(f)


def compile_create(model: Model) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """``validate_create(model, body)`` with the common case made cheap."""
    steps = tuple((f.name, f.required, field_check(f)) for f in model.fields if f.creatable)
    cross_check = model.name == "custom_field"  # the one cross-field rule (validation.py)

    def validate(body: Mapping[str, Any]) -> dict[str, Any]:
        if type(body) is not dict:
            return _clean(model, body, creating=True)
        out: dict[str, Any] = {}
        get = body.get
        for name, required, check in steps:
            v = get(name, _MISSING)
            if v is None or v is _MISSING:
                if required:
                    return _clean(model, body, creating=True)  # raises "is required"
                if v is None:
                    out[name] = None
                continue
            v = check(v)
            if v is FAIL:
                return _clean(model, body, creating=True)
            out[name] = v
        if cross_check and "value" in out and _check_custom_value(out.get("kind"), out["value"]):
            return _clean(model, body, creating=True)
        return out

    return validate
