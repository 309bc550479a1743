"""vCard import (2.1/3.0/4.0) and export (4.0 by default, 3.0 on request).

Mapped both ways: FN/N <-> name, NICKNAME, EMAIL x2, TEL x2, ORG <-> company, TITLE <->
job_title, ADR <-> address_line/city/country, BDAY and ANNIVERSARY (full, year-unknown
and year-only dates), URL <-> website/linkedin/twitter (by host), NOTE <-> notes,
CATEGORIES <-> tags, GENDER <-> gender, PRONOUNS <-> pronouns, UID.

The UID is kept without a schema change: it is stored on the contact as a custom field
labelled ``vcard_uid`` (kind text). Export writes it back; a contact without one gets a
stable ``urn:uuid:`` derived from its id, and import recognises both. Re-importing a file
therefore updates the contacts it made: matched by UID, else by an email address, else by
a name that exactly one contact has.

Year-unknown dates are written ``--MMDD`` in 4.0 and, in 3.0 (which cannot say it), the
Apple way: ``BDAY;X-APPLE-OMIT-YEAR=1604:1604-MM-DD``; both are read back. A 3.0
anniversary is written twice: the common ``X-ANNIVERSARY`` extension and Apple's
labelled ``item1.X-ABDATE`` (Apple Contacts and Google Contacts).

Export is written by hand, not by vobject: lines are folded at 75 octets (vobject measures
short lines in characters) and TEXT values escaped per RFC 6350 / RFC 2426; URLs are URIs
and stay unescaped. The favourite flag travels as Google's ``starred`` category, and a
``starred`` or ``myContacts`` category on import is that flag or nothing, never a tag.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from ..schema import MODELS, ListQuery, parse_partial_date, parse_timestamp
from ..store.base import Backend, Obj, iter_all
from .progress import NoProgress, Progress
from .report import ImportReport, Skipped
from .vcard_read import APPLE_NO_YEAR, MappedCard, NotAVCardFile, read_vcards
from .writes import NewRef, Write, apply_writes

UID_LABEL = "vcard_uid"
UID_NAMESPACE = uuid.UUID("6f1c3a52-5d0e-4a8e-9b7c-1f2e3d4c5b6a")
CONTACT = MODELS["contact"]
GENDER_CODES = {"male": "M", "female": "F", "other": "O", "unspecified": "U"}
X_GENDER = {"male": "Male", "female": "Female", "other": "Other", "unspecified": "Unspecified"}


def derived_uid(contact_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, contact_id)}"


# ------------------------------------------------------------------ export


def _date_value(value: str, version: str) -> tuple[str, dict[str, str]] | None:
    pd = parse_partial_date(value)
    if pd is None:
        return None
    if pd.year_only:
        return f"{pd.year:04d}", {}
    assert pd.month is not None and pd.day is not None
    if version == "4.0":
        if pd.year is None:
            return f"--{pd.month:02d}{pd.day:02d}", {}
        return f"{pd.year:04d}{pd.month:02d}{pd.day:02d}", {}
    if pd.year is None:
        return f"{APPLE_NO_YEAR}-{pd.month:02d}-{pd.day:02d}", {
            "X-APPLE-OMIT-YEAR": str(APPLE_NO_YEAR)
        }
    return f"{pd.year:04d}-{pd.month:02d}-{pd.day:02d}", {}


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is the family name, the rest given names."""
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], " ".join(words[:-1])


def escape_text(value: str) -> str:
    """A TEXT value as RFC 6350 3.4 / RFC 2426 5 want it: backslash, comma, semicolon
    and newline escaped (readers split N, ADR, ORG and lists on the bare ones)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for raw, escaped in (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\n", "\\n")):
        value = value.replace(raw, escaped)
    return value


def fold_line(line: str) -> str:
    """One content line folded at 75 octets (RFC 6350 3.2), never inside a character.

    vobject's folder measures characters on short lines, so a line of 74 accented
    letters came out at over 140 octets; strict readers (and iOS) reject that.
    """
    if len(line.encode("utf-8")) <= 75:  # most lines: nothing to fold
        return line + "\r\n"
    out: list[str] = []
    chunk: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append("".join(chunk))
            chunk, size = [" "], 1
        chunk.append(ch)
        size += n
    out.append("".join(chunk))
    return "\r\n".join(out) + "\r\n"


def contact_vcard(contact: Mapping[str, Any], uid: str, version: str = "4.0") -> str:
    """One contact as a vCard: CRLF lines, folded at 75 octets, TEXT values escaped."""
    lines: list[str] = []

    def add(prop: str, value: str, params: str = "") -> None:
        lines.append(f"{prop}{params}:{value}")

    def text(prop: str, field_name: str, params: str = "") -> None:
        value = contact.get(field_name)
        if value:
            add(prop, escape_text(str(value)), params)

    add("BEGIN", "VCARD")
    add("VERSION", version)
    add("UID", uid)
    name = str(contact.get("name") or "")
    add("FN", escape_text(name))
    family, given = _split_name(name)
    add("N", f"{escape_text(family)};{escape_text(given)};;;")
    text("NICKNAME", "nickname")
    v4 = version == "4.0"
    text("EMAIL", "email", ";PREF=1" if v4 else ";TYPE=INTERNET,PREF")
    text("EMAIL", "secondary_email", "" if v4 else ";TYPE=INTERNET")
    text("TEL", "phone", ";PREF=1" if v4 else ";TYPE=PREF")
    text("TEL", "secondary_phone")
    text("ORG", "company")
    text("TITLE", "job_title")
    if contact.get("address_line") or contact.get("city") or contact.get("country"):
        box_ext_street_city = ("", "", contact.get("address_line"), contact.get("city"))
        parts = (*box_ext_street_city, "", "", contact.get("country"))
        add("ADR", ";".join(escape_text(str(p or "")) for p in parts))
    for field_name, prop in (("birthday", "BDAY"), ("anniversary", "ANNIVERSARY")):
        raw = contact.get(field_name)
        encoded = _date_value(str(raw), version) if raw else None
        if encoded is None:
            continue
        value, params = encoded
        extra = "".join(f";{k}={v}" for k, v in params.items())
        add(prop if v4 or prop == "BDAY" else "X-ANNIVERSARY", value, extra)
        if prop == "ANNIVERSARY" and not v4:  # what Apple and Google read in 3.0
            add("item1.X-ABDATE", value, extra)
            add("item1.X-ABLabel", "_$!<Anniversary>!$_")
    for slot in ("website", "linkedin", "twitter"):
        if contact.get(slot):  # a URI, not TEXT: its commas and semicolons stay as they are
            add("URL", str(contact[slot]))
    text("NOTE", "notes")
    # Google's "starred" group is how Google and Android carry the favourite flag.
    tags = list(contact.get("tags") or []) + (["starred"] if contact.get("favorite") else [])
    if tags:
        add("CATEGORIES", ",".join(escape_text(str(t)) for t in tags))
    gender = contact.get("gender")
    if gender:
        if v4:
            add("GENDER", GENDER_CODES.get(str(gender), "U"))
        else:
            add("X-GENDER", X_GENDER.get(str(gender), "Unspecified"))
    text("PRONOUNS" if v4 else "X-PRONOUNS", "pronouns")
    updated = parse_timestamp(str(contact.get("updated_at") or ""))
    if updated is not None:
        add("REV", updated.strftime("%Y%m%dT%H%M%SZ"))
    add("END", "VCARD")
    return "".join(fold_line(line) for line in lines)


async def uid_fields(backend: Backend) -> dict[str, Obj]:
    """Each contact's ``vcard_uid`` custom field, by contact id."""
    out: dict[str, Obj] = {}
    async for cf in iter_all(
        backend, "custom_field", ListQuery(filters={"is_archived": ["true", "false"]})
    ):
        if cf.get("label") == UID_LABEL and cf.get("value"):
            out.setdefault(str(cf.get("parent_id")), cf)
    return out


async def export_vcards(
    backend: Backend, out: IO[str], version: str = "4.0", progress: Progress | None = None
) -> int:
    if version not in ("3.0", "4.0"):
        raise ValueError("vCard version must be 3.0 or 4.0")
    progress = progress or NoProgress()
    uids = await uid_fields(backend)
    progress.start("Exporting vCards", None)
    n = 0
    try:
        q = ListQuery(filters={"is_archived": ["true", "false"]})
        async for c in iter_all(backend, "contact", q):
            cid = str(c["id"])
            uid = str(uids[cid]["value"]) if cid in uids else derived_uid(cid)
            out.write(contact_vcard(c, uid, version))
            n += 1
            progress.advance()
    finally:
        progress.finish()
    return n


# ------------------------------------------------------------------ import


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class _Index:
    """Existing (and just-planned) contacts by UID, email and name.

    ``uid_of`` holds the contacts that already stand for a vCard (a stored UID, or a
    card of this import): a card with another UID never falls back onto them by email
    or name, so two people with the same name in one file stay two contacts.
    """

    by_uid: dict[str, str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    uid_of: dict[str, str] = field(default_factory=dict)

    def add(
        self, key: str, obj: Mapping[str, Any], uid: str | None = None, *, strong: bool = True
    ) -> None:
        if uid:
            self.by_uid.setdefault(uid, key)
            if strong:
                self.uid_of.setdefault(key, uid)
        for f in ("email", "secondary_email"):
            if obj.get(f):
                self.by_email.setdefault(str(obj[f]).casefold(), key)
        if obj.get("name"):
            names = self.by_name.setdefault(_norm(str(obj["name"])), [])
            if key not in names:
                names.append(key)

    def _free(self, key: str, uid: str | None) -> bool:
        return not uid or self.uid_of.get(key, uid) == uid

    def match(self, card: MappedCard) -> str | None:
        if card.uid and card.uid in self.by_uid:
            return self.by_uid[card.uid]
        for e in card.emails:
            key = self.by_email.get(e.casefold())
            if key is not None and self._free(key, card.uid):
                return key
        names = [k for k in self.by_name.get(_norm(card.name), []) if self._free(k, card.uid)]
        return names[0] if len(names) == 1 else None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    return a == b


async def import_vcards(
    backend: Backend, data: bytes | str, progress: Progress | None = None
) -> ImportReport:
    """Create or update a contact per card; skipped cards and unmapped data are reported."""
    progress = progress or NoProgress()
    report = ImportReport(type="contact")

    index = _Index()
    contacts: dict[str, Obj] = {}
    q = ListQuery(filters={"is_archived": ["true", "false"]})
    async for c in iter_all(backend, "contact", q):
        key = str(c["id"])
        contacts[key] = c
        index.add(key, c, derived_uid(key), strong=False)
    uids = await uid_fields(backend)
    for cid, cf in uids.items():
        index.by_uid[str(cf["value"])] = cid
        index.uid_of[cid] = str(cf["value"])

    creates: dict[str, dict[str, Any]] = {}  # "new:N" -> fields
    updates: dict[str, dict[str, Any]] = {}  # contact id -> patch
    new_uids: dict[str, str] = {}  # key ("new:N" or id) -> uid to store
    matched: set[str] = set()  # existing contacts some card matched

    progress.start("Reading vCards", None)
    seen = 0
    for item in read_vcards(data):
        seen += 1
        progress.advance()
        if isinstance(item, tuple):
            idx, hint, reason = item
            where = f"card {idx}" + (f" ({hint})" if hint else "")
            report.skipped.append(Skipped(where, reason))
            continue
        card = item
        report.unmapped.update(card.unmapped)
        for fname, why in card.dropped_fields.items():
            report.notes.append(f"card {card.index} ({card.name}): {fname} not kept: {why}")
        for problem in card.problems:
            report.notes.append(f"card {card.index} ({card.name}): {problem}")
        found = index.match(card)
        if found is None:
            key = f"new:{card.index}"
            creates[key] = dict(card.fields)
        elif found in creates:
            key = found
            creates[key].update(card.fields)
        else:
            key = found
            matched.add(key)
            current = {**contacts[key], **updates.get(key, {})}
            patch = {k: v for k, v in card.fields.items() if not _same(current.get(k), v)}
            if patch:
                updates.setdefault(key, {}).update(patch)
        index.add(key, card.fields, card.uid)
        known = key in uids and uids[key].get("value") == card.uid
        if card.uid and not known and not (key in contacts and card.uid == derived_uid(key)):
            new_uids[key] = card.uid
    progress.finish()
    if not seen:
        raw = data.encode() if isinstance(data, str) else data
        if raw.strip(b" \t\r\n\xef\xbb\xbf"):
            raise NotAVCardFile("no BEGIN:VCARD line: this is not a vCard (.vcf) file")
        report.notes.append("the file holds no vCards")
        return report

    # each new contact is followed by its UID at once: a run killed part-way leaves no
    # contact without the UID that lets the re-run recognise it
    writes: list[Write] = []

    def uid_write(key: str, uid: str) -> Write:
        existing = uids.get(key)
        if existing is not None:
            return Write("custom_field", {"value": uid}, id=str(existing["id"]), counted=False)
        parent: str | NewRef = NewRef(key) if key in creates else key
        cf = {"parent_id": parent, "label": UID_LABEL, "value": uid, "kind": "text"}
        return Write("custom_field", cf, counted=False)

    for key, fields in creates.items():
        writes.append(Write("contact", fields, key=key))
        if key in new_uids:
            writes.append(uid_write(key, new_uids[key]))
    for cid, patch in updates.items():
        writes.append(Write("contact", patch, id=cid, current=contacts.get(cid)))
    writes += [uid_write(key, uid) for key, uid in new_uids.items() if key not in creates]
    await apply_writes(backend, writes, progress, report)
    report.unchanged += len(matched - set(updates))
    return report
