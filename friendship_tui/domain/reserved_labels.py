"""The reserved custom fields' labels, kinds and meanings (``reserved_fields`` says what
they are for and reads them).

Apart from ``reserved_fields`` because the agenda's every read needs two of the kinds
(which custom fields may leave a contact out) while the rest of that module (the facts
of a contact, a frozen dataclass compiled as it loads) is needed only when such fields
exist: ``friendship today`` on a book without them never imports it.
"""

from __future__ import annotations

from typing import NamedTuple


class ReservedField(NamedTuple):
    """A custom field the app itself reads: its label and kind, and what it means.

    A named tuple, not a dataclass: the agenda's first read imports this module, and a
    frozen dataclass costs ~1 ms to create (its methods are compiled as it is made).
    """

    label: str
    kind: str  # custom_field.kind
    meaning: str


DECEASED = ReservedField("Deceased", "date", "died on this partial date (empty: date unknown)")
PARTIAL = ReservedField("Partial contact", "bool", "known only through their relationships")
FIRST_MET = ReservedField("First met", "date", "when you first met (partial date)")
FIRST_MET_THROUGH = ReservedField("First met through", "text", "id of who introduced you")
MONICA_ID = ReservedField("Monica id", "text", "the contact's id in Monica (re-import key)")
MONICA_CHILDREN = ReservedField(
    "Monica ids", "text",
    "Monica's ids of the notes, relationships... imported onto this contact (and on one "
    "contact of the journal entries), each with a fingerprint of what was imported "
    "(re-import key: an edit in Monica updates them)",
)  # fmt: skip
