"""Real-world vCard quirks, one exporter or quirk per file in ``fixtures/vcards/corpus``.

Each file goes through ``import_vcards`` (what ``friendship import FILE.vcf`` calls) into a
real SQLite book; the table says which contacts must come out with which fields, and what
the report must say about the rest. The files are written byte-exactly as the exporters
write them (line ends, charsets, folds), so do not "clean them up" in an editor.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from friendship_tui.io.vcard_io import export_vcards, import_vcards
from friendship_tui.io.vcard_read import NotAVCardFile
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import iter_all
from friendship_tui.store.local import LocalBackend

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "vcards" / "corpus"


@dataclass(frozen=True)
class Case:
    file: str
    people: dict[str, dict[str, Any]]  # name -> fields that must have exactly these values
    skipped: tuple[str, ...] = ()  # a substring of each skip reason, in order
    unmapped: tuple[str, ...] = ()  # substrings that some unmapped key must contain
    notes: tuple[str, ...] = ()  # substrings that some report note must contain
    not_unmapped: tuple[str, ...] = ()  # substrings no unmapped key may contain
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case(
        "v21_android_qp_utf8.vcf",
        {
            "Björn Ångström": {
                "phone": "+46701234567",
                "secondary_phone": "+46 8 123 456",
                "email": "bjorn@example.se",
                "address_line": "Kungsgatan 12, 411 19",
                "city": "Göteborg",
                "country": "Sverige",
                "notes": "Första raden, med komma;\nAndra raden – med en lång text som bryts"
                " mjukt\nTredje raden",
                "birthday": "1985-04-15",
            }
        },
        not_unmapped=("unreadable",),
    ),
    Case(
        "v21_qp_latin1_cp1252.vcf",
        {
            "Jürgen Müller": {"notes": "Grüße aus Köln, bis bald"},
            "Seán O’Brien": {"job_title": "Café owner – Dublin", "email": "sean@example.ie"},
        },
    ),
    Case(
        "v21_mixed_8bit_charsets.vcf",
        {
            "Zoë Ørsted": {"email": "zoe@example.dk"},
            "Hélène Dupré": {"city": "Orléans", "address_line": "12 rue de la Paix, 45000"},
        },
    ),
    Case(
        "v21_nokia_photo_base64.vcf",
        {
            "Matti Virtanen": {
                "phone": "+358 40 1234567",
                "email": "matti@example.fi",
                "notes": "after the photo",
            },
            "Liisa Korhonen": {"phone": "+358 9 1234567"},
        },
        unmapped=("PHOTO",),
        not_unmapped=("unreadable",),
    ),
    Case("utf16_windows_contacts.vcf", {"Åse Øvrebø": {"email": "ase@example.no"}}),
    Case(
        "fold_space_and_tab.vcf",
        {
            "Folded Fiona": {
                "notes": "This note is long enough that the exporter folded it onto a "
                "second line and a third one with a tab.",
                "email": "fiona@example.org",
                "job_title": "Chief Folder",
            }
        },
    ),
    Case(
        "fold_inside_utf8_char.vcf",
        {
            "Kläre Köhler": {
                "notes": "Grüße aus Köln und schöne Grüße an alle Freunde in Düsseldorf"
                " und München",
                "email": "klaere@example.de",
            }
        },
    ),
    Case(
        "bom_mixed_eol_no_final_newline.vcf",
        {
            "Anna Åberg": {"email": "anna@example.se"},
            "lower case larry": {"email": "larry@example.org"},
            "Mixed Max": {"phone": "+1 555 0100"},
        },
    ),
    Case(
        "truncated_last_card.vcf",
        {
            "Whole Wendy": {"email": "wendy@example.org"},
            "Cut Carl": {"email": "carl@example.org", "notes": "this note was cut off in the mid"},
        },
        notes=("card 2 (Cut Carl): no END:VCARD",),
    ),
    Case(
        "apple_icloud.vcf",
        {
            "Dr. Jane Q. Appleseed": {
                "nickname": "Janie",
                "company": "Apple Inc., Design",
                "email": "jane@icloud.example",
                "secondary_email": "jane@work.example",
                "phone": "+1 (408) 555-0101",
                "birthday": "--04-15",
                "anniversary": "2010-06-12",
                "twitter": "https://twitter.com/janeq",
                "linkedin": "http://www.linkedin.com/in/janeq",
            }
        },
        skipped=("group",),
        unmapped=("PHOTO", "X-ABRELATEDNAMES", "X-ABDATE (first met)"),
    ),
    Case(
        "google_contacts.vcf",
        {
            "Priya Raman": {
                "birthday": "--04-15",
                "anniversary": "2012-11-30",
                "notes": "Loves chess, tea and trains.\nAllergic to peanuts; carries an"
                " EpiPen.\nPath: C:\\Users\\priya",
                "tags": ["Chess Club"],
                "favorite": True,
            },
            "Tom Baker": {
                "birthday": "1985-04-15",
                "anniversary": "2009-08-22",
                "tags": ["Friends"],
                "favorite": None,
            },
        },
    ),
    Case(
        "outlook_partial_names.vcf",
        {
            "Nakamura": {"email": "nakamura@example.jp", "anniversary": "2001-10-20"},
            "Contoso Ltd., Sales, EMEA": {"phone": "+44 20 7946 0000"},
            "only.an.email@example.com": {"email": "only.an.email@example.com"},
        },
        unmapped=("X-MS-IMADDRESS", "X-MS-CARDPICTURE"),
        not_unmapped=("unreadable", "X-MS-OL-DESIGN"),
    ),
    Case(
        "v40_rfc6350.vcf",
        {
            "Basic Bea": {
                "birthday": "1985-04-15",
                "anniversary": "2010-06-12",
                "gender": "female",
                "nickname": "Bea",
                "phone": "+1-555-555-5555",
                "email": "bea@home.example",
                "secondary_email": "bea@other.example",
            },
            "No Year Ned": {"birthday": "--04-15", "gender": "male"},
            "Timed Tim": {"birthday": "1985-04-15", "anniversary": "2010-06-12"},
            "Old Olga": {"birthday": None, "anniversary": "1820"},
            "ACME Corporation": {"company": "ACME Corporation"},
        },
        skipped=("group",),
        unmapped=("BDAY (not a date: circa 1800)", "RELATED", "NICKNAME (2nd and later)"),
        notes=("card 4 (Old Olga): BDAY 'circa 1800' is not a date",),
    ),
    Case(
        "evolution_kde_thunderbird.vcf",
        {
            "Eva Evolution": {
                "anniversary": "2008-09-10",
                "email": "eva@example.org",
                "website": "https://eva.example.org/blog",
            },
            "Konqi Dragon": {"anniversary": "2001-07-04", "email": "konqi@kde.example"},
            "Thunder Bird": {"birthday": "1979-12-24", "email": "tb@example.net"},
        },
        unmapped=("X-EVOLUTION-SPOUSE", "X-KADDRESSBOOK-X-SPOUSESNAME"),
        not_unmapped=("X-MOZILLA-HTML", "X-EVOLUTION-FILE-AS"),
    ),
    Case(
        "invalid_values.vcf",
        {
            "Bad Dates Dora": {"birthday": None, "anniversary": None, "email": "dora@example.org"},
            "Longname" * 25: {"job_title": "Tester"},
            "Ctrl Charlie[31m": {
                "notes": "bell and\ttab and\nnewline",
                "email": "charlie@example.org",
            },
            "Fine Fred": {"email": "fred@example.org"},
        },
        unmapped=("BDAY (not a date: 2023-02-30)", "X-ANNIVERSARY (not a date: 1985-13-01)"),
        notes=(
            "card 1 (Bad Dates Dora): BDAY '2023-02-30' is not a date",
            "card 1 (Bad Dates Dora): X-ANNIVERSARY '1985-13-01' is not a date",
            "name cut to 200 characters",
            "notes cut to 8000 characters",
        ),
    ),
]


async def all_contacts(backend: LocalBackend) -> list[dict[str, Any]]:
    q = ListQuery(filters={"is_archived": ["true", "false"]})
    return [c async for c in iter_all(backend, "contact", q)]


@pytest.mark.parametrize("case", CASES, ids=[c.file.removesuffix(".vcf") for c in CASES])
async def test_corpus_file_imports_as_its_exporter_meant(book: LocalBackend, case: Case) -> None:
    report = await import_vcards(book, (CORPUS / case.file).read_bytes())
    people = {c["name"]: c for c in await all_contacts(book)}
    assert sorted(people) == sorted(case.people), report.lines()
    for name, expected in case.people.items():
        got = {k: people[name][k] for k in expected}
        assert got == expected, name
    assert report.created == len(case.people)
    assert len(report.skipped) == len(case.skipped), report.skipped
    for skip, want in zip(report.skipped, case.skipped, strict=True):
        assert want in skip.reason, (skip, want)
    for want in case.unmapped:
        assert any(want in key for key in report.unmapped), (want, report.unmapped)
    for unwanted in case.not_unmapped:
        assert not any(unwanted in key for key in report.unmapped), (unwanted, report.unmapped)
    for want in case.notes:
        assert any(want in note for note in report.notes), (want, report.notes)


def test_every_corpus_file_is_in_the_table() -> None:
    covered = {c.file for c in CASES} | {"empty.vcf", "not_a_vcard.vcf"}
    assert {p.name for p in CORPUS.glob("*.vcf")} == covered


async def test_an_empty_file_imports_nothing_and_says_so(book: LocalBackend) -> None:
    report = await import_vcards(book, (CORPUS / "empty.vcf").read_bytes())
    assert (report.created, report.updated, report.skipped) == (0, 0, [])
    assert report.notes == ["the file holds no vCards"]


async def test_a_file_that_is_not_a_vcard_is_a_clear_error(book: LocalBackend) -> None:
    with pytest.raises(NotAVCardFile) as err:
        await import_vcards(book, (CORPUS / "not_a_vcard.vcf").read_bytes())
    assert "no BEGIN:VCARD" in err.value.fields["file"]
    assert await all_contacts(book) == []


# ------------------------------------------------------------------ export


async def export_text(backend: LocalBackend, version: str) -> str:
    out = io.StringIO()
    await export_vcards(backend, out, version)
    return out.getvalue()


COMPARED = (
    "name",
    "nickname",
    "email",
    "secondary_email",
    "phone",
    "secondary_phone",
    "company",
    "job_title",
    "address_line",
    "city",
    "country",
    "birthday",
    "anniversary",
    "website",
    "linkedin",
    "twitter",
    "notes",
    "tags",
    "gender",
    "pronouns",
    "favorite",
)


def mapped(contact: dict[str, Any]) -> dict[str, Any]:
    return {k: contact[k] for k in COMPARED}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
async def test_the_whole_corpus_survives_our_export_and_reimport(
    open_book: Any, version: str
) -> None:
    source = open_book("source")
    for case in CASES:
        await import_vcards(source, (CORPUS / case.file).read_bytes())
    before = sorted((mapped(c) for c in await all_contacts(source)), key=lambda c: c["name"])
    text = await export_text(source, version)

    target = open_book("target")
    report = await import_vcards(target, text.encode("utf-8"))
    assert (report.created, report.skipped, report.notes) == (len(before), [], [])
    after = sorted((mapped(c) for c in await all_contacts(target)), key=lambda c: c["name"])
    assert after == before


STRICT = {
    "name": "Ünïcödé Ŝtřïñĝ Ωmega " * 3 + "😀 end",  # multi-byte chars around the fold points
    "notes": "back\\slash, comma; semicolon\nnew line " + "é" * 90,
    "company": "Smith, Jones; Partners",
    "tags": ["a,b", "c;d", "back\\slash"],
    "birthday": "--04-15",
    "anniversary": "2010-06-12",
}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
async def test_export_is_valid_for_strict_readers(book: LocalBackend, version: str) -> None:
    await book.create("contact", {**STRICT, "favorite": True})
    text = await export_text(book, version)
    data = text.encode("utf-8")
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and lines[0] == b"BEGIN:VCARD"
    assert lines[1] == f"VERSION:{version}".encode()
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # no line ends inside a UTF-8 character
    logical = text.replace("\r\n ", "").splitlines()
    note = next(x for x in logical if x.startswith("NOTE"))
    assert note == "NOTE:back\\\\slash\\, comma\\; semicolon\\nnew line " + "é" * 90
    assert "ORG:Smith\\, Jones\\; Partners" in logical
    assert "CATEGORIES:a\\,b,c\\;d,back\\\\slash,starred" in logical
    if version == "4.0":
        assert "BDAY:--0415" in logical and "ANNIVERSARY:20100612" in logical
    else:
        assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15" in logical
        assert "X-ANNIVERSARY:2010-06-12" in logical
        assert "item1.X-ABDATE:2010-06-12" in logical
        assert "item1.X-ABLabel:_$!<Anniversary>!$_" in logical

    again = await import_vcards(book, data)  # our own export is read back as itself
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
