"""Reading vCards (2.1, 3.0, 4.0) into contact fields, robust to real-world exports.

vobject's line parser (``vobject.base.parseLine``: group, name, parameters) does the
tokenising; values are decoded here because vobject applies 3.0 rules to every card and
cuts text at an unescaped comma ("Smith, John" becomes "Smith"), which Outlook's 2.1
cards and many others contain. The steps, per card, each unable to sink the others:

- split the bytes into cards (BEGIN/END in any case; a card cut off at the end of the
  file keeps what it has, with a note) and unfold on bytes, not text: folders that count
  octets cut UTF-8 characters in two. Unfolding covers CRLF/LF/CR + space or tab, quoted-
  printable soft breaks (``=`` at the end) and 2.1 base64 blocks written without indent;
- decode each line on its own: UTF-8 if it is, else its CHARSET, else Windows-1252, so a
  file concatenated from several exports keeps every card readable;
- drop binary properties (PHOTO, LOGO, SOUND, KEY) without decoding them: nothing maps
  them and a broken base64 blob must not lose the card;
- decode QUOTED-PRINTABLE (with its CHARSET) and inline base64 text;
- map what has a contact field; count every other property as "unmapped";
- strip control characters (bar tab and newline), cut over-long free text at its limit and
  drop any other value that breaks its rule, each with a note naming the card.

A card that cannot give a name (FN, N, ORG or EMAIL) or is a contact group (KIND:group,
X-ADDRESSBOOKSERVER-KIND:group) is skipped with that reason.

The file is read in two layers: ``vcard_lines`` (cards, unfolding, charsets, property
tokens) and ``vcard_map`` (a card onto a contact's fields). This module joins them and
keeps the names other modules import.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..schema import SchemaError
from .vcard_lines import BINARY_PROPS, decode_bytes, read_card, split_cards, text_value
from .vcard_map import (
    ANNIVERSARY_PROPS,
    APPLE_NO_YEAR,
    QUIET_PROPS,
    URL_PROPS,
    CardSkipped,
    MappedCard,
    map_card,
)

__all__ = [
    "ANNIVERSARY_PROPS",
    "APPLE_NO_YEAR",
    "BINARY_PROPS",
    "QUIET_PROPS",
    "URL_PROPS",
    "MappedCard",
    "NotAVCardFile",
    "decode_bytes",
    "read_vcards",
    "split_cards",
]


class NotAVCardFile(SchemaError):
    """The input holds no vCard at all: one clear error instead of an empty report."""

    def __init__(self, why: str) -> None:
        super().__init__({"file": why}, f"not a vCard file: {why}")


def read_vcards(data: bytes | str) -> Iterator[MappedCard | tuple[int, str, str]]:
    """Each card mapped, or ``(index, name_hint, reason)`` for one that was skipped."""
    for raw in split_cards(data):
        hint = ""
        try:
            card = read_card(raw.index, raw.lines)
            fn = next((p for p in card.props if p.name == "FN"), None)
            hint = text_value(fn) if fn else ""
            mapped = map_card(card)
            if not raw.terminated:
                mapped.problems.append(
                    "no END:VCARD before the next card or the end of the file;"
                    " imported what was there"
                )
            yield mapped
        except CardSkipped as exc:
            yield raw.index, hint, str(exc)
        except Exception as exc:  # one bad card never stops the import
            yield raw.index, hint, f"unreadable card ({type(exc).__name__}: {exc})"
