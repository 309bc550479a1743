"""The read-only calendars through the ``caldav`` library (a real client nobody here
wrote), discovered from the server's root URL, and the webcal feed URL."""

from __future__ import annotations

from datetime import date

import caldav
import httpx

from dav.conftest import Account, MakeAccount


def _fill(acct: Account) -> dict[str, str]:
    ids: dict[str, str] = {}
    with acct.api() as api:

        def contact(**data: object) -> str:
            r = api.post("/xapi2/data/contact", json=data)
            assert r.status_code == 201, r.text
            return str(r.json()["id"])

        ids["leap"] = contact(name="Leap Day", birthday="1992-02-29")
        ids["unknown"] = contact(name="No Year", birthday="--07-14")
        contact(name="Only Year", birthday="1984")
        archived = contact(name="Archived Person", birthday="1970-03-03")
        assert api.post(f"/xapi2/data/contact/{archived}/archive").status_code == 200
        gone = contact(name="Late Friend", birthday="1950-04-04")
        died = {"parent_id": gone, "label": "Deceased", "value": "2024-01-05", "kind": "date"}
        assert api.post("/xapi2/data/custom_field", json=died).status_code == 201
        wedding = {"parent_id": ids["leap"], "title": "Wedding", "occurred_at": "2015-06-20",
                   "recurring": True, "kind": "wedding"}  # fmt: skip
        assert api.post("/xapi2/data/life_event", json=wedding).status_code == 201
        for msg, done in (("Call about the job", False), ("Already done", True)):
            r = api.post(
                "/xapi2/data/reminder",
                json={"parent_id": ids["unknown"], "due_date": "2027-03-01", "message": msg,
                      "completed": done},
            )  # fmt: skip
            assert r.status_code == 201, r.text
    return ids


def test_caldav_library_finds_and_lists_the_birthdays(make_account: MakeAccount) -> None:
    acct = make_account()
    _fill(acct)
    client = caldav.DAVClient(url=acct.url + "/", username=acct.user, password=acct.token)
    principal = client.principal()
    assert str(principal.url).endswith(f"/dav/{acct.user}/")
    calendars = {c.get_display_name(): c for c in principal.calendars()}
    assert set(calendars) == {"Birthdays and anniversaries", "Reminders"}

    yearly = calendars["Birthdays and anniversaries"].search(
        start=date(2027, 1, 1), end=date(2028, 1, 1), event=True, expand=True
    )
    seen = sorted(
        (str(e.icalendar_component["summary"]), e.icalendar_component["dtstart"].dt) for e in yearly
    )
    assert seen == [
        ("Leap Day's birthday", date(2027, 2, 28)),  # Feb 29 in a common year
        ("Leap Day: Wedding", date(2027, 6, 20)),
        ("No Year's birthday", date(2027, 7, 14)),  # year unknown, still every year
    ]  # no event for a year-only date; nothing for the archived or the deceased person

    todos = calendars["Reminders"].todos()
    assert [str(t.icalendar_component["summary"]) for t in todos] == ["No Year: Call about the job"]
    assert todos[0].icalendar_component["due"].dt == date(2027, 3, 1)


def test_webcal_feed_url_and_read_only_calendars(make_account: MakeAccount) -> None:
    acct = make_account()
    _fill(acct)
    feed = f"{acct.url}/dav/{acct.user}/birthdays/"
    r = httpx.get(feed, params={"token": acct.token}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert r.text.count("BEGIN:VEVENT") == 3 and "RRULE:FREQ=YEARLY" in r.text
    assert httpx.get(feed, params={"token": "pat_wrong"}, timeout=30).status_code == 401
    # subscribed calendars show no tasks: the reminders feed carries them as events
    tasks = httpx.get(feed.replace("birthdays", "reminders"), params={"token": acct.token})
    assert "BEGIN:VTODO" not in tasks.text and tasks.text.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:No Year: Call about the job" in tasks.text
    assert "DTSTART;VALUE=DATE:20270301" in tasks.text
    other = make_account()
    wrong_user = f"{acct.url}/dav/{other.user}/birthdays/"
    assert httpx.get(wrong_user, params={"token": acct.token}, timeout=30).status_code == 401
    with acct.dav() as dav:  # even an all-scopes token cannot write a generated calendar
        ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270101\r\n"
        put = dav.put(feed + "x.ics", content=ics + "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        assert put.status_code == 403
