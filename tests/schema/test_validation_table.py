"""Table-driven: every model accepts a valid object; every constrained field refuses a
violating value with that field named. Pure schema, no store."""

from __future__ import annotations

from typing import Any

import pytest
from contract.samples import invalid_cases, required_object, valid_object

from friendship_tui.schema import (
    MODELS,
    ListQuery,
    SchemaError,
    check_query,
    coerce_text,
    query_from_params,
    validate_create,
    validate_patch,
)

REFS = {"parent_id": "c1", "target_id": "c2"}


@pytest.mark.parametrize("name", list(MODELS))
def test_valid_object_is_accepted(name: str) -> None:
    model = MODELS[name]
    body = valid_object(model, REFS)
    assert validate_create(model, body) == body


@pytest.mark.parametrize("name", list(MODELS))
def test_required_only_is_accepted(name: str) -> None:
    model = MODELS[name]
    body = required_object(model, REFS)
    assert validate_create(model, body) == body


SCHEMA_CASES = [c for c in invalid_cases() if c[2] != "ref"]  # refs: the store's job


@pytest.mark.parametrize(
    ("name", "field", "rule", "value"),
    SCHEMA_CASES,
    ids=[f"{t}.{f}-{r}" for t, f, r, _ in SCHEMA_CASES],
)
def test_violation_names_the_field(name: str, field: str, rule: str, value: Any) -> None:
    model = MODELS[name]
    body = {**valid_object(model, REFS), field: value}
    with pytest.raises(SchemaError) as err:
        validate_create(model, body)
    assert list(err.value.fields) == [field]
    assert err.value.fields[field]  # a reason a person can read
    if model.field(field).patchable:
        with pytest.raises(SchemaError) as err:
            validate_patch(model, {field: value})
        assert list(err.value.fields) == [field]


def test_field_counts_match_the_docs() -> None:
    counts = {name: len(m.fields) for name, m in MODELS.items()}
    assert counts == {
        "contact": 29, "activity": 6, "conversation": 7, "custom_field": 5, "gift": 9,
        "journal_entry": 5, "life_event": 7, "note": 3, "pet": 8, "relationship": 6,
        "reminder": 4,
    }  # fmt: skip


@pytest.mark.parametrize("name", list(MODELS))
def test_page_sizes(name: str) -> None:
    model = MODELS[name]
    assert check_query(model, ListQuery()).limit == 20
    assert check_query(model, ListQuery(limit=10_000)).limit == 200


def test_reasons_are_readable() -> None:
    with pytest.raises(SchemaError) as err:
        validate_create(
            MODELS["conversation"], {"parent_id": "c", "channel": "pigeon", "summary": "x" * 401}
        )
    assert err.value.fields["channel"].startswith("must be one of: call, sms")
    assert err.value.fields["summary"] == "must be at most 400 characters"


def test_query_from_params_repeats_mean_in() -> None:
    q = query_from_params([("city", "Lyon"), ("city", "Oslo"), ("sort", "-name"), ("limit", "5")])
    assert q.filters == {"city": ["Lyon", "Oslo"]}
    assert (q.sort, q.limit) == ("-name", 5)
    with pytest.raises(SchemaError) as err:
        query_from_params([("limit", "many")])
    assert "limit" in err.value.fields


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [("favorite", "yes", True), ("favorite", "0", False), ("tags", "a, b;c", ["a", "b", "c"]),
     ("name", "  ", None)],
)  # fmt: skip
def test_coerce_text(field: str, text: str, value: Any) -> None:
    assert coerce_text(MODELS["contact"].field(field), text) == value
