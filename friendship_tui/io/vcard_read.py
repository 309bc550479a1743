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
"""

from __future__ import annotations

import base64
import quopri
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from vobject.base import parseLine

from ..schema import MODELS, SchemaError, parse_partial_date, validate_create

CONTACT = MODELS["contact"]
BINARY_PROPS = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "X-MS-CARDPICTURE"})
# Structural or duplicate information: not worth reporting as lost.
QUIET_PROPS = frozenset(
    {
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "REV",
        "N",
        "FN",
        "X-ABLABEL",
        "X-ABUID",
        "X-ABSHOWAS",
        "KIND",
        "LABEL",
        "SORT-STRING",
        "CLASS",
        "SOURCE",
        "NAME",
        "X-MS-OL-DEFAULT-POSTAL-ADDRESS",
        "X-MS-OL-DESIGN",  # the layout of Outlook's business card, not data
        "X-MOZILLA-HTML",
        "X-EVOLUTION-FILE-AS",
        "X-ABADR",
        "X-ADDRESSBOOKSERVER-KIND",
        "X-PHONETIC-FIRST-NAME",
        "X-PHONETIC-LAST-NAME",
    }
)
ANNIVERSARY_PROPS = (
    "ANNIVERSARY",
    "X-ANNIVERSARY",
    "X-EVOLUTION-ANNIVERSARY",
    "X-MS-ANNIVERSARY",
    "X-KADDRESSBOOK-X-ANNIVERSARY",
)
URL_PROPS = ("URL", "X-SOCIALPROFILE", "X-TWITTER", "X-LINKEDIN", "X-EVOLUTION-BLOG-URL")
# Google's system groups: every contact is in "myContacts"; "starred" is the favourite flag.
GOOGLE_ALL = frozenset({"mycontacts", "* mycontacts", "my contacts", "* my contacts"})
GOOGLE_STARRED = frozenset({"starred", "* starred", "starred in android"})
# Apple's X-SOCIALPROFILE often holds ``x-apple:user``; the profile URL is rebuilt from it.
SOCIAL_URLS = {"twitter": "https://twitter.com/", "linkedin": "https://www.linkedin.com/in/"}
# Free text longer than its field is cut (and reported); identifiers and dates are dropped.
CUT_FIELDS = frozenset(
    {
        "name",
        "nickname",
        "company",
        "job_title",
        "notes",
        "address_line",
        "city",
        "country",
        "pronouns",
    }
)
MAX_LENGTH = {f.name: f.max_length for f in CONTACT.fields if f.max_length}
GENDERS = {"M": "male", "F": "female", "O": "other", "N": "unspecified", "U": "unspecified"}
APPLE_NO_YEAR = 1604  # Apple's placeholder year for "year unknown"

_COMPACT_DT = re.compile(r"^(\d{4})(\d{2})(\d{2})T")
_FULL_DT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T")


@dataclass(slots=True)
class Prop:
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


@dataclass(slots=True)
class MappedCard:
    index: int
    name: str
    fields: dict[str, Any]  # valid contact fields
    uid: str | None
    emails: list[str]
    unmapped: Counter[str]
    dropped_fields: dict[str, str]  # field -> why it was not kept
    problems: list[str] = field(default_factory=list)  # anything else the report must say


class CardSkipped(Exception):
    pass


class NotAVCardFile(SchemaError):
    """The input holds no vCard at all: one clear error instead of an empty report."""

    def __init__(self, why: str) -> None:
        super().__init__({"file": why}, f"not a vCard file: {why}")


# ------------------------------------------------------------------ text decoding


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


# ------------------------------------------------------------------ values


def vcard_date(raw: str, params: dict[str, list[str]]) -> str | None:
    """A BDAY/ANNIVERSARY value as a partial date (YYYY-MM-DD, --MM-DD or YYYY)."""
    value = raw.strip()
    if any(v.lower() == "text" for v in params.get("VALUE", [])):
        return None
    omit = params.get("X-APPLE-OMIT-YEAR")
    m = _COMPACT_DT.match(value) or _FULL_DT.match(value)
    if m:
        value = "-".join(m.groups())
    if re.fullmatch(r"--\d{4}", value):
        value = f"--{value[2:4]}-{value[4:6]}"
    if re.fullmatch(r"\d{8}", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    m2 = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m2:
        year = int(m2.group(1))
        if year == 0 or (omit and omit[0].strip() == m2.group(1)) or year == APPLE_NO_YEAR:
            value = f"--{m2.group(2)}-{m2.group(3)}"
    pd = parse_partial_date(value)
    return pd.isoformat() if pd is not None else None


def normalise_url(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    if "://" not in text and re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text, re.IGNORECASE):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def url_slot(url: str, hint: set[str] | None = None) -> str:
    """website, linkedin or twitter, from the host (or an Apple social-profile type)."""
    hint = hint or set()
    host = urlsplit(url).netloc.lower().split(":")[0]
    if "linkedin" in hint or host == "linkedin.com" or host.endswith(".linkedin.com"):
        return "linkedin"
    if (
        "twitter" in hint
        or "x" in hint
        or host in ("twitter.com", "x.com")
        or host.endswith((".twitter.com", ".x.com"))
    ):
        return "twitter"
    return "website"


def name_from_n(prop: Prop) -> str:
    parts = components(prop) + [""] * 5
    family, given, additional, prefix, suffix = parts[:5]
    return " ".join(x for x in (prefix, given, additional, family, suffix) if x)


def address_fields(prop: Prop) -> dict[str, str]:
    parts = components(prop) + [""] * 7
    box, extended, street, city, region, code, country = parts[:7]
    line = ", ".join(x for x in (street, extended, box) if x)
    tail = " ".join(x for x in (code, region) if x)
    if tail:
        line = f"{line}, {tail}" if line else tail
    out = {"address_line": line, "city": city, "country": country}
    return {k: v for k, v in out.items() if v}


# ------------------------------------------------------------------ mapping


def map_card(card: Card) -> MappedCard:
    """Contact fields from a card; raises CardSkipped when no name can be found."""
    props = card.props
    for p in props:
        if p.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND") and text_value(p).lower() == "group":
            raise CardSkipped(f"a contact group ({p.name}:group), not a person")
    unmapped: Counter[str] = Counter(card.dropped)
    problems: list[str] = []
    fields: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for p in props:
        if p.name == "X-ABLABEL" and p.group:
            labels[p.group.lower()] = text_value(p).lower()

    def first(name: str) -> Prop | None:
        return next((p for p in props if p.name == name), None)

    used: set[int] = set()

    fn = first("FN")
    name = text_value(fn) if fn else ""
    n = first("N")
    if not name and n is not None:
        name = name_from_n(n)
    org = first("ORG")
    if org is not None:
        company = ", ".join(c for c in components(org) if c)
        if company:
            fields["company"] = company
        used.add(id(org))

    emails_props = sorted((p for p in props if p.name == "EMAIL"), key=Prop.pref_rank)
    emails: list[str] = []
    for p in emails_props:
        v = text_value(p)
        if v.lower().startswith("mailto:"):
            v = v[7:]
        if v and v.lower() not in (e.lower() for e in emails):
            emails.append(v)
        used.add(id(p))
    if emails:
        fields["email"] = emails[0]
    if len(emails) > 1:
        fields["secondary_email"] = emails[1]
    if len(emails) > 2:
        unmapped["EMAIL (3rd and later)"] += len(emails) - 2

    phones: list[str] = []
    for p in sorted((p for p in props if p.name == "TEL"), key=Prop.pref_rank):
        v = text_value(p)
        if v.lower().startswith("tel:"):
            v = v[4:]
        if v and v not in phones:
            phones.append(v)
        used.add(id(p))
    if phones:
        fields["phone"] = phones[0]
    if len(phones) > 1:
        fields["secondary_phone"] = phones[1]
    if len(phones) > 2:
        unmapped["TEL (3rd and later)"] += len(phones) - 2

    if not name:
        name = fields.get("company") or (emails[0] if emails else "")
    if not name:
        raise CardSkipped("no name: the card has no FN, N, ORG or EMAIL")
    fields["name"] = name

    simple = {
        "NICKNAME": "nickname",
        "TITLE": "job_title",
        "NOTE": "notes",
        "PRONOUNS": "pronouns",
        "X-PRONOUNS": "pronouns",
    }
    for p in props:
        target = simple.get(p.name)
        if target is None:
            continue
        used.add(id(p))
        if p.name == "NICKNAME":
            names = list_value(p)
            value = next(iter(names), "")
            if len(names) > 1:
                unmapped["NICKNAME (2nd and later)"] += len(names) - 1
        else:  # a note keeps its whitespace: it is the user's text
            value = text_value(p, strip=p.name != "NOTE")
        if not value.strip():
            continue
        if target in fields:
            if target == "notes":
                fields["notes"] += "\n\n" + value
            else:
                unmapped[f"{p.name} (more than one)"] += 1
            continue
        fields[target] = value

    adrs = sorted((p for p in props if p.name == "ADR"), key=Prop.pref_rank)
    if adrs:
        fields.update(address_fields(adrs[0]))
        used.update(id(p) for p in adrs[:1])
        if len(adrs) > 1:
            unmapped["ADR (2nd and later)"] += len(adrs) - 1
            used.update(id(p) for p in adrs[1:])

    tags: list[str] = []
    for p in props:
        if p.name == "CATEGORIES":
            used.add(id(p))
            for t in list_value(p):
                if t.lower() in GOOGLE_STARRED:
                    fields["favorite"] = True
                elif t.lower() not in GOOGLE_ALL and t not in tags:
                    tags.append(t)
    if tags:
        fields["tags"] = tags

    for p in props:
        if (
            p.name == "BDAY"
            or p.name in ANNIVERSARY_PROPS
            or (p.name == "X-ABDATE" and "anniversary" in labels.get((p.group or "").lower(), ""))
        ):
            target = "birthday" if p.name == "BDAY" else "anniversary"
            used.add(id(p))
            when = vcard_date(unescape(p.raw), p.params)
            if when is None:
                unmapped[f"{p.name} (not a date: {unescape(p.raw)[:20]})"] += 1
                problems.append(
                    f"{p.name} {unescape(p.raw).strip()[:40]!r} is not a date"
                    " (YYYY-MM-DD, --MM-DD or YYYY); not imported"
                )
            elif target not in fields:
                fields[target] = when

    for p in props:
        if p.name not in ("GENDER", "X-GENDER"):
            continue
        used.add(id(p))
        code = unescape(p.raw).split(";", 1)[0].strip()[:1].upper()
        if code in GENDERS and "gender" not in fields:
            fields["gender"] = GENDERS[code]
        elif code:
            unmapped[f"{p.name} ({unescape(p.raw)[:20]})"] += 1

    url_props = [p for p in props if p.name in URL_PROPS]
    # A Google "profile" link is the least interesting website; preferred ones come first.
    url_props.sort(
        key=lambda p: (p.pref_rank() if p.pref_rank() < 101 else 101, "profile" in p.types())
    )
    for p in url_props:
        used.add(id(p))
        raw = text_value(p)
        if p.name == "X-TWITTER" and not raw.lower().startswith("http"):
            raw = "https://twitter.com/" + raw.lstrip("@")
        url = normalise_url(raw)
        user = next(iter(p.params.get("X-USER", [])), "").strip().lstrip("@")
        if url is None and p.name == "X-SOCIALPROFILE" and user:
            prefix = next((v for k, v in SOCIAL_URLS.items() if k in p.types()), None)
            url = prefix + user if prefix else None
        hint = p.types() | ({"twitter"} if p.name == "X-TWITTER" else set())
        hint |= {"linkedin"} if p.name == "X-LINKEDIN" else set()
        if url is None:
            unmapped[f"{p.name} (not an http(s) URL)"] += 1
            continue
        slot = url_slot(url, hint if p.name != "URL" else None)
        if slot in fields:
            unmapped[f"{p.name} (another {slot})"] += 1
        else:
            fields[slot] = url

    uid_prop = first("UID")
    uid = text_value(uid_prop) if uid_prop else None
    if uid_prop is not None:
        used.add(id(uid_prop))

    for p in props:
        if id(p) in used or p.name in QUIET_PROPS or p.name == "UID":
            continue
        if p.name == "X-ABDATE":
            unmapped[f"X-ABDATE ({labels.get((p.group or '').lower(), 'no label')})"] += 1
            continue
        unmapped[p.name] += 1

    problems += _cut_long_text(fields)
    kept, dropped = _keep_valid(fields)
    return MappedCard(
        card.index, kept["name"], kept, uid or None, emails, unmapped, dropped, problems
    )


def _cut_long_text(fields: dict[str, Any]) -> list[str]:
    """Free text over its field's limit is cut there; the cut is reported, not silent."""
    cuts = []
    for k in CUT_FIELDS:
        value, limit = fields.get(k), MAX_LENGTH.get(k)
        if isinstance(value, str) and limit and len(value) > limit:
            fields[k] = value[:limit].rstrip()
            cuts.append(f"{k} cut to {limit} characters (it had {len(value)})")
    return cuts


def _keep_valid(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Drop the fields a rule rejects (and say why) so one bad value keeps the card."""
    dropped: dict[str, str] = {}
    current = dict(fields)
    for _ in range(len(CONTACT.fields) + 1):
        try:
            return validate_create(CONTACT, current), dropped
        except SchemaError as exc:
            if "name" in exc.fields:
                raise CardSkipped(f"name {exc.fields['name']}") from exc
            for k, why in exc.fields.items():
                dropped[k] = why
                current.pop(k, None)
    raise CardSkipped("no valid fields")  # pragma: no cover - the loop always converges


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
