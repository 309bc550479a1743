"""Who may do what over DAV, what a refused card says, and incremental sync, against
the real server over real HTTP."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import httpx
from sync.server_process import ServerProcess, serve_command
from waiting import wait_until

from dav.conftest import MakeAccount

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nEND:VCARD\r\n"
SYNC = (
    '<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>{token}'
    "</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop>"
    "</D:sync-collection>"
)
CTAG = (
    '<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">'
    "<D:prop><CS:getctag/><D:sync-token/></D:prop></D:propfind>"
)


def test_another_users_book_is_not_found(make_account: MakeAccount) -> None:
    alice, bob = make_account(), make_account()
    with bob.api() as api:
        api.post("/xapi2/data/contact", json={"name": "Bob's secret friend"})
    with alice.dav() as dav:
        for path in (f"/dav/{bob.user}/", f"/dav/{bob.user}/contacts/"):
            r = dav.request("PROPFIND", path, headers={"Depth": "1"})
            assert r.status_code == 404, r.text
            assert "secret" not in r.text
        put = dav.put(f"/dav/{bob.user}/contacts/x.vcf", content=CARD.format(uid="x", name="X"))
        assert put.status_code == 404
    with alice.dav(token=bob.token) as dav:  # bob's token under alice's name
        assert dav.request("PROPFIND", f"/dav/{alice.user}/").status_code == 401


def test_read_only_token_reads_but_cannot_write(make_account: MakeAccount) -> None:
    owner = make_account()
    with owner.api() as api:
        api.post("/xapi2/data/contact", json={"name": "Read Only"})
    reader = make_account("contact:list,contact:read", user=owner.user)
    with reader.dav() as dav:
        listing = dav.request("PROPFIND", f"/dav/{owner.user}/contacts/", headers={"Depth": "1"})
        assert listing.status_code == 207
        href = re.findall(r"<href>([^<]+\.vcf)</href>", listing.text)[0]
        assert "FN:Read Only" in dav.get(href).text
        put = dav.put(
            f"/dav/{owner.user}/contacts/new.vcf", content=CARD.format(uid="new", name="New")
        )
        assert put.status_code == 403
        assert dav.delete(href).status_code == 403
    with owner.api() as api:
        assert [c["name"] for c in api.get("/xapi2/data/contact").json()["data"]] == ["Read Only"]
    no_read = make_account("reminder:list", user=owner.user)
    with no_read.dav() as dav:
        r = dav.request("PROPFIND", f"/dav/{owner.user}/contacts/", headers={"Depth": "1"})
        assert r.status_code == 403


def test_create_only_token_cannot_delete_and_says_why(make_account: MakeAccount) -> None:
    owner = make_account()
    writer = make_account("contact:list,contact:read,contact:create", user=owner.user)
    book = f"/dav/{owner.user}/contacts/"
    with writer.dav() as dav:
        assert dav.put(book + "a.vcf", content=CARD.format(uid="a", name="Ann")).status_code == 201
        r = dav.delete(book + "a.vcf")
        assert r.status_code == 403
        assert "contact:delete" in r.text


def test_a_refused_card_is_a_dav_error_with_the_reason(make_account: MakeAccount) -> None:
    acct = make_account()
    book = f"/dav/{acct.user}/contacts/"
    with acct.dav() as dav:
        r = dav.put(book + "long.vcf", content=CARD.format(uid="long", name="x" * 300))
        assert r.status_code == 403
        assert "<D:error" in r.text and "name cut to 200 characters" in r.text
        bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:g\r\nFN:G\r\nBDAY:1990-13-45\r\nEND:VCARD\r\n"
        r = dav.put(book + "g.vcf", content=bad)
        assert r.status_code == 403 and "BDAY" in r.text
        two = dav.put(book + "two.vcf", content=CARD.format(uid="1", name="A") * 2)
        assert two.status_code in (400, 403)
        note = "NOTE:" + "x" * 1_100_000 + "\r\n"
        huge = CARD.format(uid="big", name="Big").replace("END:", note + "END:")
        r = dav.put(book + "big.vcf", content=huge)
        assert (
            r.status_code == 413 and "1048576 bytes" in r.text
        )  # the server's one body cap, as xapi2
    with acct.api() as api:
        assert api.get("/xapi2/data/contact").json()["data"] == []  # nothing half-stored


def test_sync_collection_reports_only_what_changed(make_account: MakeAccount) -> None:
    acct = make_account()
    book = f"/dav/{acct.user}/contacts/"
    with acct.api() as api:
        keep = api.post("/xapi2/data/contact", json={"name": "Keep Me"}).json()
        gone = api.post("/xapi2/data/contact", json={"name": "Delete Me"}).json()
    with acct.dav() as dav:
        first = dav.request("REPORT", book, content=SYNC.format(token=""))
        assert first.status_code == 207
        token = re.search(r"<sync-token>([^<]+)</sync-token>", first.text).group(1)  # type: ignore[union-attr]
        assert f"{keep['id']}.vcf" in first.text and f"{gone['id']}.vcf" in first.text
        ctag_before = dav.request("PROPFIND", book, content=CTAG, headers={"Depth": "0"}).text

        same = dav.request("REPORT", book, content=SYNC.format(token=token))
        assert ".vcf" not in same.text

        with acct.api() as api:
            api.patch(f"/xapi2/data/contact/{keep['id']}", json={"city": "Oslo"})
            api.delete(f"/xapi2/data/contact/{gone['id']}")
        delta = dav.request("REPORT", book, content=SYNC.format(token=token)).text
        assert f"{keep['id']}.vcf" in delta
        gone_part = delta.split(f"{gone['id']}.vcf")[1].split("</response>")[0]
        assert "404" in gone_part  # a deleted card is reported as gone
        ctag_after = dav.request("PROPFIND", book, content=CTAG, headers={"Depth": "0"}).text
        assert ctag_after != ctag_before

        card4 = dav.get(f"{book}{keep['id']}.vcf", headers={"Accept": "text/vcard; version=4.0"})
        assert "VERSION:4.0" in card4.text and "ADR:;;;Oslo;;;" in card4.text
        assert "VERSION:3.0" in dav.get(f"{book}{keep['id']}.vcf").text


def test_well_known_leads_to_the_principal(make_account: MakeAccount) -> None:
    acct = make_account()
    with acct.dav() as dav:
        r = dav.request("PROPFIND", "/.well-known/carddav")
        assert r.status_code == 301 and r.headers["location"] == "/dav/"
        body = (
            '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>'
            "<D:current-user-principal/></D:prop></D:propfind>"
        )
        r = dav.request("PROPFIND", "/dav/", content=body, headers={"Depth": "0"})
        assert f"<href>/dav/{acct.user}/</href>" in r.text
        home = (
            '<?xml version="1.0"?><D:propfind xmlns:D="DAV:" '
            'xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:prop><CR:addressbook-home-set/>'
            "</D:prop></D:propfind>"
        )
        r = dav.request("PROPFIND", f"/dav/{acct.user}/", content=home, headers={"Depth": "0"})
        assert f"/dav/{acct.user}/" in r.text.split("addressbook-home-set")[1]
        assert dav.request("PROPFIND", "/dav/", auth=None).status_code == 401
    # iOS capitalises the typed user name: the token decides, the name only has to agree
    capitalised = acct.user.capitalize()
    with httpx.Client(base_url=acct.url, auth=(capitalised, acct.token), timeout=30) as dav:
        r = dav.request("PROPFIND", "/dav/", content=body, headers={"Depth": "0"})
        assert r.status_code == 207 and f"<href>/dav/{acct.user}/</href>" in r.text


def test_dav_shares_the_tokens_rate_limit(tmp_path: Path) -> None:
    """A server started with a tight limit: DAV requests draw on the token's bucket."""
    server = ServerProcess(tmp_path / "limited.db")
    server.prepare()
    token = server.new_user("limited")
    cmd = list(serve_command(server.db, server.port))
    cmd[cmd.index("--rate") + 1] = "0.1"  # one request per 10 s after the burst
    proc = subprocess.Popen(
        [*cmd, "--burst", "3"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        with httpx.Client(base_url=server.url, auth=("limited", token), timeout=30) as dav:
            codes = []
            for _ in range(6):
                codes.append(_propfind_when_up(dav, proc))
        assert codes[:3] == [207, 207, 207]
        assert 429 in codes[3:]
    finally:
        proc.terminate()
        proc.wait(30)


def _propfind_when_up(dav: httpx.Client, proc: subprocess.Popen[bytes]) -> int:
    def answer() -> httpx.Response | None:
        try:
            return dav.request("PROPFIND", "/dav/limited/", headers={"Depth": "0"})
        except httpx.TransportError:
            assert proc.poll() is None, "server did not start"
            return None

    r = wait_until(answer, "the server to answer", timeout=60)
    assert r is not None  # wait_until returns only a truthy answer
    if r.status_code == 429:
        assert r.headers["retry-after"]
    return r.status_code


def test_a_locked_database_is_503_with_retry_after(
    make_account: MakeAccount, dav_server: ServerProcess
) -> None:
    acct = make_account()
    book = f"/dav/{acct.user}/contacts/"
    holder = sqlite3.connect(dav_server.db, timeout=30, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        with acct.dav() as dav:
            r = dav.put(book + "busy.vcf", content=CARD.format(uid="busy", name="Busy"))
        assert r.status_code == 503, r.text
        assert r.headers["retry-after"] == "1" and "busy" in r.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with acct.dav() as dav:  # once it is free, the same card goes in
        r = dav.put(book + "busy.vcf", content=CARD.format(uid="busy", name="Busy"))
        assert r.status_code == 201


def test_the_collections_are_fixed(make_account: MakeAccount) -> None:
    acct = make_account()
    home = f"/dav/{acct.user}/"
    rename = (
        '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>'
        "<D:displayname>Mine</D:displayname></D:prop></D:set></D:propertyupdate>"
    )
    with acct.dav() as dav:
        r = dav.request("PROPPATCH", home + "contacts/", content=rename)
        assert r.status_code == 403 and "cannot be changed" in r.text
        assert dav.request("MKCOL", home + "another/").status_code == 403
        assert dav.request("MKCALENDAR", home + "cal/").status_code == 403
        assert dav.delete(home + "contacts/").status_code == 403
        assert dav.request("OPTIONS", home + "contacts/").status_code == 200
        listing = dav.request("PROPFIND", home, headers={"Depth": "1"})
        assert listing.status_code == 207
        for name in ("contacts", "birthdays", "reminders"):
            assert f"<href>{home}{name}/</href>" in listing.text
        assert "another" not in listing.text and "<displayname>Mine" not in listing.text


def test_a_multiget_may_ask_for_vcard_4(make_account: MakeAccount) -> None:
    acct = make_account()
    with acct.api() as api:
        made = api.post("/xapi2/data/contact", json={"name": "Four Oh", "birthday": "--03-04"})
    href = f"/dav/{acct.user}/contacts/{made.json()['id']}.vcf"
    multiget = (
        '<?xml version="1.0"?><CR:addressbook-multiget xmlns:D="DAV:" '
        'xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/>'
        '<CR:address-data content-type="text/vcard" version="{v}"/></D:prop>'
        f"<D:href>{href}</D:href></CR:addressbook-multiget>"
    )
    with acct.dav() as dav:
        book = f"/dav/{acct.user}/contacts/"
        four = dav.request("REPORT", book, content=multiget.replace("{v}", "4.0"))
        assert four.status_code == 207 and "VERSION:4.0" in four.text
        assert "BDAY:--0304" in four.text
        three = dav.request("REPORT", book, content=multiget.replace("{v}", "3.0"))
        assert "VERSION:3.0" in three.text and "X-APPLE-OMIT-YEAR" in three.text
