"""The user's zone on the wire: ``/xapi2/agenda`` takes ``tz`` (an IANA name or a UTC
offset) and refuses a zone it cannot read with a 400 naming ``tz``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from server_sandbox import Sandbox

from friendship_tui.domain.clock import parse_zone, zone_name
from friendship_tui.remote import RemoteBackend
from friendship_tui.store.errors import ValidationError


@pytest.mark.parametrize("path", ["/xapi2/agenda", "/xapi2/agenda/stay_in_touch"])
async def test_a_zone_the_server_cannot_read_is_a_400_naming_tz(
    sandbox: Sandbox, users: tuple[str, str], path: str
) -> None:
    backend = RemoteBackend(sandbox.url, sandbox.token(users[0]))
    try:
        for bad in ("Mars/Olympus", "+15:00", "../etc/passwd"):
            with pytest.raises(ValidationError) as info:
                await backend.request("GET", path, params=[("today", "2026-11-25"), ("tz", bad)])
            assert set(info.value.fields) == {"tz"}
        ok = await backend.request("GET", path, params=[("today", "2026-11-25"), ("tz", "+13:00")])
        assert ok.status_code == 200
    finally:
        await backend.close()


def test_the_zone_goes_by_name_when_known_else_by_offset() -> None:
    now = datetime(2026, 11, 25, tzinfo=UTC)
    assert zone_name(ZoneInfo("Pacific/Auckland"), now) == "Pacific/Auckland"
    assert zone_name(timezone(timedelta(hours=-11)), now) == "-11:00"
    assert zone_name(timezone(timedelta(hours=5, minutes=45)), now) == "+05:45"
    assert parse_zone("-11:00").utcoffset(now) == timedelta(hours=-11)
    assert parse_zone("Pacific/Auckland") == ZoneInfo("Pacific/Auckland")
    for bad in ("", "Mars/Olympus", "+14:30", "13:00"):
        with pytest.raises(ValueError, match="IANA"):
            parse_zone(bad)
