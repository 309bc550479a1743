"""The declarations themselves: every number has a range that a double holds exactly,
every date field the same year range, and the rules read the way errors word them."""

from __future__ import annotations

from friendship_tui.schema import MODELS, DateKind, FieldType, check_value, get_model
from friendship_tui.schema.dates import date_text_problem
from friendship_tui.schema.validation import number_rule


def test_every_number_field_declares_an_exact_range() -> None:
    numbers = [f for m in MODELS.values() for f in m.fields if f.type is FieldType.NUMBER]
    assert numbers
    for f in numbers:
        assert f.minimum is not None and f.maximum is not None, f.name
        assert -(2**53) <= f.minimum < f.maximum <= 2**53, f.name
        assert check_value(f, f.maximum) == (f.maximum, None)
        assert check_value(f, f.maximum * 2 + 1)[1] == "must be " + number_rule(f)
        assert check_value(f, f.minimum - 1)[1] == "must be " + number_rule(f)


def test_every_date_field_takes_years_1_to_9998() -> None:
    dated = [f for m in MODELS.values() for f in m.fields if f.date is not None]
    assert dated
    for f in dated:
        assert f.year_range == (1, 9998)
        assert f.date is not None
        first = "0001" if f.date is DateKind.PARTIAL else "0001-01-01"
        assert date_text_problem(f.date, first) is None, f.name
        assert date_text_problem(f.date, "9998-12-31") is None, f.name
        assert "year between 1 and 9998" in str(date_text_problem(f.date, "9999-01-01"))


def test_rules_name_the_bounds_as_people_write_them() -> None:
    assert number_rule(get_model("gift").field("price")) == "between 0 and 1e12"
    duration = get_model("conversation").field("duration_minutes")
    assert number_rule(duration) == "between 0 and 525600"
    position = get_model("custom_field").field("position")
    assert number_rule(position) == "between -1e12 and 1e12"


def test_the_agenda_window_ends_where_its_arithmetic_still_has_dates() -> None:
    from datetime import date

    from friendship_tui.domain.agenda import build_agenda, window_problems

    last = date(9997, 12, 31)
    assert window_problems(last, 366) == {}
    assert window_problems(date(1, 1, 1), 0) == {}
    assert set(window_problems(date(9998, 1, 1), 0)) == {"today"}
    assert set(window_problems(last, 800)) == {"horizon_days"}
    assert set(window_problems(last, -1)) == {"horizon_days"}
    contact = {"id": "c", "name": "Ada", "birthday": "--01-01", "anniversary": "9998-12-31"}
    agenda = build_agenda(last, [contact], reminders=(), horizon_days=366)
    assert [(r.title, r.date) for r in agenda.events] == [
        ("Birthday", date(9998, 1, 1)),
        ("Anniversary", date(9998, 12, 31)),
    ]


def test_the_server_encoder_writes_what_orjson_cannot() -> None:
    import json

    from friendship_tui.server.responses import dumps

    odd = {"big": 2**70, "text": "x\ud800", "plain": "é"}
    assert json.loads(dumps(odd)) == odd
    assert json.loads(dumps({"plain": "é"})) == {"plain": "é"}
