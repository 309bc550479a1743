"""Reading vCards (2.1, 3.0, 4.0) into contact fields, robust to real-world exports.

vobject's line parser (``vobject.base.parseLine``: group, name, parameters) does the
tokenising; values are decoded here because vobject applies 3.0 rules to every card and
cuts text at an unescaped comma ("Smith, John" becomes "Smith"), which Outlook's 2.1
cards and many others contain. The steps, per card, each unable to sink the others:

- unfold (CRLF + space/tab) and join quoted-printable soft line breaks (``=`` at the end);
- drop binary properties (PHOTO, LOGO, SOUND, KEY) without decoding them: nothing maps
  them and a broken base64 blob must not lose the card;
- decode QUOTED-PRINTABLE (with its CHARSET) and inline base64 text;
- map what has a contact field; count every other property as "unmapped".

A card that cannot give a name (FN, N, ORG or EMAIL) is skipped with that reason; a
value that breaks a field's rule drops that field (reported), not the card.
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
BINARY_PROPS = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
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
        "X-MOZILLA-HTML",
        "X-PHONETIC-FIRST-NAME",
        "X-PHONETIC-LAST-NAME",
    }
)
ANNIVERSARY_PROPS = ("ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY")
GENDERS = {"M": "male", "F": "female", "O": "other", "N": "unspecified", "U": "unspecified"}
APPLE_NO_YEAR = 1604  # Apple's placeholder year for "year unknown"

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
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


class CardSkipped(Exception):
    pass


# ------------------------------------------------------------------ text decoding


def decode_bytes(data: bytes) -> str:
    """A vCard file as text: UTF-8 (with or without BOM), else Windows-1252."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def split_cards(text: str) -> Iterator[tuple[int, list[str]]]:
    """Physical lines of each BEGIN:VCARD ... END:VCARD block, numbered from 1."""
    index = 0
    current: list[str] | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _BEGIN.match(line.strip()):
            if current is not None:  # missing END: close the previous card
                index += 1
                yield index, current
            current = []
        elif _END.match(line.strip()):
            if current is not None:
                index += 1
                yield index, current
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        index += 1
        yield index, current


def _is_qp(params: list[list[str]]) -> bool:
    for p in params:
        if len(p) == 1 and p[0].upper() == "QUOTED-PRINTABLE":
            return True
        if p[0].upper() == "ENCODING" and any(v.upper() == "QUOTED-PRINTABLE" for v in p[1:]):
            return True
    return False


def logical_lines(lines: list[str]) -> list[str]:
    """Unfold continuation lines and quoted-printable soft breaks."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith("=") and "QUOTED-PRINTABLE" in out[-1].split(":", 1)[0].upper():
            out[-1] = out[-1][:-1] + line  # a soft break: the next line is literal text
            continue
        if out and line[:1] in (" ", "\t"):
            out[-1] += line[1:]
            continue
        if line.strip():
            out.append(line)
    return out


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
        decoded = quopri.decodestring(value.encode("latin-1", "replace"))
        value = _escape_decoded(_decode_text_bytes(decoded, _charset(params)))
    elif encoding & {"B", "BASE64"}:
        data = base64.b64decode(value.strip() + "=" * (-len(value.strip()) % 4))
        value = _escape_decoded(_decode_text_bytes(data, _charset(params)))
    params.pop("ENCODING", None)
    params.pop("CHARSET", None)
    return Prop(name.upper(), group, params, value)


def read_card(index: int, lines: list[str]) -> Card:
    card = Card(index)
    for line in logical_lines(lines):
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
    """vCard text escapes (``\\n \\, \\; \\:`` and ``\\\\``); any other backslash stays."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(0)), text)


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
    unmapped: Counter[str] = Counter(card.dropped)
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
            value = next(iter(list_value(p)), "")
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
            tags += [t for t in list_value(p) if t not in tags]
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

    url_props = [
        p for p in props if p.name in ("URL", "X-SOCIALPROFILE", "X-TWITTER", "X-LINKEDIN")
    ]
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

    kept, dropped = _keep_valid(fields)
    return MappedCard(card.index, name, kept, uid or None, emails, unmapped, dropped)


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


def read_vcards(text: str) -> Iterator[MappedCard | tuple[int, str, str]]:
    """Each card mapped, or ``(index, name_hint, reason)`` for one that was skipped."""
    for index, lines in split_cards(text):
        hint = ""
        try:
            card = read_card(index, lines)
            fn = next((p for p in card.props if p.name == "FN"), None)
            hint = text_value(fn) if fn else ""
            yield map_card(card)
        except CardSkipped as exc:
            yield index, hint, str(exc)
        except Exception as exc:  # one bad card never stops the import
            yield index, hint, f"unreadable card ({type(exc).__name__}: {exc})"
