"""A body nested past the parser's depth is refused the same way whatever the
interpreter's recursion limit is (a library may have raised it in the server's process)."""

from __future__ import annotations

import sys

import pytest

from friendship_tui.server.responses import MAX_PARSE_DEPTH, ApiError, parse_object

DEEP = b'{"name": "A", "tags": [' + b"[" * 5000 + b"]" * 5000 + b"]}"


@pytest.mark.parametrize("limit", [1000, 100_000])
def test_deep_nesting_is_refused_before_parsing(limit: int) -> None:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        with pytest.raises(ApiError) as caught:
            parse_object(DEEP)
    finally:
        sys.setrecursionlimit(old)
    assert caught.value.fields == {"body": "is nested too deeply"}


def test_brackets_inside_strings_do_not_count() -> None:
    text = "[" * (MAX_PARSE_DEPTH + 10)
    body = b'{"name": "A \\" ' + text.encode() + b'", "tags": []}'
    assert parse_object(body)["name"] == 'A " ' + text


def test_nesting_within_the_limit_reaches_the_field_check() -> None:
    body = b'{"name": "A", "tags": ' + b"[" * 100 + b"]" * 100 + b"}"
    with pytest.raises(ApiError) as caught:
        parse_object(body)
    assert caught.value.fields == {"tags": "is nested too deeply"}
