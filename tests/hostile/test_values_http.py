"""Hostile values through the real server process: extreme numbers, dates at the end of
the calendar, lone surrogates and the soft spots of the old parsers. Each answer is a
400 naming the field and the rule, or a correct answer; never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from friendship_tui.schema import parse_timestamp

from .conftest import Api, assert_field_error

# ------------------------------------------------------------ 2. large numbers

HUGE = [
    ("gift", "price", 1e308),
    ("gift", "price", 1.9e19),
    ("gift", "price", 2**64),
    ("conversation", "duration_minutes", 1.9e19),
    ("custom_field", "position", 1.9e19),
    ("custom_field", "position", -9.3e18),
]


@pytest.mark.parametrize(("type_", "field", "value"), HUGE)
def test_a_number_out_of_range_is_refused_and_the_type_stays_readable(
    api: Api, type_: str, field: str, value: float
) -> None:
    parent = api.create("contact", {"name": "Ada"})["id"]
    required = {"gift": {"title": "g"}, "custom_field": {"label": "l"}}.get(type_, {})
    body = {"parent_id": parent, **required, field: value}
    reason = assert_field_error(api.request("POST", f"/data/{type_}", body), field, "between")
    assert "1e12" in reason or "525600" in reason
    made = api.create(type_, {"parent_id": parent, **required, field: 7})
    patched = api.request("PATCH", f"/data/{type_}/{made['id']}", {field: value})
    assert_field_error(patched, field, "between")
    listed = api.request("GET", f"/data/{type_}")
    assert listed.status_code == 200, listed.text
    assert [o[field] for o in listed.json()["data"]] == [7]


def test_the_largest_accepted_numbers_read_back_unchanged(api: Api) -> None:
    parent = api.create("contact", {"name": "Ada"})["id"]
    gift = api.create("gift", {"parent_id": parent, "title": "g", "price": 1e12})
    low = api.create("custom_field", {"parent_id": parent, "label": "l", "position": -1e12})
    tiny = api.create("custom_field", {"parent_id": parent, "label": "t", "position": 5e-324})
    assert api.request("GET", f"/data/gift/{gift['id']}").json()["price"] == 1e12
    assert api.request("GET", f"/data/custom_field/{low['id']}").json()["position"] == -1e12
    assert api.request("GET", f"/data/custom_field/{tiny['id']}").json()["position"] == 5e-324


def test_a_huge_number_stored_before_ranges_existed_reads_back(api: Api) -> None:
    """Books written by the old version may hold one: reading must not fail for the type."""
    parent = api.create("contact", {"name": "Ada"})["id"]
    gift = api.create("gift", {"parent_id": parent, "title": "g", "price": 1})
    api.write_raw("gift", gift["id"], "price", 1e308)
    one = api.request("GET", f"/data/gift/{gift['id']}")
    assert one.status_code == 200, one.text
    assert one.json()["price"] == 1e308
    listed = api.request("GET", "/data/gift")
    assert listed.status_code == 200, listed.text
    assert listed.json()["data"][0]["price"] == 1e308


# ------------------------------------------------------------ 3. the year limit


@pytest.mark.parametrize(
    ("when", "frequency"),
    [
        ("9999-12-31T23:59:59+00:00", "yearly"),
        ("9999-12-15", "monthly"),
        ("9999-12-31", None),
        ("0000-06-01", "weekly"),
        ("0001-01-01T00:00:00+01:00", "weekly"),  # the year 0 in UTC
        ("9998-12-31T23:00:00-12:00", "weekly"),  # the year 9999 in UTC
    ],
)
def test_last_contacted_beyond_the_year_range_is_a_field_error(
    api: Api, when: str, frequency: str | None
) -> None:
    body = {"name": "Ada", "last_contacted_at": when, "stay_in_touch_frequency": frequency}
    resp = api.request("POST", "/data/contact", body)
    assert_field_error(resp, "last_contacted_at", "year between 1 and 9998")


def test_the_last_accepted_year_works_with_every_frequency(api: Api) -> None:
    made = api.create("contact", {"name": "Ada", "last_contacted_at": "9998-12-31T23:59:59+00:00"})
    for frequency in ("weekly", "monthly", "quarterly", "yearly"):
        patched = api.request(
            "PATCH", f"/data/contact/{made['id']}", {"stay_in_touch_frequency": frequency}
        )
        assert patched.status_code == 200, patched.text
    first = api.create("contact", {"name": "Bo", "last_contacted_at": "0001-01-01"})
    assert first["last_contacted_at"] == "0001-01-01"


def test_a_contact_stored_at_the_calendar_end_can_still_be_changed(api: Api) -> None:
    """A 9999-12-31 written by the old version: the frequency PATCH used to be a 500."""
    made = api.create("contact", {"name": "Ada", "last_contacted_at": "9998-01-01"})
    api.write_raw("contact", made["id"], "last_contacted_at", "9999-12-31T23:59:59+00:00")
    patched = api.request(
        "PATCH", f"/data/contact/{made['id']}", {"stay_in_touch_frequency": "yearly"}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["stay_in_touch_frequency"] == "yearly"
    agenda = api.request("GET", "/agenda", today="2026-06-01")
    assert agenda.status_code == 200, agenda.text
    assert agenda.json()["stay_in_touch"] == []  # due never, not due now


def test_a_conversation_at_the_calendar_end_is_refused(api: Api) -> None:
    parent = api.create("contact", {"name": "Ada", "stay_in_touch_frequency": "yearly"})["id"]
    resp = api.request(
        "POST", "/data/conversation", {"parent_id": parent, "occurred_at": "9999-12-31"}
    )
    assert_field_error(resp, "occurred_at", "year between 1 and 9998")
    assert api.request("GET", f"/data/contact/{parent}").json()["last_contacted_at"] is None


@pytest.mark.parametrize("today", ["9999-12-31", "9998-06-01"])
def test_an_agenda_past_its_last_day_is_a_400(api: Api, today: str) -> None:
    assert_field_error(api.request("GET", "/agenda", today=today), "today", "9997-12-31")


@pytest.mark.parametrize("today", ["0001-01-01", "9997-12-31"])
def test_an_agenda_at_either_end_is_correct(api: Api, today: str) -> None:
    parent = api.create(
        "contact", {"name": "Ada", "birthday": "--01-01", "anniversary": "--12-31"}
    )["id"]
    api.create("reminder", {"parent_id": parent, "due_date": today, "message": "call"})
    resp = api.request("GET", "/agenda", today=today, days="366")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["today"] == today
    assert [r["title"] for r in body["reminders"]] == ["call"]
    assert sorted(r["title"] for r in body["events"]) == ["Anniversary", "Birthday"]


# ------------------------------------------------------------ 4. surrogates


def test_a_lone_surrogate_in_a_key_is_a_400_that_can_be_read(api: Api) -> None:
    resp = api.request("POST", "/data/contact", raw=b'{"\\ud800": "x", "name": "y"}')
    assert resp.status_code == 400, resp.text
    fields = resp.json()["error"]["fields"]
    assert fields == {"\\ud800": fields["\\ud800"]}
    assert "surrogate" in fields["\\ud800"]
    resp = api.request("POST", "/data/contact", raw=b'{"name": "y\\udfff"}')
    assert_field_error(resp, "name", "surrogate")
    assert api.request("GET", "/data/contact").json()["data"] == []


# ------------------------------------------------------------ 10. soft spots


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "1e400", "1_000", "１２"])
def test_a_custom_number_must_be_a_finite_decimal(api: Api, value: str) -> None:
    parent = api.create("contact", {"name": "Ada"})["id"]
    body = {"parent_id": parent, "label": "l", "kind": "number", "value": value}
    assert_field_error(api.request("POST", "/data/custom_field", body), "value", "finite")
    body["value"] = "-3.5e2"
    assert api.create("custom_field", body)["value"] == "-3.5e2"


@pytest.mark.parametrize("value", ["20230101", "2023-02-28T10:00", "２０２３-01-01", "--4-15"])
def test_a_birthday_takes_only_the_documented_shapes(api: Api, value: str) -> None:
    resp = api.request("POST", "/data/contact", {"name": "Ada", "birthday": value})
    assert_field_error(resp, "birthday", "YYYY-MM-DD, --MM-DD (year unknown) or YYYY")


@pytest.mark.parametrize("value", ["1984-03-12", "--03-12", "1984"])
def test_a_birthday_in_a_documented_shape_is_kept_as_written(api: Api, value: str) -> None:
    assert api.create("contact", {"name": "Ada", "birthday": value})["birthday"] == value


def test_a_doubled_sort_prefix_is_refused(api: Api) -> None:
    assert_field_error(api.request("GET", "/data/contact", sort="--name"), "sort", "one of")
    assert api.request("GET", "/data/contact", sort="-name").status_code == 200


def test_an_unknown_key_is_ignored_whatever_number_it_holds(api: Api) -> None:
    raw = b'{"name": "Ada", "zz": 99999999999999999999999999, "yy": -1e999}'
    resp = api.request("POST", "/data/contact", raw=raw)
    assert resp.status_code == 201, resp.text
    assert "zz" not in resp.json()


def test_a_conversation_in_the_future_moves_last_contacted_no_further_than_now(
    api: Api,
) -> None:
    parent = api.create("contact", {"name": "Ada", "stay_in_touch_frequency": "weekly"})["id"]
    before = datetime.now(UTC)
    api.create("conversation", {"parent_id": parent, "occurred_at": "2099-01-01T10:00:00Z"})
    after = datetime.now(UTC)
    last = api.request("GET", f"/data/contact/{parent}").json()["last_contacted_at"]
    stamp = parse_timestamp(last)
    assert stamp is not None
    assert before - timedelta(seconds=1) <= stamp <= after + timedelta(seconds=1)
    api.create("conversation", {"parent_id": parent, "occurred_at": "2020-01-01"})
    again = api.request("GET", f"/data/contact/{parent}").json()["last_contacted_at"]
    assert again == last  # an older one still never moves it back
