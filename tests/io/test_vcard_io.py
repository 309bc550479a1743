"""vCard: every mapped field survives a round trip (4.0 and 3.0), re-import updates,
and real-world exports (Apple, Google, Outlook, Thunderbird) import without crashing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from friendship_tui.io.vcard_io import UID_LABEL, export_vcards, import_vcards
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import iter_all
from friendship_tui.store.local import LocalBackend

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vcards"

MAPPED = {
    "name": "Zoë Ångström-Øster",
    "nickname": "Zo",
    "pronouns": "she/her",
    "gender": "female",
    "email": "zoe@example.org",
    "secondary_email": "zoe@work.example",
    "phone": "+46 70 123 45 67",
    "secondary_phone": "+46 8 765 43 21",
    "company": "Ångström, Svensson & Co; Ltd",
    "job_title": "Chief Cartographer",
    "address_line": "Storgatan 1, lgh 1102",
    "city": "Umeå",
    "country": "Sweden",
    "website": "https://zoe.example.org/a,b;c",
    "linkedin": "https://www.linkedin.com/in/zoe",
    "twitter": "https://x.com/zoe",
    "anniversary": "2011-06-18",
    "notes": "Line one, with commas; and semicolons\nLine two: " + "long " * 40,
    "tags": ["friends", "cartography club", "umeå"],
}


async def contacts(backend: LocalBackend) -> list[dict[str, Any]]:
    q = ListQuery(filters={"is_archived": ["true", "false"]})
    return [c async for c in iter_all(backend, "contact", q)]


async def export_text(backend: LocalBackend, version: str = "4.0") -> str:
    out = io.StringIO()
    await export_vcards(backend, out, version)
    return out.getvalue()


@pytest.mark.parametrize("version", ["4.0", "3.0"])
@pytest.mark.parametrize("birthday", ["1984-02-29", "--02-29", "--12-01", "1984"])
async def test_every_mapped_field_survives_export_and_import(
    open_book: Any, version: str, birthday: str
) -> None:
    source = open_book("source")
    await source.create("contact", {**MAPPED, "birthday": birthday})
    text = await export_text(source, version)
    assert f"VERSION:{version}" in text

    target = open_book("target")
    report = await import_vcards(target, text)
    assert (report.created, report.skipped) == (1, [])
    assert not report.unmapped, report.unmapped
    (got,) = await contacts(target)
    for key, value in {**MAPPED, "birthday": birthday}.items():
        assert got[key] == value, key


async def test_reimporting_updates_instead_of_duplicating(open_book: Any) -> None:
    book = open_book("book")
    text = (FIXTURES / "thunderbird.vcf").read_text()
    first = await import_vcards(book, text)
    assert first.created == 1
    again = await import_vcards(book, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    # changed name and note, same UID: the contact is updated in place
    edited = text.replace("FN:Chris O'Neil", "FN:Christopher O'Neil").replace(
        "NOTE:Plays the cello.", "NOTE:Plays the viola now."
    )
    third = await import_vcards(book, edited)
    assert (third.created, third.updated) == (0, 1)
    (chris,) = await contacts(book)
    assert (chris["name"], chris["notes"]) == ("Christopher O'Neil", "Plays the viola now.")

    # the UID is kept on the contact and written back on export
    uids = [cf async for cf in iter_all(book, "custom_field") if cf["label"] == UID_LABEL]
    assert [u["value"] for u in uids] == ["d9b4c2a1-9c7e-4f3b-8e1a-2b3c4d5e6f70"]
    assert "UID:d9b4c2a1-9c7e-4f3b-8e1a-2b3c4d5e6f70" in await export_text(book)


async def test_without_uid_cards_match_by_email_then_by_name(book: LocalBackend) -> None:
    by_email = await book.create("contact", {"name": "Old Name", "email": "pat@example.org"})
    by_name = await book.create("contact", {"name": "Sam Lee"})
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat New\r\nEMAIL:PAT@example.org\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:sam  lee\r\nTITLE:Pilot\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone Else\r\nEND:VCARD\r\n"
    )
    report = await import_vcards(book, cards)
    assert (report.created, report.updated) == (1, 2)
    assert (await book.get("contact", by_email["id"]))["name"] == "Pat New"
    assert (await book.get("contact", by_name["id"]))["job_title"] == "Pilot"
    assert len(await contacts(book)) == 3


async def test_own_export_reimported_into_the_same_book_changes_nothing(
    book: LocalBackend,
) -> None:
    await book.create("contact", {**MAPPED, "birthday": "--03-04"})
    await book.create("contact", {"name": "Solo"})
    report = await import_vcards(book, await export_text(book))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert [cf async for cf in iter_all(book, "custom_field")] == []


async def test_real_world_exports_import_keep_what_maps_and_report_the_rest(
    book: LocalBackend,
) -> None:
    reports = {}
    for path in sorted(FIXTURES.glob("*.vcf")):
        reports[path.stem] = await import_vcards(book, path.read_bytes())
    people = {c["name"]: c for c in await contacts(book)}

    johnny = people["Johnny Appleseed"]  # Apple: grouped item1.EMAIL, X-ABLabel, PHOTO
    assert johnny["email"] == "johnny@example.com"
    assert johnny["secondary_email"] == "j.appleseed@apple.example"
    assert johnny["phone"] == "+1 (555) 010-0001"
    assert johnny["birthday"] == "--02-29"  # X-APPLE-OMIT-YEAR
    assert johnny["anniversary"] == "2010-06-12"  # item4.X-ABDATE labelled Anniversary
    assert johnny["linkedin"] == "https://www.linkedin.com/in/johnny"
    assert johnny["twitter"] == "https://twitter.com/johnny"
    assert johnny["notes"] == "Met at WWDC, loves apples.\nSecond line."
    assert johnny["tags"] == ["friends", "tech"]
    assert (johnny["city"], johnny["country"]) == ("Cupertino", "United States")
    assert people["Blue Bottle Coffee"]["website"] == "https://bluebottlecoffee.com"
    assert reports["apple"].unmapped["PHOTO"] == 2  # one of them is broken base64

    maria = people["María José García-López"]  # Google: folded lines, escaped \:
    assert maria["notes"].endswith("en varias líneas, como hace siempre.")
    assert maria["address_line"] == "Calle Mayor 1, 3ºB, 28013"
    assert maria["website"] == "https://maria.example.es"
    assert people["Li Wei"]["birthday"] == "--04-15"
    assert reports["google"].unmapped["EMAIL (3rd and later)"] == 1

    jurgen = people["Jürgen Müller"]  # Outlook 2.1: Windows-1252, QUOTED-PRINTABLE
    assert jurgen["notes"] == "Erste Zeile, mit Komma\nZweite Zeile: Grüße aus Köln"
    assert (jurgen["city"], jurgen["country"]) == ("Köln", "Deutschland")
    assert jurgen["address_line"] == "Domstraße 1, 50667 NRW"
    assert jurgen["company"] == "Müller & Söhne GmbH, Vertrieb"
    assert (jurgen["birthday"], jurgen["anniversary"]) == ("1970-01-31", "2005-05-20")
    assert people["Smith, John"]["notes"] == "Call after 5pm, not before"  # unescaped commas

    chris = people["Chris O'Neil"]  # Thunderbird 4.0
    assert (chris["birthday"], chris["anniversary"], chris["gender"]) == (
        "--07-04",
        "2015-09-12",
        "male",
    )
    assert chris["secondary_phone"] == "+44-20-7946-0000"  # tel: URI
    assert reports["thunderbird"].unmapped["X-CUSTOM1"] == 1

    messy = reports["messy"]  # a nameless card is skipped, the others keep what maps
    assert [(s.where, s.reason) for s in messy.skipped] == [
        ("card 1", "no name: the card has no FN, N, ORG or EMAIL")
    ]
    assert people["Dana Broken"]["email"] == "dana@example.net"
    assert people["Dana Broken"]["birthday"] is None
    assert people["Eve Timestamp"]["birthday"] == "1990-01-02"
    assert people["Unterminated Frank"]["email"] == "frank@example.net"
    assert any(k.startswith("BDAY (not a date") for k in messy.unmapped)
    assert messy.unmapped["unreadable line (ParseError)"] == 1
    text = "\n".join(messy.lines())
    assert "skipped card 1" in text and "not imported" in text


async def test_over_long_text_is_cut_and_an_over_long_identifier_dropped(
    book: LocalBackend,
) -> None:
    """The documented rule: free text is cut at its limit, anything else is dropped;
    either way the report says so and the card (and its other fields) is kept."""
    card = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Long Title\r\nTITLE:"
        + "x" * 300
        + "\r\nTEL:"
        + "1" * 100
        + "\r\nEMAIL:lt@example.org\r\nEND:VCARD\r\n"
    )
    report = await import_vcards(book, card)
    (got,) = await contacts(book)
    assert (got["email"], got["job_title"], got["phone"]) == ("lt@example.org", "x" * 200, None)
    assert any("job_title cut to 200 characters (it had 300)" in n for n in report.notes)
    assert any("phone not kept" in n for n in report.notes)
