"""Mapping one decoded vCard onto our contact's fields, and checking what it gives.

Each family of properties (names, e-mail, phones, free text, address, categories,
dates, gender, links) has its own helper; they share one ``_Mapping`` that collects the
fields, what was used, what had no place ("unmapped") and problems for the report.
Free text over its limit is cut and any other value a rule rejects is dropped, each with
a note, so one bad value never loses the card.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..schema import MODELS, DateKind, SchemaError, parse_partial_date, validate_create
from ..schema.dates import DATE_SHAPES
from .vcard_lines import Card, Prop, components, list_value, text_value, unescape

CONTACT = MODELS["contact"]
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


@dataclass(slots=True)
class _Mapping:
    """What the helpers below share while they map one card."""

    props: list[Prop]
    unmapped: Counter[str]
    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # Apple item group -> X-ABLABEL
    used: set[int] = field(default_factory=set)  # id() of each property given a place

    def first(self, name: str) -> Prop | None:
        return next((p for p in self.props if p.name == name), None)

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]


def map_card(card: Card) -> MappedCard:
    """Contact fields from a card; raises CardSkipped when no name can be found."""
    _refuse_groups(card.props)
    m = _Mapping(card.props, Counter(card.dropped))
    for p in m.props:
        if p.name == "X-ABLABEL" and p.group:
            m.labels[p.group.lower()] = text_value(p).lower()
    name = _written_name(m)
    _map_company(m)
    emails = _map_emails(m)
    _map_phones(m)
    name = name or m.fields.get("company") or (emails[0] if emails else "")
    if not name:
        raise CardSkipped("no name: the card has no FN, N, ORG or EMAIL")
    m.fields["name"] = name
    _map_free_text(m)
    _map_address(m)
    _map_categories(m)
    _map_dates(m)
    _map_gender(m)
    _map_links(m)
    uid_prop = m.first("UID")
    uid = text_value(uid_prop) if uid_prop else None
    _count_the_rest(m)
    problems = m.problems + _cut_long_text(m.fields)
    kept, dropped = _keep_valid(m.fields)
    return MappedCard(
        card.index, kept["name"], kept, uid or None, emails, m.unmapped, dropped, problems
    )


def _refuse_groups(props: list[Prop]) -> None:
    for p in props:
        if p.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND") and text_value(p).lower() == "group":
            raise CardSkipped(f"a contact group ({p.name}:group), not a person")


def _written_name(m: _Mapping) -> str:
    """FN, else the parts of N; empty when the card names nobody."""
    fn = m.first("FN")
    name = text_value(fn) if fn else ""
    n = m.first("N")
    if not name and n is not None:
        name = name_from_n(n)
    return name


def _map_company(m: _Mapping) -> None:
    org = m.first("ORG")
    if org is not None:
        company = ", ".join(c for c in components(org) if c)
        if company:
            m.fields["company"] = company
        m.used.add(id(org))


def _map_emails(m: _Mapping) -> list[str]:
    """Every distinct address (case aside), preferred first; the first two have a field."""
    return _first_two(m, "EMAIL", "mailto:", ("email", "secondary_email"), str.lower)


def _map_phones(m: _Mapping) -> None:
    _first_two(m, "TEL", "tel:", ("phone", "secondary_phone"), str)


def _first_two(
    m: _Mapping, name: str, scheme: str, targets: tuple[str, str], key: Callable[[str], str]
) -> list[str]:
    """The distinct values of ``name`` (``key`` says which are the same), preferred first,
    without a URI ``scheme``; the first two fill ``targets``, the rest are counted."""
    values: list[str] = []
    for p in sorted(m.all(name), key=Prop.pref_rank):
        v = text_value(p)
        if v.lower().startswith(scheme):
            v = v[len(scheme) :]
        if v and key(v) not in (key(e) for e in values):
            values.append(v)
        m.used.add(id(p))
    for target, value in zip(targets, values, strict=False):
        m.fields[target] = value
    if len(values) > 2:
        m.unmapped[f"{name} (3rd and later)"] += len(values) - 2
    return values


SIMPLE_TEXT = {
    "NICKNAME": "nickname",
    "TITLE": "job_title",
    "NOTE": "notes",
    "PRONOUNS": "pronouns",
    "X-PRONOUNS": "pronouns",
}


def _map_free_text(m: _Mapping) -> None:
    """Nickname, title, pronouns (the first kept) and notes (all kept, joined)."""
    for p in m.props:
        target = SIMPLE_TEXT.get(p.name)
        if target is None:
            continue
        m.used.add(id(p))
        if p.name == "NICKNAME":
            names = list_value(p)
            value = next(iter(names), "")
            if len(names) > 1:
                m.unmapped["NICKNAME (2nd and later)"] += len(names) - 1
        else:  # a note keeps its whitespace: it is the user's text
            value = text_value(p, strip=p.name != "NOTE")
        if not value.strip():
            continue
        if target in m.fields:
            if target == "notes":
                m.fields["notes"] += "\n\n" + value
            else:
                m.unmapped[f"{p.name} (more than one)"] += 1
            continue
        m.fields[target] = value


def _map_address(m: _Mapping) -> None:
    adrs = sorted(m.all("ADR"), key=Prop.pref_rank)
    if adrs:
        m.fields.update(address_fields(adrs[0]))
        m.used.update(id(p) for p in adrs)
        if len(adrs) > 1:
            m.unmapped["ADR (2nd and later)"] += len(adrs) - 1


def _map_categories(m: _Mapping) -> None:
    """Tags, bar Google's system groups; its "starred" group is the favourite flag."""
    tags: list[str] = []
    for p in m.all("CATEGORIES"):
        m.used.add(id(p))
        for t in list_value(p):
            if t.lower() in GOOGLE_STARRED:
                m.fields["favorite"] = True
            elif t.lower() not in GOOGLE_ALL and t not in tags:
                tags.append(t)
    if tags:
        m.fields["tags"] = tags


def _map_dates(m: _Mapping) -> None:
    """Birthday and anniversary (the first readable one); others are reported."""
    for p in m.props:
        label = m.labels.get((p.group or "").lower(), "")
        if not (
            p.name == "BDAY"
            or p.name in ANNIVERSARY_PROPS
            or (p.name == "X-ABDATE" and "anniversary" in label)
        ):
            continue
        target = "birthday" if p.name == "BDAY" else "anniversary"
        m.used.add(id(p))
        when = vcard_date(unescape(p.raw), p.params)
        if when is None:
            m.unmapped[f"{p.name} (not a date: {unescape(p.raw)[:20]})"] += 1
            m.problems.append(
                f"{p.name} {unescape(p.raw).strip()[:40]!r} is not a date"
                f" ({DATE_SHAPES[DateKind.PARTIAL]}); not imported"
            )
        elif target not in m.fields:
            m.fields[target] = when


def _map_gender(m: _Mapping) -> None:
    for p in m.props:
        if p.name not in ("GENDER", "X-GENDER"):
            continue
        m.used.add(id(p))
        code = unescape(p.raw).split(";", 1)[0].strip()[:1].upper()
        if code in GENDERS and "gender" not in m.fields:
            m.fields["gender"] = GENDERS[code]
        elif code:
            m.unmapped[f"{p.name} ({unescape(p.raw)[:20]})"] += 1


def _map_links(m: _Mapping) -> None:
    """URLs and social profiles into website, linkedin and twitter (one each)."""
    url_props = [p for p in m.props if p.name in URL_PROPS]
    # A Google "profile" link is the least interesting website; preferred ones come first.
    url_props.sort(
        key=lambda p: (p.pref_rank() if p.pref_rank() < 101 else 101, "profile" in p.types())
    )
    for p in url_props:
        m.used.add(id(p))
        url = _link_url(p)
        if url is None:
            m.unmapped[f"{p.name} (not an http(s) URL)"] += 1
            continue
        hint = p.types() | ({"twitter"} if p.name == "X-TWITTER" else set())
        hint |= {"linkedin"} if p.name == "X-LINKEDIN" else set()
        slot = url_slot(url, hint if p.name != "URL" else None)
        if slot in m.fields:
            m.unmapped[f"{p.name} (another {slot})"] += 1
        else:
            m.fields[slot] = url


def _link_url(p: Prop) -> str | None:
    """The http(s) URL a link property stands for (a bare handle is made into one)."""
    raw = text_value(p)
    if p.name == "X-TWITTER" and not raw.lower().startswith("http"):
        raw = "https://twitter.com/" + raw.lstrip("@")
    url = normalise_url(raw)
    user = next(iter(p.params.get("X-USER", [])), "").strip().lstrip("@")
    if url is None and p.name == "X-SOCIALPROFILE" and user:
        prefix = next((v for k, v in SOCIAL_URLS.items() if k in p.types()), None)
        url = prefix + user if prefix else None
    return url


def _count_the_rest(m: _Mapping) -> None:
    """Every property that found no place and is worth reporting, by name."""
    for p in m.props:
        if id(p) in m.used or p.name in QUIET_PROPS or p.name == "UID":
            continue
        if p.name == "X-ABDATE":
            m.unmapped[f"X-ABDATE ({m.labels.get((p.group or '').lower(), 'no label')})"] += 1
            continue
        m.unmapped[p.name] += 1


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
