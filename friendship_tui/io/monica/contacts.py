"""One Monica contact -> our contact fields, plus the custom fields that hold the rest.

Pure: returns data and the names of Monica fields that found no home, so the importer
can report each with the contact it belonged to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...domain.reserved_fields import DECEASED, FIRST_MET, MONICA_ID, PARTIAL
from ...schema.dates import parse_timestamp
from .values import frequency, gender, special_date

# Monica fields we read or deliberately leave (server bookkeeping), never reported.
KNOWN = {
    "id", "object", "hash_id", "uuid", "first_name", "last_name", "middle_name", "nickname",
    "complete_name", "initials", "description", "gender", "gender_type", "is_starred",
    "is_partial", "is_active", "is_dead", "is_me", "last_called", "last_activity_together",
    "stay_in_touch_frequency", "stay_in_touch_trigger_date", "information", "addresses",
    "tags", "statistics", "contactFields", "contact_fields", "notes", "url", "account",
    "created_at", "updated_at", "job", "company", "birthdate", "deceased_date",
}  # fmt: skip
INFO_KNOWN = {"relationships", "dates", "career", "how_you_met", "food_preferences",
              "food_preferencies", "birthdate", "deceased_date", "avatar"}  # fmt: skip


@dataclass(slots=True)
class MappedContact:
    monica_id: str
    name: str
    data: dict[str, Any]
    extra: list[tuple[str, str, str | None]] = field(default_factory=list)  # label, kind, value
    unmapped: list[str] = field(default_factory=list)
    introducer: str | None = None  # Monica id of who introduced you
    partial: bool = False
    notes: list[str] = field(default_factory=list)  # for the report


def full_name(c: dict[str, Any]) -> str:
    name = c.get("complete_name") or " ".join(
        str(p) for p in (c.get("first_name"), c.get("middle_name"), c.get("last_name")) if p
    )
    return str(name or c.get("nickname") or f"Monica contact {c.get('id')}").strip()[:200]


def _url(handle: str, site: str) -> str | None:
    text = handle.strip()
    if text.startswith(("http://", "https://")):
        return text
    if not text:
        return None
    return f"https://{site}/{text.lstrip('@')}"


def _contact_fields(c: dict[str, Any], out: MappedContact) -> None:
    """Emails, phones and socials: the first two of each into our fields, the rest
    into custom fields labelled with Monica's type name."""
    slots = {"email": ["email", "secondary_email"], "phone": ["phone", "secondary_phone"]}
    for cf in c.get("contactFields") or c.get("contact_fields") or []:
        content = str(cf.get("content") or cf.get("data") or "").strip()
        if not content:
            continue
        ctype = cf.get("contact_field_type") or {}
        type_name = str(ctype.get("name") or "Contact field")
        kind = str(ctype.get("type") or type_name).lower()
        lowered = type_name.lower()
        if kind in slots or lowered in slots:
            free = slots.get(kind) or slots[lowered]
            if free:
                out.data[free.pop(0)] = content
                continue
        elif "twitter" in lowered and "twitter" not in out.data:
            out.data["twitter"] = _url(content, "twitter.com")
            continue
        elif "linkedin" in lowered and "linkedin" not in out.data:
            out.data["linkedin"] = _url(content, "www.linkedin.com/in")
            continue
        elif lowered in ("website", "url", "web") and "website" not in out.data:
            out.data["website"] = _url(content, content)
            continue
        out.extra.append((type_name[:120], "text", content[:2000]))


def _address_text(a: dict[str, Any]) -> str:
    country = a.get("country")
    if isinstance(country, dict):
        country = country.get("name") or country.get("iso")
    parts = [a.get("street"), a.get("city"), a.get("province"), a.get("postal_code"), country]
    return ", ".join(str(p) for p in parts if p)


def _addresses(addresses: list[dict[str, Any]], out: MappedContact) -> None:
    for i, a in enumerate(addresses):
        if i == 0:
            country = a.get("country")
            if isinstance(country, dict):
                country = country.get("name") or country.get("iso")
            for ours, value in (
                ("address_line", a.get("street")),
                ("city", a.get("city")),
                ("country", country),
            ):
                if value:
                    out.data[ours] = str(value)[:200]
            rest = [a.get("province"), a.get("postal_code")]
            if any(rest):
                out.extra.append(("Address", "text", _address_text(a)[:2000]))
        else:
            label = str(a.get("name") or "Address")[:120]
            out.extra.append((label, "text", _address_text(a)[:2000]))


def _later(a: str | None, b: Any) -> str | None:
    text = b.get("date") if isinstance(b, dict) else b
    if not isinstance(text, str):
        return a
    text = text.replace(" ", "T")
    cand = text[:19] + "Z" if len(text) >= 19 else text[:10]
    if parse_timestamp(cand) is None:
        return a
    if a is None:
        return cand
    return cand if cand > a else a


def map_contact(c: dict[str, Any], addresses: list[dict[str, Any]]) -> MappedContact:
    mid = str(c.get("id"))
    out = MappedContact(monica_id=mid, name=full_name(c), data={})
    info = c.get("information") or {}
    dates = info.get("dates") or {}
    career = info.get("career") or {}
    met = info.get("how_you_met") or {}
    data = out.data
    data["name"] = out.name
    for ours, value in (
        ("nickname", c.get("nickname")),
        ("gender", gender(c.get("gender"))),
        ("job_title", career.get("job") or c.get("job")),
        ("company", career.get("company") or c.get("company")),
        ("food_prefs", info.get("food_preferences") or info.get("food_preferencies")),
        ("how_we_met", met.get("general_information")),
        ("notes", c.get("description")),
    ):
        if value:
            data[ours] = str(value)
    if c.get("is_starred"):
        data["favorite"] = True
    tags = [str(t.get("name")) for t in c.get("tags") or [] if t.get("name")]
    if tags:
        data["tags"] = tags[:50]
    birthday = special_date(dates.get("birthdate") or info.get("birthdate"))
    if birthday:
        data["birthday"] = birthday
    freq, exact = frequency(c.get("stay_in_touch_frequency"))
    if freq:
        data["stay_in_touch_frequency"] = freq
        if not exact:
            out.notes.append(
                f"stay in touch every {c.get('stay_in_touch_frequency')} days became {freq}"
            )
    last = _later(None, c.get("last_called"))
    last = _later(last, c.get("last_activity_together"))
    if last:
        data["last_contacted_at"] = last
    _contact_fields(c, out)
    _addresses(list(c.get("addresses") or []) + addresses, out)
    out.extra.append((MONICA_ID.label, MONICA_ID.kind, mid))
    if c.get("is_partial"):
        out.partial = True
        out.extra.append((PARTIAL.label, PARTIAL.kind, "true"))
    if c.get("is_dead"):
        died = special_date(dates.get("deceased_date") or info.get("deceased_date"))
        out.extra.append((DECEASED.label, DECEASED.kind, died))
    first_met = special_date(met.get("first_met_date"))
    if first_met:
        out.extra.append((FIRST_MET.label, FIRST_MET.kind, first_met))
    through = met.get("first_met_through_contact")
    if isinstance(through, dict) and through.get("id") is not None:
        out.introducer = str(through["id"])
    avatar = info.get("avatar") or {}
    if avatar.get("url") and avatar.get("source") not in (None, "default", "adorable"):
        out.unmapped.append("avatar")
    out.unmapped += sorted(k for k, v in c.items() if k not in KNOWN and v not in (None, "", []))
    out.unmapped += sorted(
        f"information.{k}" for k, v in info.items() if k not in INFO_KNOWN and v not in (None, "")
    )
    return out
