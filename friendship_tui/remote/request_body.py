"""The JSON a client sends: JSON as RFC 8259 has it.

Python's encoder writes NaN and the infinities as ``NaN`` / ``Infinity``, which no JSON
parser has to accept: a server then refuses the whole body ("body is not valid JSON")
and the user never learns which field was wrong. They are refused here instead, by
field, in the schema's words, before anything is sent.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ..store.errors import ValidationError

NOT_FINITE = "must be a finite number"  # the schema's rule for a number field


def _not_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, Mapping):
        return any(_not_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_not_finite(v) for v in value)
    return False


def encode_body(body: Mapping[str, Any]) -> bytes:
    """``body`` as JSON bytes; a ``ValidationError`` naming each non-finite field."""
    try:
        return json.dumps(dict(body), allow_nan=False).encode("utf-8")
    except ValueError:
        bad = {str(k): NOT_FINITE for k, v in body.items() if _not_finite(v)}
        raise ValidationError(bad or {"body": NOT_FINITE}) from None
