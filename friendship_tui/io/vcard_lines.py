"""vCard lines: splitting a file into cards, unfolding, charsets and property tokens.

Everything here works below the level of a contact: it turns bytes into ``Card`` objects
holding ``Prop`` tokens (name, group, parameters, raw escaped value) and offers the text
helpers (unescaping, structured components) that the mapping in ``vcard_map`` uses.

vobject's line parser (``vobject.base.parseLine``: group, name, parameters) does the
tokenising; values are decoded here because vobject applies 3.0 rules to every card and
cuts text at an unescaped comma ("Smith, John" becomes "Smith"). Unfolding is done on
bytes, not text, because folders that count octets cut UTF-8 characters in two; each
logical line is then decoded on its own (UTF-8, else its CHARSET, else Windows-1252) so a
file concatenated from several exports keeps every card readable. Binary properties are
counted and dropped undecoded: a broken base64 blob must not lose the card.
"""

from __future__ import annotations

import base64
import quopri
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from vobject.base import parseLine

BINARY_PROPS = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "X-MS-CARDPICTURE"})


@dataclass(slots=True)
class Prop:
    """One content line as a token: the mapping reads values through the helpers below."""

    name: str  # upper case, without the group
    group: str | None
    params: dict[str, list[str]]  # upper-case keys; bare 2.1 params land under TYPE
    raw: str  # value as written (escapes intact), already QP/base64-decoded

    def types(self) -> set[str]:
        return {t.strip().lower() for v in self.params.get("TYPE", []) for t in v.split(",")}

    def pref_rank(self) -> int:
        """Lower = preferred: 4.0 PREF=n, 3.0 TYPE=pref, else last."""
        for v in self.params.get("PREF", []):
            if v.strip().isdigit():
                return int(v.strip())
        return 0 if "pref" in self.types() else 101


@dataclass(slots=True)
class Card:
    """One card as decoded properties, plus what was dropped on the way."""

    index: int  # 1-based position in the file
    props: list[Prop] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    version: str = ""


def decode_bytes(data: bytes) -> str:
    """A vCard file as text: UTF-8 (with or without BOM), else Windows-1252."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


@dataclass(slots=True)
class RawCard:
    """One BEGIN:VCARD block as logical lines, already unfolded and decoded."""

    index: int  # 1-based position in the file
    lines: list[str]
    terminated: bool  # False: the file ended before END:VCARD


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_BASE64_CHUNK = re.compile(rb"^[A-Za-z0-9+/]+=*$")
_CHARSET_PARAM = re.compile(rb";\s*CHARSET=([^;:]+)", re.IGNORECASE)
_ENCODING_PARAM = re.compile(rb";\s*(?:ENCODING=)?(QUOTED-PRINTABLE|BASE64|B)\s*(?=[;:]|$)", re.I)
# C0/C1 controls other than tab and newline: a terminal would act on them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def as_bytes(data: bytes | str) -> bytes:
    """The input as UTF-8-ish bytes: lines are unfolded before they are decoded.

    Unfolding has to happen on bytes because folders that count octets cut multi-byte
    characters in two; a UTF-16 file (old Windows exports) is re-encoded first.
    """
    if isinstance(data, str):
        return data.encode("utf-8", "surrogatepass")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").encode("utf-8")
    return data.removeprefix(b"\xef\xbb\xbf")


def _head(line: bytes) -> bytes:
    return line.split(b":", 1)[0]


def _encoding(head: bytes) -> str:
    m = _ENCODING_PARAM.search(head)
    return m.group(1).upper().decode() if m else ""


def _logical_byte_lines(lines: list[bytes]) -> list[bytes]:
    """Unfold continuation lines, quoted-printable soft breaks and 2.1 base64 blocks.

    Some 2.1 exporters (Nokia, Sony Ericsson) write a base64 value's lines without the
    leading space and end the block with a blank line; those lines are joined back too.
    """
    out: list[bytes] = []
    in_base64 = False
    for line in lines:
        prev = out[-1].rstrip(b" \t") if out else b""
        if prev.endswith(b"=") and _encoding(_head(prev)) == "QUOTED-PRINTABLE":
            out[-1] = prev[:-1] + line  # a soft break: the next line is literal text
            continue
        if out and in_base64 and _BASE64_CHUNK.match(line.strip()):
            out[-1] += line.strip()
            continue
        if out and line[:1] in (b" ", b"\t"):
            out[-1] += line[1:]
            continue
        in_base64 = False
        if line.strip():
            out.append(line)
            in_base64 = _encoding(_head(line)) in ("BASE64", "B")
    return out


def decode_line(line: bytes) -> str:
    """One logical line as text: UTF-8 if it is, else its CHARSET, else Windows-1252.

    Per line, not per file: files concatenated from several exports mix UTF-8 cards with
    8-bit ones, and a 2.1 card names its charset on each property.
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        m = _CHARSET_PARAM.search(line.split(b":", 1)[0])
        charset = m.group(1).strip().decode("ascii", "replace") if m else "cp1252"
        text = _decode_text_bytes(line, charset)
    return text


def split_cards(data: bytes | str) -> Iterator[RawCard]:
    """Each BEGIN:VCARD ... END:VCARD block, numbered from 1; a missing END ends at EOF."""
    index = 0
    current: list[bytes] | None = None
    for line in _LINE_BREAK.split(as_bytes(data)):
        word = line.strip().upper()
        if word == b"BEGIN:VCARD":
            if current is not None:  # missing END: close the previous card
                index += 1
                yield RawCard(index, [decode_line(x) for x in _logical_byte_lines(current)], False)
            current = []
        elif word == b"END:VCARD":
            if current is not None:
                index += 1
                yield RawCard(index, [decode_line(x) for x in _logical_byte_lines(current)], True)
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        index += 1
        yield RawCard(index, [decode_line(x) for x in _logical_byte_lines(current)], False)


def _charset(params: dict[str, list[str]]) -> str:
    values = params.get("CHARSET") or ["utf-8"]
    return values[0].strip() or "utf-8"


def _decode_text_bytes(data: bytes, charset: str) -> str:
    for enc in (charset, "utf-8", "cp1252"):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def _escape_decoded(text: str) -> str:
    """A decoded 2.1 value back into escaped form (its ``;`` stays a separator)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")


def parse_prop(line: str) -> Prop:
    name, raw_params, value, group = parseLine(line)
    params: dict[str, list[str]] = {}
    for p in raw_params:
        if len(p) == 1:  # 2.1 bare parameter: EMAIL;INTERNET;PREF
            key, vals = (
                ("ENCODING", [p[0]])
                if p[0].upper() in ("QUOTED-PRINTABLE", "BASE64", "B")
                else ("TYPE", [p[0]])
            )
        else:
            key, vals = p[0], list(p[1:])
        params.setdefault(key.upper(), []).extend(vals)
    encoding = {v.upper() for v in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encoding:
        charset = _charset(params)
        try:
            encoded = value.encode(charset)
        except (UnicodeEncodeError, LookupError):
            encoded = value.encode("utf-8")  # raw 8-bit text inside a QP value
        value = _escape_decoded(_decode_text_bytes(quopri.decodestring(encoded), charset))
    elif encoding & {"B", "BASE64"}:
        data = base64.b64decode(value.strip() + "=" * (-len(value.strip()) % 4))
        value = _escape_decoded(_decode_text_bytes(data, _charset(params)))
    params.pop("ENCODING", None)
    params.pop("CHARSET", None)
    return Prop(name.upper(), group, params, value)


def read_card(index: int, lines: list[str]) -> Card:
    card = Card(index)
    for line in lines:
        head = line.split(":", 1)[0]
        bare = head.split(";", 1)[0].split(".")[-1].upper()
        if bare in BINARY_PROPS:
            card.dropped[bare] += 1
            continue
        try:
            prop = parse_prop(line)
        except Exception as exc:  # any bad line: drop it, keep the card
            card.dropped[f"unreadable line ({type(exc).__name__})"] += 1
            continue
        if prop.name == "VERSION":
            card.version = prop.raw.strip()
        card.props.append(prop)
    return card


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}


def unescape(text: str) -> str:
    """vCard text escapes (``\\n \\, \\; \\:`` and ``\\\\``); any other backslash stays.

    Control characters other than tab and newline go: a terminal would obey them.
    """
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(0)), text)
    return _CONTROL.sub("", text)


def split_escaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` unless backslash-escaped; parts keep their escapes."""
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def text_value(prop: Prop, strip: bool = True) -> str:
    text = unescape(prop.raw)
    return text.strip() if strip else text


def list_value(prop: Prop) -> list[str]:
    return [unescape(p).strip() for p in split_escaped(prop.raw, ",") if unescape(p).strip()]


def components(prop: Prop) -> list[str]:
    """A structured value (N, ADR, ORG): components, each with its commas as spaces."""
    return [" ".join(unescape(p).split()) for p in split_escaped(prop.raw, ";")]
