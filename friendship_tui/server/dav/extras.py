"""The properties of a client's card that no contact field holds, kept for the client.

A phone's card carries more than our mapping reads (IMPP handles, related names, its
own X- properties). Dropping them would make the phone lose them on its next refresh,
so the content lines of properties the reader never maps are kept verbatim (unfolded)
in a ``vcard_extra`` custom field (as the UID is kept in ``vcard_uid``) and written back
into the card we serve. Binary properties (PHOTO, LOGO, SOUND, KEY) and the extra
instances of mapped properties (a third phone) are not kept: a custom field holds 2,000
characters, and those are what the reader's import report already calls "not kept".
"""

from __future__ import annotations

from ...io.vcard_io import fold_line
from ...io.vcard_read import ANNIVERSARY_PROPS, BINARY_PROPS, QUIET_PROPS, URL_PROPS, split_cards

EXTRA_LABEL = "vcard_extra"
MAX_EXTRA = 2000  # the custom field's value limit
MAPPED = frozenset(
    {"UID", "REV", "PRODID", "VERSION", "FN", "N", "NICKNAME", "EMAIL", "TEL", "ORG", "TITLE",
     "ADR", "BDAY", "NOTE", "CATEGORIES", "GENDER", "X-GENDER", "PRONOUNS", "X-PRONOUNS",
     "X-ABDATE", "X-ABLABEL", *ANNIVERSARY_PROPS, *URL_PROPS, *BINARY_PROPS, *QUIET_PROPS}
)  # fmt: skip


def _name(line: str) -> tuple[str | None, str]:
    head = line.split(":", 1)[0].split(";", 1)[0]
    group, _, name = head.rpartition(".")
    return (group.lower() or None), name.upper()


def extra_lines(text: str) -> str:
    """The unmapped content lines of the (one) card, newline-separated, or ""."""
    cards = list(split_cards(text))
    if len(cards) != 1:
        return ""
    lines = cards[0].lines
    kept: list[str] = []
    groups: set[str] = set()
    for line in lines:
        group, name = _name(line)
        if ":" in line and name not in MAPPED:
            kept.append(line)
            if group:
                groups.add(group)
    # An Apple label (itemN.X-ABLabel) travels with the grouped property it names.
    for line in lines:
        group, name = _name(line)
        if group in groups and name == "X-ABLABEL":
            kept.append(line)
    out: list[str] = []
    size = 0
    for line in kept:
        if size + len(line) + 1 > MAX_EXTRA:
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def with_extras(card: str, extra: str) -> str:
    """The served card with the kept lines put back before END:VCARD."""
    if not extra:
        return card
    end = card.rindex("END:VCARD")
    return card[:end] + "".join(fold_line(line) for line in extra.split("\n")) + card[end:]
