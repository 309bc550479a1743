"""vdirsyncer syncs the address book into a local vdir and back; khard reads that vdir.

Both are real programs nobody here wrote, run as subprocesses against the real
``friendship serve``; the vdirsyncer config holds only the server's root URL, so the
well-known / principal / home-set discovery is exercised too.
"""

from __future__ import annotations

from pathlib import Path

from dav.clients import khard_config, run, vdirsyncer_config, vdirsyncer_sync
from dav.conftest import MakeAccount


def _card_file(vdir: Path, name: str) -> Path:
    found = [p for p in vdir.glob("*.vcf") if f"FN:{name}" in p.read_text(encoding="utf-8")]
    assert len(found) == 1, [p.read_text() for p in vdir.glob("*.vcf")]
    return found[0]


def _names(api_json: dict[str, object]) -> set[str]:
    return {str(c["name"]) for c in api_json["data"]}  # type: ignore[attr-defined]


def test_two_way_sync_with_vdirsyncer_and_khard(make_account: MakeAccount, tmp_path: Path) -> None:
    acct = make_account()
    with acct.api() as api:
        bob = api.post(
            "/xapi2/data/contact",
            json={"name": "Bob Jones", "email": "bob@example.org", "birthday": "--02-29",
                  "how_we_met": "school choir", "stay_in_touch_frequency": "monthly"},
        ).json()  # fmt: skip
        carol = api.post("/xapi2/data/contact", json={"name": "Carol King"}).json()
        dana = api.post("/xapi2/data/contact", json={"name": "Dana Scully"}).json()

    config = vdirsyncer_config(tmp_path, acct.url, acct.user, acct.token)
    vdirsyncer_sync(config, discover=True)
    vdir = tmp_path / "vdir" / "contacts"
    assert len(list(vdir.glob("*.vcf"))) == 3
    bob_file = _card_file(vdir, "Bob Jones")
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29" in bob_file.read_text()

    khard = khard_config(tmp_path, vdir)
    listing = run("khard", "-c", str(khard), "list", "--parsable")
    assert {"Bob Jones", "Carol King", "Dana Scully"} <= {
        line.split("\t")[1] for line in listing.splitlines() if "\t" in line
    }
    assert "bob@example.org" in run("khard", "-c", str(khard), "email", "--parsable")

    # In the vdir: an edit (a phone number added), a delete, a new card.
    text = bob_file.read_text(encoding="utf-8")
    bob_file.write_text(text.replace("END:VCARD", "TEL:+1 555 0100\r\nEND:VCARD"))
    _card_file(vdir, "Carol King").unlink()
    (vdir / "new-local-1.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:new-local-1\r\nFN:Eve Local\r\n"
        "N:Local;Eve;;;\r\nORG:Acme\r\nEND:VCARD\r\n"
    )
    vdirsyncer_sync(config)

    with acct.api() as api:
        got = api.get(f"/xapi2/data/contact/{bob['id']}").json()
        assert got["phone"] == "+1 555 0100"
        # fields a vCard cannot carry survive the card being written back
        assert got["how_we_met"] == "school choir"
        assert got["stay_in_touch_frequency"] == "monthly"
        assert got["birthday"] == "--02-29"
        assert api.get(f"/xapi2/data/contact/{carol['id']}").status_code == 404
        everyone = api.get("/xapi2/data/contact", params={"limit": 50}).json()
        assert _names(everyone) == {"Bob Jones", "Dana Scully", "Eve Local"}
        eve = next(c for c in everyone["data"] if c["name"] == "Eve Local")
        assert eve["company"] == "Acme"
        audit = api.get("/xapi2/audit", params={"limit": 50}).json()["data"]
        dav_writes = [e for e in audit if e["actor"] == "phone-*:*"]
        assert {(e["type"], e["action"]) for e in dav_writes} >= {
            ("contact", "update"),
            ("contact", "delete"),
            ("contact", "create"),
        }

        # An edit on the server reaches the vdir on the next sync.
        patch = {"company": "FBI", "job_title": "Agent"}
        assert api.patch(f"/xapi2/data/contact/{dana['id']}", json=patch).status_code == 200
    vdirsyncer_sync(config)
    dana_text = _card_file(vdir, "Dana Scully").read_text(encoding="utf-8")
    assert "ORG:FBI" in dana_text and "TITLE:Agent" in dana_text
    assert not any("Carol King" in p.read_text() for p in vdir.glob("*.vcf"))
    assert "Eve Local" in run("khard", "-c", str(khard), "list", "--parsable")
