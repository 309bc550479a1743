"""A card written over DAV is an ordinary write: it round-trips every field a vCard
carries, keeps the rest, and reaches the live channel like an xapi2 write."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from websockets.asyncio.client import connect

from dav.conftest import MakeAccount

FULL = {
    "name": "Zoë Ångström-Smith", "nickname": "Zo", "pronouns": "she/her", "gender": "female",
    "email": "zoe@example.org", "secondary_email": "z@work.example", "phone": "+44 20 7946 0000",
    "secondary_phone": "+44 7700 900123", "company": "Acme, Inc; Ltd", "job_title": "Chief",
    "address_line": "1 High St", "city": "Leeds", "country": "UK",
    "website": "https://zoe.example.org/", "linkedin": "https://www.linkedin.com/in/zoe",
    "twitter": "https://twitter.com/zoe", "birthday": "--02-29", "anniversary": "2010-06-12",
    "notes": "Line one\nline two, with; punctuation", "tags": ["climbing", "book club"],
    "favorite": True,
    # fields no vCard carries: they must survive a card written back
    "how_we_met": "On a train", "food_prefs": "vegetarian", "stay_in_touch_frequency": "monthly",
    "color": "teal",
}  # fmt: skip


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_every_card_field_round_trips_and_the_rest_is_kept(
    make_account: MakeAccount, version: str
) -> None:
    acct = make_account()
    with acct.api() as api:
        made = api.post("/xapi2/data/contact", json=FULL).json()
    href = f"/dav/{acct.user}/contacts/{made['id']}.vcf"
    with acct.dav() as dav:
        card = dav.get(href, headers={"Accept": f"text/vcard; version={version}"}).text
        assert f"VERSION:{version}" in card
        # The card as a phone would send it back after editing only the nickname.
        edited = card.replace("NICKNAME:Zo", "NICKNAME:Zozo")
        put = dav.put(href, content=edited, headers={"Content-Type": "text/vcard"})
        assert put.status_code == 204, put.text
        assert "etag" not in put.headers  # what is stored is our mapping, not these octets
        assert "NICKNAME:Zozo" in dav.get(href).text
    with acct.api() as api:
        after = api.get(f"/xapi2/data/contact/{made['id']}").json()
        audit = api.get("/xapi2/audit", params={"object_id": made["id"]}).json()["data"]
        assert api.get("/xapi2/data/custom_field").json()["data"] == []  # nothing extra kept
    expected = {**FULL, "nickname": "Zozo"}
    assert {k: after[k] for k in expected} == expected
    updates = [e for e in audit if e["action"] == "update"]
    assert len(updates) == 1 and set(updates[0]["changes"]) == {"nickname"}


async def test_a_dav_write_reaches_the_live_channel(make_account: MakeAccount) -> None:
    acct = make_account()
    ws_url = acct.url.replace("http://", "ws://") + f"/xapi2/ch?token={acct.token}"
    async with connect(ws_url, proxy=None) as ws:
        await ws.send(json.dumps({"op": "subscribe", "id": "s", "dataType": "contact"}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 30))["op"] == "subscribed"
        card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:live-1\r\nFN:Live Wire\r\nEND:VCARD\r\n"

        def put() -> int:
            with acct.dav() as dav:
                return dav.put(f"/dav/{acct.user}/contacts/live-1.vcf", content=card).status_code

        assert await asyncio.to_thread(put) == 201
        frame = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert frame["op"] == "event" and frame["event"] == "create"
    assert frame["object"]["name"] == "Live Wire"
    with acct.dav() as dav:  # the card stays at the href the client chose, with its UID
        listing = dav.request("PROPFIND", f"/dav/{acct.user}/contacts/", headers={"Depth": "1"})
        assert re.findall(r"<href>[^<]+\.vcf</href>", listing.text) == [
            f"<href>/dav/{acct.user}/contacts/live-1.vcf</href>"
        ]
        assert "UID:live-1" in dav.get(f"/dav/{acct.user}/contacts/live-1.vcf").text


def test_properties_no_field_holds_are_kept_for_the_client(make_account: MakeAccount) -> None:
    acct = make_account()
    href = f"/dav/{acct.user}/contacts/phone-1.vcf"
    extras = (
        "IMPP;X-SERVICE-TYPE=Signal:signal:+447700900123\r\n"
        "X-MY-APP-FLAG:keep me\r\n"
        "item2.X-ABRELATEDNAMES:Ann\r\n"
        "item2.X-ABLabel:_$!<Sister>!$_\r\n"
    )
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Pat Phone\r\nN:Phone;Pat;;;\r\n"
        + extras
        + "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==\r\nEND:VCARD\r\n"
    )
    with acct.dav() as dav:
        assert dav.put(href, content=card).status_code == 201
        served = dav.get(href).text
        for line in extras.split("\r\n")[:-1]:  # names are case-insensitive (RFC 6350)
            assert line.upper() in served.upper()
        assert "PHOTO" not in served  # binary data is not kept (documented)
        assert "FN:Pat Phone" in served
        # The phone removes them: they are gone here too.
        plain = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Pat Phone\r\nEND:VCARD\r\n"
        assert dav.put(href, content=plain).status_code == 204
        assert "IMPP" not in dav.get(href).text
    with acct.api() as api:
        fields = api.get("/xapi2/data/custom_field", params={"limit": 50}).json()["data"]
    assert sorted(f["label"] for f in fields) == ["vcard_href", "vcard_uid"]
