"""Create-validation generated once per model from its declaration: the fast path.

``validate_create`` walks every field through ``check_value``'s general chain of
type tests, which a 100k-row import pays ~1M times. Here each model's creatable
fields are turned, once, into the source text of one function (``check_lines``),
compiled with ``compile``: per field, inline tests specialised for its declared type
(a length limit, a choice set, a range, the stored shape of a date), with no loop
over fields, no per-field call and nothing done for an absent or null optional
field. A test leaves the value exactly as ``check_value`` would normalise it, or
gives up on anything but the plain common case: the body then goes through the full
validator (``_clean``), which reports every bad field in its own words, or accepts
what the fast path was merely too cautious to take. So the fast path can only ever
agree with the full one: it decides nothing the full validator would decide
differently (tests/schema/test_compiled_checks.py compares the two).

The same lines serve the bulk import's row maker (store/bulk_rows.py), which puts
the checked values straight into a table row. Nothing here is per model: the source
is derived from the ``Field`` declarations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .dates import MONTH_DAYS, date_text_problem, parse_partial_date
from .fields import (
    DATE_YEAR_MAX,
    DATE_YEAR_MIN,
    TAG_MAX_LEN,
    TAGS_MAX_COUNT,
    DateKind,
    Field,
    FieldType,
    Model,
)
from .validation import _check_custom_value, _clean, check_value, text_problem

_YMD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fullmatch: the stored form of a date
# a UTC time as export and the app write it (fullmatch); in UTC, its year is the written one
_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?Z")
FAIL: Any = object()  # "not the plain case": let the full validator decide
MISSING: Any = object()
JOIN_TEXTS = 8  # plain text fields in a model from which their text is tested joined
Check = Callable[[Any], Any]
assert DATE_YEAR_MIN <= 1  # a year date.fromisoformat reads is in range at the low end


def _date_check(f: Field) -> Check:
    """A date in a shape other than the stored ones: the same shape and range rules
    ``check_value`` applies (the generated code tries the stored shapes first)."""
    kind = f.date

    def check(v: str) -> Any:
        if kind is None or date_text_problem(kind, v) is not None:
            return FAIL  # also any padding: the shapes allow no white space
        if kind is DateKind.PARTIAL:
            pd = parse_partial_date(v)
            return FAIL if pd is None else pd.isoformat()
        return v

    return check


def _general_check(f: Field) -> Check:
    """URLs, tags, enums with unusual choices: ``check_value`` itself (it normalises)."""

    def check(v: Any) -> Any:
        value, reason = check_value(f, v)
        if reason is not None:
            return FAIL
        if f.required and (value is None or (isinstance(value, str) and not value.strip())):
            return FAIL  # "is required", in the full validator's words
        return value

    return check


@dataclass(slots=True)
class Source:
    """Generated lines and the names they use; ``fail`` is the statement that hands
    the whole body to the slow path (it must leave the function)."""

    lines: list[str]
    names: dict[str, Any]
    fail: str
    texts: list[str] | None = None  # plain text locals whose NUL test is deferred

    def name(self, prefix: str, value: Any) -> str:
        """A global of the generated code holding ``value``."""
        key = f"{prefix}{len(self.names)}"
        self.names[key] = value
        return key

    def add(self, depth: int, *lines: str) -> None:
        self.lines += ["    " * depth + line for line in lines]


def _string_lines(src: Source, f: Field, v: str, d: int) -> None:
    head = f"{v}.__class__ is not str"
    if f.max_length is not None:
        head += f" or len({v}) > {int(f.max_length)}"
    src.add(d, f"if {head}:", f"    {src.fail}")
    if src.texts is not None:
        src.texts.append(v)  # its NUL and surrogate test: one for all the body's text
    else:
        _text_lines(src, v, d)
    if f.required:
        src.add(d, f"if not {v}.strip():", f"    {src.fail}")


def _text_lines(src: Source, v: str, d: int) -> None:
    """No NUL, no lone surrogate in the str ``v``: ASCII text (the usual case) is one C
    call. Text joined from several values has one exactly when one of them does (the
    UTF-8 codec refuses every surrogate, paired or not)."""
    src.add(d, f"if {v}.isascii():", f"    if '\\x00' in {v}:", f"        {src.fail}")
    src.add(d, f"elif text_problem({v}) is not None:", f"    {src.fail}")


def _date_lines(src: Source, f: Field, v: str, d: int) -> None:
    """The stored shapes (``YYYY-MM-DD``, and a UTC time for timestamps) in a C call or
    two; any other shape through ``_date_check``."""
    head = f"{v}.__class__ is not str"
    if f.max_length is not None:
        head += f" or len({v}) > {int(f.max_length)}"
    src.add(d, f"if {head}:", f"    {src.fail}")
    src.add(d, f"if len({v}) == 10 and YMD({v}) is not None:")
    src.add(d + 1, "try:", f"    if date_iso({v}).year > {DATE_YEAR_MAX}:", f"        {src.fail}")
    src.add(d + 1, "except ValueError:", f"    {src.fail}")
    if f.date is DateKind.TIMESTAMP:
        src.add(d, f"elif UTC({v}) is not None:")
        src.add(d + 1, "try:")
        src.add(d + 2, f"if datetime_iso({v}[:-1]).year > {DATE_YEAR_MAX}:", f"    {src.fail}")
        src.add(d + 1, "except ValueError:", f"    {src.fail}")
    if f.date is DateKind.PARTIAL:
        src.add(d, f"elif {v} in MONTH_DAYS:", "    pass")  # a day of unknown year, as stored
        # a year alone: four ASCII digits, in range
        first, last = f"{max(DATE_YEAR_MIN, 1):04d}", f"{min(DATE_YEAR_MAX, 9999):04d}"
        src.add(d, f"elif len({v}) == 4 and {v}.isascii() and {v}.isdigit():")
        src.add(d + 1, f"if not {first!r} <= {v} <= {last!r}:", f"    {src.fail}")
    check = src.name("date_", _date_check(f))
    src.add(d, "else:", f"    {v} = {check}({v})", f"    if {v} is FAIL:", f"        {src.fail}")


def _number_lines(src: Source, f: Field, v: str, d: int) -> None:
    lo = src.name("lo_", f.minimum if f.minimum is not None else -math.inf)
    hi = src.name("hi_", f.maximum if f.maximum is not None else math.inf)
    src.add(d, f"if {v}.__class__ is int or ({v}.__class__ is float and isfinite({v})):")
    src.add(d + 1, f"if not {lo} <= {v} <= {hi}:", f"    {src.fail}")
    src.add(d, "else:", f"    {src.fail}")


def _tags_lines(src: Source, f: Field, v: str, d: int) -> None:
    """A list of distinct, unpadded, non-empty ASCII tags without NUL, short enough:
    ``check_value`` would keep each as it is (a copy of the list); else the slow path."""
    src.add(d, f"if {v}.__class__ is not list or len({v}) > {TAGS_MAX_COUNT}:", f"    {src.fail}")
    src.add(d, f"for tag in {v}:")
    src.add(
        d + 1,
        f"if tag.__class__ is not str or not tag or len(tag) > {TAG_MAX_LEN} "
        "or not tag.isascii() or '\\x00' in tag or tag.strip() != tag:",
        f"    {src.fail}",
    )
    src.add(d, f"if len(set({v})) != len({v}):", f"    {src.fail}", f"{v} = list({v})")


def _value_lines(src: Source, f: Field, v: str, d: int) -> None:
    """Lines checking the local ``v`` (set, not None) for ``f``, leaving it normalised."""
    if f.type is FieldType.STRING:
        (_string_lines if f.date is None else _date_lines)(src, f, v, d)
    elif f.type is FieldType.ENUM and all(c.isascii() and c for c in f.choices):
        # every choice is plain ASCII text, so a value in the set passes text_problem
        choices = src.name("choices_", frozenset(f.choices))
        src.add(d, f"if {v}.__class__ is not str or {v} not in {choices}:", f"    {src.fail}")
    elif f.type is FieldType.NUMBER:
        _number_lines(src, f, v, d)
    elif f.type is FieldType.TAGS:
        _tags_lines(src, f, v, d)
    elif f.type is FieldType.BOOL:
        src.add(d, f"if {v} is not True and {v} is not False:", f"    {src.fail}")
    else:
        check = src.name("check_", _general_check(f))
        src.add(d, f"{v} = {check}({v})", f"if {v} is FAIL:", f"    {src.fail}")


def check_lines(model: Model, fail: str, out: str | None) -> tuple[Source, dict[str, str]]:
    """The body of a function of ``body`` (a dict) and ``get`` (its ``get``) that checks
    every creatable field of ``model``, at indent 1. With ``out``, each field set in
    ``body`` (None included) is written to the dict named so, as ``validate_create``
    returns it; without, each field's value (None when absent) is left in a local.
    Also: field name -> the local holding its value."""
    # many plain text fields (a contact's ~20): their NUL and surrogate tests joined; for a
    # few, the join costs more than it saves
    plain = [f for f in model.fields if f.creatable and f.type is FieldType.STRING and not f.date]
    src = Source([], {}, fail, [] if out is None and len(plain) >= JOIN_TEXTS else None)
    local: dict[str, str] = {}
    for i, f in enumerate(fl for fl in model.fields if fl.creatable):
        v = local[f.name] = f"v{i}"
        if out is None:
            src.add(1, f"{v} = get({f.name!r})", f"if {v} is None:")
            src.add(2, fail if f.required else "pass")
        else:
            src.add(1, f"{v} = get({f.name!r}, MISSING)", f"if {v} is MISSING:")
            src.add(2, fail if f.required else "pass")
            src.add(1, f"elif {v} is None:")
            src.add(2, fail if f.required else f"{out}[{f.name!r}] = None")
        src.add(1, "else:")
        _value_lines(src, f, v, 2)
        if out is not None:
            src.add(2, f"{out}[{f.name!r}] = {v}")
    if src.texts:  # each a str or None by now: the set ones' text tested at once
        src.add(1, f"text = ''.join(filter(None, ({', '.join(src.texts)},)))")
        _text_lines(src, "text", 1)
    if model.name == "custom_field":  # the one cross-field rule (validation.py)
        kind, value = local["kind"], local["value"]
        src.add(1, f"if {value} is not None and {value} is not MISSING:")
        src.add(2, f"if cross_check(None if {kind} is MISSING else {kind}, {value}):")
        src.add(3, fail)
    src.names.update(
        FAIL=FAIL,
        MISSING=MISSING,
        MONTH_DAYS=MONTH_DAYS,
        YMD=_YMD.fullmatch,
        UTC=_UTC.fullmatch,
        date_iso=date.fromisoformat,
        datetime_iso=datetime.fromisoformat,
        isfinite=math.isfinite,
        text_problem=text_problem,
        cross_check=_check_custom_value,
    )
    return src, local


def build(source: str, names: dict[str, Any], label: str, func: str) -> Any:
    """``func`` of the generated ``source``, compiled under a file name saying what
    it is (a traceback through it names the model)."""
    code = compile(source, f"<generated {label}>", "exec")
    exec(code, names)
    return names[func]


def compile_create(model: Model) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """``validate_create(model, body)`` with the common case made cheap."""
    src, _ = check_lines(model, "return slow(body)", "out")
    text = "\n".join(
        [
            "def validate(body):",
            "    if body.__class__ is not dict:",
            "        return slow(body)",
            "    get = body.get",
            "    out = {}",
            *src.lines,
            "    return out",
        ]
    )

    def slow(body: Mapping[str, Any]) -> dict[str, Any]:
        return _clean(model, body, creating=True)

    return build(text, {**src.names, "slow": slow}, f"create check of {model.name}", "validate")
