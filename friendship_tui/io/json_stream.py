"""Reading a JSON backup one object at a time, never the whole document.

A 100k-contact backup is ~370 MB of JSON and ~1.1M objects; ``json.loads`` of it held
2.2 GB. The document is walked here with the standard decoder's ``raw_decode``, one
value at a time, over a text stream read in 1 MB chunks, so only the current chunk
and the current object are in memory. Any valid JSON layout is read (not only the
one object a line that ``export`` writes); what is not JSON, or not a backup, raises
``SchemaError`` naming the problem like ``json.loads`` would have.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..schema import MODELS, SchemaError

CHUNK = 1 << 20  # characters read at a time
MAX_VALUE = 64 << 20  # one value longer than this is not an object of a backup
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()

Opener = Callable[[], IO[str]]


def opener(source: bytes | str | Path) -> Opener:
    """Something that opens the backup afresh for each pass over it."""
    if isinstance(source, Path):
        path = source
        return lambda: open(path, encoding="utf-8-sig")
    if isinstance(source, bytes):
        data = source
        return lambda: io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig")
    text = source
    return lambda: io.StringIO(text)


@dataclass
class Layout:
    """What a pass learnt about the document besides its objects."""

    header: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # type (or "file") -> problem
    order: list[str] = field(default_factory=list)  # types in the order the file has them
    has_data: bool = False


class _Text:
    """A window on the stream: ``buf[pos:]`` is what is not consumed yet."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.buf = ""
        self.pos = 0
        self.eof = False

    def _more(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.stream.read(CHUNK)
        except UnicodeDecodeError as exc:
            raise SchemaError({"file": f"is not JSON ({exc})"}) from None
        if not chunk:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, chars: str) -> str:
        ch = self.peek()
        if not ch or ch not in chars:
            what = repr(ch) if ch else "the end of the file"
            raise SchemaError({"file": f"is not JSON (expected {chars!r}, found {what})"})
        self.pos += 1
        return ch

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos < MAX_VALUE and self._more():
                    continue  # the value goes on in the next chunk
                raise SchemaError({"file": f"is not JSON ({exc.msg})"}) from None
            if end == len(self.buf) and self._more():
                continue  # a number (or literal) may go on in the next chunk
            self.pos = end
            return obj


def walk(
    open_text: Opener, layout: Layout, only: str | None = None
) -> Iterator[tuple[str, int, Any]]:
    """(type, index in its array, item) for every item of the backup's arrays, in file
    order; ``only`` keeps one type. Items that are not objects are yielded too (the
    caller reports them). Header values and structural problems go to ``layout``."""
    with open_text() as stream:
        text = _Text(stream)
        text.expect("{")
        if text.peek() == "}":
            text.pos += 1
            return
        while True:
            key = text.value()
            text.expect(":")
            if key == "data" and text.peek() == "{":
                if layout.has_data:
                    raise SchemaError({"data": "appears twice in the file"})
                layout.has_data = True
                yield from _data(text, layout, only)
            else:
                layout.header[str(key)] = text.value()
            if text.expect(",}") == "}":
                break
        if text.peek():
            raise SchemaError({"file": "is not JSON (extra data after the document)"})


def _data(text: _Text, layout: Layout, only: str | None) -> Iterator[tuple[str, int, Any]]:
    text.expect("{")
    if text.peek() == "}":
        text.pos += 1
        return
    while True:
        name = str(text.value())
        text.expect(":")
        if name in layout.order:
            layout.errors[name] = "appears twice in the backup"
        layout.order.append(name)
        if name not in MODELS:
            layout.errors[name] = "is not a type; known: " + ", ".join(MODELS)
            text.value()
        elif text.peek() != "[":
            layout.errors[name] = "must be a list of objects"
            text.value()
        else:
            text.pos += 1
            index = 0
            if text.peek() == "]":
                text.pos += 1
            else:
                while True:
                    item = text.value()
                    if only is None or only == name:
                        yield name, index, item
                    index += 1
                    if text.expect(",]") == "]":
                        break
        if text.expect(",}") == "}":
            return
