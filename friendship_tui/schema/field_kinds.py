"""A declared field's type and who may write it: the words only the model declarations
(fields.py, models.py) and what reads them use.

Apart from kinds.py, which every start imports for its date kinds and limits: an enum
costs ~0.25 ms to create, and the app's first screen reads no model declaration.
"""

from __future__ import annotations

from enum import StrEnum


class FieldType(StrEnum):
    STRING = "string"
    ENUM = "enum"
    NUMBER = "number"
    BOOL = "bool"
    URL = "url"
    TAGS = "tags"


class Mutability(StrEnum):
    CREATE_ONLY = "create-only"  # read on POST, ignored on PATCH
    PATCHABLE = "patchable"  # read on POST and PATCH
    SERVER = "server-managed"  # never read from a body
